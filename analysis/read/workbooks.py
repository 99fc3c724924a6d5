"""Read one workbook: check its bytes, then turn each known sheet into a raw table.

Any format python-calamine reads is read the same way: ``.xlsx``, ``.xlsm``, ``.xlsb``,
``.ods`` and ``.xls``. Sheets are recognised by kind from their name
(``metadata/sheets.csv``): the kind's name alone or followed by a qualifier
(``Licences 2023``, ``Staffing (2)``); each sheet read is noted with what it was read as.
A sheet of no known kind is noted and skipped, and is a warning if its first rows hold the
headers of a kind. The file is checked for safety (:mod:`analysis.read.safety`) before any
parser sees it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import python_calamine

from analysis.config import HEADER_SEARCH_ROWS
from analysis.issues import IssueLog
from analysis.metadata.reference import (
    SHEETS,
    header_spellings,
    normalize_header,
    required_columns,
    sheet_kind,
)
from analysis.read import safety
from analysis.read.tables import (
    RawTable,
    locate_header,
    merged_in_header,
    sheet_cells,
    unreadable_cells,
)


def read_workbook(path: Path, log: IssueLog) -> list[RawTable]:
    """Return the raw tables of the known sheets of ``path``; problems go to ``log``."""
    problem = safety.check_file(path)
    findings = safety.CellFindings()
    if problem is None:
        problem, findings = safety.scan_parts(path)
    if problem is not None:
        log.error(problem.code, problem.message, file=path.name)
        return []
    try:
        # opened as pandas' calamine engine opens it, so a damaged file fails the same way
        with open(path, "rb") as handle:
            book = python_calamine.load_workbook(handle)
        sheet_names = [
            s.name for s in book.sheets_metadata if s.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        hidden = {
            s.name
            for s in book.sheets_metadata
            if s.visible != python_calamine.SheetVisibleEnum.Visible
        }
    except Exception as exc:  # any reader failure here is the file's, not the program's
        _damaged(log, exc, path)
        return []
    tables = []
    for name in sheet_names:
        kind = sheet_kind(name)
        if kind is None:
            _not_read(book, name, path.name, log, look=name not in hidden)
            continue
        try:
            sheet = book.get_sheet_by_name(name)
            merged = sheet.merged_cell_ranges or []
            raw = sheet_cells(sheet.to_python(skip_empty_area=False))
        except Exception as exc:  # a damaged sheet is the file's problem, not the program's
            _damaged(log, exc, path, name)
            continue
        table = locate_header(kind, raw, path.name, name, log)
        if table is None:
            continue
        if merged_in_header(table, merged, log):
            continue
        unreadable = unreadable_cells(table, findings, log)
        # those rows are reported once, for the cell, not again as empty cells
        kept = table.frame[~table.frame["source_row"].isin(unreadable)]
        log.info(
            "I_SHEET_READ",
            f"read as {kind}: headers in row {table.header_row + 1}, {table.rows_read} data row(s)",
            file=path.name,
            sheet=name,
        )
        tables.append(replace(table, frame=kept))
    return tables


def _not_read(book, name: str, file: str, log: IssueLog, look: bool) -> None:
    """Note a sheet of no known kind; warn if its first rows hold the headers of a kind.

    A hidden sheet (such as the template's dropdown lists) is only noted.
    """
    first = pd.DataFrame()
    try:
        if look:
            first = sheet_cells(book.get_sheet_by_name(name).to_python(nrows=HEADER_SEARCH_ROWS))
    except Exception:  # a sheet that cannot even be looked at is simply not read
        first = pd.DataFrame()
    for kind in SHEETS if not first.empty else ():
        spellings, required = header_spellings(kind), set(required_columns(kind))
        if len(required) < 2:
            continue  # one header alone (Unit) is found in too many sheets to say anything
        for row in first.itertuples(index=False):
            if required <= {spellings.get(normalize_header(v)) for v in row}:
                log.warning(
                    "W_SHEET_NOT_READ",
                    f"not read: this sheet has the headers of a {kind} sheet, but its name "
                    f"does not say so; to have it read, rename it {kind!r} or '{kind} …' "
                    f"(such as '{kind} 2023'); if it is a copy, delete it",
                    file=file,
                    sheet=name,
                )
                return
    log.info("I_SHEET_IGNORED", "sheet not used by the analysis", file=file, sheet=name)


def _damaged(log: IssueLog, exc: Exception, path: Path, sheet: str = "") -> None:
    if safety.is_ole(path):
        log.error(
            "E_OLD_XLS",
            f"this old-format Excel file cannot be read ({type(exc).__name__}); open it in "
            "Excel or LibreOffice and save it as .xlsx",
            file=path.name,
            sheet=sheet,
        )
        return
    log.error(
        "E_DAMAGED",
        f"this workbook cannot be read ({type(exc).__name__}); it may be damaged: "
        "open it in Excel or LibreOffice and save it again as .xlsx",
        file=path.name,
        sheet=sheet,
    )
