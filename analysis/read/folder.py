"""Read the raw folder: account for every file in it and turn each input into raw tables.

The contract with finance staff (see ``data/raw/README.md``): every workbook directly in
the raw folder is read (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.ods``, ``.xls``), and licence
lines may come as ``licences*.csv`` (or ``.tsv``, ``.txt``) or ``licences*.parquet``
exports. Every other file is reported as not read, with why (``metadata/file_kinds.csv``):
nothing in the folder is ignored in silence. Nothing here writes anywhere: the raw folder
is only ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis import progress
from analysis.issues import IssueLog, Issues
from analysis.metadata.reference import SHEETS, file_kinds, normalize_sheet_name
from analysis.read.exports import read_line_export
from analysis.read.tables import RawTable
from analysis.read.workbooks import read_workbook

_LOCK_FILES = ("~$", ".~lock.")  # Excel's and LibreOffice's marks of a workbook open


@dataclass(frozen=True)
class RawInputs:
    """What the raw folder holds, before any cell is typed.

    Attributes:
        tables: The raw tables of each sheet kind, in file order.
        files: The files read.
        issues: Problems found while reading, and a note for every file not read.
    """

    tables: dict[str, tuple[RawTable, ...]]
    files: tuple[Path, ...]
    issues: Issues


def _suffixes(read_as: str) -> tuple[str, ...]:
    kinds = file_kinds()
    return tuple(kinds.index[kinds["read_as"] == read_as])


def _is_lock_file(path: Path) -> bool:
    return path.name.startswith(_LOCK_FILES)


def _is_line_export(path: Path) -> bool:
    return normalize_sheet_name(path.stem).startswith(("licences", "licenses"))


def find_workbooks(raw_dir: Path) -> list[Path]:
    """Return the workbooks directly in ``raw_dir``, skipping the lock files of open ones.

    ``.xlsm`` files are read for their data only; their macros never run and are never saved.
    """
    return sorted(
        p
        for p in _entries(raw_dir)
        if p.is_file() and p.suffix.lower() in _suffixes("workbook") and not _is_lock_file(p)
    )


def find_line_exports(raw_dir: Path) -> list[Path]:
    """Licence lines exported as text or Parquet (``licences*.csv``, ``licences*.parquet``)."""
    return sorted(
        p
        for p in _entries(raw_dir)
        if p.is_file() and p.suffix.lower() in _suffixes("export") and _is_line_export(p)
    )


def _entries(raw_dir: Path) -> list[Path]:
    folder = Path(raw_dir)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def account_for_others(raw_dir: Path, read: list[Path], log: IssueLog) -> None:
    """Report every entry of the raw folder that is not read, with why."""
    kinds = file_kinds()
    for path in _entries(raw_dir):
        if path in read:
            continue
        place = {"file": path.name}
        suffix = path.suffix.lower()
        if path.is_dir():
            log.warning(
                "W_FILE_NOT_READ",
                "a folder: files inside folders are not read; move the workbooks up into the "
                "raw folder itself",
                **place,
            )
        elif _is_lock_file(path):
            log.info(
                "I_FILE_NOT_READ",
                "the lock file of a workbook open in Excel or LibreOffice; not read",
                **place,
            )
        elif path.name.startswith("."):
            log.info("I_FILE_NOT_READ", "a hidden file; not read", **place)
        elif suffix in kinds.index and kinds.at[suffix, "severity"]:
            severity, why = str(kinds.at[suffix, "severity"]), str(kinds.at[suffix, "why"])
            code = "W_FILE_NOT_READ" if severity == "warning" else "I_FILE_NOT_READ"
            log.add(severity, code, f"not read: {why}", **place)
        else:
            log.warning(
                "W_FILE_NOT_READ",
                "not read: not a workbook (.xlsx, .xlsm, .xlsb, .ods, .xls) nor a licence "
                "export (licences*.csv, licences*.parquet); if it holds data, save it as .xlsx",
                **place,
            )


def read_folder(raw_dir: Path) -> RawInputs:
    """Read every input file in ``raw_dir`` into raw tables, collecting every problem."""
    log = IssueLog()
    raw_dir = Path(raw_dir)
    files = find_workbooks(raw_dir)
    if not raw_dir.is_dir():
        log.error("E_NO_RAW_FOLDER", f"the raw folder {raw_dir} does not exist")
    exports = find_line_exports(raw_dir)
    if raw_dir.is_dir() and not files:
        log.error(
            "E_NO_INPUT",
            f"no workbook (.xlsx, .xlsm, .xlsb, .ods or .xls) found in {raw_dir}; put the "
            "finance workbooks there",
        )
    account_for_others(raw_dir, files + exports, log)
    tables: dict[str, list[RawTable]] = {kind: [] for kind in SHEETS}
    for path in progress.steps(files, "reading workbooks"):
        for table in read_workbook(path, log):
            tables[table.kind].append(table)
    for path in progress.steps(exports, "reading line exports"):
        export = read_line_export(path, log)
        if export is not None:
            tables[export.kind].append(export)
    return RawInputs(
        tables={kind: tuple(found) for kind, found in tables.items()},
        files=tuple(files + exports),
        issues=log.issues(),
    )
