"""How sure are we: Monte Carlo percentiles of each scenario's saving, and a tornado.

Every assumption with a low and a high value is drawn from a triangular distribution
(low, central value, high); the draws are seeded, and all scenarios are evaluated on the
same draws at once (the cost functions take arrays). One-at-a-time sensitivity moves
each such assumption to its low and its high value, the others held at their central
values, and ranks the assumptions by how far they move each scenario's NPV of saving.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.metadata import output_fields
from analysis.model import scenarios as sc
from analysis.model.scenarios.costs import ledger_gaps

PERCENTILE_COLUMNS = ["scenario", "p10_saving_chf", "p50_saving_chf", "p90_saving_chf"]


def draw_assumptions(a: sc.AssumptionSet, draws: int, seed: int) -> dict[str, object]:
    """Draw every uncertain assumption; the others stay at their central value."""
    rng = np.random.default_rng(seed)
    values: dict[str, object] = dict(a.value)
    for name in a.uncertain():
        low = a.low.get(name, a[name])
        high = a.high.get(name, a[name])
        values[name] = rng.triangular(low, a[name], high, size=draws)
    return values


def simulate(
    evaluated: list[sc.Components], baseline: sc.Baseline, a: sc.AssumptionSet
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """P10/P50/P90 of each scenario's NPV of saving; and the draws themselves, by scenario."""
    draws = int(a["monte_carlo_draws"])
    theta = draw_assumptions(a, draws, int(a["monte_carlo_seed"]))
    status_quo = sc.status_quo_of(evaluated, baseline, a)
    npvs = np.broadcast_to(sc.npv_of_savings(evaluated, status_quo, theta), (draws, len(evaluated)))
    spread = np.percentile(npvs, [10, 50, 90], axis=0)
    samples = {c.scenario.name: npvs[:, i] for i, c in enumerate(evaluated)}
    rows = [(c.scenario.name, *spread[:, i]) for i, c in enumerate(evaluated)]
    return pd.DataFrame(rows, columns=PERCENTILE_COLUMNS), samples


def sensitivity(
    evaluated: list[sc.Components], baseline: sc.Baseline, a: sc.AssumptionSet
) -> pd.DataFrame:
    """NPV of saving with each uncertain assumption at its low and its high value."""
    names = a.uncertain()
    status_quo = sc.status_quo_of(evaluated, baseline, a)
    gaps = ledger_gaps(evaluated, status_quo)
    ends = {}
    for name in names:
        low, high = a.low.get(name, a[name]), a.high.get(name, a[name])
        ends[name] = [
            sc.npv_of_savings(evaluated, status_quo, {**a.value, name: v}, gaps)[0]
            for v in (low, high)
        ]
    rows = []
    for i, c in enumerate(evaluated):
        for name in names:
            low, high = a.low.get(name, a[name]), a.high.get(name, a[name])
            result = [float(ends[name][0][i]), float(ends[name][1][i])]
            rows.append((c.scenario.name, name, low, high, *result, abs(result[1] - result[0])))
    table = pd.DataFrame(rows, columns=output_fields.columns("sensitivity")[:-1])
    table["rank"] = (
        table.groupby("scenario")["swing_chf"].rank(ascending=False, method="first").astype(int)
    )
    return table.sort_values(["scenario", "rank"]).reset_index(drop=True)
