"""One option, evaluated: where each retired use goes, and every cost line of it, year by year.

The model starts from the analysed year Y0 ("today") and runs over the horizon t = 1..H
(years Y0+1..Y0+H). For an option keeping the platforms K from its start date s
(a platform past its end of life is retired at its end of life, if that comes first):

- each pair (unit, platform) in use today on a kept platform runs at its run-rate: its
  contracts to their end date, then renewed at the same price a day (growing with
  prices), and its use-driven charges at today's volume;
- each pair on a retired platform runs so until s; after s only its contracts still due
  are paid (or a fee, if the assumptions end them early), and its use moves to the kept
  platform that meets the unit's needs for that function at the least cost over the
  horizon (charges, one-off migration and training, support work), priced like for like
  (:mod:`.moves`). A use with nowhere to go stays, at today's cost, and is named unmet;
- support work moves with the use and stays with the team doing it (:func:`.moves.work_moved`):
  retiring a platform saves no support by itself; centralising merges the teams and saves
  the centralisation share of the work beyond the largest team's on each platform, after
  the moves; staffing rows naming no platform in use save the assumed shares instead.

Every amount is kept as a line of a ledger (step, class, item, source, CHF by year)
before the assumptions that vary are applied, so that :mod:`.costs` can cost thousands of
Monte Carlo draws at once and :mod:`.bridge` can trace every CHF of a saving to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.model.scenarios import moves as mv
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline
from analysis.model.scenarios.requirements import (
    Unmet,
    allowed_to_keep,
    unmet_reasons,
    unmet_requirements,
)
from analysis.periods import days_in_years, year_bounds

BASELINE = "do minimum"
OPTIMAL = "optimal"
# How each class of ledger line is costed (see analysis.model.scenarios.costs), by step.
STEP_OF = {
    "today": "today",
    "existing": "licences",
    "runoff": "licences",
    "renewed": "licences",
    "use": "moved_use",
    "moved": "moved_use",
    "support": "support",
    "overlap": "support",
    "flat_retired": "support",
    "flat_central": "support",
    "seat_one_off": "one_off",
    "fee": "one_off",
    "central_one_off": "one_off",
}
MOVE_COLUMNS = [
    "unit",
    "from_platform",
    "to_platform",
    "measure",
    "quantity",
    "quantity_source",
    "price_chf",
    "price_basis",
    "price_source",
    "annual_cost_chf",
]


@dataclass(frozen=True)
class Scenario:
    """A consolidation option: which platforms to keep, who supports them, from when."""

    name: str
    keep: tuple[str, ...]
    central_unit: str | None = None
    start: pd.Timestamp | None = None
    # the do-minimum option retires only what reaches its end of life, when it does
    end_of_life_only: bool = False


@dataclass(frozen=True)
class Line:
    """One line of an option's ledger: CHF (or seats, for one-offs) by year t = 0..H."""

    klass: str
    item: str
    source: str
    values: np.ndarray = field(compare=False)
    pair: tuple[str, str] | None = None  # the (unit, platform) whose line it is, if any

    @property
    def step(self) -> str:
        """The bridge step the line belongs to."""
        return STEP_OF[self.klass]


@dataclass(frozen=True)
class Components:
    """An option, evaluated before the assumptions that vary are applied.

    Arrays run over t = 0..H (t = 0 is the analysed year, costed as it was).
    """

    scenario: Scenario
    years: np.ndarray
    start_index: int
    after_start: np.ndarray  # share of year t on or after the start
    ledger: tuple[Line, ...]
    moves: pd.DataFrame
    retired: tuple[str, ...]
    unmet: tuple[str, ...]
    # the same as ``unmet``, as data the report can put in any language
    reasons: tuple[Unmet, ...] = ()

    @property
    def start(self) -> pd.Timestamp:
        """When the change starts (:func:`evaluate` always sets it)."""
        assert self.scenario.start is not None
        return self.scenario.start

    @property
    def is_centralised(self) -> bool:
        """Whether support moves into one unit."""
        return self.scenario.central_unit is not None

    @cached_property
    def by_class(self) -> dict[str, np.ndarray]:
        """The ledger summed by class."""
        out: dict[str, np.ndarray] = {k: np.zeros(len(self.years)) for k in STEP_OF}
        for line in self.ledger:
            out[line.klass] = out[line.klass] + line.values
        return out


@dataclass(frozen=True)
class Factors:
    """Discount and growth sums over t = 1..H that rank receivers and price the optimum."""

    prices: float  # G = Σ d_t (1 + price growth)^t
    staff: float  # H = Σ d_t (1 + staff cost growth)^t
    first: float  # D1 = d_1, for one-off costs in the first year
    end_year: int


