"""Fixtures: small workbooks built in tmp_path, never in data/ or figures/."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest

matplotlib.use("Agg")
# pytest-xdist already keeps every core busy: runs draw their figures in-process, except
# in the test of the parallel drawing itself.
os.environ.setdefault("ANALYSIS_JOBS", "1")

D = dt.datetime

PLATFORMS = [
    [
        "Platform",
        "Category",
        "Aliases",
        "Interpretation",
        "Browser Edge",
        "Mobile",
        "Data protection",
        "End of life",
    ],
    ["Interprefy", "multilingual meeting", "", "yes", "yes", "yes", "assessed", None],
    ["MyMeetings", "multilingual meeting", "", "yes", "no", "no", "unclear", None],
    ["Zoom", "meeting", "Zoom Pro", "no", "yes", "yes", "assessed", None],
    ["Microsoft Teams", "meeting", "MS Teams, Teams", "no", "yes", "yes", "assessed", None],
]
RATES = [
    ["Currency", "Year", "CHF per unit"],
    ["USD", 2020, 0.9],
    ["USD", 2021, 0.8],
]
STAFF_COSTS = [["Grade", "Year", "Annual cost CHF"], ["P3", 2021, 200000]]
LICENCES = [
    ["Unit", "Platform", "Amount", "Currency", "Start date", "End date", "Cost type", "Reference"],
    ["GS", "Interprefy", 1000, "CHF", D(2021, 1, 1), D(2021, 12, 31), "interpretation", "A-1"],
    ["TSB", "MyMeetings", 600, "CHF", D(2021, 1, 1), D(2021, 12, 31), None, "A-2"],
    ["BR", "Zoom", 500, "USD", D(2021, 1, 1), D(2021, 12, 31), "licence", "A-3"],
    ["GS", "MS Teams", 300, "CHF", D(2021, 1, 1), D(2021, 12, 31), "licence", "A-4"],
    ["GS", "Zoom", 731, "USD", D(2020, 1, 1), D(2021, 12, 31), "licence", "A-5"],
]
STAFFING = [
    [
        "Year",
        "Unit",
        "Team",
        "Role",
        "Grade",
        "FTE",
        "Platform share",
        "Platforms",
        "Annual cost CHF",
    ],
    [2021, "GS", "Conference IT", "Support", "P3", 2, 0.5, "Interprefy, Teams", None],
    [2021, "TSB", "TSB meetings", "Consultant", None, 1, None, "MyMeetings", 90000],
]
ABOUT = [["Field", "Value"], ["illustrative", "yes"], ["data_date", D(2022, 1, 31)]]


def minimal_sheets() -> dict[str, list[list]]:
    """A small valid data set whose results are computed by hand in the tests."""
    return {
        "Licences": [list(r) for r in LICENCES],
        "Platforms": [list(r) for r in PLATFORMS],
        "Rates": [list(r) for r in RATES],
        "StaffCosts": [list(r) for r in STAFF_COSTS],
        "Staffing": [list(r) for r in STAFFING],
        "About": [list(r) for r in ABOUT],
    }


def write_workbook(
    path: Path, sheets: dict[str, list[list]], top: dict[str, int] | None = None
) -> Path:
    """Write sheets of rows to an xlsx; ``top`` starts a sheet's rows lower (title rows above)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        first = (top or {}).get(name, 1)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    cell = sheet.cell(row=first + i, column=j + 1, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # text that looks like a formula, as typed by a user
    book.save(path)
    return path


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder holding the minimal valid workbook."""
    folder = tmp_path / "raw"
    folder.mkdir()
    write_workbook(folder / "costs.xlsx", minimal_sheets())
    return folder


def _snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def project_outputs_untouched():
    """Fail the run if any test wrote into data/ or figures/ of the project."""
    from analysis import config

    before = _snapshot(config.DATA_DIR, config.FIGURES_DIR)
    yield
    assert _snapshot(config.DATA_DIR, config.FIGURES_DIR) == before, (
        "a test wrote into data/ or figures/"
    )


def no_lines() -> pd.DataFrame:
    """Cost lines split by year, none: for baselines built by hand without contracts."""
    return pd.DataFrame(
        {
            "unit": pd.Series(dtype=object),
            "platform": pd.Series(dtype=object),
            "start_date": pd.Series(dtype="datetime64[ns]"),
            "end_date": pd.Series(dtype="datetime64[ns]"),
            "year": pd.Series(dtype="int64"),
            "days_in_year": pd.Series(dtype="int64"),
            "amount_chf": pd.Series(dtype="float64"),
        }
    )
