"""The optimiser equals trying every keep-set and support set-up, on random small cases.

The cases have three functions, entitlements, needs per unit and function, prices per
seat, event and hour (observed and list), contracts running past the analysed year (so
retiring a platform leaves run-off), support rows spread over several platforms with and
without meeting hours (so work moves in proportion, or unchanged, and centralising saves
on platforms two teams support), and rows naming no platform (the assumed shares).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from test_scenarios import assumptions

from analysis.model import scenarios as sc
from analysis.model.scenarios import optimise

FUNCTIONS = ["meeting", "webinar", "multilingual meeting"]
PRICES = [("licence", "seat"), ("licence", "event"), ("interpretation", "hour")]


def random_baseline(seed: int, n_platforms: int = 4, n_units: int = 3) -> sc.Baseline:
    rng = np.random.default_rng(seed)
    names = [f"P{i}" for i in range(n_platforms)]
    units = [f"U{i}" for i in range(n_units)]
    platforms = pd.DataFrame(
        {
            "platform": names,
            "category": rng.choice(FUNCTIONS, n_platforms),
            "interpretation": rng.random(n_platforms) < 0.6,
            "browser_edge": rng.random(n_platforms) < 0.7,
            "max_participants": rng.choice([100.0, 300.0], n_platforms),
            "data_protection": np.where(rng.random(n_platforms) < 0.85, "assessed", "unclear"),
            "end_of_life": pd.NaT,
        }
    )
    interprets = dict(zip(names, platforms["interpretation"]))
    pairs, contracts, demand = [], [], []
    for u, p in itertools.product(units, names):
        if rng.random() < 0.45:
            continue
        use = float(rng.integers(0, 3000))
        pairs.append((u, p, platforms.set_index("platform").loc[p, "category"], True, use))
        for _ in range(int(rng.integers(0, 3))):
            end = pd.Timestamp("2021-12-31") + pd.Timedelta(days=int(rng.integers(0, 500)))
            daily = float(rng.integers(1, 20))
            contracts.append((u, p, daily, pd.Timestamp("2021-01-01"), end, f"{u}-{p}-{end:%j}"))
        for measure in ("seats", "events", "meeting_hours"):
            known = rng.random() < 0.8
            demand.append((u, p, measure, float(rng.integers(0, 40)) if known else np.nan, "r"))
        hours = float(rng.integers(0, 30)) if interprets[p] else 0.0
        demand.append((u, p, "interpreted_hours", hours, "r"))
    prices = []
    for p in names:
        for cost_type, unit in PRICES:
            if cost_type == "interpretation" and not interprets[p]:
                continue
            if rng.random() < 0.6:
                basis = "observed" if rng.random() < 0.7 else "list"
                prices.append((p, cost_type, unit, float(rng.integers(10, 900)), basis, "s"))
    entitlements = [
        (
            u,
            p,
            float("inf") if rng.random() < 0.5 else float(rng.integers(1, 20)),
            pd.NaT,
            pd.NaT,
            "e",
        )
        for u, p in itertools.product(units, names)
        if rng.random() < 0.2
    ]
    support, unassigned = [], []
    in_use = sorted({p for _, p, *_ in pairs})
    for i, team in enumerate(units[:2]):
        supported = [p for p in in_use if rng.random() < 0.6]
        cost = float(rng.integers(20000, 120000))
        if not supported:
            unassigned.append((f"row {i}", team, cost, f"row {i}"))
        for p in supported:
            support.append((f"row {i}", team, p, cost / len(supported), "equal", f"row {i}"))
    requirements = []
    for u in units:
        for kind, target, text in [
            ("capability", "interpretation", "interpretation"),
            ("capability", "browser_edge", "browser_edge"),
            ("participants", 250.0, "participants>=250"),
        ]:
            if rng.random() < 0.3:
                function = rng.choice(["", *FUNCTIONS])
                requirements.append((u, text, kind, target, str(function)))
    return sc.Baseline(
        year=2021,
        pairs=pd.DataFrame(
            [
                (u, p, c, a, pd.Timestamp("2021-12-31"), 0.0, use, "lines")
                for u, p, c, a, use in pairs
            ],
            columns=[
                "unit",
                "platform",
                "category",
                "active",
                "last_day",
                "spend_chf",
                "use_chf",
                "use_sources",
            ],
        ),
        contracts=pd.DataFrame(
            contracts, columns=["unit", "platform", "daily_chf", "start_date", "end_date", "source"]
        ),
        demand=pd.DataFrame(demand, columns=["unit", "platform", "measure", "quantity", "source"]),
        prices=pd.DataFrame(
            prices, columns=["platform", "cost_type", "demand_unit", "price_chf", "basis", "source"]
        ),
        entitlements=pd.DataFrame(
            entitlements, columns=["unit", "platform", "seats", "start_date", "end_date", "source"]
        ),
        support=pd.DataFrame(
            support, columns=["row", "team", "platform", "cost_chf", "weight", "source"]
        ),
        unassigned=pd.DataFrame(unassigned, columns=["row", "team", "cost_chf", "source"]),
        platforms=platforms,
        requirements=pd.DataFrame(
            requirements, columns=["unit", "requirement", "kind", "target", "function"]
        ),
        units=units,
        function_needs={"multilingual meeting": ("interpretation",), "meeting": (), "webinar": ()},
    )


def random_assumptions(seed: int) -> sc.AssumptionSet:
    rng = np.random.default_rng(seed + 1000)
    return assumptions(
        terminate_early=float(rng.integers(0, 2)),
        discount_rate=float(rng.uniform(0, 0.1)),
        price_growth=float(rng.uniform(-0.02, 0.05)),
        centralisation_saving_share=float(rng.uniform(0, 0.5)),
        support_saving_per_retired_platform_share=float(rng.uniform(0, 0.1)),
        allow_unassessed_data_protection=float(rng.integers(0, 2)),
    )


@pytest.mark.parametrize("seed", range(40))
def test_optimiser_matches_brute_force_on_random_cases(seed):
    baseline = random_baseline(seed)
    a = random_assumptions(seed)
    choice = optimise.optimise(baseline, a)
    best = optimise.brute_force(baseline, a)
    assert (choice is None) == (best is None)
    if choice is None:
        return
    evaluated = sc.evaluate(baseline, choice.scenario, a)
    assert evaluated.unmet == ()
    assert optimise.discounted_cost(evaluated, a) == pytest.approx(best[1], rel=1e-9, abs=1e-6)
    assert choice.cost_npv_chf == pytest.approx(best[1], rel=1e-9, abs=1e-4)


def test_random_cases_exercise_every_part_of_the_model():
    """The cases above are not trivial: they move use, run off contracts, centralise."""
    kinds: set[str] = set()
    for seed in range(40):
        baseline = random_baseline(seed)
        a = random_assumptions(seed)
        choice = optimise.optimise(baseline, a)
        if choice is None:
            continue
        c = sc.evaluate(baseline, choice.scenario, a)
        kinds |= {line.klass for line in c.ledger if np.any(line.values[1:])}
        kinds |= {f"basis:{b}" for b in c.moves["price_basis"]}
        if c.is_centralised:
            kinds.add("centralised")
    assert {"moved", "runoff", "overlap", "centralised", "basis:observed"} <= kinds
    assert {"basis:entitled", "basis:list", "flat_retired"} <= kinds


def test_optimiser_with_nothing_in_use_and_nothing_needed_keeps_nothing():
    """No use to move and no need to meet: the program has no constraint rows at all."""
    from dataclasses import replace

    full = random_baseline(0)
    empty = replace(
        full,
        pairs=full.pairs[:0],
        contracts=full.contracts[:0],
        demand=full.demand[:0],
        support=full.support[:0],
        unassigned=full.unassigned[:0],
        requirements=full.requirements[:0],
    )
    choice = optimise.optimise(empty, random_assumptions(0))
    assert choice is not None
    assert choice.scenario.keep == ()
    assert choice.cost_npv_chf == pytest.approx(0.0, abs=1e-6)
