"""The optimiser's shortcuts (merged uses, shared crossings, cases by crossing) keep it exact."""

import numpy as np
import pandas as pd
import pytest
from conftest import no_lines
from test_scenarios import assumptions, optimum_and_brute_force, random_baseline

from analysis.model import scenarios as sc
from analysis.model.scenarios import optimise


def three_category_baseline(seed):
    rng = np.random.default_rng(seed)
    baseline = random_baseline(rng, n_platforms=5, n_units=3)
    baseline.platforms["category"] = rng.choice(["meeting", "webinar", "multilingual"], 5)
    return baseline, rng


@pytest.mark.parametrize("seed", range(12))
def test_optimiser_matches_brute_force_with_three_categories_and_crossing(seed):
    baseline, rng = three_category_baseline(seed)
    a = assumptions(
        terminate_early=float(rng.integers(0, 2)), discount_rate=float(rng.uniform(0, 0.1))
    )
    choice, best, _ = optimum_and_brute_force(baseline, a)
    if choice is not None:
        assert choice.cost_npv_chf == pytest.approx(best[1], rel=1e-9, abs=1e-4)


@pytest.mark.parametrize("seed", range(5))
def test_serving_costs_for_many_pairs_equal_can_serve_one_by_one(seed):
    baseline, _ = three_category_baseline(seed)
    pairs = sc.uses(baseline, baseline.in_use)
    servable, cost = sc.serving_costs(baseline, pairs)
    for i, (unit, platform) in enumerate(pairs):
        for k, receiver in enumerate(baseline.platforms["platform"]):
            ok, chf = sc.can_serve(baseline, receiver, baseline.demand_of(unit, platform))
            assert servable[i, k] == ok
            if ok:
                assert cost[i, k] == chf


def test_uses_that_rank_receivers_alike_move_together_at_their_summed_cost():
    # U1 and U2 both use R (meeting); meeting receivers A (10/seat) and B (20/seat) rank
    # alike for both, so their moves are one group. Keeping R costs more than moving both
    # to A (3 + 5 seats at 10 = 80 a year), so the optimum keeps A only.
    platforms = pd.DataFrame(
        {
            "platform": ["R", "A", "B"],
            "category": ["meeting"] * 3,
            "data_protection": "assessed",
            "end_of_life": pd.NaT,
        }
    )
    baseline = sc.Baseline(
        year=2021,
        spend=pd.DataFrame(
            [("U1", "R", 1000.0), ("U2", "R", 1000.0)], columns=["unit", "platform", "amount_chf"]
        ),
        demand=pd.DataFrame(
            [
                ("U1", "R", "licence", "seat", "subscription", 3.0),
                ("U2", "R", "licence", "seat", "subscription", 5.0),
            ],
            columns=["unit", "platform", "cost_type", "demand_unit", "kind", "quantity"],
        ),
        prices=pd.DataFrame(
            [
                ("R", "licence", "seat", 250.0, "observed"),
                ("A", "licence", "seat", 10.0, "list"),
                ("B", "licence", "seat", 20.0, "list"),
            ],
            columns=["platform", "cost_type", "demand_unit", "price_chf", "basis"],
        ),
        line_years=no_lines(),
        support_cost=0.0,
        support_fte=0.0,
        cost_per_fte={},
        platforms=platforms,
        requirements=pd.DataFrame(columns=["unit", "requirement", "kind", "target"]),
        units=["U1", "U2"],
    )
    a = assumptions(
        horizon_years=1,
        discount_rate=0.0,
        price_growth=0.0,
        migration_cost_chf_per_seat=0.0,
        training_cost_chf_per_seat=0.0,
        centralisation_one_off_chf=0.0,
    )
    choice = optimise.optimise(baseline, a)
    assert choice.scenario.keep == ("A",)
    assert choice.cost_npv_chf == pytest.approx(80.0)
    assert choice.cost_npv_chf == pytest.approx(optimise.brute_force(baseline, a)[1])
