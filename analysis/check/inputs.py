"""Check what was read: type every cell, check each sheet and across sheets.

The result is :class:`Inputs`, the checked tables with every issue found while reading
and checking. :func:`load_inputs` raises :class:`~analysis.issues.InputError` once, at
the end, carrying all of them; :func:`read_inputs` returns them instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.check.cross import CheckedTables, cross_check
from analysis.check.sheets import type_tables
from analysis.issues import InputError, IssueLog, Issues
from analysis.metadata.reference import SHEETS
from analysis.read.folder import RawInputs, read_folder
from analysis.read.tables import RawTable

ROW_COUNT_COLUMNS = ["file", "sheet", "kind", "rows_read", "rows_counted", "rows_not_counted"]
LINES_READ_COLUMNS = [
    "source_file",
    "source_sheet",
    "source_row",
    "currency",
    "amount",
    "is_total",
]


@dataclass(frozen=True)
class Inputs(CheckedTables):
    """The checked input tables, one DataFrame per sheet kind, plus what was read.

    Besides the tables of :class:`~analysis.check.cross.CheckedTables` (licences,
    staffing, platforms, rates, staff_costs, about, scenarios, requirements, usage,
    assumptions):

    Attributes:
        files: The files read.
        issues: Every issue found while reading and checking, errors included.
        sheets_read: Per sheet read, its data rows read, counted and not counted.
        lines_read: Every data row of the Licences sheets and exports as read, counted or
            not: its place, currency and amount, and whether it is a total row.
    """

    files: tuple[Path, ...]
    issues: Issues
    sheets_read: pd.DataFrame
    lines_read: pd.DataFrame

    @property
    def is_illustrative(self) -> bool:
        """Whether the About sheet marks the data as illustrative."""
        return bool(self.about.get("illustrative", False))


def load_inputs(raw_dir: Path) -> Inputs:
    """Read and check every input file in ``raw_dir``.

    Args:
        raw_dir: Folder holding the finance workbooks; only read, never written.

    Returns:
        The checked tables. Warnings and notes are in ``Inputs.issues``.

    Raises:
        InputError: If any error was found; it carries every issue at once.
    """
    inputs = read_inputs(raw_dir)
    if inputs.issues.has_errors:
        raise InputError(inputs.issues)
    return inputs


def read_inputs(raw_dir: Path) -> Inputs:
    """Read and check every input file in ``raw_dir``; errors are returned, not raised."""
    return check_inputs(read_folder(raw_dir))


def check_inputs(raw: RawInputs) -> Inputs:
    """Type and check the raw tables of one folder."""
    log = IssueLog()
    log.extend(raw.issues)
    own_units = type_tables("Units", list(raw.tables["Units"]), log)
    extra_units = {
        str(u).upper(): str(n) for u, n in zip(own_units["unit"], own_units["name"]) if pd.notna(u)
    }
    typed = {
        kind: type_tables(kind, list(raw.tables[kind]), log, extra_units)
        for kind in SHEETS
        if kind != "Units"
    }
    licences = typed["Licences"]
    is_total = licences.get("is_total", pd.Series(False, index=licences.index))
    is_total = is_total.fillna(False).astype(bool)
    lines_read = licences.reindex(columns=LINES_READ_COLUMNS[:-1]).assign(is_total=is_total)
    typed["Licences"] = licences[~is_total].drop(columns="is_total", errors="ignore")
    tables = [t for kind in SHEETS for t in raw.tables[kind]]
    headers = {(t.file, t.sheet): t.headers for t in tables}
    letters = {(t.file, t.sheet): t.letters for t in tables}
    checked = cross_check(typed, headers, log, letters)
    sheets_read = _count_rows(raw.tables, checked, log)
    return Inputs(
        **vars(checked),
        files=raw.files,
        issues=log.issues(),
        sheets_read=sheets_read,
        lines_read=lines_read.reset_index(drop=True),
    )


def _count_rows(
    tables: dict[str, tuple[RawTable, ...]], checked: CheckedTables, log: IssueLog
) -> pd.DataFrame:
    """Per sheet read: data rows read, counted, and not counted (each not counted is noted)."""
    frames = {
        "Licences": checked.licences,
        "Staffing": checked.staffing,
        "Platforms": checked.platforms,
        "Rates": checked.rates,
        "StaffCosts": checked.staff_costs,
        "Scenarios": checked.scenarios,
        "Requirements": checked.requirements,
        "Usage": checked.usage,
        "Assumptions": checked.assumptions,
        "Entitlements": checked.entitlements,
    }
    stopped = log.has_errors
    rows = []
    for kind in SHEETS:
        for t in tables[kind]:
            read = t.rows_read
            kept = frames.get(kind)
            counted = 0
            if kept is not None and not stopped and not kept.empty:
                counted = int(
                    ((kept["source_file"] == t.file) & (kept["source_sheet"] == t.sheet)).sum()
                )
            elif kind in ("About", "Units") and not stopped:
                counted = read
            rows.append(
                {
                    "file": t.file,
                    "sheet": t.sheet,
                    "kind": kind,
                    "rows_read": read,
                    "rows_counted": counted,
                    "rows_not_counted": read - counted,
                }
            )
    for row in rows:
        log.info(
            "I_ROWS_READ",
            f"{row['rows_read']} data row(s) read, {row['rows_counted']} counted, "
            f"{row['rows_not_counted']} not counted"
            + (" (the run stopped on errors)" if stopped else ""),
            file=row["file"],
            sheet=row["sheet"],
        )
    return pd.DataFrame(rows, columns=ROW_COUNT_COLUMNS)
