"""The options before the Council, costed: status quo, the user's scenarios, the optimum.

Pure: builds every scenario table from checked inputs and the analysed year's results;
reads and writes no file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.check.inputs import Inputs
from analysis.frames import records
from analysis.issues import IssueLog, Issues, at
from analysis.metadata import output_fields
from analysis.model import scenarios as sc
from analysis.model import utilisation
from analysis.model.scenarios import bridge, optimise, uncertainty
from analysis.model.scenarios.identity import OptionIdentity, identify


@dataclass(frozen=True)
class Options:
    """Every scenario output for one analysed year, and the warnings found making them."""

    baseline: sc.Baseline
    assumptions: sc.AssumptionSet
    evaluated: list[sc.Components]
    scenarios: pd.DataFrame
    summary: pd.DataFrame
    sensitivity: pd.DataFrame
    samples: dict[str, np.ndarray]
    moves: pd.DataFrame
    utilisation: pd.DataFrame
    optimal: optimise.Choice | None
    focus: str
    bridges: pd.DataFrame
    bridge_lines: pd.DataFrame
    run_rate: pd.DataFrame
    support_work: pd.DataFrame
    issues: Issues = field(default_factory=Issues)
    # each option's kind, platforms, names and reasons, for the report to put in words
    identities: tuple[OptionIdentity, ...] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written as CSV, by file stem (utilisation only where usage exists)."""
        tables = {
            "scenarios": self.scenarios,
            "scenario_summary": self.summary,
            "scenario_moves": self.moves,
            "saving_bridge": self.bridges,
            "bridge_lines": self.bridge_lines,
            "run_rate": self.run_rate,
            "support_work": self.support_work,
            "sensitivity": self.sensitivity,
            "assumptions_used": self.assumptions.table(),
        }
        if not self.utilisation.empty:
            tables["utilisation"] = self.utilisation
        return tables


def check_options(inputs: Inputs, line_years: pd.DataFrame, year: int) -> Issues:
    """Errors in what the options are given, found once the analysed year is known.

    A scenario starting outside the horizon, or support savings assumed to add up to more
    than today's support cost.
    """
    a, _ = sc.resolve_assumptions(inputs.assumptions)
    horizon = int(a["horizon_years"])
    log = IssueLog()
    first = pd.Timestamp(year=year + 1, month=1, day=1)
    last = pd.Timestamp(year=year + horizon, month=12, day=31)
    for row in records(inputs.scenarios):
        start = None if pd.isna(row.start_date) else pd.Timestamp(row.start_date)
        if start is not None and not first <= start <= last:
            log.error(
                "E_START_OUTSIDE_HORIZON",
                f"the change starts on {start:%Y-%m-%d}, outside the horizon "
                f"{first:%Y-%m-%d} to {last:%Y-%m-%d} (the year after the analysed year "
                f"{year}, for horizon_years); choose a start inside it",
                **at(row, "start_date"),
            )
    today = line_years[line_years["year"] == year].groupby("platform")["amount_chf"].sum()
    in_use = int((today > 0).sum())
    per_platform = a.high.get(
        "support_saving_per_retired_platform_share", a["support_saving_per_retired_platform_share"]
    )
    central = a.high.get("centralisation_saving_share", a["centralisation_saving_share"])
    total = per_platform * in_use + central
    if total > 1:
        given = inputs.assumptions
        rows = given[given["name"] == "support_saving_per_retired_platform_share"]
        log.error(
            "E_SUPPORT_SAVING_TOO_HIGH",
            f"support_saving_per_retired_platform_share ({per_platform:g}) × "
            f"{in_use} platforms + centralisation_saving_share ({central:g}) = "
            f"{total:.2f}: a staffing row naming no platform in use would save more than it "
            "costs; lower them (highs included)",
            **(at(rows.iloc[0], "value") if not rows.empty else {}),
        )
    return log.issues()


