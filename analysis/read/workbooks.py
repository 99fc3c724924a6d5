"""Read one workbook: check its bytes, then turn each known sheet into a raw table.

Sheets are recognised by name (``metadata/sheets.csv``); a sheet of no known kind is
noted and skipped. The file is checked for safety (:mod:`analysis.read.safety`) before
any parser sees it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import python_calamine

from analysis.issues import IssueLog
from analysis.metadata.reference import normalize_sheet_name, sheet_spellings
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
    except Exception as exc:  # any reader failure here is the file's, not the program's
        _damaged(log, exc, path.name)
        return []
    tables = []
    spellings = sheet_spellings()
    seen: dict[str, str] = {}
    for name in sheet_names:
        kind = spellings.get(normalize_sheet_name(name))
        if kind is None:
            log.info(
                "I_SHEET_IGNORED", "sheet not used by the analysis", file=path.name, sheet=name
            )
            continue
        if kind in seen:
            log.error(
                "E_DUPLICATE_SHEET",
                f"this workbook has two {kind} sheets ({seen[kind]!r} and {name!r}); keep one",
                file=path.name,
                sheet=name,
            )
            continue
        seen[kind] = name
        try:
            sheet = book.get_sheet_by_name(name)
            merged = sheet.merged_cell_ranges or []
            raw = sheet_cells(sheet.to_python(skip_empty_area=False))
        except Exception as exc:  # a damaged sheet is the file's problem, not the program's
            _damaged(log, exc, path.name, name)
            continue
        table = locate_header(kind, raw, path.name, name, log)
        if table is None:
            continue
        if merged_in_header(table, merged, log):
            continue
        unreadable = unreadable_cells(table, findings, log)
        # those rows are reported once, for the cell, not again as empty cells
        kept = table.frame[~table.frame["source_row"].isin(unreadable)]
        tables.append(replace(table, frame=kept))
    return tables


def _damaged(log: IssueLog, exc: Exception, file: str, sheet: str = "") -> None:
    log.error(
        "E_DAMAGED",
        f"this workbook cannot be read ({type(exc).__name__}); it may be damaged: "
        "open it in Excel and save it again as .xlsx",
        file=file,
        sheet=sheet,
    )
