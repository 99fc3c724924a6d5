"""Where a retired platform's use can go, and what it costs there, priced like for like.

A use (one unit's use of one platform) is charged at a receiving platform by what that
platform charges its own users by: seats (per seat-year), events (per event: a meeting
is an event), interpreted hours or meeting hours (per hour). Each is sized by the use's
own measure of it (Usage's active hosts, meetings, interpreted hours, meeting hours, else
its cost lines) and priced at the receiver's observed price for that kind of use in the
analysed year, else its list price. Seats a unit is entitled to on the receiver cost
nothing. A receiver cannot take a use if it charges by something the use does not
measure (nothing is guessed), if it charges for interpretation only (the meetings
themselves would go unpriced), or if the use has interpreted hours and it has no
hourly price for interpretation.

The support work of a use (its share of its platform's work, by meeting hours where Usage
gives them, else equal) moves with it and stays with the team that does it: retiring a
platform saves no support by itself. Centralising then merges the teams that support the
same platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from analysis.model.scenarios.baseline import Baseline, measure_of
from analysis.model.scenarios.requirements import meets


@dataclass(frozen=True)
class Charge:
    """One priced part of a moved use: a measure, its quantity and unit price, with sources."""

    measure: str
    quantity: float
    quantity_source: str
    price_chf: float
    basis: str  # observed, list or entitled
    price_source: str

    @property
    def annual_chf(self) -> float:
        """What the charge costs a year at today's prices."""
        return self.quantity * self.price_chf


@lru_cache(maxsize=65536)
def charges(
    baseline: Baseline, unit: str, platform: str, receiver: str
) -> tuple[Charge, ...] | None:
    """What ``unit``'s use of ``platform`` would be charged on ``receiver``; None if it cannot.

    Seats the unit is entitled to on the receiver are charged at nothing, with the
    entitlement as the source.
    """
    keys = baseline.price_keys.get(receiver, [])
    measures = {measure_of(c, u) for c, u, *_ in keys}
    if not measures - {"interpreted_hours"}:
        return None  # it charges nothing for the meetings themselves: it cannot price them
    q = baseline.quantity
    interpreted = q.get((unit, platform, "interpreted_hours"), np.nan)
    if interpreted != 0 and "interpreted_hours" not in measures:
        return None  # interpretation, or not knowing whether it is needed, cannot be dropped
    found = []
    for cost_type, demand_unit, price, basis, source in keys:
        measure = measure_of(cost_type, demand_unit)
        quantity = q.get((unit, platform, measure), np.nan)
        if np.isnan(quantity):
            return None
        origin = baseline.quantity_source.get((unit, platform, measure), "")
        if measure == "seats":
            entitled, entitlement = baseline.entitled_seats.get((unit, receiver), (0.0, ""))
            free = min(quantity, entitled)
            if free > 0:
                found.append(Charge(measure, free, origin, 0.0, "entitled", entitlement))
            quantity -= free
            if quantity <= 0:
                continue
        found.append(Charge(measure, quantity, origin, price, basis, source))
    return tuple(found)


def annual_cost(baseline: Baseline, unit: str, platform: str, receiver: str) -> float:
    """What the use costs a year on ``receiver`` at today's prices (inf if it cannot go)."""
    found = charges(baseline, unit, platform, receiver)
    return np.inf if found is None else float(sum(c.annual_chf for c in found))


def seats(baseline: Baseline, unit: str, platform: str) -> float:
    """Seats the use moves (for migration and training); 0 where none are measured."""
    found = baseline.quantity.get((unit, platform, "seats"), np.nan)
    return 0.0 if np.isnan(found) else float(found)


def work_share(baseline: Baseline, unit: str, platform: str) -> float:
    """The use's share of its platform's support work: by meeting hours, else equal."""
    hours = baseline.use_hours.get(platform, np.nan)
    mine = baseline.quantity.get((unit, platform, "meeting_hours"), np.nan)
    if not np.isnan(hours) and hours > 0 and not np.isnan(mine):
        return mine / hours
    users = sum(1 for _, p in baseline.active_pairs if p == platform)
    return 1.0 / users if users else 0.0


def work_moved(baseline: Baseline, unit: str, platform: str) -> dict[str, float]:
    """The support work (CHF a year) that goes with a use, by the staffing row doing it.

    The rows that support the use's platform keep supporting it on its new platform: the
    work moves with the use and stays with its team.
    """
    share = work_share(baseline, unit, platform)
    out: dict[str, float] = {}
    for row, cost in baseline.support_on.get(platform, ()):
        out[row] = out.get(row, 0.0) + cost * share
    return out


def can_take(baseline: Baseline, unit: str, platform: str, receiver: str) -> bool:
    """Whether ``receiver`` meets the unit's need for the use's function and can price it."""
    if receiver == platform:
        return False
    function = baseline.category_of[platform]
    return meets(baseline, receiver, unit, function) and (
        charges(baseline, unit, platform, receiver) is not None
    )
