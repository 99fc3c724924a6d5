"""Where every CHF came from: each counted cost line and staffing row with what it adds.

One row per line (or staffing row) and year, naming its file, sheet and row, so that any
total of the analysis can be traced to cells of the raw workbooks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.metadata import output_fields


def trace(line_years: pd.DataFrame, support_costs: pd.DataFrame) -> pd.DataFrame:
    """Every counted cost line and staffing row, with the CHF it adds to each year.

    A cost line shows the day counts and the rate its share was computed with; a staffing
    row its FTE, platform share and the annual cost of one FTE, so that each CHF can be
    recomputed by hand from the row.
    """
    columns = [
        "kind",
        "source_file",
        "source_sheet",
        "source_row",
        "year",
        "unit",
        "platform",
        "cost_type",
        "amount",
        "currency",
        "days_in_year",
        "total_days",
        "chf_per_unit",
        "fte",
        "platform_share",
        "cost_per_fte_chf",
        "amount_chf",
    ]
    lines = line_years.assign(
        kind="cost line", fte=np.nan, platform_share=np.nan, cost_per_fte_chf=np.nan
    )[columns]
    fte = support_costs["fte"].astype("float64")
    share = support_costs["platform_share"].astype("float64")
    staff = support_costs.assign(
        kind="support",
        platform="",
        cost_type="support",
        amount=None,
        currency="CHF",
        days_in_year=np.nan,
        total_days=np.nan,
        chf_per_unit=np.nan,
        cost_per_fte_chf=(support_costs["cost_chf"].astype("float64") / (fte * share)).round(2),
        amount_chf=support_costs["cost_chf"],
    )[columns]
    out = pd.concat([lines, staff], ignore_index=True)
    for column in ("days_in_year", "total_days"):
        out[column] = out[column].astype("Int64")
    renamed = out.rename(
        columns={
            "source_file": "file",
            "source_sheet": "sheet",
            "source_row": "row",
            "amount": "amount_in_currency",
        }
    )
    return output_fields.arrange("sources", renamed)
