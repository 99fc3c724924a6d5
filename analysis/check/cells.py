"""Turn raw cell values into clean typed columns, column by column.

Every parser takes a column of raw cell values (numbers, text, dates, empties,
as the workbook reader gives them) and returns the parsed column with a mask of
the cells it could not read. Empty cells are not bad here: whether a value is
required is checked by the caller, which knows the place and the field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# Thousands separators that are never a decimal mark: apostrophes and spaces (incl. no-break ones).
_SPACES = "'’ \u00a0\u202f"
# A number as text, read with each decimal mark in turn. A thousands group is 1-3 digits not
# starting with 0, then groups of three, all split by the other mark or all by apostrophes
# and spaces; a number with neither a decimal mark nor a thousands separator is the same in
# both readings.
_INTEGER = r"(?:[1-9]\d{{0,2}}(?:{sep}\d{{3}})+|[1-9]\d{{0,2}}(?:[{spaces}]\d{{3}})+|\d+)"
_POINT_TEXT = r"[+-]?" + _INTEGER.format(sep=",", spaces=_SPACES) + r"(?:\.\d+)?"
_COMMA_TEXT = r"[+-]?" + _INTEGER.format(sep=r"\.", spaces=_SPACES) + r"(?:,\d+)?"
_PERCENT = r"\s*%"
POINT, COMMA = ".", ","
_YES = {"yes", "true", "y", "1"}
_NO = {"no", "false", "n", "0"}


# What a cell holds, by its exact Python type (a subclass of str is not text, as before).
_TEXT, _NUMBER, _BOOL, _DATE = 1, 2, 3, 4
_KIND = {
    str: _TEXT,
    int: _NUMBER,
    float: _NUMBER,
    np.int64: _NUMBER,
    np.float64: _NUMBER,
    np.int32: _NUMBER,
    np.float32: _NUMBER,
    bool: _BOOL,
    np.bool_: _BOOL,
    pd.Timestamp: _DATE,
    dt.datetime: _DATE,
    dt.date: _DATE,
}


def masks_of(raw: pd.Series) -> dict[str, pd.Series]:
    """Which cells hold text, numbers, booleans and dates, which are blank, and the text trimmed.

    Compute once per column and pass to the parsers: ``text``, ``number``, ``bool``, ``date``
    and ``blank`` are masks over the column; ``trimmed`` holds the text cells without the
    spaces around them.
    """
    return _masks(raw)


def _masks(raw: pd.Series) -> dict[str, pd.Series]:
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        text = raw.notna()
        false = pd.Series(False, index=raw.index)
        trimmed = raw[text].astype(str).str.strip()
        blank = ~text
        blank[trimmed.index] = trimmed.eq("").to_numpy()
        return {
            "text": text,
            "number": false,
            "bool": false,
            "date": false,
            "blank": blank.astype(bool),
            "trimmed": trimmed,
        }
    cells = raw.to_numpy(dtype=object)
    kinds = np.fromiter(
        map(_KIND.get, map(type, cells.tolist()), itertools.repeat(0)),
        dtype=np.int8,
        count=len(cells),
    )
    # one type look-up per cell; only numbers and unknown kinds can be missing (NaN, None, NaT)
    number = kinds == _NUMBER
    missing = np.zeros(len(cells), dtype=bool)
    for maybe in (number, kinds == 0):
        missing[maybe] = pd.isna(cells[maybe])
    number &= ~missing
    text = kinds == _TEXT
    trimmed_cells: Any
    blank_cells: np.ndarray
    if text.all():
        # a column of text repeats a few spellings: trim each distinct one once
        codes, distinct = pd.factorize(cells)
        trimmed_distinct = np.empty(len(distinct), dtype=object)
        trimmed_distinct[:] = list(map(str.strip, distinct.tolist()))
        trimmed_cells = trimmed_distinct[codes]
        blank_cells = (trimmed_distinct == "")[codes]
    else:
        trimmed_cells = list(map(str.strip, cells[text].tolist()))
        blank_cells = missing.copy()
        blank_cells[text] = np.fromiter(
            map(operator.not_, trimmed_cells), dtype=bool, count=len(trimmed_cells)
        )
    index = raw.index
    return {
        "text": pd.Series(text, index=index),
        "number": pd.Series(number, index=index),
        "bool": pd.Series(kinds == _BOOL, index=index),
        "date": pd.Series(kinds == _DATE, index=index),
        "blank": pd.Series(blank_cells, index=index),
        "trimmed": pd.Series(trimmed_cells, index=index[text], dtype=object),
    }


def blank_mask(raw: pd.Series, masks: dict | None = None) -> pd.Series:
    """Return True where a cell is empty or holds only spaces."""
    return (masks or _masks(raw))["blank"]


def map_text(values: pd.Series, func, others=None, keep_others: bool = True) -> pd.Series:
    """Apply ``func`` to the text cells, once per distinct text.

    The result is that of ``values.map(lambda v: func(v) if isinstance(v, str) else v)``
    (or ``else others`` when ``keep_others`` is False), types inferred as ``map`` infers them.

    Examples:
        >>> map_text(pd.Series(["gs", None, "gs"]), str.upper).tolist()
        ['GS', nan, 'GS']
    """
    cells = values.to_numpy(dtype=object, copy=True)
    codes, uniques = pd.factorize(cells)  # missing cells get code -1
    distinct = uniques.tolist()
    text_distinct = np.array([isinstance(v, str) for v in distinct] + [False], dtype=bool)
    is_text = text_distinct[codes]  # code -1 picks the False appended last
    if not keep_others:
        cells[~is_text] = others
    if is_text.any():
        mapped = np.empty(len(distinct), dtype=object)
        mapped[:] = [func(v) if isinstance(v, str) else None for v in distinct]
        cells[is_text] = mapped[codes[is_text]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object).infer_objects()


@dataclass(frozen=True)
class NumberReading:
    """What the text cells of a number column say, read with each decimal mark.

    Attributes:
        values: The numbers read (NaN where none).
        bad: Cells that are not a number in any accepted form.
        ambiguous: Text cells that read as two different numbers, one per decimal mark
            (``7.200``: 7200 or 7.2), left unread because nothing settles which mark is meant.
        as_point: Each text cell read with ``.`` as the decimal mark (NaN where it is not).
        as_comma: Each text cell read with ``,`` as the decimal mark (NaN where it is not).
    """

    values: pd.Series
    bad: pd.Series
    ambiguous: pd.Series
    as_point: pd.Series
    as_comma: pd.Series


def _read_texts(text: pd.Series, percent: bool) -> tuple[pd.Series, pd.Series]:
    """Each text read with ``.`` and with ``,`` as the decimal mark (NaN where not a number)."""
    scale = pd.Series(1.0, index=text.index)
    if percent and text.str.contains("%", regex=False).any():
        marked = text.str.contains(_PERCENT + "$", regex=True)
        text = text.str.replace(_PERCENT + "$", "", regex=True)
        scale[marked] = 0.01
    readings = []
    for pattern, thousands, mark in ((_POINT_TEXT, ",", "."), (_COMMA_TEXT, ".", ",")):
        ok = text.str.fullmatch(pattern).fillna(False).astype(bool)
        cleaned = text[ok].str.replace(f"[{_SPACES}{re.escape(thousands)}]", "", regex=True)
        values = pd.Series(np.nan, index=text.index, dtype="float64")
        values[cleaned.index] = cleaned.str.replace(mark, ".", regex=False).astype("float64")
        readings.append(values * scale)
    return readings[0], readings[1]


Readings = tuple[pd.Series, pd.Series]


def text_readings(raw: pd.Series, masks: dict | None = None, percent: bool = False) -> Readings:
    """Each text cell read with ``.`` and with ``,`` as the decimal mark, computed once.

    The result can be given to :func:`decimal_evidence` and :func:`read_numbers` (also for
    a subset of the rows) instead of reading the same column again.
    """
    text = _trimmed_text(masks or _masks(raw))
    if not len(text):
        empty = pd.Series(np.nan, index=text.index, dtype="float64")
        return empty, empty
    return _read_texts(text, percent)


def decimal_evidence(
    raw: pd.Series, masks: dict | None = None, readings: Readings | None = None
) -> pd.Series:
    """Which decimal mark each text cell shows, where only one reading of it is a number.

    ``POINT`` for ``12.50`` or ``1,234.5``, ``COMMA`` for ``12,50`` or ``1.234.567``; empty
    where the text reads the same with either mark (``1200``), as two numbers (``1.200``),
    or as none.

    Examples:
        >>> decimal_evidence(pd.Series(["12.50", "1.234.567", "1.200", 12.5, "1'200"])).tolist()
        ['.', ',', '', '', '']
    """
    masks = masks or _masks(raw)
    out = pd.Series("", index=raw.index, dtype=object)
    as_point, as_comma = readings or text_readings(raw, masks, percent=True)
    out[as_point.index[as_point.notna() & as_comma.isna()]] = POINT
    out[as_comma.index[as_comma.notna() & as_point.isna()]] = COMMA
    return out


def read_numbers(
    raw: pd.Series,
    masks: dict | None = None,
    decimal: str | None = None,
    percent: bool = False,
    readings: Readings | None = None,
) -> NumberReading:
    """Read numbers from number cells, or from text in any unambiguous written form.

    Text may group thousands with apostrophes or spaces, or with ``,`` (then ``.`` is the
    decimal mark) or ``.`` (then ``,`` is). A text that reads as two different numbers
    with the two marks (one ``.`` or ``,`` followed by exactly three digits: ``7.200``,
    ``1,799``) is read with ``decimal`` if the file's own convention gives it, else left
    unread and marked ambiguous. Number cells are never ambiguous. With ``percent``,
    ``50%`` reads as 0.5. ``readings`` (:func:`text_readings`, of these rows or more) saves
    reading the text again.

    Examples:
        >>> r = read_numbers(pd.Series([12.5, "1,234.50", "1.234,50", "12'000", "7.200", "n/a"]))
        >>> r.values.tolist()[:4]
        [12.5, 1234.5, 1234.5, 12000.0]
        >>> r.ambiguous.tolist(), r.bad.tolist()[-1]
        ([False, False, False, False, True, False], True)
        >>> read_numbers(pd.Series(["7.200"]), decimal=",").values.tolist()
        [7200.0]
    """
    masks = masks or _masks(raw)
    out = pd.Series(np.nan, index=raw.index, dtype="float64")
    as_point = pd.Series(np.nan, index=raw.index, dtype="float64")
    as_comma = pd.Series(np.nan, index=raw.index, dtype="float64")
    ambiguous = pd.Series(False, index=raw.index)
    is_num = masks["number"]
    out[is_num] = raw[is_num].astype("float64")
    text = masks["trimmed"]
    if len(text):
        if readings is None:
            point, comma = _read_texts(_trimmed_text(masks), percent)
        else:
            point, comma = readings[0].reindex(text.index), readings[1].reindex(text.index)
        as_point[text.index], as_comma[text.index] = point, comma
        differ = point.notna() & comma.notna() & (point != comma)
        chosen = point.where(point.notna(), comma)
        if decimal == COMMA:
            chosen = comma.where(comma.notna(), point)
        if decimal not in (POINT, COMMA):
            chosen = chosen.where(~differ)
            ambiguous[differ[differ].index] = True
        out[text.index] = chosen
    bad = ~masks["blank"] & out.isna() & ~ambiguous
    return NumberReading(out, bad, ambiguous, as_point, as_comma)


def parse_number(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read numbers from number cells or text; an ambiguous text counts as unreadable.

    Examples:
        >>> values, bad = parse_number(pd.Series([12.5, "1,234.50", "12'000", "n/a", None]))
        >>> values.tolist()[:3], bad.tolist()
        ([12.5, 1234.5, 12000.0], [False, False, False, True, False])
    """
    reading = read_numbers(raw, masks)
    return reading.values, reading.bad | reading.ambiguous


