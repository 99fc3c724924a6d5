"""Today, as the options need it: what the analysed year says of spend, use, prices, support.

The baseline is built once from the analysed year Y0 and shared by every option, the
optimiser and the uncertainty analysis. It is frozen; what is derived from it (catalogue
look-ups, price arrays, who meets which unit's needs) is computed once, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.metadata import reference
from analysis.periods import days_in_years


@dataclass(frozen=True, eq=False)
class Baseline:
    """What the analysed year says about today, as the scenarios need it.

    Attributes:
        year: The analysed year Y0.
        spend: CHF per unit and platform in Y0 (``unit``, ``platform``, ``amount_chf``).
        demand: What each unit uses on each platform in Y0 (``unit``, ``platform``,
            ``cost_type``, ``demand_unit``, ``kind``, ``quantity``).
        prices: CHF per unit of demand on each platform (``platform``, ``cost_type``,
            ``demand_unit``, ``price_chf``, ``basis`` observed or list).
        line_years: Every cost line's share of each calendar year it touches, in CHF
            (:func:`analysis.model.spend.split_lines_by_year`), for contract run-off.
        support_cost: Today's support cost S0 in CHF.
        support_fte: Today's support FTE (fte × platform_share).
        cost_per_fte: CHF per support FTE by unit, where the unit has support staff.
        platforms: The catalogue.
        requirements: What each unit needs (``unit``, ``kind``, ``target``, ``requirement``).
        units: Units present in the data (candidates to centralise support).
    """

    year: int
    spend: pd.DataFrame
    demand: pd.DataFrame
    prices: pd.DataFrame
    line_years: pd.DataFrame
    support_cost: float
    support_fte: float
    cost_per_fte: dict[str, float]
    platforms: pd.DataFrame
    requirements: pd.DataFrame
    units: list[str]

    @cached_property
    def catalogue(self) -> dict[str, pd.Series]:
        """Each platform's catalogue row, by name."""
        return {row["platform"]: row for _, row in self.platforms.iterrows()}

    @cached_property
    def price_table(self) -> dict[str, dict[tuple[str, str], float]]:
        """CHF per unit of demand, by platform and (cost type, demand unit)."""
        table: dict[str, dict[tuple[str, str], float]] = {}
        for p, c, u, price in zip(
            self.prices["platform"],
            self.prices["cost_type"],
            self.prices["demand_unit"],
            self.prices["price_chf"],
        ):
            table.setdefault(p, {})[(c, u)] = float(price)
        return table

    @cached_property
    def price_by_demand(self) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
        """Prices by (cost type, demand unit), over platforms in catalogue order.

        Each value is whether the platform has a usable price (interpretation only where it
        offers interpretation) and the CHF per unit of demand (0 where it has none).
        """
        names = list(self.catalogue)
        interprets = np.array([is_yes(r.get("interpretation")) for r in self.catalogue.values()])
        out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        for k, p in enumerate(names):
            for key, price in self.price_table.get(p, {}).items():
                known, prices = out.setdefault(
                    key, (np.zeros(len(names), dtype=bool), np.zeros(len(names)))
                )
                known[k] = key[0] != "interpretation" or interprets[k]
                prices[k] = price if known[k] else 0.0
        return out

    @cached_property
    def _demand_groups(self) -> dict[tuple[str, str], pd.DataFrame]:
        return {
            (str(unit), str(platform)): group
            for (unit, platform), group in self.demand.groupby(["unit", "platform"])
        }

    def demand_of(self, unit: str, platform: str) -> pd.DataFrame:
        """What ``unit`` uses on ``platform`` (empty if nothing is measured)."""
        return self._demand_groups.get((unit, platform), self.demand.iloc[:0])

    @cached_property
    def needs_of(self) -> dict[str, list[tuple[str, object]]]:
        """Each unit's requirements as (kind, target)."""
        out: dict[str, list[tuple[str, object]]] = {}
        for unit, kind, target in zip(
            self.requirements.get("unit", []),
            self.requirements.get("kind", []),
            self.requirements.get("target", []),
        ):
            out.setdefault(unit, []).append((kind, target))
        return out

    @cached_property
    def in_use(self) -> list[str]:
        """Platforms with spend in Y0, in catalogue order."""
        used = set(self.spend.loc[self.spend["amount_chf"] > 0, "platform"])
        return [p for p in self.platforms["platform"] if p in used]

    def central_cost(self, unit: str) -> float:
        """Today's support FTE costed at ``unit``'s cost per FTE (the average if it has none)."""
        average = self.support_cost / self.support_fte if self.support_fte else 0.0
        return self.support_fte * self.cost_per_fte.get(unit, average)


