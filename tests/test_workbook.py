"""The summary workbook as finance staff open and print it: built from tiny tables by hand."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from analysis.metadata import output_fields
from analysis.report import workbook

ABOUT = workbook.About(
    year=2021,
    illustrative=True,
    data_date=dt.date(2022, 1, 31),
    files=("licences.xlsx", "staffing.xlsx"),
    made_on=dt.date(2026, 12, 1),
)


def spend_rows() -> pd.DataFrame:
    rows = [
        # year, unit, platform, category, cost type, charge, amount
        (2020, "GS", "Zoom", "meeting", "licence", "platform", 470481.4500000001),
        (2020, "TSB", "MyMeetings", "multilingual meeting", "service", "platform", 1000.004),
        (2021, "GS", "Zoom", "meeting", "licence", "platform", 2000.006),
        (2021, "BR", "=cmd|' /C calc'!A0", "meeting", "licence", "platform", 0.115),
    ]
    return pd.DataFrame(rows, columns=output_fields.columns("annual_spend"))


def assumptions_rows() -> pd.DataFrame:
    rows = [
        ("discount_rate", 0.03, 0.01, 0.05, "share per year", "assumption"),
        ("migration_cost_chf_per_seat", 150.0, 50.0, 400.0, "CHF per seat", "assumption"),
        ("terminate_early", 0.0, None, None, "yes=1 no=0", "assumption"),
    ]
    return pd.DataFrame(rows, columns=output_fields.columns("assumptions_used"))


def duplication_rows() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "year": [2020, 2020],
            "category": ["meeting", "webinar"],
            "platforms_in_use": [2, 2],
            "platforms": ["Zoom;Teams", "GoToWebinar;Adobe Connect"],
            "spend_chf": [10.0, 20.0],
            "platform_cost_chf": [10.0, 20.0],
            "use_cost_chf": [0.0, 0.0],
            "largest_platform": ["Zoom", "GoToWebinar"],
            "gross_overlap_chf": [4.0, 5.0],
            "single_platform": ["Zoom", None],
            "single_platform_cost_chf": [8.0, None],
            "avoidable_duplicated_spend_chf": [2.0, None],  # not known for webinars
        }
    )
    return output_fields.arrange("duplication", frame)


@pytest.fixture
def book(tmp_path) -> openpyxl.Workbook:
    tables = {
        "annual_spend": spend_rows(),
        "duplication": duplication_rows(),
        "assumptions_used": assumptions_rows(),
    }
    sources = pd.DataFrame(columns=output_fields.columns("sources"))
    path = tmp_path / "summary.xlsx"
    workbook.build_summary(tables, sources, ABOUT).save(path)
    return openpyxl.load_workbook(path)


def test_the_cover_comes_first_with_title_illustrative_mark_data_date_and_linked_contents(book):
    assert book.sheetnames == [
        "Cover",
        "Annual spend",
        "Duplication",
        "Assumptions used",
        "Sources",
    ]
    cover = book["Cover"]
    texts = [c.value for row in cover.iter_rows() for c in row if c.value is not None]
    assert texts[0] == "Virtual-meeting platforms: spend, duplication and options, 2021"
    assert texts[1] == "Illustrative data: these figures are not the organisation's accounts."
    assert cover["A2"].font.color.rgb.endswith("B00020")
    assert ["Data as of", "31 January 2022"] in [
        [c.value for c in row[:2]] for row in cover.iter_rows()
    ]
    links = {c.value: c.hyperlink.location for row in cover.iter_rows() for c in row if c.hyperlink}
    assert links == {
        "Annual spend": "'Annual spend'!A1",
        "Duplication": "'Duplication'!A1",
        "Assumptions used": "'Assumptions used'!A1",
        "Sources": "'Sources'!A1",
    }


def test_headers_are_words_with_their_unit_and_the_description_as_a_note(book):
    sheet = book["Annual spend"]
    assert [c.value for c in sheet[1]] == [
        "Year",
        "Unit",
        "Platform",
        "Function",
        "Cost type",
        "Charge",
        "Amount (CHF)",
    ]
    assert sheet["G1"].comment.text.startswith("The lines' shares of the year")


def test_amounts_are_rounded_to_the_centime_and_formatted(book):
    sheet = book["Annual spend"]
    assert [sheet.cell(row=r, column=7).value for r in range(2, 6)] == [
        470481.45,
        1000.0,
        2000.01,
        0.12,
    ]
    assert {sheet.cell(row=r, column=7).number_format for r in range(2, 6)} == {"#,##0.00"}


def test_totals_rows_per_year_are_values_equal_to_the_hand_sum_of_the_rounded_amounts(book):
    sheet = book["Annual spend"]
    assert [c.value for c in sheet[6]] == ["Total 2020", *[None] * 5, 471481.45]
    assert [c.value for c in sheet[7]] == ["Total 2021", *[None] * 5, 2000.13]
    assert sheet["G7"].number_format == "#,##0.00" and sheet["A7"].font.b
    assert sheet.max_row == 7


def test_a_total_over_a_column_with_a_gap_is_left_empty_not_understated(book):
    sheet = book["Duplication"]
    total = {h.value: c.value for h, c in zip(sheet[1], sheet[4])}
    assert total["Year"] == "Total 2020"
    assert total["Spend (CHF)"] == 30.0
    assert total["Gross overlap (CHF)"] == 9.0
    assert total["Avoidable duplicated spend (CHF)"] is None
    assert total["Platforms in use"] is None  # counts of platforms do not add up


def test_text_from_the_inputs_is_never_a_formula(book):
    cell = book["Annual spend"]["C5"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


def test_assumptions_show_shares_as_percent_amounts_as_chf_and_flags_as_words(book):
    sheet = book["Assumptions used"]
    assert [c.number_format for c in sheet[2][1:4]] == ["0.0%"] * 3
    assert [c.number_format for c in sheet[3][1:4]] == ["#,##0.00"] * 3
    assert sheet["B4"].number_format == '"yes";"yes";"no"'


def test_every_sheet_prints_landscape_a4_fitted_to_width_with_header_row_and_page_numbers(book):
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert str(setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.oddHeader.right.text == "ILLUSTRATIVE DATA"
        if sheet.title != "Cover":
            assert sheet.print_title_rows == "$1:$1"
            assert sheet.freeze_panes == "A2"


def test_long_text_wraps_in_a_bounded_column_and_its_row_is_tall_enough(book):
    sheet = book["Assumptions used"]
    assert sheet.column_dimensions["F"].width <= workbook.WIDEST_CHARACTERS
    header = sheet["A1"]
    assert header.alignment.wrap_text
    spend = book["Annual spend"]
    assert spend.column_dimensions["G"].width >= len("471,481.45")


def test_a_workbook_of_real_data_has_no_mark_when_the_data_is_not_illustrative(tmp_path):
    path = tmp_path / "summary.xlsx"
    about = workbook.About(year=2021, illustrative=False)
    sources = pd.DataFrame(columns=output_fields.columns("sources"))
    workbook.build_summary({"annual_spend": spend_rows()}, sources, about).save(path)
    book = openpyxl.load_workbook(path)
    texts = [c.value for row in book["Cover"].iter_rows() for c in row if c.value]
    assert not any("llustrative" in str(t) for t in texts)
    assert not book["Annual spend"].oddHeader.right.text
