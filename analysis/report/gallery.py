"""The gallery: ``figures/index.html`` to choose a language, and a page per language.

``figures/index.html`` lists the languages of the run, each in its own words and
direction; ``figures/<lang>/index.html`` shows that language's figures with their
captions, in its direction (``dir="rtl"`` for Arabic only), linking each figure's PNG,
SVG and PDF and the language's brief. Each page carries the fonts it needs, cut to its
characters (:mod:`analysis.report.webfonts`), and nothing is fetched from the network,
so every script shows on any machine, offline. On a phone the page fits the screen;
each chart keeps a legible size and scrolls sideways inside its own frame.
"""

from __future__ import annotations

from html.parser import HTMLParser

from analysis.report.brief import TEMPLATES
from analysis.report.chart_data import ChartData
from analysis.report.charts import chart_names
from analysis.report.i18n import Messages
from analysis.report.render import FIGURE_FORMATS
from analysis.report.webfonts import font_face_css

INDEX = "index.html"
# Replaced by the page's @font-face rules once the page's characters are known.
_FONTS_HERE = "/* fonts */"


class _Text(HTMLParser):
    """The characters a page shows: its text and attribute values, not its CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        self.parts.extend(value for name, value in attrs if name in ("alt", "title") and value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text a browser shows for ``html`` (and reads out: alt texts, titles).

    Examples:
        >>> page_text('<p title="t">a<style>b{}</style><img alt="c"></p>')
        'tac'
    """
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _with_fonts(html: str) -> str:
    return html.replace(_FONTS_HERE, font_face_css(page_text(html)), 1)


def _language(lang: str) -> dict:
    msg = Messages(lang)
    return {
        "lang": lang,
        "direction": "rtl" if msg.right_to_left else "ltr",
        "name": msg("language.name"),
        "title": msg("gallery.title"),
    }


def language_page(data: ChartData, lang: str, languages: tuple[str, ...]) -> str:
    """The gallery page of one language, ``figures/<lang>/index.html``."""
    msg = Messages(lang)
    page = {
        **_language(lang),
        "intro": msg("gallery.intro", year=data.year),
        "warning": msg("brief.illustrative") if data.illustrative else None,
        "brief": msg("gallery.brief"),
        "download": msg("gallery.download"),
        "enlarge": msg("gallery.enlarge"),
        "all_languages": msg("gallery.languages"),
        "figures": [
            {"name": name, "caption": msg(f"{name}.caption")} for name in chart_names(data)
        ],
    }
    others = [_language(other) for other in languages if other != lang]
    html = TEMPLATES.get_template("gallery.html.j2").render(
        page=page, others=others, formats=FIGURE_FORMATS, fonts=_FONTS_HERE
    )
    return _with_fonts(html)


def chooser_page(languages: tuple[str, ...]) -> str:
    """``figures/index.html``: each language of the run, named in its own words."""
    entries = [
        {**_language(lang), "choose": Messages(lang)("gallery.choose")} for lang in languages
    ]
    html = TEMPLATES.get_template("gallery_index.html.j2").render(
        languages=entries, fonts=_FONTS_HERE
    )
    return _with_fonts(html)


def gallery_pages(data: ChartData, languages: tuple[str, ...]) -> dict[str, str]:
    """Every gallery page of one run, by path relative to the figures folder."""
    pages = {INDEX: chooser_page(languages)}
    for lang in languages:
        pages[f"{lang}/{INDEX}"] = language_page(data, lang, languages)
    return pages
