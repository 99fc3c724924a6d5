"""Charts as PDF, set glyph for glyph as their PNG, with text that copies in reading order.

matplotlib shapes every text once (libraqm: Arabic joining, ligatures, marks, right to
left) and both its Agg (PNG) and PDF backends draw the glyphs that come out. Its PDF
backend (3.11) starts a new run of text at each change of font or font subset: Noto
Sans sets the spaces and digits of an Arabic title, Noto Sans Arabic its letters, and
each letter's alternate forms go into further subsets. At each such change the run is
placed at the glyph's own position and then moved again by the glyph's kerning, which
the position already holds: a glyph following a mark (Arabic dots are marks in Noto
Sans Arabic) lands up to half an em away, so words run together or split. The PDF also
maps each mark to its letter again, so copied text doubles letters.

:class:`ShapedRendererPdf` is matplotlib's own PDF renderer with that one method set
right: each run starts exactly where libraqm put its first glyph, a mark drawn with its
letter copies as nothing, and every text is wrapped in a marked span whose
``ActualText`` is the text in logical (reading) order, as PDF readers copy and search
it. Glyphs are embedded as Type 3 fonts: each glyph's outline as FreeType reads it from
the very font the PNG is drawn with, subset to the glyphs used, with a ToUnicode map, so
the text stays searchable. TrueType (Type 42) embedding would set the same glyphs but
cuts the fonts with fontTools on every file: about 2 s per chart instead of 0.3 s,
which the six-language run cannot afford. Everything else, the PDF file, paths and
images, is matplotlib's.
"""

from __future__ import annotations

import io
import itertools
import math

import matplotlib as mpl
from matplotlib import _text_helpers
from matplotlib.backends import _backend_pdf_ps
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_pdf import (
    FigureCanvasPdf,
    Op,
    PdfFile,
    PdfPages,
    RendererPdf,
)
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath
from matplotlib.ft2font import LoadFlags

MARK_TEXT = "\u034f"  # combining grapheme joiner: what a mark drawn apart copies as
FONT_TYPE = 3  # the house style's: outlines read by FreeType, as exact as TrueType, faster
# Bidi controls steer the shaping of a title; a reader copying it wants the words only.
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def reading_text(text: str) -> str:
    """``text`` as a reader copies it: without the invisible bidi controls.

    Examples:
        >>> reading_text("\u200fالمصدر: \u2068a.xlsx\u2069")
        'المصدر: a.xlsx'
    """
    return text.translate(_BIDI_CONTROLS)


class _ClusterTracker(_backend_pdf_ps.CharacterTracker):
    """matplotlib's glyph tracker, also for glyphs that stand for no character.

    A mark shaped apart from its letter (the dots of ``ة``) is the second glyph of one
    character. It is recorded as the combining grapheme joiner, which has no visible
    effect, in a subset of its own codes, so that copying glyph by glyph gives the
    letter once (readers that honour ``ActualText`` copy the span's text instead).
    """

    def track_glyph(self, font, chars, glyph):
        """Record ``glyph`` of ``font`` as standing for ``chars`` (``""``: a mark)."""
        return super().track_glyph(font, chars or MARK_TEXT, glyph)


def _mark_glyphs(items: list) -> set[int]:
    """Positions of glyphs that only add to a neighbour's character (zero-width marks)."""
    marks = set()
    for i, item in enumerate(items):
        glyph = item.ft_object.load_glyph(item.glyph_index, flags=LoadFlags.NO_HINTING)
        if glyph.linearHoriAdvance:
            continue
        neighbours = items[max(i - 1, 0) : i] + items[i + 1 : i + 2]
        if any(other.char == item.char for other in neighbours):
            marks.add(i)
    return marks


def _actual_text(text: str) -> bytes:
    """A marked-content span whose ActualText is ``text`` (UTF-16, as PDF asks)."""
    return (
        b"/Span <</ActualText <" + ("\ufeff" + text).encode("utf-16be").hex().encode() + b">>> BDC"
    )


