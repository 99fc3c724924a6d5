"""The short brief for delegates, in each language.

Headline numbers, key figures with a one-sentence caption each, and the assumptions,
with no code showing.

The same content is written twice: ``brief.html`` (a page that opens offline, its charts
beside it) and ``brief.pdf`` (made by matplotlib's own multi-page PDF backend, so Arabic
is shaped and set right to left exactly as in the charts, and the text can be searched).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import jinja2
import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis import __version__
from analysis.frames import records
from analysis.model import scenarios as sc
from analysis.report.chart_data import ChartData
from analysis.report.charts import chart_names
from analysis.report.i18n import Messages, wrap
from analysis.report.style import house_style

KEY_FIGURES = (
    "duplicated_spend_by_category",
    "support_teams",
    "optimal_waterfall",
    "savings_distribution",
)
A4_PORTRAIT = (8.27, 11.69)
# Half-em cells in a line of 10.5-point text across the A4 page's text width.
LINE_CELLS = 92
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("analysis.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Brief:
    """The brief's words in one language."""

    lang: str
    title: str
    warning: str | None
    headline: list[str]
    figures: list[tuple[str, str]]  # (file stem, caption)
    assumptions: list[tuple[str, str, str]]  # (name, value, range)
    made: str


def compose(data: ChartData, lang: str) -> Brief:
    """Put the brief's words together from the analysis, in ``lang``."""
    msg = Messages(lang)
    year = data.year
    head: Any = data.headline.set_index("year").loc[year]
    lines = [
        msg("brief.spend", year=year, amount=msg.chf(head["spend_chf"])),
        msg("brief.duplicated", year=year, amount=msg.chf(head["gross_overlap_chf"])),
        msg("brief.support", year=year, amount=msg.chf(head["support_cost_chf"])),
        msg(
            "brief.duplicated_support",
            year=year,
            amount=msg.chf(head["duplicated_support_cost_chf"]),
        ),
    ]
    options = data.scenarios
    summary = options.summary.set_index("scenario")
    if options.focus in summary.index and options.focus != sc.BASELINE:
        row: Any = summary.loc[options.focus]
        kept = [p for p in str(row["kept"]).split(";") if p]
        lines.append(msg("brief.option", platforms=msg.join(kept)))
        central = row["central_support_unit"]
        lines.append(
            msg("brief.central", unit=central)
            if isinstance(central, str) and central
            else msg("brief.not_central")
        )
        lines.append(
            msg(
                "brief.npv",
                years=msg.number(options.horizon_years),
                amount=msg.chf(row["npv_chf"]),
                low=msg.chf(row["p10_saving_chf"]),
                high=msg.chf(row["p90_saving_chf"]),
            )
        )
        payback = row["payback_year"]
        lines.append(
            msg("brief.payback", year=int(payback))
            if not pd.isna(payback)
            else msg("brief.no_payback")
        )
    unmet = [
        msg.label("scenario", str(n)) for n, met in summary["requirements_met"].items() if not met
    ]
    if unmet:
        lines.append(msg("brief.unmet", names=msg.join(unmet)))
    shown = [n for n in KEY_FIGURES if n in chart_names(data)]
    assumptions = [
        (
            msg.label("assumption", r.name),
            msg.plain(r.value),
            ""
            if pd.isna(r.low) or pd.isna(r.high)
            else msg("brief.range", low=msg.plain(r.low), high=msg.plain(r.high)),
        )
        for r in records(data.assumptions)
    ]
    return Brief(
        lang=lang,
        title=msg("brief.title"),
        warning=msg("brief.illustrative") if data.illustrative else None,
        headline=lines,
        figures=[(n, msg(f"{n}.caption")) for n in shown],
        assumptions=assumptions,
        made=msg(
            "brief.made",
            date=msg.date(data.made_on),
            files=msg.join(list(data.files)),
            version=__version__,
        ),
    )


def brief_html(data: ChartData, lang: str) -> str:
    """The brief as a web page that opens offline; its charts are the PNGs beside it."""
    brief = compose(data, lang)
    msg = Messages(lang)
    return TEMPLATES.get_template("brief.html.j2").render(
        brief=brief,
        msg=msg,
        direction="rtl" if msg.right_to_left else "ltr",
    )


