"""Type every cell of a sheet kind: numbers, dates, years, yes/no, codes and text.

Each column is read by its field's kind (``metadata/fields.csv``) with the parsers of
:mod:`analysis.check.cells`; a cell that cannot be read, a required cell left empty, or a
value outside its list or range is an error naming the file, sheet, Excel row and the
header as written. Defaults fill optional empty cells.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

import pandas as pd
import pycountry

from analysis.check import cells, totals
from analysis.issues import IssueLog
from analysis.metadata.reference import Field, currency_spellings, fields, header_label, units
from analysis.read.tables import SOURCE_COLUMNS, RawTable

_CURRENCIES = {c.alpha_3 for c in pycountry.currencies}

_KIND_HINTS = {
    "number": "write a number such as 12000 or 12,000.50",
    "year": "write a year such as 2021",
    "date": "write a date cell, or text as yyyy-mm-dd (2021-03-31) or dd.mm.yyyy (31.03.2021)",
    "yesno": "write yes or no",
}
_PARSERS = {
    "year": cells.parse_year,
    "date": cells.parse_date,
    "yesno": cells.parse_yesno,
}
# Fields measured in these units may be written as a per cent (50% is 0.5).
PERCENT_UNITS = ("share", "fte")
_MARK_WORDS = {cells.POINT: "a decimal point", cells.COMMA: "a decimal comma"}


def type_tables(
    kind: str, tables: list[RawTable], log: IssueLog, extra_units: dict[str, str] | None = None
) -> pd.DataFrame:
    """Type the cells of every raw table of one sheet kind; one frame, problems to ``log``.

    Args:
        kind: The sheet kind.
        tables: Its raw tables.
        log: Where the problems go.
        extra_units: Unit codes the workbooks' own Units sheets add to the known ones.
    """
    columns = [f.column for f in fields(kind) if f.kind != "personal"]
    frames = [_parse_table(t, log, {**units(), **(extra_units or {})}) for t in tables]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*columns, *SOURCE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class DecimalConvention:
    """The decimal mark a table's own text numbers show, and where.

    Attributes:
        mark: ``.`` or ``,`` if every text number that shows a mark shows that one; None if
            none shows one, or they disagree.
        examples: For each mark shown, the first cell showing it: (row, header, text).
    """

    mark: str | None
    examples: dict[str, tuple[int, str, str]]

    def words(self, table: RawTable) -> str:
        """Why an ambiguous number cannot be read, in the reader's words."""
        how = f" ({table.dialect})" if table.dialect else ""
        if not self.examples:
            return f"no other number in {table.where}{how} shows which decimal mark it uses"
        shown = " and ".join(
            f"{_MARK_WORDS[mark]} (row {row}, {header} {text!r})"
            for mark, (row, header, text) in sorted(self.examples.items())
        )
        return f"{table.where}{how} writes numbers both with {shown}"


def number_readings(table: RawTable) -> dict[str, cells.Readings]:
    """Each number column's text read with either decimal mark, once for the whole table."""
    return {
        f.column: cells.text_readings(table.frame[f.column], percent=f.unit in PERCENT_UNITS)
        for f in fields(table.kind)
        if f.kind in ("number", "year") and f.column in table.frame
    }


def decimal_convention(
    table: RawTable, readings: dict[str, cells.Readings] | None = None
) -> DecimalConvention:
    """The decimal mark the text numbers of a sheet or export show, if they agree on one."""
    examples: dict[str, tuple[int, str, str]] = {}
    readings = readings if readings is not None else number_readings(table)
    for f in fields(table.kind):
        if f.column not in readings:
            continue
        column = table.frame[f.column]
        evidence = cells.decimal_evidence(column, readings=readings[f.column])
        for mark in (cells.POINT, cells.COMMA):
            shown = evidence.index[evidence == mark]
            if len(shown) and mark not in examples:
                row = int(table.frame["source_row"][shown[0]])
                examples[mark] = (row, table.headers.get(f.column, f.column), str(column[shown[0]]))
    settled: str | None = next(iter(examples)) if len(examples) == 1 else None
    return DecimalConvention(settled, examples)


