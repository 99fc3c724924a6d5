"""Small helpers on DataFrames that every stage shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of ``frame`` as named tuples (``itertuples``), typed as the records they are.

    A row's fields are whatever its columns hold, so they are typed ``Any`` rather than as
    every scalar pandas knows.

    Examples:
        >>> [r.amount for r in records(pd.DataFrame({"amount": [1.5, 2.0]}))]
        [1.5, 2.0]
    """
    return frame.itertuples()
