"""Charts of the consolidation options. Each returns a Figure and saves nothing.

Same house style, source line and illustrative mark as :mod:`analysis.figures`.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analysis import scenarios as sc
from analysis.config import STYLE_FILE
from analysis.consolidation import Options
from analysis.figures import FigureContext, _finish, _new_figure, format_chf

SCENARIO_COLOURS = ["#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1))]
FIGURES = {
    "scenario_comparison": "Cumulative saving of each option, with payback marked",
    "optimal_waterfall": "From today's cost to the optimal set's cost over the horizon",
    "sensitivity_tornado": "Which assumptions move the optimal set's saving most",
    "savings_distribution": "How sure we are: the spread of each option's saving",
    "utilisation": "Licences paid and licences used",
}
OPTIONAL = {"utilisation"}


def _period(options: Options) -> str:
    first = options.baseline.year + 1
    return f"{first}–{first + int(options.assumptions['horizon_years']) - 1}"


def _style(i: int) -> dict:
    return {"color": SCENARIO_COLOURS[i % 7], "linestyle": LINE_STYLES[i % 7]}


def plot_scenario_comparison(options: Options, ctx: FigureContext) -> Figure:
    """Cumulative saving against the status quo per option and year, payback marked."""
    with mpl.rc_context(fname=STYLE_FILE):
        fig = _new_figure()
        ax = fig.add_subplot()
        summary = options.summary.set_index("scenario")
        for i, (name, rows) in enumerate(options.scenarios.groupby("scenario", sort=False)):
            payback = summary.loc[name, "payback_year"]
            paid_back = not pd.isna(payback) and name != sc.STATUS_QUO
            label = f"{name} (payback {int(payback)})" if paid_back else name
            if not summary.loc[name, "requirements_met"] and name != sc.STATUS_QUO:
                label += " – requirements not met"
            ax.plot(
                rows["year"],
                rows["cumulative_saving_chf"],
                marker="o",
                ms=3,
                label=label,
                **_style(i),
            )
            if paid_back:
                value = rows.set_index("year").loc[int(payback), "cumulative_saving_chf"]
                ax.plot(
                    [payback],
                    [value],
                    marker="*",
                    ms=14,
                    color=_style(i)["color"],
                    linestyle="none",
                )
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.yaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.set_ylabel("Cumulative saving, CHF")
        ax.set_xlabel("Year")
        ax.grid(axis="y")
        ax.legend(loc="upper left")
        return _finish(
            fig,
            ctx,
            "Savings of each option over time",
            "Cumulative saving against the status quo, one-off costs included; ★ payback",
            _period(options),
        )


def waterfall_steps(options: Options) -> list[tuple[str, float]]:
    """Status quo total → licences retired → demand moved → support → one-off → option total.

    Sums over the horizon (t = 1..H) at the central assumptions, for the optimal option
    (else the first option after the status quo).
    """
    chosen = _focus(options)
    a = sc.point(options.assumptions)
    s0 = options.baseline.support_cost
    sq = sc.costs(sc.status_quo_of(options.evaluated, options.baseline, options.assumptions), a, s0)
    c = chosen
    cost = sc.costs(c, a, s0)
    t = np.arange(len(c.years))
    g = (1 + a["price_growth"]) ** t
    f = c.after_start
    horizon = slice(1, None)
    retired = float(
        (-g * f * c.retired_spend + (1 - a["terminate_early"]) * c.runoff_actual)[horizon].sum()
    )
    moved = float((g * f * c.moved_cost)[horizon].sum())
    h = (1 + a["staff_cost_growth"]) ** t
    fewer = -h * f * a["support_saving_per_retired_platform_share"] * c.retired_count * s0
    support_fewer = float(fewer[horizon].sum())
    support_central = float((cost["support"] - sq["support"] - fewer)[horizon].sum())
    one_off = float(cost["one_off"][horizon].sum())
    start = float(sq["total"][horizon].sum())
    end = start + retired + moved + support_fewer + support_central + one_off
    return [
        ("Status quo", start),
        ("Licences retired", retired),
        ("Demand moved", moved),
        ("Support: fewer platforms", support_fewer),
        ("Support centralised", support_central),
        ("One-off", one_off),
        (c.scenario.name, end),
    ]


def _focus(options: Options) -> sc.Components:
    by_name = {c.scenario.name: c for c in options.evaluated}
    if sc.OPTIMAL in by_name:
        return by_name[sc.OPTIMAL]
    others = [c for c in options.evaluated if c.scenario.name != sc.STATUS_QUO]
    return others[0] if others else options.evaluated[0]


def plot_optimal_waterfall(options: Options, ctx: FigureContext) -> Figure:
    """Waterfall from the status quo's cost over the horizon to the chosen option's."""
    with mpl.rc_context(fname=STYLE_FILE):
        steps = waterfall_steps(options)
        fig = _new_figure()
        ax = fig.add_subplot()
        running = 0.0
        for i, (_label, value) in enumerate(steps):
            if i in (0, len(steps) - 1):
                bottom, height, colour, hatch = 0.0, value, "#0072B2", ""
                running = value
            else:
                bottom = running if value >= 0 else running + value
                height, colour = abs(value), "#D55E00" if value > 0 else "#009E73"
                hatch = "//" if value > 0 else ""
                running += value
            ax.bar(i, height, bottom=bottom, color=colour, hatch=hatch, edgecolor="white")
            sign = "" if i in (0, len(steps) - 1) else ("+" if value > 0 else "−")
            ax.text(
                i,
                bottom + height,
                f"{sign}{format_chf(abs(value))}",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_xticks(range(len(steps)), [s[0] for s in steps], rotation=15)
        ax.yaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.set_ylabel("CHF over the horizon")
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        horizon = int(options.assumptions["horizon_years"])
        return _finish(
            fig,
            ctx,
            f"From today's cost to the {steps[-1][0]} set",
            f"Total cost over {horizon} years, undiscounted; green saves, red costs",
            _period(options),
        )


def plot_sensitivity_tornado(options: Options, ctx: FigureContext) -> Figure:
    """Tornado: the chosen option's NPV of saving with each assumption at its low and high."""
    with mpl.rc_context(fname=STYLE_FILE):
        focus = _focus(options).scenario.name
        rows = options.sensitivity[options.sensitivity["scenario"] == focus]
        rows = rows.sort_values("swing_chf")
        centre = float(options.summary.set_index("scenario").loc[focus, "npv_chf"])
        fig = _new_figure()
        ax = fig.add_subplot()
        for y, row in enumerate(rows.itertuples()):
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
            [f"{r.assumption} ({r.low:g} – {r.high:g})" for r in rows.itertuples()],
        )
        ax.axvline(centre, color="#000000", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4))
        ax.set_xlabel("NPV of saving, CHF")
        handles = [
            mpl.patches.Patch(color="#56B4E9", label="assumption at its low value"),
            mpl.patches.Patch(facecolor="#E69F00", hatch="//", label="at its high value"),
        ]
        ax.legend(handles=handles, loc="lower right")
        if rows.empty:
            ax.text(
                0.5,
                0.5,
                "No assumption has a low and high value",
                transform=ax.transAxes,
                ha="center",
            )
        return _finish(
            fig,
            ctx,
            f"What moves the saving of the {focus} set",
            f"One assumption at a time; centre line: NPV CHF {format_chf(centre)}",
            _period(options),
        )