def user_scenarios(inputs: Inputs, year: int) -> list[sc.Scenario]:
    """The Scenarios sheet's options, in sheet order."""
    out = []
    for row in records(inputs.scenarios):
        start = None if pd.isna(row.start_date) else pd.Timestamp(row.start_date)
        central = None if pd.isna(row.central_support_unit) else row.central_support_unit
        out.append(sc.Scenario(row.scenario, tuple(row.keep.split(";")), central, start))
    return out


def cost_options(
    inputs: Inputs,
    line_years: pd.DataFrame,
    support_costs: pd.DataFrame,
    year: int,
    baseline: sc.Baseline | None = None,
    utilisation_table: pd.DataFrame | None = None,
    before: Options | None = None,
) -> Options:
    """Cost the status quo, every scenario of the sheet and the optimal set, with uncertainty.

    Call :func:`check_options` first: the options assume what it checks. A what-if passes
    the ``baseline`` and ``utilisation_table`` its change leaves as they were (each the
    same as these inputs would build), and the options ``before`` it, whose tables of the
    baseline alone (run-rate, support work) stand while the baseline is the same.
    """
    log = IssueLog()
    a, assumption_issues = sc.resolve_assumptions(inputs.assumptions)
    log.extend(assumption_issues)
    if baseline is None:
        baseline = sc.build_baseline(
            year,
            line_years,
            inputs.rates,
            support_costs,
            inputs.platforms,
            inputs.requirements,
            inputs.usage,
            inputs.entitlements,
            int(a["horizon_years"]),
        )
    for source, why in baseline.entitlement_notes():
        log.warning(
            "W_ENTITLEMENT_NOT_COUNTED",
            f"this entitlement is not counted for moved seats, which are priced as bought: "
            f"{why} ({source})",
        )
    for row in records(baseline.unassigned):
        log.warning(
            "W_SUPPORT_ASSUMED_SHARE",
            "this staffing row names no platform in use at the end of the analysed year, so "
            "what the options save of it is assumed (support_saving_per_retired_platform_share "
            "and centralisation_saving_share), not traced to platforms: name the platforms it "
            "supports in the Platforms column",
            file=row.source_file,
            sheet=row.source_sheet,
            row=int(row.source_row),
            column="Platforms",
        )
    wanted = [sc.status_quo(baseline), *user_scenarios(inputs, year)]
    choice = optimise.optimise(baseline, a)
    if choice is None:
        log.warning(
            "W_NO_OPTIMUM",
            "no set of platforms can meet every requirement (see scenario_summary.csv, "
            "column unmet); the optimal scenario is left out",
        )
    else:
        wanted.append(choice.scenario)
    evaluated = [sc.evaluate(baseline, s, a) for s in wanted]
    table, npvs = sc.scenario_table(evaluated, baseline, a)
    spread, samples = uncertainty.simulate(evaluated, baseline, a)
    identities = identify(evaluated, inputs.scenarios, pd.Timestamp(year=year + 1, month=1, day=1))
    rows = []
    for c, who in zip(evaluated, identities):
        mine = table[table["scenario"] == c.scenario.name]
        payback = sc.payback_year(mine["year"].to_numpy(), mine["cumulative_saving_chf"].to_numpy())
        rows.append(
            {
                "scenario": c.scenario.name,
                "kept": ";".join(c.scenario.keep),
                "central_support_unit": c.scenario.central_unit or "",
                "start_date": c.start.date().isoformat(),
                "npv_chf": npvs[c.scenario.name],
                "payback_year": payback,
                "requirements_met": not c.unmet,
                "unmet": "; ".join(c.unmet),
                "is_optimal": who.is_optimal,
                "same_as": who.same_as,
            }
        )
    summary = output_fields.arrange(
        "scenario_summary", pd.DataFrame(rows).merge(spread, on="scenario", how="left")
    )
    summary["payback_year"] = summary["payback_year"].astype("Int64")
    moves = pd.concat(
        [c.moves.assign(scenario=c.scenario.name) for c in evaluated],
        ignore_index=True,
    )
    same = before if before is not None and before.baseline is baseline else None
    chosen = bridge.focus(evaluated)
    bridges, lines = bridge.saving_bridges(evaluated, baseline, a)
    return Options(
        baseline=baseline,
        assumptions=a,
        evaluated=evaluated,
        scenarios=table,
        summary=summary,
        sensitivity=uncertainty.sensitivity(evaluated, baseline, a),
        samples=samples,
        moves=output_fields.arrange("scenario_moves", moves),
        utilisation=(
            utilisation.measure_utilisation(inputs.usage, line_years)
            if utilisation_table is None
            else utilisation_table
        ),
        optimal=choice,
        focus=chosen.scenario.name,
        bridges=bridges,
        bridge_lines=lines,
        run_rate=same.run_rate if same else run_rate(baseline),
        support_work=same.support_work if same else support_work(baseline),
        issues=log.issues(),
        identities=identities,
    )


