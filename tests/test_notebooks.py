"""Every notebook runs headless with papermill, on a small workbook and on the shipped data.

Executed copies go to tmp_path only: a run leaves the notebooks in notebooks/ as they were,
and no notebook run writes into data/ or figures/. Each notebook states the data it used and
a conclusion whose numbers the tests compute again from the package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import minimal_sheets, write_workbook

from analysis import config
from analysis.check.inputs import load_inputs
from analysis.model import scenarios
from analysis.pipeline import analyse, what_if
from analysis.report.charts import CHART_NAMES as FIGURE_NAMES
from analysis.report.display import chf, share
from analysis.report.render import FIGURE_FORMATS

pytestmark = pytest.mark.slow  # run by make test (CI), not by make test-fast

# the small workbook has no Usage sheet, so no utilisation figure
FIGURES = [name for name in FIGURE_NAMES if name != "utilisation"]

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
NOTEBOOK_IDS = [p.stem for p in NOTEBOOKS]


def notebook_named(prefix: str) -> Path:
    return next(p for p in NOTEBOOKS if p.name.startswith(prefix))


def execute(notebook: Path, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    """Run a copy of ``notebook`` in a fresh kernel; its output goes to tmp_path/executed."""
    output = tmp_path / "executed" / notebook.name
    output.parent.mkdir(exist_ok=True)
    return pm.execute_notebook(
        notebook,
        output,
        parameters=parameters,
        kernel_name="python3",
        cwd=tmp_path,
        progress_bar=False,
        execution_timeout=600,  # a cell that hangs fails here instead of stalling the suite
    )


def error_outputs(nb: nbformat.NotebookNode) -> list:
    return [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]


def printed(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or displayed as text."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            elif "text/plain" in output.get("data", {}):
                texts.append(output.data["text/plain"])
    return "\n".join(texts)


def markdown(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook wrote as Markdown: the data used, the conclusion."""
    return "\n".join(
        output.data["text/markdown"]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_notebooks_are_numbered_and_all_found():
    assert len(NOTEBOOKS) >= 4
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_has_one_parameters_cell_with_raw_dir_and_year_none(notebook):
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.metadata.kernelspec.name == "python3"
    parameters = pm.inspect_notebook(notebook)
    assert parameters["raw_dir"]["default"] == "None"
    assert parameters["year"]["default"] == "None"
    if "figures_dir" in parameters:
        assert parameters["figures_dir"]["default"] == "None"
        assert parameters["lang"]["default"] == '"en"'


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_runs_headless_on_the_small_workbook(notebook, raw_dir, tmp_path):
    stored = notebook.read_bytes()
    parameters = {"raw_dir": str(raw_dir)}
    figures_dir = tmp_path / "fig"
    if "figures_dir" in pm.inspect_notebook(notebook):
        parameters["figures_dir"] = str(figures_dir)

    executed = execute(notebook, tmp_path, **parameters)

    assert not error_outputs(executed)
    assert notebook.read_bytes() == stored  # the run went to tmp_path, not into the notebook
    assert "**Data used.** Folder" in markdown(executed)
    if not notebook.name.startswith("01_"):
        assert re.search(r"✔ \d+ checks passed", markdown(executed))
    if "figures_dir" in parameters:
        expected = {f"{stem}.{fmt}" for stem in FIGURES for fmt in FIGURE_FORMATS}
        assert {p.name for p in (figures_dir / "en").iterdir()} == expected
    # Nothing else appears in the working directory: notebooks write only where asked.
    assert {p.name for p in tmp_path.iterdir()} <= {"raw", "executed", "fig"}


def test_figures_notebook_saves_nothing_without_figures_dir(raw_dir, tmp_path):
    executed = execute(notebook_named("04_"), tmp_path, raw_dir=str(raw_dir))

    assert "figures_dir is None: nothing saved." in printed(executed)
    assert not [p for p in tmp_path.rglob("*") if p.suffix in {".png", ".svg", ".pdf"}]
    # it concludes with the brief's own summary and the decision asked, word for word
    from analysis import pipeline
    from analysis.report import brief

    composed = brief.compose(pipeline.chart_data(analyse(load_inputs(raw_dir))), "en")
    for sentence in (*composed.summary, *composed.decision):
        assert sentence in markdown(executed)


def test_validation_notebook_shows_every_error_instead_of_stopping(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][1][2] = "a thousand"  # the amount of the first cost line
    broken = tmp_path / "broken"
    broken.mkdir()
    write_workbook(broken / "costs.xlsx", sheets)

    executed = execute(notebook_named("01_"), tmp_path, raw_dir=str(broken))

    assert not error_outputs(executed)
    assert "E_BAD_VALUE" in printed(executed)
    assert "**Not ready: 1 error(s)** must be fixed in `costs.xlsx`" in markdown(executed)


def test_duplicated_spend_notebook_takes_the_year_as_text_and_concludes_with_its_numbers(
    tmp_path,
):
    raw_before = snapshot(config.RAW_DIR)
    results = analyse(load_inputs(config.RAW_DIR), 2020)
    today = results.headline.set_index("year").loc[2020]

    # raw_dir=None: the notebook finds data/raw itself; "2020" as `papermill -r year 2020`.
    executed = execute(notebook_named("02_"), tmp_path, raw_dir=None, year="2020")

    assert not error_outputs(executed)
    text = markdown(executed)
    assert "Year analysed: **2020**, as asked (`year = '2020'`)" in text
    for workbook in config.RAW_DIR.glob("*.xlsx"):
        assert f"`{workbook.name}`" in text
    assert "✔ 8 checks passed" in text
    assert (
        f"In 2020 the units spent **{chf(today['spend_chf'])}** on "
        f"{int(today['platforms_in_use'])} meeting platforms: "
        f"{chf(today['platform_cost_chf'])} for the platforms and "
        f"{chf(today['use_cost_chf'])} for their use. **{chf(today['gross_overlap_chf'])}** "
        f"({share(today['gross_overlap_chf'], today['spend_chf'])})"
    ) in text
    assert snapshot(config.RAW_DIR) == raw_before


def test_support_notebook_reads_a_relative_raw_dir_from_the_project_root(tmp_path):
    results = analyse(load_inputs(config.RAW_DIR))
    today = results.headline.set_index("year").loc[results.year]

    # Run from tmp_path: "data/raw" still means the project's folder, as in JupyterLab.
    executed = execute(notebook_named("03_"), tmp_path, raw_dir="data/raw")

    assert not error_outputs(executed)
    text = markdown(executed)
    assert "**Data used.** Folder `data/raw`" in text
    assert "✔ 7 checks passed" in text
    assert f"at a cost of **{chf(today['support_cost_chf'])}**;" in text
    assert f"**{chf(today['duplicated_support_cost_chf'])}** of it" in text


def test_scenarios_notebook_concludes_with_the_optimum_on_the_shipped_data(tmp_path):
    raw_before = snapshot(config.RAW_DIR)
    results = analyse(load_inputs(config.RAW_DIR))
    best = results.options.summary.set_index("scenario").loc[scenarios.OPTIMAL]
    kept = ", ".join(str(best["kept"]).split(";"))

    executed = execute(notebook_named("05_"), tmp_path, raw_dir=None)

    assert not error_outputs(executed)
    text = markdown(executed)
    assert "✔ 5 checks passed" in text
    assert f"The cheapest option meeting every requirement keeps **{kept}**" in text
    assert f"it saves **{chf(best['npv_chf'])}** in present value" in text
    assert f"(80 % range {chf(best['p10_saving_chf'])} to {chf(best['p90_saving_chf'])})" in text
    moves = int((results.options.moves["scenario"] == scenarios.OPTIMAL).sum())
    if moves > 10:  # the top 10 moves are shown, the rest counted
        assert f"… and {moves - 10} more row" in printed(executed)
    assert snapshot(config.RAW_DIR) == raw_before


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_report_renders_every_notebook_without_code_with_a_contents_page(tmp_path):
    reports = tmp_path / "reports"
    stored = {p: p.read_bytes() for p in NOTEBOOKS}
    results = analyse(load_inputs(config.RAW_DIR), 2021)
    today = results.headline.set_index("year").loc[2021]

    # The set-up is this environment's: -o keeps make from redoing it.
    done = subprocess.run(
        ["make", "-C", str(config.PROJECT_DIR), "-o", ".venv/.installed", "-o", ".venv/.nbstripout",
         "report", f"BIN={Path(sys.executable).parent}", f"REPORTS={reports}", "YEAR=2021"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-3000:]
    assert {p.name for p in reports.iterdir()} == {"index.html"} | {
        f"{p.stem}.html" for p in NOTEBOOKS
    }
    index = (reports / "index.html").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        assert f'href="{notebook.stem}.html"' in index
    assert "year 2021." in index
    assert f"In 2021 the units spent {chf(today['spend_chf'])} on" in index  # 02's conclusion
    for page in reports.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script src=" not in text, f"{page.name} fetches a script: not offline"
    page = (reports / "02_duplicated_spend.html").read_text(encoding="utf-8")
    assert "pipeline.analyse" not in page  # no code cell
    assert "Year analysed: <strong>2021</strong>" in page
    assert "8 checks passed" in page
    assert page.count("data:image/png;base64") >= 2  # the charts, embedded
    assert {p: p.read_bytes() for p in NOTEBOOKS} == stored


def test_ask_your_own_question_answers_as_the_what_if_does_on_the_shipped_data(tmp_path):
    results = analyse(load_inputs(config.RAW_DIR))
    dearer = what_if(results, prices={"Zoom": 1.2})
    spend = [r.headline.set_index("year").loc[2021, "spend_chf"] for r in (results, dearer)]
    best = [
        r.options.summary.set_index("scenario").loc[scenarios.OPTIMAL] for r in (results, dearer)
    ]

    executed = execute(notebook_named("06_"), tmp_path, raw_dir=None)

    assert not error_outputs(executed)
    text = markdown(executed)
    assert (
        f"A 20 % rise in Zoom's prices would have cost {chf(spend[1] - spend[0])} more in 2021 "
        f"and moves the saving of *optimal* by {chf(best[1]['npv_chf'] - best[0]['npv_chf'])}."
    ) in text
    assert f"whichever unit hosts the team ({chf(best[0]['npv_chf'])})" in text
    # the sliders are there, as a widget a live kernel moves
    assert any(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {})
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )
