"""The command line end to end: workbook in tmp_path to CSVs and figures on disk."""

import re

import pandas as pd
import pytest
from conftest import minimal_sheets, write_workbook

from analysis.cli import main
from analysis.metadata import output_fields
from analysis.report.charts import CHART_NAMES

TABLES = [
    "annual_spend",
    "support_costs",
    "duplication",
    "fragmentation",
    "headline",
    "validation_report",
]


def run(raw, tmp_path, *extra):
    return main(
        [
            "run",
            "--raw",
            str(raw),
            "--processed",
            str(tmp_path / "processed"),
            "--figures",
            str(tmp_path / "figures"),
            *extra,
        ]
    )


@pytest.mark.slow
def test_run_writes_every_table_and_figure(raw_dir, tmp_path, capsys):
    assert run(raw_dir, tmp_path) == 0
    for name in TABLES:
        assert (tmp_path / "processed" / f"{name}.csv").exists()
    for name in CHART_NAMES[:5]:
        for ext in ("png", "svg", "pdf"):
            assert (tmp_path / "figures" / "en" / f"{name}.{ext}").stat().st_size > 1000
    headline = pd.read_csv(tmp_path / "processed" / "headline.csv")
    assert headline.columns.tolist() == [
        "year",
        "platforms_in_use",
        "spend_chf",
        "platform_cost_chf",
        "use_cost_chf",
        "gross_overlap_chf",
        "avoidable_duplicated_spend_chf",
        "support_teams",
        "support_fte",
        "support_cost_chf",
        "duplicated_support_cost_chf",
    ]
    assert headline["spend_chf"].tolist() == [329.4, 2592.0]
    out = capsys.readouterr().out
    assert "2021: spend CHF 2,592.00 (platforms 1,592.00, use 1,000.00); gross overlap" in out
    for path in (tmp_path / "processed").glob("*.csv"):  # columns as the registry orders them
        assert pd.read_csv(path, nrows=0).columns.tolist() == output_fields.columns(path.stem)


def all_texts(figure):
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]


def test_every_figure_has_title_with_year_chf_source_line_and_illustrative_mark(raw_dir):
    from analysis.check.inputs import load_inputs
    from analysis.pipeline import analyse, draw_figures

    drawn = draw_figures(analyse(load_inputs(raw_dir), 2021))
    # utilisation is drawn only where the Usage sheet has data; the minimal set has none
    assert list(drawn) == [n for n in CHART_NAMES if n != "utilisation"]
    for name, figure in drawn.items():
        texts = all_texts(figure)
        # a year's figure names its year; a scenario figure the years of its horizon
        assert any(re.search(r", (2021|2022–2026)$", t) for t in texts), name
        # the organisation writes dates day first (issue 12: not "January 31, 2022")
        assert "Source: costs.xlsx (data as of 31 January 2022)" in texts, name
        assert "ILLUSTRATIVE DATA" in texts, name
    assert "CHF" in all_texts(drawn["spend_by_unit_platform"])


def test_figures_of_real_data_carry_no_illustrative_mark(tmp_path):
    from analysis.check.inputs import load_inputs
    from analysis.pipeline import analyse, draw_figures

    sheets = minimal_sheets()
    sheets["About"][1][1] = "no"
    write_workbook(tmp_path / "costs.xlsx", sheets)
    drawn = draw_figures(analyse(load_inputs(tmp_path), 2021))
    assert not any("ILLUSTRATIVE" in t.upper() for f in drawn.values() for t in all_texts(f))


@pytest.mark.slow
def test_bad_workbook_exits_2_names_every_place_and_changes_nothing_else(raw_dir, tmp_path, capsys):
    assert run(raw_dir, tmp_path) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "figures").rglob("*") if p.is_file()}
    before_csv = (tmp_path / "processed" / "headline.csv").read_bytes()
    sheets = minimal_sheets()
    sheets["Licences"][2][2] = "n/a"
    sheets["Staffing"][1][6] = 2
    write_workbook(raw_dir / "costs.xlsx", sheets)
    capsys.readouterr()
    assert run(raw_dir, tmp_path) == 2
    err = capsys.readouterr().err
    assert "costs.xlsx, sheet Licences, row 3, column C \"Amount\": 'n/a' is not readable" in err
    assert 'costs.xlsx, sheet Staffing, row 2, column G "Platform share"' in err
    after = {p: p.read_bytes() for p in (tmp_path / "figures").rglob("*") if p.is_file()}
    assert after == before
    assert (tmp_path / "processed" / "headline.csv").read_bytes() == before_csv
    report = pd.read_csv(tmp_path / "processed" / "validation_report.csv")
    errors = report[report["severity"] == "error"]
    assert errors[["file", "sheet", "row", "column"]].values.tolist() == [
        ["costs.xlsx", "Licences", 3, "Amount"],
        ["costs.xlsx", "Staffing", 2, "Platform share"],
    ]


