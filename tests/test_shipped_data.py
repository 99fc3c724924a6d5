"""The shipped illustrative data, end to end, outputs in tmp_path.

The expected totals were computed independently of the package, by hand-style
arithmetic over the 38 cost lines and 14 staffing rows (see data/raw/README.md),
without rounding. The analysis books each line's share of a year to the centime, so
its totals may differ from those by at most half a centime per line.
"""

import hashlib
from pathlib import Path

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
    multilingual = dup.loc[(2021, "multilingual meeting")]
    # MyMeetings beside Interprefy: the function's gross overlap is MyMeetings' spend...
    assert multilingual["gross_overlap_chf"] == pytest.approx(240753.42, abs=0.05)
    # ...but serving all of its use on one platform that meets every unit's needs for it
    # saves nothing: MyMeetings works neither in Edge nor on phones, so the one platform is
    # Interprefy, its own 2021 spend plus TSB's 52 meetings at its price per meeting (BR's
    # and BDT's event spend over their 26 meetings) and 260 interpreted hours at its price
    # an hour (GS 240 and BR 90 hours for CHF 214,500, BDT 72 hours a year from 2020-10-01
    # at EUR 600, 273 of its 365 days in 2021, at 1.0811)
    assert multilingual["single_platform"] == "Interprefy"
    event = (24000 * 181 / 365 + 12000 + (16800 * 181 / 365 + 8400) * 1.0811) / 26
    hour = (214500 + 43200 * 273 / 365 * 1.0811) / (330 + 72 * 273 / 365)
    single = by_platform["Interprefy"] + 52 * event + 260 * hour
    assert multilingual["single_platform_cost_chf"] == pytest.approx(single, abs=0.05)
    assert multilingual["spend_chf"] < single
    assert multilingual["avoidable_duplicated_spend_chf"] == 0
    # use-driven cost (hours and events) is what any option keeps buying somewhere
    assert multilingual["use_cost_chf"] == pytest.approx(
        multilingual["spend_chf"] - multilingual["platform_cost_chf"], abs=0.01
    )
    report = pd.read_csv(tmp_path / "p" / "validation_report.csv")
    assert not (report["severity"] == "error").any()
    assert digest(config.RAW_DIR) == before


