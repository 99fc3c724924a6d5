"""One benchmark case, run in its own process: ``python bench/cases.py CASE DATA OUT``.

Prints one JSON line: the case's wall time in seconds (the work only, not the start of
Python) and the process's peak resident memory in MB.
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
    """A catalogue of ``platforms``, ``units`` units each using a few, and requirements."""
    import numpy as np
    import pandas as pd

    from analysis.model import scenarios as sc

    rng = np.random.default_rng(seed)
    names = [f"P{i:02d}" for i in range(platforms)]
    kinds = [f"cap{i}" for i in range(requirement_kinds)]
    catalogue = pd.DataFrame(
        {
            "platform": names,
            "category": rng.choice(["meeting", "webinar", "multilingual"], platforms),
            "interpretation": rng.random(platforms) < 0.4,
            "max_participants": 300.0,
            "data_protection": "assessed",
            "end_of_life": pd.NaT,
        }
    )
    for k in kinds:
        catalogue[k] = rng.random(platforms) < 0.6
    unit_names = [f"U{i:03d}" for i in range(units)]
    spend, demand = [], []
    for u in unit_names:
        for p in rng.choice(names, 3, replace=False):
            spend.append((u, p, float(rng.integers(1000, 50000))))
            demand.append((u, p, "licence", "seat", "subscription", float(rng.integers(1, 40))))
    prices = [(p, "licence", "seat", float(rng.integers(50, 400)), "observed") for p in names]
    requirements = [
        (u, k, "capability", k) for u in unit_names for k in rng.choice(kinds, 2, replace=False)
    ]
    return sc.Baseline(
        year=2021,
        spend=pd.DataFrame(spend, columns=["unit", "platform", "amount_chf"]),
        demand=pd.DataFrame(
            demand, columns=["unit", "platform", "cost_type", "demand_unit", "kind", "quantity"]
        ),
        prices=pd.DataFrame(
            prices, columns=["platform", "cost_type", "demand_unit", "price_chf", "basis"]
        ),
        line_years=pd.DataFrame(
            columns=["unit", "platform", "start_date", "end_date", "year", "amount_chf"]
        ).astype({"start_date": "datetime64[ns]", "end_date": "datetime64[ns]"}),
        support_cost=1_000_000.0,
        support_fte=8.0,
        cost_per_fte={unit_names[0]: 120000.0},
        platforms=catalogue,
        requirements=pd.DataFrame(requirements, columns=["unit", "requirement", "kind", "target"]),
        units=unit_names,
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


def case_function(name: str):
    """The function that does a case's work."""
    fixed = {
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
