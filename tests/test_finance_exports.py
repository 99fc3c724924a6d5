"""Issue 11: everyday finance exports, built the way the officer made them.

Each test is one row of the issue's table: the file as a finance officer drops it in, and
the exact outcome, either the right total to the centime or the exact code, place and words.
LibreOffice-made files that code cannot write are committed in ``tests/fixtures`` (see
``make_fixtures.py`` there) and copied into ``tmp_path``.
"""

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import LICENCES, minimal_sheets, write_workbook

from analysis.check.inputs import load_inputs, read_inputs
from analysis.cli import main
from analysis.pipeline import analyse

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.datetime
HEADER = ["Unit", "Platform", "Amount", "Currency", "Start date", "End date", "Cost type"]
HEADER += ["Reference"]


def catalogue(raw: Path, licences: list[list] | None = None) -> Path:
    """The minimal workbook with its cost lines replaced (or removed)."""
    sheets = minimal_sheets()
    sheets["Rates"].append(["EUR", 2023, 1.0])
    if licences is None:
        del sheets["Licences"]
    else:
        sheets["Licences"] = licences
    return write_workbook(raw / "costs.xlsx", sheets)


def spend(raw: Path) -> dict[int, float]:
    lines = analyse(load_inputs(raw)).line_years
    return lines.groupby("year")["amount_chf"].sum().round(2).to_dict()


def problems(raw: Path, severity: str = "error"):
    return [
        (i.code, i.file, i.sheet, i.row, i.column, i.column_letter)
        for i in read_inputs(raw).issues
        if i.severity == severity
    ]


def messages(raw: Path, code: str) -> list[str]:
    return [i.message for i in read_inputs(raw).issues if i.code == code]


# --- a CSV saved by LibreOffice in a German locale: commas between fields, dot thousands


