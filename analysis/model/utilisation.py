"""Licences paid but not used, per year, unit and platform, and what they cost.

Paid licences come from the Usage sheet's ``licences`` where given, otherwise from the
licence lines' seat quantities (seat-years in the year). Used licences are the Usage
sheet's ``active_hosts``. The cost of one licence is the year's licence spend on seats
for that unit and platform divided by the licences paid.
"""

from __future__ import annotations

import pandas as pd

from analysis.metadata import output_fields, reference
from analysis.periods import days_in_years


def seat_years(line_years: pd.DataFrame) -> pd.DataFrame:
    """Seat-years and their CHF per year, unit and platform, from licence lines with seats."""
    kinds = reference.quantity_units()
    unit_key = line_years["quantity_unit"].astype("string").str.strip().str.lower()
    seats = kinds.index[kinds["demand_unit"] == "seat"]
    rows = line_years[unit_key.isin(list(seats)).fillna(False) & line_years["quantity"].notna()]
    rows = rows[rows["cost_type"] == "licence"]
    days = days_in_years(rows["year"].to_numpy())
    rows = rows.assign(seat_years=rows["quantity"] * rows["days_in_year"] / days)
    return rows.groupby(["year", "unit", "platform"], as_index=False)[
        ["seat_years", "amount_chf"]
    ].sum()


def measure_utilisation(usage: pd.DataFrame, line_years: pd.DataFrame) -> pd.DataFrame:
    """Licences paid, used and unused, and the cost of the unused ones."""
    if usage.empty or "active_hosts" not in usage or usage["active_hosts"].isna().all():
        return output_fields.empty("utilisation")
    paid = seat_years(line_years)
    table = usage[usage["active_hosts"].notna()].merge(
        paid, on=["year", "unit", "platform"], how="left"
    )
    table["licences_paid"] = table["licences"].fillna(table["seat_years"])
    table = table[table["licences_paid"].notna() & (table["licences_paid"] > 0)]
    table["licences_used"] = table["active_hosts"]
    table["licences_unused"] = (table["licences_paid"] - table["licences_used"]).clip(lower=0)
    table["utilisation_share"] = (table["licences_used"] / table["licences_paid"]).clip(upper=1)
    table["cost_per_licence_chf"] = table["amount_chf"] / table["licences_paid"]
    table["unused_cost_chf"] = table["licences_unused"] * table["cost_per_licence_chf"]
    table = table.sort_values(["year", "unit", "platform"])
    return output_fields.arrange("utilisation", table).reset_index(drop=True)
