"""The shipped illustrative data, end to end, outputs in tmp_path.

The expected totals were computed independently of the package, by hand-style
arithmetic over the 38 cost lines and 14 staffing rows (see data/raw/README.md),
without rounding. The analysis books each line's share of a year to the centime, so
its totals may differ from those by at most half a centime per line.
"""

import hashlib

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_shipped_data_gives_the_independently_computed_totals(tmp_path):
    before = digest(config.RAW_DIR)
    code = main(["run", "--processed", str(tmp_path / "p"), "--figures", str(tmp_path / "f")])
    assert code == 0
    headline = pd.read_csv(tmp_path / "p" / "headline.csv").set_index("year")
    lines = 38
    assert headline.loc[2020, "spend_chf"] == pytest.approx(470481.45, abs=0.005 * lines)
    assert headline.loc[2021, "spend_chf"] == pytest.approx(620293.30, abs=0.005 * lines)
    assert headline.loc[2020, "support_cost_chf"] == pytest.approx(844500.00, abs=0.005)
    assert headline.loc[2021, "support_cost_chf"] == pytest.approx(878600.00, abs=0.005)
    assert headline["platforms_in_use"].tolist() == [8, 8]
    assert headline["support_teams"].tolist() == [2, 2]  # GS and TSB
    spend = pd.read_csv(tmp_path / "p" / "annual_spend.csv")
    by_platform = spend[spend["year"] == 2021].groupby("platform")["amount_chf"].sum()
    assert by_platform["Interprefy"] == pytest.approx(345235.95, abs=0.05)
    assert by_platform["MyMeetings"] == pytest.approx(240753.42, abs=0.05)
    dup = pd.read_csv(tmp_path / "p" / "duplication.csv").set_index(["year", "category"])
    # MyMeetings duplicates Interprefy: the multilingual function's duplicated spend is MyMeetings'
    assert dup.loc[(2021, "multilingual meeting"), "duplicated_spend_chf"] == pytest.approx(
        240753.42, abs=0.05
    )
    report = pd.read_csv(tmp_path / "p" / "validation_report.csv")
    assert not (report["severity"] == "error").any()
    assert digest(config.RAW_DIR) == before


def test_validate_on_shipped_data_finds_no_error(tmp_path, capsys):
    assert main(["validate", "--processed", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("0 error(s)")


@pytest.mark.slow
def test_shipped_scenarios_status_quo_optimal_and_requirements(tmp_path):
    code = main(["run", "--processed", str(tmp_path / "p"), "--figures", str(tmp_path / "f")])
    assert code == 0
    summary = pd.read_csv(tmp_path / "p" / "scenario_summary.csv").set_index("scenario")
    scenarios = pd.read_csv(tmp_path / "p" / "scenarios.csv")
    headline = pd.read_csv(tmp_path / "p" / "headline.csv").set_index("year")
    today = scenarios[(scenarios["scenario"] == "status quo") & (scenarios["year"] == 2021)]
    expected = headline.loc[2021, "spend_chf"] + headline.loc[2021, "support_cost_chf"]
    assert today["total_chf"].iloc[0] == pytest.approx(expected, abs=0.005)
    # today's set-up keeps Skype for Business past its end of life and platforms whose
    # data protection is unclear: the status quo does not meet the requirements
    assert not summary.loc["status quo", "requirements_met"]
    assert "Skype for Business: end of life 2021-07-31" in summary.loc["status quo", "unmet"]
    optimal = summary.loc["optimal"]
    assert optimal["kept"] == "Interprefy;Microsoft Teams"
    assert optimal["requirements_met"]
    met = summary[summary["requirements_met"]]
    assert optimal["npv_chf"] == pytest.approx(met["npv_chf"].max())
    assert optimal["p10_saving_chf"] <= optimal["p50_saving_chf"] <= optimal["p90_saving_chf"]
    assert (tmp_path / "f" / "en" / "utilisation.png").exists()
