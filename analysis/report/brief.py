"""The brief for the Council, in each language: a Council document, not a data dump.

Two A4 pages, then an annex:

1. **Summary** in three sentences, its amounts rounded ("CHF 1.8 million", "CHF 210,000",
   each in its language's form; :mod:`analysis.report.forms`); the **decision** the
   Council is asked to take; the **findings**, with one chart.
2. The **options** table (each option once: platforms kept, NPV of saving, P10–P90,
   payback, requirements met or why not) and the **recommendation**.
3. **Annex A**: the assumptions, as %, CHF, yes or no, with their range and source.
   **Annex B**: the method: the do-minimum baseline, NPV as the one measure of saving,
   and duplicated spend split into gross overlap and avoidable duplicated spend.

:func:`compose` puts the words together (every word from the message catalogue);
:func:`brief_html` lays them out as a web page that prints on A4, its chart the PNG beside
it; :func:`brief_pdf` sets them on A4 pages with matplotlib (each line broken only
between words, :mod:`analysis.report.layout`) and saves each page through the charts' PDF
renderer (:mod:`analysis.report.pdf`), so Arabic is placed glyph for glyph as shaped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import jinja2
import matplotlib as mpl
import matplotlib.image
import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis import __version__
from analysis.config import STYLE_FILE
from analysis.frames import records
from analysis.model.scenarios.identity import DO_MINIMUM, OptionIdentity
from analysis.report import forms, pdf
from analysis.report.chart_data import ChartData
from analysis.report.i18n import RLM, Messages
from analysis.report.layout import Cell, Pages
from analysis.report.option_text import option_label, option_reasons
from analysis.report.style import house_style

# The one chart the findings show.
FINDINGS_CHART = "duplicated_spend_by_category"
KEY_FIGURES = (FINDINGS_CHART,)
SECTIONS = ("summary", "decision", "findings", "options", "recommendation", "annex")
CHART_DPI = 200
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("analysis.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
PLATFORM_JOIN = " + "


@dataclass(frozen=True)
class OptionRow:
    """One row of the options table, in words, with the numbers it was written from."""

    name: str
    label: str
    kept: str
    npv: str
    range: str
    payback: str
    requirements: str
    npv_chf: float
    recommended: bool
    met: bool = True  # whether it meets every requirement (a failing option is greyed)


@dataclass(frozen=True)
class Brief:
    """The brief's words in one language, section by section."""

    lang: str
    direction: str
    title: str
    warning: str | None
    doc_line: str
    summary: tuple[str, ...]
    decision: tuple[str, ...]
    findings: tuple[str, ...]
    chart: tuple[str, str]  # (file stem, caption)
    options: tuple[OptionRow, ...]
    options_note: str
    recommendation: str
    assumptions: tuple[tuple[str, str, str, str], ...]  # name, value, range, source
    sources_note: str
    method: tuple[tuple[str, str], ...]  # (heading, paragraph)
    made: str

    def headings(self) -> dict[str, str]:
        """Each section's heading, by section."""
        msg = Messages(self.lang)
        return {
            "summary": msg("brief.h_summary"),
            "decision": msg("brief.h_decision"),
            "findings": msg("brief.h_findings"),
            "options": msg("brief.h_options"),
            "recommendation": msg("brief.h_recommendation"),
            "annex": msg("brief.h_annex_assumptions"),
            "method": msg("brief.h_annex_method"),
        }


def option_name(option: OptionIdentity, lang: str) -> str:
    """An option's name in the brief: the label every chart gives it."""
    return option_label(option, lang)


def chf(value: float, msg: Messages) -> str:
    """An amount rounded for a sentence, with its currency, in ``msg``'s language.

    Without a paragraph's right-to-left mark: it goes into a sentence, which has its own.
    """
    return msg("brief.chf", amount=forms.amount(value, msg.lang)).removeprefix(RLM)


def _percent(value: float, msg: Messages) -> str:
    return forms.share(float(value), msg.lang)


