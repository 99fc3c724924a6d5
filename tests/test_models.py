"""Hand-computed expectations for annualising, support costs and duplication."""

import numpy as np
import pandas as pd
import pytest

from analysis.check.inputs import load_inputs
from analysis.model.spend import split_lines_by_year
from analysis.pipeline import analyse


def lines(*rows):
    return pd.DataFrame(
        [
            {"amount": a, "currency": c, "start_date": pd.Timestamp(s), "end_date": pd.Timestamp(e)}
            for a, c, s, e in rows
        ]
    )


RATES = pd.DataFrame({"currency": ["USD", "USD"], "year": [2020, 2021], "chf_per_unit": [0.9, 0.8]})


def test_line_spanning_new_year_is_split_by_days_both_ends_counted():
    # 2020-12-02..2021-01-30: 30 days in 2020, 30 days in 2021
    out = split_lines_by_year(lines((600.0, "CHF", "2020-12-02", "2021-01-30")), RATES)
    assert out["year"].tolist() == [2020, 2021]
    assert out["days_in_year"].tolist() == [30, 30]
    assert out["amount_chf"].tolist() == [300.0, 300.0]


def test_leap_year_has_366_days():
    # 2020-01-01..2021-12-31 is 731 days: 366 in 2020, 365 in 2021
    out = split_lines_by_year(lines((731.0, "USD", "2020-01-01", "2021-12-31")), RATES)
    assert out["total_days"].tolist() == [731, 731]
    assert out["amount_in_year"].tolist() == [366.0, 365.0]
    assert out["amount_chf"].tolist() == pytest.approx([366 * 0.9, 365 * 0.8])


def test_one_day_line_and_three_year_line():
    out = split_lines_by_year(
        lines(
            (10.0, "CHF", "2021-07-01", "2021-07-01"), (1096.0, "CHF", "2019-01-01", "2021-12-31")
        ),
        RATES,
    )
    assert out[["year", "amount_chf"]].values.tolist() == [
        [2021, 10.0],
        [2019, 365.0],
        [2020, 366.0],
        [2021, 365.0],
    ]


def test_minimal_data_set_gives_hand_computed_tables(raw_dir):
    results = analyse(load_inputs(raw_dir))
    spend = results.annual_spend.set_index(["year", "unit", "platform", "cost_type"])["amount_chf"]
    assert spend[(2020, "GS", "Zoom", "licence")] == pytest.approx(366 * 0.9)
    assert spend[(2021, "GS", "Zoom", "licence")] == pytest.approx(365 * 0.8)
    assert spend[(2021, "BR", "Zoom", "licence")] == pytest.approx(400.0)
    assert spend[(2021, "GS", "Interprefy", "interpretation")] == 1000.0

    dup = results.duplication.set_index(["year", "category"])
    assert dup.loc[(2021, "multilingual meeting"), "platforms"] == "Interprefy;MyMeetings"
    assert dup.loc[(2021, "multilingual meeting"), "largest_platform"] == "Interprefy"
    assert dup.loc[(2021, "multilingual meeting"), "gross_overlap_chf"] == 600.0
    assert dup.loc[(2021, "meeting"), "spend_chf"] == pytest.approx(992.0)  # Zoom 692 + Teams 300
    assert dup.loc[(2021, "meeting"), "largest_platform"] == "Zoom"
    assert dup.loc[(2021, "meeting"), "gross_overlap_chf"] == pytest.approx(300.0)
    assert dup.loc[(2020, "meeting"), "gross_overlap_chf"] == 0.0
    # no line gives a quantity: no platform can price another's use, so nothing is said to
    # be avoidable, and the run says why
    assert dup["avoidable_duplicated_spend_chf"].isna().all()
    assert [i.code for i in results.issues if i.code == "W_AVOIDABLE_NOT_PRICED"] == [
        "W_AVOIDABLE_NOT_PRICED"
    ] * 2

    frag = results.fragmentation
    assert frag.to_dict("records") == [
        {
            "year": 2021,
            "platform": "Zoom",
            "units_count": 2,
            "units": "BR;GS",
            "spend_chf": pytest.approx(692.0),
        }
    ]

    support = results.support_costs
    assert support["cost_chf"].tolist() == [200000.0, 90000.0]

    head = results.headline.set_index("year")
    assert head.loc[2021].to_dict() == pytest.approx(
        {
            "platforms_in_use": 4,
            "spend_chf": 2592.0,
            "platform_cost_chf": 1592.0,  # Zoom 692, Teams 300, MyMeetings 600
            "use_cost_chf": 1000.0,  # Interprefy's interpretation
            "gross_overlap_chf": 900.0,
            "avoidable_duplicated_spend_chf": pytest.approx(np.nan, nan_ok=True),
            "support_teams": 2,
            "support_fte": 2.0,
            "support_cost_chf": 290000.0,
            # GS supports Interprefy and Teams, TSB MyMeetings: no platform has two teams
            "duplicated_support_cost_chf": 0.0,
        }
    )
    assert head.loc[2020, "spend_chf"] == pytest.approx(329.4)
    assert head.loc[2020, "support_teams"] == 0


def test_largest_platform_tie_goes_to_the_first_name_alphabetically():
    from analysis.model.duplication import find_duplicated_spend

    spend = pd.DataFrame(
        {
            "year": [2021, 2021],
            "category": ["meeting"] * 2,
            "platform": ["Zoom", "GoToMeeting"],
            "unit": ["GS", "BR"],
            "cost_type": ["licence"] * 2,
            "charge": ["platform"] * 2,
            "amount_chf": [50.0, 50.0],
        }
    )
    row = find_duplicated_spend(spend).iloc[0]
    assert (row.largest_platform, row.gross_overlap_chf) == ("GoToMeeting", 50.0)
