"""The best platform set: an exact mixed-integer program, and brute force to check it.

Chooses which platforms to keep, where each retired platform's demand goes, and whether
(and in which unit) to centralise support, minimising the discounted total cost over the
horizon, one-off costs included, subject to every unit's requirements. The objective is
built from the same :class:`~analysis.scenarios.Components` quantities that
:func:`~analysis.scenarios.costs` uses, so the chosen set, evaluated as a scenario, has
exactly the optimiser's cost; a test compares it with enumerating every keep-set.

Variables: ``x_p`` keep platform p; ``z_c`` centralise support in unit c; ``y_gk`` move
the uses in group g to platform k; ``w_A`` the uses whose home A (their platform and its
same-category receivers) keeps nothing cross over to another category. A group is the uses
of one platform r that rank their receivers alike, cheapest first: whatever is kept they
go to the same receiver, so they share move variables at their summed cost. Constraints:

- each group of a retired platform goes to exactly one kept receiver of its category, or
  crosses: Σ_k y_gk + w_A + x_r = 1, y_gk ≤ x_k;
- a home crosses only if none of it is kept (w_A + x_l ≤ 1, l in A); crossing uses go to
  one kept platform of another category meeting all their unit's needs (Σ_k y_hk = w_A,
  y_hk ≤ x_k), and a home with a use that could not cross has no w_A;
- every requirement kind is met by some kept platform: Σ_{p meets q} x_p ≥ 1;
- platforms that may not be kept (end of life inside the horizon, data protection not
  assessed) have x_p = 0; at most one central unit: Σ_c z_c ≤ 1.

The keep-sets are solved in disjoint cases by which home crosses first (see
:func:`_solve_by_crossings`), each to a zero gap.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.model import scenarios as sc
from analysis.model.scenarios.evaluate import runoff

# A kept platform that nobody uses costs nothing; this tie-break prefers fewer platforms.
KEEP_TIE_BREAK_CHF = 0.01


@dataclass(frozen=True)
class Choice:
    """The optimiser's answer."""

    scenario: sc.Scenario
    cost_npv_chf: float  # discounted total cost over t = 1..H, one-off included
    status: str


def _factors(baseline: sc.Baseline, a: sc.AssumptionSet) -> dict[str, Any]:
    horizon = int(a["horizon_years"])
    t = np.arange(1, horizon + 1)
    d = (1 + a["discount_rate"]) ** -t.astype(float)
    return {
        "G": float((d * (1 + a["price_growth"]) ** t).sum()),
        "H": float((d * (1 + a["staff_cost_growth"]) ** t).sum()),
        "D1": float(d[0]),
        "end_year": baseline.year + horizon,
    }


