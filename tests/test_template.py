"""The blank input workbook: its sheets, dropdowns and formats, and a filled copy's round trip."""

import openpyxl
import pandas as pd
from conftest import minimal_sheets

from analysis.check.inputs import load_inputs
from analysis.cli import main
from analysis.pipeline import analyse


def fill(template_path, out_path):
    """Fill the template's sheets with the minimal data set, under the template's own headers."""
    book = openpyxl.load_workbook(template_path)
    for kind, rows in minimal_sheets().items():
        sheet = book[kind]
        headers = [c.value for c in sheet[1]]
        wanted = [h.lower().replace(" ", "_").replace("-", "_") for h in rows[0]]
        for i, row in enumerate(rows[1:], start=2):
            for value, name in zip(row, wanted):
                column = [h.lower().replace(" ", "_") for h in headers].index(name) + 1
                sheet.cell(row=i, column=column, value=value)
    book.save(out_path)


def test_template_has_instructions_sheets_headers_dropdowns_and_formats(raw_dir, tmp_path):
    path = tmp_path / "template.xlsx"
    assert main(["template", str(path), "--raw", str(raw_dir)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Instructions",
        "Licences",
        "Staffing",
        "Platforms",
        "Rates",
        "StaffCosts",
        "About",
        "Scenarios",
        "Requirements",
        "Usage",
        "Assumptions",
        "Entitlements",
        "Units",
        "Lists",
    ]
    assert book["Lists"].sheet_state == "hidden"
    licences = book["Licences"]
    assert [c.value for c in licences[1]][:6] == [
        "Unit",
        "Platform",
        "Amount",
        "Currency",
        "Start date",
        "End date",
    ]
    assert licences["C2"].number_format == "#,##0.00"
    assert licences["E2"].number_format == "yyyy-mm-dd"
    rules = {str(v.sqref): v.formula1 for v in licences.data_validations.dataValidation}
    assert rules["A2:A1001"] == "Lists!$A$2:$A$5"  # GS, BR, BDT, TSB
    assert rules["H2:H1001"] == '"licence,interpretation,service,hardware,credit"'
    lists = book["Lists"]
    assert [lists.cell(row=i, column=2).value for i in range(2, 6)] == [
        "Interprefy",
        "MyMeetings",
        "Zoom",
        "Microsoft Teams",
    ]
    assert "Platform share" in [c.value for c in book["Staffing"][1]]
    assert "Name" not in [c.value for c in book["Staffing"][1]]


def test_filled_template_loads_back_unchanged(raw_dir, tmp_path):
    template = tmp_path / "template.xlsx"
    assert main(["template", str(template), "--raw", str(raw_dir)]) == 0
    filled_dir = tmp_path / "filled"
    filled_dir.mkdir()
    fill(template, filled_dir / "filled.xlsx")
    original = analyse(load_inputs(raw_dir))
    filled = analyse(load_inputs(filled_dir))
    pd.testing.assert_frame_equal(filled.headline, original.headline)
    pd.testing.assert_frame_equal(filled.annual_spend, original.annual_spend)
    keep = [
        "unit",
        "platform",
        "amount",
        "currency",
        "start_date",
        "end_date",
        "cost_type",
        "reference",
        "source_row",
    ]
    pd.testing.assert_frame_equal(
        load_inputs(filled_dir).licences[keep], load_inputs(raw_dir).licences[keep]
    )


def test_template_is_never_written_into_the_raw_folder(raw_dir):
    before = sorted(p.name for p in raw_dir.iterdir())
    assert main(["template", str(raw_dir / "template.xlsx"), "--raw", str(raw_dir)]) == 2
    assert sorted(p.name for p in raw_dir.iterdir()) == before


def test_input_text_that_looks_like_a_formula_stays_text_in_the_template(tmp_path):
    from conftest import write_workbook

    sheets = minimal_sheets()
    sheets["Platforms"][1][1] = '=HYPERLINK("http://example.org","x")'  # a category
    sheets["StaffCosts"][1][0] = "=1+2"  # a grade
    raw = tmp_path / "raw"
    raw.mkdir()
    write_workbook(raw / "costs.xlsx", sheets)
    path = tmp_path / "template.xlsx"
    assert main(["template", str(path), "--raw", str(raw)]) == 0
    import zipfile

    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"<f>" not in xml and b"HYPERLINK" in xml
