"""The output-field registry: every column of every table the analysis writes, defined once.

``output_fields.csv`` gives, per table and column: the label a reader sees, the unit, the
display format and a description; its row order is the column order of the table.
``output_tables.csv`` says what one row of each table is. The model ends each table with
:func:`arrange` (so a column can neither go missing nor appear unannounced), the summary
workbook takes its headers and number formats from here, and the README's table of
outputs is :func:`markdown_table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.config import METADATA_DIR
from analysis.frames import records

# Display formats, as a spreadsheet writes them.
SPREADSHEET_FORMATS = {
    "chf": "#,##0.00",
    "number": "#,##0.00",
    "integer": "#,##0",
    "year": "0",
    "share": "0.0%",
    "date": "yyyy-mm-dd",
    "text": "@",
    "flag": "General",
}


@dataclass(frozen=True)
class OutputField:
    """One column of one output table."""

    table: str
    column: str
    label: str
    unit: str
    format: str
    description: str


@cache
def _fields() -> tuple[OutputField, ...]:
    frame = pd.read_csv(METADATA_DIR / "output_fields.csv", dtype=str, keep_default_na=False)
    found = tuple(
        OutputField(row.table, row.column, row.label, row.unit, row.format, row.description)
        for row in records(frame)
    )
    unknown = sorted({f.format for f in found} - set(SPREADSHEET_FORMATS))
    if unknown:
        raise ValueError(f"output_fields.csv: unknown format(s) {unknown}")
    return found


@cache
def output_tables() -> pd.DataFrame:
    """What one row of each output table is, with a description, in the order shown."""
    return pd.read_csv(METADATA_DIR / "output_tables.csv", dtype=str, keep_default_na=False)


def fields_of(table: str) -> tuple[OutputField, ...]:
    """The fields of ``table`` in column order.

    Raises:
        KeyError: If the registry has no such table.

    Examples:
        >>> [f.column for f in fields_of("fragmentation")]
        ['year', 'platform', 'units_count', 'units', 'spend_chf']
    """
    found = tuple(f for f in _fields() if f.table == table)
    if not found:
        raise KeyError(f"no table {table!r} in output_fields.csv")
    return found


def columns(table: str) -> list[str]:
    """The columns of ``table``, in order."""
    return [f.column for f in fields_of(table)]


def arrange(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the registered columns of ``table``, in their order.

    Raises:
        ValueError: Naming every registered column missing from ``frame``.

    Examples:
        >>> arrange("fragmentation", pd.DataFrame(columns=["spend_chf", "units", "units_count",
        ...     "platform", "year", "helper"])).columns.tolist()
        ['year', 'platform', 'units_count', 'units', 'spend_chf']
    """
    wanted = columns(table)
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise ValueError(f"table {table} lacks the registered column(s) {', '.join(missing)}")
    return frame[wanted]


def empty(table: str) -> pd.DataFrame:
    """A table with the columns of ``table`` and no rows."""
    return pd.DataFrame(columns=columns(table))


def markdown_table() -> str:
    """The README's table of outputs: one line per table with what one row is."""
    lines = ["| file | one row per | what it holds |", "|---|---|---|"]
    for row in records(output_tables()):
        name = "`summary.xlsx`, sheet Sources" if row.table == "sources" else f"`{row.table}.csv`"
        lines.append(f"| {name} | {row.one_row_per} | {row.description} |")
    return "\n".join(lines)


def markdown_fields() -> str:
    """Every column of every output table, for ``docs/outputs.md``."""
    parts = []
    for row in records(output_tables()):
        parts.append(f"## {row.table}\n\nOne row per {row.one_row_per}. {row.description}.\n")
        parts.append("| column | label | unit | description |\n|---|---|---|---|")
        parts.extend(
            f"| `{f.column}` | {f.label} | {f.unit or '–'} | {f.description} |"
            for f in fields_of(row.table)
        )
        parts.append("")
    return "\n".join(["# Output tables", "", *parts])
