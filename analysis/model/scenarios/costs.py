"""Costs of an evaluated option by year, vectorised over assumption draws; NPV and payback.

Each class of the option's ledger is costed by the assumptions that apply to it, with
g_t = (1 + price growth)^t and h_t = (1 + staff cost growth)^t:

- licences = today's spend (t = 0) + contracts still running + (1 − end early) × run-off
  of retired platforms' contracts + g_t × (renewals + use-driven charges + moved use);
- support = h_t × (staff work − centralisation share × merged overlap − assumed shares of
  the rows naming no platform in use);
- one-off = seats moved × (migration + training) + end early × fee share × remaining
  contract value + the centralisation one-off.

Every function here takes assumption values that may be NumPy arrays, so one call costs
thousands of Monte Carlo draws at once. Saving = the do-minimum option's total − the
option's; NPV = Σ_t saving_t / (1 + r)^t over t = 1..H.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.metadata import output_fields
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline
from analysis.model.scenarios.evaluate import BASELINE, Components, evaluate, status_quo


def _as_column(value: Any) -> Any:
    value = np.asarray(value, dtype="float64")
    return value[..., None] if value.ndim else value


def multipliers(years: int, a: Mapping[str, Any]) -> dict[str, Any]:
    """What each class of ledger line is multiplied by in year t, for assumptions ``a``."""
    t = np.arange(years)
    g = (1 + _as_column(a["price_growth"])) ** t
    h = (1 + _as_column(a["staff_cost_growth"])) ** t
    early = _as_column(a["terminate_early"])
    b = _as_column(a["centralisation_saving_share"])
    return {
        "today": 1.0,
        "existing": 1.0,
        "runoff": 1 - early,
        "renewed": g,
        "use": g,
        "moved": g,
        "support": h,
        "overlap": -b * h,
        "flat_retired": -_as_column(a["support_saving_per_retired_platform_share"]) * h,
        "flat_central": -b * h,
        "seat_one_off": _as_column(a["migration_cost_chf_per_seat"])
        + _as_column(a["training_cost_chf_per_seat"]),
        "fee": early * _as_column(a["early_termination_fee_share"]),
        "central_one_off": _as_column(a["centralisation_one_off_chf"]),
    }


CLASSES = {
    "licence": ("today", "existing", "runoff", "renewed", "use", "moved"),
    "support": ("support", "overlap", "flat_retired", "flat_central"),
    "one_off": ("seat_one_off", "fee", "central_one_off"),
}


def costs(c: Components, a: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Licence, support, one-off and total cost by year for assumption values ``a``.

    ``a`` maps names to numbers or to arrays of draws (shape ``(n,)``); results then have
    shape ``(n, H + 1)``.
    """
    m = multipliers(len(c.years), a)
    parts = {
        name: sum((m[k] * c.by_class[k] for k in classes), np.zeros(len(c.years)))
        for name, classes in CLASSES.items()
    }
    licence, support, one_off = np.broadcast_arrays(
        parts["licence"], parts["support"], parts["one_off"]
    )
    return {
        "licence": licence,
        "support": support,
        "one_off": one_off,
        "total": licence + support + one_off,
    }


def discount(years: int, rate: Any) -> np.ndarray:
    """(1 + r)^-t for t = 0..years − 1, as a column if ``rate`` is an array of draws."""
    return (1 + _as_column(rate)) ** -np.arange(years)


def npv_of_saving(
    scenario: dict[str, np.ndarray], reference: dict[str, np.ndarray], discount_rate: Any
) -> np.ndarray:
    """Net present value of the reference's total − the option's, over t = 1..H."""
    saving = reference["total"] - scenario["total"]
    return (saving * discount(saving.shape[-1], discount_rate))[..., 1:].sum(axis=-1)


def ledger_gaps(options: list[Components], reference: Components) -> np.ndarray:
    """Reference minus option, by option, class of line and year t = 1..H."""
    return np.stack(
        [
            np.stack([reference.by_class[k][1:] - c.by_class[k][1:] for k in STEP_KEYS])
            for c in options
        ]
    )


def npv_of_savings(
    options: list[Components],
    reference: Components,
    a: Mapping[str, Any],
    gaps: np.ndarray | None = None,
) -> np.ndarray:
    """NPV of saving of each option against ``reference``, for assumption values ``a``.

    The same as :func:`npv_of_saving` of :func:`costs` option by option, worked out at
    once: an NPV is linear in the ledger, Σ_k Σ_t d_t m_k,t (reference_k,t − option_k,t),
    so the discounted multipliers are formed once for all options. Returns shape
    ``(draws, options)`` (one row when ``a`` holds single values). ``gaps``: the
    :func:`ledger_gaps` of these options, when worked out already.
    """
    years = len(reference.years)
    m = multipliers(years, a)
    d = discount(years, a["discount_rate"])
    draws = max((np.ndim(v) and np.shape(v)[0]) or 1 for v in a.values())
    weights = np.stack(
        [np.broadcast_to(m[k] * d, (draws, years))[:, 1:] for k in STEP_KEYS], axis=1
    )
    if gaps is None:
        gaps = ledger_gaps(options, reference)
    return np.einsum("nkt,okt->no", weights, gaps)


STEP_KEYS = tuple(k for classes in CLASSES.values() for k in classes)


def payback_year(years: np.ndarray, cumulative: np.ndarray) -> int | None:
    """First year from which the cumulative saving stays above zero; None if never."""
    positive = cumulative > 1e-9
    if not positive[-1]:
        return None
    last_negative = np.flatnonzero(~positive)
    index = last_negative[-1] + 1 if len(last_negative) else 0
    return int(years[index])


def status_quo_of(evaluated: list[Components], baseline: Baseline, a: AssumptionSet) -> Components:
    """The do-minimum option among ``evaluated`` (always there in a run), else evaluated."""
    for c in evaluated:
        if c.scenario.name == BASELINE:
            return c
    return evaluate(baseline, status_quo(baseline), a)


def point(a: AssumptionSet) -> dict[str, float]:
    """The central values, as :func:`costs` takes them."""
    return dict(a.value)


def scenario_table(
    evaluated: list[Components], baseline: Baseline, a: AssumptionSet
) -> tuple[pd.DataFrame, dict[str, float]]:
    """``scenarios.csv``: one row per option and year; and each option's NPV of saving."""
    reference = costs(status_quo_of(evaluated, baseline, a), point(a))
    rows, npvs = [], {}
    for c in evaluated:
        cost = costs(c, point(a))
        saving = reference["total"] - cost["total"]
        cumulative = np.cumsum(saving)
        npvs[c.scenario.name] = float(npv_of_saving(cost, reference, a["discount_rate"]))
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
