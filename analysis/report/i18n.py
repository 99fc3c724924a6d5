"""Words and numbers in the six official languages.

Arabic, Chinese, English, French, Russian and Spanish. Every word that a chart, the
gallery or the brief shows comes from one message catalogue kept as data,
``metadata/messages.csv``: one row per message, one column per language, and a note for
the translator. A translator edits that file and nothing else. Platform and unit names
stay as the data writes them. Numbers and dates are written as each language writes them
(``1 234 567`` in French and Russian, ``1.234.567`` in Spanish), following the Unicode
CLDR through Babel.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import string
import textwrap
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from analysis.config import METADATA_DIR
from analysis.issues import InputError, IssueLog

LANGUAGES = ("ar", "zh", "en", "fr", "es", "ru")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
MESSAGES_FILE = METADATA_DIR / "messages.csv"
# Signs that never start a line in Chinese (kinsoku): they stay on the line they close.
CLOSING_SIGNS = frozenset("。，、；：！？）」』》〉】”’")
# ... and signs that never end one: they stay with what they open.
OPENING_SIGNS = frozenset("（「『《〈【“‘")
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKENS = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
# Right-to-left text: a right-to-left mark first sets the paragraph's direction, and each
# value put into a message is isolated, so a Latin name or a number cannot reorder it.
RLM, FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u200f", "\u2068", "\u2069"
# The locale whose CLDR forms write dates and lists: the organisation writes English as
# British English ("31 January 2022", "A, B and C"), numbers as every language's default.
WRITING_LOCALE = {"en": "en_GB"}
# BCP 47 tags for the text shaper, so each language gets its own letter forms.
SHAPING_LANGUAGE = {"ar": "ar", "zh": "zh-Hans", "en": "en", "fr": "fr", "es": "es", "ru": "ru"}


def parse_languages(text: str) -> tuple[str, ...]:
    """Return the languages asked for, in the order given, each once.

    Args:
        text: Comma-separated language codes, or ``all`` for the six.

    Raises:
        ValueError: Naming every unknown code and the codes that would be right.

    Examples:
        >>> parse_languages("fr, ar,fr")
        ('fr', 'ar')
        >>> parse_languages("all")
        ('ar', 'zh', 'en', 'fr', 'es', 'ru')
    """
    codes = [c.strip().lower() for c in str(text).split(",") if c.strip()]
    if codes == ["all"]:
        return LANGUAGES
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown or not codes:
        raise ValueError(
            f"unknown language(s): {', '.join(unknown) or '(none given)'}; "
            f"use some of {','.join(LANGUAGES)}, or all"
        )
    return tuple(dict.fromkeys(codes))


def read_catalogue(path: Path = MESSAGES_FILE) -> dict[str, dict[str, str]]:
    """Read a message catalogue: ``{message id: {language: text}}``.

    Raises:
        InputError: On every problem at once, each with its file, row and column: a
            missing column, a repeated id, an empty translation, or placeholders that
            differ from the English text's.
    """
    log = IssueLog()
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
        columns = rows[0].keys() if rows else []
    missing = [c for c in ("id", *LANGUAGES) if c not in columns]
    for column in missing:
        log.error(
            "E_CATALOGUE",
            f"the message catalogue has no column {column!r}; it needs id and one column "
            f"per language ({', '.join(LANGUAGES)})",
            file=path.name,
            row=1,
        )
    if missing:
        raise InputError(log)
    messages: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        key = row["id"].strip()
        if key in messages:
            log.error(
                "E_CATALOGUE",
                f"message {key!r} is defined twice; keep one row per message",
                file=path.name,
                row=number,
                column="id",
            )
            continue
        texts = {lang: row[lang].replace("\\n", "\n") for lang in LANGUAGES}
        wanted = _placeholders(texts["en"])
        for lang, text in texts.items():
            if not text.strip():
                log.error(
                    "E_TRANSLATION_MISSING",
                    f"message {key!r} has no {lang} translation; write it in column {lang}",
                    file=path.name,
                    row=number,
                    column=lang,
                )
            elif _placeholders(text) != wanted:
                log.error(
                    "E_TRANSLATION_PLACEHOLDERS",
                    f"the {lang} text of message {key!r} has the placeholders "
                    f"{_show(_placeholders(text))}; the English text has {_show(wanted)}",
                    file=path.name,
                    row=number,
                    column=lang,
                )
        messages[key] = texts
    if log.has_errors:
        raise InputError(log)
    return messages


def _placeholders(text: str) -> list[str]:
    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:  # an unmatched brace
        return ["{"]


def _show(names: list[str]) -> str:
    return ", ".join("{" + n + "}" for n in names) or "none"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """The package's message catalogue, read once."""
    return read_catalogue(MESSAGES_FILE)


