"""Read licence lines exported as CSV or Parquet, into the same raw table as a sheet.

Ledgers too long for a workbook come as ``licences*.csv`` or ``licences*.parquet`` beside
a workbook with the other sheets. A CSV row is numbered by its line in the file (the
header line is 1); a Parquet row by its record number (the first record is 1). The sheet
of every issue is empty.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pandas as pd

from analysis.config import HEADER_SEARCH_ROWS
from analysis.issues import IssueLog
from analysis.metadata.reference import header_spellings, normalize_header, required_columns
from analysis.read.tables import RawTable, locate_header


def read_line_export(path: Path, log: IssueLog) -> RawTable | None:
    """Read a CSV or Parquet export of licence lines, with the sheet's rules and places."""
    try:
        if path.suffix.lower() == ".csv":
            # Title lines above the header may have fewer fields: start at the header line.
            start = _csv_header_line(path, "Licences")
            raw = pd.read_csv(
                path,
                header=None,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                encoding="utf-8-sig",
                skiprows=start,
            )
            offset = start + 1
        else:
            frame = pd.read_parquet(path)
            header = pd.DataFrame([list(frame.columns)], columns=range(frame.shape[1]))
            raw = pd.concat(
                [header, frame.astype(object).set_axis(range(frame.shape[1]), axis=1)],
                ignore_index=True,
            )
            offset = 0
    except UnicodeDecodeError:
        log.error(
            "E_NOT_UTF8",
            "this CSV file is not UTF-8; export it again as CSV UTF-8",
            file=path.name,
        )
        return None
    except Exception as exc:  # a file that cannot be parsed is the file's problem
        log.error(
            "E_DAMAGED",
            f"this file cannot be read ({type(exc).__name__}); export it again from the "
            "finance system",
            file=path.name,
        )
        return None
    return locate_header("Licences", raw, path.name, "", log, offset)


def _csv_header_line(path: Path, kind: str) -> int:
    """Index of the first line among the first rows that holds every required header."""
    spellings = header_spellings(kind)
    required = set(required_columns(kind))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for i, fields_ in enumerate(itertools.islice(csv.reader(handle), HEADER_SEARCH_ROWS)):
            if required <= {spellings.get(normalize_header(v)) for v in fields_}:
                return i
    return 0
