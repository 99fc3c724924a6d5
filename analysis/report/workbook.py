"""The summary workbook for finance staff and delegates: every table, and where each CHF came from.

A **Cover** sheet first: the title, a mark when the data is illustrative, the data's date,
and the contents, each sheet linked. Then one sheet per table, its headers in words with
their unit (the labels of the output-field registry,
:mod:`analysis.metadata.output_fields`, each column's description as the header's note),
amounts rounded to the centime and shown ``#,##0.00``, shares as %, and a **Sources** sheet
that lists, for every cost line and staffing row counted, the file, sheet and row it came
from and the CHF it contributed to each year, so that any total can be traced to cells of
the raw workbooks.

Totals rows (``metadata/workbook_totals.csv`` says which tables, which columns, and by
what) are **values, not formulas**: openpyxl stores no computed value for a formula, so a
viewer that does not recalculate (a preview, pandas, a mail client) would show an empty
total; a value is the same everywhere. Each total is the sum of the rounded amounts shown
above it, so a hand sum of the printed column gives it exactly; a total over a column with
a gap is left empty rather than understated. Text from the inputs is always written as
text, never as a formula.

Every sheet prints on A4 landscape, fitted to the page's width, its header row repeated
on each page and the page number in the footer. Pure: :func:`build_summary` returns the
workbook; saving is done by :mod:`analysis.write`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties

from analysis import __version__
from analysis.config import FORMULA_STARTS, METADATA_DIR
from analysis.metadata import output_fields
from analysis.report.i18n import Messages

# Beyond this many source rows the Sources sheet would be slow to write and to open;
# they then go to sources.csv, which the sheet points to.
MAX_SOURCE_ROWS = 100_000
COVER = "Cover"
SOURCES = "Sources"
MONEY = output_fields.SPREADSHEET_FORMATS["chf"]
# How each unit of the assumptions table is shown, row by row.
UNIT_FORMATS = {
    "share": "0.0%",
    "share per year": "0.0%",
    "CHF": MONEY,
    "CHF per seat": MONEY,
    "yes=1 no=0": '"yes";"yes";"no"',
    "years": "0",
    "draws": "#,##0",
    "seed": "0",
}
# Text columns wider than this wrap inside their cells instead of running across the page.
WIDEST_CHARACTERS = 32
NARROWEST_CHARACTERS = 8
# A header longer than this wraps onto more lines rather than widening its column.
HEADER_CHARACTERS = 12
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
FONT = "Calibri"
# A row of 11-point text is 15 points high; wrapped cells get one such line per line.
LINE_POINTS = 15
THIN = Side(style="thin", color="808080")
ILLUSTRATIVE_RED = "B00020"


@dataclass(frozen=True)
class About:
    """What the cover says about the run.

    Attributes:
        year: The analysed year.
        illustrative: Whether the data is illustrative.
        data_date: The date the data describes, if the inputs give one.
        files: The input files read.
        made_on: The day the workbook was made.
    """

    year: int
    illustrative: bool = False
    data_date: dt.date | None = None
    files: tuple[str, ...] = field(default_factory=tuple)
    made_on: dt.date | None = None


@dataclass(frozen=True)
class Total:
    """A table's totals: the columns summed, and by which column (or over all rows)."""

    by: str
    summed: tuple[str, ...]


@cache
def totals() -> dict[str, Total]:
    """The totals rows of each table, from ``metadata/workbook_totals.csv``."""
    frame = pd.read_csv(METADATA_DIR / "workbook_totals.csv", dtype=str, keep_default_na=False)
    return {
        str(row["table"]): Total(by=str(row["by"]), summed=tuple(str(row["summed"]).split(";")))
        for _, row in frame.iterrows()
    }


def build_summary(
    tables: dict[str, pd.DataFrame],
    source_rows: pd.DataFrame,
    about: About | None = None,
    lang: str = "en",
) -> openpyxl.Workbook:
    """The workbook: a cover, one sheet per table (Headline first, as given), then Sources.

    Args:
        tables: Output tables by registry name, in the order their sheets are wanted.
        source_rows: Every cost line and staffing row counted (the Sources sheet).
        about: What the cover says about the run.
        lang: Language of the cover's words (headers are the registry's English labels).
    """
    about = about or About(year=0)
    msg = Messages(lang)
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = COVER
    names: list[tuple[str, str]] = []
    units = _assumption_units(tables)
    for name, table in tables.items():
        sheet = book.create_sheet(_sheet_name(name))
        _write_table(sheet, name, table, units)
        names.append((sheet.title, name))
    sheet = book.create_sheet(SOURCES)
    if len(source_rows) <= MAX_SOURCE_ROWS:
        _write_table(sheet, "sources", source_rows, units)
    else:
        sheet.append([msg("workbook.sources_elsewhere", rows=msg.number(len(source_rows)))])
    names.append((SOURCES, "sources"))
    _write_cover(cover, about, msg, names)
    for each in book.worksheets:
        _set_up_printing(each, about, msg)
    return book


