"""Every number the scenario model assumes: central value, range and source.

The Assumptions sheet gives them; a name it lacks takes the documented default
(``metadata/assumptions.csv``) and is reported, so no number of the model goes unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.issues import IssueLog, Issues
from analysis.metadata import reference


@dataclass(frozen=True)
class AssumptionSet:
    """Every number the model assumes: central value, optional low/high, and source."""

    value: dict[str, float]
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        return self.value[name]

    def uncertain(self) -> list[str]:
        """Names of the assumptions with a low or high value different from the central one."""
        return [
            n
            for n in self.value
            if self.low.get(n, self.value[n]) != self.value[n]
            or self.high.get(n, self.value[n]) != self.value[n]
        ]

    def table(self) -> pd.DataFrame:
        """The assumptions as used, one row each, with their source."""
        known = reference.assumptions()
        return pd.DataFrame(
            {
                "name": list(self.value),
                "value": list(self.value.values()),
                "low": [self.low.get(n, np.nan) for n in self.value],
                "high": [self.high.get(n, np.nan) for n in self.value],
                "unit": [known.loc[n, "unit"] for n in self.value],
                "source": [self.source.get(n, "") for n in self.value],
            }
        )


def resolve_assumptions(given: pd.DataFrame) -> tuple[AssumptionSet, Issues]:
    """Combine the Assumptions sheet with the documented defaults.

    A default used where the sheet gives no value is reported (``W_ASSUMPTION_DEFAULT``),
    so that no number of the model goes unseen.
    """
    log = IssueLog()
    known = reference.assumptions()
    value = {str(n): float(v) for n, v in known["default"].items()}
    source = {n: "default (analysis/metadata/assumptions.csv)" for n in value}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    rows = given if not given.empty else pd.DataFrame(columns=["name"])
    for row in records(rows):
        if row.name not in value or pd.isna(row.value):
            continue
        value[row.name] = float(row.value)
        source[row.name] = row.source if isinstance(row.source, str) else ""
        if not pd.isna(row.low):
            low[row.name] = float(row.low)
        if not pd.isna(row.high):
            high[row.name] = float(row.high)
    missing = [n for n in known.index if n not in set(rows["name"])]
    if missing and not given.empty:
        log.warning(
            "W_ASSUMPTION_DEFAULT",
            f"no Assumptions row for {', '.join(missing)}; the documented defaults are used",
        )
    return AssumptionSet(value, low, high, source), log.issues()