def optimise(baseline: sc.Baseline, a: sc.AssumptionSet) -> Choice | None:
    """Solve for the cheapest keep-set and support set-up that meets every requirement.

    Returns None when no keep-set can meet the requirements.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # only runs that optimise pay for it
    from scipy.sparse import coo_array

    f = _factors(baseline, a)
    platforms = list(baseline.platforms["platform"])
    col = {p: i for i, p in enumerate(platforms)}
    barred = sc.allowed_to_keep(baseline, a, f["end_year"])
    keepable = np.array([p not in barred for p in platforms])
    satisfied = _satisfied(baseline, platforms)
    if not all((meets & keepable).any() for meets in satisfied.values()):
        return None
    units = baseline.units
    start = pd.Timestamp(year=baseline.year + 1, month=1, day=1)

    n_x, n_z = len(platforms), len(units)
    keep_cost, constant = _keep_costs(baseline, a, f, platforms, start)
    central_cost = [
        (baseline.central_cost(c) * (1 - a["centralisation_saving_share"]) - baseline.support_cost)
        * f["H"]
        + a["centralisation_one_off_chf"] * f["D1"]
        for c in units
    ]
    program = _Program(n_x + n_z, [*keep_cost, *central_cost])
    for meets in satisfied.values():
        program.row(np.flatnonzero(meets & keepable), 1.0, 1.0, np.inf)
    if n_z:
        program.row(np.arange(n_x, n_x + n_z), 1.0, -np.inf, 1.0)
    _add_moves(program, baseline, a, f, platforms, keepable, satisfied)

    upper = np.r_[keepable.astype(float), np.ones(n_z), program.upper]
    result = _solve_by_crossings(
        np.array(program.cost),
        LinearConstraint(program.matrix(coo_array), program.lower_rows, program.upper_rows),
        # Only the keep, centralise and crossing choices need to be whole: once they are
        # fixed, each group's cheapest allowed receiver is a vertex of the moves' polytope.
        np.r_[np.ones(n_x + n_z), program.integer],
        upper,
        program.crossings,
        milp,
        Bounds,
    )
    if result is None:
        return None
    chosen = result.x[: n_x + n_z].round().astype(int)
    keep = tuple(p for p in platforms if chosen[col[p]])
    central = next((units[i] for i in range(n_z) if chosen[n_x + i]), None)
    objective = float(result.fun) + constant - KEEP_TIE_BREAK_CHF * len(keep)
    return Choice(sc.Scenario(sc.OPTIMAL, keep, central, start), objective, result.message)


def _solve_by_crossings(cost, constraints, integrality, upper, crossings, milp, Bounds):
    """Solve the program exactly, branching first on which homes cross over.

    The solver's own branching is slow to see that crossing is rarely worth it, so the
    keep-sets are split into disjoint cases: no home crosses; or home j crosses and homes
    before j do not. Each case is solved to optimality unless its linear relaxation already
    costs at least the best solution found, which cannot then be beaten there.
    """
    cases = [(np.zeros(0, dtype=int), crossings)]  # (cross, do not cross)
    cases += [(crossings[j : j + 1], crossings[:j]) for j in range(len(crossings))]
    best = None
    for cross, stay in cases:
        lower, case_upper = np.zeros(len(cost)), upper.copy()
        lower[cross] = 1.0
        case_upper[stay] = 0.0
        bounds = Bounds(lower, case_upper)
        if best is not None:
            relaxed = milp(c=cost, constraints=constraints, bounds=bounds)
            if relaxed.status == 2 or (relaxed.status == 0 and relaxed.fun >= best.fun):
                continue
        result = milp(
            c=cost,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            options={"mip_rel_gap": 0.0},
        )
        if result.status == 2:  # infeasible
            continue
        if result.status != 0:
            raise RuntimeError(f"the optimiser did not finish: {result.message}")
        if best is None or result.fun < best.fun:
            best = result
    return best


class _Program:
    """A growing sparse program: columns with costs and upper bounds, rows with ranges."""

    def __init__(self, n: int, cost: list[float]):
        self.n = n
        self.cost = list(cost)
        self.upper: list[float] = []  # of the columns added after the first n
        self.integer: list[float] = []
        self.crossings: list[int] = []  # columns of the crossing choices
        self.rows: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self.lower_rows: list[float] = []
        self.upper_rows: list[float] = []

    def columns_for(
        self, cost: np.ndarray, upper: float = 1.0, integer: bool = False
    ) -> np.ndarray:
        first = self.n
        self.n += len(cost)
        self.cost.extend(cost.tolist())
        self.upper.extend([upper] * len(cost))
        self.integer.extend([float(integer)] * len(cost))
        return np.arange(first, self.n)

    def row(self, columns: np.ndarray, value, lower: float, upper: float) -> None:
        self.rows.append(np.full(len(columns), len(self.lower_rows)))
        self.columns.append(np.asarray(columns))
        self.values.append(np.broadcast_to(np.asarray(value, dtype=float), len(columns)))
        self.lower_rows.append(lower)
        self.upper_rows.append(upper)

    def links(self, y: np.ndarray, x: np.ndarray) -> None:
        """y_i ≤ x_i, one row each."""
        self.pairwise(y, x, -1.0, 0.0)

    def pairwise(self, first: np.ndarray, second: np.ndarray, value: float, upper: float) -> None:
        """first_i + value × second_i ≤ upper, one row each."""
        at = np.arange(len(self.lower_rows), len(self.lower_rows) + len(first))
        self.rows.append(np.r_[at, at])
        self.columns.append(np.r_[first, second])
        self.values.append(np.r_[np.ones(len(first)), np.full(len(second), value)])
        self.lower_rows.extend([-np.inf] * len(first))
        self.upper_rows.extend([upper] * len(first))

    def matrix(self, coo_array):
        return coo_array(
            (
                np.concatenate(self.values),
                (np.concatenate(self.rows), np.concatenate(self.columns)),
            ),
            shape=(len(self.lower_rows), self.n),
        ).tocsr()


def _satisfied(baseline: sc.Baseline, platforms: list[str]) -> dict[tuple, np.ndarray]:
    """Which platforms meet each distinct requirement (kind, target)."""
    out = {}
    for kind, target in zip(baseline.requirements["kind"], baseline.requirements["target"]):
        if (kind, target) not in out:
            out[(kind, target)] = np.array(
                [sc.satisfies(baseline.catalogue[p], kind, target) for p in platforms]
            )
    return out


def _keep_costs(
    baseline: sc.Baseline,
    a: sc.AssumptionSet,
    f: dict[str, float],
    platforms: list[str],
    start: pd.Timestamp,
) -> tuple[list[float], float]:
    """Each platform's cost of being kept, and the cost that does not depend on any choice."""
    used = set(baseline.in_use)
    spend = baseline.spend.groupby("platform")["amount_chf"].sum()
    S0 = baseline.support_cost
    tau = a["terminate_early"]
    saving_a = a["support_saving_per_retired_platform_share"]
    years = np.arange(baseline.year, f["end_year"] + 1)
    discount = (1 + a["discount_rate"]) ** -np.arange(len(years)).astype(float)
    cost: list[float] = []
    constant = S0 * f["H"]
    lines = baseline.line_years
    running = set(lines.loc[lines["end_date"] >= start, "platform"])
    for p in platforms:
        if p in used:
            due, remaining = (
                runoff(baseline, [p], start, years)
                if p in running  # a platform without contracts after the start has no run-off
                else (np.zeros(len(years)), 0.0)
            )
            retired_cost = (1 - tau) * float((due * discount)[1:].sum()) + tau * a[
                "early_termination_fee_share"
            ] * remaining * f["D1"]
            constant += retired_cost - saving_a * S0 * f["H"]
            cost.append(float(spend.get(p, 0.0)) * f["G"] - retired_cost + saving_a * S0 * f["H"])
        else:
            cost.append(0.0)
        cost[-1] += KEEP_TIE_BREAK_CHF
    return cost, constant


