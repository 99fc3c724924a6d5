"""The best platform set: an exact mixed-integer program, and brute force to check it.

Chooses which platforms to keep, where each retired use goes, and whether to centralise
support, minimising the discounted total cost over the horizon (one-off costs included)
for a change starting on 1 January after the analysed year, subject to every unit's needs.
The objective is built from the same ledger lines (:mod:`.evaluate`) and multipliers
(:mod:`.costs`) every option is costed with, so the chosen set, evaluated as an option,
costs exactly what the optimiser says; a test compares it with trying every keep-set.

It is solved twice, with support centralised and without (what centralising saves is
then linear in the rest), and the cheaper answer kept. Variables: ``x_p`` keep platform
p; ``y_gr`` move use g (a unit's use of a platform) to platform r. Constraints:

- each use of a retired platform goes to exactly one kept platform that meets the
  unit's needs for its function and can price it: Σ_r y_gr + x_p(g) = 1, y_gr ≤ x_r;
- each unit's need for each function is met by some kept platform: Σ_{p meets} x_p ≥ 1;
- platforms that may not be kept (end of life inside the horizon, data protection not
  assessed) have x_p = 0.

Which unit support is centralised in does not change the cost (staff are costed by
grade, the same in every unit); the unit with the most support work today is named.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.model import scenarios as sc
from analysis.model.scenarios import moves as mv
from analysis.model.scenarios.bridge import line_values
from analysis.model.scenarios.costs import discount, multipliers
from analysis.model.scenarios.evaluate import _Calendar, _pair_lines, factors, ranked_receivers
from analysis.model.scenarios.requirements import meets, needs

# A kept platform that nobody uses costs nothing; this tie-break prefers fewer platforms.
KEEP_TIE_BREAK_CHF = 0.01


@dataclass(frozen=True)
class Choice:
    """The optimiser's answer."""

    scenario: sc.Scenario
    cost_npv_chf: float  # discounted total cost over t = 1..H, one-off included
    status: str


def discounted_cost(c: sc.Components, a: sc.AssumptionSet) -> float:
    """Discounted total cost over t = 1..H of an evaluated option, one-off included."""
    return float(sum(line_values(c, a).values()))


def central_unit(baseline: sc.Baseline) -> str | None:
    """The unit with the most support work today (first by name on a tie)."""
    return _central_unit(baseline)


@lru_cache(maxsize=64)  # keyed by its argument: a baseline is hashed by identity
def _central_unit(baseline: sc.Baseline) -> str | None:
    teams = pd.concat(
        [
            baseline.support[["team", "cost_chf"]],
            baseline.unassigned[["team", "cost_chf"]],
        ]
    )
    if teams.empty:
        return baseline.units[0] if baseline.units else None
    totals = teams.groupby("team")["cost_chf"].sum()
    return str(sorted(totals.index, key=lambda u: (-totals[u], u))[0])


def optimise(baseline: sc.Baseline, a: sc.AssumptionSet) -> Choice | None:
    """Solve for the cheapest keep-set and support set-up that meets every need.

    Returns None when no keep-set can meet every need.
    """
    f = factors(baseline, a)
    start = pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    platforms = list(baseline.platforms["platform"])
    col = {p: i for i, p in enumerate(platforms)}
    barred = sc.allowed_to_keep(baseline, a, f.end_year)
    keepable = np.array([p not in barred for p in platforms])
    able = {
        need: [col[p] for p in platforms if keepable[col[p]] and meets(baseline, p, *need)]
        for need in needs(baseline)
    }
    if not all(able.values()):
        return None
    keep_cost, retire_cost = _platform_costs(baseline, a, platforms, start)
    # every use, and the keepable platforms that could take it, cheapest first
    moves: list[Move] = []
    for use, (unit, platform) in enumerate(baseline.active_pairs):
        work: dict[str, float] = {}
        for row, cost in mv.work_moved(baseline, unit, platform).items():
            team = baseline_team(baseline, row)
            work[team] = work.get(team, 0.0) + cost
        ranked = [
            (value, col[r])
            for value, r in ranked_receivers(baseline, a, f, unit, platform)
            if keepable[col[r]]
        ]
        for rank, (value, r) in enumerate(ranked):
            moves.append(Move(use, col[platform], r, rank, value, work))
    best: tuple[tuple[str, ...], float, bool] | None = None
    for central in (False, True):
        found = _solve(
            baseline, a, f, platforms, keepable, able, keep_cost, retire_cost, moves, central
        )
        if found is not None and (best is None or found[1] < best[1] - 1e-9):
            best = (found[0], found[1], central)
    if best is None:
        return None
    keep, objective, central = best
    chosen_unit = central_unit(baseline) if central else None
    return Choice(sc.Scenario(sc.OPTIMAL, keep, chosen_unit, start), objective, "optimal")


