"""The consolidation options: what each costs and saves, year by year, and how sure we are.

The model starts from the analysed year Y0 ("today") and runs over the horizon
t = 1..H (years Y0+1..Y0+H). Savings are measured against the do-minimum option: what the
organisation must do anyway. One step, one module:

- :mod:`.assumptions`: every number the model assumes, with its source;
- :mod:`.baseline`: today's run-rate, demand, prices, entitlements and support work;
- :mod:`.requirements`: each unit's needs, function by function, and what may be kept;
- :mod:`.moves`: where a retired use can go and what it costs there, like for like;
- :mod:`.evaluate`: one option's receivers and ledger of cost lines by year;
- :mod:`.costs`: its costs by year (vectorised over assumption draws), NPV and payback;
- :mod:`.bridge`: from the do-minimum cost to an option's, step by step, line by line;
- :mod:`.optimise`: the cheapest keep-set that meets every need;
- :mod:`.uncertainty`: Monte Carlo percentiles and one-at-a-time sensitivity;
- :mod:`.options`: all of the above for one run, as the tables written;
- :mod:`.identity`: what each option is (kind, platforms, names, optimum, why it fails),
  for the report to put in words.

The names below are the model's public interface, for the pipeline, the notebooks and
analysts' own questions.
"""

from analysis.model.scenarios.assumptions import AssumptionSet, resolve_assumptions
from analysis.model.scenarios.baseline import Baseline, build_baseline, reprice
from analysis.model.scenarios.costs import (
    costs,
    npv_of_saving,
    npv_of_savings,
    payback_year,
    point,
    scenario_table,
    status_quo_of,
)
from analysis.model.scenarios.evaluate import (
    BASELINE,
    OPTIMAL,
    STEP_OF,
    Components,
    Scenario,
    evaluate,
    status_quo,
)
from analysis.model.scenarios.moves import can_take, charges
from analysis.model.scenarios.requirements import allowed_to_keep, meets, needs, satisfies

__all__ = [
    "BASELINE",
    "OPTIMAL",
    "STEP_OF",
    "AssumptionSet",
    "Baseline",
    "Components",
    "Scenario",
    "allowed_to_keep",
    "build_baseline",
    "can_take",
    "charges",
    "costs",
    "evaluate",
    "meets",
    "needs",
    "npv_of_saving",
    "npv_of_savings",
    "payback_year",
    "point",
    "reprice",
    "resolve_assumptions",
    "satisfies",
    "scenario_table",
    "status_quo",
    "status_quo_of",
]
