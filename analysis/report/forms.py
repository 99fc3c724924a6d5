"""How the brief and the summary workbook write dates, rounded amounts and shares.

A Council document writes "31 January 2022", "CHF 1.8 million" and "1 % to 5 %" in each
official language's own form. The forms are the Unicode CLDR's, through Babel, with one
choice made here: English dates are written day first (British English,
``en_GB``), as the organisation writes them, not in the United States' order.
"""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal, format_decimal, format_percent

# The CLDR locale whose forms each language's documents follow.
LOCALES = {"ar": "ar", "zh": "zh", "en": "en_GB", "fr": "fr", "es": "es", "ru": "ru"}
NO_BREAK = "\u00a0"
LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


def rounded(value: float) -> float:
    """Round an amount for a sentence: two significant figures, at least to the thousand.

    Amounts of a million and more keep one decimal of a million (1.8 million); smaller
    ones two significant figures (210,000; 12,000), never finer than a thousand.

    Examples:
        >>> rounded(1_795_424), rounded(211_996.8), rounded(11_827.9), rounded(-33_705.7)
        (1800000.0, 210000.0, 12000.0, -34000.0)
        >>> rounded(480.0)
        0.0
    """
    size = abs(value)
    if size >= 1_000_000:
        step = 100_000.0
    elif size >= 1_000:
        step = max(1_000.0, 10.0 ** (math.floor(math.log10(size)) - 1))
    else:
        step = 1_000.0
    # half away from zero, as a reader rounds by hand
    return math.copysign(math.floor(size / step + 0.5) * step, value) + 0.0


def amount(value: float, lang: str) -> str:
    r"""An amount rounded by :func:`rounded`, written in ``lang`` (without the currency).

    Millions are written in words, as each language writes them in running text, and
    a line never breaks inside the amount.

    Examples:
        >>> amount(-33_706, "ar")
        '\u2066-34,000\u2069'
        >>> amount(1_795_424, "en"), amount(1_795_424, "ru"), amount(211_996.8, "fr")
        ('1.8\xa0million', '1,8\xa0миллиона', '210\u202f000')
        >>> amount(1_795_424, "zh"), amount(211_996.8, "zh")
        ('180万', '21万')
    """
    value = rounded(value)
    locale = LOCALES[lang]
    if abs(value) >= 1_000_000 or (lang == "zh" and abs(value) >= 10_000):
        text = format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=1)
    else:
        text = format_decimal(value, format="#,##0", locale=locale)
    text = text.replace(" ", NO_BREAK)
    if lang == "ar" and value < 0:
        # alone in a right-to-left cell the minus would go to the number's right, but to its
        # left inside a sentence (where each value is isolated): isolate it here too
        text = f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_ISOLATE}"
    return text


def share(value: float, lang: str) -> str:
    r"""A share written as a percentage in ``lang``, with the decimals it needs (up to two).

    Examples:
        >>> share(0.015, "en"), share(0.2, "en"), share(0.015, "fr")
        ('1.5%', '20%', '1,5\xa0%')
    """
    return format_percent(round(value, 4), locale=LOCALES[lang], decimal_quantization=False)