@dataclass(frozen=True)
class Move:
    """A use that may go to a receiver: its rank among the receivers, its cost, its work."""

    use: int
    home: int  # the platform it is on
    receiver: int
    rank: int  # 0: the cheapest receiver
    value: float  # present cost of the move: charges and one-offs
    work: dict[str, float]  # support work it brings, by team


def baseline_team(baseline: sc.Baseline, row: str) -> str:
    """The team (unit) of a staffing row."""
    return str(_teams(baseline)[row])


@lru_cache(maxsize=64)
def _teams(baseline: sc.Baseline) -> dict[str, str]:
    return dict(zip(baseline.support["row"], baseline.support["team"]))


def _solve(
    baseline: sc.Baseline,
    a: sc.AssumptionSet,
    f: Any,
    platforms: list[str],
    keepable: np.ndarray,
    able: dict[tuple[str, str], list[int]],
    keep_cost: dict[str, float],
    retire_cost: dict[str, float],
    moves: list[Move],
    central: bool,
) -> tuple[tuple[str, ...], float] | None:
    """The cheapest keep-set with support centralised or not; None if no set meets all needs.

    Each use goes to its cheapest kept receiver (closest-assignment rows: if a cheaper
    receiver is kept, no worse one takes it), as an option is evaluated. Centralised, the
    merged overlap is the work beyond the largest team's on each platform: the objective
    pays b·H·Σ_r m_r with m_r ≥ each team's work on r, so m_r is the largest team's.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # only runs that optimise pay
    from scipy.sparse import coo_array

    b = a["centralisation_saving_share"] if central else 0.0
    n, m = len(platforms), len(moves)
    col = {p: i for i, p in enumerate(platforms)}
    flat_rows = float(baseline.unassigned["cost_chf"].sum())
    retired_flat = a["support_saving_per_retired_platform_share"] * flat_rows * f.staff
    keep = np.array([keep_cost[p] - retire_cost[p] + KEEP_TIE_BREAK_CHF for p in platforms])
    for p in baseline.in_use:  # a retired platform saves the assumed share of those rows
        keep[col[p]] += retired_flat
    constant = (
        sum(retire_cost.values())
        - retired_flat * len(baseline.in_use)
        + baseline.support_cost * f.staff
    )
    rows_: list[np.ndarray] = []
    cols_: list[np.ndarray] = []
    vals_: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(columns: list[int], values: list[float], lo: float, hi: float) -> None:
        rows_.append(np.full(len(columns), len(lower)))
        cols_.append(np.array(columns, dtype=int))
        vals_.append(np.array(values, dtype=float))
        lower.append(lo)
        upper.append(hi)

    by_use: dict[int, list[int]] = {}
    for k, move in enumerate(moves):
        by_use.setdefault(move.use, []).append(k)
        row([n + k, move.receiver], [1.0, -1.0], -np.inf, 0.0)  # y ≤ x_receiver
    for ks in by_use.values():
        home = moves[ks[0]].home
        row([home, *(n + k for k in ks)], [1.0] * (1 + len(ks)), 1.0, 1.0)
        for k in ks:  # if this receiver is kept, no worse one takes the use
            worse = [n + j for j in ks if moves[j].rank > moves[k].rank]
            if worse:
                row([moves[k].receiver, *worse], [1.0] * (1 + len(worse)), -np.inf, 1.0)
    for use, (_, platform) in enumerate(baseline.active_pairs):
        if use not in by_use:  # a use with nowhere to go keeps its platform
            row([col[platform]], [1.0], 1.0, 1.0)
    for columns in able.values():
        row(columns, [1.0] * len(columns), 1.0, np.inf)
    cost = [*keep, *(move.value for move in moves)]
    integer = [1.0] * n + [0.0] * m
    bound_upper = [*keepable.astype(float), *([1.0] * m)]
    if central:
        constant += a["centralisation_one_off_chf"] * f.first - b * flat_rows * f.staff
        constant -= b * float(baseline.support["cost_chf"].sum()) * f.staff
        today = baseline.support.groupby(["platform", "team"], as_index=False)["cost_chf"].sum()
        teams_on: dict[int, dict[str, list[tuple[int, float]]]] = {}
        for platform, team, cost_today in zip(today["platform"], today["team"], today["cost_chf"]):
            teams_on.setdefault(col[str(platform)], {}).setdefault(str(team), []).append(
                (col[str(platform)], float(cost_today))
            )
        for k, move in enumerate(moves):
            for team, work in move.work.items():
                teams_on.setdefault(move.receiver, {}).setdefault(team, []).append((n + k, work))
        for teams in teams_on.values():
            mr = len(cost)
            cost.append(b * f.staff)
            integer.append(0.0)
            bound_upper.append(np.inf)
            for terms in teams.values():  # m_r ≥ the team's work on r
                row(
                    [mr, *(c for c, _ in terms)],
                    [1.0, *(-w for _, w in terms)],
                    0.0,
                    np.inf,
                )
    constraints = []
    if lower:  # none when no use is in play and nothing is needed
        matrix = coo_array(
            (np.concatenate(vals_), (np.concatenate(rows_), np.concatenate(cols_))),
            shape=(len(lower), len(cost)),
        ).tocsr()
        constraints.append(LinearConstraint(matrix, lower, upper))
    result = milp(
        c=np.array(cost),
        constraints=constraints,
        integrality=np.array(integer),
        bounds=Bounds(np.zeros(len(cost)), np.array(bound_upper)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible
        return None
    if result.status != 0:
        raise RuntimeError(f"the optimiser did not finish: {result.message}")
    chosen = result.x[:n].round().astype(int)
    kept = tuple(p for p in platforms if chosen[col[p]])
    return kept, float(result.fun) + constant - KEEP_TIE_BREAK_CHF * len(kept)


def _platform_costs(
    baseline: sc.Baseline, a: sc.AssumptionSet, platforms: list[str], start: pd.Timestamp
) -> tuple[dict[str, float], dict[str, float]]:
    """Present cost of each platform's own lines if kept, and if retired on ``start``.

    Kept: its pairs' contracts, renewals and use-driven charges. Retired: the run-off of
    its contracts (or the fee to end them early). The moves of its uses, with their
    support work and one-off costs, are costed by the move variables.
    """
    calendar = _Calendar(np.arange(baseline.year, baseline.year + int(a["horizon_years"]) + 1))
    everything = {pair: start for pair in baseline.active_pairs}
    m = multipliers(len(calendar.years), sc.point(a))
    d = discount(len(calendar.years), a["discount_rate"])
    out = []
    for cut in ({}, everything):
        by_platform = dict.fromkeys(platforms, 0.0)
        for line in _pair_lines(baseline, calendar, cut):
            if line.pair is not None:
                value = np.broadcast_to(m[line.klass] * line.values, line.values.shape)
                by_platform[line.pair[1]] += float((value * d)[1:].sum())
        out.append(by_platform)
    return out[0], out[1]


def brute_force(baseline: sc.Baseline, a: sc.AssumptionSet) -> tuple[sc.Scenario, float] | None:
    """Try every keep-set and support set-up; return the cheapest that meets every need.

    Exponential in the number of platforms: for checking the optimiser on small cases.
    """
    f = factors(baseline, a)
    barred = sc.allowed_to_keep(baseline, a, f.end_year)
    platforms = [p for p in baseline.platforms["platform"] if p not in barred]
    best = None
    for size in range(1, len(platforms) + 1):
        for keep in itertools.combinations(platforms, size):
            for central in [None, *baseline.units]:
                c = sc.evaluate(baseline, sc.Scenario("candidate", keep, central), a)
                if c.unmet:
                    continue
                value = discounted_cost(c, a)
                if best is None or value < best[1] - 1e-6:
                    best = (c.scenario, value)
    return best
