"""The best platform set: an exact mixed-integer program, and brute force to check it.

Chooses which platforms to keep, where each retired use goes, and whether to centralise
support, minimising the discounted total cost over the horizon (one-off costs included)
for a change starting on 1 January after the analysed year, subject to every unit's needs.
The objective is built from the same ledger lines (:mod:`.evaluate`) and multipliers
(:mod:`.costs`) every option is costed with, so the chosen set, evaluated as an option,
costs exactly what the optimiser says; a test compares it with trying every keep-set.

Variables: ``x_p`` keep platform p; ``z`` centralise support; ``y_gr`` move use g (a
unit's use of a platform) to platform r; ``v_r = x_r ∧ z`` and ``w_gr = y_gr ∧ z`` for
what centralising saves of the work on r. Constraints:

- each use of a retired platform goes to exactly one kept platform that meets the
  unit's needs for its function and can price it: Σ_r y_gr + x_p(g) = 1, y_gr ≤ x_r;
- each unit's need for each function is met by some kept platform: Σ_{p meets} x_p ≥ 1;
- platforms that may not be kept (end of life inside the horizon, data protection not
  assessed) have x_p = 0;
- v_r ≤ x_r, v_r ≤ z, w_gr ≤ y_gr, w_gr ≤ z (their costs are savings, so the solver
  sets them to the smaller of the two).

Which unit support is centralised in does not change the cost (staff are costed by
grade, the same in every unit); the unit with the most support work today is named.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.model import scenarios as sc
from analysis.model.scenarios import moves as mv
from analysis.model.scenarios.bridge import line_values
from analysis.model.scenarios.costs import discount, multipliers
from analysis.model.scenarios.evaluate import _Calendar, _pair_lines, factors, move_value
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
    from scipy.optimize import Bounds, LinearConstraint, milp  # only runs that optimise pay
    from scipy.sparse import coo_array

    f = factors(baseline, a)
    start = pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    platforms = list(baseline.platforms["platform"])
    col = {p: i for i, p in enumerate(platforms)}
    barred = sc.allowed_to_keep(baseline, a, f.end_year)
    keepable = np.array([p not in barred for p in platforms])
    wanted = needs(baseline)
    if not all(
        any(keepable[col[p]] and meets(baseline, p, u, fn) for p in platforms) for (u, fn) in wanted
    ):
        return None
    keep_cost, retire_cost = _platform_costs(baseline, a, platforms, start)
    uses = baseline.active_pairs
    # what centralising saves, beyond the work that moves: the merged overlap on kept
    # platforms (bilinear in x and z) and the assumed shares of rows naming no platform
    b = a["centralisation_saving_share"]
    flat_rows = float(baseline.unassigned["cost_chf"].sum())
    overlap_today = {
        p: baseline.overlap_share.get(p, 0.0) * baseline.work.get(p, 0.0) * f.staff
        for p in platforms
    }
    retired_flat = a["support_saving_per_retired_platform_share"] * flat_rows * f.staff

    n_x = len(platforms)
    cost = [keep_cost[p] - retire_cost[p] + KEEP_TIE_BREAK_CHF for p in platforms]
    # a platform in use that is retired saves the assumed share of the unassigned rows
    for p in baseline.in_use:
        cost[col[p]] += retired_flat
    constant = (
        sum(retire_cost.values())
        - retired_flat * len(baseline.in_use)
        + baseline.support_cost * f.staff
    )
    z = n_x
    cost.append(a["centralisation_one_off_chf"] * f.first - b * flat_rows * f.staff)
    upper = [*keepable.astype(float), 1.0]
    integer = [1.0] * (n_x + 1)
    rows: list[tuple[list[int], list[float], float, float]] = []

    def add(c: float, up: float = 1.0) -> int:
        cost.append(c)
        upper.append(up)
        integer.append(0.0)
        return len(cost) - 1

    for p in platforms:  # v_p: what centralising saves of the work kept on p
        if overlap_today[p]:
            v = add(-b * overlap_today[p])
            rows.append(([v, col[p]], [1.0, -1.0], -np.inf, 0.0))
            rows.append(([v, z], [1.0, -1.0], -np.inf, 0.0))
    for unit, platform in uses:
        g = col[platform]
        moved = []
        for r in platforms:
            if not keepable[col[r]] or not mv.can_take(baseline, unit, platform, r):
                continue
            y = add(move_value(baseline, a, f, unit, platform, r, central=False))
            rows.append(([y, col[r]], [1.0, -1.0], -np.inf, 0.0))
            moved.append(y)
            saved = (
                b
                * baseline.overlap_share.get(r, 0.0)
                * mv.work_added(baseline, unit, platform, r)
                * f.staff
            )
            if saved:
                w = add(-saved)
                rows.append(([w, y], [1.0, -1.0], -np.inf, 0.0))
                rows.append(([w, z], [1.0, -1.0], -np.inf, 0.0))
        # the use moves (if its platform is retired), freeing its share of the work there
        freed = baseline.work.get(platform, 0.0) * mv.work_share(baseline, unit, platform)
        for y in moved:
            cost[y] -= freed * f.staff
        rows.append(([g, *moved], [1.0] * (1 + len(moved)), 1.0, 1.0))
    for unit, function in wanted:
        able = [
            col[p] for p in platforms if keepable[col[p]] and meets(baseline, p, unit, function)
        ]
        rows.append((able, [1.0] * len(able), 1.0, np.inf))
    matrix_rows, matrix_cols, values, lower, upper_rows = [], [], [], [], []
    for i, (columns, coefficients, lo, hi) in enumerate(rows):
        matrix_rows += [i] * len(columns)
        matrix_cols += columns
        values += coefficients
        lower.append(lo)
        upper_rows.append(hi)
    matrix = coo_array(
        (np.array(values, dtype=float), (np.array(matrix_rows), np.array(matrix_cols))),
        shape=(len(rows), len(cost)),
    ).tocsr()
    result = milp(
        c=np.array(cost),
        constraints=LinearConstraint(matrix, lower, upper_rows),
        integrality=np.array(integer),
        bounds=Bounds(np.zeros(len(cost)), np.array(upper)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible
        return None
    if result.status != 0:
        raise RuntimeError(f"the optimiser did not finish: {result.message}")
    chosen = result.x[: n_x + 1].round().astype(int)
    keep = tuple(p for p in platforms if chosen[col[p]])
    central = central_unit(baseline) if chosen[z] else None
    objective = float(result.fun) + constant - KEEP_TIE_BREAK_CHF * len(keep)
    return Choice(sc.Scenario(sc.OPTIMAL, keep, central, start), objective, result.message)


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
