"""Consolidation scenarios, hand-computed on a five-platform case, and the optimiser proved.

The case (all CHF, analysed year 2021, horizon 2 years, discount 10 %, no price growth):

    A  meeting               GS  1,200 for 10 hosts         -> 120 per seat
    B  meeting               BR    600 for 10 hosts         ->  60 per seat
    M  multilingual meeting  GS  6,500 for 10 interpreted hours -> 650 per hour; list 800/event
    N  multilingual meeting  TSB 7,000 for 10 hours, 3,000 for 3 events, and a service
                             contract of 7,300 over 2021-2022 (3,650 a year);
                             data protection unclear
    E  meeting               not used; end of life 2023-06-30

Support: GS 1 FTE at 100,000 (grade P3); TSB 0.5 of a consultant's 80,000. S0 = 140,000.
Today's spend: 1,200 + 600 + 6,500 + 13,650 = 21,950.
"""

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest
from conftest import no_lines, write_workbook

from analysis.check.inputs import load_inputs, read_inputs
from analysis.issues import InputError
from analysis.metadata import reference
from analysis.model import scenarios as sc
from analysis.model.scenarios import optimise, uncertainty
from analysis.pipeline import analyse

D = dt.datetime
HEAD = [
    "Unit",
    "Platform",
    "Amount",
    "Currency",
    "Start date",
    "End date",
    "Cost type",
    "Quantity",
    "Quantity unit",
]
Y = (D(2021, 1, 1), D(2021, 12, 31))


def case_sheets(**assume):
    values = {
        "horizon_years": 2,
        "discount_rate": 0.1,
        "price_growth": 0,
        "staff_cost_growth": 0,
        "migration_cost_chf_per_seat": 10,
        "training_cost_chf_per_seat": 5,
        "centralisation_one_off_chf": 1000,
        "centralisation_saving_share": 0.2,
        "support_saving_per_retired_platform_share": 0.1,
        "terminate_early": 0,
        "early_termination_fee_share": 0.5,
        "allow_end_of_life": 0,
        "allow_unassessed_data_protection": 0,
        "monte_carlo_draws": 200,
        "monte_carlo_seed": 7,
        **assume,
    }
    return {
        "Licences": [
            HEAD,
            ["GS", "A", 1200, "CHF", *Y, "licence", 10, "host"],
            ["BR", "B", 600, "CHF", *Y, "licence", 10, "host"],
            ["GS", "M", 6500, "CHF", *Y, "interpretation", 10, "hour"],
            ["TSB", "N", 7000, "CHF", *Y, "interpretation", 10, "hour"],
            ["TSB", "N", 3000, "CHF", *Y, "licence", 3, "event"],
            ["TSB", "N", 7300, "CHF", D(2021, 1, 1), D(2022, 12, 31), "service", None, None],
        ],
        "Platforms": [
            [
                "Platform",
                "Category",
                "Interpretation",
                "Browser Edge",
                "Data protection",
                "End of life",
                "List price CHF",
                "List price unit",
            ],
            ["A", "meeting", "no", "yes", "assessed", None, None, None],
            ["B", "meeting", "no", "yes", "assessed", None, None, None],
            ["M", "multilingual meeting", "yes", "no", "assessed", None, 800, "event"],
            ["N", "multilingual meeting", "yes", "no", "unclear", None, None, None],
            ["E", "meeting", "no", "yes", "assessed", D(2023, 6, 30), 50, "host"],
        ],
        "Rates": [["Currency", "Year", "CHF per unit"]],
        "StaffCosts": [["Grade", "Year", "Annual cost CHF"], ["P3", 2021, 100000]],
        "Staffing": [
            ["Year", "Unit", "Role", "Grade", "FTE", "Platform share", "Annual cost CHF"],
            [2021, "GS", "Support", "P3", 1, 1, None],
            [2021, "TSB", "Consultant", None, 1, 0.5, 80000],
        ],
        "Requirements": [
            ["Unit", "Requirement"],
            ["TSB", "interpretation"],
            ["GS", "Browser Edge"],
        ],
        "Assumptions": [["Name", "Value"], *[[k, v] for k, v in values.items()]],
    }


def options_for(tmp_path, scenarios=(), **assume):
    sheets = case_sheets(**assume)
    sheets["Scenarios"] = [["Scenario", "Keep", "Central support unit", "Start date"], *scenarios]
    if not scenarios:
        del sheets["Scenarios"]
    write_workbook(tmp_path / "case.xlsx", sheets)
    return analyse(load_inputs(tmp_path), 2021).options


