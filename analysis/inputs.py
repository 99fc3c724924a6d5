"""Find, read and check the finance workbooks in the raw folder.

The contract with finance staff (see ``data/raw/README.md``): every ``*.xlsx``
file directly in the raw folder is read; sheets are recognised by name
(``reference/sheets.csv``), headers by spelling (``reference/fields.csv`` and
``reference/header_aliases.csv``). Every problem is collected with its file,
sheet, Excel row and column; :func:`load_inputs` raises :class:`InputError`
once, at the end, carrying all of them.

Nothing here writes anywhere: the raw folder is only ever read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import python_calamine

from analysis import filecheck, parse, progress, reference
from analysis.config import HEADER_SEARCH_ROWS, REPORTING_CURRENCY
from analysis.issues import InputError, IssueLog
from analysis.reference import (
    SHEETS,
    currency_spellings,
    fields,
    header_spellings,
    normalize_header,
    normalize_sheet_name,
    required_columns,
    sheet_spellings,
    units,
)
from analysis.spend import years_touched

SOURCE_COLUMNS = ["source_file", "source_sheet", "source_row"]
RESERVED_SCENARIOS = {"status quo", "optimal"}
EARLIEST_DATE = pd.Timestamp("1990-01-01")
LATEST_DATE = pd.Timestamp("2100-12-31")
LONG_PERIOD_YEARS = 5
LARGE_FTE = 50
_CURRENCIES = {c.alpha_3 for c in pycountry.currencies}


@dataclass
class Inputs:
    """The checked input tables, one DataFrame per sheet kind, plus what was read.

    Attributes:
        licences: One row per counted cost line, with the platform's catalogue name
            and category.
        staffing: One row per support person or group (no personal columns).
        platforms: The platform catalogue.
        rates: CHF per unit of currency and year.
        staff_costs: Standard annual cost per grade and year.
        about: Facts about the data set from the About sheet (``illustrative``…).
        files: The workbooks read.
        log: Every issue found, errors included.
        sheets_read: Per sheet read, its data rows read, counted and not counted.
        scenarios: Consolidation options (``keep`` as ``;``-joined catalogue names).
        requirements: What each unit needs a kept platform to do.
        usage: Licences paid and used, meetings and hours, per year, unit and platform.
        assumptions: The scenario model's assumptions as given (defaults are added later).
    """

    licences: pd.DataFrame
    staffing: pd.DataFrame
    platforms: pd.DataFrame
    rates: pd.DataFrame
    staff_costs: pd.DataFrame
    about: dict[str, object]
    files: list[Path]
    log: IssueLog = field(default_factory=IssueLog)
    sheets_read: pd.DataFrame = field(default_factory=pd.DataFrame)
    scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)
    requirements: pd.DataFrame = field(default_factory=pd.DataFrame)
    usage: pd.DataFrame = field(default_factory=pd.DataFrame)
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def is_illustrative(self) -> bool:
        """Whether the About sheet marks the data as illustrative."""
        return bool(self.about.get("illustrative", False))


@dataclass
class _Table:
    """One sheet of one workbook after its header row was found."""

    kind: str
    file: str
    sheet: str
    frame: pd.DataFrame
    headers: dict[str, str]  # standard column -> header as written
    header_row: int = 0  # 0-based
    rows_read: int = 0  # data rows, empty rows not counted
    positions: dict[str, int] = field(default_factory=dict)  # standard column -> 0-based column
    written: dict[int, object] = field(default_factory=dict)  # 0-based column -> header cell


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def find_workbooks(raw_dir: Path) -> list[Path]:
    """Return the workbooks directly in ``raw_dir``, skipping Excel's ``~$`` lock files.

    ``.xlsm`` files are read for their data only; their macros never run and are never saved.
    """
    return (
        sorted(
            p
            for p in Path(raw_dir).iterdir()
            if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$") and p.is_file()
        )
        if Path(raw_dir).is_dir()
        else []
    )


def find_line_exports(raw_dir: Path) -> list[Path]:
    """Licence lines exported as CSV or Parquet (``licences*.csv``, ``licences*.parquet``)."""
    if not Path(raw_dir).is_dir():
        return []
    return sorted(
        p
        for p in Path(raw_dir).iterdir()
        if p.is_file()
        and p.suffix.lower() in (".csv", ".parquet")
        and normalize_sheet_name(p.stem).startswith(("licences", "licenses"))
    )


def _read_line_export(path: Path, log: IssueLog) -> _Table | None:
    """Read a CSV or Parquet export of licence lines, with the sheet's rules and places.

    A CSV row is numbered by its line in the file (the header line is 1); a Parquet row by
    its record number (the first record is 1). The sheet column of every issue is empty.
    """
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
    return _locate_header("Licences", raw, path.name, "", log, offset)


def _csv_header_line(path: Path, kind: str) -> int:
    """Index of the first line among the first rows that holds every required header."""
    import csv
    import itertools

    spellings = header_spellings(kind)
    required = set(required_columns(kind))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for i, fields_ in enumerate(itertools.islice(csv.reader(handle), HEADER_SEARCH_ROWS)):
            if required <= {spellings.get(normalize_header(v)) for v in fields_}:
                return i
    return 0


def _old_excel_files(raw_dir: Path) -> list[Path]:
    if not Path(raw_dir).is_dir():
        return []
    return sorted(p for p in Path(raw_dir).iterdir() if p.suffix.lower() == ".xls")


def load_inputs(raw_dir: Path) -> Inputs:
    """Read and check every workbook in ``raw_dir``.

    Args:
        raw_dir: Folder holding the finance workbooks; only read, never written.

    Returns:
        The checked tables. Warnings and notes are in ``Inputs.log``.

    Raises:
        InputError: If any error was found; it carries every issue at once.
    """
    inputs = read_inputs(raw_dir)
    if inputs.log.has_errors:
        raise InputError(inputs.log)
    return inputs


def read_inputs(raw_dir: Path) -> Inputs:
    """Read and check every workbook in ``raw_dir``; errors go to the log instead of raising."""
    log = IssueLog()
    raw_dir = Path(raw_dir)
    files = find_workbooks(raw_dir)
    if not raw_dir.is_dir():
        log.error("E_NO_RAW_FOLDER", f"the raw folder {raw_dir} does not exist")
    for path in _old_excel_files(raw_dir):
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
    tables: dict[str, list[_Table]] = {kind: [] for kind in SHEETS}
    for path in progress.steps(files, "reading workbooks"):
        for table in _read_workbook(path, log):
            tables[table.kind].append(table)
    exports = find_line_exports(raw_dir)
    for path in progress.steps(exports, "reading line exports"):
        table = _read_line_export(path, log)
        if table is not None:
            tables[table.kind].append(table)

    parsed = {kind: _parse_tables(kind, tables[kind], log) for kind in SHEETS}
    headers = {(t.file, t.sheet): t.headers for kind in SHEETS for t in tables[kind]}
    checker = _CrossChecks(parsed, headers, log)
    inputs = checker.run()
    inputs.files = files + exports
    inputs.sheets_read = _count_rows(tables, inputs, log)
    return inputs


def _count_rows(tables: dict[str, list[_Table]], inputs: Inputs, log: IssueLog) -> pd.DataFrame:
    """Per sheet read: data rows read, counted, and not counted (each not counted is in the log)."""
    frames = {
        "Licences": inputs.licences,
        "Staffing": inputs.staffing,
        "Platforms": inputs.platforms,
        "Rates": inputs.rates,
        "StaffCosts": inputs.staff_costs,
        "Scenarios": inputs.scenarios,
        "Requirements": inputs.requirements,
        "Usage": inputs.usage,
        "Assumptions": inputs.assumptions,
    }
    rows = []
    for kind in SHEETS:
        for t in tables[kind]:
            read = t.rows_read
            kept = frames.get(kind)
            counted = 0
            if kept is not None and not log.has_errors and not kept.empty:
                counted = int(
                    ((kept["source_file"] == t.file) & (kept["source_sheet"] == t.sheet)).sum()
                )
            elif kind == "About" and not log.has_errors:
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
            + (" (the run stopped on errors)" if log.has_errors else ""),
            file=row["file"],
            sheet=row["sheet"],
        )
    columns = ["file", "sheet", "kind", "rows_read", "rows_counted", "rows_not_counted"]
    return pd.DataFrame(rows, columns=columns)


# --- reading one workbook ---------------------------------------------------------------------


def _read_workbook(path: Path, log: IssueLog) -> list[_Table]:
    problem = filecheck.check_file(path)
    if problem is None:
        problem, findings = filecheck.scan_parts(path)
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
        table = _locate_header(kind, raw, path.name, name, log)
        if table is None:
            continue
        if _merged_in_header(table, merged, log):
            continue
        unreadable = _unreadable_cells(table, findings, log)
        # those rows are reported once, for the cell, not again as empty cells
        table.frame = table.frame[~table.frame["source_row"].isin(unreadable)]
        tables.append(table)
    return tables


# Cell types that pandas' reader changes: whole floats become int, dates become datetime.
_FLOAT, _DATE = 1, 2
_CELL_KIND = {float: _FLOAT, dt.date: _DATE}  # by exact type: a datetime is not a date here
_UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def sheet_cells(rows: list[list]) -> pd.DataFrame:
    """Return a sheet's cells as ``pd.read_excel(engine="calamine")`` returns them.

    That is, read with ``header=None, dtype=object, keep_default_na=False``: whole numbers
    become ``int``, date cells ``datetime``, empty cells ``""``. pandas converts cell by cell
    in Python; here each kind of cell is converted at once, which makes reading a large
    sheet several times faster. ``rows`` is what python-calamine's ``to_python`` gives: a
    rectangle of rows.

    Examples:
        >>> sheet_cells([["Amount", "Start"], [12.0, dt.date(2021, 3, 31)], [0.5, ""]]).values
        array([['Amount', 'Start'],
               [12, datetime.datetime(2021, 3, 31, 0, 0)],
               [0.5, '']], dtype=object)
    """
    if not rows or not rows[0]:
        return pd.DataFrame()
    rows[0] = _without_bom(rows[0])
    height, width = len(rows), len(rows[0])
    flat = list(itertools.chain.from_iterable(rows))
    cells = np.empty(len(flat), dtype=object)
    cells[:] = flat
    kinds = np.fromiter(
        map(_CELL_KIND.get, map(type, flat), itertools.repeat(0)), dtype=np.int8, count=len(flat)
    )
    numbers = np.flatnonzero(kinds == _FLOAT)
    if len(numbers):
        values = cells[numbers].astype("float64")
        whole = np.isfinite(values) & (values == np.floor(values))
        fits = whole & (np.abs(values) < 2.0**63)
        cells[numbers[fits]] = values[fits].astype("int64").astype(object)
        cells[numbers[whole & ~fits]] = [int(v) for v in values[whole & ~fits]]
    dates = np.flatnonzero(kinds == _DATE)
    if len(dates):
        days = np.fromiter(map(dt.date.toordinal, cells[dates]), dtype=np.int64, count=len(dates))
        epoch = (days - _UNIX_EPOCH_ORDINAL).astype("datetime64[D]")
        cells[dates] = epoch.astype("datetime64[us]").astype(object)
    # dtype=object: no column is turned into datetime64 or strings, as pandas' reader does not
    return pd.DataFrame(cells.reshape(height, width), dtype=object, copy=False)


def _without_bom(first_row: list) -> list:
    """Drop a byte-order mark (and quotes after it) from the first cell, as pandas' parser does."""
    first = first_row[0]
    if not isinstance(first, str) or not first.startswith("\ufeff"):
        return first_row
    if len(first) > 1 and first[1] == '"':
        end = first[2:].index('"') + 2
        first = first[2:end] + first[end + 1 :]
    else:
        first = first[1:]
    return [first, *first_row[1:]]


