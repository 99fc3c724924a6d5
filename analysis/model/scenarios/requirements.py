"""What a kept platform must do: each unit's needs, function by function, and the keeping rules.

A unit has a need for each function (platform category) it uses at the end of the analysed
year, and for each function its Requirements rows name. The need of unit u for function F
is met only when ONE kept platform meets all of: what F itself needs of any platform
(``metadata/functions.csv``: a multilingual meeting needs interpretation), and every
requirement row of u for F or for no particular function. The optimiser, the evaluation
of every option, ``requirements_met`` and ``unmet`` all use this one rule.

A platform whose end of life falls inside the horizon, or whose data protection is not
assessed, may not be kept unless the assumptions allow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.frames import records
from analysis.model.scenarios.assumptions import AssumptionSet
from analysis.model.scenarios.baseline import Baseline, is_yes


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


def needs(baseline: Baseline) -> dict[tuple[str, str], list[tuple[str, Any, str]]]:
    """Each unit's needs, by (unit, function): the (kind, target, words) a platform must meet.

    Examples of words: ``"interpretation (the function)"``, ``"Browser Edge"``.
    """
    return _needs(baseline)


@lru_cache(maxsize=4096)
def _needs(baseline: Baseline) -> dict[tuple[str, str], list[tuple[str, Any, str]]]:
    functions: dict[str, set[str]] = {}
    for unit, platform in baseline.active_pairs:
        functions.setdefault(unit, set()).add(baseline.category_of[platform])
    general: dict[str, list[tuple[str, Any, str]]] = {}
    specific: dict[tuple[str, str], list[tuple[str, Any, str]]] = {}
    for r in records(baseline.requirements):
        function = r.function if isinstance(r.function, str) else ""
        if r.kind == "category":  # declares a need for that function
            functions.setdefault(r.unit, set()).add(str(r.target))
            continue
        functions.setdefault(r.unit, set())
        if function:
            functions[r.unit].add(function)
            specific.setdefault((r.unit, function), []).append((r.kind, r.target, r.requirement))
        else:
            general.setdefault(r.unit, []).append((r.kind, r.target, r.requirement))
    out = {}
    for unit, found in functions.items():
        for function in sorted(found):
            intrinsic = [
                ("capability", need, f"{need} (as every {function} needs)")
                for need in baseline.function_needs.get(function, ())
            ]
            out[(unit, function)] = [
                *intrinsic,
                *specific.get((unit, function), []),
                *general.get(unit, []),
            ]
    return out


@lru_cache(maxsize=65536)
def meets(baseline: Baseline, platform: str, unit: str, function: str) -> bool:
    """Whether ``platform`` alone meets every need of ``unit`` for ``function``."""
    row = baseline.catalogue[platform]
    wanted = needs(baseline).get((unit, function))
    if wanted is None:  # a function the unit has no need for: what the function itself needs
        wanted = [("capability", n, n) for n in baseline.function_needs.get(function, ())]
    return all(satisfies(row, kind, target) for kind, target, _ in wanted)


def allowed_to_keep(baseline: Baseline, a: AssumptionSet, horizon_end_year: int) -> dict[str, str]:
    """Platforms that may not be kept, with the reason (end of life, data protection)."""
    return dict(
        _barred(
            baseline,
            bool(a["allow_end_of_life"]),
            bool(a["allow_unassessed_data_protection"]),
            horizon_end_year,
        )
    )


@lru_cache(maxsize=64)  # keyed by its arguments: a baseline is hashed by identity
def _barred(
    baseline: Baseline, allow_end_of_life: bool, allow_unassessed: bool, horizon_end_year: int
) -> dict[str, str]:
    barred = {}
    for p in records(baseline.platforms):
        end = getattr(p, "end_of_life", pd.NaT)
        if not pd.isna(end) and end.year <= horizon_end_year and not allow_end_of_life:
            barred[p.platform] = (
                f"end of life {end:%Y-%m-%d}, before the horizon ends ({horizon_end_year})"
            )
            continue
        protection = getattr(p, "data_protection", None)
        if protection != "assessed" and not allow_unassessed:
            state = protection if isinstance(protection, str) else "not stated"
            barred[p.platform] = f"data protection {state}, not assessed"
    return barred


@dataclass(frozen=True)
class Unmet:
    """One reason an option fails the requirements, as data: the report puts it in words.

    Attributes:
        kind: ``end_of_life`` or ``data_protection`` (a kept platform may not be kept),
            ``need`` (no kept platform meets a unit's need for a function) or
            ``no_receiver`` (a unit's use of a retired platform has nowhere to go).
        platform: The platform kept (``end_of_life``, ``data_protection``) or retired
            (``no_receiver``).
        unit: The unit whose need or use it is.
        function: The function (platform category) of the need.
        detail: The end-of-life date (ISO), the data-protection state (``unclear``,
            ``not stated``), or the need's requirements in English words.
    """

    kind: str
    platform: str = ""
    unit: str = ""
    function: str = ""
    detail: str = ""

    def words(self) -> str:
        """The reason in English, as ``scenario_summary.csv`` writes it in ``unmet``."""
        if self.kind == "end_of_life":
            return f"keeps {self.platform}: end of life {self.detail}, before the horizon ends"
        if self.kind == "data_protection":
            return f"keeps {self.platform}: data protection {self.detail}, not assessed"
        if self.kind == "need":
            return f"{self.unit}, {self.function}: no kept platform meets {self.detail}"
        return f"{self.unit}: no kept platform can take over its use of {self.platform}"


def unmet_reasons(
    baseline: Baseline, kept: list[str], a: AssumptionSet, horizon_end_year: int
) -> list[Unmet]:
    """Why keeping only ``kept`` fails the requirements: barred platforms, unmet needs."""
    barred = allowed_to_keep(baseline, a, horizon_end_year)
    state = {p.platform: getattr(p, "data_protection", None) for p in records(baseline.platforms)}
    ends = {p.platform: getattr(p, "end_of_life", pd.NaT) for p in records(baseline.platforms)}
    out = []
    for p in kept:
        if p not in barred:
            continue
        if barred[p].startswith("end of life"):
            out.append(Unmet("end_of_life", platform=p, detail=f"{ends[p]:%Y-%m-%d}"))
        else:
            given = state.get(p)
            out.append(
                Unmet(
                    "data_protection",
                    platform=p,
                    detail=given if isinstance(given, str) else "not stated",
                )
            )
    usable = [p for p in kept if p not in barred]
    for (unit, function), wanted in needs(baseline).items():
        if any(meets(baseline, p, unit, function) for p in usable):
            continue
        texts = list(dict.fromkeys(text for _, _, text in wanted))
        words = f"{', '.join(texts[:-1])} and {texts[-1]}" if len(texts) > 1 else "".join(texts)
        out.append(Unmet("need", unit=unit, function=function, detail=words or "the function"))
    return out


def unmet_requirements(
    baseline: Baseline, kept: list[str], a: AssumptionSet, horizon_end_year: int
) -> list[str]:
    """What keeping only ``kept`` leaves unmet, in words: barred platforms, unmet needs.

    A need is named with all it asks of one platform, e.g. ``"TSB, multilingual meeting:
    no kept platform meets interpretation (as every multilingual meeting needs) and
    Browser Edge"``.
    """
    barred = allowed_to_keep(baseline, a, horizon_end_year)
    out = []
    for reason in unmet_reasons(baseline, kept, a, horizon_end_year):
        # a barred platform is named with the rule's own words, as before
        out.append(
            f"keeps {reason.platform}: {barred[reason.platform]}"
            if reason.kind in ("end_of_life", "data_protection")
            else reason.words()
        )
    return out
