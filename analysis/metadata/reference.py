"""Knowledge kept as data: sheet names, fields, header spellings and units.

The tables live in ``analysis/metadata/*.csv`` so that a new header spelling or
a new unit is a new row that a non-programmer can add, not a new ``if``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.config import METADATA_DIR
from analysis.frames import records

SHEETS = (
    "Licences",
    "Staffing",
    "Platforms",
    "Rates",
    "StaffCosts",
    "About",
    "Scenarios",
    "Requirements",
    "Usage",
    "Assumptions",
    "Entitlements",
    "Units",
)

_SEPARATORS = re.compile(r"[\s\-_]+")


def normalize_header(text: object) -> str:
    """Return the comparable form of a header: lower case, spaces/hyphens/underscores as ``_``.

    Examples:
        >>> normalize_header("  Unit price ")
        'unit_price'
        >>> normalize_header("start-date")
        'start_date'
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return _SEPARATORS.sub("_", str(text).strip().lower()).strip("_")


def normalize_sheet_name(text: str) -> str:
    """Return the comparable form of a sheet name: lower case, no separators.

    Examples:
        >>> normalize_sheet_name("Staff costs")
        'staffcosts'
    """
    return _SEPARATORS.sub("", str(text).strip().lower())


def header_label(column: str) -> str:
    """Return the header a person reads for a standard column name.

    Examples:
        >>> header_label("annual_cost_chf"), header_label("fte"), header_label("start_date")
        ('Annual cost CHF', 'FTE', 'Start date')
    """
    words = [w.upper() if w in {"chf", "fte"} else w for w in column.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Field:
    """One column of one input sheet, as defined in ``metadata/fields.csv``."""

    sheet: str
    column: str
    required: bool
    kind: str
    default: str
    allowed: str
    unit: str
    description: str


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(METADATA_DIR / name, dtype=str, keep_default_na=False)


@cache
def sheet_spellings() -> dict[str, str]:
    """Map each accepted sheet-name spelling (normalized) to its sheet."""
    table = _read("sheets.csv")
    return {normalize_sheet_name(s): sheet for s, sheet in zip(table.spelling, table.sheet)}


def sheet_kind(name: str) -> str | None:
    """The kind of a sheet from its name: a known spelling, alone or followed by a qualifier.

    A qualifier is anything after the kind's name that starts with a space, ``_``, ``-``, a
    digit or a bracket (``Licences 2023``, ``Licences_TSB``, ``Staffing (2)``); a longer
    word (``LicencesTSB``) is not one.

    Examples:
        >>> [sheet_kind(n) for n in ("Licences", "Licences 2023", "Staff costs (2)", "Licensed")]
        ['Licences', 'Licences', 'StaffCosts', None]
    """
    spellings = sheet_spellings()
    exact = spellings.get(normalize_sheet_name(name))
    if exact is not None:
        return exact
    text = str(name).strip().lower()
    for spelling in sorted(spellings, key=len, reverse=True):
        consumed = i = 0
        while i < len(text) and consumed < len(spelling):
            if _SEPARATORS.fullmatch(text[i]):
                i += 1
                continue
            if text[i] != spelling[consumed]:
                break
            consumed, i = consumed + 1, i + 1
        if consumed == len(spelling) and i < len(text) and not text[i].isalpha():
            return spellings[spelling]
    return None


@cache
def fields(sheet: str) -> tuple[Field, ...]:
    """Return the fields of one sheet, in the order they are defined."""
    table = _read("fields.csv")
    rows = table[table.sheet == sheet]
    return tuple(
        Field(
            sheet=row.sheet,
            column=row.column,
            required=row.required == "yes",
            kind=row.kind,
            default=row.default,
            allowed=row.allowed,
            unit=row.unit,
            description=row.description,
        )
        for row in records(rows)
    )


def required_columns(sheet: str) -> list[str]:
    """Return the names of the columns a sheet must have."""
    return [f.column for f in fields(sheet) if f.required]


@cache
def header_spellings(sheet: str) -> dict[str, str]:
    """Map every accepted header spelling (normalized) of a sheet to its standard column."""
    spellings = {f.column: f.column for f in fields(sheet)}
    aliases = _read("header_aliases.csv")
    for spelling, column in aliases.loc[aliases.sheet == sheet, ["spelling", "column"]].values:
        spellings[normalize_header(spelling)] = column
    return spellings


@cache
def units() -> dict[str, str]:
    """Map each known unit code to its name."""
    table = _read("units.csv")
    return dict(zip(table.unit, table.name))


@cache
def currency_spellings() -> dict[str, str]:
    """Map common non-ISO currency spellings (``SFR``, ``US$``) to the ISO code meant."""
    table = _read("currency_spellings.csv")
    return dict(zip(table.spelling.str.upper(), table.currency))


@cache
def assumptions() -> pd.DataFrame:
    """The scenario model's known assumptions with kind, unit, range and default, by name."""
    table = _read("assumptions.csv")
    for column in ("minimum", "maximum", "default"):
        table[column] = table[column].astype(float)
    return table.set_index("name")


@cache
def file_kinds() -> pd.DataFrame:
    """What the reader does with each kind of file in the raw folder, by suffix.

    ``read_as`` is ``workbook``, ``export`` (licence lines, when named ``licences*``) or
    empty (not read); ``severity`` and ``why`` say how a file not read is reported.
    """
    return _read("file_kinds.csv").set_index("suffix")


@cache
def total_words() -> re.Pattern[str]:
    """A pattern finding a word that marks a total row (``Total``, ``Sous-total``, ``小计``…).

    Examples:
        >>> bool(total_words().search("Subtotal GS Zoom")), bool(total_words().search("Totalview"))
        (True, False)
    """
    table = _read("total_words.csv")
    whole = [re.escape(w.lower()) for w in table.loc[table.whole_word == "yes", "word"]]
    inside = [re.escape(w.lower()) for w in table.loc[table.whole_word != "yes", "word"]]
    # longest first, so that "grand total" is found whole
    pattern = r"(?<!\w)(?:" + "|".join(sorted(whole, key=len, reverse=True)) + r")(?!\w)"
    if inside:
        pattern += "|" + "|".join(inside)
    return re.compile(pattern, re.IGNORECASE)


@cache
def quantity_units() -> pd.DataFrame:
    """How each quantity unit is moved between platforms: its demand unit and kind."""
    return _read("quantity_units.csv").set_index("quantity_unit")


@cache
def functions() -> pd.DataFrame:
    """What each function (platform category) needs of any platform serving it, by function."""
    return _read("functions.csv").set_index("function")
