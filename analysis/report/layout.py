"""Text set on A4 pages with matplotlib: paragraphs, headings, tables, an image.

The brief's PDF is drawn by matplotlib, so that its text is shaped and set right to left
by the same engine as the charts. This module is the small typesetter it needs:

- lines are measured in the font they are drawn with, and broken only where the
  language allows: at spaces, and in Chinese also after a closing sign, before an opening
  one, where the script changes, and at the zero-width spaces the catalogue's Chinese
  texts carry between words, and after the particle 的. A word is cut only if it is
  wider than the whole line; each such cut is recorded in :attr:`Pages.forced`, so a
  test can require there be none;
- table cells keep a padding on every side, and a row too tall for the page goes to the
  next, under the header repeated;
- every line drawn is recorded with its page, section, the room it had and its width.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from analysis.report.i18n import FIRST_STRONG_ISOLATE, POP_ISOLATE, RIGHT_TO_LEFT, RLM

ZWSP = "\u200b"  # a break opportunity between Chinese words; never drawn
BIDI_MARKS = {ord(c): None for c in (RLM, FIRST_STRONG_ISOLATE, POP_ISOLATE)}
OPENING_SIGNS = frozenset("（「『《〈【“‘")
CLOSING_SIGNS = frozenset("。，、；：！？）」』》〉】”’")
# The possessive particle ends the word before it: a line may break after it.
WORD_ENDS = frozenset("的")
LEADING = 1.35  # line height over font size
HEADING_COLOUR = "#1F3864"
MUTED_COLOUR = "#767676"  # the lightest grey that keeps 4.5:1 contrast on white
RULE_COLOUR = "#BFBFBF"
HEADER_FILL = "#EEF1F6"
STRONG_FILL = "#E3ECF7"
CELL_PAD = (5.0, 3.5)  # horizontal, vertical, in points
# Measured widths are trusted to within this share: a line is kept this much short.
SAFETY = 0.97


@dataclass(frozen=True)
class Cell:
    """A table cell's text; numbers are set at the end of the cell (``right``)."""

    text: str
    right: bool = False
    strong: bool = False
    muted: bool = False  # grey: a row that is shown but cannot be chosen


@dataclass(frozen=True)
class Line:
    """A line drawn: page (from 0), section, its text, the room it had, its width (pt)."""

    page: int
    section: str
    text: str
    room: float
    width: float


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, 72)


@lru_cache(maxsize=65536)
def _measure(text: str, size: float, families: tuple[str, ...], language: str) -> float:
    prop = FontProperties(family=list(families), size=size)
    width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def pieces(text: str, lang: str) -> list[tuple[str, bool]]:
    """Cut ``text`` into pieces no line may break inside, each with whether a space follows.

    Examples:
        >>> pieces("Keep Interprefy + Teams", "en")
        [('Keep', True), ('Interprefy', True), ('+', True), ('Teams', False)]
        >>> [p for p, _ in pieces("保留\u200bInterprefy，支持集中于GS。", "zh")]
        ['保留', 'Interprefy，', '支持集中于', 'GS。']
    """
    if lang != "zh":
        words = text.split(" ")
        return [(w, i < len(words) - 1) for i, w in enumerate(words) if w]
    out: list[tuple[str, bool]] = []
    current = ""

    def close(space: bool = False) -> None:
        nonlocal current
        if current:
            out.append((current, space))
            current = ""
        elif space and out:
            out[-1] = (out[-1][0], True)

    for char in text:
        if char == ZWSP:
            close()
        elif char == " ":
            close(space=True)
        elif char in CLOSING_SIGNS or char in WORD_ENDS:
            current += char
            close()
        elif char in OPENING_SIGNS:
            close()
            current = char
        elif current and current[-1] not in OPENING_SIGNS and _is_cjk(char) != _is_cjk(current[-1]):
            close()  # the script changes: Chinese beside a Latin name or a number
            current = char
        else:
            current += char
    close()
    return out


