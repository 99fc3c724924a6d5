"""Consolidation scenarios: what each option costs and saves, year by year.

The model starts from the analysed year Y0 ("today") and runs over the horizon
t = 1..H (years Y0+1..Y0+H). Every number it assumes comes from the Assumptions
sheet or, failing that, from the defaults in ``reference/assumptions.csv``.

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

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from analysis import reference
from analysis.issues import IssueLog
from analysis.spend import days_in_years, split_lines_by_year, year_bounds

STATUS_QUO = "status quo"
OPTIMAL = "optimal"
SCENARIO_COLUMNS = [
    "scenario",
    "year",
    "licence_cost_chf",
    "support_cost_chf",
    "one_off_chf",
    "total_chf",
    "saving_chf",
    "cumulative_saving_chf",
]


# --- assumptions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssumptionSet:
    """Every number the model assumes: central value, optional low/high, and source."""

    value: dict[str, float]
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        return self.value[name]

    def uncertain(self) -> list[str]:
        """Names of the assumptions with a low or high value different from the central one."""
        return [
            n
            for n in self.value
            if self.low.get(n, self.value[n]) != self.value[n]
            or self.high.get(n, self.value[n]) != self.value[n]
        ]

    def table(self) -> pd.DataFrame:
        """The assumptions as used, one row each, with their source."""
        known = reference.assumptions()
        return pd.DataFrame(
            {
                "name": list(self.value),
                "value": list(self.value.values()),
                "low": [self.low.get(n, np.nan) for n in self.value],
                "high": [self.high.get(n, np.nan) for n in self.value],
                "unit": [known.loc[n, "unit"] for n in self.value],
                "source": [self.source.get(n, "") for n in self.value],
            }
        )


def resolve_assumptions(given: pd.DataFrame, log: IssueLog | None = None) -> AssumptionSet:
    """Combine the Assumptions sheet with the documented defaults.

    A default used where the sheet gives no value is noted in the log, so that no number
    of the model goes unseen.
    """
    known = reference.assumptions()
    value = {n: float(v) for n, v in known["default"].items()}
    source = {n: "default (analysis/reference/assumptions.csv)" for n in value}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    rows = given if not given.empty else pd.DataFrame(columns=["name"])
    for row in rows.itertuples():
        if row.name not in value or pd.isna(row.value):
            continue
        value[row.name] = float(row.value)
        source[row.name] = row.source if isinstance(row.source, str) else ""
        if not pd.isna(row.low):
            low[row.name] = float(row.low)
        if not pd.isna(row.high):
            high[row.name] = float(row.high)
    missing = [n for n in known.index if n not in set(rows["name"])]
    if log is not None and missing and not given.empty:
        log.warning(
            "W_ASSUMPTION_DEFAULT",
            f"no Assumptions row for {', '.join(missing)}; the documented defaults are used",
        )
    return AssumptionSet(value, low, high, source)


# --- today: the baseline ------------------------------------------------------------------------


@dataclass
class Baseline:
    """What the analysed year says about today, as the scenarios need it.

    Attributes:
        year: The analysed year Y0.
        spend: CHF per unit and platform in Y0 (``unit``, ``platform``, ``amount_chf``).
        demand: What each unit uses on each platform in Y0 (``unit``, ``platform``,
            ``cost_type``, ``demand_unit``, ``kind``, ``quantity``).
        prices: CHF per unit of demand on each platform (``platform``, ``cost_type``,
            ``demand_unit``, ``price_chf``, ``basis`` observed or list).
        lines: The licence lines (for contract run-off after a start date).
        rates: The exchange rates.
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
    lines: pd.DataFrame
    rates: pd.DataFrame
    support_cost: float
    support_fte: float
    cost_per_fte: dict[str, float]
    platforms: pd.DataFrame
    requirements: pd.DataFrame
    units: list[str]
    _receivers: dict = field(default_factory=dict, repr=False)
    _meets: dict = field(default_factory=dict, repr=False)

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
        interprets = np.array([_is_yes(r.get("interpretation")) for r in self.catalogue.values()])
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
        return {key: group for key, group in self.demand.groupby(["unit", "platform"])}

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

    @property
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
    licences: pd.DataFrame,
    line_years: pd.DataFrame,
    rates: pd.DataFrame,
    support_costs: pd.DataFrame,
    platforms: pd.DataFrame,
    requirements: pd.DataFrame,
    usage: pd.DataFrame,
) -> Baseline:
    """Gather today's spend, demand, prices and support from the analysed year."""
    today = line_years[line_years["year"] == year]
    spend = today.groupby(["unit", "platform"], as_index=False)["amount_chf"].sum()
    demand, observed = _demand_and_prices(today, year)
    demand = _apply_usage(demand, usage, year)
    prices = _with_list_prices(observed, platforms)

    staff_years = sorted(support_costs["year"].unique()) if not support_costs.empty else []
    staff_year = max([y for y in staff_years if y <= year], default=None)
    staff = support_costs[support_costs["year"] == staff_year] if staff_year else support_costs[:0]
    fte = staff["fte"] * staff["platform_share"]
    by_unit = staff.assign(support_fte=fte).groupby("unit")[["support_fte", "cost_chf"]].sum()
    by_unit = by_unit[by_unit["support_fte"] > 0]
    units = sorted(set(licences["unit"]) | set(staff["unit"]))
    return Baseline(
        year=year,
        spend=spend,
        demand=demand,
        prices=prices,
        lines=licences,
        rates=rates,
        support_cost=float(staff["cost_chf"].sum()),
        support_fte=float(fte.sum()),
        cost_per_fte=(by_unit["cost_chf"] / by_unit["support_fte"]).to_dict(),
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
    for p in listed.itertuples():
        unit = str(p.list_price_unit).strip().lower()
        if unit not in kinds.index:
            continue
        for cost_type in ("licence", "interpretation", "service"):
            rows.append((p.platform, cost_type, kinds.loc[unit, "demand_unit"], p.list_price_chf))
    listed = pd.DataFrame(rows, columns=["platform", "cost_type", "demand_unit", "price_chf"])
    listed["basis"] = "list"
    both = pd.concat([observed, listed], ignore_index=True)
    return both.drop_duplicates(["platform", "cost_type", "demand_unit"], keep="first")


# --- one scenario -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A consolidation option: which platforms to keep, who supports them, from when."""

    name: str
    keep: tuple[str, ...]
    central_unit: str | None = None
    start: pd.Timestamp | None = None


@dataclass
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
    unmet = _check_requirements(baseline, kept, a, years[-1]) + unmet
    # Use with nowhere to go stays where it is, at today's cost: no saving is claimed for it.
    spend = baseline.spend.set_index(["unit", "platform"])["amount_chf"]
    staying = spend.index.get_level_values("platform").isin(kept) | spend.index.isin(stuck)
    runoff, remaining = _runoff(baseline, retired, start, years, stuck)
    return Components(
        scenario=Scenario(scenario.name, tuple(kept), scenario.central_unit, start),
        years=years,
        after_start=after,
        start_index=int(start.year - baseline.year),
        kept_spend=float(spend[staying].sum()),
        retired_spend=float(spend[~staying].sum()),
        runoff_actual=runoff,
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
    first = pd.to_datetime([f"{y}-01-01" for y in years])
    last = pd.to_datetime([f"{y}-12-31" for y in years])
    days = (last - first).days.to_numpy() + 1
    after = (last - np.maximum(first, start)).days.to_numpy() + 1
    return np.clip(after / days, 0.0, 1.0)


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


def meets_all(baseline: Baseline, platform: str, unit: str) -> bool:
    """Whether ``platform`` alone meets every requirement of ``unit``."""
    key = (platform, unit)
    if key not in baseline._meets:
        row = baseline.catalogue[platform]
        baseline._meets[key] = all(
            _satisfies(row, kind, target) for kind, target in baseline.needs_of.get(unit, [])
        )
    return baseline._meets[key]


def _satisfies(platform: pd.Series, kind: str, target: object) -> bool:
    if kind == "capability":
        return _is_yes(platform.get(target))
    if kind == "category":
        return str(platform.get("category", "")).lower() == str(target).lower()
    if kind == "languages":
        cap = platform.get("interpretation_languages")
        return (
            _is_yes(platform.get("interpretation"))
            and not pd.isna(cap)
            and float(cap) >= float(target)
        )
    if kind == "participants":
        cap = platform.get("max_participants")
        return not pd.isna(cap) and float(cap) >= float(target)
    return False


def _is_yes(value: object) -> bool:
    return value is not None and not pd.isna(value) and bool(value)


def receiver_options(baseline: Baseline, unit: str, retired: str) -> pd.DataFrame:
    """Every platform that may receive ``unit``'s demand on ``retired``, with its cost.

    Columns: ``platform``, ``same_category``, ``meets_requirements``, ``cost_chf``.
    Platforms that cannot price or serve the demand are left out.
    """
    if (unit, retired) not in baseline._receivers:
        baseline._receivers[(unit, retired)] = _receiver_options(baseline, unit, retired)
    return baseline._receivers[(unit, retired)]


def _receiver_options(baseline: Baseline, unit: str, retired: str) -> pd.DataFrame:
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
        for need in needs.itertuples():
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


def allowed_to_keep(baseline: Baseline, a: AssumptionSet, horizon_end_year: int) -> dict[str, str]:
    """Platforms that may not be kept, with the reason (end of life, data protection)."""
    barred = {}
    for p in baseline.platforms.itertuples():
        end = getattr(p, "end_of_life", pd.NaT)
        if not pd.isna(end) and end.year <= horizon_end_year and not a["allow_end_of_life"]:
            barred[p.platform] = (
                f"end of life {end:%Y-%m-%d}, before the horizon ends ({horizon_end_year})"
            )
            continue
        protection = getattr(p, "data_protection", None)
        if protection != "assessed" and not a["allow_unassessed_data_protection"]:
            state = protection if isinstance(protection, str) else "not stated"
            barred[p.platform] = f"data protection {state}, not assessed"
    return barred


def _check_requirements(
    baseline: Baseline, kept: list[str], a: AssumptionSet, horizon_end_year: int
) -> list[str]:
    barred = allowed_to_keep(baseline, a, horizon_end_year)
    unmet = [f"keeps {p}: {barred[p]}" for p in kept if p in barred]
    usable = [p for p in kept if p not in barred]
    catalogue = baseline.platforms.set_index("platform")
    for r in baseline.requirements.itertuples():
        if not any(_satisfies(catalogue.loc[p], r.kind, r.target) for p in usable):
            unmet.append(f"{r.unit}: {r.requirement}")
    return unmet


def _runoff(
    baseline: Baseline,
    retired: list[str],
    start: pd.Timestamp,
    years: np.ndarray,
    staying: list[tuple[str, str]] = (),
) -> tuple[np.ndarray, float]:
    """CHF still due after ``start`` on retired platforms' contracts, by year; and in all.

    Contracts of (unit, platform) pairs in ``staying`` are not retired and not counted.
    """
    lines = baseline.lines
    pairs = pd.MultiIndex.from_arrays([lines["unit"], lines["platform"]])
    lines = lines[
        lines["platform"].isin(retired) & (lines["end_date"] >= start) & ~pairs.isin(list(staying))
    ]
    out = np.zeros(len(years))
    if lines.empty:
        return out, 0.0
    split = split_lines_by_year(lines, baseline.rates)
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


# --- costs, vectorised over assumption draws ---------------------------------------------------


def _as_column(value):
    value = np.asarray(value, dtype="float64")
    return value[..., None] if value.ndim else value


def costs(c: Components, a: dict[str, object], support_cost: float) -> dict[str, np.ndarray]:
    """Licence, support, one-off and total cost by year for assumption values ``a``.

    ``a`` maps names to numbers or to arrays of draws (shape ``(n,)``); results then have
    shape ``(n, H + 1)``.
    """
    t = np.arange(len(c.years))
    g = (1 + _as_column(a["price_growth"])) ** t
    h = (1 + _as_column(a["staff_cost_growth"])) ** t
    f = c.after_start
    ended_early = _as_column(a["terminate_early"])
    licence = (
        g * (c.kept_spend + (1 - f) * c.retired_spend)
        + (1 - ended_early) * c.runoff_actual
        + g * f * c.moved_cost
    )
    saving_share = _as_column(a["support_saving_per_retired_platform_share"]) * c.retired_count
    central = 0.0
    if c.is_centralised:
        central = c.central_cost * (1 - _as_column(a["centralisation_saving_share"])) - support_cost
    support = h * (support_cost - f * saving_share * support_cost + f * central)
    one_off_total = (
        c.seats_moved
        * (
            _as_column(a["migration_cost_chf_per_seat"])
            + _as_column(a["training_cost_chf_per_seat"])
        )
        + (_as_column(a["centralisation_one_off_chf"]) if c.is_centralised else 0.0)
        + ended_early * _as_column(a["early_termination_fee_share"]) * c.remaining_contract_value
    )
    at_start = (t == c.start_index).astype("float64")
    one_off = one_off_total * at_start if c.start_index < len(t) else 0.0 * at_start
    licence, support, one_off = np.broadcast_arrays(licence, support, one_off)
    return {
        "licence": licence,
        "support": support,
        "one_off": one_off,
        "total": licence + support + one_off,
    }


def npv_of_saving(
    scenario: dict[str, np.ndarray], status_quo: dict[str, np.ndarray], discount_rate
) -> np.ndarray:
    """Net present value of status quo − scenario over t = 1..H."""
    saving = status_quo["total"] - scenario["total"]
    t = np.arange(saving.shape[-1])
    discount = (1 + _as_column(discount_rate)) ** -t
    return (saving * discount)[..., 1:].sum(axis=-1)


def payback_year(years: np.ndarray, cumulative: np.ndarray) -> int | None:
    """First year from which the cumulative saving stays above zero; None if never."""
    positive = cumulative > 1e-9
    if not positive[-1]:
        return None
    last_negative = np.flatnonzero(~positive)
    index = last_negative[-1] + 1 if len(last_negative) else 0
    return int(years[index])


def status_quo(baseline: Baseline) -> Scenario:
    """The option that keeps every platform in use and every support team."""
    return Scenario(STATUS_QUO, tuple(baseline.in_use))


def status_quo_of(evaluated: list[Components], baseline: Baseline, a: AssumptionSet) -> Components:
    """The status quo among ``evaluated`` if it is there (it always is in a run), else evaluated."""
    for c in evaluated:
        if c.scenario.name == STATUS_QUO:
            return c
    return evaluate(baseline, status_quo(baseline), a)


def point(a: AssumptionSet) -> dict[str, float]:
    """The central values, as :func:`costs` takes them."""
    return dict(a.value)


def scenario_table(
    evaluated: list[Components], baseline: Baseline, a: AssumptionSet
) -> tuple[pd.DataFrame, dict[str, float]]:
    """``scenarios.csv``: one row per scenario and year; and each scenario's NPV of saving."""
    sq = costs(status_quo_of(evaluated, baseline, a), point(a), baseline.support_cost)
    rows, npvs = [], {}
    for c in evaluated:
        cost = costs(c, point(a), baseline.support_cost)
        saving = sq["total"] - cost["total"]
        cumulative = np.cumsum(saving)
        npvs[c.scenario.name] = float(npv_of_saving(cost, sq, a["discount_rate"]))
        for i, year in enumerate(c.years):
            rows.append(
                (
                    c.scenario.name,
                    int(year),
                    cost["licence"][i],
                    cost["support"][i],
                    cost["one_off"][i],
                    cost["total"][i],
                    saving[i],
                    cumulative[i],
                )
            )
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS), npvs
