"""What a kept platform must do: each unit's requirements and the rules on keeping.

A requirement is a catalogue yes/no column, a category, a participant count or a number
of interpretation languages (``check.cross.parse_requirement`` reads them). A platform
whose end of life falls inside the horizon, or whose data protection is not assessed,
may not be kept unless the assumptions allow it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.frames import records
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline, is_yes


@lru_cache(maxsize=65536)
def meets_all(baseline: Baseline, platform: str, unit: str) -> bool:
    """Whether ``platform`` alone meets every requirement of ``unit``."""
    row = baseline.catalogue[platform]
    return all(satisfies(row, kind, target) for kind, target in baseline.needs_of.get(unit, []))


def satisfies(platform: pd.Series, kind: str, target: Any) -> bool:
    """Whether one catalogue row meets one requirement (kind, target)."""
    if kind == "capability":
        return is_yes(platform.get(target))
    if kind == "category":
        return str(platform.get("category", "")).lower() == str(target).lower()
    if kind == "languages":
        cap = platform.get("interpretation_languages")
        return (
            is_yes(platform.get("interpretation"))
            and not pd.isna(cap)
            and float(cap) >= float(target)
        )
    if kind == "participants":
        cap = platform.get("max_participants")
        return not pd.isna(cap) and float(cap) >= float(target)
    return False


def allowed_to_keep(baseline: Baseline, a: AssumptionSet, horizon_end_year: int) -> dict[str, str]:
    """Platforms that may not be kept, with the reason (end of life, data protection)."""
    barred = {}
    for p in records(baseline.platforms):
        end = getattr(p, "end_of_life", pd.NaT)
        if not pd.isna(end) and end.year <= horizon_end_year and not a["allow_end_of_life"]:
            barred[p.platform] = (
                f"end of life {end:%Y-%m-%d}, before the horizon ends ({horizon_end_year})"
            )
            continue
        protection = getattr(p, "data_protection", None)
        if protection != "assessed" and not a["allow_unassessed_data_protection"]:
            state = protection if isinstance(protection, str) else "not stated"
            barred[p.platform] = f"data protection {state}, not assessed"
    return barred


def unmet_requirements(
    baseline: Baseline, kept: list[str], a: AssumptionSet, horizon_end_year: int
) -> list[str]:
    """What keeping only ``kept`` leaves unmet, in words: barred platforms, unmet needs."""
    barred = allowed_to_keep(baseline, a, horizon_end_year)
    unmet = [f"keeps {p}: {barred[p]}" for p in kept if p in barred]
    usable = [p for p in kept if p not in barred]
    for r in records(baseline.requirements):
        if not any(satisfies(baseline.catalogue[p], r.kind, r.target) for p in usable):
            unmet.append(f"{r.unit}: {r.requirement}")
    return unmet