def german_csv(path: Path, amounts: list[str]) -> Path:
    """Lines as LibreOffice (German locale) saves them as CSV: numbers as shown, quoted if
    they hold the separator, dates in the template's yyyy-mm-dd format."""
    lines = [",".join(HEADER)]
    for unit, platform, amount, ref in zip(
        ["GS", "BR", "TSB", "GS"],
        ["Zoom", "Microsoft Teams", "MyMeetings", "Interprefy"],
        amounts,
        "ABCD",
    ):
        shown = f'"{amount}"' if "," in amount else amount
        lines.append(f"{unit},{platform},{shown},CHF,2023-01-01,2023-12-31,licence,R-{ref}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_german_csv_with_whole_amounts_1_799_is_refused_with_both_readings(tmp_path):
    catalogue(tmp_path)
    german_csv(tmp_path / "licences_2023.csv", ["1.799", "26.400", "650"])
    assert problems(tmp_path) == [
        ("E_AMBIGUOUS_NUMBER", "licences_2023.csv", "", 2, "Amount", "C"),
        ("E_AMBIGUOUS_NUMBER", "licences_2023.csv", "", 3, "Amount", "C"),
    ]
    assert messages(tmp_path, "E_AMBIGUOUS_NUMBER")[0] == (
        "'1.799' can be read as 1799 (with '.' between thousands) or as 1.799 (with '.' as the "
        "decimal mark), and no other number in this file (separated by commas) shows which "
        "decimal mark it uses; write it without a thousands separator (1799 or 1.799), with "
        "its decimals (1.799,00 or 1,799.00), or as a number cell"
    )
    assert main(["run", "--raw", str(tmp_path), "--processed", str(tmp_path / "p"),
                 "--figures", str(tmp_path / "f")]) == 2  # fmt: skip


def test_german_csv_whose_other_amounts_show_the_decimal_comma_reads_to_the_centime(tmp_path):
    catalogue(tmp_path)
    german_csv(tmp_path / "licences_2023.csv", ["1.799", "26.400", "650", "1.234,50"])
    # 1799 + 26400 + 650 + 1234.50, all CHF, all in 2023
    assert spend(tmp_path)[2023] == 30083.50


# --- text amounts in a workbook


def test_text_amounts_7_200_and_9_750_in_a_workbook_are_refused_with_both_readings(tmp_path):
    catalogue(
        tmp_path,
        [
            HEADER,
            ["BDT", "Interprefy", "7.200", "EUR", D(2023, 1, 1), D(2023, 12, 31), None, "E-1"],
            ["GS", "Zoom", "9.750", "CHF", D(2023, 1, 1), D(2023, 12, 31), None, "E-2"],
            ["GS", "Zoom", 1000, "CHF", D(2023, 1, 1), D(2023, 12, 31), None, "E-3"],
        ],
    )
    assert problems(tmp_path) == [
        ("E_AMBIGUOUS_NUMBER", "costs.xlsx", "Licences", 2, "Amount", "C"),
        ("E_AMBIGUOUS_NUMBER", "costs.xlsx", "Licences", 3, "Amount", "C"),
    ]
    first, second = messages(tmp_path, "E_AMBIGUOUS_NUMBER")
    assert first.startswith("'7.200' can be read as 7200 (with '.' between thousands) or as 7.2")
    assert "no other number in this sheet shows which decimal mark it uses" in first
    assert second.startswith("'9.750' can be read as 9750 (with '.' between thousands) or as 9.75")


# --- a semicolon CSV with decimal commas, as Excel writes it in much of Europe


def semicolon_csv(path: Path, amounts: list[str], encoding: str) -> Path:
    lines = [";".join([*HEADER, "Item"])]
    for unit, platform, amount, ref in zip(
        ["GS", "BR", "TSB"], ["Zoom", "Microsoft Teams", "MyMeetings"], amounts, "ABC"
    ):
        lines.append(f"{unit};{platform};{amount};CHF;01.01.2023;31.12.2023;licence;S-{ref};Genève")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_semicolon_csv_with_decimal_commas_reads_to_the_centime(tmp_path, encoding):
    catalogue(tmp_path)
    semicolon_csv(tmp_path / "licences_2023.csv", ["1799", "26400", "1234,56"], encoding)
    assert spend(tmp_path)[2023] == 29433.56
    notes = [str(i) for i in read_inputs(tmp_path).issues if i.code == "I_SHEET_READ"]
    assert (
        "INFO [I_SHEET_READ] licences_2023.csv: read as Licences: separated by semicolons, "
        "headers in line 1, 3 data row(s)" in notes
    )
    warnings = problems(tmp_path, "warning")
    assert warnings == ([("W_NOT_UTF8", "licences_2023.csv", "", None, "", "")] if encoding ==
                        "cp1252" else [])  # fmt: skip
    assert load_inputs(tmp_path).licences["item"].tolist() == ["Genève"] * 3


def test_semicolon_csv_whose_amounts_show_no_decimal_mark_names_the_convention(tmp_path):
    catalogue(tmp_path)
    semicolon_csv(tmp_path / "licences_2023.csv", ["1.799", "26400", "650"], "utf-8")
    assert problems(tmp_path) == [("E_AMBIGUOUS_NUMBER", "licences_2023.csv", "", 2, "Amount", "C")]
    assert (
        "no other number in this file (separated by semicolons) shows which decimal mark"
        in (messages(tmp_path, "E_AMBIGUOUS_NUMBER")[0])
    )


# --- sheets named by kind with a qualifier


LINES_2023 = [
    HEADER,
    ["GS", "Zoom", 1799, "CHF", D(2023, 1, 1), D(2023, 12, 31), "licence", "Z-23-1"],
    ["BR", "Microsoft Teams", 26400, "CHF", D(2023, 1, 1), D(2023, 12, 31), "licence", "T-23-1"],
    ["TSB", "MyMeetings", 1234.56, "CHF", D(2023, 1, 1), D(2023, 12, 31), "service", "M-23-1"],
]


def test_sheet_licences_2023_is_read_as_licences_and_said_so(tmp_path):
    catalogue(tmp_path, [list(r) for r in LICENCES])
    write_workbook(tmp_path / "lines_2023.xlsx", {"Licences 2023": LINES_2023})
    assert spend(tmp_path) == {2020: 329.40, 2021: 2592.00, 2023: 29433.56}
    notes = [(i.file, i.sheet, i.message) for i in read_inputs(tmp_path).issues
             if i.code == "I_SHEET_READ"]  # fmt: skip
    assert ("lines_2023.xlsx", "Licences 2023", "read as Licences: headers in row 1, 3 data "
            "row(s)") in notes  # fmt: skip


def test_corrected_copy_licences_2_beside_licences_counts_each_charge_once_and_warns(tmp_path):
    sheets = minimal_sheets()
    corrected = [list(r) for r in LICENCES]
    corrected[2][2] = 650  # A-2 corrected from 600 to 650
    sheets["Licences (2)"] = corrected
    write_workbook(tmp_path / "costs.xlsx", sheets)
    warnings = problems(tmp_path, "warning")
    assert warnings == [
        ("W_SAME_CHARGE_TWICE", "costs.xlsx", "Licences (2)", row, "Reference", "H")
        for row in (2, 4, 5, 6)
    ] + [("W_REFERENCE_REPEATED", "costs.xlsx", "Licences (2)", 3, "Reference", "H")]
    assert messages(tmp_path, "W_REFERENCE_REPEATED") == [
        "reference A-2 is also on costs.xlsx, sheet Licences, row 3, with another Amount: both "
        "lines are counted. If one corrects the other, delete the old one; if they are two "
        "charges, give each its own reference"
    ]
    # counted: the five lines once, and the corrected line's second version (650, 2021)
    assert spend(tmp_path) == {2020: 329.40, 2021: 2592.00 + 650.00}


# --- a second workbook repeating four 2022 lines with other references, or none


LINES_2022 = [
    HEADER,
    ["GS", "Zoom", 1200, "CHF", D(2022, 1, 1), D(2022, 12, 31), "licence", "P-22-1"],
    ["BR", "Zoom", 800, "CHF", D(2022, 1, 1), D(2022, 12, 31), "licence", "P-22-2"],
    ["TSB", "MyMeetings", 1000.50, "CHF", D(2022, 1, 1), D(2022, 6, 30), "service", "P-22-3"],
    ["GS", "Interprefy", 399.50, "CHF", D(2022, 7, 1), D(2022, 12, 31), "licence", "P-22-4"],
]


def test_four_2022_lines_repeated_in_a_second_workbook_are_warned_with_the_chf_at_stake(
    tmp_path,
):
    catalogue(tmp_path, LINES_2022)
    copy = [list(r) for r in LINES_2022]
    for row, reference in zip(copy[1:], ["INV-9", "INV-10", None, None]):
        row[7] = reference
    write_workbook(tmp_path / "second.xlsx", {"Licences": copy})
    warnings = [w for w in problems(tmp_path, "warning") if w[0] == "W_LIKELY_DUPLICATE"]
    assert warnings == [
        ("W_LIKELY_DUPLICATE", "second.xlsx", "Licences", row, "Reference", "H")
        for row in (2, 3, 4, 5)
    ] + [("W_LIKELY_DUPLICATE", "", "", None, "", "")]
    words = messages(tmp_path, "W_LIKELY_DUPLICATE")
    # 1200 + 800 + 1000.50 + 399.50
    assert words[-1] == (
        "4 cost line(s) look like copies of other lines (CHF 3,400.00 at stake); they are "
        "counted; each is listed with its place"
    )
    assert words[2] == (
        "this line (no reference) has the same unit, platform, amount, currency and dates as "
        "costs.xlsx, sheet Licences, row 4 (reference P-22-3): it may be a copy, and it adds "
        "CHF 1,000.50, which is counted. If it is a copy, delete it; if both are real "
        "purchases, write yes in a column 'Not a duplicate' on this line"
    )
    assert spend(tmp_path) == {2022: 6800.00}  # counted: two identical purchases can be real


def test_a_line_marked_not_a_duplicate_is_not_warned(tmp_path):
    catalogue(tmp_path, LINES_2022)
    copy = [[*r, "Not a duplicate"] if i == 0 else [*r, "yes" if i == 1 else None]
            for i, r in enumerate(LINES_2022[:3])]  # fmt: skip
    copy[1][7] = copy[2][7] = None
    write_workbook(tmp_path / "second.xlsx", {"Licences": copy})
    warnings = [w for w in problems(tmp_path, "warning") if w[0] == "W_LIKELY_DUPLICATE"]
    assert warnings == [
        ("W_LIKELY_DUPLICATE", "second.xlsx", "Licences", 3, "Reference", "H"),
        ("W_LIKELY_DUPLICATE", "", "", None, "", ""),
    ]


# --- total rows


def with_item(rows: list[list]) -> list[list]:
    return [[*r[:6], "Item" if i == 0 else None, *r[6:]] for i, r in enumerate(rows)]


def test_subtotal_row_with_every_column_filled_is_checked_not_counted(tmp_path):
    rows = with_item([list(r) for r in LICENCES])
    subtotal = ["GS", "Zoom", 731, "USD", D(2020, 1, 1), D(2021, 12, 31), "Subtotal GS Zoom"]
    rows.append([*subtotal, "licence", "A-5"])
    rows.append([None, None, 3131, None, None, None, None, None, None])  # the grand total
    catalogue(tmp_path, rows)
    assert problems(tmp_path) == []
    notes = [(i.row, i.column, i.message) for i in read_inputs(tmp_path).issues
             if i.code == "I_TOTAL_ROW"]  # fmt: skip
    assert notes == [
        (7, "Amount", "a total row: it says 'Subtotal'; its amount 731.00 equals the sum of "
         "row 6; checked, not counted"),
        (8, "Amount", "a total row: it has no unit and its amount equals the lines above it; "
         "its amount 3,131.00 equals the sum of rows 2–6; checked, not counted"),
    ]  # fmt: skip
    assert spend(tmp_path) == {2020: 329.40, 2021: 2592.00}  # as without the totals


def test_subtotal_that_does_not_add_up_names_both_and_the_difference(tmp_path):
    rows = with_item([list(r) for r in LICENCES])
    rows.insert(3, [None, None, 1700, "CHF", None, None, "Sous-total", None, None])
    catalogue(tmp_path, rows)
    assert problems(tmp_path) == [("E_TOTAL_MISMATCH", "costs.xlsx", "Licences", 4, "Amount", "C")]
    assert messages(tmp_path, "E_TOTAL_MISMATCH") == [
        "this row says 'Sous-total', so it is a control total and is not counted; but its "
        "amount 1,700.00 is not the sum of the lines it can close: rows 2–3 (since the "
        "previous total) add up to 1,600.00, a difference of 100.00. Correct the total or the "
        "lines; if this row is a cost line and not a total, take the word 'Sous-total' out of it"
    ]


# --- FTE and shares written as per cents


def test_fte_written_50_meaning_50_per_cent_is_warned_and_50_per_cent_reads_as_half(tmp_path):
    sheets = minimal_sheets()
    sheets["Staffing"][1][5] = 50  # row 2: meant 50 %
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert problems(tmp_path, "warning") == [
        ("W_LARGE_FTE", "costs.xlsx", "Staffing", 2, "FTE", "F")
    ]
    assert messages(tmp_path, "W_LARGE_FTE") == [
        "50 FTE in one row is counted as 50 full-time people; if 50 % was meant, write 0.5 or "
        "50%; if a decimal comma was meant (1,5), write 1.5"
    ]
    sheets["Staffing"][1][5] = "50%"
    sheets["Staffing"][1][6] = "50 %"
    write_workbook(tmp_path / "costs.xlsx", sheets)
    support = analyse(load_inputs(tmp_path)).support_costs
    # 0.5 FTE x 0.5 share x CHF 200,000 (P3, 2021); the consultant: 1 x 1 x 90,000
    assert support["cost_chf"].tolist() == [50000.0, 90000.0]


def test_share_written_50_offers_the_per_cent_reading(tmp_path):
    sheets = minimal_sheets()
    sheets["Staffing"][1][6] = 50
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert messages(tmp_path, "E_OUT_OF_RANGE") == [
        "50 is out of range; Platform share must be more than 0 and at most 1; if 50 % was "
        "meant, write 0.5 or 50%"
    ]


# --- other workbook formats beside a 2022 .xlsx; every other file named on screen


@pytest.mark.parametrize("suffix", ["ods", "xls", "xlsb"])
def test_2023_lines_saved_as_ods_xls_or_xlsb_beside_an_xlsx_are_read(tmp_path, suffix, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    catalogue(raw, [list(r) for r in LICENCES])
    shutil.copy(FIXTURES / f"licences_2023.{suffix}", raw)
    (raw / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (raw / "lines 2023.csv").write_text("Unit,Amount\n")
    (raw / "licences.numbers").write_bytes(b"PK")
    assert spend(raw) == {2020: 329.40, 2021: 2592.00, 2023: 29433.56}
    assert main(["validate", "--raw", str(raw), "--processed", str(tmp_path / "p")]) == 0
    screen = capsys.readouterr().err
    assert (
        f"INFO [I_SHEET_READ] licences_2023.{suffix}, sheet Licences 2023: read as Licences: "
        "headers in row 1, 3 data row(s)"
    ) in screen
    assert (
        "WARNING [W_FILE_NOT_READ] licences.numbers: not read: an Apple Numbers file: export it "
        "as .xlsx into this folder"
    ) in screen
    assert "WARNING [W_FILE_NOT_READ] lines 2023.csv: not read: a CSV file is read only" in screen
    assert "INFO [I_FILE_NOT_READ] notes.docx: not read: a document, not data" in screen


def test_template_filled_and_resaved_by_libreoffice_loads_unchanged(tmp_path, raw_dir):
    resaved_dir = tmp_path / "resaved"
    resaved_dir.mkdir()
    shutil.copy(FIXTURES / "template_filled_libreoffice.xlsx", resaved_dir)
    resaved = load_inputs(resaved_dir)
    original = load_inputs(raw_dir)
    # the template's sheets left empty have headers and no rows: noted, as for any sheet
    assert {i.code for i in resaved.issues if i.severity != "info"} == {"W_NO_ROWS"}
    keep = ["unit", "platform", "amount", "currency", "start_date", "end_date", "cost_type",
            "reference", "source_row"]  # fmt: skip
    pd.testing.assert_frame_equal(resaved.licences[keep], original.licences[keep])
    pd.testing.assert_frame_equal(
        analyse(resaved).headline, analyse(original).headline, check_dtype=False
    )
    pd.testing.assert_frame_equal(
        resaved.staffing.drop(columns="source_file"), original.staffing.drop(columns="source_file")
    )


# --- traceable to the cell


def test_reconciliation_sets_amounts_read_beside_amounts_counted_per_sheet_and_currency(tmp_path):
    rows = with_item([list(r) for r in LICENCES])
    rows.append([*rows[1][:6], "copy of row 2", *rows[1][7:]])  # the same charge again
    rows.append([None, None, 4131, None, None, None, "Total", None, None])  # every line above
    catalogue(tmp_path, rows)
    rec = analyse(load_inputs(tmp_path)).reconciliation
    lines = rec[rec["sheet"] == "Licences"].set_index("currency")
    assert lines.drop(columns=["file", "sheet", "kind"]).to_dict("index") == {
        "": {  # the total row, written without a currency
            "rows_read": 1, "rows_counted": 0, "rows_not_counted": 1, "total_rows": 1,
            "amount_read": 0.0, "amount_counted": 0.0, "amount_chf_counted": 0.0,
        },
        "CHF": {  # 1000 + 600 + 300 (+ 1000 read twice, counted once)
            "rows_read": 4, "rows_counted": 3, "rows_not_counted": 1, "total_rows": 0,
            "amount_read": 2900.0, "amount_counted": 1900.0, "amount_chf_counted": 1900.0,
        },
        "USD": {  # 500 at 0.8 in 2021; 731 over 2020 (366 days at 0.9) and 2021 (365 at 0.8)
            "rows_read": 2, "rows_counted": 2, "rows_not_counted": 0, "total_rows": 0,
            "amount_read": 1231.0, "amount_counted": 1231.0,
            "amount_chf_counted": 400.0 + 329.4 + 292.0,
        },
    }  # fmt: skip


def test_sources_show_the_days_and_rate_of_each_line_and_the_fte_share_and_cost_of_support(
    raw_dir,
):
    from analysis.model.sources import trace

    results = analyse(load_inputs(raw_dir))
    rows = trace(results.line_years, results.support_rows).set_index(["kind", "row", "year"])
    zoom_2020 = rows.loc[("cost line", 6, 2020)]  # USD 731 from 2020-01-01 to 2021-12-31
    assert (zoom_2020["days_in_year"], zoom_2020["total_days"]) == (366, 731)
    assert (zoom_2020["chf_per_unit"], zoom_2020["amount_chf"]) == (0.9, 329.4)  # 731×366/731×0.9
    support = rows.loc[("support", 2, 2021)]  # P3, 2 FTE at 50 %, CHF 200,000 a year
    assert support[["fte", "platform_share", "cost_per_fte_chf", "amount_chf"]].tolist() == [
        2.0, 0.5, 200000.0, 200000.0,
    ]  # fmt: skip


# --- messages in the officer's words: the header as written, its column letter, the fix


def test_header_amount_1_is_named_with_its_letter_and_the_fix(tmp_path):
    rows = [list(r) for r in LICENCES]
    rows[0][2] = "Amount (1)"
    catalogue(tmp_path, rows)
    [error] = [i for i in read_inputs(tmp_path).issues.errors]
    assert (error.code, error.row, error.column) == ("E_MISSING_COLUMN", 1, "Amount")
    assert error.message == (
        'the header row lacks the required column(s) Amount (column C "Amount (1)" looks like '
        'it: rename it "Amount"); add them, with the headers in one row among the first 10'
    )


def test_side_table_with_known_headers_is_named_and_the_fix_is_to_move_it(tmp_path):
    rows = [[*r, None, "Unit", "Amount"] if i == 0 else [*r, None, None, None]
            for i, r in enumerate(LICENCES)]  # fmt: skip
    rows[1][9:11] = ["GS", 2031]
    catalogue(tmp_path, rows)
    assert problems(tmp_path) == [
        ("E_DUPLICATE_HEADER", "costs.xlsx", "Licences", 1, "Unit", "J"),
        ("E_DUPLICATE_HEADER", "costs.xlsx", "Licences", 1, "Amount", "K"),
    ]
    assert messages(tmp_path, "E_DUPLICATE_HEADER")[0] == (
        'column A "Unit" and column J "Unit" both mean Unit. If this one heads a side table '
        "beside the lines (a summary with the same headers), move that table to a sheet of its "
        "own; otherwise keep one of the two columns"
    )


def test_messages_name_headers_as_written_never_internal_names(tmp_path):
    rows = [list(r) for r in LICENCES]
    rows[0][4:6] = ["Service start", "Service end"]
    rows[1][4] = None  # required
    rows[2][5] = D(2020, 12, 31)  # before its start
    catalogue(tmp_path, rows)
    found = {i.code: str(i) for i in read_inputs(tmp_path).issues.errors}
    assert found == {
        "E_MISSING_VALUE": 'ERROR [E_MISSING_VALUE] costs.xlsx, sheet Licences, row 2, column E '
        '"Service start": Service start is required and this cell is empty; fill it in, or '
        "delete the row if it is not a line",
        "E_PERIOD_REVERSED": 'ERROR [E_PERIOD_REVERSED] costs.xlsx, sheet Licences, row 3, '
        'column F "Service end": the service period ends (2020-12-31) before it starts '
        "(2021-01-01); Service end is the last day of service, on or after Service start: "
        "swap them",
    }  # fmt: skip
    assert "start_date" not in " ".join(found.values())


def test_units_the_officer_adds_come_from_a_units_sheet(tmp_path):
    rows = [list(r) for r in LICENCES]
    rows[1][0] = "ITU-D"
    catalogue(tmp_path, rows)
    [message] = messages(tmp_path, "E_UNKNOWN_UNIT")
    assert message.endswith("(or add it to a Units sheet)")
    assert "metadata" not in message
    sheets = minimal_sheets()
    sheets["Licences"] = rows
    sheets["Units"] = [["Unit", "Name"], ["ITU-D", "Development sector"]]
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert load_inputs(tmp_path).licences["unit"].tolist()[0] == "ITU-D"


def test_an_error_cell_in_an_ods_workbook_is_refused_not_taken_as_empty(tmp_path):
    shutil.copy(FIXTURES / "error_cell.ods", tmp_path)
    assert problems(tmp_path) == [
        ("E_EXCEL_ERROR", "error_cell.ods", "Staffing", 2, "Platform share", "G")
    ]


# --- dates: what is one date is read; what is two is refused with both


def test_unambiguous_date_forms_and_excel_serial_numbers_are_read(tmp_path):
    rows = [list(r) for r in LICENCES]
    forms = ["2021/01/01", "1 Jan 2021", "Jan 1, 2021", "01-Jan-2021", 44197]  # 44197: 2021-01-01
    for row, form in zip(rows[1:], forms):
        row[4] = form
    rows[5][4] = D(2020, 1, 1)
    rows[5][5] = "31/12/2021"  # the day first is the only date it can be
    catalogue(tmp_path, rows)
    licences = load_inputs(tmp_path).licences
    assert licences["start_date"].dt.strftime("%Y-%m-%d").tolist() == ["2021-01-01"] * 4 + [
        "2020-01-01"
    ]
    assert licences["end_date"].iloc[4] == pd.Timestamp("2021-12-31")


def test_a_date_that_is_two_dates_is_refused_naming_both_and_a_year_is_no_date(tmp_path):
    rows = [list(r) for r in LICENCES]
    rows[1][4] = "01/02/2021"
    rows[2][4] = 2021  # a number, not a serial day of 1990-2100
    catalogue(tmp_path, rows)
    assert problems(tmp_path) == [
        ("E_AMBIGUOUS_DATE", "costs.xlsx", "Licences", 2, "Start date", "E"),
        ("E_BAD_VALUE", "costs.xlsx", "Licences", 3, "Start date", "E"),
    ]
    assert messages(tmp_path, "E_AMBIGUOUS_DATE") == [
        "'01/02/2021' can be 1 February 2021 (day first) or 2 January 2021 (month first); "
        "write 2021-02-01 or 01.02.2021 for the first, or use a date cell"
    ]
    assert messages(tmp_path, "E_BAD_VALUE") == [
        "a number (2021) in a date column, too far from any date between 1990 and 2100 to be "
        "one; format the cell as a date and type the date (2021-03-31)"
    ]
