"""Random valid and randomly damaged workbooks: read them right, or fail with the documented error.

The oracle walks every day of every line (a different method from the package's
arithmetic on dates) to get each year's total.
"""

import datetime as dt
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from conftest import PLATFORMS, minimal_sheets, write_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.check.cells import read_numbers
from analysis.check.inputs import load_inputs, read_inputs
from analysis.cli import main
from analysis.pipeline import analyse

RATES = {("USD", y): 0.8 + (y - 2018) / 100 for y in range(2018, 2027)}
SPELLINGS = {
    "Interprefy": ["Interprefy", "interprefy", " INTERPREFY "],
    "Zoom": ["Zoom", "zoom pro", "Zoom  Pro"],
    "Microsoft Teams": ["Microsoft Teams", "MS Teams", "teams"],
    "MyMeetings": ["MyMeetings", "my meetings"],
}


@st.composite
def lines(draw):
    platform = draw(st.sampled_from(sorted(SPELLINGS)))
    start = draw(st.dates(dt.date(2019, 1, 1), dt.date(2022, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, 800)))
    cents = draw(st.integers(0, 10**8))
    return {
        "unit": draw(st.sampled_from(["GS", "br", " BDT", "Tsb "])),
        "platform": platform,
        "spelling": draw(st.sampled_from(SPELLINGS[platform])),
        "amount": cents / 100,
        "amount_form": draw(st.sampled_from(["number", "plain text", "thousands"])),
        "currency": draw(st.sampled_from(["CHF", "USD", "usd"])),
        "start": start,
        "end": end,
        "date_form": draw(st.sampled_from(["cell", "iso", "dotted"])),
    }


def cell_amount(line):
    if line["amount_form"] == "number":
        return line["amount"]
    if line["amount_form"] == "plain text":
        return f"{line['amount']:.2f}"
    return f"{line['amount']:,.2f}".replace(",", "'")


def cell_date(day, form):
    if form == "cell":
        return dt.datetime(day.year, day.month, day.day)
    return day.isoformat() if form == "iso" else day.strftime("%d.%m.%Y")


def workbook_rows(drawn):
    rows = [["Unit", "Platform", "Amount", "Currency", "Start date", "End date"]]
    for line in drawn:
        rows.append(
            [
                line["unit"],
                line["spelling"],
                cell_amount(line),
                line["currency"],
                cell_date(line["start"], line["date_form"]),
                cell_date(line["end"], line["date_form"]),
            ]
        )
    return rows


def expected_totals(drawn):
    totals = defaultdict(float)
    for line in drawn:
        days = (line["end"] - line["start"]).days + 1
        for n in range(days):
            day = line["start"] + dt.timedelta(days=n)
            rate = 1.0 if line["currency"] == "CHF" else RATES[("USD", day.year)]
            totals[day.year] += line["amount"] / days * rate
    return totals


def write(folder, drawn):
    sheets = minimal_sheets()
    sheets["Licences"] = workbook_rows(drawn)
    sheets["Platforms"] = [list(r) for r in PLATFORMS]
    sheets["Rates"] = [["Currency", "Year", "CHF per unit"]] + [
        [c, y, r] for (c, y), r in RATES.items()
    ]
    write_workbook(folder / "costs.xlsx", sheets)


DAMAGES = {
    "text amount": ("Amount", "n/a", "E_BAD_VALUE"),
    "unknown currency": ("Currency", "QQQ", "E_UNKNOWN_CURRENCY"),
    "unknown unit": ("Unit", "ZZZ", "E_UNKNOWN_UNIT"),
    "empty platform": ("Platform", None, "E_MISSING_VALUE"),
    "slashed date": ("Start date", "01/02/2021", "E_AMBIGUOUS_DATE"),
    "unknown platform": ("Platform", "Webex", "E_UNKNOWN_PLATFORM"),
}

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=12))
def test_random_valid_workbook_gives_the_oracles_totals(drawn):
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), drawn)
        results = analyse(load_inputs(Path(folder)))
    got = results.line_years.groupby("year")["amount_chf"].sum()
    want = expected_totals(drawn)
    for year in set(got.index) | set(want):
        # each line's share of a year is booked to the centime
        assert got.get(year, 0.0) == pytest.approx(
            want.get(year, 0.0), abs=0.006 * len(drawn) + 1e-6
        )