def _add_moves(
    program: _Program,
    baseline: sc.Baseline,
    a: sc.AssumptionSet,
    f: dict[str, float],
    platforms: list[str],
    keepable: np.ndarray,
    satisfied: dict[tuple, np.ndarray],
) -> None:
    """Where each retired use goes: the cheapest kept receiver, same category first.

    Uses of one platform that rank their same-category receivers alike (cheapest first)
    go to the same one whatever is kept, so they form one group with one set of move
    variables at their summed cost. A group crosses to another category when none of its
    platform and same-category receivers (its "home") is kept: one crossing variable per
    home, shared by every group with that home. Crossing uses that rank their receivers
    alike are merged the same way.
    """
    pairs = sc.uses(baseline, baseline.in_use)
    if not pairs:
        return
    col = {p: i for i, p in enumerate(platforms)}
    retired = np.array([col[p] for _, p in pairs])
    servable, cost = sc.serving_costs(baseline, pairs)
    servable[np.arange(len(pairs)), retired] = False
    servable &= keepable
    category = baseline.platforms["category"].to_numpy(dtype=object)
    same = category[None, :] == category[retired][:, None]
    everything = np.ones(len(platforms), dtype=bool)
    meets_unit = {
        unit: np.logical_and.reduce([everything, *(satisfied[n] for n in needs)])
        for unit, needs in baseline.needs_of.items()
    }
    meets = np.array([meets_unit.get(unit, everything) for unit, _ in pairs])
    demand = baseline.demand
    seats = (
        demand[demand["kind"] == "subscription"]
        .groupby(["unit", "platform"])["quantity"]
        .sum()
        .reindex(pd.MultiIndex.from_tuples(pairs), fill_value=0.0)
        .to_numpy(dtype=float)
    )
    one_off = seats * (a["migration_cost_chf_per_seat"] + a["training_cost_chf_per_seat"])
    move_cost = cost * f["G"] + one_off[:, None] * f["D1"]

    def ranked(mask: np.ndarray, i: int) -> tuple[int, ...]:
        columns = np.flatnonzero(mask)
        return tuple(columns[np.argsort(cost[i, columns], kind="stable")])

    groups: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    crossings: dict[frozenset[int], dict[tuple[int, ...], list[int]]] = {}
    for i in range(len(pairs)):
        order = ranked(servable[i] & same[i], i)
        groups.setdefault((int(retired[i]), order), []).append(i)
        home = frozenset([int(retired[i]), *order])
        elsewhere = ranked(servable[i] & ~same[i] & meets[i], i)
        crossings.setdefault(home, {}).setdefault(elsewhere, []).append(i)

    crossing = {}
    for home, by_order in crossings.items():
        if not all(by_order):  # some use has nowhere else to go: its home must keep a platform
            continue
        w = program.columns_for(np.zeros(1), integer=True)
        program.crossings.append(int(w[0]))
        crossing[home] = w
        program.pairwise(np.repeat(w, len(home)), np.array(sorted(home)), 1.0, 1.0)
        for order, uses_ in by_order.items():
            columns = np.array(order, dtype=int)
            moved = program.columns_for(move_cost[np.ix_(np.array(uses_), columns)].sum(axis=0))
            program.row(np.r_[moved, w], np.r_[np.ones(len(moved)), -1.0], 0.0, 0.0)
            program.links(moved, columns)
    for (r, order), uses_ in groups.items():
        columns = np.array(order, dtype=int)
        moved = program.columns_for(move_cost[np.ix_(np.array(uses_), columns)].sum(axis=0))
        program.links(moved, columns)
        w = crossing.get(frozenset([r, *order]), np.zeros(0, dtype=int))
        program.row(np.r_[r, moved, w], 1.0, 1.0, 1.0)


