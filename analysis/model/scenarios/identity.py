"""What each option is, as data: its kind, platforms, support, names and why it fails.

The report puts an option in words in any language (:mod:`analysis.report.option_text`);
everything it says comes from here: the platforms kept and retired, the central support
unit, the start, the names the Scenarios sheet gives it per language, whether it is the
optimum, and each reason it fails the requirements (:class:`~.requirements.Unmet`).

An optimum that equals one of the Scenarios sheet's options (the same platforms kept, the
same central support unit, the same start) is that option: the option is flagged
``is_optimal``, and the optimal row names it in ``same_as``, so that charts and the brief
show it once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.frames import records
from analysis.model.scenarios.evaluate import BASELINE, OPTIMAL, Components
from analysis.model.scenarios.requirements import Unmet

# Per-language names of an option, as the Scenarios sheet's optional columns call them.
NAME_COLUMNS = {
    "ar": "name_ar",
    "zh": "name_zh",
    "en": "name_en",
    "fr": "name_fr",
    "es": "name_es",
    "ru": "name_ru",
}
DO_MINIMUM, USER, OPTIMUM = "do_minimum", "user", "optimal"


@dataclass(frozen=True)
class OptionIdentity:
    """One option as the charts and the brief name it, in no language yet.

    Attributes:
        name: The option's key, as ``scenario_summary.csv`` writes it.
        kind: ``do_minimum``, ``user`` (a row of the Scenarios sheet) or ``optimal``.
        kept: The platforms kept, in catalogue order.
        retired: The platforms in use today that the option retires.
        central_unit: The unit that takes over all support, if any.
        start: When the change starts.
        default_start: Whether the start is the first day of the horizon.
        names: The names the Scenarios sheet gives it, as (language, name) pairs.
        is_optimal: Whether it is the optimum (the optimal row, or the option it equals).
        same_as: On the optimal row, the user's option it equals ("" if none): shown once.
        reasons: Why it fails the requirements; empty when it meets them all.
    """

    name: str
    kind: str
    kept: tuple[str, ...]
    retired: tuple[str, ...]
    central_unit: str | None
    start: pd.Timestamp
    default_start: bool
    names: tuple[tuple[str, str], ...] = ()
    is_optimal: bool = False
    same_as: str = ""
    reasons: tuple[Unmet, ...] = ()

    @property
    def requirements_met(self) -> bool:
        """Whether the option meets every requirement."""
        return not self.reasons

    @property
    def still_paid(self) -> tuple[str, ...]:
        """Platforms neither kept nor retired: no kept platform can take their use."""
        return tuple(dict.fromkeys(r.platform for r in self.reasons if r.kind == "no_receiver"))

    @property
    def shown(self) -> bool:
        """Whether charts and the brief show it: not an optimum equal to a user's option."""
        return not self.same_as

    def user_name(self, lang: str) -> str:
        """The name the Scenarios sheet gives it in ``lang`` ("" if none)."""
        return dict(self.names).get(lang, "")


def same_option(a: Components, b: Components) -> bool:
    """Whether two evaluated options are the same choice: platforms, support and start."""
    return (
        set(a.scenario.keep) == set(b.scenario.keep)
        and a.scenario.central_unit == b.scenario.central_unit
        and a.start == b.start
    )


def identify(
    evaluated: list[Components], scenarios: pd.DataFrame, first_day: pd.Timestamp
) -> tuple[OptionIdentity, ...]:
    """Each evaluated option's identity, in the order evaluated.

    Args:
        evaluated: The do-minimum option, the Scenarios sheet's and the optimum, evaluated.
        scenarios: The Scenarios sheet as checked (its optional ``name_<lang>`` columns
            give per-language names; English defaults to the ``scenario`` column).
        first_day: The first day of the horizon (a start then is the default start).
    """
    given: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in records(scenarios):
        names = {"en": str(row.scenario)}
        for lang, column in NAME_COLUMNS.items():
            value = getattr(row, column, None)
            if isinstance(value, str) and value.strip():
                names[lang] = value.strip()
        given[str(row.scenario)] = tuple(sorted(names.items()))
    optimum = next((c for c in evaluated if c.scenario.name == OPTIMAL), None)
    equal = [
        c.scenario.name
        for c in evaluated
        if optimum is not None
        and c.scenario.name not in (BASELINE, OPTIMAL)
        and same_option(c, optimum)
    ]
    out = []
    for c in evaluated:
        name = c.scenario.name
        kind = DO_MINIMUM if name == BASELINE else OPTIMUM if name == OPTIMAL else USER
        out.append(
            OptionIdentity(
                name=name,
                kind=kind,
                kept=tuple(c.scenario.keep),
                retired=tuple(c.retired),
                central_unit=c.scenario.central_unit,
                start=c.start,
                default_start=c.start == first_day,
                names=given.get(name, ()),
                is_optimal=kind == OPTIMUM or name in equal,
                same_as=equal[0] if kind == OPTIMUM and equal else "",
                reasons=tuple(c.reasons),
            )
        )
    return tuple(out)