def factors(baseline: Baseline, a: AssumptionSet) -> Factors:
    """The sums that cost a change starting on 1 January after the analysed year."""
    horizon = int(a["horizon_years"])
    t = np.arange(1, horizon + 1)
    d = (1 + a["discount_rate"]) ** -t.astype(float)
    return Factors(
        prices=float((d * (1 + a["price_growth"]) ** t).sum()),
        staff=float((d * (1 + a["staff_cost_growth"]) ** t).sum()),
        first=float(d[0]),
        end_year=baseline.year + horizon,
    )


def move_value(
    baseline: Baseline, a: AssumptionSet, f: Factors, unit: str, platform: str, receiver: str
) -> float:
    """Present cost over the horizon of moving a use to ``receiver``: what ranks receivers.

    Its charges there and its one-off migration and training. The support work it brings
    is the same wherever it goes (it stays with its team), so it does not rank them.
    """
    return float(
        mv.annual_cost(baseline, unit, platform, receiver) * f.prices
        + mv.seats(baseline, unit, platform)
        * (a["migration_cost_chf_per_seat"] + a["training_cost_chf_per_seat"])
        * f.first
    )


def ranked_receivers(
    baseline: Baseline, a: AssumptionSet, f: Factors, unit: str, platform: str
) -> list[tuple[float, str]]:
    """Every platform that could take a use, cheapest first (ties by name)."""
    return sorted(
        (move_value(baseline, a, f, unit, platform, r), r)
        for r in baseline.platforms["platform"]
        if mv.can_take(baseline, unit, platform, r)
    )


def receiver(
    baseline: Baseline, a: AssumptionSet, f: Factors, unit: str, platform: str, kept: list[str]
) -> str | None:
    """The kept platform a use goes to: the cheapest that can take it (None if none can)."""
    mine = set(kept)
    return next((r for _, r in ranked_receivers(baseline, a, f, unit, platform) if r in mine), None)


def retirement_date(baseline: Baseline, platform: str, start: pd.Timestamp) -> pd.Timestamp:
    """When a retired platform stops: the option's start, or its end of life if earlier."""
    first = pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    end = baseline.end_of_life(platform)
    if end is None:
        return start
    return min(start, max(end + pd.Timedelta(days=1), first))


def evaluate(baseline: Baseline, scenario: Scenario, a: AssumptionSet) -> Components:
    """Work out an option's receivers, ledger and unmet needs; costs come from :mod:`.costs`."""
    horizon = int(a["horizon_years"])
    years = np.arange(baseline.year, baseline.year + horizon + 1)
    start = scenario.start or pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    central = scenario.central_unit is not None
    kept = [p for p in baseline.platforms["platform"] if p in set(scenario.keep)]
    retired = [p for p in baseline.in_use if p not in set(kept)]
    f = factors(baseline, a)
    calendar = _Calendar(years)
    ledger: list[Line] = []
    moves: list[tuple[Any, ...]] = []
    stuck: list[tuple[str, str]] = []
    until = {
        p: retirement_date(baseline, p, FAR if scenario.end_of_life_only else start)
        for p in retired
    }
    goes: dict[tuple[str, str], str] = {}
    for unit, platform in baseline.active_pairs:
        if platform in until:
            target = receiver(baseline, a, f, unit, platform, kept)
            if target is None:
                stuck.append((unit, platform))
            else:
                goes[(unit, platform)] = target
    # a use with nowhere to go stays where it is, at today's cost
    cut = {pair: until[pair[1]] for pair in goes}
    ledger += _pair_lines(baseline, calendar, cut)
    for (unit, platform), target in goes.items():
        share = calendar.after(cut[(unit, platform)])
        for charge in mv.charges(baseline, unit, platform, target) or ():
            item = f"{unit} {platform} → {target}: {charge.measure}"
            source = f"{charge.quantity_source}; price: {charge.price_source}"
            ledger.append(Line("moved", item, source, charge.annual_chf * share))
            moves.append(
                (
                    unit,
                    platform,
                    target,
                    charge.measure,
                    charge.quantity,
                    charge.quantity_source,
                    charge.price_chf,
                    charge.basis,
                    charge.price_source,
                    charge.annual_chf,
                )
            )
        seats = mv.seats(baseline, unit, platform)
        if seats:
            at = calendar.at(cut[(unit, platform)])
            source = baseline.quantity_source.get((unit, platform, "seats"), "")
            ledger.append(
                Line("seat_one_off", f"{unit} {platform} → {target}: seats", source, at * seats)
            )
    retiring = {p: until[p] for p in retired if not any(q == p for _, q in stuck)}
    ledger += _support_lines(baseline, calendar, goes, cut, retiring, start if central else None)
    if central:
        ledger.append(
            Line("central_one_off", "centralising support", "assumption", calendar.at(start))
        )
    reasons = unmet_reasons(baseline, kept, a, int(years[-1]))
    reasons += [Unmet("no_receiver", platform=p, unit=u) for u, p in stuck]
    unmet = unmet_requirements(baseline, kept, a, int(years[-1]))
    unmet += [r.words() for r in reasons if r.kind == "no_receiver"]
    gone = tuple(p for p in retired if not any(q == p for _, q in stuck))
    return Components(
        scenario=Scenario(
            scenario.name, tuple(kept), scenario.central_unit, start, scenario.end_of_life_only
        ),
        years=years,
        start_index=int(start.year - baseline.year),
        after_start=calendar.after(start),
        ledger=tuple(ledger),
        moves=pd.DataFrame(moves, columns=MOVE_COLUMNS),
        retired=gone,
        unmet=tuple(unmet),
        reasons=tuple(reasons),
    )


class _Calendar:
    """Days of each year t = 0..H inside a period, as shares or counts."""

    def __init__(self, years: np.ndarray):
        self.years = years
        self.first, self.last = year_bounds(years)
        self.days = days_in_years(years)
        self.horizon_start = self.first[1] if len(years) > 1 else self.last[0] + 1

    def days_in(self, first: Any, last: Any) -> np.ndarray:
        """Days of each year inside [first, last] (both counted), the analysed year left out."""
        first = max(_day(first), self.horizon_start)
        last = _day(last)
        lo = np.maximum(self.first, first)
        hi = np.minimum(self.last, last)
        return np.clip((hi - lo).astype(int) + 1, 0, None).astype(float)

    def after(self, day: pd.Timestamp) -> np.ndarray:
        """Share of each year on or after ``day`` (0 in the analysed year)."""
        return self.days_in(day, self.last[-1]) / self.days

    def at(self, day: pd.Timestamp) -> np.ndarray:
        """1 in the year of ``day`` (if inside the horizon), else 0."""
        return (self.years == pd.Timestamp(day).year).astype(float) * (
            pd.Timestamp(day).year > self.years[0]
        )


def _day(when: Any) -> np.datetime64:
    """A date as a NumPy day (a Timestamp's own value, without building a ``date``)."""
    if isinstance(when, pd.Timestamp):
        return when.to_datetime64().astype("datetime64[D]")
    return np.datetime64(pd.Timestamp(when).date(), "D")


FAR = pd.Timestamp("2262-04-11")  # the last day pandas can hold: "never"


def _pair_lines(
    baseline: Baseline, calendar: _Calendar, cut: dict[tuple[str, str], pd.Timestamp]
) -> list[Line]:
    """Today's spend, and each pair's contracts, renewals and use-driven charges."""
    lines: list[Line] = []
    today = np.zeros(len(calendar.years))
    today[0] = 1.0
    for row in baseline.pair_rows:
        key = f"{row.unit} {row.platform}"
        if row.spend_chf:
            lines.append(
                Line("today", key, "the analysed year's cost lines", today * row.spend_chf)
            )
        if not row.active:
            continue
        stop = cut.get((row.unit, row.platform))
        before = FAR if stop is None else stop - pd.Timedelta(days=1)
        if row.use_chf:
            use = calendar.days_in(calendar.horizon_start, before) / calendar.days * row.use_chf
            pair = (row.unit, row.platform)
            lines.append(Line("use", f"{key}: use-driven charges", row.use_sources, use, pair))
    for c in baseline.contract_rows:
        key = f"{c.unit} {c.platform}: {c.source}"
        stop = cut.get((c.unit, c.platform))
        before = FAR if stop is None else stop - pd.Timedelta(days=1)
        existing = calendar.days_in(calendar.horizon_start, min(c.end_date, before))
        renewed = calendar.days_in(c.end_date + pd.Timedelta(days=1), before)
        pair = (c.unit, c.platform)
        lines.append(Line("existing", key, c.source, existing * c.daily_chf, pair))
        lines.append(Line("renewed", key, c.source, renewed * c.daily_chf, pair))
        if stop is not None:
            runoff = calendar.days_in(stop, c.end_date)
            remaining = runoff.sum() * c.daily_chf
            lines.append(Line("runoff", key, c.source, runoff * c.daily_chf, pair))
            lines.append(Line("fee", key, c.source, calendar.at(stop) * remaining, pair))
    return lines


