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
from analysis.model import scenarios as sc
from analysis.report.chart_data import ScenarioCharts
from analysis.report.style import (
    FigureContext,
    finish,
    house_style,
    legend,
    new_figure,
    wrapped,
)

SCENARIO_COLOURS = ["#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1))]


def _style(i: int) -> dict:
    return {"color": SCENARIO_COLOURS[i % 7], "linestyle": LINE_STYLES[i % 7]}


def scenario_name(name: str, ctx: FigureContext) -> str:
    """An option's name: the built-in ones translated, the Scenarios sheet's as written."""
    return ctx.msg.label("scenario", name)


def plot_scenario_comparison(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Cumulative saving against the status quo per option and year, payback marked."""
    msg = ctx.msg
    with house_style(ctx):
        fig = new_figure()
        ax = fig.add_subplot()
        summary = data.summary.set_index("scenario")
        for i, (name, rows) in enumerate(data.scenarios.groupby("scenario", sort=False)):
            name = str(name)
            payback: Any = summary.loc[name, "payback_year"]
            paid_back = not pd.isna(payback) and name != sc.BASELINE
            label = scenario_name(name, ctx)
            if paid_back:
                label = msg("scenario_comparison.payback", name=label, year=int(payback))
            if not summary.loc[name, "requirements_met"] and name != sc.BASELINE:
                label = msg("scenario_comparison.not_met", name=label)
            ax.plot(
                rows["year"],
                rows["cumulative_saving_chf"],
                marker="o",
                ms=3,
                label=label,
                **_style(i),
            )
            if paid_back:
                value = float(rows.set_index("year")["cumulative_saving_chf"][int(payback)])
                ax.plot(
                    [payback],
                    [value],
                    marker="*",
                    ms=14,
                    color=_style(i)["color"],
                    linestyle="none",
                )
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_ylabel(msg("scenario_comparison.axis"))
        ax.set_xlabel(msg("axis.year"))
        ax.grid(axis="y")
        legend(ax, ctx, "upper left", frameon=True, framealpha=0.9, edgecolor="white")
        return finish(
            fig,
            ctx,
            msg("scenario_comparison.title"),
            msg("scenario_comparison.subtitle"),
            data.period,
        )


def plot_optimal_waterfall(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Waterfall from the status quo's cost to the chosen option's, in present value."""
    msg = ctx.msg
    with house_style(ctx):
        focus = scenario_name(data.focus, ctx)
        steps = [step for step, _ in data.bridge]
        labels = [focus if s == "option" else msg(f"optimal_waterfall.{s}") for s in steps]
        fig = new_figure()
        ax = fig.add_subplot()
        running = 0.0
        last = len(data.bridge) - 1
        for i, (_, value) in enumerate(data.bridge):
            if i in (0, last):
                bottom, height, colour, hatch = 0.0, value, "#0072B2", ""
                running = value
            else:
                bottom = running if value >= 0 else running + value
                height, colour = abs(value), "#D55E00" if value > 0 else "#009E73"
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
            )
        ax.set_xticks(range(len(labels)), [wrapped(label, ctx, 13) for label in labels], fontsize=8)
        ax.yaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.set_ylabel(msg("optimal_waterfall.axis"))
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        return finish(
            fig,
            ctx,
            msg("optimal_waterfall.title", name=focus),
            msg("optimal_waterfall.subtitle", years=msg.number(data.horizon_years)),
            data.period,
        )


def plot_sensitivity_tornado(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Tornado: the chosen option's NPV of saving with each assumption at its low and high."""
    msg = ctx.msg
    with house_style(ctx):
        rows = data.sensitivity[data.sensitivity["scenario"] == data.focus]
        rows = rows.sort_values("swing_chf")
        centre = float(data.summary.set_index("scenario")["npv_chf"][data.focus])
        fig = new_figure()
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
        ax.set_yticks(
            range(len(rows)),
            [
                wrapped(
                    msg(
                        "sensitivity_tornado.range",
                        name=msg.label("assumption", r.assumption),
                        low=msg.plain(r.low),
                        high=msg.plain(r.high),
                    ),
                    ctx,
                    44,
                )
                for r in records(rows)
            ],
        )
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
        legend(ax, ctx, "best", handles=handles)
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
            msg("sensitivity_tornado.title", name=scenario_name(data.focus, ctx)),
            msg("sensitivity_tornado.subtitle", amount=ctx.chf(centre)),
            data.period,
        )


def plot_savings_distribution(data: ScenarioCharts, ctx: FigureContext) -> Figure:
    """Box plot of each option's NPV of saving over the Monte Carlo draws, P10–P90 whiskers."""
    msg = ctx.msg
    with house_style(ctx):
        names = [n for n in data.samples if n != sc.BASELINE]
        met = data.summary.set_index("scenario")["requirements_met"]
        fig = new_figure()
        ax = fig.add_subplot()
        draws = [data.samples[n] for n in names]
        labels = [
            scenario_name(n, ctx)
            if met[n]
            else msg("savings_distribution.not_met", name=scenario_name(n, ctx))
            for n in names
        ]
        if draws:
            ax.boxplot(
                draws,
                orientation="horizontal",
                whis=(10, 90),
                showfliers=False,
                tick_labels=labels,
                patch_artist=True,
                boxprops={"facecolor": "#56B4E9"},
                medianprops={"color": "#000000"},
            )
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.set_xlabel(msg("savings_distribution.axis"))
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
        legend(ax, ctx, "lower right")
        total = rows["unused_cost_chf"].sum()
        return finish(
            fig,
            ctx,
            msg("utilisation.title"),
            msg("utilisation.subtitle", amount=ctx.chf(total)),
        )