def _ambiguous_number(value: object, as_point: float, as_comma: float, why: str) -> str:
    text = str(value).strip()
    mark = "." if "." in text else ","
    return (
        f"{text!r} can be read as {_plain(as_comma if mark == '.' else as_point)} (with "
        f"{mark!r} between thousands) or as {_plain(as_point if mark == '.' else as_comma)} "
        f"(with {mark!r} as the decimal mark), and {why}; write it without a thousands "
        f"separator ({_plain(as_comma if mark == '.' else as_point)} or "
        f"{_plain(as_point if mark == '.' else as_comma)}), with its decimals "
        f"({'1.799,00 or 1,799.00' if mark == '.' else '1,799.00 or 1.799,00'}), or as a "
        "number cell"
    )


def _plain(number: float) -> str:
    """A number as it would be typed, without separators.

    Examples:
        >>> _plain(7200.0), _plain(7.2), _plain(0.5)
        ('7200', '7.2', '0.5')
    """
    return f"{number:.10g}"


def _parse_table(table: RawTable, log: IssueLog, known_units: dict[str, str]) -> pd.DataFrame:
    readings = number_readings(table)
    convention = decimal_convention(table, readings)
    total_rows = None
    if table.kind == "Licences" and "amount" in table.frame:
        amounts = cells.read_numbers(
            table.frame["amount"], decimal=convention.mark, readings=readings["amount"]
        ).values
        found = totals.find_total_rows(table, amounts, log)
        # a total row is kept aside, with its amount and currency, for the reconciliation
        total_rows = table.frame.loc[found, SOURCE_COLUMNS].assign(
            amount=amounts[found],
            currency=_currency_text(table.frame.get("currency"), found),
            is_total=True,
        )
        table = replace(table, frame=table.frame[~found])
    raw = table.frame
    out = raw[SOURCE_COLUMNS].copy()
    rows = raw["source_row"]
    letters = table.letters

    def report(mask: pd.Series, code: str, message, column: str) -> None:
        """Report each cell of ``mask``.

        ``message`` is text, a function of the cell's value, or an :class:`_Indexed`
        function of its value and its index.
        """
        for idx in mask[mask].index:
            text = message
            if callable(message):
                text = (
                    message(raw.at[idx, column], idx)
                    if _takes_index(message)
                    else message(raw.at[idx, column])
                )
            log.error(
                code,
                text,
                file=table.file,
                sheet=table.sheet,
                row=int(rows[idx]),
                column=table.headers.get(column, column),
                column_letter=letters.get(column, ""),
            )

    for f in fields(table.kind):
        if f.kind == "personal":
            continue
        column = (
            raw[f.column] if f.column in raw else pd.Series(None, index=raw.index, dtype=object)
        )
        written = table.headers.get(f.column) or header_label(f.column)
        masks = cells.masks_of(column)  # one typed pass per column, shared by the parsers
        blank = cells.blank_mask(column, masks)
        if f.kind == "number":
            reading = cells.read_numbers(
                column,
                masks,
                convention.mark,
                percent=f.unit in PERCENT_UNITS,
                readings=readings.get(f.column),
            )
            values, bad = reading.values, reading.bad
            why = convention.words(table)
            report(
                reading.ambiguous,
                "E_AMBIGUOUS_NUMBER",
                _Indexed(
                    lambda v, i, r=reading, why=why: _ambiguous_number(
                        v, r.as_point[i], r.as_comma[i], why
                    )
                ),
                f.column,
            )
            report(
                bad,
                "E_BAD_VALUE",
                lambda v, f=f: f"{v!r} is not readable; {_number_hint(f)}",
                f.column,
            )
        elif f.kind in _PARSERS:
            values, bad = _PARSERS[f.kind](column, masks)
            if f.kind == "date":
                bad = _report_dates(column, masks, bad, report, f.column)
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
                f"{written} is required and this cell is empty; fill it in, or delete the row "
                "if it is not a line",
                f.column,
            )
        values, wrong = _check_allowed(f, values, bad | blank, written, known_units)
        report(
            wrong, wrong.attrs.get("code", "E_NOT_ALLOWED"), wrong.attrs.get("message"), f.column
        )
        values = values.where(~wrong)  # a wrong value must not trigger follow-on errors
        if f.default and not f.required:
            values = values.where(~blank, _typed_default(f))
        out[f.column] = values
    if total_rows is not None:
        out["is_total"] = False
        out = pd.concat([out, total_rows], ignore_index=True) if len(total_rows) else out
    return out


