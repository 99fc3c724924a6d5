"""Duplicated spend per function, fragmented purchasing and duplicated support, per year.

- Duplicated spend of a category = its spend − the spend on its largest platform:
  what is spent beyond one platform per function.
- Fragmented purchasing: a platform bought by two or more units in a year.
- Duplicated support cost = total support cost − the largest unit's.
"""

from __future__ import annotations

import pandas as pd

from analysis.metadata import output_fields

SUPPORT_UNIT_COLUMNS = ["year", "unit", "support_fte", "cost_chf", "is_largest"]


def _platform_spend(annual_spend: pd.DataFrame) -> pd.DataFrame:
    spend = annual_spend.groupby(["year", "category", "platform"], as_index=False)[
        "amount_chf"
    ].sum()
    return spend[spend["amount_chf"] > 0]


def find_duplicated_spend(annual_spend: pd.DataFrame) -> pd.DataFrame:
    """Per year and category: platforms in use, spend, largest platform and duplicated spend.

    Ties for the largest platform go to the name first in alphabetical order, so the
    result never depends on input order.
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
    out["duplicated_spend_chf"] = out["spend_chf"] - out.pop("largest_spend")
    return output_fields.arrange("duplication", out)


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


def summarise_headline(
    annual_spend: pd.DataFrame, duplication: pd.DataFrame, support_by_unit: pd.DataFrame
) -> pd.DataFrame:
    """One row per year: spend, duplicated spend, support teams, FTE, cost and duplication."""
    years = sorted(set(annual_spend["year"]) | set(support_by_unit["year"]))
    in_use = _platform_spend(annual_spend).groupby("year")["platform"].nunique()
    spend = annual_spend.groupby("year")["amount_chf"].sum()
    duplicated = duplication.groupby("year")["duplicated_spend_chf"].sum()
    support = support_by_unit.groupby("year")
    largest = support_by_unit[support_by_unit["is_largest"].astype(bool)].set_index("year")
    out = pd.DataFrame({"year": years}).set_index("year")
    out["platforms_in_use"] = in_use.reindex(out.index).fillna(0).astype("int64")
    out["spend_chf"] = spend.reindex(out.index).fillna(0.0)
    out["duplicated_spend_chf"] = duplicated.reindex(out.index).fillna(0.0)
    out["support_teams"] = support["unit"].size().reindex(out.index).fillna(0).astype("int64")
    out["support_fte"] = support["support_fte"].sum().reindex(out.index).fillna(0.0)
    out["support_cost_chf"] = support["cost_chf"].sum().reindex(out.index).fillna(0.0)
    largest_cost = largest["cost_chf"].reindex(out.index).fillna(0.0)
    out["duplicated_support_cost_chf"] = out["support_cost_chf"] - largest_cost
    return output_fields.arrange("headline", out.reset_index())