def discounted_cost(c: sc.Components, baseline: sc.Baseline, a: sc.AssumptionSet) -> float:
    """Discounted total cost over t = 1..H of an evaluated scenario, one-off included."""
    total = sc.costs(c, sc.point(a), baseline.support_cost)["total"]
    discount = (1 + a["discount_rate"]) ** -np.arange(len(total)).astype(float)
    return float((total * discount)[1:].sum())


def brute_force(baseline: sc.Baseline, a: sc.AssumptionSet) -> tuple[sc.Scenario, float] | None:
    """Enumerate every keep-set and support set-up; return the cheapest that meets everything.

    Exponential in the number of platforms: for checking the optimiser on small cases.
    """
    horizon_end = baseline.year + int(a["horizon_years"])
    barred = sc.allowed_to_keep(baseline, a, horizon_end)
    platforms = [p for p in baseline.platforms["platform"] if p not in barred]
    best = None
    for size in range(1, len(platforms) + 1):
        for keep in itertools.combinations(platforms, size):
            for central in [None, *baseline.units]:
                c = sc.evaluate(baseline, sc.Scenario("candidate", keep, central), a)
                if c.unmet:
                    continue
                value = discounted_cost(c, baseline, a)
                if best is None or value < best[1] - 1e-6:
                    best = (c.scenario, value)
    return best