def brief_pdf(data: ChartData, lang: str, drawn: dict[str, Figure]) -> bytes:
    """The brief as a PDF: an A4 page of numbers and assumptions, then one page per chart.

    Args:
        data: What the brief shows.
        lang: Its language.
        drawn: The charts already drawn in ``lang``, by file stem; a caption is added
            under each chart the brief shows.
    """
    brief = compose(data, lang)
    msg = Messages(lang)
    buffer = io.BytesIO()
    # Fonts embedded as TrueType with their Unicode map, so the brief's text can be
    # searched and copied (the charts' own PDFs keep the faster Type 3 fonts).
    with house_style(data.context(lang)), mpl.rc_context({"pdf.fonttype": 42}):
        pages = [_text_page(brief, msg)]
        for name, caption in brief.figures:
            pages.append(_caption(drawn[name], caption, msg))
        metadata = {
            "Title": brief.title,
            "Creator": f"analysis {__version__}",
            "CreationDate": None,
        }
        with PdfPages(buffer, metadata=metadata) as pdf:
            for number, page in enumerate(pages, start=1):
                footer = page.text(
                    0.5,
                    0.012 if number == 1 else -0.17,
                    msg("brief.page", page=number, pages=len(pages)),
                    ha="center",
                    fontsize=8,
                    color="#555555",
                )
                # the text page stays a whole A4 page; a chart page is cropped to the chart
                with mpl.rc_context({"savefig.bbox": "standard" if number == 1 else "tight"}):
                    pdf.savefig(page)
                footer.remove()
    return buffer.getvalue()


def _wrap(text: str, lang: str, width_share: float = 1.0, size: float = 10.5) -> list[str]:
    """Break ``text`` into lines that fit the page at ``size`` points."""
    return wrap(text, lang, max(10, int(LINE_CELLS * width_share * 10.5 / size)))


class _Column:
    """Lines set down an A4 page from the top, from the side the language starts on."""

    def __init__(self, page: Figure, msg: Messages):
        self.page, self.msg, self.y = page, msg, 0.95

    def write(self, text: str, size: float = 10.5, colour: str = "black", indent: float = 0.0):
        step = size / 72 / A4_PORTRAIT[1] * 1.55
        for line in _wrap(text, self.msg.lang, 1.0 - indent * 1.6, size):
            self.page.text(
                self._x(0.08 + indent),
                self.y,
                line,
                fontsize=size,
                color=colour,
                va="top",
            )
            self.y -= step

    def gap(self, height: float = 0.012) -> None:
        self.y -= height

    def _x(self, margin: float) -> float:
        return 1 - margin if self.msg.right_to_left else margin

    def row(self, cells: list[str], starts: list[float], size: float = 9) -> None:
        step = size / 72 / A4_PORTRAIT[1] * 1.55
        shares = [b - a for a, b in zip(starts, [*starts[1:], 0.92])]
        wrapped = [_wrap(c, self.msg.lang, s * 1.15, size) for c, s in zip(cells, shares)]
        for i, lines in enumerate(wrapped):
            for k, line in enumerate(lines):
                self.page.text(
                    self._x(starts[i]),
                    self.y - k * step,
                    line,
                    fontsize=size,
                    va="top",
                    ha="right" if self.msg.right_to_left else "left",
                )
        self.y -= step * max(len(lines) for lines in wrapped) + 0.004


def _text_page(brief: Brief, msg: Messages) -> Figure:
    page = Figure(figsize=A4_PORTRAIT)
    column = _Column(page, msg)
    column.write(brief.title, size=16)
    column.gap()
    if brief.warning:
        column.write(brief.warning, size=10.5, colour="#B00020")
        column.gap()
    column.write(msg("brief.headline"), size=13)
    for line in brief.headline:
        column.write("• " + line, indent=0.01)
    column.gap()
    column.write(msg("brief.figures"), size=13)
    for _, caption in brief.figures:
        column.write("• " + caption, indent=0.01)
    column.gap()
    column.write(msg("brief.assumptions"), size=13)
    starts = [0.08, 0.62, 0.74]
    header = [msg("brief.assumption_column"), msg("brief.value_column"), msg("brief.range_column")]
    column.row(header, starts)
    for cells in brief.assumptions:
        column.row(list(cells), starts)
    column.gap()
    column.write(brief.made, size=8, colour="#555555")
    for text in page.texts:
        text.set_horizontalalignment("right" if msg.right_to_left else "left")
    return page


def _caption(chart: Figure, caption: str, msg: Messages) -> Figure:
    x, align = (0.99, "right") if msg.right_to_left else (0.01, "left")
    chart.text(x, -0.05, caption, ha=align, va="top", fontsize=10, wrap=True)
    return chart
