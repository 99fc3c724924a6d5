"""Costs of an evaluated option by year, vectorised over assumption draws; NPV and payback.

Every function here takes assumption values that may be NumPy arrays, so one call
evaluates thousands of Monte Carlo draws at once. Saving = status quo − option;
NPV = Σ_t saving_t / (1 + r)^t over t = 1..H.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.metadata import output_fields
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline
from analysis.model.scenarios.evaluate import STATUS_QUO, Components, evaluate, status_quo


def _as_column(value: Any) -> Any:
    value = np.asarray(value, dtype="float64")
    return value[..., None] if value.ndim else value


def costs(c: Components, a: Mapping[str, Any], support_cost: float) -> dict[str, np.ndarray]:
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
    return pd.DataFrame(rows, columns=output_fields.columns("scenarios")), npvs
