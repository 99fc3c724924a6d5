"""Total rows in a sheet of cost lines: recognised, not counted, and checked.

Finance staff often end a block of lines with a subtotal (``Subtotal GS Zoom``) or the sheet
with a total, sometimes with every column filled like a cost line. Counting such a row
would count its lines twice. A row is a total row if its Unit, Platform or Item says so
(a word of ``metadata/total_words.csv``: total, subtotal, sous-total, итого, 小计, Summe…),
or if it has no unit and its amount equals the lines above it. A total row is never
counted; it is checked against the lines it sums, which turns the officer's own totals
into a reconciliation: a total that matches none of them is an error naming both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.check import cells
from analysis.issues import IssueLog
from analysis.metadata.reference import total_words
from analysis.read.tables import RawTable

# Where a total row says what it is.
_SAYING_COLUMNS = ("unit", "platform", "item")


@dataclass(frozen=True)
class _Block:
    """Lines a total row may sum: their positions in the table and what they add up to."""

    what: str
    rows: list[int]
    total: float


def find_total_rows(table: RawTable, amounts: pd.Series, log: IssueLog) -> pd.Series:
    """Mark the total rows of a sheet of cost lines; check each against the lines it sums.

    Args:
        table: The raw table, rows in sheet order.
        amounts: Its amounts as read (NaN where unreadable), on the table's index.
        log: Where the notes and the mismatches go.

    Returns:
        A mask over the table's rows: True for a total row, which is not a cost line.
    """
    frame = table.frame
    found = pd.Series(False, index=frame.index)
    if frame.empty or "amount" not in frame:
        return found
    says = pd.Series("", index=frame.index, dtype=object)
    for column in reversed(_SAYING_COLUMNS):
        if column not in frame:
            continue
        text = cells.map_text(frame[column], _total_word, keep_others=False)
        says = text.where(text.notna() & (text != ""), says)
    unit_blank = (
        cells.blank_mask(frame["unit"]) if "unit" in frame else pd.Series(True, index=frame.index)
    )
    currency = (
        cells.map_text(frame["currency"], lambda v: v.strip().upper(), keep_others=False)
        if "currency" in frame
        else pd.Series(None, index=frame.index, dtype=object)
    )
    positions = {index: i for i, index in enumerate(frame.index)}
    previous_total = -1
    for index in frame.index[(says != "") | (unit_blank & amounts.notna())]:
        here = positions[index]
        lines = [
            i
            for i in range(here)
            if not found.iloc[i] and not (says.iloc[i] == "" and unit_blank.iloc[i])
        ]
        blocks = _blocks(frame, lines, previous_total, here, currency.iloc[here], amounts, currency)
        amount = amounts.iloc[here]
        word = says.iloc[here]
        matching = next(
            (b for b in blocks if not np.isnan(amount) and round(b.total - amount, 2) == 0), None
        )
        if word == "" and (matching is None or len(matching.rows) < 2):
            continue  # no unit and no sum: left to the checks of a cost line
        found.iloc[here] = True
        previous_total = here
        _report(table, index, word, amount, matching, blocks, log)
    return found


def _total_word(text: str) -> str:
    match = total_words().search(text)
    return match.group(0) if match else ""


def _blocks(
    frame: pd.DataFrame,
    lines: list[int],
    previous_total: int,
    here: int,
    total_currency: object,
    amounts: pd.Series,
    currency: pd.Series,
) -> list[_Block]:
    """The sets of lines a total row at ``here`` may sum, nearest first."""
    candidates = [("since the previous total", [i for i in lines if i > previous_total])]
    if previous_total >= 0:
        candidates.append(("above it", lines))
    for column in ("unit", "platform"):
        named = frame[column].iloc[here] if column in frame else None
        if isinstance(named, str) and named.strip() and not total_words().search(named):
            key = named.strip().lower()
            candidates.append(
                (
                    f"above it with {column} {named.strip()}",
                    [
                        i
                        for i in lines
                        if isinstance(frame[column].iloc[i], str)
                        and frame[column].iloc[i].strip().lower() == key
                    ],
                )
            )
    blocks = []
    for what, rows in candidates:
        if isinstance(total_currency, str) and total_currency:
            rows = [i for i in rows if currency.iloc[i] == total_currency]
        if rows and not amounts.iloc[rows].isna().any():
            blocks.append(_Block(what, rows, float(amounts.iloc[rows].sum())))
    return blocks


def _rows_words(table: RawTable, rows: list[int]) -> str:
    numbers = table.frame["source_row"].iloc[rows].astype(int).tolist()
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"row {numbers[0]}"
    return "rows " + ", ".join(map(str, numbers))


def _report(
    table: RawTable,
    index: Any,
    word: str,
    amount: float,
    matching: _Block | None,
    blocks: list[_Block],
    log: IssueLog,
) -> None:
    row = int(table.frame["source_row"][index])
    place = {"file": table.file, "sheet": table.sheet, "row": row}
    amount_place = {
        **place,
        "column": table.headers.get("amount", "amount"),
        "column_letter": table.letters.get("amount", ""),
    }
    said = f"says {word!r}" if word else "has no unit and its amount equals the lines above it"
    if matching is not None:
        log.info(
            "I_TOTAL_ROW",
            f"a total row: it {said}; its amount {amount:,.2f} equals the sum of "
            f"{_rows_words(table, matching.rows)}; checked, not counted",
            **amount_place,
        )
    elif np.isnan(amount) or not blocks:
        log.info(
            "I_TOTAL_ROW",
            f"a total row: it {said}; not counted, and not checked (no amount, or the lines "
            "above it have none that can be read)",
            **amount_place,
        )
    else:
        nearest = blocks[0]
        log.error(
            "E_TOTAL_MISMATCH",
            f"this row {said}, so it is a control total and is not counted; but its amount "
            f"{amount:,.2f} is not the sum of the lines it can close: "
            f"{_rows_words(table, nearest.rows)} ({nearest.what}) add up to "
            f"{nearest.total:,.2f}, a difference of {amount - nearest.total:,.2f}. Correct "
            "the total or the lines; if this row is a cost line and not a total, take the "
            f"word {word!r} out of it",
            **amount_place,
        )
