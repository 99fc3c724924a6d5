"""Consolidation scenarios: what each option costs and saves, year by year.

The model starts from the analysed year Y0 ("today") and runs over the horizon
t = 1..H (years Y0+1..Y0+H). Every number it assumes comes from the Assumptions
sheet or, failing that, from the defaults in ``metadata/assumptions.csv``.

For a scenario keeping the platforms K, with change start s and central support
unit c (or none), in year t with share f_t of the year after s:

- **licence cost** = g_t × [spend on kept platforms + (1 − f_t) × spend on retired
  platforms] + run-off of retired platforms' contracts after s (unless ended early)
  + g_t × f_t × cost of the demand moved to kept platforms, where g_t = (1 + price
  growth)^t. Demand (seats, hours, events…) moves to the cheapest kept platform of the
  same category that can serve it, else to the cheapest kept platform that meets all the
  unit's requirements; it is priced at the receiving platform's observed unit price in
  Y0, else its list price.
- **support cost** = h_t × [S0 − f_t × a × n_retired × S0 + f_t × (C_c × (1 − b) − S0)
  if centralised], with S0 today's support cost, C_c today's support FTE costed at unit
  c's cost per FTE, a the saving per retired platform, b the centralisation saving and
  h_t = (1 + staff cost growth)^t.
- **one-off cost** in the start year = moved seats × (migration + training)
  + centralisation one-off + early-termination fees.

Saving = status quo − scenario; NPV = Σ_t saving_t / (1 + r)^t. Every cost function
here takes assumption values that may be NumPy arrays, so one call evaluates thousands
of Monte Carlo draws at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline
from analysis.model.scenarios.requirements import meets_all, unmet_requirements
from analysis.periods import days_in_years, year_bounds

STATUS_QUO = "status quo"
OPTIMAL = "optimal"


@dataclass(frozen=True)
class Scenario:
    """A consolidation option: which platforms to keep, who supports them, from when."""

    name: str
    keep: tuple[str, ...]
    central_unit: str | None = None
    start: pd.Timestamp | None = None


@dataclass(frozen=True)
class Components:
    """A scenario's costs by year before the assumptions that vary are applied.

    Arrays run over t = 0..H (t = 0 is the analysed year). Amounts are CHF at today's
    prices unless named ``actual``.
    """

    scenario: Scenario
    years: np.ndarray
    after_start: np.ndarray  # f_t: share of year t after the change starts
    start_index: int  # t of the start year
    kept_spend: float
    retired_spend: float
    runoff_actual: np.ndarray  # contracts of retired platforms still running after the start
    remaining_contract_value: float
    moved_cost: float
    seats_moved: float
    retired_count: int
    central_cost: float  # C_c, or 0 without centralisation
    moves: pd.DataFrame
    unmet: list[str]

    @property
    def start(self) -> pd.Timestamp:
        """When the change starts (:func:`evaluate` always sets it)."""
        assert self.scenario.start is not None
        return self.scenario.start

    @property
    def is_centralised(self) -> bool:
        """Whether support moves into one unit."""
        return self.scenario.central_unit is not None


def evaluate(baseline: Baseline, scenario: Scenario, a: AssumptionSet) -> Components:
    """Work out a scenario's receivers, run-off and requirements; costs come from :func:`costs`."""
    horizon = int(a["horizon_years"])
    years = np.arange(baseline.year, baseline.year + horizon + 1)
    start = scenario.start or pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    after = _share_after(years, start)
    used = baseline.in_use
    kept = [p for p in baseline.platforms["platform"] if p in set(scenario.keep)]
    retired = [p for p in used if p not in set(kept)]
    moves, unmet, stuck = _move_demand(baseline, kept, retired)
    unmet = unmet_requirements(baseline, kept, a, years[-1]) + unmet
    # Use with nowhere to go stays where it is, at today's cost: no saving is claimed for it.
    spend = baseline.spend.set_index(["unit", "platform"])["amount_chf"]
    staying = spend.index.get_level_values("platform").isin(kept) | spend.index.isin(stuck)
    due, remaining = runoff(baseline, retired, start, years, stuck)
    return Components(
        scenario=Scenario(scenario.name, tuple(kept), scenario.central_unit, start),
        years=years,
        after_start=after,
        start_index=int(start.year - baseline.year),
        kept_spend=float(spend[staying].sum()),
        retired_spend=float(spend[~staying].sum()),
        runoff_actual=due,
        remaining_contract_value=remaining,
        moved_cost=float(moves["cost_chf"].sum()) if not moves.empty else 0.0,
        seats_moved=float(moves.loc[moves["kind"] == "subscription", "quantity"].sum())
        if not moves.empty
        else 0.0,
        # a platform still used (its use had nowhere to go) still needs its support
        retired_count=len([p for p in retired if p not in {platform for _, platform in stuck}]),
        central_cost=baseline.central_cost(scenario.central_unit) if scenario.central_unit else 0.0,
        moves=moves,
        unmet=unmet,
    )