def build_baseline(
    year: int,
    line_years: pd.DataFrame,
    support_costs: pd.DataFrame,
    platforms: pd.DataFrame,
    requirements: pd.DataFrame,
    usage: pd.DataFrame,
) -> Baseline:
    """Gather today's spend, demand, prices and support from the analysed year."""
    today = line_years[line_years["year"] == year]
    spend = today.groupby(["unit", "platform"], as_index=False)[["amount_chf"]].sum()
    demand, observed = _demand_and_prices(today, year)
    demand = _apply_usage(demand, usage, year)
    prices = _with_list_prices(observed, platforms)

    staff_years = sorted(support_costs["year"].unique()) if not support_costs.empty else []
    staff_year = max([y for y in staff_years if y <= year], default=None)
    staff = support_costs[support_costs["year"] == staff_year] if staff_year else support_costs[:0]
    fte = staff["fte"] * staff["platform_share"]
    by_unit = staff.assign(support_fte=fte).groupby("unit")[["support_fte", "cost_chf"]].sum()
    by_unit = by_unit[by_unit["support_fte"] > 0]
    units = sorted(set(line_years["unit"]) | set(staff["unit"]))
    return Baseline(
        year=year,
        spend=spend,
        demand=demand,
        prices=prices,
        line_years=line_years,
        support_cost=float(staff["cost_chf"].sum()),
        support_fte=float(fte.sum()),
        cost_per_fte={
            str(unit): float(cost)
            for unit, cost in (by_unit["cost_chf"] / by_unit["support_fte"]).items()
        },
        platforms=platforms.reset_index(drop=True),
        requirements=requirements,
        units=units,
    )


def _demand_and_prices(today: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quantities used in Y0 by unit, platform and kind of demand, and observed unit prices.

    A seat held for half the year counts as half a seat-year; an hour or event counts in
    the year its line's share falls in.
    """
    kinds = reference.quantity_units()
    rows = today[today["quantity"].notna() & today["quantity_unit"].notna()].copy()
    unit_key = rows["quantity_unit"].str.strip().str.lower()
    rows = rows[unit_key.isin(kinds.index)]
    unit_key = unit_key[rows.index]
    rows["demand_unit"] = unit_key.map(kinds["demand_unit"])
    rows["kind"] = unit_key.map(kinds["kind"])
    days_in_year = days_in_years(np.array([year]))[0]
    share = np.where(
        rows["kind"] == "subscription",
        rows["days_in_year"] / days_in_year,
        rows["days_in_year"] / rows["total_days"],
    )
    rows["quantity_in_year"] = rows["quantity"] * share
    keys = ["unit", "platform", "cost_type", "demand_unit", "kind"]
    demand = rows.groupby(keys, as_index=False).agg(
        quantity=("quantity_in_year", "sum"), amount_chf=("amount_chf", "sum")
    )
    demand = demand[demand["quantity"] > 0]
    observed = demand.groupby(["platform", "cost_type", "demand_unit"], as_index=False)[
        ["amount_chf", "quantity"]
    ].sum()
    observed["price_chf"] = observed["amount_chf"] / observed["quantity"]
    observed["basis"] = "observed"
    return (
        demand[[*keys, "quantity"]].reset_index(drop=True),
        observed[["platform", "cost_type", "demand_unit", "price_chf", "basis"]],
    )


def _apply_usage(demand: pd.DataFrame, usage: pd.DataFrame, year: int) -> pd.DataFrame:
    """Size moved demand by what is used: active hosts for seats, interpreted hours for hours."""
    if usage.empty:
        return demand
    used = usage[usage["year"] == year].set_index(["unit", "platform"])
    demand = demand.copy()
    for column, (cost_type, demand_unit) in {
        "active_hosts": ("licence", "seat"),
        "interpreted_hours": ("interpretation", "hour"),
    }.items():
        if column not in used:
            continue
        mask = (demand["cost_type"] == cost_type) & (demand["demand_unit"] == demand_unit)
        keys = pd.MultiIndex.from_frame(demand.loc[mask, ["unit", "platform"]])
        measured = used[column].reindex(keys).to_numpy(dtype="float64")
        current = demand.loc[mask, "quantity"].to_numpy()
        demand.loc[mask, "quantity"] = np.where(np.isnan(measured), current, measured)
    return demand[demand["quantity"] > 0].reset_index(drop=True)


def _with_list_prices(observed: pd.DataFrame, platforms: pd.DataFrame) -> pd.DataFrame:
    """Add list prices (catalogue) for demand units a platform has no observed price for."""
    if "list_price_chf" not in platforms or platforms["list_price_chf"].isna().all():
        return observed.reset_index(drop=True)
    kinds = reference.quantity_units()
    listed = platforms[platforms["list_price_chf"].notna() & platforms["list_price_unit"].notna()]
    rows = []
    for p in records(listed):
        unit = str(p.list_price_unit).strip().lower()
        if unit not in kinds.index:
            continue
        for cost_type in ("licence", "interpretation", "service"):
            rows.append((p.platform, cost_type, kinds.loc[unit, "demand_unit"], p.list_price_chf))
    listed = pd.DataFrame(rows, columns=["platform", "cost_type", "demand_unit", "price_chf"])
    listed["basis"] = "list"
    both = pd.concat([observed, listed], ignore_index=True)
    return both.drop_duplicates(["platform", "cost_type", "demand_unit"], keep="first")


def is_yes(value: Any) -> bool:
    """Whether a catalogue yes/no cell says yes (empty is no)."""
    return value is not None and not pd.isna(value) and bool(value)