def test_validate_checks_only_and_reports(raw_dir, tmp_path):
    assert main(["validate", "--raw", str(raw_dir), "--processed", str(tmp_path / "p")]) == 0
    assert [p.name for p in (tmp_path / "p").iterdir()] == ["validation_report.csv"]


@pytest.mark.slow
def test_year_option_draws_that_year_and_unknown_year_is_an_error(raw_dir, tmp_path, capsys):
    assert run(raw_dir, tmp_path, "--year", "2020") == 0
    assert run(raw_dir, tmp_path / "other", "--year", "2019") == 2
    assert "no licence data for 2019; years with data: 2020, 2021" in capsys.readouterr().err


@pytest.mark.slow
def test_text_from_inputs_never_becomes_a_formula_in_csv(tmp_path):
    sheets = minimal_sheets()
    sheets["Staffing"][1][2] = '=HYPERLINK("http://example.org","x")'
    write_workbook(tmp_path / "raw.xlsx", sheets)
    raw = tmp_path / "in"
    raw.mkdir()
    (tmp_path / "raw.xlsx").rename(raw / "costs.xlsx")
    assert run(raw, tmp_path) == 0
    text = (tmp_path / "processed" / "support_costs.csv").read_text()
    assert "'=HYPERLINK" in text


@pytest.mark.slow
@pytest.mark.parametrize("stem", list(CHART_NAMES[:5]))
def test_each_figure_is_a_readable_png(raw_dir, tmp_path, stem):
    import matplotlib.image as mpimg

    assert run(raw_dir, tmp_path) == 0
    image = mpimg.imread(tmp_path / "figures" / "en" / f"{stem}.png")
    assert image.shape[0] > 300 and image.shape[1] > 600


@pytest.mark.slow
def test_reconciliation_counts_every_line_and_matches_the_totals_to_the_centime(tmp_path, capsys):
    from analysis import config

    code = main(["run", "--processed", str(tmp_path / "p"), "--figures", str(tmp_path / "f")])
    assert code == 0
    assert "read 52 line(s) from 3 file(s); counted 52, not counted 0" in capsys.readouterr().out
    rec = pd.read_csv(tmp_path / "p" / "reconciliation.csv", keep_default_na=False)
    lines = rec[rec["sheet"] == "Licences"].set_index("currency")
    # one row per currency: 14 lines in CHF, 5 in EUR, 19 in USD, every one counted
    assert lines[["rows_read", "rows_counted", "total_rows"]].to_dict("index") == {
        "CHF": {"rows_read": 14, "rows_counted": 14, "total_rows": 0},
        "EUR": {"rows_read": 5, "rows_counted": 5, "total_rows": 0},
        "USD": {"rows_read": 19, "rows_counted": 19, "total_rows": 0},
    }
    assert (lines["amount_read"] == lines["amount_counted"]).all()
    rec = rec.groupby("sheet")[["amount_chf_counted"]].sum()
    headline = pd.read_csv(tmp_path / "p" / "headline.csv")
    spend = pd.read_csv(tmp_path / "p" / "annual_spend.csv")
    support = pd.read_csv(tmp_path / "p" / "support_costs.csv")
    assert round(rec.loc["Licences", "amount_chf_counted"], 2) == round(
        headline["spend_chf"].sum(), 2
    )
    assert round(spend["amount_chf"].sum(), 2) == round(headline["spend_chf"].sum(), 2)
    assert round(rec.loc["Staffing", "amount_chf_counted"], 2) == round(
        headline["support_cost_chf"].sum(), 2
    )
    assert round(support["cost_chf"].sum(), 2) == round(headline["support_cost_chf"].sum(), 2)
    assert config.RAW_DIR.is_dir()


