"""The saving bridge: from the status quo's cost over the horizon to an option's, by step.

Status quo total → licences of retired platforms → demand moved → support from fewer
platforms → support from centralising → one-off costs → the option's total. Sums over
t = 1..H at the central assumptions. The report only lays these numbers out.
"""

from __future__ import annotations

import numpy as np

from analysis.model import scenarios as sc

# The bridge's steps, by message id of their label in the catalogue.
STEPS = (
    "optimal_waterfall.status_quo",
    "optimal_waterfall.retired",
    "optimal_waterfall.moved",
    "optimal_waterfall.support_fewer",
    "optimal_waterfall.support_central",
    "optimal_waterfall.one_off",
)


def focus(evaluated: list[sc.Components]) -> sc.Components:
    """The option the bridge and the tornado explain.

    The optimal one if there is one, else the first after the status quo.
    """
    by_name = {c.scenario.name: c for c in evaluated}
    if sc.OPTIMAL in by_name:
        return by_name[sc.OPTIMAL]
    others = [c for c in evaluated if c.scenario.name != sc.STATUS_QUO]
    return others[0] if others else evaluated[0]


def saving_bridge(
    chosen: sc.Components,
    evaluated: list[sc.Components],
    baseline: sc.Baseline,
    a: sc.AssumptionSet,
) -> list[tuple[str, float]]:
    """The bridge's steps with their CHF, the last named by the option's name."""
    point = sc.point(a)
    s0 = baseline.support_cost
    sq = sc.costs(sc.status_quo_of(evaluated, baseline, a), point, s0)
    c = chosen
    cost = sc.costs(c, point, s0)
    t = np.arange(len(c.years))
    g = (1 + point["price_growth"]) ** t
    f = c.after_start
    horizon = slice(1, None)
    retired = float(
        (-g * f * c.retired_spend + (1 - point["terminate_early"]) * c.runoff_actual)[horizon].sum()
    )
    moved = float((g * f * c.moved_cost)[horizon].sum())
    h = (1 + point["staff_cost_growth"]) ** t
    fewer = -h * f * point["support_saving_per_retired_platform_share"] * c.retired_count * s0
    support_fewer = float(fewer[horizon].sum())
    support_central = float((cost["support"] - sq["support"] - fewer)[horizon].sum())
    one_off = float(cost["one_off"][horizon].sum())
    start = float(sq["total"][horizon].sum())
    end = start + retired + moved + support_fewer + support_central + one_off
    amounts = (start, retired, moved, support_fewer, support_central, one_off)
    return [*zip(STEPS, amounts), (c.scenario.name, end)]
