"""Read the raw folder: find the input files and turn each into raw tables.

The contract with finance staff (see ``data/raw/README.md``): every workbook directly in
the raw folder is read, and licence lines may come as ``licences*.csv`` or
``licences*.parquet`` exports. Nothing here writes anywhere: the raw folder is only ever
read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis import progress
from analysis.issues import IssueLog, Issues
from analysis.metadata.reference import SHEETS, normalize_sheet_name
from analysis.read.exports import read_line_export
from analysis.read.tables import RawTable
from analysis.read.workbooks import read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
EXPORT_SUFFIXES = (".csv", ".parquet")


@dataclass(frozen=True)
class RawInputs:
    """What the raw folder holds, before any cell is typed.

    Attributes:
        tables: The raw tables of each sheet kind, in file order.
        files: The files read.
        issues: Problems found while reading.
    """

    tables: dict[str, tuple[RawTable, ...]]
    files: tuple[Path, ...]
    issues: Issues


def find_workbooks(raw_dir: Path) -> list[Path]:
    """Return the workbooks directly in ``raw_dir``, skipping Excel's ``~$`` lock files.

    ``.xlsm`` files are read for their data only; their macros never run and are never saved.
    """
    return sorted(
        p
        for p in _files(raw_dir)
        if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$")
    )


def find_line_exports(raw_dir: Path) -> list[Path]:
    """Licence lines exported as CSV or Parquet (``licences*.csv``, ``licences*.parquet``)."""
    return sorted(
        p
        for p in _files(raw_dir)
        if p.suffix.lower() in EXPORT_SUFFIXES
        and normalize_sheet_name(p.stem).startswith(("licences", "licenses"))
    )


def _files(raw_dir: Path) -> list[Path]:
    folder = Path(raw_dir)
    return [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []


def read_folder(raw_dir: Path) -> RawInputs:
    """Read every input file in ``raw_dir`` into raw tables, collecting every problem."""
    log = IssueLog()
    raw_dir = Path(raw_dir)
    files = find_workbooks(raw_dir)
    if not raw_dir.is_dir():
        log.error("E_NO_RAW_FOLDER", f"the raw folder {raw_dir} does not exist")
    for path in (p for p in _files(raw_dir) if p.suffix.lower() == ".xls"):
        log.error(
            "E_OLD_XLS",
            "old-format Excel file (.xls) is not read; open it in Excel and save it as .xlsx",
            file=path.name,
        )
    if raw_dir.is_dir() and not files:
        log.error(
            "E_NO_INPUT",
            f"no .xlsx workbook found in {raw_dir}; put the finance workbooks there",
        )
    tables: dict[str, list[RawTable]] = {kind: [] for kind in SHEETS}
    for path in progress.steps(files, "reading workbooks"):
        for table in read_workbook(path, log):
            tables[table.kind].append(table)
    exports = find_line_exports(raw_dir)
    for path in progress.steps(exports, "reading line exports"):
        export = read_line_export(path, log)
        if export is not None:
            tables[export.kind].append(export)
    return RawInputs(
        tables={kind: tuple(found) for kind, found in tables.items()},
        files=tuple(files + exports),
        issues=log.issues(),
    )
