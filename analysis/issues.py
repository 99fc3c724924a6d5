"""Problems found in the inputs, each with its place and what would be right.

Reading never stops at the first problem: every check adds to an
:class:`IssueLog`, and the run stops once, at the end, if any error was found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

ERROR = "error"
WARNING = "warning"
INFO = "info"

REPORT_COLUMNS = ["severity", "file", "sheet", "row", "column", "message", "code"]


@dataclass(frozen=True)
class Issue:
    """One problem or note about the inputs.

    Attributes:
        severity: ``error`` stops the run; ``warning`` and ``info`` do not.
        code: Stable identifier of the kind of problem, e.g. ``E_NOT_A_NUMBER``.
        message: What is wrong and what would be right, in plain words.
        file: Workbook file name, or empty for the raw folder as a whole.
        sheet: Sheet name as written in the workbook.
        row: Row number as Excel shows it (1-based), if the problem has one.
        column: Column header as written in the workbook, if the problem has one.
    """

    severity: str
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def place(self) -> str:
        """Return where the problem is, e.g. ``costs.xlsx, sheet Licences, row 7``."""
        parts = [p for p in (self.file, self.sheet and f"sheet {self.sheet}") if p]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) or "raw folder"

    def __str__(self) -> str:
        return f"{self.severity.upper()} [{self.code}] {self.place()}: {self.message}"


@dataclass
class IssueLog:
    """Collects issues; knows whether any is an error."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, severity: str, code: str, message: str, **place) -> None:
        """Record one issue."""
        self.issues.append(Issue(severity, code, message, **place))

    def error(self, code: str, message: str, **place) -> None:
        """Record one error."""
        self.add(ERROR, code, message, **place)

    def warning(self, code: str, message: str, **place) -> None:
        """Record one warning."""
        self.add(WARNING, code, message, **place)

    def info(self, code: str, message: str, **place) -> None:
        """Record one note."""
        self.add(INFO, code, message, **place)

    @property
    def errors(self) -> list[Issue]:
        """The issues that stop the run."""
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def has_errors(self) -> bool:
        """Whether any issue stops the run."""
        return any(i.severity == ERROR for i in self.issues)

    def to_frame(self) -> pd.DataFrame:
        """Return the issues as the validation report table, errors first."""
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        rows = sorted(
            (asdict(i) for i in self.issues),
            key=lambda r: (order[r["severity"]], r["file"], r["sheet"], r["row"] or 0),
        )
        frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        return frame


class InputError(Exception):
    """Raised once reading is finished if any error was found; carries every issue."""

    def __init__(self, log: IssueLog):
        self.log = log
        errors = log.errors
        super().__init__(
            f"{len(errors)} error(s) in the inputs:\n" + "\n".join(str(e) for e in errors)
        )
