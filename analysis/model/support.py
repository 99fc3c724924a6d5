"""Support cost of each staffing row: ``fte × platform_share × annual cost``.

The annual cost is the row's own ``annual_cost_chf`` when given (consultants),
otherwise the grade's StaffCosts row for that year.
"""

from __future__ import annotations

import pandas as pd

from analysis.metadata import output_fields

SUPPORT_COLUMNS = output_fields.columns("support_costs")


def cost_support(staffing: pd.DataFrame, staff_costs: pd.DataFrame) -> pd.DataFrame:
    """Return each staffing row with its support cost in CHF.

    Examples:
        >>> staff = pd.DataFrame({"year": [2021, 2021], "unit": ["GS", "TSB"], "team": ["IT", None],
        ...     "role": ["Support", "Consultant"], "grade": ["P3", None], "fte": [2.0, 1.0],
        ...     "platform_share": [0.5, 1.0], "annual_cost_chf": [None, 90000.0]})
        >>> costs = pd.DataFrame({"grade": ["P3"], "year": [2021], "annual_cost_chf": [200000.0]})
        >>> cost_support(staff, costs)["cost_chf"].tolist()
        [200000.0, 90000.0]
    """
    if staffing.empty:
        return pd.DataFrame(columns=SUPPORT_COLUMNS)
    standard = staff_costs.assign(year=staff_costs["year"].astype("int64")).set_index(
        ["grade", "year"]
    )["annual_cost_chf"]
    keys = pd.MultiIndex.from_arrays([staffing["grade"], staffing["year"].astype("int64")])
    grade_cost = standard.reindex(keys).to_numpy(dtype="float64")
    own_cost = staffing["annual_cost_chf"].astype("float64")
    annual = own_cost.fillna(pd.Series(grade_cost, index=staffing.index))
    out = staffing.assign(
        year=staffing["year"].astype("int64"),
        cost_chf=staffing["fte"].astype("float64")
        * staffing["platform_share"].astype("float64")
        * annual,
    )
    extra = [c for c in out.columns if c not in SUPPORT_COLUMNS]
    return out[SUPPORT_COLUMNS + extra].sort_values(["year", "unit"], kind="stable")
