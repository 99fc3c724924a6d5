"""Turn raw cell values into clean typed columns, column by column.

Every parser takes a column of raw cell values (numbers, text, dates, empties,
as the workbook reader gives them) and returns the parsed column with a mask of
the cells it could not read. Empty cells are not bad here: whether a value is
required is checked by the caller, which knows the place and the field.
"""

from __future__ import annotations

import datetime as dt
import numbers

import numpy as np
import pandas as pd

# Thousands separators finance exports use: comma, apostrophes, spaces (incl. no-break ones).
_THOUSANDS = ",'’ \u00a0\u202f"
_NUMBER_TEXT = rf"[+-]?(?:\d{{1,3}}(?:[{_THOUSANDS}]\d{{3}})+|\d+)(?:\.\d+)?"
_YES = {"yes", "true", "y", "1"}
_NO = {"no", "false", "n", "0"}


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not pd.isna(value)


def blank_mask(raw: pd.Series) -> pd.Series:
    """Return True where a cell is empty or holds only spaces."""
    text = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    return text.isna() | text.eq("")


def parse_number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read numbers from number cells or text with thousands separators.

    Examples:
        >>> values, bad = parse_number(pd.Series([12.5, "1,234.50", "12'000", "n/a", None]))
        >>> values.tolist()[:3], bad.tolist()
        ([12.5, 1234.5, 12000.0], [False, False, False, True, False])
    """
    out = pd.Series(np.nan, index=raw.index, dtype="float64")
    is_num = raw.map(_is_number) & raw.notna()
    out[is_num] = raw[is_num].astype("float64")
    is_text = raw.map(lambda v: isinstance(v, str))
    text = raw[is_text].astype(str).str.strip()
    readable = text.str.fullmatch(_NUMBER_TEXT)
    cleaned = text[readable].str.replace(f"[{_THOUSANDS}]", "", regex=True)
    out[cleaned.index] = cleaned.astype("float64")
    bad = ~blank_mask(raw) & out.isna()
    return out, bad


def parse_year(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read calendar years (whole numbers between 1900 and 2200)."""
    values, bad = parse_number(raw)
    wrong = values.notna() & ((values % 1 != 0) | (values < 1900) | (values > 2200))
    values = values.where(~wrong).astype("Int64")
    return values, bad | wrong


def parse_date(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read dates from date cells, ``yyyy-mm-dd`` text or ``dd.mm.yyyy`` text.

    Examples:
        >>> values, bad = parse_date(pd.Series(["2021-02-28", "28.02.2021", "02/28/2021"]))
        >>> [str(v.date()) if not pd.isna(v) else None for v in values], bad.tolist()
        (['2021-02-28', '2021-02-28', None], [False, False, True])
    """
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    is_date = raw.map(_is_date)
    if is_date.any():
        out[is_date] = pd.to_datetime(raw[is_date].map(pd.Timestamp)).dt.normalize()
    is_text = raw.map(lambda v: isinstance(v, str))
    text = raw[is_text].astype(str).str.strip()
    iso = text[text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    dotted = text[text.str.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}")]
    out[iso.index] = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    out[dotted.index] = pd.to_datetime(dotted, format="%d.%m.%Y", errors="coerce")
    bad = ~blank_mask(raw) & out.isna()
    return out, bad


def parse_yesno(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read yes/no values: yes/no, true/false, y/n, 1/0 and true/false cells."""

    def read(value: object) -> object:
        if isinstance(value, bool | np.bool_):
            return bool(value)
        if _is_number(value) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
        return pd.NA

    out = raw.map(read).astype("boolean")
    bad = ~blank_mask(raw) & out.isna()
    return out, bad


def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read text: trimmed; whole numbers lose their ``.0``; dates become ``yyyy-mm-dd``."""

    def read(value: object) -> object:
        if isinstance(value, str):
            return value.strip() or pd.NA
        if _is_date(value):
            return pd.Timestamp(value).date().isoformat()
        if _is_number(value) and not pd.isna(value):
            return str(int(value)) if float(value).is_integer() else str(value)
        if isinstance(value, bool | np.bool_):
            return str(value).upper()
        return pd.NA

    out = raw.map(read).astype(object)
    return out, pd.Series(False, index=raw.index)


def split_list(text: pd.Series) -> pd.Series:
    """Split comma-separated text into tuples of trimmed, non-empty items."""
    return text.map(
        lambda v: (
            tuple(p.strip() for p in str(v).split(",") if p.strip()) if isinstance(v, str) else ()
        )
    )
