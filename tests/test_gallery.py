"""The gallery: a chooser and a page per language, fonts inside, readable on a phone, offline."""

from __future__ import annotations

import base64
import html as html_module
import io
import re
from html.parser import HTMLParser
from posixpath import dirname, join, normpath

import pytest

from analysis.report import gallery, webfonts
from analysis.report.charts import chart_names
from analysis.report.i18n import LANGUAGES, Messages
from analysis.report.render import FIGURE_FORMATS

FONT_FACE = re.compile(
    r'@font-face \{ font-family: "([^"]+)";[^}]*'
    r'src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)'
)


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.root, self.meta = [], {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root = attrs
        if tag == "meta":
            self.meta.append(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


def html_text(page: str) -> str:
    return html_module.unescape(page)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def shipped():
    from analysis import config, pipeline
    from analysis.check.inputs import load_inputs

    return pipeline.chart_data(pipeline.analyse(load_inputs(config.RAW_DIR)))


@pytest.fixture(scope="module")
def pages(shipped):
    return gallery.gallery_pages(shipped, LANGUAGES)


def files_of_a_run(data, pages) -> set[str]:
    figures = {
        f"{lang}/{name}.{fmt}"
        for lang in LANGUAGES
        for name in chart_names(data)
        for fmt in FIGURE_FORMATS
    }
    briefs = {f"{lang}/brief.{ext}" for lang in LANGUAGES for ext in ("html", "pdf")}
    return figures | briefs | set(pages)


def test_there_is_a_chooser_and_one_page_per_language(pages):
    assert set(pages) == {"index.html", *(f"{lang}/index.html" for lang in LANGUAGES)}
    chooser = parse(pages["index.html"])
    assert chooser.links == [f"{lang}/index.html" for lang in LANGUAGES]
    for lang in LANGUAGES:
        assert Messages(lang)("language.name") in pages["index.html"]
        assert Messages(lang)("gallery.choose") in pages["index.html"]


def test_every_link_leads_to_a_file_the_run_writes_and_none_leaves_the_folder(shipped, pages):
    written = files_of_a_run(shipped, pages)
    for path, html in pages.items():
        for link in parse(html).links:
            assert not re.match(r"^[a-z]+:|^//", link), f"{path}: not offline: {link}"
            target = normpath(join(dirname(path), link))
            assert target in written, f"{path} links {link}, which no run writes"
        assert "http://" not in html and "https://" not in html, path


def test_each_page_is_in_its_language_and_only_arabic_runs_right_to_left(pages):
    for lang in LANGUAGES:
        html = pages[f"{lang}/index.html"]
        root = parse(html).root
        assert root == {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}
        assert Messages(lang)("savings_distribution.caption") in html_text(html)
    assert parse(pages["index.html"]).root == {"lang": "mul", "dir": "ltr"}
    assert 'lang="ar" dir="rtl"' in pages["index.html"]


@pytest.mark.parametrize("path", ["index.html", *(f"{lang}/index.html" for lang in LANGUAGES)])
def test_the_page_carries_woff2_fonts_that_cover_every_character_it_shows(pages, path):
    from fontTools.ttLib import TTFont

    html = pages[path]
    faces = FONT_FACE.findall(html)
    assert faces, f"{path} has no inline font"
    covered = set()
    for _family, data in faces:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff2"
        covered |= set(font.getBestCmap())
    shown = {ord(c) for c in gallery.page_text(html) if not c.isspace()}
    missing = "".join(sorted(chr(c) for c in shown - covered))
    assert not missing, f"{path}: no embedded font has {missing!r}"


def test_a_font_is_cut_to_the_characters_of_the_page():
    fonts = {font.family: font for font in webfonts.web_fonts("Zoom شبكة 会议")}
    assert set(fonts["Noto Sans"].characters) == set(" Zoom")
    assert set(fonts["Noto Sans Arabic"].characters) == set("شبكة")
    assert set(fonts["Noto Sans SC"].characters) == set("会议")
    assert len(fonts["Noto Sans SC"].woff2) < 20_000  # two characters, not the whole font


@pytest.mark.parametrize("lang", ["ar", "zh", "en"])
def test_the_page_fits_a_phone_and_keeps_chart_text_legible(pages, lang):
    html = pages[f"{lang}/index.html"]
    meta = parse(html).meta
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in meta
    assert re.search(r"\bimg \{ max-width: 100%; height: auto; \}", html)
    # below 40rem a chart keeps 36rem (8-inch chart: 10 pt text at 9 px) in a frame of its own
    assert re.search(r"@media \(max-width: 40rem\)[^@]*\.chart img \{ width: 36rem;", html)
    assert ".chart { overflow-x: auto;" in html
