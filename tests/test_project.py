"""The project's own files: one list of dependencies, notebooks stored without outputs."""

import tomllib
from pathlib import Path

import nbformat
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


def test_notebooks_are_stored_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name}: a cell has stored outputs"
                assert cell.execution_count is None, f"{path.name}: stored execution count"


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
