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
    amount = amounts.to_numpy(dtype="float64")
    cur = currency.fillna("").to_numpy(dtype=object)
    # a line is a row that does not say total and has a unit: total rows never sum totals
    lines = _Lines((says == "").to_numpy() & ~unit_blank.to_numpy(), amount, cur)
    previous_total = 0
    candidates = np.flatnonzero(((says != "") | (unit_blank & amounts.notna())).to_numpy())
    for here in candidates.tolist():
        word = str(says.iloc[here])
        blocks = _blocks(frame, lines, previous_total, here, cur[here], bool(word))
        matching = next(
            (
                b
                for b in blocks
                if not np.isnan(amount[here]) and round(b.total - amount[here], 2) == 0
            ),
            None,
        )
        if not word and (matching is None or len(matching.rows(lines)) < 2):
            continue  # no unit and no sum: left to the checks of a cost line
        found.iloc[here] = True
        previous_total = here + 1
        _report(table, frame.index[here], word, amount[here], matching, blocks, lines, log)
    return found


def _total_word(text: str) -> str:
    match = total_words().search(text)
    return match.group(0) if match else ""


class _Lines:
    """The lines of a sheet, with running sums to add up any stretch of them at once."""

    def __init__(self, is_line: np.ndarray, amount: np.ndarray, currency: np.ndarray):
        self.is_line, self.amount, self.currency = is_line, amount, currency
        self._sums: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _running(self, currency: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if currency not in self._sums:
            mine = self.is_line & ((self.currency == currency) if currency else True)
            unread = mine & np.isnan(self.amount)
            value = np.where(mine & ~unread, self.amount, 0.0)
            self._sums[currency] = tuple(  # type: ignore[assignment]
                np.concatenate([[0], np.cumsum(a)]) for a in (mine, unread, value)
            )
        return self._sums[currency]

    def add_up(self, low: int, high: int, currency: str) -> tuple[int, int, float]:
        """Lines in positions [low, high) of ``currency`` (any if empty): count, unread, sum."""
        count, unread, value = self._running(currency)
        return (
            int(count[high] - count[low]),
            int(unread[high] - unread[low]),
            float(value[high] - value[low]),
        )

    def mask(self, low: int, high: int, currency: str) -> np.ndarray:
        """Which positions of [0, high) are lines of ``currency`` at or after ``low``."""
        mine = self.is_line[:high].copy()
        mine[:low] = False
        if currency:
            mine &= self.currency[:high] == currency
        return mine


@dataclass(frozen=True)
class _Block:
    """Lines a total row may sum: what they are, where, and what they add up to."""

    what: str
    where: np.ndarray  # positions of the lines, as a mask over the rows above the total
    total: float

    def rows(self, lines: _Lines) -> list[int]:
        return np.flatnonzero(self.where).tolist()


def _blocks(
    frame: pd.DataFrame,
    lines: _Lines,
    previous_total: int,
    here: int,
    total_currency: str,
    says_total: bool,
) -> list[_Block]:
    """The sets of lines a total row at ``here`` may sum, nearest first."""
    stretches = [("since the previous total", previous_total)]
    if previous_total > 0:
        stretches.append(("above it", 0))
    blocks = []
    for what, low in stretches:
        count, unread, value = lines.add_up(low, here, total_currency)
        if count and not unread:
            blocks.append(_Block(what, lines.mask(low, here, total_currency), value))
    for column in ("unit", "platform") if says_total else ():
        named = frame[column].iloc[here] if column in frame else None
        if isinstance(named, str) and named.strip() and not total_words().search(named):
            key = named.strip().lower()
            keys = cells.map_text(frame[column].iloc[:here], str.strip, keep_others=False)
            same = (keys.str.lower() == key).fillna(False).to_numpy(dtype=bool)
            where = lines.mask(0, here, total_currency) & same
            values = lines.amount[:here][where]
            if where.any() and not np.isnan(values).any():
                what = f"above it with {column} {named.strip()}"
                blocks.append(_Block(what, where, float(values.sum())))
    return blocks


def _rows_words(table: RawTable, rows: list[int]) -> str:
    numbers = table.frame["source_row"].iloc[rows].astype(int).tolist()
    if not numbers:
        return "no rows"
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
    lines: _Lines,
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
            f"{_rows_words(table, matching.rows(lines))}; checked, not counted",
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
            f"{_rows_words(table, nearest.rows(lines))} ({nearest.what}) add up to "
            f"{nearest.total:,.2f}, a difference of {amount - nearest.total:,.2f}. Correct "
            "the total or the lines; if this row is a cost line and not a total, take the "
            f"word {word!r} out of it",
            **amount_place,
        )