def compose(data: ChartData, lang: str) -> Brief:
    """Put the brief's words together from the analysis, in ``lang``."""
    msg = Messages(lang)
    options = data.scenarios
    year = data.year
    head: Any = data.headline.set_index("year").loc[year]
    summary_table = options.summary.set_index("scenario")
    rate = _percent(_assumption(data, "discount_rate"), msg)
    period = options.period
    chosen = recommended(data)
    row: Any = summary_table.loc[chosen.name] if chosen else None

    avoidable = head["avoidable_duplicated_spend_chf"]
    known = not pd.isna(avoidable)
    summary = [
        msg(
            "brief.summary_spend",
            year=year,
            spend=chf(head["spend_chf"], msg),
            count=int(head["platforms_in_use"]),
            support=chf(head["support_cost_chf"], msg),
        ),
        msg(
            "brief.summary_duplication",
            avoidable=chf(avoidable, msg),
            gross=chf(head["gross_overlap_chf"], msg),
        )
        if known
        else msg("brief.summary_duplication_unknown", gross=chf(head["gross_overlap_chf"], msg)),
    ]
    if chosen is not None:
        summary.append(
            msg(
                "brief.summary_option",
                option=option_name(chosen, lang),
                npv=chf(row["npv_chf"], msg),
                period=period,
                low=chf(row["p10_saving_chf"], msg),
                high=chf(row["p90_saving_chf"], msg),
                payback=int(row["payback_year"]),
            )
        )
        key = "brief.decision_central" if chosen.central_unit else "brief.decision_as_today"
        decision = [
            msg(
                key,
                platforms=PLATFORM_JOIN.join(chosen.kept),
                date=msg.date(chosen.start.date()),
                unit=chosen.central_unit or "",
            )
        ]
        if chosen.retired:
            decision.append(msg("brief.decision_retire", platforms=msg.join(list(chosen.retired))))
        recommendation = msg(
            "brief.recommendation",
            option=option_name(chosen, lang),
            npv=chf(row["npv_chf"], msg),
            period=period,
            rate=rate,
            low=chf(row["p10_saving_chf"], msg),
            high=chf(row["p90_saving_chf"], msg),
            draws=msg.number(options.draws),
            payback=int(row["payback_year"]),
        )
    else:
        summary.append(msg("brief.summary_none", period=period))
        decision = [msg("brief.decision_none")]
        recommendation = msg("brief.recommendation_none", period=period)

    findings = [
        msg(
            "brief.finding_spend",
            spend=chf(head["spend_chf"], msg),
            year=year,
            count=int(head["platforms_in_use"]),
            platform=chf(head["platform_cost_chf"], msg),
            use=chf(head["use_cost_chf"], msg),
        ),
        msg(
            "brief.finding_duplication",
            gross=chf(head["gross_overlap_chf"], msg),
            avoidable=chf(avoidable, msg),
        )
        if known
        else msg("brief.finding_duplication_unknown", gross=chf(head["gross_overlap_chf"], msg)),
        msg(
            "brief.finding_support",
            teams=int(head["support_teams"]),
            fte=msg.number(float(head["support_fte"]), 1),
            support=chf(head["support_cost_chf"], msg),
            duplicated=chf(head["duplicated_support_cost_chf"], msg),
        ),
    ]
    return Brief(
        lang=lang,
        direction="rtl" if msg.right_to_left else "ltr",
        title=msg("brief.title"),
        warning=msg("brief.illustrative") if data.illustrative else None,
        doc_line=msg("brief.doc_line", year=year, date=msg.date(data.data_date))
        if data.data_date
        else msg("brief.doc_line_undated", year=year),
        summary=tuple(summary),
        decision=tuple(decision),
        findings=tuple(findings),
        chart=(FINDINGS_CHART, msg(f"{FINDINGS_CHART}.caption")),
        options=tuple(option_rows(data, lang)),
        options_note=msg("brief.options_note", period=period, rate=rate),
        recommendation=recommendation,
        assumptions=tuple(assumption_rows(data, lang)),
        sources_note=msg("brief.sources_note"),
        method=(
            (msg("brief.method_baseline_title"), msg("brief.method_baseline", year=year)),
            (
                msg("brief.method_npv_title"),
                msg(
                    "brief.method_npv",
                    period=period,
                    rate=rate,
                    draws=msg.number(options.draws),
                ),
            ),
            (msg("brief.method_split_title"), msg("brief.method_split")),
        ),
        made=msg(
            "brief.made",
            date=msg.date(data.made_on),
            files=msg.join(list(data.files)),
            version=__version__,
        ),
    )


def _assumption(data: ChartData, name: str) -> float:
    values = dict(zip(data.assumptions["name"], data.assumptions["value"]))
    return float(values[name])


def recommended(data: ChartData) -> OptionIdentity | None:
    """The option the brief recommends: the optimum, shown as the option it equals.

    None when no option meets the requirements with a positive NPV of saving.
    """
    options = data.scenarios
    if not options.options:
        return None
    summary = options.summary.set_index("scenario")
    focus = options.shown_name(options.focus)
    if focus not in summary.index:
        return None
    row: Any = summary.loc[focus]
    identity = options.option(focus)
    if identity.kind == DO_MINIMUM or not bool(row["requirements_met"]) or row["npv_chf"] <= 0:
        return None
    if pd.isna(row["payback_year"]):
        return None
    return identity


