"""Type every cell of a sheet kind: numbers, dates, years, yes/no, codes and text.

Each column is read by its field's kind (``metadata/fields.csv``) with the parsers of
:mod:`analysis.check.cells`; a cell that cannot be read, a required cell left empty, or a
value outside its list or range is an error naming the file, sheet, Excel row and the
header as written. Defaults fill optional empty cells.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd
import pycountry

from analysis.check import cells
from analysis.issues import IssueLog
from analysis.metadata.reference import currency_spellings, fields, units
from analysis.read.tables import SOURCE_COLUMNS, RawTable

_CURRENCIES = {c.alpha_3 for c in pycountry.currencies}

_KIND_HINTS = {
    "number": "write a number such as 12000 or 12,000.50",
    "year": "write a year such as 2021",
    "date": "write a date cell, or text as yyyy-mm-dd (2021-03-31) or dd.mm.yyyy (31.03.2021)",
    "yesno": "write yes or no",
}
_PARSERS = {
    "number": cells.parse_number,
    "year": cells.parse_year,
    "date": cells.parse_date,
    "yesno": cells.parse_yesno,
}


def type_tables(kind: str, tables: list[RawTable], log: IssueLog) -> pd.DataFrame:
    """Type the cells of every raw table of one sheet kind; one frame, problems to ``log``."""
    columns = [f.column for f in fields(kind) if f.kind != "personal"]
    frames = [_parse_table(t, log) for t in tables]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*columns, *SOURCE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def _parse_table(table: RawTable, log: IssueLog) -> pd.DataFrame:
    raw = table.frame
    out = raw[SOURCE_COLUMNS].copy()
    rows = raw["source_row"]

    def report(mask: pd.Series, code: str, message, column: str) -> None:
        for idx in mask[mask].index:
            text = message(raw.at[idx, column]) if callable(message) else message
            log.error(
                code,
                text,
                file=table.file,
                sheet=table.sheet,
                row=int(rows[idx]),
                column=table.headers.get(column, column),
            )

    for f in fields(table.kind):
        if f.kind == "personal":
            continue
        column = (
            raw[f.column] if f.column in raw else pd.Series(None, index=raw.index, dtype=object)
        )
        masks = cells.masks_of(column)  # one typed pass per column, shared by the parsers
        blank = cells.blank_mask(column, masks)
        if f.kind in _PARSERS:
            values, bad = _PARSERS[f.kind](column, masks)
            if f.kind == "date":
                slashed = bad.copy()
                slashed[bad] = np.array(
                    [isinstance(v, str) and "/" in v for v in column[bad]], bool
                )
                report(
                    slashed,
                    "E_AMBIGUOUS_DATE",
                    lambda v: (
                        f"{v!r} is ambiguous (day/month or month/day?); write "
                        "yyyy-mm-dd such as 2021-02-01, or dd.mm.yyyy such as 01.02.2021"
                    ),
                    f.column,
                )
                bad = bad & ~slashed
            report(
                bad,
                "E_BAD_VALUE",
                lambda v, f=f: f"{v!r} is not readable; {_KIND_HINTS[f.kind]}",
                f.column,
            )
        elif f.kind == "any":
            values, bad = column.where(~blank), blank & False
        else:
            values, bad = cells.parse_text(column, masks)
        if f.required:
            report(
                blank,
                "E_MISSING_VALUE",
                f"{f.column} is required and this cell is empty",
                f.column,
            )
        values, wrong = _check_allowed(f, values, bad | blank)
        report(
            wrong, wrong.attrs.get("code", "E_NOT_ALLOWED"), wrong.attrs.get("message"), f.column
        )
        values = values.where(~wrong)  # a wrong value must not trigger follow-on errors
        if f.default and not f.required:
            values = values.where(~blank, _typed_default(f))
        out[f.column] = values
    return out


def _typed_default(f) -> object:
    return float(f.default) if f.kind == "number" else f.default


def _check_allowed(f, values: pd.Series, skip: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Normalise codes and check allowed values and ranges; return values and a wrong-mask."""
    wrong = pd.Series(False, index=values.index)
    message = None
    code = "E_NOT_ALLOWED"
    present = ~skip & values.notna()
    if f.kind == "unit":
        values = cells.map_text(values, str.upper)
        known = units()
        wrong = present & ~values.isin(list(known))
        message = lambda v: unknown_value(v, list(known), "unit", "analysis/metadata/units.csv")  # noqa: E731
        code = "E_UNKNOWN_UNIT"
    elif f.kind == "currency":
        values = cells.map_text(values, str.upper)
        wrong = present & ~values.isin(_CURRENCIES)
        message = _currency_message
        code = "E_UNKNOWN_CURRENCY"
    elif f.kind == "choice":
        choices = f.allowed.split("|")
        values = cells.map_text(values, str.lower)
        wrong = present & ~values.isin(choices)
        message = lambda v: unknown_value(v, choices, f.column)  # noqa: E731
    elif f.kind == "text" and f.column == "grade":
        values = cells.map_text(values, str.upper)
    elif f.allowed and f.kind == "number":
        low, low_inclusive, high = _bounds(f.allowed)
        numeric = values.astype("float64")
        below = numeric < low if low_inclusive else numeric <= low
        above = numeric > high if high is not None else False
        wrong = present & (below | above)
        message = lambda v: f"{v!r} is out of range; {f.column} must be {_range_words(f.allowed)}"  # noqa: E731
        code = "E_OUT_OF_RANGE"
    wrong = wrong.astype(bool)
    wrong.attrs = {"code": code, "message": message}
    return values, wrong


def _currency_message(value: object) -> str:
    meant = currency_spellings().get(str(value).strip().upper())
    hint = f"; did you mean {meant!r}?" if meant else "."
    return (
        f"{value!r} is not an ISO 4217 currency code{hint} Write a three-letter code such as "
        "CHF, USD or EUR"
    )


def _bounds(allowed: str) -> tuple[float, bool, float | None]:
    """Parse ``>= 0``, ``> 0`` or ``(0, 1]`` into (low, low inclusive, high inclusive or None)."""
    allowed = allowed.strip()
    if allowed.startswith(">="):
        return float(allowed[2:]), True, None
    if allowed.startswith(">"):
        return float(allowed[1:]), False, None
    low, high = allowed[1:-1].split(",")
    return float(low), allowed[0] == "[", float(high)


def _range_words(allowed: str) -> str:
    low, inclusive, high = _bounds(allowed)
    low_words = f"{'at least' if inclusive else 'more than'} {low:g}"
    return low_words if high is None else f"{low_words} and at most {high:g}"


def unknown_value(value: object, known: list[str], what: str, where: str | None = None) -> str:
    """Say that ``value`` is not one of ``known``, suggesting the nearest and the list."""
    close = difflib.get_close_matches(
        str(value).upper(), [k.upper() for k in known], n=1, cutoff=0.6
    )
    hint = "."
    if close:
        hint = f"; did you mean {known[[k.upper() for k in known].index(close[0])]!r}?"
    allowed = f"one of {', '.join(known)}"
    extra = f" (or add it to {where})" if where else ""
    return f"{value!r} is not a known {what}{hint} Use {allowed}{extra}"