def _font(**style: Any) -> Font:
    return Font(name=FONT, **{"size": 11, **style})


def _sheet_name(name: str) -> str:
    return name.replace("_", " ").capitalize()[:31]


def header(fld: output_fields.OutputField) -> str:
    """A column's header in words, with its unit where the cell does not show it.

    Examples:
        >>> header(output_fields.fields_of("headline")[2])
        'Spend (CHF)'
    """
    return f"{fld.label} (CHF)" if fld.format == "chf" and "CHF" not in fld.label else fld.label


def _assumption_units(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    table = tables.get("assumptions_used")
    if table is None:
        return {}
    return dict(zip(table["name"].astype(str), table["unit"].astype(str)))


def _write_table(sheet: Any, name: str, table: pd.DataFrame, units: dict[str, str]) -> None:
    fields = output_fields.fields_of(name)
    by_column = {f.column: f for f in fields}
    shown = _rounded(table, by_column)
    sheet.append([header(by_column[c]) for c in shown.columns])
    for cell, column in zip(sheet[1], shown.columns):
        numeric = by_column[column].format not in ("text", "flag", "year", "date")
        cell.font = _font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=THIN)
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom",
            horizontal="right" if numeric else "left",
            indent=0 if numeric else 1,
        )
        cell.comment = Comment(by_column[column].description, "analysis")
    for values in shown.itertuples(index=False):
        sheet.append([_cell_value(v) for v in values])
    last_data_row = sheet.max_row
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text from the inputs, never a formula
    for j, column in enumerate(shown.columns, start=1):
        kind = by_column[column].format
        for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
            if kind not in ("text", "flag"):
                cell.number_format = output_fields.SPREADSHEET_FORMATS[kind]
            # text starts a space in from the number before it: "2020  GS", not "2020GS"
            cell.alignment = Alignment(
                wrap_text=kind in ("text", "flag"),
                vertical="top",
                horizontal="left" if kind in ("year", "date", "text", "flag") else None,
                indent=1 if kind in ("text", "flag") else 0,
            )
    _format_by_unit(sheet, name, shown, units)
    if name in totals() and len(shown):
        _append_totals(sheet, name, shown, by_column)
    _size_columns(sheet, shown, by_column)
    _fit_rows(sheet)
    sheet.freeze_panes = "A2"
    if len(shown):
        last = get_column_letter(max(1, len(shown.columns)))
        sheet.auto_filter.ref = f"A1:{last}{last_data_row}"


def _rounded(table: pd.DataFrame, fields: dict[str, output_fields.OutputField]) -> pd.DataFrame:
    """Amounts rounded to the centime, so the cells hold what they show."""
    money = [c for c in table.columns if fields[c].format == "chf"]
    if not money:
        return table
    rounded = table.copy()
    for column in money:
        rounded[column] = pd.to_numeric(rounded[column]).round(2)
    return rounded


def _format_by_unit(sheet: Any, name: str, shown: pd.DataFrame, units: dict[str, str]) -> None:
    """Show each assumption's value, low and high in its own unit (3.0 %, CHF, yes or no)."""
    if name == "assumptions_used":
        key = "name"
        columns = ["value", "low", "high"]
    elif name == "sensitivity":
        key = "assumption"
        columns = ["low", "high"]
    else:
        return
    spots = [list(shown.columns).index(c) + 1 for c in columns]
    for i, assumption in enumerate(shown[key].astype(str), start=2):
        number_format = UNIT_FORMATS.get(units.get(assumption, ""))
        for j in spots if number_format else []:
            sheet.cell(row=i, column=j).number_format = number_format


def _append_totals(
    sheet: Any, name: str, shown: pd.DataFrame, fields: dict[str, output_fields.OutputField]
) -> None:
    rule = totals()[name]
    groups = [("", shown)] if not rule.by else list(shown.groupby(rule.by, sort=True))
    for key, group in groups:
        label = "Total" if not rule.by else f"Total {_key_text(key)}"
        row: list[Any] = [None] * len(shown.columns)
        row[0] = label
        for column in rule.summed:
            values = pd.to_numeric(group[column])
            if values.isna().any():
                continue  # a gap: an empty total, never one that leaves a row out
            decimals = 2 if fields[column].format == "chf" else 6
            row[list(shown.columns).index(column)] = round(float(values.sum()), decimals)
        sheet.append(row)
        for j, cell in enumerate(sheet[sheet.max_row], start=1):
            cell.font = _font(bold=True)
            cell.border = Border(top=THIN)
            kind = fields[shown.columns[j - 1]].format
            if cell.value is not None and j > 1:
                cell.number_format = output_fields.SPREADSHEET_FORMATS[kind]


