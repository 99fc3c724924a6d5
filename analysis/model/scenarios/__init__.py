"""The consolidation options: what each costs and saves, year by year, and how sure we are.

The model starts from the analysed year Y0 ("today") and runs over the horizon
t = 1..H (years Y0+1..Y0+H). One step, one module:

- :mod:`.assumptions`: every number the model assumes, with its source;
- :mod:`.baseline`: today's spend, use, prices and support, built once;
- :mod:`.requirements`: what a kept platform must do, and what may not be kept;
- :mod:`.evaluate`: one option's receivers, run-off and unmet needs;
- :mod:`.costs`: its costs by year (vectorised over assumption draws), NPV and payback;
- :mod:`.optimise`: the cheapest keep-set that meets every requirement;
- :mod:`.uncertainty`: Monte Carlo percentiles and one-at-a-time sensitivity;
- :mod:`.bridge`: from the status quo's cost to an option's, step by step;
- :mod:`.options`: all of the above for one run, as the tables written.

The names below are the model's public interface, for the pipeline, the notebooks and
analysts' own questions.
"""

from analysis.model.scenarios.assumptions import AssumptionSet, resolve_assumptions
from analysis.model.scenarios.baseline import Baseline, build_baseline
from analysis.model.scenarios.costs import (
    costs,
    npv_of_saving,
    payback_year,
    point,
    scenario_table,
    status_quo_of,
)
from analysis.model.scenarios.evaluate import (
    OPTIMAL,
    STATUS_QUO,
    Components,
    Scenario,
    can_serve,
    evaluate,
    receiver_options,
    serving_costs,
    status_quo,
    uses,
)
from analysis.model.scenarios.requirements import allowed_to_keep, meets_all, satisfies

__all__ = [
    "OPTIMAL",
    "STATUS_QUO",
    "AssumptionSet",
    "Baseline",
    "Components",
    "Scenario",
    "allowed_to_keep",
    "build_baseline",
    "can_serve",
    "costs",
    "evaluate",
    "meets_all",
    "npv_of_saving",
    "payback_year",
    "point",
    "receiver_options",
    "resolve_assumptions",
    "satisfies",
    "scenario_table",
    "serving_costs",
    "status_quo",
    "status_quo_of",
    "uses",
]
