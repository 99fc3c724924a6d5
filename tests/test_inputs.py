import datetime as dt

import pandas as pd
import pytest
from conftest import D, minimal_sheets, write_workbook

from analysis.check.inputs import load_inputs, read_inputs
from analysis.issues import InputError


def errors_of(raw):
    return [
        (i.code, i.file, i.sheet, i.row, i.column)
        for i in read_inputs(raw).issues
        if i.severity == "error"
    ]


def test_minimal_inputs_are_read_with_catalogue_names_and_defaults(raw_dir):
    inputs = load_inputs(raw_dir)
    lic = inputs.licences
    assert lic["platform"].tolist() == [
        "Interprefy",
        "MyMeetings",
        "Zoom",
        "Microsoft Teams",
        "Zoom",
    ]
    assert lic["category"].tolist()[:2] == ["multilingual meeting"] * 2
    assert lic["cost_type"].tolist()[1] == "licence"  # the default
    assert lic["source_row"].tolist() == [2, 3, 4, 5, 6]
    assert inputs.staffing["platform_share"].tolist() == [0.5, 1.0]
    assert inputs.staffing["platforms"].tolist() == ["Interprefy;Microsoft Teams", "MyMeetings"]
    assert inputs.is_illustrative


def test_header_row_is_found_below_title_rows_and_row_numbers_follow_excel(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"].insert(0, ["Cost lines 2021 (exported from the finance system)"])
    sheets["Licences"].insert(1, [])
    write_workbook(tmp_path / "costs.xlsx", sheets, top={"Licences": 3})
    inputs = load_inputs(tmp_path)
    # title at row 3, blank row 4, header row 5, first line at row 6
    assert inputs.licences["source_row"].tolist() == [6, 7, 8, 9, 10]


def test_header_below_row_10_is_an_error_naming_the_sheet(tmp_path):
    sheets = minimal_sheets()
    write_workbook(tmp_path / "costs.xlsx", sheets, top={"Licences": 11})
    assert ("E_HEADER_NOT_FOUND", "costs.xlsx", "Licences", None, "") in errors_of(tmp_path)


def test_headers_match_ignoring_case_spaces_hyphens_underscores_and_sheet_spelling(tmp_path):
    sheets = minimal_sheets()
    sheets["Licenses"] = sheets.pop("Licences")
    sheets["Licenses"][0] = [
        "  UNIT",
        "platform",
        "Amount ",
        "currency",
        "start-date",
        "END_DATE",
        "cost type",
        "reference",
    ]
    sheets["Staff costs"] = sheets.pop("StaffCosts")
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert len(load_inputs(tmp_path).licences) == 5


def test_text_numbers_and_both_date_forms_are_read(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][1][2] = "1,000.00"
    sheets["Licences"][2][2] = "600"
    sheets["Licences"][3][2] = "500"
    sheets["Licences"][4][2] = "3'00"  # not a thousands group: an error
    sheets["Licences"][1][4] = "2021-01-01"
    sheets["Licences"][2][4] = "01.01.2021"
    write_workbook(tmp_path / "costs.xlsx", sheets)
    inputs = read_inputs(tmp_path)
    assert [(i.code, i.row, i.column) for i in inputs.issues.errors] == [
        ("E_BAD_VALUE", 5, "Amount")
    ]
    sheets["Licences"][4][2] = "1 000'000"
    sheets["Licences"][3][2] = "12’000.5"
    write_workbook(tmp_path / "costs.xlsx", sheets)
    lic = load_inputs(tmp_path).licences
    assert lic["amount"].tolist()[:5] == [1000.0, 600.0, 12000.5, 1000000.0, 731.0]
    assert lic["start_date"].tolist()[:2] == [pd.Timestamp("2021-01-01")] * 2


def test_personal_columns_are_dropped_on_reading(tmp_path):
    sheets = minimal_sheets()
    for extra, value in [
        ("Name", "Zelda Quuxley"),
        ("E-mail", "zq@example.org"),
        ("Staff ID", "S-991"),
    ]:
        sheets["Staffing"][0].append(extra)
        for row in sheets["Staffing"][1:]:
            row.append(value)
    write_workbook(tmp_path / "costs.xlsx", sheets)
    staffing = load_inputs(tmp_path).staffing
    assert not {"name", "email", "staff_id"} & set(staffing.columns)
    assert "Zelda" not in staffing.to_csv()


def test_every_error_is_reported_at_once_with_file_sheet_row_and_column(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][1][2] = "CHF 12,000"  # row 2 amount
    sheets["Licences"][2][3] = "SFR"  # row 3 currency
    sheets["Licences"][3][1] = "Zoomm"  # row 4 platform
    sheets["Licences"][4][0] = "TBS"  # row 5 unit
    sheets["Licences"][5][5] = D(2019, 12, 31)  # row 6 period reversed
    sheets["Staffing"][1][5] = 0  # row 2 fte
    sheets["Staffing"][2][6] = 1.5  # row 3 platform share
    write_workbook(tmp_path / "costs.xlsx", sheets)
    with pytest.raises(InputError) as caught:
        load_inputs(tmp_path)
    found = sorted((i.code, i.sheet, i.row, i.column) for i in caught.value.issues.errors)
    assert found == sorted(
        [
            ("E_BAD_VALUE", "Licences", 2, "Amount"),
            ("E_UNKNOWN_CURRENCY", "Licences", 3, "Currency"),
            ("E_UNKNOWN_PLATFORM", "Licences", 4, "Platform"),
            ("E_UNKNOWN_UNIT", "Licences", 5, "Unit"),
            ("E_PERIOD_REVERSED", "Licences", 6, "End date"),
            ("E_OUT_OF_RANGE", "Staffing", 2, "FTE"),
            ("E_OUT_OF_RANGE", "Staffing", 3, "Platform share"),
        ]
    )
    messages = {i.code: i.message for i in caught.value.issues.errors}
    assert "did you mean 'Zoom'?" in messages["E_UNKNOWN_PLATFORM"]
    assert "did you mean 'TSB'?" in messages["E_UNKNOWN_UNIT"]
    assert 'costs.xlsx, sheet Licences, row 2, column C "Amount"' in str(caught.value)


def test_missing_rate_and_missing_staff_cost_name_the_line(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][3][5] = D(2022, 1, 31)  # row 4 runs into 2022: no USD rate
    sheets["Staffing"][1][4] = "P5"  # row 2: no StaffCosts for P5
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert sorted(errors_of(tmp_path)) == [
        ("E_NO_RATE", "costs.xlsx", "Licences", 4, "Currency"),
        ("E_NO_STAFF_COST", "costs.xlsx", "Staffing", 2, "Grade"),
    ]


def test_same_charge_in_two_files_is_counted_once_with_a_warning_naming_both(tmp_path):
    sheets = minimal_sheets()
    write_workbook(tmp_path / "a.xlsx", sheets)
    write_workbook(
        tmp_path / "b.xlsx", {"Licences": [sheets["Licences"][0], sheets["Licences"][1]]}
    )
    inputs = load_inputs(tmp_path)
    assert len(inputs.licences) == 5
    [warning] = [i for i in inputs.issues if i.code == "W_SAME_CHARGE_TWICE"]
    assert (warning.file, warning.sheet, warning.row) == ("b.xlsx", "Licences", 2)
    assert "a.xlsx, sheet Licences, row 2" in warning.message


def test_lock_files_are_skipped_and_other_sheets_listed_as_ignored(raw_dir):
    write_workbook(raw_dir / "~$costs.xlsx", {"Licences": [["nonsense"]]})
    write_workbook(raw_dir / "notes.xlsx", {"Notes": [["free text"]]})
    inputs = load_inputs(raw_dir)
    assert [p.name for p in inputs.files] == ["costs.xlsx", "notes.xlsx"]
    ignored = [(i.file, i.sheet) for i in inputs.issues if i.code == "I_SHEET_IGNORED"]
    assert ignored == [("notes.xlsx", "Notes")]


def test_empty_raw_folder_and_non_workbook_are_errors(tmp_path):
    assert errors_of(tmp_path) == [("E_NO_INPUT", "", "", None, "")]
    (tmp_path / "renamed.xlsx").write_text("unit,platform\nGS,Zoom\n")
    assert ("E_NOT_A_WORKBOOK", "renamed.xlsx", "", None, "") in errors_of(tmp_path)


def test_duplicated_header_is_an_error(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][0].append("AMOUNT")
    write_workbook(tmp_path / "costs.xlsx", sheets)
    assert errors_of(tmp_path) == [("E_DUPLICATE_HEADER", "costs.xlsx", "Licences", 1, "AMOUNT")]


def test_date_cells_and_dotted_text_agree(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][1][4] = dt.date(2021, 1, 1)
    sheets["Licences"][1][5] = "31.12.2021"
    write_workbook(tmp_path / "costs.xlsx", sheets)
    lic = load_inputs(tmp_path).licences
    assert lic.loc[0, "end_date"] == pd.Timestamp("2021-12-31")
