"""The analysed year ("today"): the one rule that the command line and the notebooks share.

By default it is the latest year with licence data that also has staffing data, when any
year has both, else the latest year with licence data: a contract running into the next
year does not make that year "today", and the support teams of that year are known.
"""

from __future__ import annotations

import numpy as np

from analysis.check.inputs import Inputs
from analysis.issues import InputError, IssueLog
from analysis.periods import split_by_year


def licence_years(inputs: Inputs) -> list[int]:
    """Calendar years touched by a counted cost line, in order."""
    lines = inputs.licences
    if lines.empty:
        return []
    pieces = split_by_year(lines["start_date"].to_numpy(), lines["end_date"].to_numpy())
    return sorted(int(y) for y in np.unique(pieces.year))


def staffing_years(inputs: Inputs) -> list[int]:
    """Years with staffing rows, in order."""
    staffing = inputs.staffing
    return sorted({int(y) for y in staffing["year"].dropna()}) if not staffing.empty else []


def analysed_year(inputs: Inputs, year: int | str | None = None) -> int:
    """The year asked for, or by default the latest with licence and staffing data.

    Args:
        inputs: Checked inputs.
        year: The year asked for, as a number or as text (``"2021"``); None for the default.

    Raises:
        InputError: ``E_NO_DATA_FOR_YEAR`` if the year asked for has no licence data or is
            not a year, naming the years that have.
    """
    years = licence_years(inputs)
    if year is None or (isinstance(year, str) and not year.strip()):
        both = [y for y in years if y in set(staffing_years(inputs))]
        if both or years:
            return max(both or years)
        year = "none"
    wanted = _as_year(year)
    if wanted is None or wanted not in years:
        log = IssueLog()
        log.error(
            "E_NO_DATA_FOR_YEAR",
            f"no licence data for {year}; years with data: {', '.join(map(str, years)) or 'none'}",
        )
        raise InputError(log)
    return wanted


def _as_year(year: object) -> int | None:
    """A year given as a number or text, or None if it is not a whole number.

    Examples:
        >>> _as_year("2021"), _as_year(2021.0), _as_year(" 2020 "), _as_year("last")
        (2021, 2021, 2020, None)
    """
    try:
        number = float(str(year).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
