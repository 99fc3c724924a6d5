"""Calendar arithmetic on service periods: the one split of a period into calendar years.

A period runs from its first to its last day, both counted. Checking the inputs (which
years need an exchange rate), annualising spend, contract run-off and utilisation all
cut periods at year boundaries with :func:`split_by_year`, so they can never disagree on
how many days of a period fall in a year. Arithmetic on dates, no loop per day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def years_touched(first_year: np.ndarray, last_year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For spans of calendar years, the index of the span and the year, once per year touched.

    Examples:
        >>> years_touched(np.array([2020, 2021]), np.array([2021, 2021]))
        (array([0, 0, 1]), array([2020, 2021, 2021]))
    """
    count = last_year - first_year + 1
    span = np.repeat(np.arange(len(first_year)), count)
    offset = np.arange(len(span)) - np.repeat(np.cumsum(count) - count, count)
    return span, first_year[span] + offset


def year_bounds(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (``datetime64[D]``) of each calendar year.

    Examples:
        >>> [str(d) for d in np.concatenate(year_bounds(np.array([2021])))]
        ['2021-01-01', '2021-12-31']
    """
    year = np.asarray(year, dtype="int64")
    first = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    last = (year - 1970 + 1).astype("datetime64[Y]").astype("datetime64[D]") - 1
    return first, last


def days_in_years(year: np.ndarray) -> np.ndarray:
    """Number of days in each calendar year (leap years have 366).

    Examples:
        >>> days_in_years(np.array([2020, 2021, 2100])).tolist()
        [366, 365, 365]
    """
    first, last = year_bounds(year)
    return (last - first).astype(int) + 1


def calendar_year(days: np.ndarray) -> np.ndarray:
    """The calendar year of each day (``datetime64``)."""
    return np.asarray(days).astype("datetime64[Y]").astype("int64") + 1970


@dataclass(frozen=True)
class YearPieces:
    """Periods cut at year boundaries: one piece per period and calendar year it touches.

    Attributes:
        period: Index of the period each piece belongs to (0-based, in input order).
        year: The calendar year of the piece.
        days: Days of the period in that year, both ends counted.
        total_days: Days of the whole period.
    """

    period: np.ndarray
    year: np.ndarray
    days: np.ndarray
    total_days: np.ndarray


def split_by_year(start: np.ndarray, end: np.ndarray) -> YearPieces:
    """Cut periods ``start``..``end`` (both counted) at calendar-year boundaries.

    Examples:
        >>> start = np.array(["2020-12-02"], dtype="datetime64[D]")
        >>> pieces = split_by_year(start, np.array(["2021-01-30"], dtype="datetime64[D]"))
        >>> pieces.year.tolist(), pieces.days.tolist(), pieces.total_days.tolist()
        ([2020, 2021], [30, 30], [60, 60])
    """
    start = np.asarray(start).astype("datetime64[D]")
    end = np.asarray(end).astype("datetime64[D]")
    period, year = years_touched(calendar_year(start), calendar_year(end))
    first, last = year_bounds(year)
    days = (np.minimum(end[period], last) - np.maximum(start[period], first)).astype(int) + 1
    total = (end - start).astype(int)[period] + 1
    return YearPieces(period, year.astype("int64"), days.astype("int64"), total.astype("int64"))
