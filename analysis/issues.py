"""Problems found in the inputs, each with its place and what would be right.

Every stage returns the issues it found (:class:`Issues`, immutable) instead of writing
to a shared log; :func:`analysis.pipeline.run` is the one place that merges them. Within
one stage an :class:`IssueLog` collects them as the checks run. Reading never stops at
the first problem: the run stops once, at the end, if any error was found, raising
:class:`InputError` with every issue.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

REPORT_COLUMNS = ["severity", "file", "sheet", "row", "column", "column_letter", "message", "code"]


@dataclass(frozen=True)
class Issue:
    """One problem or note about the inputs.

    Attributes:
        severity: ``error`` stops the run; ``warning`` and ``info`` do not.
        code: Stable identifier of the kind of problem, e.g. ``E_BAD_VALUE``.
        message: What is wrong and what would be right, in plain words.
        file: Workbook file name, or empty for the raw folder as a whole.
        sheet: Sheet name as written in the workbook.
        row: Row number as Excel shows it (1-based), if the problem has one.
        column: Column header as written in the workbook, if the problem has one.
        column_letter: The column's letters as the spreadsheet shows them (``C``), if known.
    """

    severity: str
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    column_letter: str = ""

    def place(self) -> str:
        """Return where the problem is, naming the column by its letter and its header.

        Examples:
            >>> Issue(ERROR, "E_BAD_VALUE", "", "costs.xlsx", "Licences", 7, "Amount", "C").place()
            'costs.xlsx, sheet Licences, row 7, column C "Amount"'
        """
        parts = [p for p in (self.file, self.sheet and f"sheet {self.sheet}") if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            letter = f"{self.column_letter} " if self.column_letter else ""
            parts.append(f'column {letter}"{self.column}"')
        return ", ".join(parts) or "raw folder"

    def __str__(self) -> str:
        return f"{self.severity.upper()} [{self.code}] {self.place()}: {self.message}"


def at(
    row: Any,
    column: str = "",
    headers: Mapping[str, str] | None = None,
    letters: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The place of a cell of a checked table, as :class:`Issue` fields.

    Args:
        row: A row with ``source_file``, ``source_sheet`` and ``source_row`` (a tuple from
            ``itertuples`` or a Series).
        column: The standard column name of the cell, if the problem has one.
        headers: Standard column -> header as written in that sheet, so the place names
            the header the reader sees.
        letters: Standard column -> its letters in that sheet (``C``).

    Examples:
        >>> row = pd.Series({"source_file": "a.xlsx", "source_sheet": "Rates", "source_row": 4})
        >>> at(row, "year", {"year": "Year"}, {"year": "B"})
        {'file': 'a.xlsx', 'sheet': 'Rates', 'row': 4, 'column': 'Year', 'column_letter': 'B'}
    """
    written = (headers or {}).get(column, column)
    return {
        "file": row.source_file,
        "sheet": row.source_sheet,
        "row": int(row.source_row),
        "column": written,
        "column_letter": (letters or {}).get(column, ""),
    }


@dataclass(frozen=True)
class Issues:
    """An immutable list of issues, with what a reader asks of it."""

    items: tuple[Issue, ...] = ()

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __add__(self, other: Iterable[Issue]) -> Issues:
        return Issues(self.items + tuple(other))

    @property
    def errors(self) -> list[Issue]:
        """The issues that stop the run."""
        return [i for i in self.items if i.severity == ERROR]

    @property
    def has_errors(self) -> bool:
        """Whether any issue stops the run."""
        return any(i.severity == ERROR for i in self.items)

    def to_frame(self) -> pd.DataFrame:
        """Return the issues as the validation report table, errors first."""
        rows = sorted(
            (asdict(i) for i in self.items),
            key=lambda r: (SEVERITY_ORDER[r["severity"]], r["file"], r["sheet"], r["row"] or 0),
        )
        frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        return frame


class IssueLog:
    """Collects the issues of one stage as its checks run; :meth:`issues` freezes them."""

    def __init__(self) -> None:
        self._items: list[Issue] = []

    def add(self, severity: str, code: str, message: str, **place: Any) -> None:
        """Record one issue."""
        self._items.append(Issue(severity, code, message, **place))

    def error(self, code: str, message: str, **place: Any) -> None:
        """Record one error."""
        self.add(ERROR, code, message, **place)

    def warning(self, code: str, message: str, **place: Any) -> None:
        """Record one warning."""
        self.add(WARNING, code, message, **place)

    def info(self, code: str, message: str, **place: Any) -> None:
        """Record one note."""
        self.add(INFO, code, message, **place)

    def extend(self, issues: Iterable[Issue]) -> None:
        """Record issues another step found."""
        self._items.extend(issues)

    @property
    def has_errors(self) -> bool:
        """Whether any issue so far stops the run."""
        return any(i.severity == ERROR for i in self._items)

    def issues(self) -> Issues:
        """The issues recorded so far."""
        return Issues(tuple(self._items))


class InputError(Exception):
    """Raised once checking is finished if any error was found; carries every issue."""

    def __init__(self, issues: Issues | IssueLog):
        self.issues = issues.issues() if isinstance(issues, IssueLog) else issues
        errors = self.issues.errors
        super().__init__(
            f"{len(errors)} error(s) in the inputs:\n" + "\n".join(str(e) for e in errors)
        )
