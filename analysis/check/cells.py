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
from typing import Any

import numpy as np
import pandas as pd

# Thousands separators finance exports use: comma, apostrophes, spaces (incl. no-break ones).
_THOUSANDS = ",'’ \u00a0\u202f"
_NUMBER_TEXT = rf"[+-]?(?:\d{{1,3}}(?:[{_THOUSANDS}]\d{{3}})+|\d+)(?:\.\d+)?"
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


def parse_number(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read numbers from number cells or text with thousands separators.

    Examples:
        >>> values, bad = parse_number(pd.Series([12.5, "1,234.50", "12'000", "n/a", None]))
        >>> values.tolist()[:3], bad.tolist()
        ([12.5, 1234.5, 12000.0], [False, False, False, True, False])
    """
    masks = masks or _masks(raw)
    out = pd.Series(np.nan, index=raw.index, dtype="float64")
    is_num = masks["number"]
    out[is_num] = raw[is_num].astype("float64")
    text = _trimmed_text(masks)
    if len(text):
        readable = text.str.fullmatch(_NUMBER_TEXT).fillna(False).astype(bool)
        cleaned = text[readable].str.replace(f"[{_THOUSANDS}]", "", regex=True)
        out[cleaned.index] = cleaned.astype("float64")
    bad = ~masks["blank"] & out.isna()
    return out, bad


def parse_year(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read calendar years (whole numbers between 1900 and 2200)."""
    values, bad = parse_number(raw, masks)
    wrong = values.notna() & ((values % 1 != 0) | (values < 1900) | (values > 2200))
    values = values.where(~wrong).astype("Int64")
    return values, bad | wrong


def parse_date(raw: pd.Series, masks: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """Read dates from date cells, ``yyyy-mm-dd`` text or ``dd.mm.yyyy`` text.

    Examples:
        >>> values, bad = parse_date(pd.Series(["2021-02-28", "28.02.2021", "02/28/2021"]))
        >>> [str(v.date()) if not pd.isna(v) else None for v in values], bad.tolist()
        (['2021-02-28', '2021-02-28', None], [False, False, True])
    """
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return raw.astype("datetime64[ns]").dt.normalize(), pd.Series(False, index=raw.index)
    masks = masks or _masks(raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    is_date = masks["date"]
    if is_date.any():
        out[is_date] = pd.to_datetime(raw[is_date].astype(object)).dt.normalize()
    text = _trimmed_text(masks)
    if len(text):
        iso = text[text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)]
        dotted = text[text.str.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}").fillna(False).astype(bool)]
        out[iso.index] = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
        out[dotted.index] = pd.to_datetime(dotted, format="%d.%m.%Y", errors="coerce")
    bad = ~masks["blank"] & out.isna()
    return out, bad


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
