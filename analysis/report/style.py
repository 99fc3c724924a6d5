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


# Text sizes (points) of the frame every chart shares, and the share of an em one
# half-width cell of :func:`~analysis.report.i18n.wrap` may take: generous, so a wrapped
# line never runs past its room in any of the project's fonts.
TITLE_PT, SUBTITLE_PT, SOURCE_PT, MARK_PT = 13.0, 9.0, 7.5, 9.0
CELL_EM = 0.56
LINE_SPACING = 1.3
EDGE = 0.01  # figure fraction left free at each side


def cells_for(width_in: float, size_pt: float) -> int:
    """How many half-width cells of text at ``size_pt`` fit safely in ``width_in`` inches."""
    return max(8, int(width_in * 72 / (size_pt * CELL_EM)))


def _lines_height(lines: int, size_pt: float) -> float:
    """The height, in inches, of ``lines`` lines of text at ``size_pt``."""
    return lines * size_pt * LINE_SPACING / 72


def source_lines(ctx: FigureContext, width_in: float) -> list[str]:
    """The source line wrapped to ``width_in`` inches, at most three lines.

    A long list of files is cut after the files that fit, and says how many more there
    are and where all of them are listed (``run_manifest.json``).
    """
    msg = ctx.msg
    cells = cells_for(width_in, SOURCE_PT)
    lines = wrap(ctx.source, ctx.lang, cells)
    shown = len(ctx.files)
    while len(lines) > 3 and shown > 1:
        shown -= 1
        files = [*ctx.files[:shown], msg("chart.more_files", count=len(ctx.files) - shown)]
        short = FigureContext(
            year=ctx.year, files=tuple(files), data_date=ctx.data_date, lang=ctx.lang
        )
        lines = wrap(short.source, ctx.lang, cells)
    return lines


def finish(
    fig: Figure, ctx: FigureContext, title: str, subtitle: str, when: str | None = None
) -> Figure:
    """Add the title, subtitle, source line and illustrative mark to a drawn chart.

    Each is wrapped at spaces to the figure's width (never inside a word), so no text
    widens the chart; the source line stops short of the illustrative mark. The plot
    takes the room left between them.
    """
    msg = ctx.msg
    when = when or str(ctx.year)
    width, height = fig.get_size_inches()
    usable = width * (1 - 2 * EDGE)
    # Titles and notes start where the language's lines start: on the right in Arabic.
    start, end = (1 - EDGE, EDGE) if msg.right_to_left else (EDGE, 1 - EDGE)
    align, other = ("right", "left") if msg.right_to_left else ("left", "right")
    title_lines = wrap(
        msg("chart.title_when", title=title, when=when), ctx.lang, cells_for(usable, TITLE_PT)
    )
    subtitle_lines = wrap(subtitle, ctx.lang, cells_for(usable, SUBTITLE_PT))
    top = 0.06  # inches from the top edge
    renderer = FigureCanvasAgg(fig).get_renderer()  # measures the lines as they are set
    heading = fig.text(
        start, 1 - top / height, "\n".join(title_lines), ha=align, va="top", fontsize=TITLE_PT
    )
    top += heading.get_window_extent(renderer).height / fig.dpi + 0.05
    note = fig.text(
        start,
        1 - top / height,
        "\n".join(subtitle_lines),
        ha=align,
        va="top",
        fontsize=SUBTITLE_PT,
        color="#444444",
    )
    top += note.get_window_extent(renderer).height / fig.dpi + 0.12
    mark = msg("chart.illustrative_mark") if ctx.illustrative else ""
    probe = fig.text(0, 0, mark, fontsize=MARK_PT)
    mark_in = probe.get_window_extent(renderer).width / fig.dpi
    probe.remove()  # measured only
    room = usable - (mark_in + 0.3 if mark else 0)
    source = source_lines(ctx, room)
    fig.text(
        start, EDGE, "\n".join(source), ha=align, va="bottom", fontsize=SOURCE_PT, color="#555555"
    )
    bottom = EDGE * height + _lines_height(len(source), SOURCE_PT) + 0.1
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
