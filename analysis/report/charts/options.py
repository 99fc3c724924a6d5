"""Charts of the options: saving, bridge, sensitivity, uncertainty, utilisation.

Each function takes the options' small tables
(:class:`~analysis.report.chart_data.ScenarioCharts`) and a
:class:`~analysis.report.style.FigureContext`, and returns a Figure; it saves nothing.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analysis.frames import records
from analysis.model.scenarios.identity import DO_MINIMUM, OPTIMUM, OptionIdentity
from analysis.report.chart_data import ScenarioCharts
from analysis.report.i18n import wrap
from analysis.report.option_text import option_description, option_label, option_reason
from analysis.report.style import (
    FigureContext,
    finish,
    house_style,
    legend,
    new_figure,
    wrapped,
)

# One accent colour for the optimum, muted colours for the other options that meet the
# requirements, grey for those that fail them (each with its own line style).
ACCENT, REFERENCE, FAILING = "#0072B2", "#000000", "#9A9A9A"
OTHER_COLOURS = ["#E69F00", "#CC79A7", "#56B4E9", "#009E73", "#D55E00"]
LINE_STYLES = ["--", "-.", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1))]
SAVES, COSTS = "#009E73", "#E69F00"  # the waterfall's colours, named in its subtitle
# Legend text: half-width cells per line, and its size in points.
LEGEND_CELLS, LEGEND_PT = 100, 8.0
# Payback stars in the same year are set this far apart (years), so none hides another.
STAR_SPREAD = 0.2


def scenario_name(name: str, ctx: FigureContext, data: ScenarioCharts | None = None) -> str:
    """An option's label in the chart's language (its identity's, when the data has it)."""
    if data is not None and data.options:
        return option_label(data.option(data.shown_name(name)), ctx.lang)
    return ctx.msg.label("scenario", name)


def keeps_line(data: ScenarioCharts, name: str, ctx: FigureContext) -> str:
    """What option ``name`` keeps, retires and from when, to open a chart's subtitle.

    Empty when its label already says it (a label made from its platforms).
    """
    if not data.options:
        return ""
    option = data.option(data.shown_name(name))
    if option.kind != DO_MINIMUM and not option.user_name(ctx.lang):
        return ""
    return option_description(option, ctx.lang) + "\n"


def option_lines(
    option: OptionIdentity, ctx: FigureContext, cells: int, note: str = ""
) -> list[str]:
    """An option as a chart names it: its label, what it keeps, and why it fails.

    A label made from the platforms is not repeated: the description says it all.
    ``note`` (its NPV, its payback) follows the name, before what it keeps.
    """
    msg = ctx.msg
    description = option_description(option, ctx.lang)
    made = option.kind != DO_MINIMUM and not option.user_name(ctx.lang)
    if made and option.is_optimal:
        head = [
            msg("option.optimal_named", label=description)
            if option.kind == OPTIMUM
            else msg("option.marked_optimal", name=description)
        ]
    else:
        head = [description] if made else [option_label(option, ctx.lang), description]
    if note:
        head[0] = msg("chart.label_with_note", label=head[0], note=note)
    reason = option_reason(option, ctx.lang)
    return [line for text in [*head, reason] if text for line in wrap(text, ctx.lang, cells)]


def _option_style(option: OptionIdentity, others: int) -> dict:
    """Colour, line style and width of an option's line or box."""
    if option.kind == DO_MINIMUM:
        return {"color": REFERENCE, "linestyle": "-", "linewidth": 1.0}
    if option.is_optimal:
        return {"color": ACCENT, "linestyle": "-", "linewidth": 2.4}
    if not option.requirements_met:
        return {"color": FAILING, "linestyle": ":", "linewidth": 1.6}
    return {
        "color": OTHER_COLOURS[others % len(OTHER_COLOURS)],
        "linestyle": LINE_STYLES[others % len(LINE_STYLES)],
        "linewidth": 1.6,
    }


def star_positions(paybacks: list[tuple[float, float]]) -> list[float]:
    """Where to set each payback star along the years: apart within a year.

    Stars of the same payback year are spread :data:`STAR_SPREAD` apart around it, so
    that no star hides another.

    Examples:
        >>> star_positions([(2023, 5.0), (2022, 1.0), (2023, 4.0)])
        [2022.9, 2022.0, 2023.1]
    """
    out = []
    for i, (year, _) in enumerate(paybacks):
        same = [j for j, (y, _) in enumerate(paybacks) if y == year]
        k = same.index(i)
        out.append(round(year + (k - (len(same) - 1) / 2) * STAR_SPREAD, 6))
    return out


def plot_scenario_comparison(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Cumulative saving (not discounted) of each option per year, payback marked.

    Each option is drawn once (an optimum equal to a user's option as that option, marked
    optimal); the legend, under the plot, names each with what it keeps, its NPV (the
    headline measure) and why it fails, if it does.
    """
    msg = ctx.msg
    with house_style(ctx):
        summary = data.summary.set_index("scenario")
        shown = data.shown_options()
        entries = []
        for o in shown:
            npv = float(summary["npv_chf"][o.name])
            payback: Any = summary.loc[o.name, "payback_year"]
            note = ""
            if o.kind != DO_MINIMUM:
                note = msg("chart.npv_of_option", amount=ctx.chf(npv))
                if not pd.isna(payback):
                    note = msg("chart.npv_and_payback", npv=note, year=str(int(payback)))
            entries.append((o, option_lines(o, ctx, LEGEND_CELLS, note), payback))
        legend_lines = sum(len(lines) for _, lines, _ in entries)
        fig = new_figure((8.0, 4.6 + 0.19 * legend_lines))
        ax = fig.add_subplot()
        others = 0
        paybacks, colours = [], []
        for o, lines, payback in entries:
            rows = data.scenarios[data.scenarios["scenario"] == o.name]
            style = _option_style(o, others)
            others += o.kind != DO_MINIMUM and not o.is_optimal and o.requirements_met
            ax.plot(
                rows["year"],
                rows["cumulative_saving_chf"],
                marker="o",
                ms=3,
                label="\n".join(lines),
                zorder=3 if o.is_optimal else 2,
                **style,
            )
            if not pd.isna(payback) and o.kind != DO_MINIMUM:
                years = rows["year"].to_numpy(dtype=float)
                values = rows["cumulative_saving_chf"].to_numpy(dtype=float)
                paybacks.append((float(payback), years, values))
                colours.append(style["color"])
        xs = star_positions([(year, 0.0) for year, _, _ in paybacks])
        for x, (_, years, values), colour in zip(xs, paybacks, colours):
            ax.plot(
                [x],
                [np.interp(x, years, values)],
                marker="*",
                ms=11,
                color=colour,
                markeredgecolor="white",
                markeredgewidth=0.6,
                linestyle="none",
                zorder=4,
                gid="payback",
            )
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_ylabel(msg("chart.cumulative_undiscounted_axis"))
        ax.set_xlabel(msg("axis.year"))
        ax.grid(axis="y")
        legend(ax, ctx, fontsize=LEGEND_PT, labelspacing=0.7)
        return finish(
            fig,
            ctx,
            msg("scenario_comparison.title"),
            msg("chart.scenario_comparison_subtitle", rate=msg.percent(data.discount_rate)),
            data.period,
        )


def plot_optimal_waterfall(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Waterfall from the do-minimum cost to the chosen option's, in present value.

    Whole francs that add up exactly: the end bar is the start plus the steps as drawn,
    and start minus end is the option's NPV of saving, the headline.
    """
    msg = ctx.msg
    with house_style(ctx):
        focus = scenario_name(data.focus, ctx, data)
        bridge = data.bridge_in_francs()
        reference = (
            option_label(next(o for o in data.options if o.kind == DO_MINIMUM), ctx.lang)
            if any(o.kind == DO_MINIMUM for o in data.options)
            else msg("optimal_waterfall.reference")
        )
        labels = [
            focus
            if s == "option"
            else reference
            if s == "reference"
            else msg(f"optimal_waterfall.{s}")
            for s, _ in bridge
        ]
        fig = new_figure()
        ax = fig.add_subplot()
        running = 0
        last = len(bridge) - 1
        for i, (_, value) in enumerate(bridge):
            if i in (0, last):
                bottom, height, colour, hatch = 0, value, ACCENT, ""
                running = value
            else:
                bottom = running if value >= 0 else running + value
                height, colour = abs(value), COSTS if value > 0 else SAVES
                hatch = "//" if value > 0 else ""
                running += value
            ax.bar(i, height, bottom=bottom, color=colour, hatch=hatch, edgecolor="white")
            sign = "" if i in (0, last) else ("+" if value > 0 else "−")
            ax.text(
                i,
                bottom + height,
                f"{sign}{ctx.chf(abs(value))}",
                ha="center",
                va="bottom",
                fontsize=8,
                gid="step",
            )
        ax.set_xticks(range(len(labels)), [wrapped(label, ctx, 14) for label in labels], fontsize=8)
        ax.yaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.set_ylabel(msg("optimal_waterfall.axis"))
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        saving = bridge[0][1] - bridge[-1][1] if bridge else 0
        return finish(
            fig,
            ctx,
            msg("chart.waterfall_title", name=focus),
            keeps_line(data, data.focus, ctx)
            + msg(
                "chart.waterfall_subtitle",
                years=msg.number(data.horizon_years),
                rate=msg.percent(data.discount_rate),
                amount=ctx.chf(saving),
            ),
            data.period,
        )


def _range(value: float, unit: str, msg: Any) -> str:
    """An assumption's value as the chart writes it: shares as per cent."""
    return msg.percent(value) if unit.startswith("share") else msg.plain(value)


def plot_sensitivity_tornado(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Tornado: the chosen option's NPV of saving with each assumption at its low and high."""
    msg = ctx.msg
    with house_style(ctx):
        rows = data.sensitivity[data.sensitivity["scenario"] == data.focus]
        rows = rows.sort_values("swing_chf")
        centre = float(data.summary.set_index("scenario")["npv_chf"][data.focus])
        labels = []
        for r in records(rows):
            unit = data.unit_of(r.assumption)
            # the range stays whole on its line: "(from 10% to 40%)" is never cut
            span = msg(
                "chart.range",
                low=_range(r.low, unit, msg),
                high=_range(r.high, unit, msg),
            ).replace(" ", "\u00a0")
            label = msg(
                "chart.assumption_range", name=msg.label("assumption", r.assumption), range=span
            )
            labels.append(wrapped(label, ctx, 46))
        # each bar gets the height its label needs, so labels never run into each other
        lines = sum(label.count("\n") + 1 for label in labels)
        fig = new_figure((8.0, 2.6 + 0.2 * lines + 0.12 * len(labels)))
        ax = fig.add_subplot()
        for y, row in enumerate(records(rows)):
            ax.barh(y, row.npv_at_low_chf - centre, left=centre, color="#56B4E9")
            ax.barh(
                y,
                row.npv_at_high_chf - centre,
                left=centre,
                color="#E69F00",
                hatch="//",
                edgecolor="white",
            )
        ax.set_yticks(range(len(rows)), labels)
        ax.axvline(centre, color="#000000", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4))
        ax.set_xlabel(msg("sensitivity_tornado.axis"))
        handles = [
            mpl.patches.Patch(color="#56B4E9", label=msg("sensitivity_tornado.low")),
            mpl.patches.Patch(
                facecolor="#E69F00", hatch="//", label=msg("sensitivity_tornado.high")
            ),
        ]
        legend(ax, ctx, handles=handles, ncols=2)
        if rows.empty:
            ax.text(
                0.5,
                0.5,
                msg("sensitivity_tornado.empty"),
                transform=ax.transAxes,
                ha="center",
            )
        return finish(
            fig,
            ctx,
            msg("sensitivity_tornado.title", name=scenario_name(data.focus, ctx, data)),
            keeps_line(data, data.focus, ctx)
            + msg("sensitivity_tornado.subtitle", amount=ctx.chf(centre)),
            data.period,
        )


def plot_savings_distribution(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Box plot of each option's NPV of saving over the Monte Carlo draws, P10–P90 whiskers.

    The same measure as the headline and the tornado: each option's NPV at the central
    assumptions is marked (◆) and written beside its box. Options failing the
    requirements are grey and say why.
    """
    msg = ctx.msg
    with house_style(ctx):
        shown = [o for o in data.shown_options() if o.kind != DO_MINIMUM and o.name in data.samples]
        npv = data.summary.set_index("scenario")["npv_chf"]
        labels = ["\n".join(option_lines(o, ctx, 34)) for o in shown]
        lines = sum(label.count("\n") + 1 for label in labels)
        fig = new_figure((8.0, 3.2 + 0.2 * max(lines, 4)))
        ax = fig.add_subplot()
        draws = [data.samples[o.name] for o in shown]
        if draws:
            boxes = ax.boxplot(
                draws,
                orientation="horizontal",
                whis=(10, 90),
                showfliers=False,
                tick_labels=labels,
                patch_artist=True,
                medianprops={"color": "#000000"},
            )
            for box, o in zip(boxes["boxes"], shown):
                face = ACCENT if o.is_optimal else FAILING if not o.requirements_met else "#A6CEE3"
                box.set_facecolor(face)
                box.set_alpha(0.55 if not o.requirements_met else 1.0)
            for y, o in enumerate(shown, start=1):
                value = float(npv[o.name])
                ax.plot(
                    [value],
                    [y],
                    marker="D",
                    ms=5,
                    color="#000000",
                    markerfacecolor="white",
                    linestyle="none",
                    zorder=4,
                )
                right = float(np.percentile(data.samples[o.name], 90))
                ax.annotate(
                    msg("chart.npv_of_option", amount=ctx.chf(value)),
                    (max(right, value), y),
                    xytext=(6, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7.5,
                    color=FAILING if not o.requirements_met else "#000000",
                )
            for tick, o in zip(ax.get_yticklabels(), shown):
                tick.set_color("#777777" if not o.requirements_met else "#000000")
            ax.tick_params(axis="y", labelsize=8)
            low, high = ax.get_xlim()
            ax.set_xlim(low, high + (high - low) * 0.36)
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
        ax.set_xlabel(msg("chart.npv_axis"))
        handles = [
            mpl.lines.Line2D(
                [],
                [],
                marker="D",
                ms=5,
                color="#000000",
                markerfacecolor="white",
                linestyle="none",
                label=msg("chart.npv_marker"),
            ),
        ]
        legend(ax, ctx, handles=handles)
        return finish(
            fig,
            ctx,
            msg("savings_distribution.title"),
            msg("savings_distribution.subtitle", draws=msg.number(data.draws)),
            data.period,
        )


def plot_utilisation(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Licences paid and used per unit and platform, with the cost of the unused ones."""
    msg = ctx.msg
    with house_style(ctx):
        rows = data.utilisation[data.utilisation["year"] == ctx.year]
        fig = new_figure((8.0, 2.0 + 0.35 * max(len(rows), 1)))
        ax = fig.add_subplot()
        labels = [f"{r.unit} · {r.platform}" for r in records(rows)]
        y = np.arange(len(rows))
        ax.barh(
            y,
            rows["licences_paid"],
            color="#E69F00",
            hatch="//",
            edgecolor="white",
            label=msg("utilisation.paid"),
        )
        ax.barh(
            y, rows["licences_used"], color="#0072B2", height=0.5, label=msg("utilisation.used")
        )
        for i, r in enumerate(records(rows)):
            ax.text(
                r.licences_paid,
                i,
                "  " + msg("utilisation.note", amount=ctx.chf(r.unused_cost_chf)),
                va="center",
                fontsize=8,
            )
        ax.set_yticks(y, labels)
        ax.set_xlim(0, (rows["licences_paid"].max() if len(rows) else 1) * 1.5)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: msg.plain(v)))
        ax.set_xlabel(msg("axis.licences"))
        legend(ax, ctx, ncols=2)
        total = rows["unused_cost_chf"].sum()
        return finish(
            fig,
            ctx,
            msg("utilisation.title"),
            msg("utilisation.subtitle", amount=ctx.chf(total)),
        )