def _key_text(key: Any) -> str:
    value = key[0] if isinstance(key, tuple) else key
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _size_columns(
    sheet: Any, shown: pd.DataFrame, fields: dict[str, output_fields.OutputField]
) -> None:
    """Wide enough for the numbers and the header's longest word; long text wraps."""
    for j, column in enumerate(shown.columns, start=1):
        kind = fields[column].format
        values = [_shown(v, kind) for v in shown[column].head(500)]
        longest_value = max((len(v) for v in values), default=0)
        longest_word = max(len(w) for w in header(fields[column]).split())
        width = max(NARROWEST_CHARACTERS, longest_word + 2, min(longest_value + 2, 60))
        if kind in ("text", "flag"):
            width = min(width, WIDEST_CHARACTERS)
        # a header of several words may take two lines instead of widening a narrow column
        width = max(width, min(len(header(fields[column])) + 2, HEADER_CHARACTERS))
        sheet.column_dimensions[get_column_letter(j)].width = width


def _fit_rows(sheet: Any) -> None:
    """Tall enough for wrapped text: spreadsheets do not grow a written row themselves."""
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = widths.get(cell.column_letter) or 10
                lines = max(lines, _lines(cell.value, width))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = LINE_POINTS * lines


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide, broken at spaces.

    Examples:
        >>> _lines("Cost of unused licences", 12)
        3
    """
    count, used = 1, 0
    room = max(1, int(width) - 1)
    for word in text.split():
        if used and used + 1 + len(word) > room:
            count, used = count + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
        count += (len(word) - 1) // room  # a word longer than the column is cut
    return count


def _shown(value: object, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind in ("chf", "number") and isinstance(value, int | float):
        return f"{value:,.2f}"
    if kind == "share" and isinstance(value, int | float):
        return f"{value:.1%}"
    if kind == "date":
        return "2022-01-01"
    return str(value)


def _cell_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return value


def _write_cover(sheet: Any, about: About, msg: Messages, names: list[tuple[str, str]]) -> None:
    described = output_fields.output_tables().set_index("table")
    sheet.append([msg("workbook.title", year=about.year)])
    sheet["A1"].font = _font(bold=True, size=16)
    if about.illustrative:
        sheet.append([msg("brief.illustrative")])
        sheet.cell(row=sheet.max_row, column=1).font = _font(
            bold=True, size=12, color=ILLUSTRATIVE_RED
        )
    sheet.append([])
    if about.data_date is not None:
        sheet.append([msg("workbook.data_date"), msg.date(about.data_date)])
    sheet.append([msg("workbook.year"), str(about.year)])
    if about.files:
        sheet.append([msg("workbook.files"), msg.join(list(about.files))])
    if about.made_on is not None:
        sheet.append([msg("workbook.made"), msg.date(about.made_on)])
    sheet.append([msg("workbook.software"), f"analysis {__version__}"])
    sheet.append([msg("workbook.amounts"), msg("workbook.amounts_note")])
    for row in sheet.iter_rows(min_row=3, max_col=1):
        row[0].font = _font(bold=True)
    sheet.append([])
    sheet.append([msg("workbook.contents")])
    sheet.cell(row=sheet.max_row, column=1).font = _font(bold=True, size=13)
    sheet.append([msg("workbook.sheet"), msg("workbook.one_row_per"), msg("workbook.holds")])
    for cell in sheet[sheet.max_row]:
        cell.font = _font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = Border(bottom=THIN)
    for title, table in names:
        about_table: Any = described.loc[table] if table in described.index else None
        sheet.append(
            [
                title,
                "" if about_table is None else about_table["one_row_per"],
                "" if about_table is None else about_table["description"],
            ]
        )
        link = sheet.cell(row=sheet.max_row, column=1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(title)}!A1")
        link.font = _font(color="0563C1", underline="single")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
    for letter, width in zip("ABC", (24, 40, 80)):
        sheet.column_dimensions[letter].width = width
    _fit_rows(sheet)


def _set_up_printing(sheet: Any, about: About, msg: Messages) -> None:
    """A4 landscape, as wide as the page, header row on every page, numbered pages."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    if sheet.title != COVER:
        sheet.print_title_rows = "1:1"
    sheet.oddHeader.left.text = "&A"
    if about.illustrative:
        sheet.oddHeader.right.text = msg("chart.illustrative_mark")
        sheet.oddHeader.right.color = ILLUSTRATIVE_RED
    sheet.oddFooter.center.text = msg("workbook.page", page="&P", pages="&N")
