"""A corpus of bad workbooks, built by code at test time.

Each case must give its error at an exact place with a stable code, exit status 2,
and leave every earlier output as it was.
"""

import datetime as dt
import hashlib
import zipfile

import openpyxl
import pandas as pd
import pytest
from conftest import minimal_sheets, write_workbook

from analysis.check.inputs import read_inputs
from analysis.cli import main

BOOK = "costs.xlsx"


def build(raw, change=None, top=None):
    sheets = minimal_sheets()
    if change:
        change(sheets)
    return write_workbook(raw / BOOK, sheets, top=top)


def set_cell(sheet, row, column):
    def change(sheets):
        header = sheets[sheet][0]
        sheets[sheet][row - 1][header.index(column)] = change.value

    return change


def cell(sheet, row, column, value):
    change = set_cell(sheet, row, column)
    change.value = value
    return lambda raw: build(raw, change)


def drop_column(sheet, column):
    def change(sheets):
        index = sheets[sheet][0].index(column)
        for row in sheets[sheet]:
            del row[index]

    return lambda raw: build(raw, change)


def merged_header(raw):
    path = build(raw)
    book = openpyxl.load_workbook(path)
    book["Licences"]["I1"] = None
    book["Licences"].merge_cells("H1:I1")
    book.save(path)


def formula_without_value(raw):
    path = build(raw)
    book = openpyxl.load_workbook(path)
    book["Licences"]["C4"] = "=250*2"  # openpyxl saves formulas without a calculated value
    book.save(path)


def headers_only(raw):
    sheets = minimal_sheets()
    sheets["Licences"] = sheets["Licences"][:1]
    write_workbook(raw / BOOK, sheets)


def truncated(raw):
    path = build(raw)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def ole_file(raw, name, encrypted):
    # An OLE2 compound file: how Excel stores password-protected workbooks and old .xls.
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    if encrypted:
        body += "EncryptedPackage".encode("utf-16-le")
    (raw / name).write_bytes(body + b"\0" * 1024)


def zip_bomb(raw):
    with zipfile.ZipFile(raw / BOOK, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024**2))


def billion_laughs(raw):
    path = build(raw)
    doctype = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    parts["xl/worksheets/sheet1.xml"] = (doctype + body).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def rewrite_part(path, part, change):
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def excel_error_cell(raw):
    path = build(raw)
    book = openpyxl.load_workbook(path)
    book["Staffing"]["G2"] = "#DIV/0!"  # openpyxl stores this as an error cell
    book.save(path)


def formula_with_attributes_reordered(raw):
    formula_without_value(raw)
    rewrite_part(
        raw / BOOK,
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(b'<c r="C4">', b'<c t="n" r="C4">'),
    )


def flipped_bytes(raw):
    path = build(raw)
    data = bytearray(path.read_bytes())
    start = data.find(b"xl/worksheets/sheet1.xml") + 100  # inside the part's packed data
    for i in range(start, start + 40):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def broken_sheet_xml(raw):
    path = build(raw)
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda x: x[: len(x) // 2])


def doctype_after_long_comment(raw):
    path = build(raw)
    prolog = b'<?xml version="1.0"?><!--' + b"x" * 5000 + b'--><!DOCTYPE d [<!ENTITY e "e">]>'
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda x: prolog + x.split(b"?>", 1)[-1])