def plot_savings_distribution(options: Options, ctx: FigureContext) -> Figure:
    """Box plot of each option's NPV of saving over the Monte Carlo draws, P10–P90 whiskers."""
    with mpl.rc_context(fname=STYLE_FILE):
        names = [n for n in options.samples if n != sc.STATUS_QUO]
        met = options.summary.set_index("scenario")["requirements_met"]
        fig = _new_figure()
        ax = fig.add_subplot()
        data = [options.samples[n] for n in names]
        if data:
            ax.boxplot(
                data,
                orientation="horizontal",
                whis=(10, 90),
                showfliers=False,
                tick_labels=[n if met[n] else f"{n}\n(requirements not met)" for n in names],
                patch_artist=True,
                boxprops={"facecolor": "#56B4E9"},
                medianprops={"color": "#000000"},
            )
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.set_xlabel("NPV of saving against the status quo, CHF")
        draws = int(options.assumptions["monte_carlo_draws"])
        return _finish(
            fig,
            ctx,
            "How sure we are: the saving of each option",
            f"{draws:,} Monte Carlo draws; box P25–P75, whiskers P10–P90, line P50",
            _period(options),
        )


def plot_utilisation(options: Options, ctx: FigureContext) -> Figure:
    """Licences paid and used per unit and platform, with the cost of the unused ones."""
    with mpl.rc_context(fname=STYLE_FILE):
        rows = options.utilisation[options.utilisation["year"] == ctx.year]
        fig = _new_figure((8.0, 2.0 + 0.35 * max(len(rows), 1)))
        ax = fig.add_subplot()
        labels = [f"{r.unit} · {r.platform}" for r in rows.itertuples()]
        y = np.arange(len(rows))
        ax.barh(
            y, rows["licences_paid"], color="#E69F00", hatch="//", edgecolor="white", label="paid"
        )
        ax.barh(y, rows["licences_used"], color="#0072B2", height=0.5, label="used")
        for i, r in enumerate(rows.itertuples()):
            ax.text(
                r.licences_paid,
                i,
                f"  unused: CHF {format_chf(r.unused_cost_chf)}",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(y, labels)
        ax.set_xlim(0, (rows["licences_paid"].max() if len(rows) else 1) * 1.5)
        ax.set_xlabel("Licences")
        ax.legend(loc="lower right")
        total = rows["unused_cost_chf"].sum()
        return _finish(
            fig,
            ctx,
            "Licences paid and licences used",
            f"Cost of licences paid but not used: CHF {format_chf(total)}",
        )


def draw(options: Options, ctx: FigureContext) -> dict[str, Figure]:
    """Every scenario chart, by file stem; utilisation only where usage exists."""
    drawn = {
        "scenario_comparison": plot_scenario_comparison(options, ctx),
        "optimal_waterfall": plot_optimal_waterfall(options, ctx),
        "sensitivity_tornado": plot_sensitivity_tornado(options, ctx),
        "savings_distribution": plot_savings_distribution(options, ctx),
    }
    if not options.utilisation[options.utilisation["year"] == ctx.year].empty:
        drawn["utilisation"] = plot_utilisation(options, ctx)
    return drawn
