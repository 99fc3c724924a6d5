"""One benchmark case, run in its own process: ``python bench/cases.py CASE DATA OUT``.

Prints one JSON line: the case's wall time in seconds (the work only, not the start of
Python, nor a prepared case's set-up; for the analyse and what-if cases, one call of
ten) and the process's peak resident memory in MB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# pandas and numpy are imported inside the cases, so that "import dependencies" counts them.
# The checkout this file lives in is measured, not whichever copy of analysis is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _import_dependencies(data: Path, out: Path) -> None:
    import matplotlib  # noqa: F401
    import numpy  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import python_calamine  # noqa: F401
    import scipy.optimize  # noqa: F401


def _analysis(*args: str) -> None:
    from analysis.cli import main

    code = main(list(args))
    if code != 0:
        raise SystemExit(f"analysis {args[0]} exited {code}")


def _run(data: Path, out: Path) -> None:
    _analysis("run", "--raw", str(data), "--processed", str(out / "p"), "--figures", str(out / "f"))


def _run_languages(languages: str):
    def case(data: Path, out: Path) -> None:
        figures = ["--figures", str(out / "f"), "--lang", languages]
        _analysis("run", "--raw", str(data), "--processed", str(out / "p"), *figures)

    return case


def _validate(data: Path, out: Path) -> None:
    _analysis("validate", "--raw", str(data), "--processed", str(out / "p"))


def _calamine(data: Path, out: Path) -> None:
    import pandas as pd

    pd.read_excel(data / "licences.xlsx", sheet_name="Licences", engine="calamine")


def _openpyxl(data: Path, out: Path) -> None:
    import pandas as pd

    pd.read_excel(data / "licences.xlsx", sheet_name="Licences", engine="openpyxl")


def synthetic_baseline(platforms: int, units: int, requirement_kinds: int, seed: int = 1):
    """A catalogue of ``platforms``, ``units`` units each using a few, and their needs.

    Each use has seats, events and meeting hours; each platform prices seats (and some
    events); a few units are entitled to a platform; contracts run past the analysed year;
    two support rows spread over the platforms in use.
    """
    import numpy as np
    import pandas as pd

    from analysis.model import scenarios as sc

    rng = np.random.default_rng(seed)
    names = [f"P{i:02d}" for i in range(platforms)]
    kinds = [f"cap{i}" for i in range(requirement_kinds)]
    functions = ["meeting", "webinar", "multilingual"]
    catalogue = pd.DataFrame(
        {
            "platform": names,
            "category": rng.choice(functions, platforms),
            "interpretation": rng.random(platforms) < 0.4,
            "max_participants": 300.0,
            "data_protection": "assessed",
            "end_of_life": pd.NaT,
        }
    )
    for k in kinds:
        catalogue[k] = rng.random(platforms) < 0.6
    category = dict(zip(names, catalogue["category"]))
    unit_names = [f"U{i:03d}" for i in range(units)]
    pairs, contracts, demand = [], [], []
    end = pd.Timestamp("2022-06-30")
    for u in unit_names:
        for p in rng.choice(names, 3, replace=False):
            pairs.append((u, p, category[p], True, pd.Timestamp("2021-12-31"), 0.0, 0.0, ""))
            contracts.append(
                (u, p, float(rng.integers(3, 140)), pd.Timestamp("2021-01-01"), end, "s")
            )
            demand += [
                (u, p, "seats", float(rng.integers(1, 40)), "s"),
                (u, p, "events", float(rng.integers(0, 60)), "s"),
                (u, p, "meeting_hours", float(rng.integers(0, 200)), "s"),
                (u, p, "interpreted_hours", 0.0, "s"),
            ]
    prices = [(p, "licence", "seat", float(rng.integers(50, 400)), "observed", "s") for p in names]
    prices += [
        (p, "licence", "event", float(rng.integers(100, 3000)), "observed", "s")
        for p in names
        if rng.random() < 0.3
    ]
    requirements = [
        (u, k, "capability", k, "") for u in unit_names for k in rng.choice(kinds, 1, replace=False)
    ]
    in_use = sorted({p for _, p, *_ in pairs})
    support = [
        (f"row {i}", unit_names[i], p, 400000.0 / len(in_use), "equal", f"row {i}")
        for i in range(2)
        for p in in_use
    ]
    return sc.Baseline(
        year=2021,
        pairs=pd.DataFrame(
            pairs,
            columns=[
                "unit",
                "platform",
                "category",
                "active",
                "last_day",
                "spend_chf",
                "use_chf",
                "use_sources",
            ],
        ),
        contracts=pd.DataFrame(
            contracts, columns=["unit", "platform", "daily_chf", "start_date", "end_date", "source"]
        ),
        demand=pd.DataFrame(demand, columns=["unit", "platform", "measure", "quantity", "source"]),
        prices=pd.DataFrame(
            prices, columns=["platform", "cost_type", "demand_unit", "price_chf", "basis", "source"]
        ),
        entitlements=pd.DataFrame(
            [(unit_names[0], names[0], float("inf"), pd.NaT, pd.NaT, "e")],
            columns=["unit", "platform", "seats", "start_date", "end_date", "source"],
        ),
        support=pd.DataFrame(
            support, columns=["row", "team", "platform", "cost_chf", "weight", "source"]
        ),
        unassigned=pd.DataFrame(columns=["row", "team", "cost_chf", "source"]),
        platforms=catalogue,
        requirements=pd.DataFrame(
            requirements, columns=["unit", "requirement", "kind", "target", "function"]
        ),
        units=unit_names,
        function_needs={"multilingual": ("interpretation",)},
    )


def _assumptions(**change):
    from analysis.metadata import reference
    from analysis.model import scenarios as sc

    values = {n: float(v) for n, v in reference.assumptions()["default"].items()}
    return sc.AssumptionSet({**values, **change})


def _optimiser(size: str):
    platforms, units, kinds = (int(x) for x in size.split("x"))

    def case(data: Path, out: Path) -> None:
        from analysis.model.scenarios import optimise

        baseline = synthetic_baseline(platforms, units, kinds)
        if optimise.optimise(baseline, _assumptions()) is None:
            raise SystemExit("no feasible platform set")

    return case


def _monte_carlo(size: str):
    draws, scenarios = (int(x) for x in size.split("x"))

    def case(data: Path, out: Path) -> None:
        from analysis.model import scenarios as sc
        from analysis.model.scenarios import uncertainty

        baseline = synthetic_baseline(8, 4, 3)
        names = list(baseline.platforms["platform"])
        a = sc.AssumptionSet(
            {**_assumptions().value, "monte_carlo_draws": float(draws)},
            low={"price_growth": 0.0, "discount_rate": 0.01, "centralisation_saving_share": 0.1},
            high={"price_growth": 0.05, "discount_rate": 0.05, "centralisation_saving_share": 0.3},
        )
        options = [
            sc.evaluate(baseline, sc.Scenario(f"s{i}", tuple(names[: 2 + i % 6]), "U000"), a)
            for i in range(scenarios)
        ]
        uncertainty.simulate(options, baseline, a)

    return case


REPEATS = 10  # the analyse and what-if cases time this many calls and report one


class _Prepared:
    """A case whose set-up is not timed: ``prepare`` once, then ``work`` on what it made."""

    def __init__(self, prepare, work):
        self.prepare, self.work = prepare, work


def _loaded(data: Path, out: Path):
    """The shipped inputs loaded and analysed once, as an analyst's session has them."""
    from analysis import pipeline
    from analysis.check.inputs import load_inputs

    inputs = load_inputs(data)
    return inputs, pipeline.analyse(inputs)


