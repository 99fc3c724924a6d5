"""Sheets are read with python-calamine directly: the cells must be those pandas' reader gives.

pandas' ``read_excel(engine="calamine", header=None, dtype=object, keep_default_na=False)``
was the reader before; :func:`analysis.read.tables.sheet_cells` builds the same cells from
python-calamine's output at once instead of cell by cell. Every check downstream (messages,
codes, places) depends on these cells, so they are compared value by value and type by type.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import python_calamine
from conftest import write_workbook

from analysis.read.tables import sheet_cells

D = dt.datetime


def _typed(frame: pd.DataFrame) -> list[list[tuple[str, str]]]:
    return [[(type(v).__name__, repr(v)) for v in row] for row in frame.itertuples(index=False)]


def assert_read_as_pandas_reads(path: Path, sheet: str) -> pd.DataFrame:
    expected = pd.read_excel(
        path, sheet_name=sheet, header=None, dtype=object, keep_default_na=False, engine="calamine"
    )
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    cells = sheet_cells(rows.to_python(skip_empty_area=False))
    assert cells.shape == expected.shape
    assert list(cells.columns) == list(expected.columns)
    assert list(cells.index) == list(expected.index)
    assert list(cells.dtypes) == list(expected.dtypes)
    assert _typed(cells) == _typed(expected)
    return cells


MIXED = [
    ["Title row", None, None, None, None, None],
    [None, None, None, None, None, None],
    ["Unit", "Amount", "Start date", "Flag", "Note", "When"],
    ["GS", 1000, D(2021, 1, 1), True, "1,234.50", D(2021, 1, 1, 13, 30)],
    [" BR ", 12.5, "2021-02-28", 1, "", dt.time(9, 15)],
    [None, -0.0, "28.02.2021", False, 2021, dt.timedelta(days=2, hours=3)],
    ["TSB", 1e20, D(1900, 3, 1), 0, "n/a", None],
    ["GS", 1 / 3, D(2099, 12, 31), "yes", "NA", D(2021, 6, 30)],
    ["GS", -42, None, None, "=not a formula", None],
]


def test_numbers_text_dates_booleans_and_empty_cells_are_read_as_pandas_reads_them(tmp_path):
    path = write_workbook(tmp_path / "mixed.xlsx", {"Licences": MIXED})
    cells = assert_read_as_pandas_reads(path, "Licences")
    assert cells.iloc[3, 1] == 1000 and type(cells.iloc[3, 1]) is int
    assert cells.iloc[4, 1] == 12.5
    assert cells.iloc[3, 2] == D(2021, 1, 1) and type(cells.iloc[3, 2]) is D
    assert cells.iloc[4, 4] == "" and cells.iloc[4, 0] == " BR "
    assert cells.iloc[4, 3] == 1 and type(cells.iloc[4, 3]) is int  # not made True by the column


def test_columns_of_only_dates_or_only_booleans_stay_object_cells(tmp_path):
    rows = [[D(2021, 1, 1), True, 1.0], [D(2021, 2, 1), 1, 0.5], [D(2021, 3, 1), False, 0]]
    path = write_workbook(tmp_path / "plain.xlsx", {"S": rows})
    cells = assert_read_as_pandas_reads(path, "S")
    assert type(cells.iloc[0, 0]) is D


def test_merged_cells_keep_their_value_in_the_first_cell_only(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Licences"
    sheet.append(["Unit", "Amount", "Platform"])
    sheet.append(["GS", 10, "Zoom"])
    sheet.append([None, 20, None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("C2:C3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    cells = assert_read_as_pandas_reads(path, "Licences")
    assert cells.iloc[2, 0] == "" and cells.iloc[1, 0] == "GS"


@pytest.mark.parametrize("first", ["\ufeffUnit", '\ufeff"Unit"', '\ufeff"Unit" and more', ""])
def test_a_byte_order_mark_in_the_first_cell_is_dropped_as_pandas_drops_it(tmp_path, first):
    path = write_workbook(tmp_path / "bom.xlsx", {"S": [[first, "Amount"], ["GS", 1]]})
    assert_read_as_pandas_reads(path, "S")


def test_an_empty_sheet_reads_as_an_empty_frame(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Empty"
    book.save(tmp_path / "empty.xlsx")
    assert assert_read_as_pandas_reads(tmp_path / "empty.xlsx", "Empty").empty


@pytest.mark.parametrize("seed", range(5))
def test_random_cells_are_read_as_pandas_reads_them(tmp_path, seed):
    draw = random.Random(seed)
    kinds = [
        lambda: None,
        lambda: draw.choice(["", " ", "GS", "yes", "TRUE", "12'000", "2021-03-31", "é"]),
        lambda: draw.randint(-5, 5),
        lambda: round(draw.uniform(-1e6, 1e6), draw.randint(0, 4)),
        lambda: draw.choice([True, False]),
        lambda: D(2020, 1, 1) + dt.timedelta(days=draw.randint(0, 2000)),
        lambda: D(2020, 1, 1) + dt.timedelta(minutes=draw.randint(1, 10**6)),
        lambda: draw.choice([2.0**63, -(2.0**70), 1e-9, 0.1 + 0.2]),
    ]
    rows = [[draw.choice(kinds)() for _ in range(7)] for _ in range(60)]
    path = write_workbook(tmp_path / "random.xlsx", {"S": rows})
    assert_read_as_pandas_reads(path, "S")
