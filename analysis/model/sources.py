"""Where every CHF came from: each counted cost line and staffing row with what it adds.

One row per line (or staffing row) and year, naming its file, sheet and row, so that any
total of the analysis can be traced to cells of the raw workbooks.
"""

from __future__ import annotations

import pandas as pd

from analysis.metadata import output_fields


def trace(line_years: pd.DataFrame, support_costs: pd.DataFrame) -> pd.DataFrame:
    """Every counted cost line and staffing row, with the CHF it adds to each year."""
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
        "amount_chf",
    ]
    lines = line_years.assign(kind="cost line")[columns]
    staff = support_costs.assign(
        kind="support",
        platform="",
        cost_type="support",
        amount=None,
        currency="CHF",
        amount_chf=support_costs["cost_chf"],
    )[columns]
    out = pd.concat([lines, staff], ignore_index=True)
    renamed = out.rename(
        columns={
            "source_file": "file",
            "source_sheet": "sheet",
            "source_row": "row",
            "amount": "amount_in_currency",
        }
    )
    return output_fields.arrange("sources", renamed)
