"""Charts for delegates. Each function returns a Figure and saves nothing.

Every chart carries a title with its year, its unit (CHF), a source line naming the
input files and the data's date, and, when the data is marked illustrative, a
visible "Illustrative data" mark. Each platform keeps one colour in every chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.config import STYLE_FILE

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
CAPABILITY_COLUMNS = {
    "interpretation": "Interpretation",
    "browser_edge": "Edge",
    "browser_chrome": "Chrome",
    "browser_firefox": "Firefox",
    "browser_safari": "Safari",
    "mobile": "Phone",
    "tablet": "Tablet",
}


@dataclass(frozen=True)
class FigureContext:
    """What every chart needs besides its data.

    Attributes:
        year: The year shown.
        source: The source line, e.g. "Source: costs.xlsx (data as of 2022-01-31)".
        illustrative: Whether to mark the chart as made from illustrative data.
        platforms: Catalogue order of the platforms; fixes each platform's colour.
    """

    year: int
    source: str
    illustrative: bool
    platforms: tuple[str, ...] = field(default_factory=tuple)

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


def format_chf(value: float, _pos=None) -> str:
    """Format an amount in CHF with thousands separators.

    Examples:
        >>> format_chf(1234567.4)
        "1'234'567"
    """
    return f"{value:,.0f}".replace(",", "'")


def _new_figure(size: tuple[float, float] | None = None) -> Figure:
    with mpl.rc_context(fname=STYLE_FILE):
        return Figure(figsize=size or mpl.rcParams["figure.figsize"], layout="constrained")


def _finish(
    fig: Figure, ctx: FigureContext, title: str, subtitle: str, when: str | None = None
) -> Figure:
    when = when or str(ctx.year)
    fig.suptitle(f"{title}, {when}", x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    fig.text(0.01, 0.955, subtitle, ha="left", va="top", fontsize=9, color="#444444")
    fig.text(0.01, 0.01, ctx.source, ha="left", va="bottom", fontsize=7.5, color="#555555")
    if ctx.illustrative:
        fig.text(
            0.99,
            0.01,
            "ILLUSTRATIVE DATA",
            ha="right",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            color="#B00020",
        )
        fig.text(
            0.5,
            0.5,
            "Illustrative data",
            ha="center",
            va="center",
            rotation=25,
            fontsize=44,
            color="#B00020",
            alpha=0.08,
        )
    return fig


def _unit_by_platform(annual_spend: pd.DataFrame, year: int) -> pd.DataFrame:
    """CHF by unit (rows) and platform (columns) in ``year``; 0 where none."""
    return (
        annual_spend[annual_spend["year"] == year]
        .pivot_table(index="unit", columns="platform", values="amount_chf", aggfunc="sum")
        .fillna(0.0)
    )


def plot_spend_by_unit_platform(annual_spend: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Stacked bars: each unit's spend in the year, split by platform."""
    with mpl.rc_context(fname=STYLE_FILE):
        table = _unit_by_platform(annual_spend, ctx.year)
        table = table.loc[table.sum(axis=1).sort_values().index]
        fig = _new_figure()
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
            ax.text(total, y, " " + format_chf(total), va="center", fontsize=8)
        ax.set_xlim(0, left.max() * 1.18 if len(left) else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.set_xlabel("CHF")
        ax.set_ylabel("Unit")
        ax.legend(loc="lower right", ncols=2, fontsize=8)
        return _finish(fig, ctx, "Spend on meeting platforms by unit", "CHF, all cost types")


def plot_duplicated_spend(duplication: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Bars per category: spend on its largest platform and the duplicated spend beyond it."""
    with mpl.rc_context(fname=STYLE_FILE):
        rows = duplication[duplication["year"] == ctx.year].sort_values("spend_chf")
        fig = _new_figure()
        ax = fig.add_subplot()
        largest = rows["spend_chf"] - rows["duplicated_spend_chf"]
        labels = rows["category"].tolist()
        ax.barh(labels, largest, color="#0072B2", label="Largest platform of the function")
        ax.barh(
            labels,
            rows["duplicated_spend_chf"],
            left=largest,
            color="#D55E00",
            hatch="//",
            edgecolor="white",
            label="Duplicated spend (other platforms)",
        )
        for y, row in enumerate(rows.itertuples()):
            note = (
                f" {format_chf(row.duplicated_spend_chf)} duplicated"
                f" ({row.platforms_in_use} platforms)"
            )
            ax.text(row.spend_chf, y, note, va="center", fontsize=8)
        ax.set_xlim(0, rows["spend_chf"].max() * 1.6 if len(rows) else 1)
        ax.xaxis.set_major_formatter(FuncFormatter(format_chf))
        ax.set_xlabel("CHF")
        ax.set_ylabel("Function (platform category)")
        ax.legend(loc="lower right")
        return _finish(
            fig,
            ctx,
            "Duplicated spend by function",
            "Duplicated spend = spend on a function − spend on its largest platform",
        )


def plot_unit_platform_matrix(annual_spend: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Matrix of which unit uses which platform, each cell showing the spend in CHF."""
    with mpl.rc_context(fname=STYLE_FILE):
        table = _unit_by_platform(annual_spend, ctx.year)
        table = table[sorted(table.columns, key=_order(ctx))]
        fig = _new_figure((8.0, 3.2 + 0.35 * len(table)))
        ax = fig.add_subplot()
        shown = np.where(table.to_numpy() > 0, table.to_numpy(), np.nan)
        ax.imshow(shown, cmap="Blues", aspect="auto", vmin=0, vmax=np.nanmax(shown) * 1.4)
        for (i, j), value in np.ndenumerate(table.to_numpy()):
            text = format_chf(value) if value > 0 else "–"
            ax.text(j, i, text, ha="center", va="center", fontsize=7.5)
        ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
        ax.set_yticks(range(len(table.index)), table.index)
        ax.grid(False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _finish(fig, ctx, "Which unit pays for which platform", "Spend in CHF; – none")


def plot_support_teams(support_by_unit: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Two panels: support FTE and support cost by unit."""
    with mpl.rc_context(fname=STYLE_FILE):
        rows = support_by_unit[support_by_unit["year"] == ctx.year].sort_values("cost_chf")
        fig = _new_figure()
        ax_fte, ax_cost = fig.subplots(1, 2, sharey=True)
        ax_fte.barh(rows["unit"], rows["support_fte"], color="#56B4E9")
        ax_cost.barh(rows["unit"], rows["cost_chf"], color="#0072B2")
        for y, row in enumerate(rows.itertuples()):
            ax_fte.text(row.support_fte, y, f" {row.support_fte:.2f}", va="center", fontsize=8)
            ax_cost.text(row.cost_chf, y, " " + format_chf(row.cost_chf), va="center", fontsize=8)
        ax_fte.set_xlim(0, rows["support_fte"].max() * 1.3 if len(rows) else 1)
        ax_cost.set_xlim(0, rows["cost_chf"].max() * 1.35 if len(rows) else 1)
        ax_fte.set_xlabel("FTE on platform support")
        ax_cost.set_xlabel("CHF per year")
        ax_cost.xaxis.set_major_formatter(FuncFormatter(format_chf))
        ax_cost.xaxis.set_major_locator(MaxNLocator(4))  # room for CHF labels in a half panel
        ax_fte.set_ylabel("Unit")
        duplicated = rows["cost_chf"].sum() - (rows["cost_chf"].max() if len(rows) else 0)
        return _finish(
            fig,
            ctx,
            "Platform support teams by unit",
            f"{len(rows)} unit(s) keep support staff; cost beyond the largest team: "
            f"CHF {format_chf(duplicated)}",
        )


def plot_platform_capabilities(platforms: pd.DataFrame, ctx: FigureContext) -> Figure:
    """Matrix of the catalogue: what each platform can do, data protection, end of life."""
    with mpl.rc_context(fname=STYLE_FILE):
        columns = list(CAPABILITY_COLUMNS)
        rows = platforms.reset_index(drop=True)
        fig = _new_figure((8.0, 1.6 + 0.4 * len(rows)))
        ax = fig.add_subplot()
        headers = [*CAPABILITY_COLUMNS.values(), "Data protection", "End of life"]
        colours = {True: "#009E73", False: "#D55E00"}
        for i, row in rows.iterrows():
            for j, column in enumerate(columns):
                value = row.get(column)
                known = not pd.isna(value)
                face = colours[bool(value)] if known else "#e6e6e6"
                ax.add_patch(_cell(j, i, face))
                label = ("yes" if value else "no") if known else "?"
                ax.text(
                    j,
                    i,
                    label,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if known else "black",
                )
            protection = row.get("data_protection")
            face = {"assessed": "#009E73", "unclear": "#D55E00"}.get(protection, "#e6e6e6")
            ax.add_patch(_cell(len(columns), i, face))
            ax.text(
                len(columns),
                i,
                protection if isinstance(protection, str) else "?",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if isinstance(protection, str) else "black",
            )
            end = row.get("end_of_life")
            ax.text(
                len(columns) + 1,
                i,
                "–" if pd.isna(end) else f"{end:%Y-%m-%d}",
                ha="center",
                va="center",
                fontsize=8,
                color="#B00020" if not pd.isna(end) else "black",
            )
        ax.set_xlim(-0.5, len(headers) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks(range(len(headers)), headers, rotation=30, ha="left")
        ax.xaxis.tick_top()
        ax.set_yticks(
            range(len(rows)), [f"{p} ({c})" for p, c in zip(rows["platform"], rows["category"])]
        )
        ax.grid(False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _finish(
            fig,
            ctx,
            "What each platform can do",
            "Interpretation, browsers, phones, tablets, data protection, end of life",
        )


def _cell(x: float, y: float, face: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.46, y - 0.42), 0.92, 0.84, facecolor=face, edgecolor="white")


def _order(ctx: FigureContext):
    return lambda p: (ctx.platforms.index(p) if p in ctx.platforms else len(ctx.platforms), p)


FIGURES = {
    "spend_by_unit_platform": "Spend on meeting platforms by unit and platform",
    "duplicated_spend_by_category": "Duplicated spend by function",
    "unit_platform_matrix": "Which unit pays for which platform",
    "support_teams": "Platform support teams: FTE and cost by unit",
    "platform_capabilities": "What each platform can do",
}