def option_rows(data: ChartData, lang: str) -> list[OptionRow]:
    """The options table: each option shown once, the do minimum first as the reference."""
    msg = Messages(lang)
    options = data.scenarios
    summary = options.summary.set_index("scenario")
    chosen = recommended(data)
    rows = []
    for option in options.shown_options():
        row: Any = summary.loc[option.name]
        reference = option.kind == DO_MINIMUM
        reasons = option_reasons(option, lang)
        payback = row["payback_year"]
        rows.append(
            OptionRow(
                name=option.name,
                label=option_name(option, lang),
                kept=PLATFORM_JOIN.join(option.kept)
                if not option.still_paid
                else msg(
                    "brief.kept_still_paid",
                    kept=PLATFORM_JOIN.join(option.kept),
                    platforms=msg.join(list(option.still_paid)),
                ),
                npv=msg("brief.reference") if reference else forms.amount(row["npv_chf"], lang),
                range=""
                if reference
                else msg(
                    "brief.range",
                    low=forms.amount(row["p10_saving_chf"], lang),
                    high=forms.amount(row["p90_saving_chf"], lang),
                ),
                payback=""
                if reference
                else (msg("brief.no_payback_short") if pd.isna(payback) else str(int(payback))),
                requirements=_sentence_join(reasons, msg) if reasons else msg("brief.met"),
                npv_chf=float(row["npv_chf"]),
                recommended=chosen is not None and option.name == chosen.name,
                met=not reasons,
            )
        )
    return rows


def _sentence_join(parts: list[str], msg: Messages) -> str:
    text = "; ".join(p.replace(RLM, "") for p in parts)
    return RLM + text if msg.right_to_left else text


def assumption_rows(data: ChartData, lang: str) -> list[tuple[str, str, str, str]]:
    """Each assumption: its name, value and range in its unit (%, CHF, yes or no), source."""
    msg = Messages(lang)
    out = []
    for r in records(data.assumptions):
        unit = str(r.unit)
        low, high = r.low, r.high
        kind, _, reason = str(r.source).partition(":")
        kind = kind.split(",")[0].strip().lower()
        reason = str(r.source)[len(kind) :].lstrip(":, ") if kind else str(r.source)
        source = msg(f"brief.kind_{kind}") if msg.has(f"brief.kind_{kind}") else ""
        if lang == "en":  # the reasoning is written in English only, in assumptions.csv
            source = f"{source}: {reason}" if source else reason
        out.append(
            (
                assumption_name(str(r.name), msg),
                value_in_unit(r.value, unit, msg),
                ""
                if pd.isna(low) or pd.isna(high)
                else msg(
                    "brief.range",
                    low=value_in_unit(low, unit, msg),
                    high=value_in_unit(high, unit, msg),
                ),
                source,
            )
        )
    return out


def assumption_name(name: str, msg: Messages) -> str:
    """An assumption's name; a yes-or-no one without the chart's "(1 = yes)"."""
    own = f"brief.assumption.{name}"
    return msg(own) if msg.has(own) else msg.label("assumption", name)


def value_in_unit(value: float, unit: str, msg: Messages) -> str:
    """A value as its unit writes it: shares as %, CHF with the currency, flags as words.

    Examples:
        >>> m = Messages("en")
        >>> value_in_unit(0.015, "share per year", m), value_in_unit(150.0, "CHF per seat", m)
        ('1.5%', 'CHF 150')
        >>> value_in_unit(0.0, "yes=1 no=0", m), value_in_unit(10000.0, "draws", m)
        ('no', '10,000')
    """
    if unit.startswith("share"):
        return forms.share(float(value), msg.lang)
    if unit.startswith("CHF"):
        return msg("brief.chf", amount=msg.number(float(value)))
    if unit.startswith("yes=1"):
        return msg("brief.yes") if float(value) else msg("brief.no")
    if unit == "seed" or (float(value).is_integer() and abs(value) < 10_000):
        return str(int(value))
    return msg.number(float(value))


# --- the web page


def brief_html(data: ChartData, lang: str) -> str:
    """The brief as a web page that opens offline and prints on A4; its chart is the PNG."""
    brief = compose(data, lang)
    return TEMPLATES.get_template("brief.html.j2").render(
        brief=brief, headings=brief.headings(), msg=Messages(lang)
    )


# --- the PDF

# A4 in points, and the text block within it.
PAGE = (595.28, 841.89)
MARGIN = (56.7, 56.7, 62.0, 62.0)  # left, right, top, bottom
TEXT_SIZE = 10.0
TABLE_SIZE = 8.0


