"""From a sheet's cells to a raw table: find the header row, name the columns, keep the rows.

A raw table holds the cells as the reader gave them (text, numbers, dates, empties), under
standard column names (``metadata/fields.csv`` and ``metadata/header_aliases.csv``), with
the file, sheet and Excel row each data row came from. Typing the cells is the next
stage's work (:mod:`analysis.check`). Problems found here (no header row, a missing or
repeated column, merged header cells, cells no reader can see) are collected with their
place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.config import HEADER_SEARCH_ROWS
from analysis.issues import IssueLog
from analysis.metadata.reference import (
    fields,
    header_label,
    header_spellings,
    normalize_header,
    required_columns,
)
from analysis.read import safety

SOURCE_COLUMNS = ["source_file", "source_sheet", "source_row"]


@dataclass(frozen=True)
class RawTable:
    """One sheet of one workbook (or one line export) after its header row was found.

    Attributes:
        kind: The sheet kind (``Licences``, ``Rates``…).
        file: File name.
        sheet: Sheet name as written (empty for a CSV or Parquet export).
        frame: The data rows' cells under standard column names, with the source columns.
        headers: Standard column -> header as written.
        header_row: 0-based row of the header.
        rows_read: Data rows, empty rows not counted.
        positions: Standard column -> 0-based column.
        written: 0-based column -> header cell, for every non-empty header cell.
        dialect: How a text export was read, for messages (``separated by ';'``); empty
            for a workbook sheet.
    """

    kind: str
    file: str
    sheet: str
    frame: pd.DataFrame
    headers: dict[str, str]
    header_row: int = 0
    rows_read: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    written: dict[int, object] = field(default_factory=dict)
    dialect: str = ""

    @property
    def letters(self) -> dict[str, str]:
        """Standard column -> its letters as the spreadsheet shows them (``C``)."""
        return {name: column_letter(pos) for name, pos in self.positions.items()}

    @property
    def where(self) -> str:
        """``this sheet`` or ``this file`` (a line export), for messages."""
        return "this file" if not self.sheet else "this sheet"


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


def merged_in_header(table: RawTable, merged, log: IssueLog) -> bool:
    """Report merged cells that touch the header row; return whether there were any."""
    found = False
    for (row0, col0), (row1, col1) in merged:
        if row0 <= table.header_row <= row1 and (col1 > col0 or row1 > row0):
            cells = f"{column_letter(col0)}{row0 + 1}:{column_letter(col1)}{row1 + 1}"
            log.error(
                "E_MERGED_HEADER",
                f"merged cells {cells} in the header row; unmerge them and give each column "
                "its own header in one row",
                file=table.file,
                sheet=table.sheet,
                row=table.header_row + 1,
                column=str(table.written.get(col0, "")),
                column_letter=column_letter(col0),
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


def unreadable_cells(table: RawTable, findings: safety.CellFindings, log: IssueLog) -> set[int]:
    """Report cells of the table that every reader sees as empty; return their rows."""
    rows: set[int] = set()
    wanted = {pos: name for name, pos in table.positions.items()}
    for attribute, (code, words) in _UNREADABLE.items():
        for row, letters in getattr(findings, attribute).get(table.sheet, []):
            pos = safety.column_index(letters)
            if row <= table.header_row + 1 or pos not in wanted:
                continue
            log.error(
                code,
                f"cell {letters}{row} {words}",
                file=table.file,
                sheet=table.sheet,
                row=row,
                column=table.headers.get(wanted[pos], wanted[pos]),
                column_letter=letters,
            )
            rows.add(row)
    return rows


def column_letter(index: int) -> str:
    """Return the letters Excel shows for a 0-based column index.

    Examples:
        >>> column_letter(0), column_letter(25), column_letter(26)
        ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def locate_header(
    kind: str, raw: pd.DataFrame, file: str, sheet: str, log: IssueLog, row_offset: int = 1
) -> RawTable | None:
    """Find the header row: the first of the first rows holding every required column."""
    spellings = header_spellings(kind)
    required = required_columns(kind)
    best_row: int | None = None
    best_found: set[str | None] = set()
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
            f"{kind} sheet needs a header row with {', '.join(map(header_label, required))} "
            f"among its first "
            f"{HEADER_SEARCH_ROWS} rows; {where}",
            file=file,
            sheet=sheet,
        )
        return None
    cells = {
        normalize_header(v): (pos, str(v).strip())
        for pos, v in enumerate(raw.iloc[best_row])
        if normalize_header(v) and spellings.get(normalize_header(v)) is None
    }
    letters_only = {re.sub(r"[^a-z]", "", k): k for k in cells}
    hints = []
    for column in missing:
        label = header_label(column)
        close = letters_only.get(column.replace("_", "")) or next(
            iter(difflib.get_close_matches(column, list(cells), n=1, cutoff=0.75)), None
        )
        if close is None:
            hints.append(label)
            continue
        pos, seen = cells[close]
        hints.append(
            f'{label} (column {column_letter(pos)} "{seen}" looks like it: rename it "{label}")'
        )
    log.error(
        "E_MISSING_COLUMN",
        f"the header row lacks the required column(s) {'; '.join(hints)}; add them, with "
        f"the headers in one row among the first {HEADER_SEARCH_ROWS}",
        file=file,
        sheet=sheet,
        row=best_row + 1,
        column=", ".join(header_label(c) for c in missing),
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
) -> RawTable | None:
    written = raw.iloc[header_row]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    duplicated = False
    for pos, name in enumerate(names):
        if name is None:
            continue
        label = str(written.iloc[pos]).strip()
        if name in headers:
            first = f'column {column_letter(positions[name])} "{headers[name]}"'
            log.error(
                "E_DUPLICATE_HEADER",
                f'{first} and column {column_letter(pos)} "{label}" both mean '
                f"{header_label(name)}. If this one heads a side table beside the lines (a "
                "summary with the same headers), move that table to a sheet of its own; "
                "otherwise keep one of the two columns",
                file=file,
                sheet=sheet,
                row=header_row + 1,
                column=label,
                column_letter=column_letter(pos),
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
    return RawTable(
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
        blank[blank] = _blank_cells(body.iloc[blank, position].to_numpy(dtype=object))
    return blank


def _blank_cells(cells: np.ndarray) -> np.ndarray:
    """Cells that are empty: None, NaN, NaT, or text of spaces only."""
    return np.fromiter(
        (
            (v.isspace() or not v)
            if isinstance(v, str)
            else (v is None or (not isinstance(v, bool | int) and pd.isna(v)))
            for v in cells.tolist()
        ),
        dtype=bool,
        count=len(cells),
    )