def test_validate_on_shipped_data_finds_no_error(tmp_path, capsys):
    assert main(["validate", "--processed", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("0 error(s)")


@pytest.mark.slow
def test_shipped_scenarios_do_minimum_optimal_requirements_and_bridges(tmp_path):
    code = main(["run", "--processed", str(tmp_path / "p"), "--figures", str(tmp_path / "f")])
    assert code == 0
    summary = pd.read_csv(tmp_path / "p" / "scenario_summary.csv").set_index("scenario")
    scenarios = pd.read_csv(tmp_path / "p" / "scenarios.csv")
    headline = pd.read_csv(tmp_path / "p" / "headline.csv").set_index("year")
    today = scenarios[(scenarios["scenario"] == "do minimum") & (scenarios["year"] == 2021)]
    expected = headline.loc[2021, "spend_chf"] + headline.loc[2021, "support_cost_chf"]
    assert today["total_chf"].iloc[0] == pytest.approx(expected, abs=0.005)
    # Skype for Business ended with its contracts on 2021-07-31 (its end of life): the do
    # minimum carries nothing of it forward, and no option is credited for retiring it
    do_minimum = summary.loc["do minimum"]
    assert "Skype for Business" not in do_minimum["kept"]
    assert "Skype" not in do_minimum["unmet"]
    run = pd.read_csv(tmp_path / "p" / "run_rate.csv")
    ended = run[~run["in_use"]][["unit", "platform"]].values.tolist()
    assert sorted(map(tuple, ended)) == sorted(
        [
            ("BDT", "Adobe Connect"),
            ("BDT", "GoToMeeting"),
            ("BDT", "Zoom"),
            ("BR", "GoToWebinar"),
            ("BR", "Skype for Business"),
            ("GS", "Skype for Business"),
            ("TSB", "Adobe Connect"),
        ]
    )
    # platforms whose data protection is unclear are still in use: the do minimum fails
    assert not do_minimum["requirements_met"]
    bridges = pd.read_csv(tmp_path / "p" / "saving_bridge.csv")
    for name, steps in bridges.groupby("scenario"):
        step = steps.set_index("step")["npv_chf"]
        changes = step[["licences", "moved_use", "support", "one_off"]].sum()
        assert round(changes, 2) == round(-summary.loc[name, "npv_chf"], 2), name
    lines = pd.read_csv(tmp_path / "p" / "bridge_lines.csv")
    sums = lines.groupby(["scenario", "step"])["npv_chf"].sum()
    for row in bridges[
        bridges["step"].isin(["licences", "moved_use", "support", "one_off"])
    ].itertuples():
        assert round(sums.get((row.scenario, row.step), 0.0), 2) == row.npv_chf
    # GS's Microsoft 365 includes Teams for the whole house: no seat moved to Teams is charged
    moves = pd.read_csv(tmp_path / "p" / "scenario_moves.csv")
    to_teams = moves[moves["to_platform"] == "Microsoft Teams"]
    assert not to_teams.empty and (to_teams["price_basis"] == "entitled").all()
    assert (to_teams["annual_cost_chf"] == 0).all()
    # TSB's MyMeetings meetings go to Interprefy as events, at BR's and BDT's price an event
    events = moves[(moves["from_platform"] == "MyMeetings") & (moves["measure"] == "events")]
    assert set(events["quantity"]) == {52.0}
    assert set(events["price_basis"]) == {"observed"}
    # BR's and BDT's 2021 event spend over their 26 Interprefy meetings (Usage rows 26, 27):
    # BR 24,000 x 181/365 + 12,000; BDT (16,800 x 181/365 + 8,400) EUR at 1.0811
    spend = 24000 * 181 / 365 + 12000 + (16800 * 181 / 365 + 8400) * 1.0811
    assert set(events["price_chf"]) == {round(spend / 26, 2)} == {1614.97}
    optimal = summary.loc["optimal"]
    assert optimal["kept"] == "Interprefy;Microsoft Teams"
    # after the moves GS's and TSB's teams both support Interprefy and Teams: one team in
    # GS merges the overlap, each merged staffing row named in the bridge
    assert optimal["central_support_unit"] == "GS"
    merged = lines[(lines["scenario"] == "optimal") & (lines["kind"] == "overlap")]
    assert sorted(merged["source"].str.extract(r"row (\d+)")[0].astype(int)) == [
        9,
        10,
        11,
        12,
        13,
        14,
    ]
    assert optimal["requirements_met"]
    met = summary[summary["requirements_met"]]
    assert optimal["npv_chf"] == pytest.approx(met["npv_chf"].max())
    assert optimal["p10_saving_chf"] <= optimal["p50_saving_chf"] <= optimal["p90_saving_chf"]
    assert (tmp_path / "f" / "en" / "utilisation.png").exists()


@pytest.mark.slow
def test_readme_table_of_options_is_what_the_shipped_data_gives(tmp_path):
    """The front door's table of options states what a run on the shipped data writes."""
    assert main(["run", "--processed", str(tmp_path), "--figures", str(tmp_path / "f")]) == 0
    summary = pd.read_csv(tmp_path / "scenario_summary.csv").set_index("scenario")
    bridge = pd.read_csv(tmp_path / "saving_bridge.csv").pivot(
        index="scenario", columns="step", values="npv_chf"
    )
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What the shipped (illustrative) data says")[1].split("\n## ")[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ")]

    def number(cell: str) -> float:
        return float(cell.replace("*", "").replace(",", "").replace("−", "-").replace("+", ""))

    checked = 0
    for cells in rows[1:]:  # rows[0] is the header
        name = cells[0].replace("*", "").split(" (")[0].strip()
        npv, spread = cells[2].strip(), cells[3].strip()
        assert number(npv) == round(summary.loc[name, "npv_chf"]), name
        p10, p90 = (number(x) for x in spread.split(" – "))
        assert (p10, p90) == (
            round(summary.loc[name, "p10_saving_chf"]),
            round(summary.loc[name, "p90_saving_chf"]),
        ), name
        if cells[4].strip() != "as the proposal":
            steps = [number(c) for c in cells[4:8]]
            expected = bridge.loc[name, ["licences", "moved_use", "support", "one_off"]]
            assert steps == [round(v) for v in expected], name
        checked += 1
    assert checked == len(summary) - 1  # every option but the do minimum
