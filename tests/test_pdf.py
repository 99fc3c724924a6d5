"""Chart PDFs set as their PNGs, with text that copies in reading order, in six languages.

The PDF is rasterised with pypdfium2 at the PNG's size and compared with the PNG after a
Gaussian blur of 1.5 px, which evens out the two rasterisers' anti-aliasing but keeps
any glyph or line that moved. Measured on the shipped data (2026-12-01): every chart in
every language differs in at most 0.09 % of its pixels by more than 48 of 255 grey
levels; with matplotlib's own PDF text placement the Arabic charts differ in 0.43 % to
1.62 %. The limit, 0.25 %, lies between the two.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image, ImageFilter

from analysis.config import STYLE_FILE
from analysis.report import fonts, pdf, render
from analysis.report.i18n import LANGUAGES

BLUR_PX = 1.5
GREY_LEVELS = 48
MOVED_SHARE_LIMIT = 0.0025
ARABIC_TITLE = "\u200fالإنفاق المكرر حسب الوظيفة، \u20682021\u2069"
SOURCE = "\u200fالمصدر: \u2068licences_2020_2021.xlsx, platforms_staffing.xlsx\u2069"


def moved_share(pdf_bytes: bytes, png_bytes: bytes) -> float:
    """Share of pixels where the rasterised PDF and the PNG differ, after a light blur."""
    import pypdfium2

    png = Image.open(io.BytesIO(png_bytes)).convert("L")
    page = pypdfium2.PdfDocument(pdf_bytes)[0]
    drawn = page.render(scale=png.width / page.get_width()).to_pil().convert("L")
    drawn = drawn.resize(png.size, Image.Resampling.BILINEAR)
    a, b = (np.asarray(i.filter(ImageFilter.GaussianBlur(BLUR_PX)), float) for i in (png, drawn))
    return float((np.abs(a - b) > GREY_LEVELS).mean())


def actual_texts(pdf_bytes: bytes) -> list[str]:
    """The ``ActualText`` of every marked span on the first page, read with pypdf."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf_bytes))
    page = reader.pages[0]
    content = ContentStream(page.get_contents(), reader)
    return [
        str(operands[1]["/ActualText"])
        for operands, operator in content.operations
        if operator == b"BDC" and "/ActualText" in operands[1]
    ]


def glyph_text(pdf_bytes: bytes) -> str:
    """The text pypdf reads glyph by glyph (through the fonts' ToUnicode maps)."""
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text()


def arabic_figure() -> Figure:
    fonts.font_files()
    figure = Figure(figsize=(6, 1.6))
    family = list(fonts.FAMILIES)
    figure.text(0.98, 0.7, ARABIC_TITLE, ha="right", fontsize=13, family=family)
    figure.text(0.98, 0.2, SOURCE, ha="right", fontsize=8, family=family)
    return figure


def saved(figure: Figure, fmt: str) -> bytes:
    with mpl.rc_context({"font.family": list(fonts.FAMILIES), "text.language": "ar"}):
        return render.figure_bytes(figure, fmt)


def test_reading_text_drops_the_bidi_controls_only():
    assert pdf.reading_text(ARABIC_TITLE) == "الإنفاق المكرر حسب الوظيفة، 2021"


def test_an_arabic_title_is_set_in_the_pdf_where_agg_sets_it_in_the_png():
    figure = arabic_figure()
    png, ours = saved(figure, "png"), saved(figure, "pdf")
    assert moved_share(ours, png) < MOVED_SHARE_LIMIT
    # matplotlib's own placement moves every glyph after a mark: the test sees it
    own = io.BytesIO()
    shaping = {"font.family": list(fonts.FAMILIES), "text.language": "ar"}
    with mpl.rc_context(fname=STYLE_FILE), mpl.rc_context(shaping):
        figure.savefig(own, format="pdf", dpi=render.PNG_DPI)
    assert moved_share(own.getvalue(), png) > MOVED_SHARE_LIMIT


def test_an_arabic_title_copies_in_reading_order_and_a_file_name_whole():
    document = saved(arabic_figure(), "pdf")
    texts = actual_texts(document)
    assert "الإنفاق المكرر حسب الوظيفة، 2021" in texts
    assert "المصدر: licences_2020_2021.xlsx, platforms_staffing.xlsx" in texts
    copied = glyph_text(document)
    assert "licences_2020_2021.xlsx, platforms_staffing.xlsx" in copied
    # a mark drawn apart from its letter copies as nothing visible, not as the letter again
    assert "ةة" not in copied and "فف" not in copied


def test_fonts_are_embedded_glyph_by_glyph_with_a_map_back_to_text():
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(saved(arabic_figure(), "pdf"))).pages[0]
    names = set()
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type3"
        assert "/ToUnicode" in font
        names.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"NotoSans-Regular", "NotoSansArabic-Regular"} <= names


def test_pages_of_a_multipage_pdf_are_set_alike_and_copy_their_titles():
    from matplotlib.backends.backend_pdf import PdfPages
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    buffer = io.BytesIO()
    with PdfPages(buffer) as pages:
        for _ in range(2):
            pdf.save_page(arabic_figure(), pages)
    reader = PdfReader(buffer)
    assert len(reader.pages) == 2
    for page in reader.pages:
        operations = ContentStream(page.get_contents(), reader).operations
        spans = [str(o[1]["/ActualText"]) for o, op in operations if op == b"BDC"]
        assert "الإنفاق المكرر حسب الوظيفة، 2021" in spans


def test_a_pdfpages_begun_with_matplotlibs_own_savefig_is_refused():
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(io.BytesIO()) as pages:
        pages.savefig(arabic_figure())
        with pytest.raises(ValueError, match="save every page with"):
            pdf.save_page(arabic_figure(), pages)


# --- every chart of the shipped data, in the six languages


@pytest.fixture(scope="module")
def shipped():
    from analysis import config, pipeline
    from analysis.check.inputs import load_inputs

    return pipeline.chart_data(pipeline.analyse(load_inputs(config.RAW_DIR)))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_pdf_is_set_as_its_png_and_copies_its_title(shipped, lang):
    from analysis.report import charts

    for name in charts.chart_names(shipped):
        figure = charts.draw(shipped, lang, [name])[name]
        png = render.figure_bytes(figure, "png")
        render.freeze_layout(figure)  # as render.render_one does
        document = render.figure_bytes(figure, "pdf")
        share = moved_share(document, png)
        assert share < MOVED_SHARE_LIMIT, f"{name} ({lang}): {share:.3%} of pixels moved"
        texts = actual_texts(document)
        # every line of the title, subtitle, source line and marks, in reading order
        lines = [line for text in figure.texts for line in text.get_text().split("\n")]
        assert len(lines) >= 3, name
        for line in filter(None, map(pdf.reading_text, lines)):
            assert line in texts, f"{name} ({lang}): {line!r} not in {texts}"
        copied = glyph_text(document)
        named = re.findall(r"[\w.-]+\.(?:xlsx|xlsm|xlsb|xls|ods|csv|parquet)", " ".join(lines))
        assert named, f"{name} ({lang}): no file name in the source line"
        for file in named:
            assert file in copied, f"{name} ({lang}): file name {file} broken in {copied!r}"
