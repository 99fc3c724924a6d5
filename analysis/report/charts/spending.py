"""Charts of today's spending: by unit and platform, duplication, support, the catalogue.

Each function takes a table from the model and a :class:`~analysis.report.style.FigureContext`
and returns a Figure; it saves nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.frames import records
from analysis.report.style import FigureContext, finish, house_style, legend, new_figure

# Catalogue columns shown, with the message of their header; browser names are brands.
CAPABILITY_COLUMNS = {
    "interpretation": "platform_capabilities.interpretation",
    "browser_edge": "Edge",
    "browser_chrome": "Chrome",
    "browser_firefox": "Firefox",
    "browser_safari": "Safari",
    "mobile": "platform_capabilities.mobile",
    "tablet": "platform_capabilities.tablet",
}


def _unit_by_platform(annual_spend: pd.DataFrame, year: int) -> pd.DataFrame:
    """CHF by unit (rows) and platform (columns) in ``year``; 0 where none."""
    return (
        annual_spend[annual_spend["year"] == year]
        .pivot_table(index="unit", columns="platform", values="amount_chf", aggfunc="sum")
        .fillna(0.0)
    )


def plot_spend_by_unit_platform(annual_spend: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Stacked bars: each unit's spend in the year, split by platform."""
    msg = ctx.msg
    with house_style(ctx):
        table = _unit_by_platform(annual_spend, ctx.year)
        table = table.loc[table.sum(axis=1).sort_values().index]
        fig = new_figure()
        ax = fig.add_subplot()
        left = np.zeros(len(table))
        for platform in sorted(table.columns, key=_order(ctx)):
            values = table[platform].to_numpy()
            ax.barh(
                table.index,
                values,
                left=left,
                label=platform,
                color=ctx.colour(platform),
                hatch=ctx.hatch(platform),
                edgecolor="white",
                linewidth=0.5,
            )
            left += values
        for y, total in enumerate(left):
            ax.text(total, y, " " + ctx.chf(total), va="center", fontsize=8)
        ax.set_xlim(0, left.max() * 1.18 if len(left) else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.set_xlabel(msg("axis.chf"))
        ax.set_ylabel(msg("axis.unit"))
        legend(ax, ctx, ncols=4, fontsize=8)
        return finish(
            fig, ctx, msg("spend_by_unit_platform.title"), msg("spend_by_unit_platform.subtitle")
        )


def plot_duplicated_spend(duplication: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Bars per category: spend on its largest platform and the duplicated spend beyond it."""
    msg = ctx.msg
    with house_style(ctx):
        rows = duplication[duplication["year"] == ctx.year].sort_values("spend_chf")
        fig = new_figure()
        ax = fig.add_subplot()
        largest = rows["spend_chf"] - rows["gross_overlap_chf"]
        labels = [msg.label("category", c) for c in rows["category"]]
        ax.barh(
            labels,
            largest,
            color="#0072B2",
            label=msg("duplicated_spend_by_category.legend_largest"),
        )
        ax.barh(
            labels,
            rows["gross_overlap_chf"],
            left=largest,
            color="#D55E00",
            hatch="//",
            edgecolor="white",
            label=msg("duplicated_spend_by_category.legend_duplicated"),
        )
        for y, row in enumerate(records(rows)):
            note = msg(
                "duplicated_spend_by_category.note",
                amount=ctx.chf(row.gross_overlap_chf),
                count=msg.number(row.platforms_in_use),
            )
            ax.text(row.spend_chf, y, " " + note, va="center", fontsize=8)
        ax.set_xlim(0, rows["spend_chf"].max() * 1.6 if len(rows) else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax.set_xlabel(msg("axis.chf"))
        ax.set_ylabel(msg("duplicated_spend_by_category.axis"))
        legend(ax, ctx, ncols=2)
        return finish(
            fig,
            ctx,
            msg("duplicated_spend_by_category.title"),
            msg("duplicated_spend_by_category.subtitle"),
        )


def plot_unit_platform_matrix(annual_spend: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Matrix of which unit uses which platform, each cell showing the spend in CHF."""
    msg = ctx.msg
    with house_style(ctx):
        table = _unit_by_platform(annual_spend, ctx.year)
        table = table[sorted(table.columns, key=_order(ctx))]
        fig = new_figure((8.0, 3.2 + 0.35 * len(table)))
        ax = fig.add_subplot()
        shown = np.where(table.to_numpy() > 0, table.to_numpy(), np.nan)
        ax.imshow(shown, cmap="Blues", aspect="auto", vmin=0, vmax=np.nanmax(shown) * 1.4)
        for (i, j), value in np.ndenumerate(table.to_numpy()):
            text = ctx.chf(value) if value > 0 else msg("chart.none")
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5)
        ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
        ax.set_yticks(range(len(table.index)), table.index)
        ax.grid(False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return finish(
            fig, ctx, msg("unit_platform_matrix.title"), msg("unit_platform_matrix.subtitle")
        )


def plot_support_teams(support_by_unit: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Two panels: support FTE and support cost by unit."""
    msg = ctx.msg
    with house_style(ctx):
        rows = support_by_unit[support_by_unit["year"] == ctx.year].sort_values("cost_chf")
        fig = new_figure()
        ax_fte, ax_cost = fig.subplots(1, 2, sharey=True)
        ax_fte.barh(rows["unit"], rows["support_fte"], color="#56B4E9")
        ax_cost.barh(rows["unit"], rows["cost_chf"], color="#0072B2")
        for y, row in enumerate(records(rows)):
            ax_fte.text(
                row.support_fte, y, " " + msg.number(row.support_fte, 2), va="center", fontsize=8
            )
            ax_cost.text(row.cost_chf, y, " " + ctx.chf(row.cost_chf), va="center", fontsize=8)
        ax_fte.set_xlim(0, rows["support_fte"].max() * 1.3 if len(rows) else 1)
        ax_cost.set_xlim(0, rows["cost_chf"].max() * 1.35 if len(rows) else 1)
        ax_fte.set_xlabel(msg("support_teams.axis_fte"))
        ax_cost.set_xlabel(msg("support_teams.axis_cost"))
        ax_fte.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: msg.plain(v)))
        ax_cost.xaxis.set_major_formatter(FuncFormatter(ctx.chf))
        ax_cost.xaxis.set_major_locator(MaxNLocator(4))  # room for CHF labels in a half panel
        ax_fte.set_ylabel(msg("axis.unit"))
        duplicated = rows["cost_chf"].sum() - (rows["cost_chf"].max() if len(rows) else 0)
        return finish(
            fig,
            ctx,
            msg("support_teams.title"),
            msg("support_teams.subtitle", units=msg.number(len(rows)), amount=ctx.chf(duplicated)),
        )


def plot_platform_capabilities(platforms: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Matrix of the catalogue: what each platform can do, data protection, end of life."""
    msg = ctx.msg
    with house_style(ctx):
        columns = list(CAPABILITY_COLUMNS)
        rows = platforms.reset_index(drop=True)
        fig = new_figure((8.0, 1.6 + 0.4 * len(rows)))
        ax = fig.add_subplot()
        headers = [
            *(msg(h) if msg.has(h) else h for h in CAPABILITY_COLUMNS.values()),
            msg("platform_capabilities.data_protection"),
            msg("platform_capabilities.end_of_life"),
        ]
        colours = {True: "#009E73", False: "#D55E00"}
        # The last two columns hold words and dates: wider than the yes/no cells.
        protection_x, end_x = len(columns) + 0.3, len(columns) + 2.2
        for i, row in enumerate(rows.to_dict("records")):
            for j, column in enumerate(columns):
                value = row.get(column)
                known = not pd.isna(value)
                face = colours[bool(value)] if known else "#e6e6e6"
                ax.add_patch(_cell(j, i, face))
                label = msg("value.yes" if value else "value.no") if known else msg("chart.unknown")
                ax.text(
                    j,
                    i,
                    label,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if known else "black",
                )
            protection = str(row.get("data_protection") or "")
            known = bool(protection)
            face = {"assessed": "#009E73", "unclear": "#D55E00"}.get(protection, "#e6e6e6")
            ax.add_patch(_cell(protection_x, i, face, width=1.5))
            ax.text(
                protection_x,
                i,
                msg.label("data_protection", protection) if known else msg("chart.unknown"),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if known else "black",
            )
            end = row.get("end_of_life")
            ax.text(
                end_x,
                i,
                msg("chart.none") if pd.isna(end) else msg.short_date(pd.Timestamp(end).date()),
                ha="center",
                va="center",
                fontsize=8,
                color="#B00020" if not pd.isna(end) else "black",
            )
        ax.set_xlim(-0.5, end_x + 1.0)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks([*range(len(columns)), protection_x, end_x], headers, rotation=30, ha="left")
        ax.xaxis.tick_top()
        ax.set_yticks(
            range(len(rows)),
            [
                f"{p} ({msg.label('category', c)})"
                for p, c in zip(rows["platform"], rows["category"])
            ],
        )
        ax.grid(False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return finish(
            fig,
            ctx,
            msg("platform_capabilities.title"),
            msg("platform_capabilities.subtitle"),
        )


def _cell(x: float, y: float, face: str, width: float = 0.92):
    from matplotlib.patches import Rectangle

    return Rectangle((x - width / 2, y - 0.42), width, 0.84, facecolor=face, edgecolor="white")


def _order(ctx: FigureContext):
    return lambda p: (ctx.platforms.index(p) if p in ctx.platforms else len(ctx.platforms), p)
