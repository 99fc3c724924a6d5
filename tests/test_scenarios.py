"""Consolidation options, hand-computed on a five-platform case.

The case (all CHF, analysed year 2021, horizon 2 years, discount 10 %, no price growth):

    A  meeting               GS  1,200 for 10 hosts in 2021       -> 120 per seat-year
    B  meeting               BR    600 for 10 hosts in 2021       ->  60 per seat-year
    M  multilingual meeting  GS  6,500 for 10 interpreted hours   -> 650 an hour; list 800/event
    N  multilingual meeting  TSB 7,000 for 10 hours and 3,000 for 3 events (use-driven),
                             a service contract of 7,300 over 2021-2022 (10 a day);
                             data protection unclear
    E  meeting               not used; end of life 2023-06-30; list price 50 a host

Every contract but N's service ends on 31 December 2021 and is renewed at the same price
a day. Today's spend: 1,200 + 600 + 6,500 + 10,000 + 3,650 = 21,950; the do-minimum
option (every platform in use kept) costs that every year, plus support.

Support (2021): GS 1 P3 (100,000) supports A and M, 50,000 on each; TSB 0.5 of a
consultant's 80,000 (40,000) supports N and A, 20,000 on each. A is supported by two teams:
2/7 of its 70,000 is beyond the largest team's (the overlap centralising merges).

Needs: TSB needs interpretation (any function; a multilingual meeting needs it anyway);
GS needs Microsoft Edge for its meetings.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import write_workbook

from analysis.check.inputs import load_inputs, read_inputs
from analysis.issues import InputError
from analysis.metadata import reference
from analysis.model import scenarios as sc
from analysis.model.scenarios import uncertainty
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
TWO_YEARS = 1 / 1.1 + 1 / 1.21  # one CHF a year for 2022 and 2023, today at 10 %


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
            [
                "Year",
                "Unit",
                "Role",
                "Grade",
                "FTE",
                "Platform share",
                "Platforms",
                "Annual cost CHF",
            ],
            [2021, "GS", "Support", "P3", 1, 1, "A, M", None],
            [2021, "TSB", "Consultant", None, 1, 0.5, "N, A", 80000],
        ],
        "Requirements": [
            ["Unit", "Requirement", "Function"],
            ["TSB", "interpretation", None],
            ["GS", "Browser Edge", "meeting"],
        ],
        "Assumptions": [["Name", "Value"], *[[k, v] for k, v in values.items()]],
    }


def options_for(tmp_path, scenarios=(), sheets=None, **assume):
    sheets = sheets or case_sheets(**assume)
    sheets["Scenarios"] = [["Scenario", "Keep", "Central support unit", "Start date"], *scenarios]
    if not scenarios:
        del sheets["Scenarios"]
    write_workbook(tmp_path / "case.xlsx", sheets)
    return analyse(load_inputs(tmp_path), 2021).options


def rows_of(options, name):
    return options.scenarios[options.scenarios["scenario"] == name].set_index("year")


def summary_of(options, name):
    return options.summary.set_index("scenario").loc[name]


# --- the do-minimum option ----------------------------------------------------------------------


def test_an_end_of_life_after_the_horizon_leaves_the_platform_in_the_do_minimum(tmp_path):
    sheets = case_sheets()
    sheets["Platforms"][3][5] = D(2030, 6, 30)  # M ends after 2023, the last year compared
    options = options_for(tmp_path, sheets=sheets)
    do_minimum = summary_of(options, sc.BASELINE)
    assert "M" in do_minimum["kept"].split(";")
    assert options.moves[options.moves["scenario"] == sc.BASELINE].empty


def test_do_minimum_carries_todays_run_rate_forward(tmp_path):
    options = options_for(tmp_path)
    dm = rows_of(options, "do minimum")
    assert dm["licence_cost_chf"].tolist() == pytest.approx([21950.0] * 3)
    assert dm["support_cost_chf"].tolist() == pytest.approx([140000.0] * 3)
    assert dm["saving_chf"].tolist() == [0.0] * 3
    run = options.run_rate.set_index(["unit", "platform"])
    assert run.loc[("TSB", "N"), "fixed_chf_per_year"] == pytest.approx(3650.0)  # 10 a day
    assert run.loc[("TSB", "N"), "use_chf_per_year"] == pytest.approx(10000.0)
    assert run.loc[("TSB", "N"), "source"] == (
        "case.xlsx, Licences, row 7; case.xlsx, Licences, rows 5, 6"
    )


def test_contract_ended_mid_year_without_renewal_is_not_carried_forward(tmp_path):
    sheets = case_sheets()
    sheets["Licences"].append(
        ["TSB", "B", 300, "CHF", D(2021, 1, 1), D(2021, 6, 30), "licence", 5, "host"]
    )
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    dm = rows_of(options, "do minimum")
    assert dm.loc[2021, "licence_cost_chf"] == pytest.approx(21950.0 + 300)  # counted today
    assert dm.loc[2022, "licence_cost_chf"] == pytest.approx(21950.0)  # not carried forward
    run = options.run_rate.set_index(["unit", "platform"])
    assert not run.loc[("TSB", "B"), "in_use"]
    assert run.loc[("TSB", "B"), "status"] == (
        "ended 2021-06-30 without renewal: not carried forward"
    )
    # its former use is not bought again elsewhere: only BR's use of B moves
    moves = options.moves[options.moves["scenario"] == "keep A and M"]
    assert ("TSB", "B") not in set(zip(moves["unit"], moves["from_platform"]))


def test_end_of_life_platform_is_migrated_in_the_do_minimum_too(tmp_path):
    sheets = case_sheets()
    sheets["Licences"].append(["GS", "E", 500, "CHF", *Y, "licence", 10, "host"])
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    dm = rows_of(options, "do minimum")
    # E runs to its end of life (2023-06-30, 181 days at 500/365 a day), then GS's 10 seats go
    # to the cheapest kept platform meeting GS's meeting needs (Edge): B at 60 a seat-year
    e_until = 500 * 181 / 365
    on_b = 600 * 184 / 365
    assert dm.loc[2022, "licence_cost_chf"] == pytest.approx(21950 + 500)
    assert dm.loc[2023, "licence_cost_chf"] == pytest.approx(21950 + e_until + on_b)
    assert dm.loc[2023, "one_off_chf"] == pytest.approx(10 * 15)
    moves = options.moves[options.moves["scenario"] == "do minimum"]
    assert moves[
        ["unit", "from_platform", "to_platform", "quantity", "price_chf"]
    ].values.tolist() == [["GS", "E", "B", 10.0, 60.0]]
    # an option is credited only what it changes beyond that: E's seats go to A from 2022
    bridge = options.bridge_lines[options.bridge_lines["scenario"] == "keep A and M"]
    e_lines = bridge[bridge["item"].str.startswith("GS E")]
    assert set(e_lines["kind"]) == {"renewed", "moved", "seat_one_off"}


# --- moving use, priced like for like ----------------------------------------------------------


def test_retiring_platforms_runs_off_contracts_and_moves_use(tmp_path):
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]])
    s = rows_of(options, "keep A and M")
    # 2022: A 1,200 + M 6,500 + N's service contract still due 3,650 + moved use: BR's 10
    # seats at A's 120 = 1,200; TSB's 10 interpreted hours at M's 650 = 6,500 and its 3
    # events at M's list price 800 = 2,400
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(21450.0)
    assert s.loc[2023, "licence_cost_chf"] == pytest.approx(17800.0)  # the contract ended
    # N's work (20,000 of TSB's consultant) leaves with its use and lands on M's team (GS):
    # nothing is known of their meeting hours, so it moves unchanged
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(140000.0)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150.0)  # 10 seats × (10 + 5)
    assert s.loc[2022, "saving_chf"] == pytest.approx(161950 - 161600)
    assert s.loc[2023, "saving_chf"] == pytest.approx(161950 - 157800)
    summary = summary_of(options, "keep A and M")
    assert summary["npv_chf"] == pytest.approx(350 / 1.1 + 4150 / 1.21)
    assert summary["payback_year"] == 2022
    moves = options.moves[options.moves["scenario"] == "keep A and M"]
    assert moves[
        ["unit", "from_platform", "to_platform", "measure", "quantity", "price_chf", "price_basis"]
    ].values.tolist() == [
        ["BR", "B", "A", "seats", 10.0, 120.0, "observed"],
        ["TSB", "N", "M", "interpreted_hours", 10.0, 650.0, "observed"],
        ["TSB", "N", "M", "events", 3.0, 800.0, "list"],
    ]
    assert moves["price_source"].tolist() == [
        "case.xlsx, Licences, row 2",
        "case.xlsx, Licences, row 4",
        "list price (case.xlsx, Platforms, row 4)",
    ]
    assert moves["quantity_source"].tolist() == [
        "case.xlsx, Licences, row 3",
        "case.xlsx, Licences, row 5",
        "case.xlsx, Licences, row 6",
    ]


def test_events_are_priced_per_event_at_the_receivers_observed_price(tmp_path):
    sheets = case_sheets()
    sheets["Licences"].append(["GS", "M", 1800, "CHF", *Y, "licence", 2, "event"])
    sheets["Usage"] = [
        ["Year", "Unit", "Platform", "Meetings", "Interpreted hours"],
        [2021, "TSB", "N", 5, 12],
    ]
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    moves = options.moves[
        (options.moves["scenario"] == "keep A and M") & (options.moves["from_platform"] == "N")
    ].set_index("measure")
    # TSB's 5 meetings on N are 5 events on M, at M's own 900 an event (1,800 for 2)
    assert moves.loc["events", ["quantity", "price_chf", "price_basis"]].tolist() == [
        5.0,
        900.0,
        "observed",
    ]
    assert moves.loc["events", "quantity_source"] == "case.xlsx, Usage, row 2"
    assert moves.loc["events", "price_source"] == "case.xlsx, Licences, row 8"
    assert moves.loc["interpreted_hours", "quantity"] == 12.0
    assert moves["annual_cost_chf"].sum() == pytest.approx(5 * 900 + 12 * 650)


def test_an_event_price_is_per_meeting_where_usage_counts_the_buyers_meetings(tmp_path):
    # GS bought 2 event licences on M for 1,800 and held 4 meetings there: a meeting on M
    # costs 450, and TSB's 5 meetings moved there cost 2,250, not 5 × 900
    sheets = case_sheets()
    sheets["Licences"].append(["GS", "M", 1800, "CHF", *Y, "licence", 2, "event"])
    sheets["Usage"] = [
        ["Year", "Unit", "Platform", "Meetings", "Interpreted hours"],
        [2021, "TSB", "N", 5, 12],
        [2021, "GS", "M", 4, 10],
    ]
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    moves = options.moves[
        (options.moves["scenario"] == "keep A and M") & (options.moves["measure"] == "events")
    ].iloc[0]
    assert (moves["quantity"], moves["price_chf"]) == (5.0, 450.0)
    assert moves["price_source"] == (
        "case.xlsx, Licences, row 8; meetings: case.xlsx, Usage, row 3"
    )


def test_an_entitled_unit_moves_its_seats_at_no_licence_cost(tmp_path):
    sheets = case_sheets()
    sheets["Entitlements"] = [
        ["Unit", "Platform", "Seats", "Start date", "End date", "Source"],
        ["BR", "A", "all", D(2020, 1, 1), None, "A bought for the whole house"],
    ]
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    s = rows_of(options, "keep A and M")
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(21450.0 - 1200)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150.0)  # migration and training still
    move = options.moves[
        (options.moves["scenario"] == "keep A and M") & (options.moves["from_platform"] == "B")
    ].iloc[0]
    assert (move["price_chf"], move["price_basis"]) == (0.0, "entitled")
    assert move["price_source"] == "A bought for the whole house (case.xlsx, Entitlements, row 2)"


def test_a_receiver_that_cannot_price_a_use_does_not_take_it(tmp_path):
    # B's use has seats only; M charges interpreted hours and events, which B's use does not
    # measure: it goes to A. N's use has no seats: A, which charges seats, cannot take it.
    baseline = options_for(tmp_path, [["keep A and M", "A, M", None, None]]).baseline
    assert sc.charges(baseline, "BR", "B", "M") is None
    assert sc.charges(baseline, "TSB", "N", "A") is None
    assert [c.measure for c in sc.charges(baseline, "BR", "B", "A")] == ["seats"]


# --- needs, per unit and function ---------------------------------------------------------------


def test_a_need_is_met_only_by_one_platform_meeting_all_its_requirements(tmp_path):
    # TSB needs Edge for every function, and interpretation: N interprets but has no Edge, A
    # has Edge but no interpretation. Kept together they meet each requirement separately,
    # but no one platform meets TSB's multilingual need.
    sheets = case_sheets(allow_unassessed_data_protection=1)
    sheets["Requirements"].append(["TSB", "Browser Edge", None])
    options = options_for(tmp_path, [["N and A", "N, A", None, None]], sheets=sheets)
    summary = summary_of(options, "N and A")
    assert not summary["requirements_met"]
    assert summary["unmet"] == (
        "TSB, multilingual meeting: no kept platform meets interpretation (as every "
        "multilingual meeting needs), interpretation and Browser Edge; "
        "GS: no kept platform can take over its use of M"  # N cannot price M's use: no events
    )
    assert options.optimal is None  # no platform at all meets TSB's need
    assert "W_NO_OPTIMUM" in [i.code for i in options.issues]


def test_unmet_needs_and_uses_with_nowhere_to_go_are_named(tmp_path):
    options = options_for(
        tmp_path, [["only A", "A", None, None], ["keeps N", "A, M, N", None, None]]
    )
    assert summary_of(options, "only A")["unmet"] == (
        "GS, multilingual meeting: no kept platform meets interpretation (as every "
        "multilingual meeting needs); "
        "TSB, multilingual meeting: no kept platform meets interpretation (as every "
        "multilingual meeting needs) and interpretation; "
        "GS: no kept platform can take over its use of M; "
        "TSB: no kept platform can take over its use of N"
    )
    # use with nowhere to go stays where it is, at today's cost: no saving is claimed for it
    only_a = rows_of(options, "only A")
    assert only_a.loc[2023, "licence_cost_chf"] == pytest.approx(1200 + 6500 + 13650 + 1200)
    assert summary_of(options, "keeps N")["unmet"] == (
        "keeps N: data protection unclear, not assessed"
    )


def test_platform_at_end_of_life_inside_the_horizon_cannot_be_kept(tmp_path):
    options = options_for(tmp_path, [["with E", "E, M", None, None]])
    assert summary_of(options, "with E")["unmet"] == (
        "keeps E: end of life 2023-06-30, before the horizon ends (2023); "
        "GS, meeting: no kept platform meets Browser Edge"
    )
    (tmp_path / "short").mkdir()
    short = options_for(tmp_path / "short", [["with E", "E, M", None, None]], horizon_years=1)
    assert summary_of(short, "with E")["requirements_met"]


# --- support, from the staffing rows ------------------------------------------------------------


def test_centralising_saves_its_share_of_the_merged_overlap_only(tmp_path):
    options = options_for(
        tmp_path, [["central", "A, M", "GS", None], ["keep A and M", "A, M", None, None]]
    )
    # without centralising, N's work (TSB's 20,000) moves with TSB's use to M and stays
    # TSB's: support costs what it did
    assert rows_of(options, "keep A and M").loc[2022, "support_cost_chf"] == 140000
    s = rows_of(options, "central")
    # after the moves two teams support A (GS 50,000, TSB 20,000) and M (GS 50,000, TSB
    # 20,000): the smaller teams' 40,000 is the overlap; 20 % of it is saved
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(140000 - 0.2 * 40000)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150 + 1000)
    lines = options.bridge_lines[
        (options.bridge_lines["scenario"] == "central")
        & (options.bridge_lines["kind"] == "overlap")
    ]
    assert lines[["item", "source", "npv_chf"]].values.tolist() == [
        [
            "TSB Consultant: work on A beside GS's team; M beside GS's team",
            "case.xlsx, Staffing, row 3",
            pytest.approx(-8000 * TWO_YEARS, abs=0.01),
        ]
    ]


def test_a_row_supporting_three_platforms_moves_exactly_its_share_of_the_one_retired(tmp_path):
    sheets = case_sheets(allow_unassessed_data_protection=1)
    sheets["Staffing"][2][6] = "N, A, B"  # TSB's 40,000: a third on each
    options = options_for(tmp_path, [["retire B", "A, M, N", "GS", None]], sheets=sheets)
    work = options.support_work
    assert work[work["platform"] == "B"]["cost_chf"].tolist() == [pytest.approx(40000 / 3)]
    # BR's use of B goes to A, and TSB's third on B with it: on A, TSB's rows now do two
    # thirds (26,666.67) beside GS's 50,000; that is the overlap centralising merges
    s = rows_of(options, "retire B")
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(140000 - 0.2 * 2 * 40000 / 3)


def test_a_uses_work_is_its_share_of_its_platforms_meeting_hours(tmp_path):
    sheets = case_sheets()
    sheets["Licences"].append(["TSB", "B", 300, "CHF", *Y, "licence", 5, "host"])
    sheets["Staffing"][2][6] = "N, A, B"
    sheets["Usage"] = [
        ["Year", "Unit", "Platform", "Meeting hours"],
        [2021, "BR", "B", 30],
        [2021, "TSB", "B", 10],
    ]
    baseline = options_for(tmp_path, sheets=sheets).baseline
    from analysis.model.scenarios import moves

    assert moves.work_moved(baseline, "BR", "B") == {
        "case.xlsx, Staffing, row 3": pytest.approx(40000 / 3 * 0.75)
    }
    assert moves.work_moved(baseline, "TSB", "B") == {
        "case.xlsx, Staffing, row 3": pytest.approx(40000 / 3 * 0.25)
    }


def test_rows_naming_no_platform_save_the_assumed_shares_and_are_warned(tmp_path):
    sheets = case_sheets()
    for row in sheets["Staffing"][1:]:
        row[6] = None
    write_workbook(tmp_path / "case.xlsx", sheets)
    results = analyse(load_inputs(tmp_path), 2021)
    warnings = [(i.code, i.row, i.column) for i in results.issues if i.code.startswith("W_SUPPORT")]
    assert warnings == [
        ("W_SUPPORT_ASSUMED_SHARE", 2, "Platforms"),
        ("W_SUPPORT_ASSUMED_SHARE", 3, "Platforms"),
    ]
    (tmp_path / "o").mkdir()
    options = options_for(tmp_path / "o", [["central", "A, M", "GS", None]], sheets=sheets)
    # two platforms retired, 10 % of 140,000 each, and 20 % for centralising
    assert rows_of(options, "central").loc[2022, "support_cost_chf"] == pytest.approx(
        140000 * (1 - 0.1 * 2 - 0.2)
    )


# --- timing ------------------------------------------------------------------------------------


def test_mid_year_start_pays_the_run_rate_before_and_the_run_off_after(tmp_path):
    options = options_for(tmp_path, [["july", "A, M", None, D(2022, 7, 1)]])
    s = rows_of(options, "july")
    before, after = 181 / 365, 184 / 365  # January to June, July to December
    expected = 1200 + 6500 + 3650 + (600 + 10000) * before + (1200 + 8900) * after
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(expected)
    assert s.loc[2022, "support_cost_chf"] == pytest.approx(140000)


def test_early_termination_swaps_run_off_for_a_fee(tmp_path):
    options = options_for(tmp_path, [["early", "A, M", None, None]], terminate_early=1)
    s = rows_of(options, "early")
    assert s.loc[2022, "licence_cost_chf"] == pytest.approx(17800)
    assert s.loc[2022, "one_off_chf"] == pytest.approx(150 + 0.5 * 3650)


# --- the bridge ----------------------------------------------------------------------------------


def test_saving_bridge_adds_up_from_the_do_minimum_to_the_option_in_present_value(tmp_path):
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]])
    steps = dict(
        options.bridges.loc[
            options.bridges["scenario"] == "keep A and M", ["step", "npv_chf"]
        ].values
    )
    assert list(steps) == ["reference", "licences", "moved_use", "support", "one_off", "option"]
    # written to the centime, so that the steps add up as read (largest remainders)
    assert steps["reference"] == pytest.approx(161950 * TWO_YEARS, abs=0.005)
    # B's renewals (600 a year) and N's 2023 renewal (3,650) end
    assert steps["licences"] == pytest.approx(-600 * TWO_YEARS - 3650 / 1.21, abs=0.01)
    # N's 10,000 a year of use-driven charges stop; 1,200 + 8,900 start on A and M
    assert steps["moved_use"] == pytest.approx((-10000 + 10100) * TWO_YEARS, abs=0.01)
    assert steps["support"] == pytest.approx(0.0, abs=1e-9)
    assert steps["one_off"] == pytest.approx(150 / 1.1, abs=0.01)
    npv = summary_of(options, "keep A and M")["npv_chf"]
    changes = steps["licences"] + steps["moved_use"] + steps["support"] + steps["one_off"]
    assert round(changes, 2) == round(-npv, 2)
    assert round(steps["option"], 2) == round(steps["reference"] + changes, 2)
    lines = options.bridge_lines[options.bridge_lines["scenario"] == "keep A and M"]
    by_step = lines.groupby("step")["npv_chf"].sum()
    for step in ("licences", "moved_use", "one_off"):
        assert round(by_step[step], 2) == steps[step]
    assert (lines["source"] != "").all()


# --- the optimum ---------------------------------------------------------------------------------


def test_optimal_is_added_and_no_option_meeting_the_needs_beats_it(tmp_path):
    options = options_for(
        tmp_path, [["keep A and M", "A, M", None, None], ["central", "A, M", "GS", None]]
    )
    summary = options.summary.set_index("scenario")
    met = summary[summary["requirements_met"]]
    assert met["npv_chf"].max() == pytest.approx(summary.loc["optimal", "npv_chf"])
    # N can't be kept (data protection) and E can't (end of life); GS's seats are cheaper on
    # B (60 a seat-year) than on A (120), and A's work goes with them; centralising saves
    # 20 % of the 40,000 the smaller team does beside GS's, whichever of A or B is kept
    assert summary.loc["optimal", "kept"] == "B;M"
    assert summary.loc["optimal", "central_support_unit"] == "GS"  # the most support work


def assumptions(**change):
    values = {n: float(v) for n, v in reference.assumptions()["default"].items()}
    return sc.AssumptionSet({**values, **change})


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
    for name in "abc":
        (tmp_path / name).mkdir()
    first = uncertain_case(tmp_path / "a", 7)
    again = uncertain_case(tmp_path / "b", 7)
    other = uncertain_case(tmp_path / "c", 8)
    np.testing.assert_array_equal(first.samples["central"], again.samples["central"])
    assert not np.array_equal(first.samples["central"], other.samples["central"])
    row = summary_of(first, "central")
    assert row["p10_saving_chf"] < row["p50_saving_chf"] < row["p90_saving_chf"]


def test_sensitivity_ranks_the_assumption_that_moves_the_saving_most(tmp_path):
    options = uncertain_case(tmp_path, 7)
    table = options.sensitivity[options.sensitivity["scenario"] == "central"].set_index(
        "assumption"
    )
    # the centralisation share from 0.1 to 0.3 of the 40,000 overlap after the moves
    swing = 0.2 * 40000 * TWO_YEARS
    assert table.loc["centralisation_saving_share", "swing_chf"] == pytest.approx(swing)
    assert set(table["rank"]) == set(range(1, len(table) + 1))


def test_triangular_draws_stay_within_low_and_high():
    a = sc.AssumptionSet({"x": 1.0}, low={"x": 0.5}, high={"x": 3.0})
    draws = uncertainty.draw_assumptions(a, 5000, 1)["x"]
    assert draws.min() >= 0.5 and draws.max() <= 3.0


# --- bad scenario inputs ------------------------------------------------------------------------


def test_bad_scenario_requirement_and_assumption_rows_name_their_place(tmp_path):
    sheets = case_sheets()
    sheets["Scenarios"] = [["Scenario", "Keep"], ["optimal", "A"], ["two", "A, Zoomm"]]
    sheets["Requirements"].append(["BR", "edge browser", None])
    sheets["Requirements"].append(["BR", "mobile", "webinars"])
    sheets["Assumptions"].append(["discount rat", 0.05])
    sheets["Assumptions"][2][1] = 2  # discount_rate of 200 %
    write_workbook(tmp_path / "case.xlsx", sheets)
    errors = [(i.code, i.sheet, i.row, i.column) for i in read_inputs(tmp_path).issues.errors]
    assert sorted(errors) == sorted(
        [
            ("E_RESERVED_SCENARIO", "Scenarios", 2, "Scenario"),
            ("E_UNKNOWN_PLATFORM", "Scenarios", 3, "Keep"),
            ("E_BAD_REQUIREMENT", "Requirements", 4, "Requirement"),
            ("E_BAD_REQUIREMENT", "Requirements", 5, "Function"),
            ("E_UNKNOWN_ASSUMPTION", "Assumptions", 17, "Name"),
            ("E_OUT_OF_RANGE", "Assumptions", 3, "Value"),
        ]
    )
    messages = " ".join(i.message for i in read_inputs(tmp_path).issues.errors)
    assert "did you mean 'browser_edge'?" in messages
    assert "did you mean 'discount_rate'?" in messages.replace("DISCOUNT_RATE", "discount_rate")
    assert "no platform has the function (category) 'webinars'" in messages


def entitled_options(tmp_path, seats, end=None):
    tmp_path.mkdir(exist_ok=True)
    sheets = case_sheets()
    sheets["Entitlements"] = [
        ["Unit", "Platform", "Seats", "Start date", "End date", "Source"],
        ["BR", "A", seats, D(2020, 1, 1), end, "A for BR"],
    ]
    options = options_for(tmp_path, [["keep A and M", "A, M", None, None]], sheets=sheets)
    notes = [i.message for i in options.issues if i.code == "W_ENTITLEMENT_NOT_COUNTED"]
    return rows_of(options, "keep A and M").loc[2022, "licence_cost_chf"], notes


def test_an_entitlement_ending_inside_the_horizon_is_not_counted_and_says_so(tmp_path):
    # BR's 10 hosts of B would go to A at GS's 120 a host-year (1,200); the entitlement
    # ends in mid-2022, before the last day compared (2023-12-31): they are priced as bought
    cost, notes = entitled_options(tmp_path, "all", D(2022, 6, 30))
    assert cost == pytest.approx(21450.0)
    assert notes == [
        "this entitlement is not counted for moved seats, which are priced as bought: it ends "
        "on 2022-06-30, before the last day compared (2023-12-31) (A for BR (case.xlsx, "
        "Entitlements, row 2))"
    ]


def test_a_number_of_entitled_seats_counts_only_if_it_covers_every_seat_that_could_move(
    tmp_path,
):
    # 10 seats cover BR's 10 hosts of B (BR holds none of A today): the move is free
    cost, notes = entitled_options(tmp_path / "ten", 10)
    assert (cost, notes) == (pytest.approx(21450.0 - 1200), [])
    # 9 would cover some moves and not others, which depends on the option: priced as bought
    cost, notes = entitled_options(tmp_path / "nine", 9)
    assert cost == pytest.approx(21450.0)
    assert notes == [
        "this entitlement is not counted for moved seats, which are priced as bought: its 9 "
        "seats, less the 0 BR holds on A today, do not cover the 10 seats its other platforms "
        "could move there (A for BR (case.xlsx, Entitlements, row 2))"
    ]


def test_a_bad_entitlement_names_its_place(tmp_path):
    sheets = case_sheets()
    sheets["Entitlements"] = [
        ["Unit", "Platform", "Seats", "Start date", "End date"],
        ["BR", "A", "many", None, None],
        ["GS", "Zoomm", "all", D(2022, 1, 1), D(2021, 1, 1)],
    ]
    write_workbook(tmp_path / "case.xlsx", sheets)
    errors = [(i.code, i.sheet, i.row, i.column) for i in read_inputs(tmp_path).issues.errors]
    assert sorted(errors) == [
        ("E_BAD_VALUE", "Entitlements", 2, "Seats"),
        ("E_PERIOD_REVERSED", "Entitlements", 3, "End date"),
        ("E_UNKNOWN_PLATFORM", "Entitlements", 3, "Platform"),
    ]


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


def test_default_analysed_year_is_the_latest_with_staffing_not_a_contract_running_on(tmp_path):
    write_workbook(tmp_path / "case.xlsx", case_sheets())
    results = analyse(load_inputs(tmp_path))  # N's service contract runs into 2022
    assert results.year == 2021


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