def _damaged(log: IssueLog, exc: Exception, file: str, sheet: str = "") -> None:
    log.error(
        "E_DAMAGED",
        f"this workbook cannot be read ({type(exc).__name__}); it may be damaged: "
        "open it in Excel and save it again as .xlsx",
        file=file,
        sheet=sheet,
    )


def _merged_in_header(table: _Table, merged, log: IssueLog) -> bool:
    """Report merged cells that touch the header row; return whether there were any."""
    found = False
    for (row0, col0), (row1, col1) in merged:
        if row0 <= table.header_row <= row1 and (col1 > col0 or row1 > row0):
            cells = f"{_letter(col0)}{row0 + 1}:{_letter(col1)}{row1 + 1}"
            log.error(
                "E_MERGED_HEADER",
                f"merged cells {cells} in the header row; unmerge them and give each column "
                "its own header in one row",
                file=table.file,
                sheet=table.sheet,
                row=table.header_row + 1,
                column=str(table.written.get(col0, "")),
            )
            found = True
    return found


_UNREADABLE = {
    "formulas_without_value": (
        "E_FORMULA_NO_VALUE",
        "holds a formula whose result was never saved (the file was written by a program "
        "that did not calculate it); open it in Excel, let it calculate and save, or type "
        "the value",
    ),
    "error_values": (
        "E_EXCEL_ERROR",
        "holds an Excel error (such as #DIV/0!, #REF! or #N/A); correct the formula or "
        "type the value",
    ),
}


def _unreadable_cells(table: _Table, findings: filecheck.CellFindings, log: IssueLog) -> set[int]:
    """Report cells of the table that every reader sees as empty; return their rows."""
    rows: set[int] = set()
    wanted = {pos: name for name, pos in table.positions.items()}
    for attribute, (code, words) in _UNREADABLE.items():
        for row, letters in getattr(findings, attribute).get(table.sheet, []):
            pos = filecheck.column_index(letters)
            if row <= table.header_row + 1 or pos not in wanted:
                continue
            log.error(
                code,
                f"cell {letters}{row} {words}",
                file=table.file,
                sheet=table.sheet,
                row=row,
                column=table.headers.get(wanted[pos], wanted[pos]),
            )
            rows.add(row)
    return rows


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _locate_header(
    kind: str, raw: pd.DataFrame, file: str, sheet: str, log: IssueLog, row_offset: int = 1
) -> _Table | None:
    """Find the header row: the first of the first rows holding every required column."""
    spellings = header_spellings(kind)
    required = required_columns(kind)
    best_row, best_found = None, set()
    for i in range(min(HEADER_SEARCH_ROWS, len(raw))):
        names = [spellings.get(normalize_header(v)) for v in raw.iloc[i]]
        found = set(names) & set(required)
        if len(found) > len(best_found):
            best_row, best_found = i, found
        if found == set(required):
            return _build_table(kind, raw, i, names, file, sheet, log, row_offset)
    missing = [c for c in required if c not in best_found]
    if best_row is None:
        lower = next(
            (
                i
                for i in range(HEADER_SEARCH_ROWS, min(len(raw), 100))
                if set(required) <= {spellings.get(normalize_header(v)) for v in raw.iloc[i]}
            ),
            None,
        )
        where = (
            f"the headers are in row {lower + 1}: delete the rows above so that they move "
            f"into the first {HEADER_SEARCH_ROWS}"
            if lower is not None
            else "none of them holds these headers"
        )
        log.error(
            "E_HEADER_NOT_FOUND",
            f"{kind} sheet needs a header row with {', '.join(required)} among its first "
            f"{HEADER_SEARCH_ROWS} rows; {where}",
            file=file,
            sheet=sheet,
        )
        return None
    written = [normalize_header(v) for v in raw.iloc[best_row] if normalize_header(v)]
    hints = []
    for column in missing:
        close = difflib.get_close_matches(column, written, n=1, cutoff=0.75)
        hints.append(f"{column} (is {close[0]!r} meant?)" if close else column)
    log.error(
        "E_MISSING_COLUMN",
        f"the header row lacks the required column(s) {', '.join(hints)}; add them "
        f"(headers must be in one row among the first {HEADER_SEARCH_ROWS})",
        file=file,
        sheet=sheet,
        row=best_row + 1,
        column=", ".join(missing),
    )
    return None


