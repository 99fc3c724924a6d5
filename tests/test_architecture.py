"""The package's shape: stages that import one way, pure analysis, one rule for each thing."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from conftest import write_workbook
from test_scenarios import case_sheets

from analysis.check.inputs import load_inputs
from analysis.check.year import analysed_year
from analysis.issues import InputError
from analysis.pipeline import analyse

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "check", "model", "report", "write")


def test_imports_run_one_way_from_read_to_write():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_stage_is_a_folder_with_a_docstring_that_names_its_stage():
    import importlib

    for number, stage in enumerate(STAGES, start=1):
        module = importlib.import_module(f"analysis.{stage}")
        assert module.__doc__.startswith(f"Stage {number}, {stage}:"), stage


def test_analysing_twice_gives_the_same_issues_once(tmp_path):
    assumptions = case_sheets()
    assumptions["Assumptions"] = assumptions["Assumptions"][:-2]  # two left to their defaults
    write_workbook(tmp_path / "case.xlsx", assumptions)
    inputs = load_inputs(tmp_path)

    first = analyse(inputs)
    second = analyse(inputs)

    codes = [i.code for i in first.all_issues() if i.severity != "info"]
    assert codes.count("W_ASSUMPTION_DEFAULT") == 1
    assert list(first.all_issues()) == list(second.all_issues())
    assert len(inputs.issues) == len(load_inputs(tmp_path).issues)  # the inputs are untouched


def test_results_and_inputs_are_frozen(tmp_path):
    write_workbook(tmp_path / "case.xlsx", case_sheets())
    inputs = load_inputs(tmp_path)
    results = analyse(inputs)
    with pytest.raises(FrozenInstanceError):
        results.year = 2020  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        inputs.licences = inputs.licences.iloc[:0]  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        results.options.baseline.year = 2020  # type: ignore[misc]


def test_one_default_year_rule_for_the_command_line_and_the_notebooks(tmp_path):
    # N's service contract runs into 2022: the latest year with licence data is 2022, but
    # "today" is 2021, the latest year that also has staffing. Both paths say 2021.
    write_workbook(tmp_path / "case.xlsx", case_sheets())
    inputs = load_inputs(tmp_path)
    assert analysed_year(inputs) == 2021
    assert analyse(inputs).year == 2021


@pytest.mark.parametrize("given", [2022, "2022", " 2022 ", 2022.0])
def test_the_year_may_be_given_as_text_or_number(tmp_path, given):
    write_workbook(tmp_path / "case.xlsx", case_sheets(horizon_years=1))
    assert analysed_year(load_inputs(tmp_path), given) == 2022


@pytest.mark.parametrize("given", [2019, "2019", "last", "2021.5"])
def test_a_year_without_licence_data_names_the_years_that_have(tmp_path, given):
    write_workbook(tmp_path / "case.xlsx", case_sheets())
    with pytest.raises(InputError) as caught:
        analysed_year(load_inputs(tmp_path), given)
    [error] = caught.value.issues.errors
    assert error.code == "E_NO_DATA_FOR_YEAR"
    assert error.message == f"no licence data for {given}; years with data: 2021, 2022"