@pytest.mark.slow
@SETTINGS
@given(st.lists(lines(), min_size=1, max_size=8), st.sampled_from(sorted(DAMAGES)), st.data())
def test_randomly_damaged_workbook_fails_with_the_documented_error_and_writes_nothing_else(
    drawn, damage, data
):
    column, value, code = DAMAGES[damage]
    row = data.draw(st.integers(0, len(drawn) - 1))
    rows = workbook_rows(drawn)
    rows[row + 1][rows[0].index(column)] = value
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        raw = folder / "raw"
        raw.mkdir()
        sheets = minimal_sheets()
        sheets["Licences"] = rows
        sheets["Rates"] = [["Currency", "Year", "CHF per unit"]] + [
            [c, y, r] for (c, y), r in RATES.items()
        ]
        write_workbook(raw / "costs.xlsx", sheets)
        errors = [(i.code, i.sheet, i.row, i.column) for i in read_inputs(raw).issues.errors]
        assert errors == [(code, "Licences", row + 2, column)]
        out = ["--processed", str(folder / "p"), "--figures", str(folder / "f")]
        assert main(["run", "--raw", str(raw), *out]) == 2
        assert [p.name for p in (folder / "p").iterdir()] == ["validation_report.csv"]
        assert not (folder / "f").exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(lines(), min_size=1, max_size=4),
    st.sampled_from(["truncate", "flip", "zero"]),
    st.floats(0.0, 1.0),
    st.integers(1, 64),
)
def test_workbook_damaged_at_random_bytes_is_read_or_refused_never_crashes(drawn, how, where, span):
    """Damaged bytes give correct totals (if the damage missed) or a documented error."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        raw.mkdir()
        write(raw, drawn)
        path = raw / "costs.xlsx"
        data = bytearray(path.read_bytes())
        at = int(where * (len(data) - 1))
        if how == "truncate":
            data = data[:at]
        else:
            for i in range(at, min(at + span, len(data))):
                data[i] = 0 if how == "zero" else data[i] ^ 0xFF
        path.write_bytes(bytes(data))
        inputs = read_inputs(raw)  # must never raise
        if inputs.issues.has_errors:
            out = ["--processed", str(Path(folder) / "p"), "--figures", str(Path(folder) / "f")]
            assert main(["run", "--raw", str(raw), *out]) == 2
            assert [p.name for p in (Path(folder) / "p").iterdir()] == ["validation_report.csv"]
        else:
            got = analyse(inputs).line_years.groupby("year")["amount_chf"].sum()
            want = expected_totals(drawn)
            for year in set(got.index) | set(want):
                assert got.get(year, 0.0) == pytest.approx(
                    want.get(year, 0.0), abs=0.006 * len(drawn) + 1e-6
                )


# --- amounts written as text: read to the number cell's value, or refused; never a third way

SEPARATORS = ["", ",", ".", "'", "’", " ", "\u00a0", "\u202f"]
AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")


@st.composite
def written_amounts(draw, mark=None):
    """An amount in cents and how a person or a finance system may write it as text."""
    decimal = mark or draw(st.sampled_from([".", ","]))
    separator = draw(st.sampled_from([s for s in SEPARATORS if s != decimal]))
    cents = draw(st.integers(0, 10**11))
    decimals = cents % 100 != 0 or draw(st.booleans())
    digits = str(cents // 100)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    text = separator.join(groups) + (f"{decimal}{cents % 100:02d}" if decimals else "")
    return cents, text, decimal


@settings(max_examples=500, deadline=None)
@given(written_amounts())
def test_any_accepted_text_amount_reads_as_its_number_cell_or_is_refused_as_ambiguous(drawn):
    cents, text, _ = drawn
    reading = read_numbers(pd.Series([text, cents / 100], dtype=object))
    number_cell = reading.values.iloc[1]
    if AMBIGUOUS.fullmatch(text):
        assert (reading.ambiguous.iloc[0], reading.bad.iloc[0]) == (True, False), text
        assert pd.isna(reading.values.iloc[0])
    else:
        assert (reading.ambiguous.iloc[0], reading.bad.iloc[0]) == (False, False), text
        assert reading.values.iloc[0] == number_cell, text


@settings(max_examples=300, deadline=None)
@given(written_amounts(), st.sampled_from([".", ","]))
def test_a_settled_decimal_mark_reads_every_form_written_with_it(drawn, settled):
    cents, text, mark = drawn
    reading = read_numbers(pd.Series([text], dtype=object), decimal=settled)
    if mark == settled or not AMBIGUOUS.fullmatch(text):
        assert reading.values.iloc[0] == cents / 100, (text, settled)
    else:  # written with the other mark: read by the file's mark, as the file says
        assert not reading.bad.iloc[0] and not reading.ambiguous.iloc[0]


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from([".", ","]), st.data())
def test_a_sheet_of_text_amounts_in_one_convention_totals_as_its_number_cells(mark, data):
    """Amounts written with one decimal mark, one of which shows it: the sheet's total is
    the total of the same amounts as number cells, or each ambiguous one is refused."""
    drawn = data.draw(st.lists(written_amounts(mark), min_size=1, max_size=8))
    anchor = data.draw(st.booleans())  # a line of 1.50 that shows the mark
    rows = [["Unit", "Platform", "Amount", "Currency", "Start date", "End date"]]
    texts = [text for _, text, _ in drawn] + ([f"1{mark}50"] if anchor else [])
    for text in texts:
        rows.append(["GS", "Zoom", text, "CHF", dt.datetime(2021, 1, 1), dt.datetime(2021, 1, 1)])
    with tempfile.TemporaryDirectory() as folder:
        sheets = minimal_sheets()
        sheets["Licences"] = rows
        write_workbook(Path(folder) / "costs.xlsx", sheets)
        inputs = read_inputs(Path(folder))
    refused = [(i.code, i.row) for i in inputs.issues.errors]
    ambiguous = [i + 2 for i, t in enumerate(texts) if AMBIGUOUS.fullmatch(t)]
    # a text shows the mark by its decimals, or by the other mark between thousands twice
    other = "." if mark == "," else ","
    shows = any(re.search(rf"{re.escape(mark)}\d\d$", t) or t.count(other) >= 2 for t in texts)
    if shows or not ambiguous:
        assert refused == []
        total = sum(c for c, _, _ in drawn) + (150 if anchor else 0)
        assert round(inputs.licences["amount"].sum() * 100) == total
    else:
        assert refused == [("E_AMBIGUOUS_NUMBER", row) for row in ambiguous]