def _build_table(
    kind: str,
    raw: pd.DataFrame,
    header_row: int,
    names: list[str | None],
    file: str,
    sheet: str,
    log: IssueLog,
    row_offset: int = 1,
) -> _Table | None:
    written = raw.iloc[header_row]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    duplicated = False
    for pos, name in enumerate(names):
        if name is None:
            continue
        label = str(written.iloc[pos]).strip()
        if name in headers:
            log.error(
                "E_DUPLICATE_HEADER",
                f"two columns mean {name}: {headers[name]!r} and {label!r}; keep one",
                file=file,
                sheet=sheet,
                row=header_row + 1,
                column=label,
            )
            duplicated = True
            continue
        headers[name] = label
        positions[name] = pos
    if duplicated:
        return None
    body = raw.iloc[header_row + 1 :, list(positions.values())]
    body.columns = list(positions)
    body = body.loc[~_blank_rows(body)]
    frame = body.reset_index(names="source_row")
    frame["source_row"] += row_offset  # 0-based position to the row number the user sees
    frame["source_file"] = file
    frame["source_sheet"] = sheet
    if frame.empty:
        log.warning(
            "W_NO_ROWS", f"{kind} sheet has headers but no data rows", file=file, sheet=sheet
        )
    personal = [f.column for f in fields(kind) if f.kind == "personal"]
    frame = frame.drop(columns=[c for c in personal if c in frame])
    headers = {k: v for k, v in headers.items() if k not in personal}
    return _Table(
        kind,
        file,
        sheet,
        frame,
        headers,
        header_row=header_row,
        rows_read=len(frame),
        positions=positions,
        written={i: v for i, v in enumerate(written) if not pd.isna(v) and str(v).strip()},
    )