@dataclass(frozen=True)
class Messages:
    """The words and number formats of one language.

    Examples:
        >>> Messages("fr").chf(1234567.4)
        '1\u202f234\u202f567'
        >>> Messages("en")("brief.spend", year=2021, amount="1")
        'Spend on meeting platforms in 2021: CHF 1'
    """

    lang: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            parse_languages(self.lang)  # raises, naming the right codes

    def __call__(self, key: str, **values: object) -> str:
        """Return message ``key`` in this language, with ``values`` filled in."""
        text = catalogue()[key][self.lang]
        if not self.right_to_left:
            return text.format(**values)
        isolated = {k: f"{FIRST_STRONG_ISOLATE}{v}{POP_ISOLATE}" for k, v in values.items()}
        return RLM + text.format(**isolated)

    def has(self, key: str) -> bool:
        """Whether the catalogue has message ``key``."""
        return key in catalogue()

    def label(self, kind: str, value: str) -> str:
        """Translate a known value from the data (a category, an assumption), else keep it.

        Values the catalogue does not know stay as the data writes them.
        """
        key = f"{kind}.{value}"
        return self(key) if self.has(key) else str(value)

    @property
    def right_to_left(self) -> bool:
        """Whether the language is written right to left."""
        return self.lang in RIGHT_TO_LEFT

    @property
    def writing_locale(self) -> str:
        """The CLDR locale of this language's dates and lists."""
        return WRITING_LOCALE.get(self.lang, self.lang)

    @property
    def shaping_language(self) -> str:
        """The BCP 47 tag the text shaper is given."""
        return SHAPING_LANGUAGE[self.lang]

    def number(self, value: float, decimals: int = 0) -> str:
        """Write a number with this language's grouping and decimal signs."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def plain(self, value: float) -> str:
        """Write a number with as many decimals as it needs (up to three).

        Whole numbers under 10,000 (years, seeds, counts) are written without grouping.

        Examples:
            >>> Messages("fr").plain(0.015), Messages("fr").plain(2021)
            ('0,015', '2021')
        """
        if float(value).is_integer() and abs(value) < 10_000:
            return str(int(value))
        return format_decimal(value, locale=self.lang)

    def percent(self, share: float) -> str:
        r"""Write a share as a percentage, to a tenth of a per cent at most.

        Examples:
            >>> Messages("en").percent(0.015), Messages("fr").percent(0.1)
            ('1.5%', '10\xa0%')
        """
        return format_percent(round(float(share), 3), locale=self.lang, decimal_quantization=False)

    def chf(self, value: float, _pos: object = None) -> str:
        """Write an amount in whole CHF; usable as a matplotlib tick formatter."""
        return format_decimal(round(float(value)), locale=self.lang)

    def date(self, value: dt.date) -> str:
        """Write a date in this language's long form, e.g. 31 January 2022.

        Examples:
            >>> Messages("en").date(dt.date(2022, 1, 31)), Messages("fr").date(dt.date(2022, 1, 31))
            ('31 January 2022', '31 janvier 2022')
        """
        return format_date(value, format="long", locale=self.writing_locale)

    def short_date(self, value: dt.date) -> str:
        """Write a date in this language's medium form."""
        return format_date(value, format="medium", locale=self.writing_locale)

    def join(self, items: list[str]) -> str:
        """Join names as a list in this language ("A, B and C")."""
        return format_list([str(i) for i in items], locale=self.writing_locale) if items else ""


def wrap(text: str, lang: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` half-em cells.

    A Chinese character or full-width sign takes two cells, anything else one. Lines
    break at spaces and, in Chinese, between Chinese characters; never inside a word or
    a number, and never before a closing sign.

    Examples:
        >>> wrap("Support: fewer platforms", "en", 12)
        ['Support:', 'fewer', 'platforms']
    """
    if "\n" in text:
        return [line for part in text.split("\n") for line in wrap(part, lang, width)]
    if lang in RIGHT_TO_LEFT:
        # Each line is its own paragraph once set: each starts right to left again, and
        # no isolate is left open across a break.
        bare = text.translate({ord(c): None for c in (RLM, FIRST_STRONG_ISOLATE, POP_ISOLATE)})
        return [RLM + line for line in _wrap_at_spaces(bare, width)]
    if lang != "zh":
        return _wrap_at_spaces(text, width)
    return _wrap_chinese(text, width)


# A Chinese line full to this share of its width may end at the last sign or space in it
# rather than between two characters of a word (减少 stays whole).
PREFERRED_FILL = 0.6


def _cells(token: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)


def _wrap_chinese(text: str, width: int) -> list[str]:
    """Chinese lines: at a sign or space near the line's end if any, else between characters.

    Never inside a Latin word or a number, never before a closing sign, never after an
    opening one.
    """
    lines: list[str] = []
    line: list[str] = []
    for token in _TOKENS.findall(text):
        used = sum(_cells(t) for t in line)
        breakable = (
            "".join(line).strip() and token not in CLOSING_SIGNS and line[-1] not in OPENING_SIGNS
        )
        if used + _cells(token) > width and breakable:
            cut = len(line)
            for i in range(len(line) - 1, 0, -1):
                if sum(_cells(t) for t in line[:i]) < PREFERRED_FILL * width:
                    break
                after_sign = line[i - 1] in CLOSING_SIGNS or line[i - 1].isspace()
                if after_sign and line[i] not in CLOSING_SIGNS:
                    cut = i
                    break
            lines.append("".join(line[:cut]).rstrip())
            line = line[cut:]
            while line and line[0].isspace():
                line.pop(0)
            if token.isspace() and not line:
                continue
        line.append(token)
    rest = "".join(line).strip()
    return [*lines, rest] if rest else lines or [""]


def _wrap_at_spaces(text: str, width: int) -> list[str]:
    r"""Lines of at most ``width`` characters, broken at spaces only.

    A word longer than the width keeps its own line whole, and a hyphenated word is not
    broken at its hyphen: a line never ends inside a word. Each line of ``text`` (its
    ``\n``) is wrapped on its own.
    """
    out = []
    for paragraph in text.split("\n"):
        out += textwrap.wrap(
            paragraph, width=width, break_long_words=False, break_on_hyphens=False
        ) or [""]
    return out or [""]
