"""Seeded generator of realistic inputs for the benchmark.

``python bench/generate.py OUTDIR --lines N --format {xlsx,csv,parquet} [--seed S]`` writes
``catalogue.xlsx`` (Platforms, Rates, StaffCosts, Staffing, About) and the licence lines as
``licences.xlsx`` (sheet Licences), ``licences.csv`` or ``licences.parquet``: the four units,
the eight platforms, CHF/USD/EUR, service periods of one day to two years across 2019–2024,
quantities and unique invoice references. Never writes into data/raw.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

UNITS = ["GS", "BR", "BDT", "TSB"]
PLATFORMS = [
    ("Interprefy", "multilingual meeting", "yes", "assessed"),
    ("MyMeetings", "multilingual meeting", "yes", "unclear"),
    ("Zoom", "meeting", "no", "unclear"),
    ("Microsoft Teams", "meeting", "no", "assessed"),
    ("GoToMeeting", "meeting", "no", "unclear"),
    ("GoToWebinar", "webinar", "no", "unclear"),
    ("Skype for Business", "meeting", "no", "assessed"),
    ("Adobe Connect", "webinar", "no", "unclear"),
]
COST_TYPES = ["licence", "interpretation", "service", "hardware"]
QUANTITY_UNITS = {
    "licence": "host",
    "interpretation": "hour",
    "service": "month",
    "hardware": "headset",
}
HEADER = [
    "Unit",
    "Platform",
    "Amount",
    "Currency",
    "Start date",
    "End date",
    "Item",
    "Cost type",
    "Quantity",
    "Quantity unit",
    "Reference",
]


def make_lines(n: int, seed: int) -> pd.DataFrame:
    """``n`` licence lines, the same for the same seed."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2019-01-01") + rng.integers(0, 5 * 365, n).astype("timedelta64[D]")
    end = start + rng.integers(0, 730, n).astype("timedelta64[D]")
    cost_type = rng.choice(COST_TYPES, n, p=[0.6, 0.2, 0.15, 0.05])
    platform = rng.choice([p[0] for p in PLATFORMS], n)
    return pd.DataFrame(
        {
            "Unit": rng.choice(UNITS, n),
            "Platform": platform,
            "Amount": np.round(rng.lognormal(7, 1.2, n), 2),
            "Currency": rng.choice(["CHF", "USD", "EUR"], n, p=[0.5, 0.35, 0.15]),
            "Start date": start.astype("datetime64[ns]"),
            "End date": end.astype("datetime64[ns]"),
            "Item": np.char.add("Line item ", (np.arange(n) % 997).astype(str)),
            "Cost type": cost_type,
            "Quantity": rng.integers(1, 50, n).astype(float),
            "Quantity unit": pd.Series(cost_type).map(QUANTITY_UNITS).to_numpy(),
            "Reference": np.char.add("INV-", np.arange(n).astype(str)),
        }
    )


def write_catalogue(path: Path) -> None:
    """The catalogue, rates, staff costs, staffing and About sheets."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Platforms"
    sheet.append(
        [
            "Platform",
            "Category",
            "Interpretation",
            "Browser Edge",
            "Mobile",
            "Tablet",
            "Data protection",
            "List price CHF",
            "List price unit",
        ]
    )
    for name, category, interpretation, protection in PLATFORMS:
        sheet.append([name, category, interpretation, "yes", "yes", "yes", protection, 200, "host"])
    rates = book.create_sheet("Rates")
    rates.append(["Currency", "Year", "CHF per unit"])
    for year in range(2019, 2027):
        rates.append(["USD", year, 0.92])
        rates.append(["EUR", year, 1.05])
    costs = book.create_sheet("StaffCosts")
    costs.append(["Grade", "Year", "Annual cost CHF"])
    for year in range(2019, 2027):
        costs.append(["P3", year, 180000])
        costs.append(["G5", year, 120000])
    staffing = book.create_sheet("Staffing")
    staffing.append(["Year", "Unit", "Role", "Grade", "FTE", "Platform share"])
    for year in range(2019, 2027):
        for unit, grade, fte in [("GS", "P3", 2), ("GS", "G5", 1), ("TSB", "G5", 1.5)]:
            staffing.append([year, unit, "Support", grade, fte, 0.8])
    about = book.create_sheet("About")
    about.append(["Field", "Value"])
    about.append(["illustrative", "yes"])
    about.append(["data_date", dt.datetime(2025, 1, 31)])
    book.save(path)


def write_lines(lines: pd.DataFrame, folder: Path, form: str) -> Path:
    """Write the lines in one of the accepted forms."""
    if form == "csv":
        path = folder / "licences.csv"
        out = lines.assign(
            **{c: lines[c].dt.strftime("%Y-%m-%d") for c in ("Start date", "End date")}
        )
        out.to_csv(path, index=False)
    elif form == "parquet":
        path = folder / "licences.parquet"
        lines.to_parquet(path, index=False)
    else:
        path = folder / "licences.xlsx"
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Licences")
        sheet.append(HEADER)
        for row in lines.itertuples(index=False):
            sheet.append([v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row])
        book.save(path)
    return path


def generate(folder: Path, lines: int, form: str, seed: int = 2021) -> Path:
    """Write a complete raw folder; reuse it if it already exists."""
    folder = Path(folder)
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    write_catalogue(folder / "catalogue.xlsx")
    write_lines(make_lines(lines, seed), folder, form)
    done.write_text("")
    return folder


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--format", choices=["xlsx", "csv", "parquet"], default="csv")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    print(generate(args.outdir, args.lines, args.format, args.seed))


if __name__ == "__main__":
    main()
