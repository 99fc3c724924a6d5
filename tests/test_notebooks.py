"""Every notebook runs headless with papermill, on a small workbook and on the shipped data.

Executed copies go to tmp_path only: the notebooks in notebooks/ keep no outputs, and no
notebook run writes into data/ or figures/.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import minimal_sheets, write_workbook

from analysis import config
from analysis.report.charts import CHART_NAMES as FIGURE_NAMES
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


def assert_stored_without_outputs(path: Path) -> None:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}: a cell has stored outputs"
            assert cell.execution_count is None, f"{path.name}: stored execution count"


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
    assert notebook.read_bytes() == stored
    assert_stored_without_outputs(notebook)
    if "figures_dir" in parameters:
        expected = {f"{stem}.{fmt}" for stem in FIGURES for fmt in FIGURE_FORMATS}
        assert {p.name for p in (figures_dir / "en").iterdir()} == expected
    # Nothing else appears in the working directory: notebooks write only where asked.
    assert {p.name for p in tmp_path.iterdir()} <= {"raw", "executed", "fig"}


def test_figures_notebook_saves_nothing_without_figures_dir(raw_dir, tmp_path):
    executed = execute(notebook_named("04_"), tmp_path, raw_dir=str(raw_dir))

    assert "figures_dir is None: nothing saved." in printed(executed)
    assert not [p for p in tmp_path.rglob("*") if p.suffix in {".png", ".svg", ".pdf"}]


def test_validation_notebook_shows_every_error_instead_of_stopping(tmp_path):
    sheets = minimal_sheets()
    sheets["Licences"][1][2] = "a thousand"  # the amount of the first cost line
    broken = tmp_path / "broken"
    broken.mkdir()
    write_workbook(broken / "costs.xlsx", sheets)

    executed = execute(notebook_named("01_"), tmp_path, raw_dir=str(broken))

    text = printed(executed)
    assert not error_outputs(executed)
    assert "E_BAD_VALUE" in text
    assert "1 error(s): fix them in the workbooks" in text


def test_duplicated_spend_notebook_runs_on_the_shipped_data(tmp_path):
    raw_before = snapshot(config.RAW_DIR)

    # raw_dir=None: the notebook finds data/raw itself through analysis.config.
    executed = execute(notebook_named("02_"), tmp_path, raw_dir=None)

    assert not error_outputs(executed)
    text = printed(executed)
    assert "All sanity checks passed." in text
    for workbook in config.RAW_DIR.glob("*.xlsx"):
        assert workbook.name in text
    assert snapshot(config.RAW_DIR) == raw_before
    assert_stored_without_outputs(notebook_named("02_"))


def test_scenarios_notebook_explains_the_optimum_on_the_shipped_data(tmp_path):
    raw_before = snapshot(config.RAW_DIR)

    executed = execute(notebook_named("05_"), tmp_path, raw_dir=None)

    assert not error_outputs(executed)
    text = printed(executed)
    assert "All sanity checks passed." in text
    assert "The cheapest option that meets every unit's requirements keeps" in text
    assert snapshot(config.RAW_DIR) == raw_before
    assert_stored_without_outputs(notebook_named("05_"))
