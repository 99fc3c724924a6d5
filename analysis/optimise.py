"""The best platform set: an exact mixed-integer program, and brute force to check it.

Chooses which platforms to keep, where each retired platform's demand goes, and whether
(and in which unit) to centralise support, minimising the discounted total cost over the
horizon, one-off costs included, subject to every unit's requirements. The objective is
built from the same :class:`~analysis.scenarios.Components` quantities that
:func:`~analysis.scenarios.costs` uses, so the chosen set, evaluated as a scenario, has
exactly the optimiser's cost; a test compares it with enumerating every keep-set.

Variables: ``x_p`` keep platform p; ``z_c`` centralise support in unit c; ``y_urk`` move
unit u's demand on platform r to platform k. Constraints:

- each retired platform's demand goes to exactly one kept receiver: Σ_k y_urk + x_r = 1,
  y_urk ≤ x_k;
- same category first: a receiver of another category only if no same-category platform
  that could serve is kept (y_urk + x_j ≤ 1), and then only one meeting all u's needs;
- every requirement (u, q) is met by some kept platform: Σ_{p meets q} x_p ≥ 1;
- platforms that may not be kept (end of life inside the horizon, data protection not
  assessed) have x_p = 0; at most one central unit: Σ_c z_c ≤ 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import scenarios as sc

# A kept platform that nobody uses costs nothing; this tie-break prefers fewer platforms.
KEEP_TIE_BREAK_CHF = 0.01


@dataclass(frozen=True)
class Choice:
    """The optimiser's answer."""

    scenario: sc.Scenario
    cost_npv_chf: float  # discounted total cost over t = 1..H, one-off included
    status: str


def _factors(baseline: sc.Baseline, a: sc.AssumptionSet) -> dict[str, float]:
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
    used = set(baseline.in_use)
    barred = sc.allowed_to_keep(baseline, a, f["end_year"])
    units = baseline.units
    spend = baseline.spend.groupby("platform")["amount_chf"].sum()
    S0 = baseline.support_cost
    tau = a["terminate_early"]
    saving_a = a["support_saving_per_retired_platform_share"]
    start = pd.Timestamp(year=baseline.year + 1, month=1, day=1)
    years = np.arange(baseline.year, f["end_year"] + 1)
    discount = (1 + a["discount_rate"]) ** -np.arange(len(years)).astype(float)

    n_x, n_z = len(platforms), len(units)
    cost: list[float] = []
    constant = S0 * f["H"]
    for p in platforms:
        if p in used:
            runoff, remaining = sc._runoff(baseline, [p], start, years)
            retired_cost = (1 - tau) * float((runoff * discount)[1:].sum()) + tau * a[
                "early_termination_fee_share"
            ] * remaining * f["D1"]
            constant += retired_cost - saving_a * S0 * f["H"]
            cost.append(float(spend.get(p, 0.0)) * f["G"] - retired_cost + saving_a * S0 * f["H"])
        else:
            cost.append(0.0)
        cost[-1] += KEEP_TIE_BREAK_CHF
    for c in units:
        central = baseline.central_cost(c) * (1 - a["centralisation_saving_share"]) - S0
        cost.append(central * f["H"] + a["centralisation_one_off_chf"] * f["D1"])

    # receivers
    y_index: list[tuple[str, str, str]] = []
    catalogue = baseline.platforms.set_index("platform")
    servers: dict[tuple[str, str], list[str]] = {}
    for unit, r in sc.uses(baseline, list(used)):
        options = sc.receiver_options(baseline, unit, r)
        needs = baseline.demand_of(unit, r)
        seats = float(needs.loc[needs["kind"] == "subscription", "quantity"].sum())
        one_off = seats * (a["migration_cost_chf_per_seat"] + a["training_cost_chf_per_seat"])
        servers[(unit, r)] = list(options["platform"])
        for o in options.itertuples():
            if o.same_category or o.meets_requirements:
                y_index.append((unit, r, o.platform))
                cost.append(o.cost_chf * f["G"] + one_off * f["D1"])
    n = n_x + n_z + len(y_index)
    col = {p: i for i, p in enumerate(platforms)}
    entries: tuple[list[int], list[int], list[float]] = ([], [], [])
    lower: list[float] = []
    upper: list[float] = []

    def add(coefficients: dict[int, float], lo: float, hi: float) -> None:
        for i, v in coefficients.items():
            entries[0].append(len(lower))
            entries[1].append(i)
            entries[2].append(v)
        lower.append(lo)
        upper.append(hi)

    category = {p: catalogue.loc[p, "category"] for p in platforms}
    by_pair: dict[tuple[str, str], list[int]] = {}
    cross: dict[tuple[str, str], list[int]] = {}
    for j, (unit, r, k) in enumerate(y_index):
        by_pair.setdefault((unit, r), []).append(n_x + n_z + j)
        add({n_x + n_z + j: 1, col[k]: -1}, -np.inf, 0)
        if category[k] != category[r]:
            cross.setdefault((unit, r), []).append(n_x + n_z + j)
    # same category first: no receiver of another category while one of r's category that
    # could serve is kept (at most one receiver is chosen, so one row per such platform)
    for (unit, r), variables in cross.items():
        for other in servers[(unit, r)]:
            if other != r and category[other] == category[r]:
                add({**{i: 1 for i in variables}, col[other]: 1}, -np.inf, 1)
    for unit, r in servers:
        add({**{i: 1 for i in by_pair.get((unit, r), [])}, col[r]: 1}, 1, 1)
    for req in baseline.requirements.itertuples():
        meets = [
            col[p]
            for p in platforms
            if p not in barred and sc._satisfies(catalogue.loc[p], req.kind, req.target)
        ]
        if not meets:
            return None
        add({i: 1 for i in meets}, 1, np.inf)
    if n_z:
        add({n_x + i: 1 for i in range(n_z)}, -np.inf, 1)

    upper_bounds = np.ones(n)
    for p in barred:
        upper_bounds[col[p]] = 0
    matrix = coo_array((entries[2], (entries[0], entries[1])), shape=(len(lower), n)).tocsr()
    result = milp(
        c=np.array(cost),
        constraints=LinearConstraint(matrix, lower, upper) if lower else None,
        # Only the keep and centralise choices need to be whole: once they are fixed, each
        # pair's cheapest allowed receiver is a vertex of the moves' polytope.
        integrality=np.r_[np.ones(n_x + n_z), np.zeros(len(y_index))],
        bounds=Bounds(np.zeros(n), upper_bounds),
    )
    if result.status != 0:
        return None
    chosen = result.x.round().astype(int)
    keep = tuple(p for p in platforms if chosen[col[p]])
    central = next((units[i] for i in range(n_z) if chosen[n_x + i]), None)
    objective = float(result.fun) + constant - KEEP_TIE_BREAK_CHF * len(keep)
    return Choice(sc.Scenario(sc.OPTIMAL, keep, central, start), objective, result.message)


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
