"""What the charts, the brief and the gallery show: a few small tables, nothing more.

:class:`ChartData` holds them for one analysed year, so a drawing worker in another
process gets them without the model or the ledger. Every number in them was computed by
the model; the report only lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.model.scenarios.bridge import round_to_total
from analysis.model.scenarios.identity import OptionIdentity
from analysis.model.scenarios.options import Options
from analysis.report.style import FigureContext


@dataclass(frozen=True)
class ScenarioCharts:
    """What the scenario charts draw: small tables, cheap to send to another process.

    Attributes:
        scenarios: Cost and saving of each option per year.
        summary: One row per option (NPV, payback, P10–P90, requirements met).
        sensitivity: One-at-a-time sensitivity of each option's NPV.
        samples: Monte Carlo draws of each option's NPV of saving.
        utilisation: Licences paid and used.
        focus: The option the waterfall and tornado explain (the optimal one if any).
        bridge: The focus option's saving bridge (step, CHF in present value), from the
            reference's total cost to the option's.
        horizon_years: Years compared.
        first_year: The first year of the horizon.
        draws: Number of Monte Carlo draws.
        options: Each option's identity (kind, platforms, names, optimal, why it fails),
            in the order of ``summary``; :mod:`analysis.report.option_text` puts it in words.
        assumption_units: Each assumption's unit (``share``, ``CHF per seat`` …).
        discount_rate: The central discount rate of the NPV.
    """

    scenarios: pd.DataFrame
    summary: pd.DataFrame
    sensitivity: pd.DataFrame
    samples: dict[str, np.ndarray]
    utilisation: pd.DataFrame
    focus: str
    bridge: tuple[tuple[str, float], ...]
    horizon_years: int
    first_year: int
    draws: int
    options: tuple[OptionIdentity, ...] = ()
    assumption_units: tuple[tuple[str, str], ...] = ()
    discount_rate: float = 0.0

    def option(self, name: str) -> OptionIdentity:
        """The identity of option ``name`` (a ``scenario`` of the summary)."""
        return next(o for o in self.options if o.name == name)

    def shown_options(self) -> tuple[OptionIdentity, ...]:
        """The options the charts and the brief show: an optimum equal to a user's once."""
        return tuple(o for o in self.options if o.shown)

    def shown_name(self, name: str) -> str:
        """The option shown for ``name``: the user's option an optimum equals, else itself."""
        same = self.option(name).same_as if self.options else ""
        return same or name

    def unit_of(self, assumption: str) -> str:
        """The unit of an assumption ("" if not known)."""
        return dict(self.assumption_units).get(assumption, "")

    def bridge_in_francs(self) -> tuple[tuple[str, int], ...]:
        """The focus option's bridge in whole CHF, its steps adding up exactly to its end.

        The first and last bars are rounded to the franc; the changes between them are
        rounded by the largest remainder so that they add up to the difference, as a
        reader adds them up on the chart.

        Examples:
            >>> c = ScenarioCharts(*[None] * 6, bridge=(("reference", 10.5),
            ...     ("licences", -0.3), ("support", -0.3), ("option", 9.9)),
            ...     horizon_years=1, first_year=2022, draws=1)
            >>> c.bridge_in_francs()
            (('reference', 10), ('licences', 0), ('support', 0), ('option', 10))
        """
        if not self.bridge:
            return ()
        first, last = round(self.bridge[0][1]), round(self.bridge[-1][1])
        changes = [value for _, value in self.bridge[1:-1]]
        whole = round_to_total(changes, last - first, decimals=0)
        amounts = [first, *(round(v) for v in whole), last]
        return tuple((step, amount) for (step, _), amount in zip(self.bridge, amounts))

    @property
    def period(self) -> str:
        """The horizon, e.g. ``2022–2026``."""
        return f"{self.first_year}–{self.first_year + self.horizon_years - 1}"


def scenario_charts(options: Options) -> ScenarioCharts:
    """Collect what the scenario charts need from the options."""
    return ScenarioCharts(
        scenarios=options.scenarios,
        summary=options.summary,
        sensitivity=options.sensitivity,
        samples=options.samples,
        utilisation=options.utilisation,
        focus=options.focus,
        bridge=tuple(
            (str(step), float(amount))
            for step, amount in options.bridges.loc[
                options.bridges["scenario"] == options.focus, ["step", "npv_chf"]
            ].itertuples(index=False)
        ),
        horizon_years=int(options.assumptions["horizon_years"]),
        first_year=options.baseline.year + 1,
        draws=int(options.assumptions["monte_carlo_draws"]),
        options=options.identities,
        assumption_units=tuple(
            (str(r["name"]), str(r["unit"])) for _, r in options.assumptions.table().iterrows()
        ),
        discount_rate=float(options.assumptions["discount_rate"]),
    )


@dataclass(frozen=True)
class ChartData:
    """Everything the charts and the brief show, for one analysed year."""

    year: int
    files: tuple[str, ...]
    data_date: dt.date | None
    illustrative: bool
    platforms: tuple[str, ...]
    annual_spend: pd.DataFrame
    duplication: pd.DataFrame
    support_by_unit: pd.DataFrame
    catalogue: pd.DataFrame
    headline: pd.DataFrame
    assumptions: pd.DataFrame
    scenarios: ScenarioCharts
    made_on: dt.date

    def context(self, lang: str) -> FigureContext:
        """The charts' context in ``lang``."""
        return FigureContext(
            year=self.year,
            files=self.files,
            data_date=self.data_date,
            illustrative=self.illustrative,
            platforms=self.platforms,
            lang=lang,
        )
