"""Annualise cost lines into calendar years, in CHF.

A line's amount is spread evenly over the days of its service period, both ends
counted: the part falling in calendar year Y is ``amount × days_in_Y / total_days``
(days from :func:`analysis.periods.split_by_year`), converted at the Rates row for
(currency, Y) and rounded to the centime.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config import REPORTING_CURRENCY
from analysis.metadata import reference
from analysis.periods import split_by_year

SPEND_KEYS = ["year", "unit", "platform", "category", "cost_type", "charge"]


def split_lines_by_year(licences: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """Return one row per cost line and calendar year it touches, with its share in CHF.

    Args:
        licences: Checked cost lines (``unit``, ``platform``, ``category``, ``cost_type``,
            ``amount``, ``currency``, ``start_date``, ``end_date`` and source columns).
        rates: ``currency``, ``year``, ``chf_per_unit``; CHF needs no row.

    Returns:
        The lines' columns plus ``year``, ``days_in_year``, ``total_days``,
        ``amount_in_year`` (in the line's currency), ``chf_per_unit`` and ``amount_chf``.

    Examples:
        >>> line = pd.DataFrame({"amount": [366.0 + 365.0], "currency": ["CHF"],
        ...     "start_date": pd.to_datetime(["2020-01-01"]),
        ...     "end_date": pd.to_datetime(["2021-12-31"])})
        >>> split_lines_by_year(line, pd.DataFrame(columns=["currency", "year", "chf_per_unit"]))[
        ...     ["year", "days_in_year", "amount_chf"]].to_dict("list")
        {'year': [2020, 2021], 'days_in_year': [366, 365], 'amount_chf': [366.0, 365.0]}
    """
    pieces = split_by_year(licences["start_date"].to_numpy(), licences["end_date"].to_numpy())
    out = licences.iloc[pieces.period].reset_index(drop=True)
    out["year"] = pieces.year
    out["days_in_year"] = pieces.days
    out["total_days"] = pieces.total_days
    out["amount_in_year"] = out["amount"].to_numpy() * pieces.days / pieces.total_days
    out["chf_per_unit"] = _rates_for(out, rates)
    # Each line's share of a year is booked to the centime, and every total is a sum of
    # these shares, so totals and their parts always agree to the centime.
    out["amount_chf"] = (out["amount_in_year"] * out["chf_per_unit"]).round(2)
    return out


def _rates_for(lines: pd.DataFrame, rates: pd.DataFrame) -> pd.Series:
    table = rates.assign(year=rates["year"].astype("int64")).set_index(["currency", "year"])
    keys = pd.MultiIndex.from_arrays([lines["currency"], lines["year"]])
    found = table["chf_per_unit"].reindex(keys).to_numpy(dtype="float64")
    found = np.where(lines["currency"].to_numpy() == REPORTING_CURRENCY, 1.0, found)
    if np.isnan(found).any():
        missing = lines.loc[np.isnan(found), ["currency", "year"]].drop_duplicates()
        raise ValueError(f"no rate for {missing.to_records(index=False).tolist()}")
    return pd.Series(found, index=lines.index)


def charge_of(lines: pd.DataFrame) -> pd.Series:
    """Whether each line is a ``use`` charge (per hour or event) or a ``platform`` charge.

    Use charges are interpretation, and whatever is sized by hours or events of use
    (``metadata/quantity_units.csv``); platform charges are the rest: licences,
    subscriptions, hosting and hardware.

    Examples:
        >>> charge_of(pd.DataFrame({"quantity_unit": ["hour", "host", None, None],
        ...     "quantity": [10, 5, None, None],
        ...     "cost_type": ["licence", "licence", "service", "interpretation"]})).tolist()
        ['use', 'platform', 'platform', 'use']
    """
    kinds = reference.quantity_units()["kind"]
    key = lines["quantity_unit"].astype("string").str.strip().str.lower()
    use = (key.map(kinds) == "consumption").fillna(False).astype(bool) & lines["quantity"].notna()
    use |= (lines["cost_type"] == "interpretation").to_numpy()
    return pd.Series(np.where(use, "use", "platform"), index=lines.index)


def summarise_annual_spend(line_years: pd.DataFrame) -> pd.DataFrame:
    """Total CHF per year, unit, platform, category, cost type and charge; zeros dropped."""
    line_years = line_years.assign(charge=charge_of(line_years))
    spend = line_years.groupby(SPEND_KEYS, as_index=False, dropna=False)["amount_chf"].sum()
    spend["amount_chf"] = spend["amount_chf"].round(2)
    return spend[spend["amount_chf"] != 0].sort_values(SPEND_KEYS).reset_index(drop=True)