def parse_year(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read calendar years (whole numbers between 1900 and 2200)."""
    values, bad = parse_number(raw, masks)
    wrong = values.notna() & ((values % 1 != 0) | (values < 1900) | (values > 2200))
    values = values.where(~wrong).astype("Int64")
    return values, bad | wrong


# Text dates read whatever the order of day and month could be: (pattern, format).
_DATE_FORMS = (
    (r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d"),
    (r"\d{4}-\d{1,2}-\d{1,2}[ T]00:00(?::00)?", "ISO8601"),
    (r"\d{4}/\d{1,2}/\d{1,2}", "%Y/%m/%d"),
    (r"\d{4}\.\d{1,2}\.\d{1,2}", "%Y.%m.%d"),
    (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
    (r"\d{1,2}[ -][A-Za-z]{3}[ -]\d{4}", "%d %b %Y"),
    (r"\d{1,2} [A-Za-z]{4,9} \d{4}", "%d %B %Y"),
    (r"[A-Za-z]{3} \d{1,2},? \d{4}", "%b %d %Y"),
    (r"[A-Za-z]{4,9} \d{1,2},? \d{4}", "%B %d %Y"),
)
# Day and month separated by / or -, in either order: read only where one order is a date.
_DAY_MONTH = r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})"
# Excel's serial day numbers of 1990-01-01 and 2100-12-31 (day 0 is 1899-12-30).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (32874, 73415)


def parse_date(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read dates from date cells, Excel serial numbers, or text that is one date only.

    Text forms: ``2021-02-28``, ``2021/02/28``, ``28.02.2021``, ``28 Feb 2021``,
    ``28-Feb-2021``, ``Feb 28, 2021``, and ``28/02/2021`` or ``02/28/2021`` where only one
    order of day and month makes a date (``01/02/2021`` does not: see :func:`slashed_readings`).
    A number cell in a date column is read as Excel's serial day number if it falls between
    1990 and 2100 (``44197`` is 2021-01-01).

    Examples:
        >>> values, bad = parse_date(pd.Series(["2021-02-28", "28.02.2021", "02/28/2021",
        ...     "2021/02/28", "28 Feb 2021", 44255, "01/02/2021"]))
        >>> [str(v.date()) if not pd.isna(v) else None for v in values]
        ['2021-02-28', '2021-02-28', '2021-02-28', '2021-02-28', '2021-02-28', '2021-02-28', None]
        >>> bad.tolist()[-1]
        True
    """
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return raw.astype("datetime64[ns]").dt.normalize(), pd.Series(False, index=raw.index)
    masks = masks or _masks(raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    is_date = masks["date"]
    if is_date.any():
        out[is_date] = pd.to_datetime(raw[is_date].astype(object)).dt.normalize()
    numbers = raw[masks["number"]].astype("float64")
    serial = numbers[(numbers % 1 == 0) & numbers.between(*SERIAL_RANGE)]
    out[serial.index] = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    text = _trimmed_text(masks)
    if len(text):
        # a column repeats a few dates: read each distinct text once
        codes, distinct = pd.factorize(text)
        read = _read_date_texts(pd.Series(distinct, dtype=str))
        out[text.index] = read.to_numpy()[codes]
    bad = ~masks["blank"] & out.isna()
    return out, bad


def _read_date_texts(text: pd.Series) -> pd.Series:
    """Each text read in the first of the date forms it is written in (NaT if none)."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    remaining = text
    for pattern, form in _DATE_FORMS:
        if remaining.empty:
            return out
        hit = remaining.str.fullmatch(pattern).fillna(False).astype(bool)
        found = remaining[hit]
        remaining = remaining[~hit]
        if found.empty:
            continue
        if "%b" in form or "%B" in form:  # 28-Feb-2021, Feb 28, 2021: words and spaces
            found = found.str.replace(r"[,-]", " ", regex=True).str.replace(r"\s+", " ", regex=True)
        out[found.index] = pd.to_datetime(found, format=form, errors="coerce")
    slashed = remaining[remaining.str.contains(r"[/-]", regex=True)]
    if len(slashed):
        day_first, month_first = slashed_readings(slashed)
        one = day_first.isna() != month_first.isna()
        out[one[one].index] = day_first.where(day_first.notna(), month_first)[one]
        same = day_first.notna() & (day_first == month_first)
        out[same[same].index] = day_first[same]
    return out


def slashed_readings(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each ``dd/mm/yyyy``-like text read day first and month first (NaT where not a date).

    Examples:
        >>> day, month = slashed_readings(pd.Series(["01/02/2021", "13/01/2021", "x"]))
        >>> [str(v.date()) if not pd.isna(v) else None for v in day]
        ['2021-02-01', '2021-01-13', None]
        >>> [str(v.date()) if not pd.isna(v) else None for v in month]
        ['2021-01-02', None, None]
    """
    parts = text.astype(str).str.strip().str.extract("^" + _DAY_MONTH + "$")
    readings = []
    for day, month in ((0, 1), (1, 0)):
        frame = pd.DataFrame({"year": parts[2], "month": parts[month], "day": parts[day]})
        readings.append(pd.to_datetime(frame.astype("float64"), errors="coerce"))
    return readings[0], readings[1]


def parse_yesno(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read yes/no values: yes/no, true/false, y/n, 1/0 and true/false cells."""
    masks = masks or _masks(raw)
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[masks["bool"]] = raw[masks["bool"]].astype(bool)
    numbers = raw[masks["number"]].astype("float64")
    out[numbers.index[numbers == 1]] = True
    out[numbers.index[numbers == 0]] = False
    words = _trimmed_text(masks).str.lower()
    out[words.index[words.isin(_YES)]] = True
    out[words.index[words.isin(_NO)]] = False
    bad = ~masks["blank"] & out.isna()
    return out, bad


def parse_text(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read text: trimmed; whole numbers lose their ``.0``; dates become ``yyyy-mm-dd``."""
    masks = masks or _masks(raw)
    out = pd.Series(pd.NA, index=raw.index, dtype=object)
    text = masks["trimmed"]
    # an empty text cell reads as NaN here, as it did when the text went through pandas' strings
    out[text.index] = text.where(text != "", np.nan).astype(object)
    numbers = raw[masks["number"]].astype("float64")
    whole = numbers % 1 == 0
    out[numbers.index[whole]] = numbers[whole].astype("int64").astype(str).astype(object)
    out[numbers.index[~whole]] = numbers[~whole].astype(str).astype(object)
    dates = raw[masks["date"]]
    if not dates.empty:
        out[dates.index] = (
            pd.to_datetime(dates.astype(object)).dt.strftime("%Y-%m-%d").astype(object)
        )
    flags = raw[masks["bool"]]
    out[flags.index] = flags.astype(bool).astype(str).str.upper().astype(object)
    return out, pd.Series(False, index=raw.index)


def _trimmed_text(masks: dict) -> pd.Series:
    """The trimmed text cells as pandas strings, for pandas' regular expressions and casts."""
    return masks["trimmed"].astype(str)


def split_list(text: pd.Series) -> pd.Series:
    """Split comma-separated text into tuples of trimmed, non-empty items."""
    return text.map(
        lambda v: (
            tuple(p.strip() for p in str(v).split(",") if p.strip()) if isinstance(v, str) else ()
        )
    )