def _blank_rows(body: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is blank; each column is looked at only in rows still blank."""
    blank = np.ones(len(body), dtype=bool)
    for position in range(body.shape[1]):
        if not blank.any():
            break
        blank[blank] = parse.blank_mask(body.iloc[blank, position]).to_numpy()
    return blank


# --- typing each column -----------------------------------------------------------------------

_KIND_HINTS = {
    "number": "write a number such as 12000 or 12,000.50",
    "year": "write a year such as 2021",
    "date": "write a date cell, or text as yyyy-mm-dd (2021-03-31) or dd.mm.yyyy (31.03.2021)",
    "yesno": "write yes or no",
}
_PARSERS = {
    "number": parse.parse_number,
    "year": parse.parse_year,
    "date": parse.parse_date,
    "yesno": parse.parse_yesno,
}


def _parse_tables(kind: str, tables: list[_Table], log: IssueLog) -> pd.DataFrame:
    columns = [f.column for f in fields(kind) if f.kind != "personal"]
    frames = [_parse_table(t, log) for t in tables]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*columns, *SOURCE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def _parse_table(table: _Table, log: IssueLog) -> pd.DataFrame:
    raw = table.frame
    out = raw[SOURCE_COLUMNS].copy()
    rows = raw["source_row"]

    def report(mask: pd.Series, code: str, message, column: str) -> None:
        for idx in mask[mask].index:
            text = message(raw.at[idx, column]) if callable(message) else message
            log.error(
                code,
                text,
                file=table.file,
                sheet=table.sheet,
                row=int(rows.at[idx]),
                column=table.headers.get(column, column),
            )

    for f in fields(table.kind):
        if f.kind == "personal":
            continue
        cells = raw[f.column] if f.column in raw else pd.Series(None, index=raw.index, dtype=object)
        masks = parse.masks_of(cells)  # one typed pass per column, shared by the parsers
        blank = parse.blank_mask(cells, masks)
        if f.kind in _PARSERS:
            values, bad = _PARSERS[f.kind](cells, masks)
            if f.kind == "date":
                slashed = bad.copy()
                slashed[bad] = np.array([isinstance(v, str) and "/" in v for v in cells[bad]], bool)
                report(
                    slashed,
                    "E_AMBIGUOUS_DATE",
                    lambda v: (
                        f"{v!r} is ambiguous (day/month or month/day?); write "
                        "yyyy-mm-dd such as 2021-02-01, or dd.mm.yyyy such as 01.02.2021"
                    ),
                    f.column,
                )
                bad = bad & ~slashed
            report(
                bad,
                "E_BAD_VALUE",
                lambda v, f=f: f"{v!r} is not readable; {_KIND_HINTS[f.kind]}",
                f.column,
            )
        elif f.kind == "any":
            values, bad = cells.where(~blank), blank & False
        else:
            values, bad = parse.parse_text(cells, masks)
        if f.required:
            report(
                blank,
                "E_MISSING_VALUE",
                f"{f.column} is required and this cell is empty",
                f.column,
            )
        values, wrong = _check_allowed(f, values, bad | blank)
        report(
            wrong, wrong.attrs.get("code", "E_NOT_ALLOWED"), wrong.attrs.get("message"), f.column
        )
        values = values.where(~wrong)  # a wrong value must not trigger follow-on errors
        if f.default and not f.required:
            values = values.where(~blank, _typed_default(f))
        out[f.column] = values
    return out


def _typed_default(f) -> object:
    return float(f.default) if f.kind == "number" else f.default


def _check_allowed(f, values: pd.Series, skip: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Normalise codes and check allowed values and ranges; return values and a wrong-mask."""
    wrong = pd.Series(False, index=values.index)
    message = None
    code = "E_NOT_ALLOWED"
    present = ~skip & values.notna()
    if f.kind == "unit":
        values = parse.map_text(values, str.upper)
        known = units()
        wrong = present & ~values.isin(list(known))
        message = lambda v: _unknown(v, list(known), "unit", "reference/units.csv")  # noqa: E731
        code = "E_UNKNOWN_UNIT"
    elif f.kind == "currency":
        values = parse.map_text(values, str.upper)
        wrong = present & ~values.isin(_CURRENCIES)
        message = _currency_message
        code = "E_UNKNOWN_CURRENCY"
    elif f.kind == "choice":
        choices = f.allowed.split("|")
        values = parse.map_text(values, str.lower)
        wrong = present & ~values.isin(choices)
        message = lambda v: _unknown(v, choices, f.column)  # noqa: E731
    elif f.kind == "text" and f.column == "grade":
        values = parse.map_text(values, str.upper)
    elif f.allowed and f.kind == "number":
        low, low_inclusive, high = _bounds(f.allowed)
        numeric = values.astype("float64")
        below = numeric < low if low_inclusive else numeric <= low
        above = numeric > high if high is not None else False
        wrong = present & (below | above)
        message = lambda v: f"{v!r} is out of range; {f.column} must be {_range_words(f.allowed)}"  # noqa: E731
        code = "E_OUT_OF_RANGE"
    wrong = wrong.astype(bool)
    wrong.attrs = {"code": code, "message": message}
    return values, wrong


def _currency_message(value: object) -> str:
    meant = currency_spellings().get(str(value).strip().upper())
    hint = f"; did you mean {meant!r}?" if meant else "."
    return (
        f"{value!r} is not an ISO 4217 currency code{hint} Write a three-letter code such as "
        "CHF, USD or EUR"
    )


def _bounds(allowed: str) -> tuple[float, bool, float | None]:
    """Parse ``>= 0``, ``> 0`` or ``(0, 1]`` into (low, low inclusive, high inclusive or None)."""
    allowed = allowed.strip()
    if allowed.startswith(">="):
        return float(allowed[2:]), True, None
    if allowed.startswith(">"):
        return float(allowed[1:]), False, None
    low, high = allowed[1:-1].split(",")
    return float(low), allowed[0] == "[", float(high)


def _range_words(allowed: str) -> str:
    low, inclusive, high = _bounds(allowed)
    low_words = f"{'at least' if inclusive else 'more than'} {low:g}"
    return low_words if high is None else f"{low_words} and at most {high:g}"


def _unknown(value: object, known: list[str], what: str, where: str | None = None) -> str:
    close = difflib.get_close_matches(
        str(value).upper(), [k.upper() for k in known], n=1, cutoff=0.6
    )
    hint = "."
    if close:
        hint = f"; did you mean {known[[k.upper() for k in known].index(close[0])]!r}?"
    allowed = f"one of {', '.join(known)}"
    extra = f" (or add it to {where})" if where else ""
    return f"{value!r} is not a known {what}{hint} Use {allowed}{extra}"


def assumption_table() -> pd.DataFrame:
    """The known assumptions (``reference/assumptions.csv``), indexed by name."""
    return reference.assumptions()


def parse_requirement(
    text: object, yes_no: list[str], categories: list[str]
) -> tuple[str, object, str | None]:
    """Read a requirement as (kind, target, problem).

    Kinds: ``capability`` (a catalogue yes/no column), ``category`` (``category:<name>``)
    ``participants`` (``participants>=N``) and ``languages`` (``languages>=N``: interpretation
    into at least N languages).

    Examples:
        >>> parse_requirement("Browser Edge", ["browser_edge"], [])
        ('capability', 'browser_edge', None)
        >>> parse_requirement("participants >= 300", [], [])
        ('participants', 300.0, None)
    """
    raw = str(text).strip()
    if raw.lower().startswith("category:"):
        name = raw.split(":", 1)[1].strip()
        match = [c for c in categories if c.lower() == name.lower()]
        if match:
            return "category", match[0], None
        return (
            "category",
            name,
            f"no platform has category {name!r}; use one of " + ", ".join(categories),
        )
    compact = "".join(raw.lower().split())
    for kind in ("participants", "languages"):
        if compact.startswith(f"{kind}>="):
            number = compact.removeprefix(f"{kind}>=")
            try:
                return kind, float(number), None
            except ValueError:
                return kind, None, f"{raw!r}: write {kind}>=N with N a number"
    column = normalize_header(raw)
    if column in yes_no:
        return "capability", column, None
    by_words = {"_".join(sorted(c.split("_"))): c for c in yes_no}
    words = "_".join(sorted(column.split("_")))
    close = (
        [by_words[words]]
        if words in by_words
        else difflib.get_close_matches(column, yes_no, n=1, cutoff=0.6)
    )
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        "capability",
        column,
        f"{raw!r} is not a requirement the catalogue can answer; {hint}use a yes/no column "
        f"({', '.join(yes_no)}), category:<name>, participants>=N or languages>=N",
    )


# --- checks across sheets ---------------------------------------------------------------------


def _platform_key(name: object) -> str:
    return "".join(str(name).lower().split())


