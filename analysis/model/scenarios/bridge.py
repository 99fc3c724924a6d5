"""The saving bridge: from the reference cost to each option's, in present value, by step.

For every option, the net present value over t = 1..H of: the reference's total cost
(``reference``), then what the option changes in licences and services it keeps or ends
(``licences``), the cost of the use it moves to kept platforms (``moved_use``), support
(``support``) and one-off costs (``one_off``), ending at the option's own total cost
(``option``). The four changes add up to ``option − reference``, which is minus the
option's NPV of saving, up to the float's last digit. The report only lays these numbers
out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.metadata import output_fields
from analysis.model import scenarios as sc

STEPS = ("reference", "licences", "moved_use", "support", "one_off", "option")


def focus(evaluated: list[sc.Components]) -> sc.Components:
    """The option the bridge and the tornado explain.

    The optimal one if there is one, else the first after the status quo.
    """
    by_name = {c.scenario.name: c for c in evaluated}
    if sc.OPTIMAL in by_name:
        return by_name[sc.OPTIMAL]
    others = [c for c in evaluated if c.scenario.name != sc.STATUS_QUO]
    return others[0] if others else evaluated[0]


def option_bridge(
    chosen: sc.Components, reference: sc.Components, baseline: sc.Baseline, a: sc.AssumptionSet
) -> list[tuple[str, float]]:
    """The bridge of one option against ``reference``: (step, CHF in present value)."""
    point = sc.point(a)
    s0 = baseline.support_cost
    ref = sc.costs(reference, point, s0)
    cost = sc.costs(chosen, point, s0)
    t = np.arange(len(chosen.years))
    discount = (1 + point["discount_rate"]) ** -t.astype(float)
    g = (1 + point["price_growth"]) ** t
    moved_by_year = g * chosen.after_start * chosen.moved_cost

    def present(values: np.ndarray) -> float:
        return float((values * discount)[1:].sum())

    start = present(ref["total"])
    licences = present(cost["licence"] - moved_by_year - ref["licence"])
    moved = present(moved_by_year)
    support = present(cost["support"] - ref["support"])
    one_off = present(cost["one_off"] - ref["one_off"])
    return [
        ("reference", start),
        ("licences", licences),
        ("moved_use", moved),
        ("support", support),
        ("one_off", one_off),
        ("option", present(cost["total"])),
    ]


def saving_bridges(
    evaluated: list[sc.Components], baseline: sc.Baseline, a: sc.AssumptionSet
) -> pd.DataFrame:
    """``saving_bridge.csv``: every option's bridge against the status quo."""
    reference = sc.status_quo_of(evaluated, baseline, a)
    rows = [
        (c.scenario.name, order, step, amount)
        for c in evaluated
        if c.scenario.name != sc.STATUS_QUO
        for order, (step, amount) in enumerate(option_bridge(c, reference, baseline, a))
    ]
    frame = pd.DataFrame(rows, columns=["scenario", "order", "step", "npv_chf"])
    return output_fields.arrange("saving_bridge", frame)