def rows_of(options, name):
    return options.scenarios[options.scenarios["scenario"] == name].set_index("year")


def test_status_quo_reproduces_todays_spend_and_support_exactly(tmp_path):
    options = options_for(tmp_path)
    sq = rows_of(options, "status quo")
    assert sq["licence_cost_chf"].tolist() == [21950.0, 21950.0, 21950.0]
    assert sq["support_cost_chf"].tolist() == [140000.0] * 3
    assert sq["saving_chf"].tolist() == [0.0] * 3


def test_retiring_platforms_runs_off_contracts_moves_demand_and_saves_support(tmp_path):
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]])
    s = rows_of(options, "keep A and M")
    # 2022: kept 7,700 + N's service contract still due 3,650 + moved demand
    #       (BR's 10 seats at A's 120 = 1,200; TSB's 10 hours at M's 650 = 6,500;
    #        TSB's 3 events at M's list price 800 = 2,400) = 21,450
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(21450.0)
    assert s.loc[2023, "licence_cost_chf"] == pytest.approx(17800.0)  # contract ended
    # two platforms retired, 10 % of S0 each: 140,000 × 0.8
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(112000.0)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150.0)  # 10 seats × (10 + 5)
    assert s.loc[2023, "one_off_chf"] == 0.0
    assert s.loc[2022, "saving_chf"] == pytest.approx(161950 - 133600)
    assert s.loc[2023, "cumulative_saving_chf"] == pytest.approx(28350 + 32150)
    summary = options.summary.set_index("scenario").loc["keep A and M"]
    assert summary["npv_chf"] == pytest.approx(28350 / 1.1 + 32150 / 1.21)
    assert summary["payback_year"] == 2022
    assert summary["requirements_met"]
    moves = options.moves[options.moves["scenario"] == "keep A and M"]
    assert moves[
        ["unit", "from_platform", "to_platform", "demand_unit", "price_chf"]
    ].values.tolist() == [
        ["BR", "B", "A", "seat", 120.0],
        ["TSB", "N", "M", "hour", 650.0],
        ["TSB", "N", "M", "event", 800.0],
    ]


def test_centralising_support_in_one_unit(tmp_path):
    options = options_for(tmp_path, [["central", "A, M", "GS", None]])
    s = rows_of(options, "central")
    # 1.5 FTE at GS's 100,000 = 150,000, less 20 % = 120,000; less 2 × 10 % of S0 = 92,000
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(92000.0)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(1150.0)


def test_mid_year_start_pays_status_quo_before_and_run_off_after(tmp_path):
    options = options_for(tmp_path, [["july", "A, M", None, D(2022, 7, 1)]])
    s = rows_of(options, "july")
    after = 184 / 365  # 1 July to 31 December
    moved = 1200 + 6500 + 2400
    retired = 600 + 13650
    expected = 7700 + (1 - after) * retired + 3650 * after + after * moved
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(expected)
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(140000 * (1 - after * 0.2))


def test_early_termination_swaps_run_off_for_a_fee(tmp_path):
    options = options_for(tmp_path, [["early", "A, M", None, None]], terminate_early=1)
    s = rows_of(options, "early")
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(7700 + 10100)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150 + 0.5 * 3650)


def test_requirements_are_checked_and_unmet_ones_named(tmp_path):
    options = options_for(
        tmp_path, [["only A", "A", None, None], ["keeps N", "A, M, N", None, None]]
    )
    summary = options.summary.set_index("scenario")
    assert not summary.loc["only A", "requirements_met"]
    assert summary.loc["only A", "unmet"] == (
        "TSB: interpretation; GS: no kept platform can take over its use of M; "
        "TSB: no kept platform can take over its use of N"
    )
    # use with nowhere to go stays where it is: no saving is claimed for it
    only_a = rows_of(options, "only A")
    assert only_a.loc[2023, "licence_cost_chf"] == pytest.approx(1200 + 6500 + 13650 + 1200)
    assert summary.loc["keeps N", "unmet"] == "keeps N: data protection unclear, not assessed"


def test_platform_at_end_of_life_inside_the_horizon_cannot_be_kept(tmp_path):
    options = options_for(tmp_path, [["with E", "E, M", None, None]])
    assert options.summary.set_index("scenario").loc["with E", "unmet"] == (
        "keeps E: end of life 2023-06-30, before the horizon ends (2023); GS: Browser Edge"
    )
    (tmp_path / "short").mkdir()
    short = options_for(tmp_path / "short", [["with E", "E, M", None, None]], horizon_years=1)
    assert short.summary.set_index("scenario").loc["with E", "requirements_met"]