def _support_lines(
    baseline: Baseline,
    calendar: _Calendar,
    goes: dict[tuple[str, str], str],
    cut: dict[tuple[str, str], pd.Timestamp],
    retiring: dict[str, pd.Timestamp],
    central_from: pd.Timestamp | None,
) -> list[Line]:
    """Each staffing row's support cost by year, and what centralising saves of it.

    A use's work moves with it to its new platform and stays with the row doing it, so a
    row's cost does not change. Centralising merges the teams that support the same
    platform: on each platform, the work beyond its largest team's (after the moves, year
    by year) is the overlap: the work of the smaller teams' rows there. The centralisation
    share of it is saved.
    """
    n = len(calendar.years)
    lines = []
    today = np.zeros(n)
    today[0] = 1.0
    for row, source, cost in baseline.support_rows:
        lines.append(Line("support", row, source, np.full(n, cost)))
    if central_from is not None:
        lines += _overlap_lines(baseline, calendar, goes, cut, central_from)
    retired_by_year = sum((calendar.after(day) for day in retiring.values()), np.zeros(n))
    after = calendar.after(central_from) if central_from is not None else np.zeros(n)
    for r in records(baseline.unassigned):
        lines.append(Line("support", r.row, r.source, np.full(n, float(r.cost_chf))))
        lines.append(Line("flat_retired", r.row, r.source, retired_by_year * r.cost_chf))
        if central_from is not None:
            lines.append(Line("flat_central", r.row, r.source, after * r.cost_chf))
    return lines


def _overlap_lines(
    baseline: Baseline,
    calendar: _Calendar,
    goes: dict[tuple[str, str], str],
    cut: dict[tuple[str, str], pd.Timestamp],
    central_from: pd.Timestamp,
) -> list[Line]:
    """What centralising merges, by staffing row and year: the overlap after the moves."""
    n = len(calendar.years)
    facts = baseline.row_facts
    team = {row: t for row, (t, _, _) in facts.items()}
    work: dict[tuple[str, str], np.ndarray] = {}  # (row, platform) -> CHF by year
    for platform, supported in baseline.support_on.items():
        for row, cost in supported:
            work[(row, platform)] = work.get((row, platform), np.zeros(n)) + cost
    for (unit, platform), target in goes.items():
        share = calendar.after(cut[(unit, platform)])
        for row, cost in mv.work_moved(baseline, unit, platform).items():
            work[(row, platform)] = work[(row, platform)] - cost * share
            work[(row, target)] = work.get((row, target), np.zeros(n)) + cost * share
    saved: dict[str, np.ndarray] = {}
    beside: dict[str, dict[str, set[str]]] = {}  # row -> platform -> the larger teams there
    for platform in sorted({p for _, p in work}):
        rows = [r for r, p in work if p == platform]
        by_team: dict[str, np.ndarray] = {}
        for row in rows:
            by_team[team[row]] = by_team.get(team[row], np.zeros(n)) + work[(row, platform)]
        names = sorted(by_team)
        largest = np.array([by_team[t] for t in names]).argmax(axis=0)  # year by year
        for row in rows:
            # the overlap is the smaller teams' work: each of their rows merges its own
            smaller = np.array([names[k] != team[row] for k in largest])
            merged = np.where(smaller, work[(row, platform)], 0.0)
            if not merged.any():
                continue
            saved[row] = saved.get(row, np.zeros(n)) + merged
            larger = {names[k] for k, s in zip(largest, smaller) if s}
            beside.setdefault(row, {})[platform] = larger
    after = calendar.after(central_from)
    return [
        Line(
            "overlap",
            _overlap_item(team[row], facts[row][2], beside[row]),
            facts[row][1],
            v * after,
        )
        for row, v in saved.items()
    ]


def _overlap_item(team: str, role: Any, beside: dict[str, set[str]]) -> str:
    """E.g. "TSB Support assistant: work on Interprefy beside GS's team"."""
    where = "; ".join(
        f"{platform} beside {', '.join(sorted(larger))}'s team"
        for platform, larger in beside.items()
    )
    who = f"{team} {role}".strip() if isinstance(role, str) else team
    return f"{who}: work on {where}"


def status_quo(baseline: Baseline) -> Scenario:
    """The do-minimum option: every platform in use kept, but those past their end of life.

    What the organisation must do anyway: a platform whose end of life falls inside the
    horizon is retired then, its use moved by the same rules as any retirement; today's
    support teams stay. Savings are measured against it.
    """
    first = pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    last = baseline.year + (baseline.horizon_years or 10**4)  # unknown horizon: any end
    ending = [
        p
        for p in baseline.in_use
        if (end := baseline.end_of_life(p)) is not None and end.year <= last
    ]
    keep = tuple(p for p in baseline.in_use if p not in ending)
    return Scenario(BASELINE, keep, None, first, end_of_life_only=True)


def barred(baseline: Baseline, a: AssumptionSet) -> dict[str, str]:
    """Platforms that may not be kept over this horizon, with the reason."""
    return allowed_to_keep(baseline, a, baseline.year + int(a["horizon_years"]))
