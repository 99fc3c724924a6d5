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
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

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


def finish(
    fig: Figure, ctx: FigureContext, title: str, subtitle: str, when: str | None = None
) -> Figure:
    """Add the title, subtitle, source line and illustrative mark to a drawn chart."""
    msg = ctx.msg
    when = when or str(ctx.year)
    # Titles and notes start where the language's lines start: on the right in Arabic.
    start, end = (0.99, 0.01) if msg.right_to_left else (0.01, 0.99)
    align, other = ("right", "left") if msg.right_to_left else ("left", "right")
    title = msg("chart.title_when", title=title, when=when)
    fig.suptitle(title, x=start, y=0.995, ha=align, va="top", fontsize=13)
    layout = fig.get_layout_engine()
    assert isinstance(layout, ConstrainedLayoutEngine)  # every chart is made by new_figure
    layout.set(rect=(0, 0.06, 1, 0.82))  # left, bottom, width, height
    fig.text(start, 0.948, subtitle, ha=align, va="top", fontsize=9, color="#444444")
    fig.text(start, 0.01, ctx.source, ha=align, va="bottom", fontsize=7.5, color="#555555")
    if ctx.illustrative:
        fig.text(
            end,
            0.01,
            msg("chart.illustrative_mark"),
            ha=other,
            va="bottom",
            fontsize=9,
            color="#B00020",
        )
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


def legend(ax, ctx: FigureContext, loc: str, **options):
    """A legend that reads in the chart's language: in Arabic, each key after its text.

    Its place is not mirrored: the data (time, amounts) still runs left to right.
    """
    if ctx.msg.right_to_left:
        options = {"markerfirst": False, "alignment": "right", **options}
    return ax.legend(loc=loc, **options)


def wrapped(text: str, ctx: FigureContext, width: int) -> str:
    """``text`` broken into lines of at most ``width`` half-em cells, for a tick label."""
    return "\n".join(wrap(text, ctx.lang, width))
