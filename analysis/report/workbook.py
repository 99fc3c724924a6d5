"""The summary workbook for finance staff and delegates: every table, and where each CHF came from.

One sheet per table, with a frozen header row, each column's number format from the
output-field registry (:mod:`analysis.metadata.output_fields`) and fitting column widths,
and a **Sources** sheet that lists, for every cost line and staffing row counted, the file,
sheet and row it came from and the CHF it contributed to each year, so that any total can be
traced to cells of the raw workbooks. Text from the inputs is always written as text, never
as a formula. Pure: :func:`build_summary` returns the workbook; saving is done by
:mod:`analysis.write`.
"""

from __future__ import annotations

from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from analysis.config import FORMULA_STARTS
from analysis.metadata import output_fields

# Beyond this many source rows the Sources sheet would be slow to write and to open;
# they then go to sources.csv, which the sheet points to.
MAX_SOURCE_ROWS = 100_000


def build_summary(tables: dict[str, pd.DataFrame], source_rows: pd.DataFrame) -> openpyxl.Workbook:
    """The workbook: a Headline sheet first, one sheet per table, then Sources."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, table in tables.items():
        _write_sheet(book.create_sheet(_sheet_name(name)), name, table)
    sheet = book.create_sheet("Sources")
    if len(source_rows) <= MAX_SOURCE_ROWS:
        _write_sheet(sheet, "sources", source_rows)
    else:
        sheet.append([f"{len(source_rows):,} source rows: see sources.csv beside this workbook"])
    return book


def _sheet_name(name: str) -> str:
    return name.replace("_", " ").capitalize()[:31]


def _write_sheet(sheet: Any, name: str, table: pd.DataFrame) -> None:
    formats = {f.column: f.format for f in output_fields.fields_of(name)}
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.itertuples(index=False):
        sheet.append([_cell_value(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text from the inputs, never a formula
    for j, column in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        shown_as = output_fields.SPREADSHEET_FORMATS[formats[column]]
        if formats[column] not in ("text", "flag"):
            for cell in sheet[letter][1:]:
                cell.number_format = shown_as
        longest = max([len(str(column)), *(len(_shown(v)) for v in table[column].head(500))])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A2"


def _cell_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return value


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)
