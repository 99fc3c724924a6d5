"""What a notebook shows beside its charts: the data used, amounts, and tables of money.

One helper per thing, so that every notebook shows it the same way: :func:`data_used`
(folder, files, year, illustrative or not), :func:`chf` (an amount in a sentence), and
:func:`chf_table` (a table: labelled columns, CHF with separators, no index, text in
full, the top rows and how many more, and the CSV the run writes the whole table to).
:func:`project_path` reads a notebook's folder parameter the same way from JupyterLab
and from papermill. Nothing here computes a result or writes a file.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import config
from analysis.check.inputs import Inputs
from analysis.check.year import licence_years, staffing_years
from analysis.metadata import output_fields

TOP_ROWS = 10
# A CHF column shows centimes only while its amounts are small (prices per seat or hour).
CENTIMES_BELOW = 1000


def project_path(path: str | Path | None, default: Path) -> Path:
    """A folder parameter as the analyst means it: relative paths start at the project root.

    JupyterLab runs a notebook in its own folder, papermill wherever it is started; both
    read ``data/raw`` as the project's.

    Examples:
        >>> project_path("data/raw", Path("/x")) == config.PROJECT_DIR / "data" / "raw"
        True
        >>> project_path(None, Path("/x")), project_path("/tmp/in", Path("/x"))
        (PosixPath('/x'), PosixPath('/tmp/in'))
    """
    if path is None or not str(path).strip():
        return default
    return config.PROJECT_DIR / Path(str(path).strip()).expanduser()


def chf(amount: float) -> str:
    """An amount for a sentence, in whole francs with separators.

    Examples:
        >>> chf(1234567.4), chf(-0.4), chf(12.5)
        ('CHF 1,234,567', 'CHF 0', 'CHF 12')
    """
    rounded = round(float(amount))
    return f"CHF {rounded + 0:,}"


def _shown_folder(folder: Path) -> str:
    folder = Path(folder).resolve()
    try:
        return folder.relative_to(config.PROJECT_DIR).as_posix()
    except ValueError:
        return str(folder)


def data_used(inputs: Inputs, year: int | None = None, asked: object = None) -> str:
    """Markdown saying which folder and files were read, for which year, illustrative or not.

    Args:
        inputs: The inputs read.
        year: The analysed year, if the notebook has one.
        asked: The ``year`` parameter as given (None: the default rule chose the year).
    """
    files = [p.name for p in inputs.files]
    folder = _shown_folder(inputs.files[0].parent) if files else "(no file)"
    lines = [
        f"**Data used.** Folder `{folder}`: {len(files)} workbook(s) or export(s), "
        + ", ".join(f"`{name}`" for name in files)
        + "."
    ]
    data_date = inputs.about.get("data_date")
    if isinstance(data_date, dt.date):
        lines.append(f"Data as of {data_date:%d %B %Y}.")
    if year is not None:
        years = licence_years(inputs)
        both = set(years) & set(staffing_years(inputs))
        why = (
            f"as asked (`year = {asked!r}`)"
            if asked is not None and str(asked).strip()
            else "the latest with licence and staffing data"
            if both
            else "the latest with licence data"
        )
        lines.append(
            f"Year analysed: **{year}**, {why}; years with licence data: "
            + ", ".join(map(str, years))
            + "."
        )
    if inputs.is_illustrative:
        lines.append(
            "**Illustrative data**: the About sheet marks these workbooks as illustrative; "
            "the numbers are not the organisation's accounts."
        )
    return " ".join(lines)


@dataclass(frozen=True)
class Table:
    """A table as a notebook shows it: text cells, the rows left out, the full table's CSV."""

    cells: pd.DataFrame  # formatted text, labelled columns, no index
    numeric: tuple[bool, ...]  # per column: set right-aligned
    more: int  # rows left out
    csv: str | None  # the full table's file, relative to where the notebook runs
    csv_written: bool = True  # False until a run has written it: named, not linked

    def footer(self) -> str:
        """The line under the table, as text (empty when there is nothing to say)."""
        parts = []
        if self.more:
            parts.append(f"… and {self.more:,} more row{'s' if self.more != 1 else ''}.")
        if self.csv:
            parts.append(f"Full table: {self.csv} ({self._when()}).")
        return " ".join(parts)

    def _when(self) -> str:
        return "written by `make figures`" if self.csv_written else "once `make figures` has run"

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 10_000):
            text = self.cells.to_string(index=False) if len(self.cells.columns) else ""
        return "\n".join(filter(None, [text, self.footer()]))

    def _repr_html_(self) -> str:
        def cell(tag: str, text: str, numeric: bool) -> str:
            align = "right" if numeric else "left"
            style = f"text-align:{align};white-space:{'nowrap' if numeric else 'normal'}"
            return f'<{tag} style="{style}">{html.escape(text)}</{tag}>'

        head = "".join(cell("th", str(c), n) for c, n in zip(self.cells.columns, self.numeric))
        body = "".join(
            "<tr>" + "".join(cell("td", str(v), n) for v, n in zip(row, self.numeric)) + "</tr>"
            for row in self.cells.itertuples(index=False)
        )
        parts = [f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"]
        footer = []
        if self.more:
            footer.append(f"… and {self.more:,} more row{'s' if self.more != 1 else ''}.")
        if self.csv:
            name = html.escape(self.csv)
            shown = f'<a href="{name}">{name}</a>' if self.csv_written else name
            when = html.escape(self._when()).replace("`make figures`", "<code>make figures</code>")
            footer.append(f"Full table: {shown} ({when}).")
        if footer:
            parts.append(f"<p>{' '.join(footer)}</p>")
        return "".join(parts)


def _kind(column: str, values: pd.Series, registered: dict[str, output_fields.OutputField]) -> str:
    """The display format of a column: the registry's, else read from its name and type."""
    if column in registered:
        return registered[column].format
    if column.endswith("_chf"):
        return "chf"
    if column == "year" or column.endswith("_year"):
        return "year"
    if column.endswith("_share"):
        return "share"
    if pd.api.types.is_bool_dtype(values):
        return "flag"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "number"
    return "text"


def _label(column: str, registered: dict[str, output_fields.OutputField]) -> str:
    field = registered.get(column)
    if field is not None:
        return f"{field.label} (CHF)" if field.unit == "CHF" else field.label
    words = column.removesuffix("_chf").replace("_", " ")
    words = words[:1].upper() + words[1:]
    return f"{words} (CHF)" if column.endswith("_chf") else words


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _formatter(kind: str, values: pd.Series) -> Any:
    if kind == "chf":
        numbers = pd.to_numeric(values, errors="coerce").abs()
        small = bool(numbers.notna().any()) and float(numbers.max()) < CENTIMES_BELOW
        whole = bool((numbers.dropna() % 1 == 0).all())
        decimals = 2 if small and not whole else 0
        return lambda v: f"{float(v) + 0:,.{decimals}f}"
    if kind == "number":
        return lambda v: f"{float(v):,.2f}".rstrip("0").rstrip(".")
    if kind == "integer":
        return lambda v: f"{float(v):,.0f}"
    if kind == "year":
        return lambda v: str(int(float(v)))
    if kind == "share":
        return lambda v: f"{float(v):.0%}"
    if kind == "flag":
        return lambda v: "yes" if bool(v) else "no"
    if kind == "date":
        return lambda v: f"{pd.Timestamp(v):%Y-%m-%d}"
    return str


def chf_table(
    frame: pd.DataFrame,
    *,
    table: str | None = None,
    top: int = TOP_ROWS,
    csv: str | None = None,
) -> Table:
    """A table of money as a notebook shows it: the top rows, formatted, the rest counted.

    Columns take their label and format from the output-field registry when ``table`` is
    one of the written tables, else from their name (``_chf``: CHF; ``year``; ``_share``).
    Amounts get separators and whole francs (centimes only in a column of small amounts,
    such as prices); text is shown in full; missing values are blank; there is no index.

    Args:
        frame: The rows to show, already in the order to show them.
        table: Its name in the registry, which also names its CSV (``<table>.csv``).
        top: How many rows to show; the rest are counted under the table.
        csv: The file the full table is written to, if not ``<table>.csv``.

    Examples:
        >>> frame = pd.DataFrame({"platform": ["Zoom", "Teams", "Webex"],
        ...                       "spend_chf": [1234567.891, 944.0, 12.0]})
        >>> print(repr(chf_table(frame, top=2)))
        Platform Spend (CHF)
            Zoom   1,234,568
           Teams         944
        … and 1 more row.
    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index is a column to show (a pivot's rows)
    registered: dict[str, output_fields.OutputField] = {}
    if table is not None:
        registered = {f.column: f for f in output_fields.fields_of(table)}
        csv = csv or f"{table}.csv"
    top_rows = frame.head(top)
    cells = {}
    numeric = []
    for column in frame.columns:
        kind = _kind(str(column), frame[column], registered)
        show = _formatter(kind, frame[column])
        cells[_label(str(column), registered)] = [
            "" if _missing(v) else show(v) for v in top_rows[column]
        ]
        numeric.append(kind in {"chf", "number", "integer", "share"})
    link, written = None, False
    if csv is not None:
        path = config.PROCESSED_DIR / csv
        link, written = Path(os.path.relpath(path, Path.cwd())).as_posix(), path.is_file()
    return Table(
        cells=pd.DataFrame(cells, columns=list(cells)),
        numeric=tuple(numeric),
        more=max(len(frame) - top, 0),
        csv=link,
        csv_written=written,
    )


def share(part: float, whole: float) -> str:
    """A part of a whole as a rounded percentage for a sentence.

    Examples:
        >>> share(1, 3), share(0, 0)
        ('33 %', '0 %')
    """
    if not whole or math.isnan(whole):
        return "0 %"
    return f"{part / whole:.0%}".replace("%", " %")