class Pages:
    """A4 pages filled from the top, in one language, with a record of every line."""

    def __init__(self, lang: str, size: tuple[float, float], margins: tuple[float, ...]):
        import matplotlib as mpl

        self.lang = lang
        self.rtl = lang in RIGHT_TO_LEFT
        self.width, self.height = size
        self.left, self.right, self.top, self.bottom = margins
        self.families = tuple(mpl.rcParams["font.family"])
        self.language = str(mpl.rcParams.get("text.language") or "")
        self.figures: list[Figure] = []
        self.lines: list[Line] = []
        self.sections: list[tuple[str, int]] = []
        self.forced: list[str] = []
        self.annex_page: int | None = None
        self._section = ""
        self.new_page()

    # --- measuring and breaking

    @property
    def text_width(self) -> float:
        """Width of the text block, in points."""
        return self.width - self.left - self.right

    def measure(self, text: str, size: float) -> float:
        """Width of ``text`` drawn at ``size`` points, in points."""
        return _measure(text.replace(ZWSP, ""), size, self.families, self.language)

    def break_lines(self, text: str, room: float, size: float) -> list[str]:
        """Break ``text`` into lines no wider than ``room`` points, between words only.

        A line's width is taken as the sum of its pieces' and spaces' widths (letters do
        not join across a space, in any of the six scripts), so each word is shaped once.
        """
        bare = text.translate(BIDI_MARKS) if self.rtl else text
        room *= SAFETY
        space = self.measure(" ", size)
        lines: list[str] = []
        line, used = "", 0.0
        for piece, spaced in pieces(bare, self.lang):
            width = self.measure(piece, size)
            if line and used + width > room:
                lines.append(line.rstrip())
                line, used = "", 0.0
            if width > room:  # one word wider than the line: cut, and say so
                self.forced.append(piece)
                for char in piece:
                    step = self.measure(char, size)
                    if line and used + step > room:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + char, used + step
            else:
                line, used = line + piece, used + width
            if spaced:
                line, used = line + " ", used + space
        if line.strip():
            lines.append(line.rstrip())
        lines = [ln.replace(ZWSP, "") for ln in lines] or [""]
        return [RLM + ln for ln in lines] if self.rtl else lines

    # --- pages

    def new_page(self, annex: bool = False) -> None:
        """Start a new page (the first of the annex, if ``annex``)."""
        self.figures.append(Figure(figsize=(self.width / 72, self.height / 72)))
        self.y = self.top
        if annex:
            self.annex_page = len(self.figures) - 1

    @property
    def page(self) -> Figure:
        """The page being filled."""
        return self.figures[-1]

    def _room_left(self) -> float:
        return self.height - self.bottom - self.y

    def _ensure(self, height: float) -> None:
        if height > self._room_left():
            self.new_page()

    def _x(self, offset: float) -> float:
        """A distance from the start side of the text block, as a page fraction."""
        x = self.width - self.right - offset if self.rtl else self.left + offset
        return x / self.width

    def _y(self, y: float) -> float:
        return 1 - y / self.height

    def _draw(self, text: str, x: float, y: float, size: float, colour: str, end: bool) -> None:
        """Draw one line; ``end``: aligned to the end side of its room (numbers)."""
        start_side = "right" if self.rtl else "left"
        end_side = "left" if self.rtl else "right"
        self.page.text(
            x,
            self._y(y),
            text,
            fontsize=size,
            color=colour,
            va="top",
            ha=end_side if end else start_side,
        )

    # --- blocks

    def heading(self, text: str, section: str, size: float = 12.5) -> None:
        """A section heading, kept on the page with at least three lines after it."""
        self.y += 8
        self._ensure(size * LEADING + 3 * 10 * LEADING)
        self.sections.append((section, len(self.figures) - 1))
        self.paragraph(text, size=size, colour=HEADING_COLOUR, after=3, section=section)

    def paragraph(
        self,
        text: str,
        size: float = 10.0,
        colour: str = "#1A1A1A",
        after: float = 0.0,
        bullet: bool = False,
        section: str | None = None,
    ) -> None:
        """A paragraph across the text block (after a bullet, if ``bullet``)."""
        if section:
            self._section = section
            if section == "title":
                self.sections.append((section, len(self.figures) - 1))
        indent = 12.0 if bullet else 0.0
        room = self.text_width - indent
        step = size * LEADING
        for k, line in enumerate(self.break_lines(text, room, size)):
            self._ensure(step)
            if bullet and k == 0:
                self._draw("•", self._x(2), self.y, size, colour, end=False)
            self._draw(line, self._x(indent), self.y, size, colour, end=False)
            self._record(line, room, size)
            self.y += step
        self.y += after

    def _record(self, line: str, room: float, size: float) -> None:
        self.lines.append(
            Line(len(self.figures) - 1, self._section, line, room, self.measure(line, size))
        )

    def height_of(self, text: str, size: float, after: float = 0.0) -> float:
        """The height a paragraph of ``text`` takes, in points."""
        return len(self.break_lines(text, self.text_width, size)) * size * LEADING + after

    def rule(self, gap: float = 6.0) -> None:
        """A thin line across the text block."""
        self._hline(self.y, self.left, self.width - self.right)
        self.y += gap

    def _hline(self, y: float, x0: float, x1: float, colour: str = RULE_COLOUR) -> None:
        self.page.add_artist(
            Line2D(
                [x0 / self.width, x1 / self.width],
                [self._y(y), self._y(y)],
                transform=self.page.transFigure,
                color=colour,
                linewidth=0.6,
            )
        )

    def _fill(self, x0: float, y0: float, w: float, h: float, colour: str) -> None:
        self.page.add_artist(
            Rectangle(
                (x0 / self.width, self._y(y0 + h)),
                w / self.width,
                h / self.height,
                transform=self.page.transFigure,
                facecolor=colour,
                edgecolor="none",
                zorder=-1,
            )
        )

    def image(
        self,
        pixels: np.ndarray,
        width_share: float = 1.0,
        least_share: float = 1.0,
        reserve: float = 0.0,
    ) -> None:
        """An image centred in the text block, ``width_share`` of its width.

        Where the page has not the room, it is drawn smaller, down to ``least_share`` of
        the text block's width, before it goes to the next page; ``reserve`` points are
        kept free under it (for its caption).
        """
        aspect = pixels.shape[0] / pixels.shape[1]
        w = self.text_width * width_share
        fits = (self._room_left() - 4 - reserve) / aspect
        if fits < w:
            w = fits if fits >= self.text_width * least_share else w
        h = w * aspect
        self._ensure(h + 4 + reserve)
        x0 = self.left + (self.text_width - w) / 2
        axes = self.page.add_axes(
            (x0 / self.width, self._y(self.y + h), w / self.width, h / self.height)
        )
        axes.imshow(pixels, interpolation="antialiased")
        axes.set_axis_off()
        self.y += h + 4

    def table(
        self,
        header: list[Cell],
        rows: list[list[Cell]],
        shares: list[float],
        size: float = 8.5,
        section: str = "",
    ) -> None:
        """A table across the text block; columns ``shares`` of its width, cells padded."""
        if section:
            self._section = section
        widths = [self.text_width * s / sum(shares) for s in shares]
        pad_x, pad_y = CELL_PAD
        step = size * LEADING

        def set_row(cells: list[Cell], fill: str | None) -> None:
            wrapped = [self.break_lines(c.text, w - 2 * pad_x, size) for c, w in zip(cells, widths)]
            height = max(len(lines) for lines in wrapped) * step + 2 * pad_y
            if height > self._room_left():
                self.new_page()
                if cells is not header:
                    set_row(header, HEADER_FILL)
            if fill:
                self._fill(self.left, self.y, self.text_width, height, fill)
            offset = 0.0
            for cell, lines, w in zip(cells, wrapped, widths):
                for k, line in enumerate(lines):
                    at = offset + (w - pad_x if cell.right else pad_x)
                    y = self.y + pad_y + k * step
                    colour = MUTED_COLOUR if cell.muted else "#1A1A1A"
                    self._draw(line, self._x(at), y, size, colour, cell.right)
                    self._record(line, w - 2 * pad_x, size)
                offset += w
            self.y += height
            self._hline(self.y, self.left, self.width - self.right)

        set_row(header, HEADER_FILL)
        for cells in rows:
            set_row(cells, STRONG_FILL if any(c.strong for c in cells) else None)
        self.y += 4

    def number_pages(self, words: Callable[[int, int], str], size: float = 8.0) -> None:
        """Write "page n of m" at the foot of every page."""
        total = len(self.figures)
        for number, page in enumerate(self.figures, start=1):
            page.text(
                0.5,
                (self.bottom / 2) / self.height,
                words(number, total),
                fontsize=size,
                color="#555555",
                ha="center",
                va="center",
            )