def test_optimal_is_added_and_no_scenario_meeting_the_requirements_beats_it(tmp_path):
    options = options_for(
        tmp_path, [["keep A and M", "A, M", None, None], ["central", "A, M", "GS", None]]
    )
    summary = options.summary.set_index("scenario")
    assert "optimal" in summary.index
    met = summary[summary["requirements_met"]]
    assert met["npv_chf"].max() == pytest.approx(summary.loc["optimal", "npv_chf"])
    assert summary.loc["optimal", "kept"] == "B;M"  # BR's seats are cheapest on B
    assert summary.loc["optimal", "central_support_unit"] == "TSB"  # 80,000 per FTE


# --- the optimiser against brute force on random small cases --------------------------------


def random_baseline(rng, n_platforms=4, n_units=2):
    names = [f"P{i}" for i in range(n_platforms)]
    units = [f"U{i}" for i in range(n_units)]
    categories = rng.choice(["meeting", "webinar"], n_platforms)
    platforms = pd.DataFrame(
        {
            "platform": names,
            "category": categories,
            "interpretation": rng.random(n_platforms) < 0.5,
            "browser_edge": rng.random(n_platforms) < 0.7,
            "max_participants": rng.choice([100.0, 300.0], n_platforms),
            "data_protection": np.where(rng.random(n_platforms) < 0.85, "assessed", "unclear"),
            "end_of_life": pd.NaT,
        }
    )
    spend, demand, prices = [], [], []
    for u, p in itertools.product(units, names):
        if rng.random() < 0.5:
            spend.append((u, p, float(rng.integers(100, 5000))))
            for cost_type, unit in [("licence", "seat"), ("interpretation", "hour")]:
                if rng.random() < 0.6:
                    kind = "subscription" if unit == "seat" else "consumption"
                    demand.append((u, p, cost_type, unit, kind, float(rng.integers(1, 30))))
    for p in names:
        for cost_type, unit in [("licence", "seat"), ("interpretation", "hour")]:
            if rng.random() < 0.7:
                prices.append((p, cost_type, unit, float(rng.integers(10, 700)), "observed"))
    requirements = []
    for u in units:
        for kind, target, text in [
            ("capability", "interpretation", "interpretation"),
            ("capability", "browser_edge", "browser_edge"),
            ("participants", 250.0, "participants>=250"),
        ]:
            if rng.random() < 0.3:
                requirements.append((u, text, kind, target))
    return sc.Baseline(
        year=2021,
        spend=pd.DataFrame(spend, columns=["unit", "platform", "amount_chf"]),
        demand=pd.DataFrame(
            demand, columns=["unit", "platform", "cost_type", "demand_unit", "kind", "quantity"]
        ),
        prices=pd.DataFrame(
            prices, columns=["platform", "cost_type", "demand_unit", "price_chf", "basis"]
        ),
        line_years=no_lines(),
        support_cost=float(rng.integers(0, 200000)),
        support_fte=2.0,
        cost_per_fte={u: float(rng.integers(40000, 120000)) for u in units if rng.random() < 0.7},
        platforms=platforms,
        requirements=pd.DataFrame(requirements, columns=["unit", "requirement", "kind", "target"]),
        units=units,
    )


def assumptions(**change):
    values = {n: float(v) for n, v in reference.assumptions()["default"].items()}
    return sc.AssumptionSet({**values, **change})


def optimum_and_brute_force(baseline, a):
    """Solve by the optimiser and by brute force; both feasible or neither, the choice met."""
    choice = optimise.optimise(baseline, a)
    best = optimise.brute_force(baseline, a)
    assert (choice is None) == (best is None)
    if choice is None:
        return None, None, None
    evaluated = sc.evaluate(baseline, choice.scenario, a)
    assert evaluated.unmet == []
    return choice, best, evaluated


@pytest.mark.parametrize("seed", range(25))
def test_optimiser_matches_brute_force_on_random_small_cases(seed):
    rng = np.random.default_rng(seed)
    baseline = random_baseline(rng)
    a = assumptions(
        terminate_early=float(rng.integers(0, 2)), discount_rate=float(rng.uniform(0, 0.1))
    )
    choice, best, evaluated = optimum_and_brute_force(baseline, a)
    if choice is not None:
        assert optimise.discounted_cost(evaluated, baseline, a) == pytest.approx(
            best[1], rel=1e-9, abs=1e-6
        )
        assert choice.cost_npv_chf == pytest.approx(best[1], rel=1e-9, abs=1e-4)


# --- uncertainty -------------------------------------------------------------------------------


def uncertain_case(tmp_path, seed):
    sheets = case_sheets(monte_carlo_seed=seed)
    sheets["Assumptions"][0] += ["Low", "High"]
    for row in sheets["Assumptions"][1:]:
        if row[0] == "price_growth":
            row += [0.0, 0.05]
        if row[0] == "centralisation_saving_share":
            row += [0.1, 0.3]
    sheets["Scenarios"] = [["Scenario", "Keep", "Central support unit"], ["central", "A, M", "GS"]]
    write_workbook(tmp_path / "case.xlsx", sheets)
    return analyse(load_inputs(tmp_path), 2021).options


def test_monte_carlo_is_reproducible_with_its_seed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    first = uncertain_case(tmp_path / "a", 7)
    again = uncertain_case(tmp_path / "b", 7)
    other = uncertain_case(tmp_path / "c", 8)
    np.testing.assert_array_equal(first.samples["central"], again.samples["central"])
    assert not np.array_equal(first.samples["central"], other.samples["central"])
    row = first.summary.set_index("scenario").loc["central"]
    assert row["p10_saving_chf"] < row["p50_saving_chf"] < row["p90_saving_chf"]


def test_sensitivity_ranks_the_assumption_that_moves_the_saving_most(tmp_path):
    options = uncertain_case(tmp_path, 7)
    table = options.sensitivity[options.sensitivity["scenario"] == "central"].set_index(
        "assumption"
    )
    # centralisation saving ±0.1 of 150,000 a year over two years outweighs 5 % price growth
    assert table.loc["centralisation_saving_share", "rank"] == 1
    swing = 0.2 * 150000 * (1 / 1.1 + 1 / 1.21)
    assert table.loc["centralisation_saving_share", "swing_chf"] == pytest.approx(swing)


def test_triangular_draws_stay_within_low_and_high():
    a = sc.AssumptionSet({"x": 1.0}, low={"x": 0.5}, high={"x": 3.0})
    draws = uncertainty.draw_assumptions(a, 5000, 1)["x"]
    assert draws.min() >= 0.5 and draws.max() <= 3.0


# --- bad scenario inputs ------------------------------------------------------------------------


def test_bad_scenario_requirement_and_assumption_rows_name_their_place(tmp_path):
    sheets = case_sheets()
    sheets["Scenarios"] = [["Scenario", "Keep"], ["optimal", "A"], ["two", "A, Zoomm"]]
    sheets["Requirements"].append(["BR", "edge browser"])
    sheets["Assumptions"].append(["discount rat", 0.05])
    sheets["Assumptions"][2][1] = 2  # discount_rate of 200 %
    write_workbook(tmp_path / "case.xlsx", sheets)
    errors = [(i.code, i.sheet, i.row, i.column) for i in read_inputs(tmp_path).issues.errors]
    assert sorted(errors) == sorted(
        [
            ("E_RESERVED_SCENARIO", "Scenarios", 2, "Scenario"),
            ("E_UNKNOWN_PLATFORM", "Scenarios", 3, "Keep"),
            ("E_BAD_REQUIREMENT", "Requirements", 4, "Requirement"),
            ("E_UNKNOWN_ASSUMPTION", "Assumptions", 17, "Name"),
            ("E_OUT_OF_RANGE", "Assumptions", 3, "Value"),
        ]
    )
    messages = " ".join(i.message for i in read_inputs(tmp_path).issues.errors)
    assert "did you mean 'browser_edge'?" in messages
    assert "did you mean 'discount_rate'?" in messages.replace("DISCOUNT_RATE", "discount_rate")


def test_repeated_scenario_and_assumption_names_are_errors_not_crashes(tmp_path):
    sheets = case_sheets()
    sheets["Scenarios"] = [["Scenario", "Keep"], ["two", "A"], ["Two ", "B"]]
    sheets["Assumptions"].append(["Discount rate", 0.05])
    write_workbook(tmp_path / "case.xlsx", sheets)
    errors = [(i.code, i.sheet, i.row, i.column) for i in read_inputs(tmp_path).issues.errors]
    assert sorted(errors) == [
        ("E_DUPLICATE_KEY", "Assumptions", 17, "Name"),
        ("E_DUPLICATE_KEY", "Scenarios", 3, "Scenario"),
    ]


