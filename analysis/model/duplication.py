"""What is duplicated, per year and function, said honestly: spend, purchasing and support.

- **Platform cost and use-driven cost.** Licences, subscriptions, hosting and hardware are
  paid whether a platform is used or not; interpretation hours and per-event charges are
  paid for use, which any option keeps buying somewhere.
- **Gross overlap** of a function: its spend beyond its largest platform. It overstates
  what can be saved: the use-driven part moves with the use.
- **Avoidable duplicated spend** of a function (analysed year): its spend less the cost of
  serving the same use on one platform of that function at that platform's prices (like
  for like, entitlements included), the cheapest such platform. None is avoidable where
  no single platform serves it more cheaply; it is not computed where no platform of the
  function can price all of its use.
- **Fragmented purchasing**: a platform bought by two or more units in a year.
- **Duplicated support**: the support work on each platform beyond the largest team's,
  from the platforms the staffing rows name (rows naming none are not counted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frames import records
from analysis.issues import IssueLog, Issues
from analysis.metadata import output_fields
from analysis.model.scenarios import moves as mv
from analysis.model.scenarios.baseline import Baseline
from analysis.model.scenarios.requirements import meets

SUPPORT_UNIT_COLUMNS = ["year", "unit", "support_fte", "cost_chf", "is_largest"]


def _platform_spend(annual_spend: pd.DataFrame) -> pd.DataFrame:
    spend = annual_spend.groupby(["year", "category", "platform"], as_index=False)[
        "amount_chf"
    ].sum()
    return spend[spend["amount_chf"] > 0]


def find_duplicated_spend(annual_spend: pd.DataFrame) -> pd.DataFrame:
    """Per year and category: platforms, spend (platform and use), largest, gross overlap.

    Ties for the largest platform go to the name first in alphabetical order, so the
    result never depends on input order. The avoidable columns are filled for the
    analysed year by :func:`add_avoidable`.
    """
    spend = _platform_spend(annual_spend).sort_values(
        ["year", "category", "amount_chf", "platform"], ascending=[True, True, False, True]
    )
    grouped = spend.groupby(["year", "category"], sort=True)
    out = grouped.agg(
        platforms_in_use=("platform", "size"),
        platforms=("platform", lambda p: ";".join(sorted(p))),
        spend_chf=("amount_chf", "sum"),
        largest_platform=("platform", "first"),
        largest_spend=("amount_chf", "first"),
    ).reset_index()
    by_charge = (
        annual_spend.groupby(["year", "category", "charge"])["amount_chf"]
        .sum()
        .unstack("charge")
        .reindex(columns=["platform", "use"])
        .fillna(0.0)
    )
    keys = pd.MultiIndex.from_frame(out[["year", "category"]])
    out["platform_cost_chf"] = by_charge["platform"].reindex(keys).fillna(0.0).to_numpy()
    out["use_cost_chf"] = by_charge["use"].reindex(keys).fillna(0.0).to_numpy()
    out["gross_overlap_chf"] = out["spend_chf"] - out.pop("largest_spend")
    out["single_platform"] = ""
    out["single_platform_cost_chf"] = np.nan
    out["avoidable_duplicated_spend_chf"] = np.nan
    return output_fields.arrange("duplication", out)


def add_avoidable(duplication: pd.DataFrame, baseline: Baseline) -> tuple[pd.DataFrame, Issues]:
    """Fill the analysed year's cheapest single platform and avoidable spend per function.

    The single platform is one of the function's own platforms that meets every need for
    the function of each unit spending on it (as a kept platform must) and can price all
    of its use like for like. A function with no such platform is left empty, with a
    warning.
    """
    log = IssueLog()
    out = duplication.copy()
    spent = baseline.pairs[baseline.pairs["spend_chf"] > 0]
    for i in out.index[out["year"] == baseline.year]:
        function = str(out.loc[i, "category"])
        mine = spent[spent["category"] == function]
        own = mine.groupby("platform")["spend_chf"].sum()
        best: tuple[float, str] | None = None
        users = set(mine["unit"])
        for receiver in sorted(own.index):
            if not all(meets(baseline, str(receiver), str(u), function) for u in users):
                continue  # it would not serve every unit's use of the function
            cost = float(own[receiver]) + sum(
                mv.annual_cost(baseline, p.unit, p.platform, receiver)
                for p in records(mine[mine["platform"] != receiver])
            )
            if np.isfinite(cost) and (best is None or (cost, receiver) < best):
                best = (cost, str(receiver))
        if best is None:
            log.warning(
                "W_AVOIDABLE_NOT_PRICED",
                f"the avoidable duplicated spend of {function} in {baseline.year} is not "
                "computed: no one of its platforms meets every unit's needs for it and can "
                "price all of its use (a use measured in a way the platform does not charge "
                "by); see duplication.csv",
            )
            continue
        out.loc[i, "single_platform"] = best[1]
        out.loc[i, "single_platform_cost_chf"] = best[0]
        spend = float(out.loc[i, "spend_chf"])
        out.loc[i, "avoidable_duplicated_spend_chf"] = max(0.0, spend - best[0])
    return out, log.issues()


def find_fragmented_purchasing(annual_spend: pd.DataFrame) -> pd.DataFrame:
    """Per year: each platform bought by two or more units, with the units and spend."""
    by_unit = annual_spend.groupby(["year", "platform", "unit"], as_index=False)["amount_chf"].sum()
    by_unit = by_unit[by_unit["amount_chf"] > 0]
    out = (
        by_unit.groupby(["year", "platform"])
        .agg(
            units_count=("unit", "size"),
            units=("unit", lambda u: ";".join(sorted(u))),
            spend_chf=("amount_chf", "sum"),
        )
        .reset_index()
    )
    return output_fields.arrange("fragmentation", out[out["units_count"] >= 2]).reset_index(
        drop=True
    )


def summarise_support_by_unit(support_costs: pd.DataFrame) -> pd.DataFrame:
    """Per year: units with support cost > 0, their support FTE (fte × platform_share) and cost."""
    if support_costs.empty:
        return pd.DataFrame(columns=SUPPORT_UNIT_COLUMNS)
    rows = support_costs.assign(support_fte=support_costs["fte"] * support_costs["platform_share"])
    out = rows.groupby(["year", "unit"], as_index=False)[["support_fte", "cost_chf"]].sum()
    out = out[out["cost_chf"] > 0].sort_values(
        ["year", "cost_chf", "unit"], ascending=[True, False, True]
    )
    out["is_largest"] = ~out.duplicated("year", keep="first")
    return out[SUPPORT_UNIT_COLUMNS].sort_values(["year", "unit"]).reset_index(drop=True)


def duplicated_support(support_costs: pd.DataFrame) -> pd.Series:
    """Per year: support work on each platform beyond its largest team's, summed.

    Each staffing row's cost is spread equally over the platforms it names.
    """
    if support_costs.empty or "platforms" not in support_costs:
        return pd.Series(dtype="float64")
    rows = []
    for r in records(support_costs):
        named = [p for p in str(r.platforms or "").split(";") if p]
        rows += [(r.year, r.unit, p, r.cost_chf / len(named)) for p in named]
    work = pd.DataFrame(rows, columns=["year", "team", "platform", "cost_chf"])
    by_team = work.groupby(["year", "platform", "team"])["cost_chf"].sum()
    per_platform = by_team.groupby(["year", "platform"]).agg(["sum", "max"])
    return (per_platform["sum"] - per_platform["max"]).groupby("year").sum()


def summarise_headline(
    annual_spend: pd.DataFrame,
    duplication: pd.DataFrame,
    support_by_unit: pd.DataFrame,
    support_overlap: pd.Series,
) -> pd.DataFrame:
    """One row per year: spend split by charge, duplication, support and its duplication."""
    years = sorted(set(annual_spend["year"]) | set(support_by_unit["year"]))
    in_use = _platform_spend(annual_spend).groupby("year")["platform"].nunique()
    spend = annual_spend.groupby("year")["amount_chf"].sum()
    by_charge = annual_spend.groupby(["year", "charge"])["amount_chf"].sum().unstack("charge")
    support = support_by_unit.groupby("year")
    out = pd.DataFrame({"year": years}).set_index("year")
    out["platforms_in_use"] = in_use.reindex(out.index).fillna(0).astype("int64")
    out["spend_chf"] = spend.reindex(out.index).fillna(0.0)
    for charge in ("platform", "use"):
        column = by_charge[charge] if charge in by_charge else pd.Series(dtype="float64")
        out[f"{charge}_cost_chf"] = column.reindex(out.index).fillna(0.0)
    dup = duplication.groupby("year")
    out["gross_overlap_chf"] = dup["gross_overlap_chf"].sum().reindex(out.index).fillna(0.0)
    # a year's avoidable spend is given only where every function's is
    avoidable = dup["avoidable_duplicated_spend_chf"].agg(
        lambda v: v.sum() if v.notna().all() else np.nan
    )
    out["avoidable_duplicated_spend_chf"] = avoidable.reindex(out.index)
    out["support_teams"] = support["unit"].size().reindex(out.index).fillna(0).astype("int64")
    out["support_fte"] = support["support_fte"].sum().reindex(out.index).fillna(0.0)
    out["support_cost_chf"] = support["cost_chf"].sum().reindex(out.index).fillna(0.0)
    out["duplicated_support_cost_chf"] = support_overlap.reindex(out.index).fillna(0.0)
    return output_fields.arrange("headline", out.reset_index())
