"""Today, as the options need it: what runs at the end of the analysed year, at what cost.

The baseline is built once from the analysed year Y0 and shared by every option, the
optimiser and the uncertainty analysis. Everything in it comes from input rows, and says
which:

- **Run-rate.** A (unit, platform) pair is in use if one of its cost lines is active on
  the last day of Y0 (31 December). Its fixed charges (licences, subscriptions, hosting,
  hardware: any line whose quantity unit is not an hour or an event) are carried forward
  per day, from the lines active that day; its use-driven charges (hours, events) at
  Y0's volume. A pair whose contracts all ended during Y0 without renewal is not carried
  forward, and its former use is not bought again elsewhere.
- **Demand** of each pair in use, as Usage measures it (active hosts, meetings, meeting
  hours, interpreted hours), else as its cost lines do.
- **Prices** of each platform for each kind of demand (per seat-year, event, hour): its
  observed price in Y0, from its lines (which are named), else its list price.
- **Entitlements**: platforms a unit may use without buying licences.
- **Support work**: each staffing row's cost spread over the platforms it supports that
  are in use, by their use where Usage gives it, else equally. Rows naming no platform in
  use are costed apart and saved by the assumed shares only.

It is frozen; what is derived from it is computed once, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.metadata import reference
from analysis.periods import days_in_years

MEASURES = ("seats", "events", "interpreted_hours", "meeting_hours")
USAGE_MEASURE = {
    "seats": "active_hosts",
    "events": "meetings",
    "interpreted_hours": "interpreted_hours",
    "meeting_hours": "meeting_hours",
}


def measure_of(cost_type: str, demand_unit: str) -> str:
    """Which measure of a use a price per (cost type, demand unit) charges.

    Examples:
        >>> measure_of("licence", "seat"), measure_of("interpretation", "hour")
        ('seats', 'interpreted_hours')
        >>> measure_of("service", "hour"), measure_of("licence", "event")
        ('meeting_hours', 'events')
    """
    if demand_unit == "seat":
        return "seats"
    if demand_unit == "event":
        return "events"
    return "interpreted_hours" if cost_type == "interpretation" else "meeting_hours"


@dataclass(frozen=True, eq=False)
class Baseline:
    """What the analysed year says about today, as the options need it.

    Attributes:
        year: The analysed year Y0.
        pairs: One row per (unit, platform) with spend in Y0 or in use on its last day:
            ``unit``, ``platform``, ``category``, ``active`` (in use on 31 December),
            ``last_day`` (of its last contract), ``spend_chf`` (Y0), ``use_chf`` (its
            use-driven charges a year at Y0's volume), ``use_sources``.
        contracts: The fixed-charge lines active on the last day of Y0: ``unit``,
            ``platform``, ``daily_chf`` (at Y0's rate), ``end_date``, ``source``.
        demand: One row per pair in use and measure (``seats``, ``events``,
            ``interpreted_hours``, ``meeting_hours``): ``quantity`` (NaN where nothing
            measures it) and ``source``.
        prices: CHF per unit of demand on each platform: ``platform``, ``cost_type``,
            ``demand_unit``, ``price_chf``, ``basis`` (observed or list), ``source``.
        entitlements: ``unit``, ``platform``, ``seats`` (inf for all), ``start_date``,
            ``end_date``, ``source``.
        support: Support work: one row per staffing row and platform it supports in use:
            ``row``, ``team`` (the row's unit), ``platform``, ``cost_chf``, ``weight``
            (use or equal), ``source``.
        unassigned: Staffing rows naming no platform in use: ``row``, ``team``,
            ``cost_chf``, ``source`` and its place (``source_file``, ``source_sheet``,
            ``source_row``).
        platforms: The catalogue.
        requirements: ``unit``, ``requirement``, ``kind``, ``target``, ``function``.
        units: Units in the data (candidates to centralise support).
        function_needs: What each function needs of any platform serving it.
    """

    year: int
    pairs: pd.DataFrame
    contracts: pd.DataFrame
    demand: pd.DataFrame
    prices: pd.DataFrame
    entitlements: pd.DataFrame
    support: pd.DataFrame
    unassigned: pd.DataFrame
    platforms: pd.DataFrame
    requirements: pd.DataFrame
    units: list[str]
    function_needs: dict[str, tuple[str, ...]]
    horizon_years: int | None = None  # the years compared; None: the first one only

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day of the analysed year."""
        return pd.Timestamp(year=self.year, month=12, day=31)

    @cached_property
    def catalogue(self) -> dict[str, pd.Series]:
        """Each platform's catalogue row, by name."""
        return {row["platform"]: row for _, row in self.platforms.iterrows()}

    @cached_property
    def pair_rows(self) -> list[Any]:
        """The pairs as records, read once per baseline (options read them many times)."""
        return list(records(self.pairs))

    @cached_property
    def contract_rows(self) -> list[Any]:
        """The contracts as records, read once per baseline."""
        return list(records(self.contracts))

    @cached_property
    def support_on(self) -> dict[str, list[tuple[str, float]]]:
        """Each platform's support work: (staffing row, CHF a year), in table order."""
        out: dict[str, list[tuple[str, float]]] = {}
        for row, platform, cost in zip(
            self.support["row"], self.support["platform"], self.support["cost_chf"]
        ):
            out.setdefault(str(platform), []).append((str(row), float(cost)))
        return out

    @cached_property
    def support_rows(self) -> list[tuple[str, str, float]]:
        """Each staffing row with support work: (row, source, CHF a year), once each."""
        per_row = self.support.groupby(["row", "source"], as_index=False)[["cost_chf"]].sum()
        return [
            (str(r), str(s), float(c))
            for r, s, c in zip(per_row["row"], per_row["source"], per_row["cost_chf"])
        ]

    @cached_property
    def row_facts(self) -> dict[str, tuple[str, str, Any]]:
        """Each staffing row's (team, source, role)."""
        role = self.support["role"] if "role" in self.support else [None] * len(self.support)
        return {
            str(r): (str(t), str(s), o)
            for r, t, s, o in zip(
                self.support["row"], self.support["team"], self.support["source"], role
            )
        }

    @cached_property
    def category_of(self) -> dict[str, str]:
        """Each platform's category (its function), by name."""
        return dict(zip(self.platforms["platform"], self.platforms["category"]))

    @cached_property
    def active_pairs(self) -> list[tuple[str, str]]:
        """The (unit, platform) pairs in use on the last day of Y0, sorted."""
        active = self.pairs[self.pairs["active"].astype(bool)]
        return sorted(zip(active["unit"], active["platform"]))

    @cached_property
    def in_use(self) -> list[str]:
        """Platforms in use on the last day of Y0, in catalogue order."""
        used = {p for _, p in self.active_pairs}
        return [p for p in self.platforms["platform"] if p in used]

    @cached_property
    def quantity(self) -> dict[tuple[str, str, str], float]:
        """Demand by (unit, platform, measure); NaN where nothing measures it."""
        return {
            (u, p, m): float(q)
            for u, p, m, q in zip(
                self.demand["unit"],
                self.demand["platform"],
                self.demand["measure"],
                self.demand["quantity"],
            )
        }

    @cached_property
    def quantity_source(self) -> dict[tuple[str, str, str], str]:
        """Where each demand quantity comes from, by (unit, platform, measure)."""
        return {
            (u, p, m): s
            for u, p, m, s in zip(
                self.demand["unit"],
                self.demand["platform"],
                self.demand["measure"],
                self.demand["source"],
            )
        }

    @cached_property
    def price_keys(self) -> dict[str, list[tuple[str, str, float, str, str]]]:
        """What each platform charges by: (cost type, demand unit, CHF, basis, source)."""
        out: dict[str, list[tuple[str, str, float, str, str]]] = {}
        for row in records(self.prices):
            out.setdefault(row.platform, []).append(
                (row.cost_type, row.demand_unit, float(row.price_chf), row.basis, row.source)
            )
        return out

    @cached_property
    def entitled_seats(self) -> dict[tuple[str, str], tuple[float, str]]:
        """Seats each unit may move to a platform without buying licences, with the source.

        See :meth:`entitlement_notes` for the rules; an entitlement they leave out is
        priced as bought, never assumed held.
        """
        return {
            key: (seats, source)
            for key, (seats, source, why) in self._entitlements.items()
            if why is None
        }

    def entitlement_notes(self) -> list[tuple[str, str]]:
        """Each entitlement not counted, with why: (its source, the reason).

        One counts for moved seats only if it runs from the first day compared to the last
        (an entitlement ending sooner would make the later years' seats free unseen), and,
        when it gives a number of seats, if those beyond the seats the unit already holds
        on the platform cover every seat the unit's other uses could move there (otherwise
        which moves it would cover depends on the option; they are priced as bought).
        """
        return [(source, why) for _, (_, source, why) in self._entitlements.items() if why]

    @cached_property
    def _entitlements(self) -> dict[tuple[str, str], tuple[float, str, str | None]]:
        first = pd.Timestamp(year=self.year + 1, month=1, day=1)
        last = pd.Timestamp(year=self.year + (self.horizon_years or 1), month=12, day=31)
        out: dict[tuple[str, str], tuple[float, str, str | None]] = {}
        for row in records(self.entitlements):
            key = (row.unit, row.platform)
            starts = pd.isna(row.start_date) or row.start_date <= first
            ends = pd.isna(row.end_date) or row.end_date >= last
            why = None
            if not starts:
                why = (
                    f"it starts on {row.start_date:%Y-%m-%d}, after the first day compared "
                    f"({first:%Y-%m-%d})"
                )
            elif not ends:
                why = (
                    f"it ends on {row.end_date:%Y-%m-%d}, before the last day compared "
                    f"({last:%Y-%m-%d})"
                )
            seats, _, before = out.get(key, (0.0, "", None))
            out[key] = (seats + (0.0 if why else float(row.seats)), row.source, before or why)
        for (unit, platform), (seats, source, why) in list(out.items()):
            if why or np.isinf(seats):
                continue
            held = (
                self.quantity.get((unit, platform, "seats"), np.nan)
                if (
                    unit,
                    platform,
                )
                in set(self.active_pairs)
                else 0.0
            )
            held = 0.0 if np.isnan(held) else held
            movable = sum(
                q
                for (u, p, m), q in self.quantity.items()
                if u == unit
                and p != platform
                and m == "seats"
                and not np.isnan(q)
                and (u, p) in set(self.active_pairs)
            )
            if movable > seats - held:
                why = (
                    f"its {seats:g} seats, less the {held:g} {unit} holds on {platform} today, "
                    f"do not cover the {movable:g} seats its other platforms could move there"
                )
                out[(unit, platform)] = (0.0, source, why)
            else:
                out[(unit, platform)] = (seats - held, source, None)
        return out

    @cached_property
    def work(self) -> dict[str, float]:
        """Support work (CHF a year) on each platform in use."""
        totals = self.support.groupby("platform")["cost_chf"].sum()
        return {str(p): float(v) for p, v in totals.items()}

    @cached_property
    def use_hours(self) -> dict[str, float]:
        """Meeting hours of each platform in use, all units together; NaN if any is unknown."""
        out = {}
        for platform in self.in_use:
            hours = [
                self.quantity.get((u, p, "meeting_hours"), np.nan)
                for u, p in self.active_pairs
                if p == platform
            ]
            out[platform] = float(np.sum(hours)) if not np.isnan(hours).any() else np.nan
        return out

    @cached_property
    def overlap_share(self) -> dict[str, float]:
        """Share of each platform's support work beyond its largest team's.

        The part that centralising merges.
        """
        out = {}
        for platform, rows in self.support.groupby("platform"):
            by_team = rows.groupby("team")["cost_chf"].sum()
            total = float(by_team.sum())
            out[str(platform)] = 1 - float(by_team.max()) / total if total > 0 else 0.0
        return out

    @property
    def support_cost(self) -> float:
        """Today's support cost S0: every staffing row of the support year."""
        return float(self.support["cost_chf"].sum() + self.unassigned["cost_chf"].sum())

    def end_of_life(self, platform: str) -> pd.Timestamp | None:
        """The platform's end of life, if its vendor retires it."""
        end = self.catalogue[platform].get("end_of_life")
        return None if end is None or pd.isna(end) else pd.Timestamp(end)


# --- building it from the analysis's tables ----------------------------------------------------


SHOWN_ROWS = 12  # rows named in a source before "and N more"


def _rows_text(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    word = "row" if len(numbers) == 1 else "rows"
    shown = ", ".join(map(str, numbers[:SHOWN_ROWS]))
    more = f" and {len(numbers) - SHOWN_ROWS:,} more" if len(numbers) > SHOWN_ROWS else ""
    return f"{word} {shown}{more}"


def source_of(rows: pd.DataFrame) -> str:
    """Name input rows compactly: ``costs.xlsx, Licences, rows 3, 5``.

    Examples:
        >>> source_of(pd.DataFrame({"source_file": ["a.xlsx"] * 2,
        ...     "source_sheet": ["Licences"] * 2, "source_row": [5, 3]}))
        'a.xlsx, Licences, rows 3, 5'
    """
    parts = []
    for (file, sheet), group in rows.groupby(["source_file", "source_sheet"], sort=True):
        where = f"{file}, {sheet}" if sheet else str(file)
        parts.append(f"{where}, {_rows_text(group['source_row'].astype(int).tolist())}")
    return "; ".join(parts)


def sources_by(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """:func:`source_of` for each group of ``rows`` by ``keys``, at once."""
    if rows.empty:
        return pd.Series(dtype=object)
    grouped = rows.groupby([*keys, "source_file", "source_sheet"], sort=True)["source_row"].agg(
        lambda r: _rows_text(r.astype(int).tolist())
    )
    frame = grouped.reset_index()
    where = np.where(
        frame["source_sheet"].astype(str) != "",
        frame["source_file"].astype(str) + ", " + frame["source_sheet"].astype(str),
        frame["source_file"].astype(str),
    )
    frame["text"] = [f"{w}, {r}" for w, r in zip(where, frame["source_row"])]
    return frame.groupby(keys, sort=True)["text"].agg("; ".join)


def line_kinds(lines: pd.DataFrame) -> pd.DataFrame:
    """Each line's demand unit and whether it is use-driven (hours, events) or fixed."""
    kinds = reference.quantity_units()
    key = lines["quantity_unit"].astype("string").str.strip().str.lower()
    known = key.isin(list(kinds.index)).fillna(False).astype(bool) & lines["quantity"].notna()
    demand_unit = key.map(kinds["demand_unit"]).where(known)
    use = (key.map(kinds["kind"]) == "consumption").fillna(False).astype(bool) & known
    return lines.assign(demand_unit=demand_unit.astype(object), is_use=use.to_numpy())


def build_baseline(
    year: int,
    line_years: pd.DataFrame,
    rates: pd.DataFrame,
    support_costs: pd.DataFrame,
    platforms: pd.DataFrame,
    requirements: pd.DataFrame,
    usage: pd.DataFrame,
    entitlements: pd.DataFrame,
    horizon_years: int | None = None,
) -> Baseline:
    """Gather today's run-rate, demand, prices, entitlements and support work."""
    today, whole, active_lines, active = _lines_of(year, line_years)
    pairs = _pairs(today, whole, active)
    contracts = _contracts(active_lines[~active_lines["is_use"]], rates, year)
    spent = set(zip(today["unit"], today["platform"]))
    demand = _demand(today, active_lines, usage, year, platforms, active | spent)
    prices = _prices(today, platforms, usage)
    staff = _support_year(support_costs, year)
    support, unassigned = _support_work(staff, usage, year, {p for _, p in active})
    units = sorted(set(line_years["unit"]) | set(staff["unit"]))
    functions = reference.functions()
    return Baseline(
        year=year,
        pairs=pairs,
        contracts=contracts,
        demand=demand,
        prices=prices,
        entitlements=_entitlements(entitlements),
        support=support,
        unassigned=unassigned,
        platforms=platforms.reset_index(drop=True),
        requirements=requirements.reset_index(drop=True),
        units=units,
        function_needs={
            str(f): tuple(n.strip() for n in str(needs).split(",") if n.strip())
            for f, needs in functions["needs"].items()
        },
        horizon_years=horizon_years,
    )


def reprice(
    baseline: Baseline,
    line_years: pd.DataFrame,
    rates: pd.DataFrame,
    platforms: pd.DataFrame,
    usage: pd.DataFrame,
) -> Baseline:
    """The baseline with its amounts taken again from ``line_years`` and the catalogue.

    For cost lines whose amounts changed but whose units, platforms, dates and quantities
    did not (a what-if on prices): today's spend, the contracts and the prices are worked
    out again exactly as :func:`build_baseline` does; demand, entitlements and support
    work, which depend on none of the amounts, are kept.
    """
    today, _, active_lines, _ = _lines_of(baseline.year, line_years)
    # the same pairs, with their amounts worked out again as _pairs does
    pairs = baseline.pairs.set_index(["unit", "platform"])
    spend, use = _pair_amounts(today, pairs.index)
    pairs = pairs.assign(spend_chf=spend, use_chf=use).reset_index()
    # the places a source names do not change with the amounts: reuse their text
    price_sources = dict(
        zip(
            zip(
                baseline.prices["platform"],
                baseline.prices["cost_type"],
                baseline.prices["demand_unit"],
            ),
            baseline.prices["source"],
        )
    )
    return replace(
        baseline,
        pairs=pairs,
        contracts=_contracts(active_lines[~active_lines["is_use"]], rates, baseline.year),
        prices=_prices(today, platforms, usage, price_sources),
        platforms=platforms.reset_index(drop=True),
    )


def _lines_of(
    year: int, line_years: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """Y0's line-years, every line once, the lines active on Y0's last day, their pairs."""
    last_day = pd.Timestamp(year=year, month=12, day=31)
    lines = line_kinds(line_years)
    today = lines[lines["year"] == year]
    # every line once (not once per year), to know what is active on the last day
    whole = lines.drop_duplicates(["source_file", "source_sheet", "source_row"])
    active_lines = whole[(whole["start_date"] <= last_day) & (whole["end_date"] >= last_day)]
    active = set(zip(active_lines["unit"], active_lines["platform"]))
    return today, whole, active_lines, active


def _pair_amounts(today: pd.DataFrame, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Each pair's spend in Y0 and the use-driven part of it, on ``index``."""
    keys = ["unit", "platform"]
    spent = today.groupby(keys)["amount_chf"].sum()
    use = today[today["is_use"]].groupby(keys)["amount_chf"].sum()
    return (
        spent.reindex(index).fillna(0.0).astype(float),
        use.reindex(index).fillna(0.0).astype(float),
    )


def _pairs(today: pd.DataFrame, whole: pd.DataFrame, active: set[tuple[str, str]]) -> pd.DataFrame:
    keys = ["unit", "platform"]
    spent = set(zip(today["unit"], today["platform"]))
    use_lines = today[today["is_use"]]
    index = pd.MultiIndex.from_tuples(sorted(spent | active), names=keys)
    facts = whole.groupby(keys).agg(category=("category", "first"), last_day=("end_date", "max"))
    out = pd.DataFrame(index=index)
    out["category"] = facts["category"].reindex(index)
    out["active"] = [pair in active for pair in index]
    out["last_day"] = facts["last_day"].reindex(index)
    out["spend_chf"], out["use_chf"] = _pair_amounts(today, index)
    out["use_sources"] = sources_by(use_lines, keys).reindex(index).fillna("")
    return out.reset_index()


def _contracts(fixed: pd.DataFrame, rates: pd.DataFrame, year: int) -> pd.DataFrame:
    """Fixed-charge lines active on the last day of Y0, each as CHF a day at Y0's rate."""
    table = rates.assign(year=rates["year"].astype("int64")).set_index(["currency", "year"])
    rate = [
        1.0 if c == "CHF" else float(table["chf_per_unit"].get((c, year), np.nan))
        for c in fixed["currency"]
    ]
    out = fixed.assign(
        daily_chf=fixed["amount"].to_numpy(dtype=float) * np.array(rate) / fixed["total_days"],
        source=_each_row(fixed),
    )
    return out[["unit", "platform", "daily_chf", "start_date", "end_date", "source"]].reset_index(
        drop=True
    )


def _each_row(rows: pd.DataFrame) -> list[str]:
    """:func:`source_of` of each row alone."""
    sheet = rows["source_sheet"].astype(str)
    where = np.where(
        sheet != "", rows["source_file"].astype(str) + ", " + sheet, rows["source_file"].astype(str)
    )
    return [f"{w}, row {int(r)}" for w, r in zip(where, rows["source_row"])]


def _demand(
    today: pd.DataFrame,
    active_lines: pd.DataFrame,
    usage: pd.DataFrame,
    year: int,
    platforms: pd.DataFrame,
    pairs: set[tuple[str, str]],
) -> pd.DataFrame:
    """Each pair's demand, measure by measure: Usage where it says, else its cost lines.

    Seats are those held on the last day of Y0, else (a pair whose seats ended during
    the year) the seat-years of Y0.
    """
    keys = ["unit", "platform"]
    index = pd.MultiIndex.from_tuples(sorted(pairs), names=keys)
    days = days_in_years(np.array([year]))[0]
    share = today["days_in_year"] / today["total_days"]
    seat = today["demand_unit"] == "seat"
    hour = today["demand_unit"] == "hour"
    interpretation = today["cost_type"] == "interpretation"
    from_lines = {
        "events": (today["demand_unit"] == "event", share),
        "interpreted_hours": (hour & interpretation, share),
        "meeting_hours": (hour & ~interpretation, share),
    }
    found: dict[str, tuple[pd.Series, pd.Series]] = {}
    for measure, (mask, weight) in from_lines.items():
        lines = today[mask].assign(q=today.loc[mask, "quantity"] * weight[mask])
        found[measure] = (
            lines.groupby(keys)["q"].sum().reindex(index),
            sources_by(lines, keys).reindex(index),
        )
    held = active_lines[active_lines["demand_unit"] == "seat"]
    years = today[seat].assign(
        q=today.loc[seat, "quantity"] * today.loc[seat, "days_in_year"] / days
    )
    held_q = held.groupby(keys)["quantity"].sum().reindex(index)
    year_q = years.groupby(keys)["q"].sum().reindex(index)
    found["seats"] = (
        held_q.fillna(year_q),
        sources_by(held, keys).reindex(index).fillna(sources_by(years, keys).reindex(index)),
    )
    used = usage[usage["year"] == year] if not usage.empty else usage
    interprets = dict(zip(platforms["platform"], platforms.get("interpretation", pd.Series())))
    columns = []
    for measure in MEASURES:
        quantity, source = found[measure]
        quantity, source = quantity.astype(float), source.astype(object).fillna("")
        column = USAGE_MEASURE[measure]
        if not used.empty and column in used:
            given = used[used[column].notna()]
            measured = given.set_index(keys)[column].astype(float).reindex(index)
            where = sources_by(given, keys).reindex(index)
            quantity = measured.fillna(quantity)
            source = where.where(measured.notna(), source).fillna("")
        if measure == "interpreted_hours":
            none = [not is_yes(interprets.get(p)) for _, p in index]
            unknown = quantity.isna() & np.array(none, dtype=bool)
            quantity = quantity.mask(unknown, 0.0)
            source = source.mask(unknown, "the platform offers no interpretation")
        columns.append(
            pd.DataFrame({"measure": measure, "quantity": quantity, "source": source}, index=index)
        )
    out = pd.concat(columns).reset_index()
    order = {m: i for i, m in enumerate(MEASURES)}
    out = out.assign(_m=out["measure"].map(order)).sort_values(["unit", "platform", "_m"])
    return out.drop(columns="_m").reset_index(drop=True)[
        ["unit", "platform", "measure", "quantity", "source"]
    ]


def _prices(
    today: pd.DataFrame,
    platforms: pd.DataFrame,
    usage: pd.DataFrame,
    known: dict[tuple[str, str, str], str] | None = None,
) -> pd.DataFrame:
    """CHF per seat-year, meeting or hour on each platform: observed in Y0, else list price.

    A list price is a price for the kind of use of its unit only, where the platform has no
    observed price for that kind. A seat held for half the year counts as half a
    seat-year; an hour counts in the year its line's share falls in.

    A moved use's meetings are its events, so a price per event is a price per meeting:
    the event charges of the units that bought them ÷ those units' meetings on the platform
    (Usage), where Usage gives them for every such unit; else ÷ the events bought.

    ``known``: each price's source text, by (platform, cost type, demand unit), where the
    same lines and Usage rows were read before (a what-if on amounts).
    """
    known = known or {}
    rows = today[today["demand_unit"].notna()].copy()
    days = days_in_years(rows["year"].to_numpy())
    share = np.where(
        rows["is_use"], rows["days_in_year"] / rows["total_days"], rows["days_in_year"] / days
    )
    rows["quantity_in_year"] = rows["quantity"] * share
    out: list[tuple[str, str, str, float, str, str]] = []
    for (platform, cost_type, unit), group in rows.groupby(
        ["platform", "cost_type", "demand_unit"], sort=True
    ):
        key = (str(platform), str(cost_type), str(unit))
        quantity = float(group["quantity_in_year"].sum())
        said = known.get(key)
        source = said or source_of(group)
        if unit == "event":
            meetings, where = _meetings(usage, today, str(platform), group, said is None)
            if meetings > 0:
                quantity, source = meetings, said or f"{source}; meetings: {where}"
        if quantity > 0:
            price = float(group["amount_chf"].sum()) / quantity
            out.append((*key, price, "observed", source))
    observed = {(p, measure_of(c, u)) for p, c, u, *_ in out}
    kinds = reference.quantity_units()
    if "list_price_chf" in platforms:
        for p in records(platforms):
            unit = str(p.list_price_unit).strip().lower()
            if pd.isna(p.list_price_chf) or unit not in kinds.index:
                continue
            demand_unit = str(kinds.loc[unit, "demand_unit"])
            cost_type = (
                "interpretation"
                if demand_unit == "hour" and is_yes(getattr(p, "interpretation", None))
                else "licence"
            )
            if (p.platform, measure_of(cost_type, demand_unit)) in observed:
                continue  # the platform's own price for that kind of use comes first
            key = (str(p.platform), cost_type, demand_unit)
            source = known.get(key) or f"list price ({source_of(platforms.loc[[p.Index]])})"
            price = float(p.list_price_chf)
            out.append((p.platform, cost_type, demand_unit, price, "list", source))
    columns = ["platform", "cost_type", "demand_unit", "price_chf", "basis", "source"]
    return pd.DataFrame(out, columns=columns)


def _meetings(
    usage: pd.DataFrame,
    today: pd.DataFrame,
    platform: str,
    events: pd.DataFrame,
    say_where: bool = True,
) -> tuple[float, str]:
    """Meetings held on ``platform`` in Y0 by the units that bought its events (0 if unknown)."""
    if usage.empty or "meetings" not in usage:
        return 0.0, ""
    year = int(today["year"].iloc[0]) if not today.empty else 0
    units = set(events["unit"])
    rows = usage[
        (usage["year"] == year) & (usage["platform"] == platform) & usage["unit"].isin(units)
    ]
    if set(rows.loc[rows["meetings"].notna(), "unit"]) != units:
        return 0.0, ""
    return float(rows["meetings"].sum()), source_of(rows) if say_where else ""


def _entitlements(entitlements: pd.DataFrame) -> pd.DataFrame:
    columns = ["unit", "platform", "seats", "start_date", "end_date", "source"]
    if entitlements.empty:
        return pd.DataFrame(columns=columns)
    source = [
        f"{s if isinstance(s, str) else ''} ({source_of(entitlements.loc[[i]])})".strip()
        for i, s in zip(entitlements.index, entitlements["source"])
    ]
    return entitlements.assign(seats=entitlements["seat_count"], source=source)[columns]


def _support_year(support_costs: pd.DataFrame, year: int) -> pd.DataFrame:
    """The staffing rows of the latest year up to Y0 (the support teams of today)."""
    years = sorted(support_costs["year"].unique()) if not support_costs.empty else []
    chosen = max([y for y in years if y <= year], default=None)
    return support_costs[support_costs["year"] == chosen] if chosen else support_costs[:0]


def _support_work(
    staff: pd.DataFrame, usage: pd.DataFrame, year: int, in_use: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spread each staffing row's cost over the platforms it supports that are in use.

    By the row's unit's meeting hours on each (Usage), when Usage gives them for all of
    them, else equally.
    """
    hours: dict[tuple[str, str], float] = {}
    if not usage.empty and "meeting_hours" in usage:
        mine = usage[(usage["year"] == year) & usage["meeting_hours"].notna()]
        hours = {
            (u, p): float(h)
            for u, p, h in zip(mine["unit"], mine["platform"], mine["meeting_hours"])
        }
    work, unassigned = [], []
    for row in records(staff):
        source = source_of(pd.DataFrame([row._asdict()]))
        listed = [p for p in str(row.platforms or "").split(";") if p]
        supported = [p for p in listed if p in in_use]
        if not supported:
            place = (row.source_file, row.source_sheet, row.source_row)
            unassigned.append((source, row.unit, float(row.cost_chf), source, *place))
            continue
        weights = [hours.get((row.unit, p), np.nan) for p in supported]
        basis = "use"
        if np.isnan(weights).any() or sum(weights) <= 0:
            weights, basis = [1.0] * len(supported), "equal"
        total = float(sum(weights))
        for platform, weight in zip(supported, weights):
            cost = float(row.cost_chf) * weight / total
            role = getattr(row, "role", "")
            work.append((source, row.unit, role, platform, cost, basis, source))
    support = pd.DataFrame(
        work, columns=["row", "team", "role", "platform", "cost_chf", "weight", "source"]
    )
    rest = pd.DataFrame(
        unassigned,
        columns=["row", "team", "cost_chf", "source", "source_file", "source_sheet", "source_row"],
    )
    return support, rest


def is_yes(value: Any) -> bool:
    """Whether a catalogue yes/no cell says yes (empty is no)."""
    return value is not None and not pd.isna(value) and bool(value)