@pytest.mark.slow
def test_reconciliation_names_lines_not_counted(raw_dir, tmp_path, capsys):
    sheets = minimal_sheets()
    write_workbook(raw_dir / "copy.xlsx", {"Licences": sheets["Licences"][:3]})
    assert run(raw_dir, tmp_path) == 0
    assert "read 9 line(s) from 2 file(s); counted 7, not counted 2" in capsys.readouterr().out
    report = pd.read_csv(tmp_path / "processed" / "validation_report.csv")
    repeats = report[report["code"] == "W_SAME_CHARGE_TWICE"]
    # copy.xlsx is read first (files in name order), so the repeats are in costs.xlsx
    assert repeats[["file", "row"]].values.tolist() == [["costs.xlsx", 2], ["costs.xlsx", 3]]


def test_bad_run_still_counts_the_lines_it_read(raw_dir, tmp_path, capsys):
    sheets = minimal_sheets()
    sheets["Licences"][1][2] = "n/a"
    write_workbook(raw_dir / "costs.xlsx", sheets)
    assert run(raw_dir, tmp_path) == 2
    err = capsys.readouterr().err
    assert (
        "sheet Licences: 5 data row(s) read, 0 counted, 5 not counted (the run stopped on errors)"
        in err
    )


@pytest.mark.slow
def test_manifest_records_inputs_outputs_and_totals_with_matching_hashes(raw_dir, tmp_path):
    import hashlib
    import json

    assert run(raw_dir, tmp_path) == 0
    record = json.loads((tmp_path / "processed" / "run_manifest.json").read_text())
    source = raw_dir / "costs.xlsx"
    assert record["inputs"] == [
        {
            "file": "costs.xlsx",
            "bytes": source.stat().st_size,
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        }
    ]
    for output in record["outputs"]:
        path = tmp_path / output["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == output["sha256"], output["file"]
    assert {o["file"] for o in record["outputs"]} >= {
        "processed/headline.csv",
        "figures/en/support_teams.png",
    }
    assert record["illustrative"] is True
    assert record["analysed_year"] == 2021
    assert record["totals"][1] == {
        "year": 2021,
        "spend_chf": 2592.0,
        "gross_overlap_chf": 900.0,
        "avoidable_duplicated_spend_chf": None,  # no quantities: nothing can be priced
        "support_cost_chf": 290000.0,
        "duplicated_support_cost_chf": 0.0,
    }


@pytest.mark.slow
def test_progress_is_silent_off_a_terminal_and_shown_on_one(raw_dir, tmp_path, capsys, monkeypatch):
    import sys

    from analysis import progress

    assert run(raw_dir, tmp_path) == 0
    assert "saving figures" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert list(progress.steps([1, 2], "reading workbooks")) == [1, 2]
    assert "reading workbooks" in capsys.readouterr().err


@pytest.mark.slow
def test_summary_workbook_traces_every_total_to_its_source_rows(raw_dir, tmp_path):
    import openpyxl

    sheets = minimal_sheets()
    sheets["Staffing"][1][2] = '=HYPERLINK("http://example.org","x")'  # a team name
    write_workbook(raw_dir / "costs.xlsx", sheets)
    assert run(raw_dir, tmp_path) == 0
    path = tmp_path / "processed" / "summary.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Cover", "Headline"] and book.sheetnames[-1] == "Sources"
    assert book["Headline"].freeze_panes == "A2"
    assert book["Headline"]["C1"].value == "Spend (CHF)"
    assert book["Headline"]["C2"].number_format == "#,##0.00"
    team = book["Support costs"]["C2"]
    assert team.value.startswith("=HYPERLINK") and team.data_type == "s"
    sources = pd.read_excel(path, sheet_name="Sources", engine="calamine")
    headline = pd.read_excel(path, sheet_name="Headline", engine="calamine").set_index("Year")
    by_year = sources.groupby(["Year", "Kind"])["CHF in the year"].sum().round(2)
    for year in (2020, 2021):
        assert by_year.get((year, "cost line"), 0) == round(headline.loc[year, "Spend (CHF)"], 2)
    assert by_year[(2021, "support")] == round(headline.loc[2021, "Support cost (CHF)"], 2)
    first = sources.iloc[0]
    assert (first["File"], first["Sheet"], first["Row"]) == ("costs.xlsx", "Licences", 2)


def test_checking_inputs_does_not_load_the_plotting_or_solver_libraries():
    import subprocess
    import sys

    script = (
        "import sys; import analysis.pipeline, analysis.cli; "
        "print(sorted(m for m in ('matplotlib', 'scipy', 'openpyxl') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
