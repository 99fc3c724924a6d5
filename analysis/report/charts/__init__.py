"""Every chart, by file stem, in the order shown: the one registry of charts.

Each entry draws one chart from :class:`~analysis.report.chart_data.ChartData` in a
:class:`~analysis.report.style.FigureContext` and returns the Figure; saving is done
elsewhere. A chart's title and caption are the catalogue messages ``<name>.title`` and
``<name>.caption``. To add a chart: write its function, add it here, add its messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from analysis.report.chart_data import ChartData
from analysis.report.charts import options, spending
from analysis.report.style import FigureContext


@dataclass(frozen=True)
class Chart:
    """One chart: how to draw it, and whether the data gives it anything to show."""

    draw: Callable[[ChartData, FigureContext], Figure]
    shown: Callable[[ChartData], bool] = lambda data: True


CHARTS: dict[str, Chart] = {
    "spend_by_unit_platform": Chart(
        lambda d, ctx: spending.plot_spend_by_unit_platform(d.annual_spend, ctx)
    ),
    "duplicated_spend_by_category": Chart(
        lambda d, ctx: spending.plot_duplicated_spend(d.duplication, ctx)
    ),
    "unit_platform_matrix": Chart(
        lambda d, ctx: spending.plot_unit_platform_matrix(d.annual_spend, ctx)
    ),
    "support_teams": Chart(lambda d, ctx: spending.plot_support_teams(d.support_by_unit, ctx)),
    "platform_capabilities": Chart(
        lambda d, ctx: spending.plot_platform_capabilities(d.catalogue, ctx)
    ),
    "scenario_comparison": Chart(lambda d, ctx: options.plot_scenario_comparison(d.scenarios, ctx)),
    "optimal_waterfall": Chart(lambda d, ctx: options.plot_optimal_waterfall(d.scenarios, ctx)),
    "sensitivity_tornado": Chart(lambda d, ctx: options.plot_sensitivity_tornado(d.scenarios, ctx)),
    "savings_distribution": Chart(
        lambda d, ctx: options.plot_savings_distribution(d.scenarios, ctx)
    ),
    "utilisation": Chart(
        lambda d, ctx: options.plot_utilisation(d.scenarios, ctx),
        shown=lambda d: (
            not d.scenarios.utilisation[d.scenarios.utilisation["year"] == d.year].empty
        ),
    ),
}
CHART_NAMES = tuple(CHARTS)


def chart_names(data: ChartData) -> list[str]:
    """The charts that ``data`` has something to show in, by file stem, in order."""
    return [name for name, chart in CHARTS.items() if chart.shown(data)]


def draw(data: ChartData, lang: str, names: list[str] | None = None) -> dict[str, Figure]:
    """Draw the charts ``names`` (default every chart shown) in ``lang``, by file stem."""
    ctx = data.context(lang)
    return {name: CHARTS[name].draw(data, ctx) for name in names or chart_names(data)}
