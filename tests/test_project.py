"""The project's own files: one list of dependencies, notebooks committed without outputs."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_project_from_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    python = next(d for d in conda if d.startswith("python"))
    assert python.removeprefix("python") == project["requires-python"]
    assert "pip" in conda
    # Every other dependency comes from pyproject.toml through the editable install.
    assert set(conda) == {python, "pip"}
    extras = ",".join(sorted(project["optional-dependencies"]))
    assert pip == [f"-e .[{extras}]"]


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def with_outputs(path: Path) -> None:
    """Run-and-save as JupyterLab leaves it: outputs, counts, new ids, view metadata."""
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells, start=1):
        cell["id"] = f"c0ffee{number:02d}-4b1d-4d2e-9a3b-0123456789ab"
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.metadata["scrolled"] = True
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text="CHF 1,234\n"),
                nbformat.v4.new_output(
                    "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
                ),
            ]
    nbformat.write(nb, path)


def without_outputs(text: str, name: str) -> None:
    for cell in nbformat.reads(text, as_version=4).cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{name}: git would commit outputs"
            assert cell.execution_count is None, f"{name}: git would commit an execution count"


needs_git_checkout = pytest.mark.skipif(
    not (ROOT / ".git").exists() or not shutil.which("git") or not shutil.which("make"),
    reason="not a git checkout",
)


@pytest.mark.slow  # each pass through the filter starts Python: about 15 s in all
@needs_git_checkout
def test_a_notebook_saved_with_outputs_is_committed_as_stored(tmp_path):
    # A fresh clone set up by the Makefile, its .venv lent by this checkout's.
    clone = tmp_path / "clone"
    git("clone", "--quiet", str(ROOT), str(clone), cwd=tmp_path)
    git("update-index", "--really-refresh", cwd=clone)  # no racy entries: fewer filter runs
    for name in ("Makefile", ".gitattributes"):  # as they are now, committed or not
        shutil.copy2(ROOT / name, clone / name)
    venv = clone / ".venv"
    venv.mkdir()
    for entry in Path(sys.prefix).iterdir():
        if not entry.name.startswith("."):
            (venv / entry.name).symlink_to(entry)
    (venv / ".installed").touch()
    done = subprocess.run(
        ["make", "-C", str(clone), "-o", ".venv/.installed", ".venv/.nbstripout"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # The filter names no absolute path: every worktree of a repository shares its config.
    assert git("config", "filter.nbstripout.clean", cwd=clone).strip() == (
        '".venv/bin/python" -m nbstripout'
    )
    assert git("config", "filter.nbstripout.required", cwd=clone).strip() == "true"

    notebook = clone / "notebooks" / "02_duplicated_spend.ipynb"
    stored = notebook.read_bytes()
    with_outputs(notebook)
    assert notebook.read_bytes() != stored

    # git sees no change, stages (from a subfolder too) the notebook as stored, and the
    # working copy keeps its outputs for the analyst.
    assert git("diff", "--name-only", "--", "notebooks", cwd=clone) == ""
    git("add", ".", cwd=clone / "notebooks")
    assert git("diff", "--cached", "--name-only", cwd=clone) == ""
    assert git("status", "--porcelain", "--", "notebooks", cwd=clone) == ""
    staged = git("show", f":notebooks/{notebook.name}", cwd=clone)
    assert staged.encode() == stored
    without_outputs(staged, notebook.name)
    assert "CHF 1,234" in notebook.read_text()


@pytest.mark.slow
@needs_git_checkout
def test_notebooks_as_git_would_commit_them_have_no_outputs(tmp_path):
    # Staged into a temporary index through this checkout's own filter, whatever the
    # working copies hold (an analyst's run may have saved outputs there).
    env = {**os.environ, "GIT_INDEX_FILE": str(tmp_path / "index")}
    git("add", "notebooks", cwd=ROOT, env=env)
    names = git("ls-files", "notebooks", cwd=ROOT, env=env).split()
    notebooks = [n for n in names if n.endswith(".ipynb")]
    assert len(notebooks) >= 5
    for name in notebooks:
        without_outputs(git("show", f":{name}", cwd=ROOT, env=env), name)


def test_notebooks_store_the_metadata_jupyterlab_writes_on_opening():
    # JupyterLab copies the kernel's language_info into a notebook it opens: a notebook
    # storing less is marked unsaved at once. Only the Python version may differ by machine.
    from ipykernel.ipkernel import IPythonKernel

    kernel = dict(IPythonKernel.language_info)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        metadata = nbformat.read(path, as_version=4).metadata
        assert metadata["kernelspec"] == {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }, path.name
        stored = dict(metadata["language_info"])
        assert re.fullmatch(r"3\.\d+\.\d+", stored.pop("version")), path.name
        assert stored == {k: v for k, v in kernel.items() if k != "version"}, path.name


def test_every_error_and_warning_code_is_explained_in_the_readme():
    import re

    source = "\n".join(p.read_text() for p in (ROOT / "analysis").rglob("*.py"))
    codes = set(re.findall(r'"([EW]_[A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(c for c in codes if f"`{c}`" not in readme)
    assert codes and not missing, f"codes not explained in README.md: {missing}"


def test_readme_outputs_table_and_outputs_doc_come_from_the_registry():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from write_docs import readme_with_outputs

    from analysis.metadata import output_fields

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_outputs(readme), "run `make docs`"
    assert output_fields.markdown_table() in readme
    doc = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    assert doc == output_fields.markdown_fields() + "\n", "run `make docs`"


def test_every_output_table_is_registered_with_known_formats():
    from analysis.metadata import output_fields

    tables = output_fields.output_tables()["table"].tolist()
    registered = {f.table for t in tables for f in output_fields.fields_of(t)}
    assert registered == set(tables)
    for table in tables:
        for f in output_fields.fields_of(table):
            assert f.format in output_fields.SPREADSHEET_FORMATS, (table, f.column)
            assert f.label and f.description, (table, f.column)


@pytest.mark.slow
def test_readme_python_snippets_run_in_order():
    """The front door's Python is run as written, block after block in one namespace."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["dearer"].changes == ("Zoom: prices × 1.2",)