class ShapedRendererPdf(RendererPdf):
    """matplotlib's PDF renderer, with text placed glyph for glyph as Agg places it."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """Draw ``s`` as libraqm laid it out, in a span that copies as ``s`` reads."""
        if ismath or mpl.rcParams["pdf.use14corefonts"]:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        self.check_gc(gc, gc._rgb)
        fontsize = prop.get_size_in_points()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        font = self._get_font_ttf(prop)
        fonttype = mpl.rcParams["pdf.fonttype"]
        items = list(_text_helpers.layout(s, font, features=features, language=language))
        marks = _mark_glyphs(items)
        tracker = self.file._character_tracker

        run: list = []  # kerns (float) and glyph codes of the current font subset

        def show_run() -> None:
            if run:
                self.file.output(
                    [
                        (-1000 * next(group) / fontsize)
                        if kind is float
                        else self._encode_glyphs(group, fonttype)
                        for kind, group in itertools.groupby(run, type)
                    ],
                    Op.showkern,
                )
                run.clear()

        a = math.radians(angle)
        self.file.output(Op.gsave)
        self.file.write(_actual_text(reading_text(s)) + b"\n")
        self.file.output(math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y)
        self.file.output(Op.concat_matrix, Op.begin_text)
        current, run_start = None, 0.0
        for i, item in enumerate(items):
            chars = "" if i in marks else item.char
            subset, code = tracker.track_glyph(item.ft_object, chars, item.glyph_index)
            if (item.ft_object, subset) != current:
                show_run()
                path = FontPath(str(item.ft_object.fname), item.ft_object.face_index)
                self.file.output(self.file.fontName(path, subset), fontsize, Op.selectfont)
                # The run starts at the glyph's own place: its kerning is in it already.
                self.file.output(item.x - run_start, 0, Op.textpos)
                current, run_start = (item.ft_object, subset), item.x
            elif item.prev_kern:
                run.append(item.prev_kern)
            if item.y:
                show_run()
                self.file.output(item.y, Op.textrise)
            run.append(code)
            if item.y:
                show_run()
                self.file.output(0, Op.textrise)
        show_run()
        self.file.output(Op.end_text)
        self.file.write(b"EMC\n")
        self.file.output(Op.grestore)
        return None


class FigureCanvasShapedPdf(FigureCanvasPdf):
    """A PDF canvas drawing with :class:`ShapedRendererPdf`; also writes to ``PdfPages``."""

    def print_pdf(self, filename, *, bbox_inches_restore=None, metadata=None, **_drawn_before):
        """Draw the figure as one PDF page, into a file, a buffer or a ``PdfPages``.

        ``savefig`` hands a third-party canvas the options it has applied already (dpi,
        face and edge colour, orientation); like matplotlib's own, this one ignores them.
        """
        dpi = self.figure.dpi
        self.figure.dpi = 72  # there are 72 PDF points to an inch
        width, height = self.figure.get_size_inches()
        pages = isinstance(filename, PdfPages)
        file = filename._ensure_file() if pages else PdfFile(filename, metadata=metadata)
        if not isinstance(file._character_tracker, _ClusterTracker):
            if file._character_tracker.used:
                raise ValueError(
                    "a page of this PdfPages was saved with PdfPages.savefig, which tracks "
                    "glyphs its own way; save every page with analysis.report.pdf.save_page"
                )
            file._character_tracker = _ClusterTracker(
                _backend_pdf_ps._FONT_MAX_GLYPH.get(mpl.rcParams["pdf.fonttype"], 0)
            )
        try:
            file.newPage(width, height)
            renderer = MixedModeRenderer(
                self.figure,
                width,
                height,
                dpi,
                ShapedRendererPdf(file, dpi, height, width),
                bbox_inches_restore=bbox_inches_restore,
            )
            self.figure.draw(renderer)  # type: ignore[arg-type]  # as matplotlib does
            renderer.finalize()
            if not pages:
                file.finalize()
        finally:
            if pages:
                file.endStream()
            else:
                file.close()


FigureCanvas = FigureCanvasShapedPdf  # lets ``savefig(backend="module://...")`` find it
BACKEND = f"module://{__name__}"


def save_page(figure: Figure, target, **options) -> None:
    """Save ``figure`` as one PDF page into ``target`` (a buffer, a path or a ``PdfPages``).

    Use it in place of ``PdfPages.savefig``, which always takes matplotlib's own renderer.
    The fonts are embedded as ``pdf.fonttype`` says (the house style: :data:`FONT_TYPE`);
    a ``PdfPages`` embeds them when it closes, so it must close under the same setting.
    """
    figure.savefig(target, format="pdf", backend=BACKEND, **options)


def figure_pdf(figure: Figure, metadata: dict | None = None, **options) -> bytes:
    """One figure as the bytes of a one-page PDF."""
    buffer = io.BytesIO()
    save_page(figure, buffer, metadata=metadata, **options)
    return buffer.getvalue()


__all__ = [
    "BACKEND",
    "FigureCanvasShapedPdf",
    "ShapedRendererPdf",
    "figure_pdf",
    "reading_text",
    "save_page",
]