def _currency_text(column: pd.Series | None, rows: pd.Series) -> pd.Series:
    if column is None:
        return pd.Series(None, index=rows[rows].index, dtype=object)
    return cells.map_text(column[rows], lambda v: v.strip().upper(), keep_others=False)


class _Indexed:
    """A message made from a cell's value and its index (to look up what was read there)."""

    def __init__(self, make):
        self.make = make

    def __call__(self, value, index):
        return self.make(value, index)


def _takes_index(message) -> bool:
    return isinstance(message, _Indexed)


def _number_hint(f: Field) -> str:
    if f.unit in PERCENT_UNITS:
        return "write a number such as 0.5, or a per cent such as 50%"
    return _KIND_HINTS["number"]


def _report_dates(column: pd.Series, masks: dict, bad: pd.Series, report, name: str) -> pd.Series:
    """Report the dates that are two dates, and numbers that are no date; return the rest."""
    text = bad & masks["text"]
    day_first, month_first = cells.slashed_readings(column[text].astype(str))
    two = pd.Series(False, index=column.index)
    two[text[text].index] = (day_first.notna() & month_first.notna()).to_numpy()
    report(
        two,
        "E_AMBIGUOUS_DATE",
        _Indexed(
            lambda v, i: (
                f"{v!r} can be {day_first[i]:%-d %B %Y} (day first) or "
                f"{month_first[i]:%-d %B %Y} (month first); write {day_first[i]:%Y-%m-%d} or "
                f"{day_first[i]:%d.%m.%Y} for the first, or use a date cell"
            )
        ),
        name,
    )
    number = bad & masks["number"]
    report(
        number,
        "E_BAD_VALUE",
        lambda v: (
            f"a number ({v}) in a date column, too far from any date between 1990 and 2100 "
            "to be one; format the cell as a date and type the date (2021-03-31)"
        ),
        name,
    )
    return bad & ~two & ~number


def _typed_default(f) -> object:
    return float(f.default) if f.kind == "number" else f.default


def _check_allowed(
    f, values: pd.Series, skip: pd.Series, written: str, known_units: dict[str, str]
) -> tuple[pd.Series, pd.Series]:
    """Normalise codes and check allowed values and ranges; return values and a wrong-mask."""
    wrong = pd.Series(False, index=values.index)
    message = None
    code = "E_NOT_ALLOWED"
    present = ~skip & values.notna()
    if f.kind == "unit":
        values = cells.map_text(values, str.upper)
        wrong = present & ~values.isin(list(known_units))
        message = lambda v: unknown_value(v, list(known_units), "unit", "a Units sheet")  # noqa: E731
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
        message = lambda v: unknown_value(v, choices, written)  # noqa: E731
    elif f.kind == "text" and f.column == "grade":
        values = cells.map_text(values, str.upper)
    elif f.allowed and f.kind == "number":
        low, low_inclusive, high = _bounds(f.allowed)
        numeric = values.astype("float64")
        below = numeric < low if low_inclusive else numeric <= low
        above = numeric > high if high is not None else False
        wrong = present & (below | above)
        message = lambda v: _out_of_range(v, f, written)  # noqa: E731
        code = "E_OUT_OF_RANGE"
    wrong = wrong.astype(bool)
    wrong.attrs = {"code": code, "message": message}
    return values, wrong


def _out_of_range(value: object, f: Field, written: str) -> str:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    text = f"{number:g}" if number is not None else repr(value)
    words = f"{text} is out of range; {written} must be {_range_words(f.allowed)}"
    _, _, high = _bounds(f.allowed)
    if f.unit in PERCENT_UNITS and high is not None and number is not None and high < number <= 100:
        words += f"; if {number:g} % was meant, write {number / 100:g} or {number:g}%"
    return words


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