def _share_after(years: np.ndarray, start: pd.Timestamp) -> np.ndarray:
    """Share of each calendar year on or after ``start``."""
    first, last = year_bounds(years)
    after = (last - np.maximum(first, np.datetime64(start.date(), "D"))).astype(int) + 1
    return np.clip(after / days_in_years(years), 0.0, 1.0)


def can_serve(baseline: Baseline, receiver: str, needs: pd.DataFrame) -> tuple[bool, float]:
    """Whether ``receiver`` has a price for every kind of demand in ``needs``, and the cost."""
    servable, cost = _serving(baseline, needs, np.zeros(len(needs), dtype=int), 1)
    k = list(baseline.catalogue).index(receiver)
    return (True, float(cost[0, k])) if servable[0, k] else (False, np.inf)


def serving_costs(
    baseline: Baseline, pairs: list[tuple[str, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Which platform can take over each (unit, platform) pair's demand, and at what cost.

    Returns two arrays of shape ``(len(pairs), platforms)``, columns in catalogue order: True
    where the platform has a price for every kind of demand the pair uses (interpretation only
    if it offers interpretation), and the CHF that demand would cost there. A pair with no
    measured demand can go anywhere at no cost.
    """
    demand = baseline.demand
    at = pd.MultiIndex.from_tuples(pairs, names=["unit", "platform"]) if pairs else None
    rows = (
        at.get_indexer(pd.MultiIndex.from_frame(demand[["unit", "platform"]]))
        if at is not None and not demand.empty
        else np.full(len(demand), -1)
    )
    mine = rows >= 0
    return _serving(baseline, demand[mine], rows[mine], len(pairs))


def _serving(
    baseline: Baseline, needs: pd.DataFrame, pair: np.ndarray, n_pairs: int
) -> tuple[np.ndarray, np.ndarray]:
    """``needs`` rows belong to pairs ``pair`` (0..n_pairs-1); see :func:`serving_costs`."""
    n = len(baseline.catalogue)
    servable = np.ones((n_pairs, n), dtype=bool)
    cost = np.zeros((n_pairs, n))
    if needs.empty:
        return servable, cost
    unpriced = (np.zeros(n, dtype=bool), np.zeros(n))
    known, price = (
        np.array(arrays)
        for arrays in zip(
            *(
                baseline.price_by_demand.get(key, unpriced)
                for key in zip(needs["cost_type"], needs["demand_unit"])
            )
        )
    )
    quantity = needs["quantity"].to_numpy(dtype="float64")
    # Add each pair's needs in their order, as a running total per pair.
    position = pd.Series(pair).groupby(pair).cumcount().to_numpy()
    for j in range(int(position.max()) + 1):
        at = position == j
        servable[pair[at]] &= known[at]
        cost[pair[at]] += quantity[at, None] * price[at]
    return servable, cost


@lru_cache(maxsize=65536)
def receiver_options(baseline: Baseline, unit: str, retired: str) -> pd.DataFrame:
    """Every platform that may receive ``unit``'s demand on ``retired``, with its cost.

    Columns: ``platform``, ``same_category``, ``meets_requirements``, ``cost_chf``.
    Platforms that cannot price or serve the demand are left out. Computed once per
    baseline, unit and platform.
    """
    needs = baseline.demand_of(unit, retired)
    servable, cost = _serving(baseline, needs, np.zeros(len(needs), dtype=int), 1)
    category = baseline.catalogue[retired]["category"]
    rows = []
    for i, (k, row) in enumerate(baseline.catalogue.items()):
        if k != retired and servable[0, i]:
            rows.append(
                (k, row["category"] == category, meets_all(baseline, k, unit), float(cost[0, i]))
            )
    return pd.DataFrame(
        rows, columns=["platform", "same_category", "meets_requirements", "cost_chf"]
    )


def _move_demand(
    baseline: Baseline, kept: list[str], retired: list[str]
) -> tuple[pd.DataFrame, list[str], list[tuple[str, str]]]:
    """Send each retired platform's demand to its receiver.

    Returns the moves, the unmet needs in words, and the (unit, platform) pairs whose use
    has nowhere to go.
    """
    moves, unmet, stuck = [], [], []
    for unit, platform in uses(baseline, retired):
        needs = baseline.demand_of(unit, platform)
        options = receiver_options(baseline, unit, platform)
        options = options[options["platform"].isin(kept)]
        same = options[options["same_category"]]
        pool = same if not same.empty else options[options["meets_requirements"]]
        if pool.empty:
            unmet.append(f"{unit}: no kept platform can take over its use of {platform}")
            stuck.append((unit, platform))
            continue
        best = pool.sort_values(["cost_chf", "platform"]).iloc[0]
        if needs.empty:  # no measured quantity: the use moves, at no priced extra cost
            moves.append((unit, platform, best.platform, "", "", "", 0.0, 0.0, 0.0))
        for need in records(needs):
            price = _price(baseline, best.platform, need.cost_type, need.demand_unit)
            moves.append(
                (
                    unit,
                    platform,
                    best.platform,
                    need.cost_type,
                    need.demand_unit,
                    need.kind,
                    need.quantity,
                    price,
                    need.quantity * price,
                )
            )
    columns = [
        "unit",
        "from_platform",
        "to_platform",
        "cost_type",
        "demand_unit",
        "kind",
        "quantity",
        "price_chf",
        "cost_chf",
    ]
    return pd.DataFrame(moves, columns=columns), unmet, stuck


def uses(baseline: Baseline, platforms: list[str]) -> list[tuple[str, str]]:
    """The (unit, platform) pairs with spend in the analysed year, for ``platforms``."""
    spend = baseline.spend[
        (baseline.spend["amount_chf"] > 0) & baseline.spend["platform"].isin(platforms)
    ]
    return sorted(zip(spend["unit"], spend["platform"]))


def _price(baseline: Baseline, platform: str, cost_type: str, demand_unit: str) -> float:
    p = baseline.prices
    match = p[
        (p["platform"] == platform)
        & (p["cost_type"] == cost_type)
        & (p["demand_unit"] == demand_unit)
    ]
    return float(match["price_chf"].iloc[0])


def runoff(
    baseline: Baseline,
    retired: list[str],
    start: pd.Timestamp,
    years: np.ndarray,
    staying: Sequence[tuple[str, str]] = (),
) -> tuple[np.ndarray, float]:
    """CHF still due after ``start`` on retired platforms' contracts, by year; and in all.

    Contracts of (unit, platform) pairs in ``staying`` are not retired and not counted.
    Each line's share of a year (``baseline.line_years``) is cut at the start date.
    """
    lines = baseline.line_years
    pairs = pd.MultiIndex.from_arrays([lines["unit"], lines["platform"]])
    split = lines[
        lines["platform"].isin(retired) & (lines["end_date"] >= start) & ~pairs.isin(list(staying))
    ]
    out = np.zeros(len(years))
    if split.empty:
        return out, 0.0
    year_start, year_end = year_bounds(split["year"].to_numpy())
    line_start = split["start_date"].to_numpy().astype("datetime64[D]")
    line_end = split["end_date"].to_numpy().astype("datetime64[D]")
    first = np.maximum(np.maximum(line_start, year_start), np.datetime64(start.date(), "D"))
    last = np.minimum(line_end, year_end)
    days_after = np.clip((last - first).astype(int) + 1, 0, None)
    share = days_after / split["days_in_year"].to_numpy()
    due = split.assign(due=split["amount_chf"] * share).groupby("year")["due"].sum()
    for i, y in enumerate(years):
        out[i] = due.get(y, 0.0)
    return out, float(due.sum())


def status_quo(baseline: Baseline) -> Scenario:
    """The option that keeps every platform in use and every support team."""
    return Scenario(STATUS_QUO, tuple(baseline.in_use))
