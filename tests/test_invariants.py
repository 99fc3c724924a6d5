"""The invariant checks: each passes on consistent tables and fails, by name, on broken ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd
import pytest

from analysis.check.inputs import load_inputs
from analysis.model import invariants, scenarios
from analysis.pipeline import analyse

SQ, OPT = "do minimum", "optimal"


@dataclass(frozen=True)
class Opts:
    scenarios: pd.DataFrame
    summary: pd.DataFrame


@dataclass(frozen=True)
class Tables:
    year: int
    line_years: pd.DataFrame
    annual_spend: pd.DataFrame
    duplication: pd.DataFrame
    headline: pd.DataFrame
    support_costs: pd.DataFrame
    support_by_unit: pd.DataFrame
    options: Opts


def consistent() -> Tables:
    """One year, by hand: a 600 CHF line over 2021 and a 730 CHF line over 2020-2021."""
    key = {"source_file": "a.xlsx", "source_sheet": "Licences"}
    lines = pd.DataFrame(
        [
            {**key, "source_row": 2, "year": 2021, "days_in_year": 365, "total_days": 365,
             "amount": 600.0, "amount_in_year": 600.0, "amount_chf": 600.0},
            {**key, "source_row": 3, "year": 2020, "days_in_year": 366, "total_days": 731,
             "amount": 731.0, "amount_in_year": 366.0, "amount_chf": 366.0},
            {**key, "source_row": 3, "year": 2021, "days_in_year": 365, "total_days": 731,
             "amount": 731.0, "amount_in_year": 365.0, "amount_chf": 365.0},
        ]
    )  # fmt: skip
    annual = pd.DataFrame({"year": [2020, 2021, 2021], "amount_chf": [366.0, 600.0, 365.0]})
    dup = pd.DataFrame(
        {
            "year": [2020, 2021],
            "spend_chf": [366.0, 965.0],
            "platform_cost_chf": [366.0, 600.0],
            "use_cost_chf": [0.0, 365.0],
            "gross_overlap_chf": [0.0, 365.0],
        }
    )
    support = pd.DataFrame(
        {"year": [2021, 2021], "unit": ["GS", "TSB"], "platform_share": [0.5, 1.0],
         "cost_chf": [200.0, 90.0]}
    )  # fmt: skip
    by_unit = pd.DataFrame(
        {"year": [2021, 2021], "unit": ["GS", "TSB"], "cost_chf": [200.0, 90.0],
         "is_largest": [True, False]}
    )  # fmt: skip
    headline = pd.DataFrame(
        {"year": [2020, 2021], "spend_chf": [366.0, 965.0], "support_cost_chf": [0.0, 290.0],
         "duplicated_support_cost_chf": [0.0, 90.0]}
    )  # fmt: skip
    table = pd.DataFrame(
        {"scenario": [SQ, SQ, OPT, OPT], "year": [2021, 2022, 2021, 2022],
         "total_chf": [1255.0, 1255.0, 1255.0, 900.0]}
    )  # fmt: skip
    summary = pd.DataFrame(
        {"scenario": [SQ, OPT], "npv_chf": [0.0, 330.0], "requirements_met": [False, True]}
    )
    return Tables(2021, lines, annual, dup, headline, support, by_unit, Opts(table, summary))


def failed(checks: invariants.Checks) -> list[str]:
    return [c.name for c in checks.failed]


def test_consistent_tables_pass_every_check_shown_as_one_line():
    checks = invariants.all_checks(consistent(), SQ, OPT)
    assert len(checks) == 20
    assert not checks.failed
    assert repr(checks.confirm()) == "20 checks passed"
    assert checks._repr_markdown_() == "✔ 20 checks passed"


def with_column(frame: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "words"),
    [
        ("annual_spend", "amount_chf", 1, 601.0, "year's annual spend equals its cost lines'"),
        ("line_years", "days_in_year", 2, 364, "days add up to its service period"),
        ("line_years", "amount_in_year", 2, 364.0, "yearly shares add up to its amount"),
        ("duplication", "use_cost_chf", 1, 366.0, "splits into platform and use-driven cost"),
        ("duplication", "gross_overlap_chf", 0, -1.0, "no gross overlap is negative"),
        ("duplication", "gross_overlap_chf", 1, 966.0, "gross overlap exceeds its spend"),
        ("headline", "spend_chf", 0, 367.0, "headline's spend equals the annual spend"),
        ("support_costs", "platform_share", 0, 1.5, "platform share is between 0 and 1"),
        ("support_by_unit", "cost_chf", 1, 91.0, "unit totals add up to its staffing rows"),
        ("headline", "support_cost_chf", 0, 10.0, "headline's support cost equals the unit"),
        ("headline", "duplicated_support_cost_chf", 1, 291.0, "the whole support cost"),
        ("support_by_unit", "is_largest", 1, True, "largest support team each year"),
    ],
)
def test_each_broken_table_fails_its_named_check(table, column, row, value, words):
    tables = consistent()
    broken = replace(tables, **{table: with_column(getattr(tables, table), column, row, value)})

    checks = invariants.all_checks(broken, SQ, OPT)

    [name] = [c.name for c in checks if words in c.name]
    assert name in failed(checks)
    with pytest.raises(invariants.InvariantError, match=re.escape(name)):
        checks.confirm()


def test_a_missing_cost_and_a_missing_chf_amount_are_named():
    tables = consistent()
    broken = replace(
        tables,
        support_costs=with_column(tables.support_costs, "cost_chf", 0, None),
        annual_spend=with_column(tables.annual_spend, "amount_chf", 0, None),
    )
    names = failed(invariants.all_checks(broken, SQ, OPT))
    assert "every staffing row has a cost" in names
    assert "every annual amount has a CHF value" in names


def option_tables(table: pd.DataFrame, summary: pd.DataFrame | None = None) -> Tables:
    tables = consistent()
    return replace(
        tables, options=Opts(table, tables.options.summary if summary is None else summary)
    )


def test_broken_options_fail_their_named_checks():
    table = consistent().options.scenarios
    summary = consistent().options.summary

    not_today = with_column(table, "total_chf", 0, 1256.0)
    assert failed(invariants.option_checks(option_tables(not_today), SQ, OPT)) == [
        "the do minimum option costs today's spend and support in the analysed year"
    ]
    gap = table.drop(index=3)
    assert failed(invariants.option_checks(option_tables(gap), SQ, OPT)) == [
        "every option has one row per year of the horizon"
    ]
    later = table[table["year"] == 2022]
    assert "the do minimum option starts in the analysed year" in failed(
        invariants.option_checks(option_tables(later), SQ, OPT)
    )
    extra = pd.concat(
        [
            summary,
            pd.DataFrame({"scenario": ["mine"], "npv_chf": [400.0], "requirements_met": [True]}),
        ]
    )
    assert failed(invariants.option_checks(option_tables(table, extra), SQ, OPT)) == [
        "the summary and the year-by-year table list the same options",
        "no option meeting every requirement beats the optimum",
    ]


def test_a_table_without_a_column_fails_its_checks_and_says_why():
    tables = consistent()
    broken = replace(tables, duplication=tables.duplication.drop(columns="spend_chf"))

    checks = invariants.spend_checks(broken)

    check = checks.failed[-1]
    assert check.name == "no function's gross overlap exceeds its spend"
    assert check.found == "could not be checked: KeyError 'spend_chf'"
    assert checks.summary().startswith("2 of 8 checks failed:")


def test_every_check_passes_on_the_small_workbook(raw_dir):
    results = analyse(load_inputs(raw_dir))
    checks = invariants.all_checks(results, scenarios.BASELINE, scenarios.OPTIMAL)
    assert checks.summary() == "20 checks passed"
