"""The saving bridge: from the do-minimum cost to each option's, in present value, by step.

For every option, the net present value over t = 1..H of: the do-minimum option's total
cost (``reference``), then what the option changes in fixed platform charges
(``licences``: contracts, run-off, renewals), in use-driven charges (``moved_use``: the
charges that stop on the retired platforms and those on the receivers), in support staff
(``support``) and in one-off costs (``one_off``), ending at the option's own total cost
(``option``). Each step is the sum of its lines (``bridge_lines.csv``), each line one cost
line, contract, move or staffing row of the inputs, named with its source; the four
changes add up to minus the option's NPV of saving.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.metadata import output_fields
from analysis.model import scenarios as sc
from analysis.model.scenarios.costs import discount, multipliers

STEPS = ("reference", "licences", "moved_use", "support", "one_off", "option")
CHANGES = STEPS[1:-1]


def focus(evaluated: list[sc.Components]) -> sc.Components:
    """The option the bridge and the tornado explain.

    The optimal one if there is one, else the first after the do-minimum option.
    """
    by_name = {c.scenario.name: c for c in evaluated}
    if sc.OPTIMAL in by_name:
        return by_name[sc.OPTIMAL]
    others = [c for c in evaluated if c.scenario.name != sc.BASELINE]
    return others[0] if others else evaluated[0]


def line_values(c: sc.Components, a: sc.AssumptionSet) -> dict[tuple[str, str, str], float]:
    """Present value over t = 1..H of each ledger line at the central assumptions."""
    point = sc.point(a)
    years = len(c.years)
    m = multipliers(years, point)
    d = discount(years, point["discount_rate"])
    weight = {k: np.broadcast_to(m[k] * d, (years,))[1:] for k in m}
    out: dict[tuple[str, str, str], float] = {}
    for line in c.ledger:
        key = (line.klass, line.item, line.source)
        out[key] = out.get(key, 0.0) + float(weight[line.klass] @ line.values[1:])
    return out


COLUMNS = ["scenario", "step", "kind", "item", "source", "npv_chf"]


def bridge_lines(
    chosen: sc.Components,
    reference: sc.Components,
    a: sc.AssumptionSet,
    theirs: dict[tuple[str, str, str], float] | None = None,
) -> pd.DataFrame:
    """Every line an option changes against the reference, with its step and present value.

    ``theirs``: the reference's :func:`line_values`, if already worked out.
    """
    return pd.DataFrame(_changed(chosen, reference, a, theirs), columns=COLUMNS)


def _changed(
    chosen: sc.Components,
    reference: sc.Components,
    a: sc.AssumptionSet,
    theirs: dict[tuple[str, str, str], float] | None = None,
) -> list[list[Any]]:
    mine = line_values(chosen, a)
    theirs = line_values(reference, a) if theirs is None else theirs
    rows: list[list[Any]] = []
    for key in sorted(set(mine) | set(theirs)):
        change = mine.get(key, 0.0) - theirs.get(key, 0.0)
        klass, item, source = key
        if abs(change) > 1e-9:
            rows.append([chosen.scenario.name, sc.STEP_OF[klass], klass, item, source, change])
    return rows


def round_to_total(values: list[float], total: float, decimals: int = 2) -> list[float]:
    """Round amounts to the centime (or ``decimals``) so that they add up to ``total`` so rounded.

    The largest-remainder method: each amount is rounded down, and the centimes still
    missing go to the amounts that lost the most.

    Examples:
        >>> round_to_total([0.333, 0.333, 0.334], 1.0)
        [0.33, 0.33, 0.34]
        >>> round_to_total([-377274.35, 407582.02, -294246.22, 51941.75], -211997, decimals=0)
        [-377275.0, 407582.0, -294246.0, 51942.0]
    """
    scale = 10**decimals
    cents = np.array(values, dtype=float) * scale
    floors = np.floor(cents)
    missing = round(total * scale) - int(floors.sum())
    order = np.argsort(-(cents - floors), kind="stable")
    floors[order[:missing]] += 1
    return [float(c) / scale for c in floors]


def saving_bridges(
    evaluated: list[sc.Components], baseline: sc.Baseline, a: sc.AssumptionSet
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``saving_bridge.csv`` and ``bridge_lines.csv``: every option against the do minimum.

    Written to the centime so that they add up as read: each option's changes add up to
    minus its NPV of saving (rounded as written), and each step's lines to the step.
    """
    reference = sc.status_quo_of(evaluated, baseline, a)
    theirs = line_values(reference, a)
    start = round(sum(theirs.values()), 2)
    steps, lines = [], []
    for c in evaluated:
        if c.scenario.name == sc.BASELINE:
            continue
        changed = _changed(c, reference, a, theirs)
        exact = [sum(float(r[-1]) for r in changed if r[1] == s) for s in CHANGES]
        rounded = round_to_total(exact, sum(exact))
        for step, amount in zip(CHANGES, rounded):
            mine = [r for r in changed if r[1] == step]
            for r, value in zip(mine, round_to_total([float(r[-1]) for r in mine], amount)):
                r[-1] = value
        lines += changed
        amounts = [start, *rounded, round(start + sum(rounded), 2)]
        steps += [(c.scenario.name, i, s, v) for i, (s, v) in enumerate(zip(STEPS, amounts))]
    table = pd.DataFrame(steps, columns=["scenario", "order", "step", "npv_chf"])
    every = pd.DataFrame(lines, columns=COLUMNS)
    return (
        output_fields.arrange("saving_bridge", table),
        output_fields.arrange("bridge_lines", every),
    )