def test_start_outside_the_horizon_is_an_error_at_its_cell(tmp_path):
    sheets = case_sheets()
    sheets["Scenarios"] = [
        ["Scenario", "Keep", "Start date"],
        ["early", "A, M", D(2021, 7, 1)],
        ["late", "A, M", D(2024, 1, 1)],
    ]
    write_workbook(tmp_path / "case.xlsx", sheets)
    with pytest.raises(InputError) as caught:
        analyse(load_inputs(tmp_path), 2021)
    places = [(i.code, i.sheet, i.row) for i in caught.value.issues.errors]
    assert places == [
        ("E_START_OUTSIDE_HORIZON", "Scenarios", 2),
        ("E_START_OUTSIDE_HORIZON", "Scenarios", 3),
    ]


def test_support_savings_above_todays_support_cost_are_refused(tmp_path):
    sheets = case_sheets(support_saving_per_retired_platform_share=0.3)  # 4 platforms × 0.3 + 0.2
    write_workbook(tmp_path / "case.xlsx", sheets)
    with pytest.raises(InputError) as caught:
        analyse(load_inputs(tmp_path), 2021)
    [error] = caught.value.issues.errors
    assert (error.code, error.sheet, error.row) == ("E_SUPPORT_SAVING_TOO_HIGH", "Assumptions", 10)


def test_a_platform_whose_use_cannot_move_saves_no_support(tmp_path):
    options = options_for(tmp_path, [["only A", "A", None, None]])
    # B moves to A (retired); M and N stay in use (nowhere to go): one platform retired
    assert rows_of(options, "only A").loc[2022, "support_cost_chf"] == pytest.approx(140000 * 0.9)


def test_default_analysed_year_is_the_latest_with_staffing_not_a_contract_running_on(tmp_path):
    write_workbook(tmp_path / "case.xlsx", case_sheets())
    results = analyse(load_inputs(tmp_path))  # N's service contract runs into 2022
    assert results.year == 2021


def test_saving_bridge_adds_up_from_the_status_quo_to_the_option_in_present_value(tmp_path):
    options = options_for(tmp_path, [["central", "A, M", "GS", None]])
    assert options.focus == "optimal"
    bridges = options.bridges
    assert set(bridges["scenario"]) == {"central", "optimal"}  # every option but the status quo
    steps = dict(bridges.loc[bridges["scenario"] == "optimal", ["step", "npv_chf"]].values)
    assert list(steps) == ["reference", "licences", "moved_use", "support", "one_off", "option"]
    # two years at 10 %: a CHF a year is worth 1/1.1 + 1/1.21 = 1.735537… today
    two_years = 1 / 1.1 + 1 / 1.21
    assert steps["reference"] == pytest.approx(161950 * two_years)
    # the optimal set (B, M, support in TSB) retires A and N: 2 × 10 % of 140,000 a year saved
    # for fewer platforms; 1.5 FTE at TSB's 80,000 less 20 % = 96,000 against 140,000 a year
    assert steps["support"] == pytest.approx(-(28000 + 44000) * two_years)
    npv = options.summary.set_index("scenario").loc["optimal", "npv_chf"]
    changes = steps["licences"] + steps["moved_use"] + steps["support"] + steps["one_off"]
    assert changes == pytest.approx(-npv, abs=1e-6)
    assert steps["option"] == pytest.approx(steps["reference"] - npv, abs=1e-6)


def test_utilisation_counts_unused_licences_and_their_cost(tmp_path):
    sheets = case_sheets()
    sheets["Usage"] = [["Year", "Unit", "Platform", "Active hosts"], [2021, "GS", "A", 4]]
    write_workbook(tmp_path / "case.xlsx", sheets)
    table = analyse(load_inputs(tmp_path), 2021).options.utilisation
    # GS pays 10 A hosts for CHF 1,200 (120 each) and uses 4: 6 unused cost 720
    assert table[
        ["unit", "platform", "licences_paid", "licences_used", "licences_unused", "unused_cost_chf"]
    ].values.tolist() == [["GS", "A", 10.0, 4.0, 6.0, 720.0]]


def test_languages_requirement_needs_interpretation_into_enough_languages():
    from analysis.check.cross import parse_requirement

    kind, target, problem = parse_requirement("languages >= 6", [], [])
    assert (kind, target, problem) == ("languages", 6.0, None)
    six = pd.Series({"interpretation": True, "interpretation_languages": 6.0})
    two = pd.Series({"interpretation": True, "interpretation_languages": 2.0})
    none = pd.Series({"interpretation": False, "interpretation_languages": 6.0})
    assert [sc.satisfies(p, kind, target) for p in (six, two, none)] == [True, False, False]