def brief_pdf(data: ChartData, lang: str, drawn: dict[str, Figure]) -> bytes:
    """The brief as an A4 PDF: two pages, then the annex.

    Args:
        data: What the brief shows.
        lang: Its language.
        drawn: The charts already drawn in ``lang``, by file stem; the findings show
            :data:`FINDINGS_CHART`.
    """
    pages = lay_out(data, lang, drawn)
    buffer = io.BytesIO()
    title = Messages(lang)("brief.title")
    metadata = {"Title": title, "Creator": f"analysis {__version__}", "CreationDate": None}
    # Each page through the charts' PDF renderer (pdf.py): glyphs placed as the shaper set
    # them, Arabic included, TrueType subsets, text copied in reading order. A page keeps
    # its A4 box (the house style would crop it to its ink).
    with (
        house_style(data.context(lang)),
        mpl.rc_context({"savefig.bbox": "standard"}),
        PdfPages(buffer, metadata=metadata) as book,
    ):
        for page in pages.figures:
            pdf.save_page(page, book)
    return buffer.getvalue()


def chart_image(figure: Figure) -> np.ndarray:
    """A drawn chart as pixels, as its PNG shows it (set right to left where it must be)."""
    buffer = io.BytesIO()
    with mpl.rc_context(fname=STYLE_FILE):
        figure.savefig(buffer, format="png", dpi=CHART_DPI)
    buffer.seek(0)
    return matplotlib.image.imread(buffer, format="png")


def lay_out(data: ChartData, lang: str, drawn: dict[str, Figure]) -> Pages:
    """Set the brief on A4 pages; the pages also record every line and where it went."""
    brief = compose(data, lang)
    msg = Messages(lang)
    headings = brief.headings()
    with house_style(data.context(lang)):
        pages = Pages(lang, PAGE, MARGIN)
        pages.paragraph(brief.title, size=16, after=4, section="title")
        if brief.warning:
            pages.paragraph(brief.warning, size=TEXT_SIZE, colour="#B00020", after=2)
        pages.paragraph(brief.doc_line, size=9, colour="#555555", after=6)
        pages.rule()
        pages.heading(headings["summary"], section="summary")
        for sentence in brief.summary:
            pages.paragraph(sentence, after=4)
        pages.heading(headings["decision"], section="decision")
        for sentence in brief.decision:
            pages.paragraph(sentence, after=4)
        pages.heading(headings["findings"], section="findings")
        for finding in brief.findings:
            pages.paragraph(finding, bullet=True, after=3)
        name, caption = brief.chart
        if name in drawn:
            below = pages.height_of(caption, 8.5, after=2)
            pages.image(chart_image(drawn[name]), width_share=0.86, least_share=0.5, reserve=below)
            pages.paragraph(caption, size=8.5, colour="#333333", after=2)
        pages.new_page()
        pages.heading(headings["options"], section="options")
        widths = [0.18, 0.15, 0.13, 0.14, 0.17, 0.23]
        header = [
            msg("brief.col_option"),
            msg("brief.col_kept"),
            msg("brief.col_npv"),
            msg("brief.col_range"),
            msg("brief.col_payback"),
            msg("brief.col_requirements"),
        ]
        numeric = [False, False, True, True, True, False]
        pages.table(
            [Cell(h, right=n) for h, n in zip(header, numeric)],
            [
                [
                    Cell(r.label, strong=r.recommended, muted=not r.met),
                    Cell(r.kept, muted=not r.met),
                    Cell(r.npv, right=True, muted=not r.met),
                    Cell(r.range, right=True, muted=not r.met),
                    Cell(r.payback, right=True, muted=not r.met),
                    Cell(r.requirements, muted=not r.met),
                ]
                for r in brief.options
            ],
            widths,
            size=TABLE_SIZE,
            section="options_table",
        )
        pages.paragraph(brief.options_note, size=8, colour="#555555", after=6)
        pages.heading(headings["recommendation"], section="recommendation")
        pages.paragraph(brief.recommendation, after=6)
        pages.paragraph(brief.made, size=7.5, colour="#555555")
        pages.new_page(annex=True)
        pages.heading(headings["annex"], section="annex")
        pages.table(
            [
                Cell(msg("brief.col_assumption")),
                Cell(msg("brief.col_value"), right=True),
                Cell(msg("brief.col_low_high"), right=True),
                Cell(msg("brief.col_source")),
            ],
            [
                [Cell(n), Cell(v, right=True), Cell(r, right=True), Cell(s)]
                for n, v, r, s in brief.assumptions
            ],
            [0.3, 0.12, 0.2, 0.38] if lang == "en" else [0.42, 0.16, 0.24, 0.18],
            size=TABLE_SIZE,
            section="assumptions_table",
        )
        pages.paragraph(brief.sources_note, size=8, colour="#555555", after=8)
        pages.heading(headings["method"], section="method")
        for title, text in brief.method:
            pages.paragraph(title, size=TEXT_SIZE + 0.5, colour="#1F3864", after=1)
            pages.paragraph(text, after=5)
        pages.number_pages(lambda page, total: msg("brief.page", page=page, pages=total))
    return pages
