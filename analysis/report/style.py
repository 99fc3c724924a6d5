"""The house style every chart shares: context, colours, titles, source line, marks.

Every chart carries a title with its year, its unit (CHF), a source line naming the
input files and the data's date, and, when the data is marked illustrative, a visible
"Illustrative data" mark. Each platform keeps one colour in every chart. Every word comes
from the message catalogue in the chart's language (:mod:`analysis.report.i18n`) and
every number is written as that language writes it; Arabic charts set their titles and
notes from the right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import ScaledTranslation

from analysis.config import STYLE_FILE
from analysis.report import fonts
from analysis.report.i18n import DEFAULT_LANGUAGE, Messages, wrap

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]


@dataclass(frozen=True)
class FigureContext:
    """What every chart needs besides its data.

    Attributes:
        year: The year shown.
        files: Names of the input files, for the source line.
        data_date: The data's date, if the inputs give one.
        illustrative: Whether to mark the chart as made from illustrative data.
        platforms: Catalogue order of the platforms; fixes each platform's colour.
        lang: The chart's language, one of :data:`analysis.i18n.LANGUAGES`.
    """

    year: int
    files: tuple[str, ...] = ()
    data_date: dt.date | None = None
    illustrative: bool = False
    platforms: tuple[str, ...] = field(default_factory=tuple)
    lang: str = DEFAULT_LANGUAGE

    @property
    def msg(self) -> Messages:
        """The chart language's words and number formats."""
        return Messages(self.lang)

    @property
    def source(self) -> str:
        """The source line: input file names and the data's date."""
        files = ", ".join(self.files)
        if self.data_date is None:
            return self.msg("chart.source", files=files)
        return self.msg("chart.source_dated", files=files, date=self.msg.date(self.data_date))

    def chf(self, value: float, _pos: object = None) -> str:
        """An amount in whole CHF as the chart's language writes it (a tick formatter)."""
        return self.msg.chf(value)

    def colour(self, platform: str) -> str:
        """Return the platform's fixed colour."""
        index = (
            self.platforms.index(platform) if platform in self.platforms else len(self.platforms)
        )
        return PALETTE[index % len(PALETTE)]

    def hatch(self, platform: str) -> str:
        """Return the platform's fixed hatch, so greyscale prints still tell platforms apart."""
        index = self.platforms.index(platform) if platform in self.platforms else 0
        return HATCHES[(index // len(PALETTE) + index) % len(HATCHES)]


@contextmanager
def house_style(ctx: FigureContext) -> Iterator[None]:
    """The house style, the project's fonts and the chart language's shaping rules."""
    fonts.font_files()
    with mpl.rc_context(
        fname=STYLE_FILE,
        rc={"font.family": list(fonts.FAMILIES), "text.language": ctx.msg.shaping_language},
    ):
        yield


def new_figure(size: tuple[float, float] | None = None) -> Figure:
    """A new figure of the house size (or ``size``), laid out by matplotlib."""
    return Figure(figsize=size or mpl.rcParams["figure.figsize"], layout="constrained")


# Text sizes (points) of the frame every chart shares.
TITLE_PT, SUBTITLE_PT, SOURCE_PT, MARK_PT = 13.0, 9.0, 7.5, 9.0
# A title too long for one line is set smaller, down to the last size, before it breaks.
TITLE_SIZES = (TITLE_PT, 12.0, 11.0, 10.0)
LINE_SPACING = 1.3
EDGE = 0.01  # figure fraction left free at each side


class _Measure:
    """Lines of text wrapped to a width in inches, measured as the figure sets them."""

    def __init__(self, fig: Figure, lang: str):
        self.fig, self.lang = fig, lang
        self.renderer = FigureCanvasAgg(fig).get_renderer()

    def width(self, text: str, size_pt: float) -> float:
        """The width, in inches, of ``text`` set at ``size_pt``."""
        probe = self.fig.text(0, 0, text, fontsize=size_pt)
        inches = probe.get_window_extent(self.renderer).width / self.fig.dpi
        probe.remove()  # measured only
        return inches

    def lines(self, text: str, width_in: float, size_pt: float) -> list[str]:
        """``text`` in as few lines as fit in ``width_in``, broken only where words end."""
        cells = max(8, int(width_in * 72 / (size_pt * 0.4)))  # more than can fit
        while True:
            lines = wrap(text, self.lang, cells)
            if cells <= 8 or max(self.width(line, size_pt) for line in lines) <= width_in:
                return lines
            cells = int(cells * 0.93)


def source_lines(ctx: FigureContext, fit) -> list[str]:
    """The source line in the lines ``fit`` breaks it into, at most three.

    A long list of files is cut after the files that fit, and says how many more there
    are and where all of them are listed (``run_manifest.json``).
    """
    msg = ctx.msg
    lines = fit(ctx.source)
    shown = len(ctx.files)
    while len(lines) > 3 and shown > 1:
        shown -= 1
        files = [*ctx.files[:shown], msg("chart.more_files", count=len(ctx.files) - shown)]
        short = FigureContext(
            year=ctx.year, files=tuple(files), data_date=ctx.data_date, lang=ctx.lang
        )
        lines = fit(short.source)
    return lines


def finish(
    fig: Figure, ctx: FigureContext, title: str, subtitle: str, when: str | None = None
) -> Figure:
    """Add the title, subtitle, source line and illustrative mark to a drawn chart.

    Each is measured and fitted to the figure's width, so no text widens the chart: the
    title on one line, in a smaller size if need be (it breaks at spaces only if even
    that is too long); the subtitle and source line broken where words end; the source
    line stops short of the illustrative mark. The plot takes the room left between them.
    """
    msg = ctx.msg
    when = when or str(ctx.year)
    width, height = fig.get_size_inches()
    usable = width * (1 - 2 * EDGE)
    measure = _Measure(fig, ctx.lang)
    # Titles and notes start where the language's lines start: on the right in Arabic.
    start, end = (1 - EDGE, EDGE) if msg.right_to_left else (EDGE, 1 - EDGE)
    align, other = ("right", "left") if msg.right_to_left else ("left", "right")
    heading_text = msg("chart.title_when", title=title, when=when)
    size = next(
        (s for s in TITLE_SIZES if measure.width(heading_text, s) <= usable), TITLE_SIZES[-1]
    )
    title_lines = measure.lines(heading_text, usable, size)
    subtitle_lines = measure.lines(subtitle, usable, SUBTITLE_PT)
    top = 0.06  # inches from the top edge
    heading = fig.suptitle(
        "\n".join(title_lines), x=start, y=1 - top / height, ha=align, va="top", fontsize=size
    )
    top += heading.get_window_extent(measure.renderer).height / fig.dpi + 0.05
    note = fig.text(
        start,
        1 - top / height,
        "\n".join(subtitle_lines),
        ha=align,
        va="top",
        fontsize=SUBTITLE_PT,
        color="#444444",
    )
    top += note.get_window_extent(measure.renderer).height / fig.dpi + 0.12
    mark = msg("chart.illustrative_mark") if ctx.illustrative else ""
    room = usable - (measure.width(mark, MARK_PT) + 0.3 if mark else 0)
    source = source_lines(ctx, lambda text: measure.lines(text, room, SOURCE_PT))
    fig.text(
        start, EDGE, "\n".join(source), ha=align, va="bottom", fontsize=SOURCE_PT, color="#555555"
    )
    bottom = EDGE * height + SOURCE_PT * LINE_SPACING * len(source) / 72 + 0.1
    layout = fig.get_layout_engine()
    assert isinstance(layout, ConstrainedLayoutEngine)  # every chart is made by new_figure
    layout.set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    if ctx.illustrative:
        fig.text(end, EDGE, mark, ha=other, va="bottom", fontsize=MARK_PT, color="#B00020")
        fig.text(
            0.5,
            0.5,
            msg("chart.illustrative_watermark"),
            ha="center",
            va="center",
            rotation=25,
            fontsize=44,
            color="#B00020",
            alpha=0.08,
        )
    return fig


# How far below the axes a legend starts: room for one line of tick labels and the axis
# label, so the legend sits under the plot and never over its data.
LEGEND_GAP_PT = 38.0


def legend(ax, ctx: FigureContext, gap_pt: float = LEGEND_GAP_PT, **options):
    """A legend below the plot, never over its data, in the chart's reading direction.

    It starts where the language's lines start (on the right in Arabic), each key after
    its text in Arabic; the data (time, amounts) still runs left to right.
    ``gap_pt``: the room left under the axes for tick labels and the axis label.
    """
    fig = ax.get_figure()
    below = ax.transAxes + ScaledTranslation(0, -gap_pt / 72, fig.dpi_scale_trans)
    if ctx.msg.right_to_left:
        options = {"markerfirst": False, "alignment": "right", **options}
        place = {"loc": "upper right", "bbox_to_anchor": (1, 0)}
    else:
        place = {"loc": "upper left", "bbox_to_anchor": (0, 0)}
    return ax.legend(bbox_transform=below, borderaxespad=0, **place, **options)


def wrapped(text: str, ctx: FigureContext, width: int) -> str:
    """``text`` broken into lines of at most ``width`` half-em cells, for a tick label."""
    return "\n".join(wrap(text, ctx.lang, width))