class _CrossChecks:
    """Checks that need more than one sheet: catalogue look-ups, rates, keys, repeats."""

    def __init__(self, tables: dict[str, pd.DataFrame], headers, log: IssueLog):
        self.t = tables
        self.headers = headers
        self.log = log

    def place(self, row: pd.Series, column: str) -> dict:
        headers = self.headers.get((row.source_file, row.source_sheet), {})
        return {
            "file": row.source_file,
            "sheet": row.source_sheet,
            "row": int(row.source_row),
            "column": headers.get(column, column),
        }

    def run(self) -> Inputs:
        platforms = self.t["Platforms"]
        catalogue = self.catalogue(platforms)
        licences = self.licences(self.t["Licences"], catalogue, platforms)
        staffing = self.staffing(self.t["Staffing"], catalogue)
        rates = self.unique(self.t["Rates"], ["currency", "year"], "Rates")
        staff_costs = self.unique(self.t["StaffCosts"], ["grade", "year"], "StaffCosts")
        self.rates_cover(licences, rates)
        self.staff_costs_cover(staffing, staff_costs)
        licences = self.repeated_charges(licences)
        about = self.about(self.t["About"])
        scenarios = self.platform_lists(self.t["Scenarios"], "keep", catalogue)
        scenarios = self.scenarios(self.unique(scenarios, ["scenario"], "Scenarios"))
        usage = self.platform_names(self.t["Usage"], catalogue)
        usage = self.unique(usage, ["year", "unit", "platform"], "Usage")
        requirements = self.requirements(self.t["Requirements"], platforms)
        assumptions = self.assumptions(self.unique(self.t["Assumptions"], ["name"], "Assumptions"))
        return Inputs(
            scenarios=scenarios.reset_index(drop=True),
            requirements=requirements.reset_index(drop=True),
            usage=usage.reset_index(drop=True),
            assumptions=assumptions.reset_index(drop=True),
            licences=licences.reset_index(drop=True),
            staffing=staffing.reset_index(drop=True),
            platforms=platforms.reset_index(drop=True),
            rates=rates,
            staff_costs=staff_costs,
            about=about,
            files=[],
            log=self.log,
        )

    def catalogue(self, platforms: pd.DataFrame) -> dict[str, str]:
        """Map each spelling key (name or alias) to the platform's catalogue name."""
        lookup: dict[str, str] = {}
        places: dict[str, dict] = {}
        for row in platforms.itertuples():
            if pd.isna(row.platform):
                continue
            names = [("platform", row.platform)] + [
                ("aliases", a) for a in parse.split_list(pd.Series([row.aliases])).iloc[0]
            ]
            for column, name in names:
                key = _platform_key(name)
                if key in lookup:
                    if lookup[key] == row.platform and column == "aliases":
                        continue  # an alias repeating the platform's own name is harmless
                    first = places[key]
                    self.log.error(
                        "E_DUPLICATE_KEY",
                        f"{name!r} already names platform {lookup[key]!r} "
                        f"({first['file']}, sheet {first['sheet']}, row {first['row']}); "
                        "each name or alias may appear once in the catalogue",
                        **self.place(row, column),
                    )
                    continue
                lookup[key] = row.platform
                places[key] = self.place(row, column)
        return lookup

    def resolve(self, name: str, catalogue: dict[str, str]) -> str | None:
        return catalogue.get(_platform_key(name))

    def resolve_all(self, names: pd.Series, catalogue: dict[str, str]) -> pd.Series:
        """Catalogue name of each name (None where unknown or not text), once per spelling."""
        return parse.map_text(names, lambda v: self.resolve(v, catalogue), keep_others=False)

    def unknown_platform(self, name: str, catalogue: dict[str, str]) -> str:
        names = sorted(set(catalogue.values()))
        close = difflib.get_close_matches(_platform_key(name), list(catalogue), n=1, cutoff=0.6)
        hint = f"; did you mean {catalogue[close[0]]!r}?" if close else "."
        return (
            f"{name!r} is not in the platform catalogue{hint} Use a name or alias from the "
            f"Platforms sheet ({', '.join(names)}), or add it there"
        )

    def licences(self, licences, catalogue, platforms) -> pd.DataFrame:
        if licences.empty:
            if not self.log.has_errors:
                empty = [(f, s) for (f, s), h in self.headers.items() if "amount" in h]
                place = {"file": empty[0][0], "sheet": empty[0][1]} if empty else {}
                self.log.error(
                    "E_NO_LICENCES",
                    "no cost lines: a Licences sheet with at least one line is needed",
                    **place,
                )
            return licences.assign(category=pd.Series(dtype=object))
        for column in ("start_date", "end_date"):
            odd = (licences[column] < EARLIEST_DATE) | (licences[column] > LATEST_DATE)
            for row in licences[odd].itertuples():
                self.log.error(
                    "E_IMPLAUSIBLE_DATE",
                    f"{getattr(row, column):%Y-%m-%d} is not a plausible service date; dates "
                    f"run from {EARLIEST_DATE:%Y} to {LATEST_DATE:%Y}: check the year",
                    **self.place(row, column),
                )
        years = (licences["end_date"] - licences["start_date"]).dt.days / 365.25
        for row in licences[years > LONG_PERIOD_YEARS].itertuples():
            self.log.warning(
                "W_LONG_PERIOD",
                f"a service period of {(row.end_date - row.start_date).days / 365.25:.1f} years; "
                "check the dates",
                **self.place(row, "end_date"),
            )
        if platforms.empty:
            self.log.error(
                "E_NO_CATALOGUE",
                "Licences need a Platforms sheet (the platform catalogue) in one of the workbooks",
            )
        resolved = self.resolve_all(licences["platform"], catalogue)
        for row in licences[resolved.isna() & licences["platform"].notna()].itertuples():
            if not platforms.empty:
                self.log.error(
                    "E_UNKNOWN_PLATFORM",
                    self.unknown_platform(row.platform, catalogue),
                    **self.place(row, "platform"),
                )
        reversed_period = licences["end_date"] < licences["start_date"]
        for row in licences[reversed_period].itertuples():
            self.log.error(
                "E_PERIOD_REVERSED",
                f"the service period ends ({row.end_date:%Y-%m-%d}) before it starts "
                f"({row.start_date:%Y-%m-%d}); end_date is the last day of service, "
                "on or after start_date",
                **self.place(row, "end_date"),
            )
        is_credit = licences["cost_type"] == "credit"
        for row in licences[(licences["amount"] < 0) & ~is_credit].itertuples():
            self.log.error(
                "E_NEGATIVE_AMOUNT",
                f"negative amount {row.amount:,.2f}; amounts are positive, except for a refund "
                "or credit note, which needs cost_type credit",
                **self.place(row, "amount"),
            )
        for row in licences[(licences["amount"] > 0) & is_credit].itertuples():
            self.log.error(
                "E_POSITIVE_CREDIT",
                f"a credit is written as a negative amount; write -{row.amount:,.2f}",
                **self.place(row, "amount"),
            )
        category = platforms.set_index("platform")["category"] if not platforms.empty else {}
        licences = licences.assign(platform=resolved)
        return licences.assign(category=licences["platform"].map(category))

    def platform_lists(self, table: pd.DataFrame, column: str, catalogue) -> pd.DataFrame:
        """Resolve a column of comma-separated platforms to ``;``-joined catalogue names."""
        if table.empty:
            return table
        resolved = []
        for row, names in zip(table.itertuples(), parse.split_list(table[column])):
            found = []
            for name in names:
                platform = self.resolve(name, catalogue)
                if platform is None:
                    self.log.error(
                        "E_UNKNOWN_PLATFORM",
                        self.unknown_platform(name, catalogue),
                        **self.place(row, column),
                    )
                elif platform not in found:
                    found.append(platform)
            resolved.append(";".join(found))
        return table.assign(**{column: resolved})

    def platform_names(self, table: pd.DataFrame, catalogue) -> pd.DataFrame:
        """Resolve the ``platform`` column to catalogue names."""
        if table.empty:
            return table
        resolved = self.resolve_all(table["platform"], catalogue)
        for row in table[resolved.isna() & table["platform"].notna()].itertuples():
            self.log.error(
                "E_UNKNOWN_PLATFORM",
                self.unknown_platform(row.platform, catalogue),
                **self.place(row, "platform"),
            )
        return table.assign(platform=resolved)

    def staffing(self, staffing, catalogue) -> pd.DataFrame:
        if staffing.empty:
            return staffing
        staffing = self.platform_lists(staffing, "platforms", catalogue)
        for row in staffing[staffing["fte"] > LARGE_FTE].itertuples():
            self.log.warning(
                "W_LARGE_FTE",
                f"{row.fte:g} FTE in one row; if a decimal comma was meant (1,5), write 1.5",
                **self.place(row, "fte"),
            )
        no_cost = staffing["grade"].isna() & staffing["annual_cost_chf"].isna()
        for row in staffing[no_cost].itertuples():
            self.log.error(
                "E_NO_COST",
                "a staffing row needs a grade (looked up in StaffCosts) or an annual_cost_chf",
                **self.place(row, "grade"),
            )
        return staffing

    def unique(self, table: pd.DataFrame, key: list[str], sheet: str) -> pd.DataFrame:
        if table.empty:
            return table
        # names compare as the reader compares them: case and spacing aside
        comparable = table[key].apply(
            lambda c: c.map(lambda v: normalize_header(v) if isinstance(v, str) else v)
        )
        repeated = comparable.duplicated(keep="first") & table[key].notna().all(axis=1)
        firsts = {tuple(k): i for i, k in zip(table.index[~repeated], comparable[~repeated].values)}
        for index, row in zip(table.index[repeated], table[repeated].itertuples()):
            first = table.loc[firsts[tuple(comparable.loc[index].values)]]
            self.log.error(
                "E_DUPLICATE_KEY",
                f"{sheet} has two rows for {', '.join(str(getattr(row, k)) for k in key)}; "
                f"the first is {first.source_file}, sheet {first.source_sheet}, "
                f"row {first.source_row}; keep one",
                **self.place(row, key[0]),
            )
        return table[~repeated].reset_index(drop=True)

    def rates_cover(self, licences: pd.DataFrame, rates: pd.DataFrame) -> None:
        foreign = licences[
            (licences["currency"] != REPORTING_CURRENCY)
            & licences["currency"].notna()
            & licences["start_date"].notna()
            & licences["end_date"].notna()
            & (licences["end_date"] >= licences["start_date"])
        ]
        if foreign.empty:
            return
        line, year = years_touched(
            foreign["start_date"].dt.year.to_numpy(), foreign["end_date"].dt.year.to_numpy()
        )
        years = foreign.iloc[line].assign(year=year)
        known = rates.dropna(subset=["currency", "year"])
        rate_keys = pd.MultiIndex.from_arrays([known["currency"], known["year"].astype("int64")])
        wanted = pd.MultiIndex.from_arrays([years["currency"], years["year"]])
        missing = ~wanted.isin(rate_keys)
        for row in years[missing].itertuples():
            self.log.error(
                "E_NO_RATE",
                f"no Rates row for {row.currency} in {row.year}; the line's service period "
                f"touches {row.year}: add a Rates row (currency {row.currency}, year {row.year}, "
                "chf_per_unit)",
                **self.place(row, "currency"),
            )

    def staff_costs_cover(self, staffing: pd.DataFrame, staff_costs: pd.DataFrame) -> None:
        if staffing.empty:
            return
        need = staffing[staffing["annual_cost_chf"].isna() & staffing["grade"].notna()]
        known = set(zip(staff_costs["grade"], staff_costs["year"].astype("Int64")))
        for row in need.itertuples():
            if not pd.isna(row.year) and (row.grade, row.year) not in known:
                self.log.error(
                    "E_NO_STAFF_COST",
                    f"no StaffCosts row for grade {row.grade} in {row.year}: add one, or give "
                    "this row an annual_cost_chf",
                    **self.place(row, "grade"),
                )

    def repeated_charges(self, licences: pd.DataFrame) -> pd.DataFrame:
        """Count a charge once when the same reference, unit, platform, amount and dates repeat."""
        key = ["reference", "unit", "platform", "amount", "currency", "start_date", "end_date"]
        if licences.empty:
            return licences
        has_ref = licences["reference"].notna()
        repeated = has_ref & licences.duplicated(key, keep="first")
        if not repeated.any():
            return licences  # the look-up below indexes every line by its key: only if needed
        firsts = licences[has_ref & ~repeated].set_index(key)
        for row in licences[repeated].itertuples():
            first = firsts.loc[tuple(getattr(row, k) for k in key)]
            if isinstance(first, pd.DataFrame):
                first = first.iloc[0]
            self.log.warning(
                "W_SAME_CHARGE_TWICE",
                f"same charge as {first.source_file}, sheet {first.source_sheet}, "
                f"row {first.source_row} (reference {row.reference}); counted once",
                **self.place(row, "reference"),
            )
        return licences[~repeated]

    def scenarios(self, scenarios: pd.DataFrame) -> pd.DataFrame:
        for row in scenarios.itertuples():
            if isinstance(row.scenario, str) and row.scenario.strip().lower() in RESERVED_SCENARIOS:
                self.log.error(
                    "E_RESERVED_SCENARIO",
                    f"{row.scenario!r} is added by the analysis itself; give this option "
                    "another name",
                    **self.place(row, "scenario"),
                )
            if isinstance(row.keep, str) and not row.keep and not pd.isna(row.scenario):
                self.log.error(
                    "E_MISSING_VALUE",
                    "a scenario must keep at least one platform",
                    **self.place(row, "keep"),
                )
        return scenarios

    def requirements(self, requirements: pd.DataFrame, platforms: pd.DataFrame) -> pd.DataFrame:
        """Check each requirement names something the catalogue can answer."""
        if requirements.empty:
            return requirements.assign(kind=pd.Series(dtype=object), target=pd.Series(dtype=object))
        yes_no = [f.column for f in fields("Platforms") if f.kind == "yesno"]
        categories = sorted(set(platforms["category"].dropna())) if not platforms.empty else []
        kinds, targets = [], []
        for row in requirements.itertuples():
            kind, target, problem = parse_requirement(row.requirement, yes_no, categories)
            kinds.append(kind)
            targets.append(target)
            if problem:
                self.log.error("E_BAD_REQUIREMENT", problem, **self.place(row, "requirement"))
        return requirements.assign(kind=kinds, target=targets)

    def assumptions(self, assumptions: pd.DataFrame) -> pd.DataFrame:
        """Check names, kinds and ranges of the assumptions given."""
        if assumptions.empty:
            return assumptions
        known = assumption_table()
        for row in assumptions.itertuples():
            if pd.isna(row.name):
                continue
            name = normalize_header(row.name)
            if name not in known.index:
                self.log.error(
                    "E_UNKNOWN_ASSUMPTION",
                    _unknown(
                        row.name, list(known.index), "assumption", "reference/assumptions.csv"
                    ),
                    **self.place(row, "name"),
                )
                continue
            spec = known.loc[name]
            for column in ("value", "low", "high"):
                value = getattr(row, column)
                if pd.isna(value):
                    continue
                low, high = float(spec.minimum), float(spec.maximum)
                whole = spec.kind in ("integer", "flag")
                if value < low or value > high or (whole and value != int(value)):
                    kind = {"flag": "1 (yes) or 0 (no)", "integer": "a whole number"}.get(
                        spec.kind, "a number"
                    )
                    self.log.error(
                        "E_OUT_OF_RANGE",
                        f"{value:g} is out of range; {name} is {kind} between {low:g} and "
                        f"{high:g} ({spec.unit})",
                        **self.place(row, column),
                    )
            has_range = not (pd.isna(row.low) and pd.isna(row.high))
            if has_range and spec.kind != "number":
                self.log.error(
                    "E_BAD_RANGE",
                    f"{name} takes no low/high range ({spec.kind}); leave low and high empty",
                    **self.place(row, "low"),
                )
            elif has_range and not (
                (pd.isna(row.low) or row.low <= row.value)
                and (pd.isna(row.high) or row.value <= row.high)
            ):
                self.log.error(
                    "E_BAD_RANGE",
                    f"low ({row.low:g}) ≤ value ({row.value:g}) ≤ high ({row.high:g}) must hold",
                    **self.place(row, "value"),
                )
        return assumptions.assign(name=assumptions["name"].map(normalize_header))

    def about(self, about: pd.DataFrame) -> dict[str, object]:
        facts: dict[str, object] = {}
        for row in about.itertuples():
            if pd.isna(row.field):
                continue
            facts[normalize_header(row.field)] = row.value
        if "illustrative" in facts:
            value, bad = parse.parse_yesno(pd.Series([facts["illustrative"]], dtype=object))
            facts["illustrative"] = bool(value.iloc[0]) if not bad.iloc[0] else True
        return facts