def bomb_with_false_sizes(raw):
    import struct

    zip_bomb(raw)
    data = bytearray((raw / BOOK).read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04" + data[4:6])  # first local header
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(header)
        while at >= 0:
            name_at = at + (30 if header == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, 5000)
            at = data.find(header, at + 4)
    assert local >= 0
    (raw / BOOK).write_bytes(bytes(data))


def vertical_merge_in_header(raw):
    sheets = minimal_sheets()
    sheets["Licences"].insert(1, [None] * 8)
    path = write_workbook(raw / BOOK, sheets)
    book = openpyxl.load_workbook(path)
    book["Licences"].merge_cells("H1:H2")
    book.save(path)


def two_errors_in_two_sheets(raw):
    def change(sheets):
        sheets["Licences"][2][2] = "n/a"
        sheets["Staffing"][1][5] = -1

    build(raw, change)


D = dt.datetime
CASES = {
    "missing required column": (
        drop_column("Licences", "Currency"),
        [("E_MISSING_COLUMN", BOOK, "Licences", 1, "Currency")],
    ),
    "header below row 10": (
        lambda raw: build(raw, top={"Licences": 11}),
        [("E_HEADER_NOT_FOUND", BOOK, "Licences", None, "")],
    ),
    "duplicated header": (
        lambda raw: build(raw, lambda s: s["Licences"][0].append("unit")),
        [("E_DUPLICATE_HEADER", BOOK, "Licences", 1, "unit")],
    ),
    "merged header cells": (merged_header, [("E_MERGED_HEADER", BOOK, "Licences", 1, "Reference")]),
    "amount written CHF 12,000": (
        cell("Licences", 3, "Amount", "CHF 12,000"),
        [("E_BAD_VALUE", BOOK, "Licences", 3, "Amount")],
    ),
    "amount n/a": (
        cell("Licences", 3, "Amount", "n/a"),
        [("E_BAD_VALUE", BOOK, "Licences", 3, "Amount")],
    ),
    "amount with a comma where no grouping can put it": (
        cell("Licences", 3, "Amount", "1,234,56"),
        [("E_BAD_VALUE", BOOK, "Licences", 3, "Amount")],
    ),
    "amount 7.200 that is 7200 or 7.2": (
        cell("Licences", 3, "Amount", "7.200"),
        [("E_AMBIGUOUS_NUMBER", BOOK, "Licences", 3, "Amount")],
    ),
    "subtotal row that does not add up": (
        lambda raw: build(
            raw,
            lambda s: s["Licences"].insert(
                3, ["Subtotal", None, 1700, "CHF", None, None, None, None]
            ),
        ),
        [("E_TOTAL_MISMATCH", BOOK, "Licences", 4, "Amount")],
    ),
    "share written 50 meaning 50 %": (
        cell("Staffing", 2, "Platform share", 50),
        [("E_OUT_OF_RANGE", BOOK, "Staffing", 2, "Platform share")],
    ),
    "negative amount": (
        cell("Licences", 4, "Amount", -500),
        [("E_NEGATIVE_AMOUNT", BOOK, "Licences", 4, "Amount")],
    ),
    "reversed period": (
        cell("Licences", 2, "End date", D(2020, 12, 31)),
        [("E_PERIOD_REVERSED", BOOK, "Licences", 2, "End date")],
    ),
    "ambiguous date": (
        cell("Licences", 5, "Start date", "01/02/2021"),
        [("E_AMBIGUOUS_DATE", BOOK, "Licences", 5, "Start date")],
    ),
    "year with no rate": (
        cell("Licences", 4, "End date", D(2022, 3, 31)),
        [("E_NO_RATE", BOOK, "Licences", 4, "Currency")],
    ),
    "currency SFR": (
        cell("Licences", 3, "Currency", "SFR"),
        [("E_UNKNOWN_CURRENCY", BOOK, "Licences", 3, "Currency")],
    ),
    "currency US$": (
        cell("Licences", 4, "Currency", "US$"),
        [("E_UNKNOWN_CURRENCY", BOOK, "Licences", 4, "Currency")],
    ),
    "platform misspelt": (
        cell("Licences", 3, "Platform", "MyMeeting"),
        [("E_UNKNOWN_PLATFORM", BOOK, "Licences", 3, "Platform")],
    ),
    "unit misspelt": (
        cell("Licences", 2, "Unit", "G S"),
        [("E_UNKNOWN_UNIT", BOOK, "Licences", 2, "Unit")],
    ),
    "fte zero": (cell("Staffing", 2, "FTE", 0), [("E_OUT_OF_RANGE", BOOK, "Staffing", 2, "FTE")]),
    "platform share above 1": (
        cell("Staffing", 2, "Platform share", 1.2),
        [("E_OUT_OF_RANGE", BOOK, "Staffing", 2, "Platform share")],
    ),
    "grade without staff cost": (
        cell("Staffing", 2, "Grade", "P2"),
        [("E_NO_STAFF_COST", BOOK, "Staffing", 2, "Grade")],
    ),
    "formula without cached value": (
        formula_without_value,
        [("E_FORMULA_NO_VALUE", BOOK, "Licences", 4, "Amount")],
    ),
    "sheet with only headers": (headers_only, [("E_NO_LICENCES", BOOK, "Licences", None, "")]),
    "empty raw folder": (lambda raw: None, [("E_NO_INPUT", "", "", None, "")]),
    "renamed csv": (
        lambda raw: (raw / BOOK).write_text("unit,platform\nGS,Zoom\n"),
        [("E_NOT_A_WORKBOOK", BOOK, "", None, "")],
    ),
    "truncated workbook": (truncated, [("E_DAMAGED", BOOK, "", None, "")]),
    "encrypted workbook": (
        lambda raw: ole_file(raw, BOOK, True),
        [("E_ENCRYPTED", BOOK, "", None, "")],
    ),
    "old xls renamed xlsx": (
        lambda raw: ole_file(raw, BOOK, False),
        [("E_OLD_XLS", BOOK, "", None, "")],
    ),
    "old xls beside a good workbook": (
        lambda raw: (build(raw), ole_file(raw, "old.xls", False)),
        [("E_OLD_XLS", "old.xls", "", None, "")],
    ),
    "zip bomb": (zip_bomb, [("E_ZIP_BOMB", BOOK, "", None, "")]),
    "xml entity expansion": (billion_laughs, [("E_XML_ENTITIES", BOOK, "", None, "")]),
    "excel error cell": (
        excel_error_cell,
        [("E_EXCEL_ERROR", BOOK, "Staffing", 2, "Platform share")],
    ),
    "formula with attributes reordered": (
        formula_with_attributes_reordered,
        [("E_FORMULA_NO_VALUE", BOOK, "Licences", 4, "Amount")],
    ),
    "flipped bytes": (flipped_bytes, [("E_DAMAGED", BOOK, "", None, "")]),
    "broken sheet xml": (broken_sheet_xml, [("E_DAMAGED", BOOK, "Licences", None, "")]),
    "doctype after a long comment": (
        doctype_after_long_comment,
        [("E_XML_ENTITIES", BOOK, "", None, "")],
    ),
    "zip bomb with false sizes": (bomb_with_false_sizes, [("E_DAMAGED", BOOK, "", None, "")]),
    "vertical merge in header": (
        vertical_merge_in_header,
        [("E_MERGED_HEADER", BOOK, "Licences", 1, "Reference")],
    ),
    "end the day before start": (
        cell("Licences", 3, "End date", D(2020, 12, 31)),
        [("E_PERIOD_REVERSED", BOOK, "Licences", 3, "End date")],
    ),
    "implausible year": (
        cell("Licences", 2, "End date", D(2201, 3, 31)),
        [("E_IMPLAUSIBLE_DATE", BOOK, "Licences", 2, "End date")],
    ),
    "two errors in two sheets": (
        two_errors_in_two_sheets,
        [
            ("E_BAD_VALUE", BOOK, "Licences", 3, "Amount"),
            ("E_OUT_OF_RANGE", BOOK, "Staffing", 2, "FTE"),
        ],
    ),
}


def error_places(raw):
    return [(i.code, i.file, i.sheet, i.row, i.column) for i in read_inputs(raw).issues.errors]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_its_error_at_the_exact_place(case, tmp_path):
    make, expected = CASES[case]
    raw = tmp_path / "raw"
    raw.mkdir()
    make(raw)
    assert error_places(raw) == expected


def digests(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory):
    """Outputs of one good run, made once and copied for each case."""
    root = tmp_path_factory.mktemp("good")
    raw = root / "raw"
    raw.mkdir()
    build(raw)
    args = [
        "run",
        "--raw",
        str(raw),
        "--processed",
        str(root / "processed"),
        "--figures",
        str(root / "figures"),
    ]
    assert main(args) == 0
    return root


@pytest.mark.slow  # each needs a full run with figures to protect (make test runs them)
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_exits_2_and_changes_no_output(case, tmp_path, good_outputs, capsys):
    import shutil

    make, expected = CASES[case]
    raw, processed, figures = tmp_path / "raw", tmp_path / "processed", tmp_path / "figures"
    raw.mkdir()
    shutil.copytree(good_outputs / "processed", processed)
    shutil.copytree(good_outputs / "figures", figures)
    args = ["run", "--raw", str(raw), "--processed", str(processed), "--figures", str(figures)]
    before_tables = {k: v for k, v in digests(processed).items() if k != "validation_report.csv"}
    before_figures = digests(figures)
    make(raw)
    assert main(args) == 2
    err = capsys.readouterr().err
    for code, *_ in expected:
        assert code in err
    assert {
        k: v for k, v in digests(processed).items() if k != "validation_report.csv"
    } == before_tables
    assert digests(figures) == before_figures
    report = pd.read_csv(processed / "validation_report.csv", keep_default_na=False)
    errors = report[report["severity"] == "error"]
    assert errors["code"].tolist() == [e[0] for e in expected]
    # reconciliation: every sheet read is counted, and nothing of a failed run counts
    counts = report[report["code"] == "I_ROWS_READ"]
    assert all(", 0 counted," in m and "the run stopped on errors" in m for m in counts["message"])
    if expected[0][2]:  # a problem inside a sheet: the sheets were read and are accounted for
        assert not counts.empty


def test_suggestions_name_the_right_spelling(tmp_path):
    def change(sheets):
        sheets["Licences"][1][3] = "SFR"
        sheets["Licences"][2][3] = "US$"
        sheets["Licences"][3][1] = "MyMeeting"
        sheets["Licences"][4][0] = "G S"

    build(tmp_path, change)
    messages = {i.row: i.message for i in read_inputs(tmp_path).issues.errors}
    assert "'SFR' is not an ISO 4217 currency code; did you mean 'CHF'?" in messages[2]
    assert "did you mean 'USD'?" in messages[3]
    assert "did you mean 'MyMeetings'?" in messages[4]
    assert "'G S' is not a known unit; did you mean 'GS'?" in messages[5]


def test_credit_with_negative_amount_is_counted_and_positive_credit_is_an_error(tmp_path):
    from analysis.check.inputs import load_inputs
    from analysis.pipeline import analyse

    def change(sheets):
        sheets["Licences"].append(
            ["GS", "Interprefy", -100, "CHF", D(2021, 6, 1), D(2021, 6, 1), "credit", "CN-1"]
        )

    build(tmp_path, change)
    head = analyse(load_inputs(tmp_path)).headline.set_index("year")
    assert head.loc[2021, "spend_chf"] == pytest.approx(2592.0 - 100.0)
    sheets = minimal_sheets()
    sheets["Licences"].append(
        ["GS", "Interprefy", 100, "CHF", D(2021, 6, 1), D(2021, 6, 1), "credit", "CN-1"]
    )
    write_workbook(tmp_path / BOOK, sheets)
    assert error_places(tmp_path) == [("E_POSITIVE_CREDIT", BOOK, "Licences", 7, "Amount")]


def test_zip_bomb_is_refused_without_unpacking(tmp_path):
    import tracemalloc

    zip_bomb(tmp_path)
    tracemalloc.start()
    places = error_places(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert places == [("E_ZIP_BOMB", BOOK, "", None, "")]
    assert peak < 20 * 1024**2  # the 64 MB part was never unpacked


def test_openpyxl_refuses_entities_through_defusedxml_in_this_environment(tmp_path):
    from defusedxml import EntitiesForbidden
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
    billion_laughs(tmp_path)
    with (tmp_path / BOOK).open("rb") as handle, pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(handle)  # our handle: closed even though openpyxl stops
    assert isinstance(caught.value.__cause__, EntitiesForbidden)


def test_damaged_header_claiming_an_unknown_compression_method_is_refused_not_a_crash(tmp_path):
    path = build(tmp_path)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # first central directory entry: method at offset 10
    data[at + 10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert error_places(tmp_path) == [("E_DAMAGED", BOOK, "", None, "")]
