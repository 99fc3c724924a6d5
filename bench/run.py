"""Run every benchmark case side by side and write the table.

``python bench/run.py`` runs the full plan (10^3 to 10^6 lines; several minutes on the
2-core reference machine); ``python bench/run.py --quick`` runs every kind of case at
10^3 lines in seconds (the test suite does this so the benchmark cannot rot). Each case
runs in its own child process, one after the other, so their times and peak memories
are comparable; results go to ``bench/results/`` (``results.md``, ``results.csv``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

ROOT = HERE.parent
SHIPPED = ROOT / "data" / "raw"


def plan(quick: bool) -> list[tuple[str, str, str, int]]:
    """Cases as (label, case, data kind, lines)."""
    read = 1_000 if quick else 200_000
    sizes = [1_000] if quick else [10_000, 100_000, 1_000_000]
    cases = [
        ("import dependencies", "import_deps", "none", 0),
        ("run on the shipped data", "run", "shipped", 0),
        (
            "run on the shipped data, " + ("Arabic" if quick else "six languages"),
            "run_lang_" + ("ar" if quick else "all"),
            "shipped",
            0,
        ),
        ("analyse the loaded shipped data again", "analyse", "shipped", 0),
        ("load and analyse the shipped data (an edited copy re-run)", "load_analyse", "shipped", 0),
        ("what-if: Zoom's prices +20 %", "what_if_price", "shipped", 0),
        ("what-if: discount rate 5 %", "what_if_assumption", "shipped", 0),
        (f"read_excel calamine, {read:,} lines", "read_calamine", "xlsx", read),
        (f"read_excel openpyxl, {read:,} lines", "read_openpyxl", "xlsx", read),
        (f"analysis validate, {read:,} lines", "validate", "xlsx", read),
    ]
    cases += [(f"analysis run, CSV, {n:,} lines", "run", "csv", n) for n in sizes]
    cases.append((f"analysis run, Parquet, {sizes[-1]:,} lines", "run", "parquet", sizes[-1]))
    cases.append(
        (
            "optimiser " + ("8x4x3" if quick else "60x500x20"),
            "optimiser_" + ("8x4x3" if quick else "60x500x20"),
            "none",
            0,
        )
    )
    cases.append(
        (
            "Monte Carlo " + ("1000x3" if quick else "100000x10"),
            "monte_carlo_" + ("1000x3" if quick else "100000x10"),
            "none",
            0,
        )
    )
    return cases


CASE_TIMEOUT_S = 120


def run_case(case: str, data: Path, work: Path) -> dict:
    try:
        result = subprocess.run(
            [sys.executable, str(HERE / "cases.py"), case, str(data), str(work)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=CASE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return {
            "seconds": float("nan"),
            "peak_mb": float("nan"),
            "note": f"stopped after {CASE_TIMEOUT_S} s",
        }
    if result.returncode != 0:
        raise RuntimeError(f"case {case} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def growth_exponent(table: pd.DataFrame) -> float | None:
    """Slope of log(time) on log(lines) over the CSV runs."""
    runs = table[table["label"].str.startswith("analysis run, CSV")]
    if len(runs) < 2:
        return None
    slope, _ = np.polyfit(np.log(runs["lines"]), np.log(runs["seconds"]), 1)
    return float(slope)


def ratios(table: pd.DataFrame) -> list[tuple[str, float | None, str]]:
    by = table.set_index("case_label")

    def t(key):
        return float(by.loc[key, "seconds"]) if key in by.index else None

    out = []
    if t("validate") and t("read_calamine"):
        out.append(("validate ÷ bare calamine read", t("validate") / t("read_calamine"), "≤ 1.3"))
    if t("read_openpyxl") and t("validate"):
        out.append(("openpyxl read ÷ validate", t("read_openpyxl") / t("validate"), "≥ 5"))
    if t("run_shipped") and t("import_deps"):
        out.append(
            (
                "run on shipped data ÷ importing dependencies",
                t("run_shipped") / t("import_deps"),
                "< 3",
            )
        )
    for case, what in (("what_if_price", "a price"), ("what_if_assumption", "an assumption")):
        if t("analyse") and t(case):
            out.append((f"analyse ÷ what-if on {what}", t("analyse") / t(case), "≥ 5"))
    if t("load_analyse") and t("what_if_price"):
        # what an analyst does without the what-if: edit a copy of the workbooks, load, analyse
        out.append(
            (
                "load and analyse ÷ what-if on a price",
                t("load_analyse") / t("what_if_price"),
                "≥ 5",
            )
        )
    exponent = growth_exponent(table)
    if exponent is not None:
        out.append(("growth exponent of run time, CSV lines", exponent, "≤ 1.1"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every case at 10^3 lines")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "analysis-bench"
    )
    args = parser.parse_args()

    rows = []
    for label, case, kind, lines in plan(args.quick):
        if kind == "shipped":
            data = SHIPPED
        elif kind == "none":
            data = args.cache
        else:
            form = kind
            data = generate(args.cache / f"{form}_{lines}", lines, form)
        with tempfile.TemporaryDirectory() as work:
            measured = run_case(case, data, Path(work))
        key = {"run": "run_shipped" if kind == "shipped" else f"run_{kind}_{lines}"}.get(case, case)
        key = (
            key.split("_")[0] + "_" + key.split("_")[1]
            if case.startswith(("optimiser", "monte", "run_lang"))
            else key
        )
        rows.append({"label": label, "case_label": key, "lines": lines, **measured})
        print(f"{label:50s} {measured['seconds']:9.2f} s {measured['peak_mb']:9.0f} MB", flush=True)
        measured.pop("note", None)

    table = pd.DataFrame(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    table.drop(columns="case_label").to_csv(args.out / "results.csv", index=False)
    lines = ["| case | seconds | peak MB |", "|---|---:|---:|"]
    lines += [
        f"| {r.label} | {r.seconds:.2f} | {r.peak_mb:.0f} |"
        if r.seconds == r.seconds
        else f"| {r.label} | > {CASE_TIMEOUT_S} (stopped) | – |"
        for r in table.itertuples()
    ]
    lines += ["", "| ratio | measured | goal |", "|---|---:|---|"]
    lines += [
        f"| {name} | {value:.2f} | {goal} |"
        for name, value, goal in ratios(table)
        if value == value
    ]
    (args.out / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