def run_rate(baseline: sc.Baseline) -> pd.DataFrame:
    """``run_rate.csv``: each pair's cost carried forward from the end of the analysed year."""
    days = 366 if pd.Timestamp(year=baseline.year + 1, month=1, day=1).is_leap_year else 365
    fixed = baseline.contracts.groupby(["unit", "platform"])["daily_chf"].sum() * days
    sources = baseline.contracts.groupby(["unit", "platform"])["source"].agg("; ".join)
    rows = []
    for p in records(baseline.pairs):
        key = (p.unit, p.platform)
        end = baseline.end_of_life(p.platform)
        if not p.active:
            status = f"ended {p.last_day:%Y-%m-%d} without renewal: not carried forward"
        elif end is not None:
            status = f"carried forward; end of life {end:%Y-%m-%d}: retired then"
        else:
            status = "carried forward"
        rows.append(
            {
                "unit": p.unit,
                "platform": p.platform,
                "category": p.category,
                "in_use": bool(p.active),
                "spend_chf": p.spend_chf,
                "fixed_chf_per_year": float(fixed.get(key, 0.0)) if p.active else 0.0,
                "use_chf_per_year": p.use_chf if p.active else 0.0,
                "status": status,
                "source": "; ".join(s for s in (sources.get(key, ""), p.use_sources) if s),
            }
        )
    return output_fields.arrange(
        "run_rate",
        pd.DataFrame(rows, columns=list(rows[0]) if rows else output_fields.columns("run_rate")),
    )


def support_work(baseline: sc.Baseline) -> pd.DataFrame:
    """``support_work.csv``: each staffing row's support cost spread over its platforms."""
    work = baseline.support.rename(columns={"weight": "spread"})
    rest = baseline.unassigned.assign(platform="", spread="assumed shares")
    table = pd.concat([work, rest], ignore_index=True)
    return output_fields.arrange("support_work", table)


def explain_optimum(options: Options) -> str:
    """The optimiser's choice in words, for analysts and delegates."""
    if options.optimal is None:
        return "No set of platforms meets every unit's requirements; see the unmet column."
    summary = options.summary.set_index("scenario")
    row: Any = summary.loc[sc.OPTIMAL]
    kept = row["kept"].replace(";", ", ")
    retired = [p for p in options.baseline.in_use if p not in row["kept"].split(";")]
    central = (
        f"centralises support in {row['central_support_unit']}"
        if row["central_support_unit"]
        else "keeps today's support teams"
    )
    payback = row["payback_year"]
    when = f"pays back in {payback}" if not pd.isna(payback) else "does not pay back"
    return (
        f"The cheapest option that meets every unit's requirements keeps {kept}, retires "
        f"{', '.join(retired) or 'nothing'}, and {central}. Over "
        f"{int(options.assumptions['horizon_years'])} years it saves CHF "
        f"{row['npv_chf']:,.0f} in present value against the do-minimum option (P10–P90: "
        f"{row['p10_saving_chf']:,.0f} to {row['p90_saving_chf']:,.0f}), and {when}."
    )