def _analyse_again(state) -> None:
    from analysis import pipeline

    inputs, _ = state
    for _ in range(REPEATS):
        pipeline.analyse(inputs)


def _warm(data: Path, out: Path) -> Path:
    """Load and analyse once untimed, so imports and the file cache are ready."""
    _loaded(data, out)
    return data


def _load_analyse_again(data: Path) -> None:
    from analysis import pipeline
    from analysis.check.inputs import load_inputs

    for _ in range(REPEATS):  # a warm second read: the file cache and imports are ready
        pipeline.analyse(load_inputs(data))


def _what_if(**change):
    def work(state) -> None:
        from analysis import pipeline

        _, results = state
        for _ in range(REPEATS):
            pipeline.what_if(results, **change)

    return _Prepared(_loaded, work)


def case_function(name: str):
    """The function that does a case's work."""
    fixed = {
        "analyse": _Prepared(_loaded, _analyse_again),
        "load_analyse": _Prepared(_warm, _load_analyse_again),
        "what_if_price": _what_if(prices={"Zoom": 1.2}),
        "what_if_assumption": _what_if(assumptions={"discount_rate": 0.05}),
        "import_deps": _import_dependencies,
        "run": _run,
        "validate": _validate,
        "read_calamine": _calamine,
        "read_openpyxl": _openpyxl,
    }
    if name.startswith("optimiser_"):
        return _optimiser(name.removeprefix("optimiser_"))
    if name.startswith("run_lang_"):
        return _run_languages(name.removeprefix("run_lang_"))
    if name.startswith("monte_carlo_"):
        return _monte_carlo(name.removeprefix("monte_carlo_"))
    return fixed[name]


def main() -> None:
    """Run one case and print its measurements."""
    name, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work = case_function(name)
    if isinstance(work, _Prepared):
        state = work.prepare(data, out)
        started = time.perf_counter()
        work.work(state)
        seconds = (time.perf_counter() - started) / REPEATS
    else:
        started = time.perf_counter()
        work(data, out)
        seconds = time.perf_counter() - started
    # the largest of this process and its workers (figures are drawn in worker processes)
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()
