"""The benchmark runs end to end at 10^3 lines, so it cannot rot (no timing is asserted)."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # run by make test (CI), not by make test-fast

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_measures_every_case_and_writes_its_table(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--out",
            str(tmp_path / "out"),
            "--cache",
            str(tmp_path / "cache"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    table = pd.read_csv(tmp_path / "out" / "results.csv")
    assert len(table) == 14  # every kind of case once at 10^3 lines
    assert (table["seconds"] > 0).all() and (table["peak_mb"] > 0).all()
    markdown = (tmp_path / "out" / "results.md").read_text()
    assert "validate ÷ bare calamine read" in markdown
    assert "run on shipped data ÷ importing dependencies" in markdown
    assert "analyse ÷ what-if on a price" in markdown
    assert "analyse ÷ what-if on an assumption" in markdown
    assert "load and analyse ÷ what-if on a price" in markdown
