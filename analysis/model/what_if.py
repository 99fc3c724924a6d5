"""What if prices, assumptions or usage were different, or another set of platforms kept?

A question is a :class:`Change`; :func:`apply` turns it into the inputs a finance officer
would have had to type to ask it (every amount of the platform scaled, an assumption's
value replaced, a Usage row scaled, one more row in Scenarios), so that its answer is by
construction the answer a full run on those inputs gives. :func:`analysis.pipeline.what_if`
answers it, reusing what the change leaves as it was.

Prices are changed by a factor per platform (``"Zoom"``), or per platform and kind of
charge (``("Interprefy", "event")``: per ``seat``, ``event`` or ``hour``, the demand units of
``metadata/quantity_units.csv``). A factor scales every cost line of the platform (of that
kind) and its list price (if of that kind), in every year.

>>> change = Change(prices={"Zoom": 1.2}, assumptions={"discount_rate": 0.05})
>>> change.describe()
('Zoom: prices × 1.2', 'discount_rate = 0.05')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.check.inputs import Inputs
from analysis.metadata import reference

WHAT_IF = "what if"
KINDS = ("seat", "event", "hour")
USAGE_MEASURES = ("active_hosts", "meetings", "meeting_hours", "interpreted_hours", "participants")

PriceKey = str | tuple[str, str]
UsageKey = str | tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    """One what-if question: each part empty when it is not asked.

    Attributes:
        prices: Factor per platform, or per (platform, kind of charge).
        assumptions: New central value per assumption name.
        usage: Factor per platform, (unit, platform) or (unit, platform, measure) of
            ``Usage`` (active hosts, meetings, meeting hours, interpreted hours,
            participants; licences paid are not use and stay).
        keep: Platforms of an extra option to cost beside the others, if any.
        central_unit: The extra option's central support unit (None: today's teams).
        name: The extra option's name.
    """

    prices: Mapping[PriceKey, float] = field(default_factory=dict)
    assumptions: Mapping[str, float] = field(default_factory=dict)
    usage: Mapping[UsageKey, float] = field(default_factory=dict)
    keep: tuple[str, ...] | None = None
    central_unit: str | None = None
    name: str = WHAT_IF

    def describe(self) -> tuple[str, ...]:
        """The change in words, one part a line."""
        words = [f"{_key(k)}: prices × {v:g}" for k, v in self.prices.items()]
        words += [f"{k} = {v:g}" for k, v in self.assumptions.items()]
        words += [f"{_key(k)}: usage × {v:g}" for k, v in self.usage.items()]
        if self.keep is not None:
            support = f"support in {self.central_unit}" if self.central_unit else "today's teams"
            words.append(f"{self.name}: keep {', '.join(self.keep)}; {support}")
        return tuple(words)

    @property
    def changes_amounts(self) -> bool:
        """Whether cost lines' amounts change (and with them every spend table)."""
        return bool(self.prices)

    @property
    def changes_usage(self) -> bool:
        """Whether Usage changes (and with it demand, prices per meeting and support work)."""
        return bool(self.usage)


def _key(key: Any) -> str:
    return key if isinstance(key, str) else " ".join(str(k) for k in key)


def change(
    prices: Mapping[PriceKey, float] | None = None,
    assumptions: Mapping[str, float] | None = None,
    usage: Mapping[UsageKey, float] | None = None,
    keep: Sequence[str] | None = None,
    central_unit: str | None = None,
    name: str = WHAT_IF,
) -> Change:
    """A :class:`Change` from plain arguments (lists, dicts, None)."""
    return Change(
        prices=dict(prices or {}),
        assumptions=dict(assumptions or {}),
        usage=dict(usage or {}),
        keep=tuple(keep) if keep is not None else None,
        central_unit=central_unit or None,
        name=name,
    )


def apply(inputs: Inputs, c: Change) -> Inputs:
    """The inputs as they would read with the change typed in. Pure.

    Raises:
        ValueError: Naming every part of the change that cannot be applied (an unknown
            platform, kind, unit, measure or assumption; a negative factor; a value
            outside the assumption's allowed range), with what would be right.
    """
    problems: list[str] = []
    platforms = list(inputs.platforms["platform"])
    units = sorted(set(inputs.licences["unit"]) | set(inputs.staffing["unit"]))
    out = inputs
    if c.prices:
        out = _reprice(out, c.prices, platforms, problems)
    if c.usage:
        out = _rescale_usage(out, c.usage, platforms, units, problems)
    if c.assumptions:
        out = _reassume(out, c.assumptions, problems)
    if c.keep is not None:
        out = _add_option(out, c, platforms, units, problems)
    if problems:
        raise ValueError("the what-if cannot be asked:\n" + "\n".join(f"- {p}" for p in problems))
    return out


def _factor(value: Any, label: str, problems: list[str]) -> float | None:
    try:
        factor = float(value)
    except (TypeError, ValueError):
        problems.append(f"{label}: the factor {value!r} is not a number (e.g. 1.2 for +20 %)")
        return None
    if not np.isfinite(factor) or factor < 0:
        problems.append(f"{label}: the factor {value!r} must be 0 or more (e.g. 1.2 for +20 %)")
        return None
    return factor


def _known(name: Any, allowed: Sequence[str], what: str, problems: list[str]) -> bool:
    if name in allowed:
        return True
    problems.append(f"{name!r} is no {what}; use one of: {', '.join(map(str, allowed))}")
    return False


def _reprice(
    inputs: Inputs, prices: Mapping[PriceKey, float], platforms: list[str], problems: list[str]
) -> Inputs:
    lines = inputs.licences
    kinds = reference.quantity_units()["demand_unit"]
    line_kind = lines["quantity_unit"].astype("string").str.strip().str.lower().map(kinds)
    line_factor = np.ones(len(lines))
    catalogue = inputs.platforms
    list_kind = catalogue["list_price_unit"].astype("string").str.strip().str.lower().map(kinds)
    list_factor = np.ones(len(catalogue))
    for key, value in prices.items():
        platform, kind = (key, None) if isinstance(key, str) else (key[0], key[1])
        ok = _known(platform, platforms, "platform", problems)
        if kind is not None:
            ok = _known(kind, KINDS, "kind of charge", problems) and ok
        factor = _factor(value, f"prices of {_key(key)}", problems)
        if not ok or factor is None:
            continue
        hit = np.array(lines["platform"] == platform, dtype=bool)
        listed = np.array(catalogue["platform"] == platform, dtype=bool)
        if kind is not None:
            hit &= (line_kind == kind).fillna(False).to_numpy(dtype=bool)
            listed &= (list_kind == kind).fillna(False).to_numpy(dtype=bool)
        line_factor[hit] *= factor
        list_factor[listed] *= factor
    changed = lines.assign(amount=lines["amount"] * line_factor)
    new_catalogue = catalogue
    if "list_price_chf" in catalogue:
        new_catalogue = catalogue.assign(list_price_chf=catalogue["list_price_chf"] * list_factor)
    # what was read changes with what was counted, place by place
    place = ["source_file", "source_sheet", "source_row"]
    factors = lines[place].assign(_f=line_factor)
    read = inputs.lines_read.merge(factors, on=place, how="left")
    read = read.assign(amount=read["amount"] * read["_f"].fillna(1.0)).drop(columns="_f")
    return replace(inputs, licences=changed, platforms=new_catalogue, lines_read=read)


def _rescale_usage(
    inputs: Inputs,
    usage: Mapping[UsageKey, float],
    platforms: list[str],
    units: list[str],
    problems: list[str],
) -> Inputs:
    table = inputs.usage
    scaled = {m: np.ones(len(table)) for m in USAGE_MEASURES}
    for key, value in usage.items():
        unit, platform, measure = _usage_key(key)
        ok = _known(platform, platforms, "platform", problems)
        if unit is not None:
            ok = _known(unit, units, "unit", problems) and ok
        if measure is not None:
            ok = _known(measure, USAGE_MEASURES, "measure of use", problems) and ok
        factor = _factor(value, f"usage of {_key(key)}", problems)
        if not ok or factor is None:
            continue
        if table.empty:
            problems.append(f"usage of {_key(key)}: there is no Usage sheet to change")
            continue
        hit = np.array(table["platform"] == platform, dtype=bool)
        if unit is not None:
            hit &= (table["unit"] == unit).to_numpy()
        if not hit.any():
            problems.append(f"usage of {_key(key)}: no Usage row gives it; add one to the sheet")
        for m in [measure] if measure else USAGE_MEASURES:
            scaled[m][hit] *= factor
    columns = {m: table[m] * scaled[m] for m in USAGE_MEASURES if m in table}
    return replace(inputs, usage=table.assign(**columns))


def _usage_key(key: UsageKey) -> tuple[str | None, str, str | None]:
    """(unit, platform, measure) of a usage key, None where it names none."""
    if isinstance(key, str):
        return None, key, None
    if len(key) == 2:
        return key[0], key[1], None
    return key[0], key[1], key[2]


def _reassume(inputs: Inputs, values: Mapping[str, float], problems: list[str]) -> Inputs:
    known = reference.assumptions()
    table = inputs.assumptions.copy()
    if "name" not in table:
        table = pd.DataFrame(columns=["name", "value", "low", "high", "source"])
    for name, value in values.items():
        if not _known(name, list(known.index), "assumption", problems):
            continue
        limits = known.loc[name, ["minimum", "maximum", "default"]].astype(float).to_dict()
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(f"{name}: {value!r} is not a number")
            continue
        lo, hi = limits["minimum"], limits["maximum"]
        if not lo <= number <= hi:
            problems.append(f"{name}: {number:g} is outside its allowed range {lo:g} to {hi:g}")
            continue
        rows = table.index[table["name"] == name]
        if len(rows):
            i = rows[0]
            was, why = table.loc[i, "value"], table.loc[i, "source"]
            table.loc[i, "value"] = number
            # the range stays the analyst's, widened only so that it holds the new value
            for bound, pick in (("low", min), ("high", max)):
                if bound in table and not pd.isna(table.loc[i, bound]):
                    table.loc[i, bound] = pick(float(table.loc[i, bound]), number)
            said = f"{was:g}" + (f"; {why}" if isinstance(why, str) and why else "")
            table.loc[i, "source"] = f"what-if (the sheet says {said})"
        else:
            default = limits["default"]
            row = {"name": name, "value": number, "source": f"what-if (default {default:g})"}
            table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    return replace(inputs, assumptions=table)


def _add_option(
    inputs: Inputs, c: Change, platforms: list[str], units: list[str], problems: list[str]
) -> Inputs:
    keep = c.keep or ()
    ok = all([_known(p, platforms, "platform", problems) for p in keep])
    if not keep:
        problems.append("keep: name at least one platform to keep")
        ok = False
    if c.central_unit is not None:
        ok = _known(c.central_unit, units, "unit", problems) and ok
    names = set(inputs.scenarios["scenario"]) if "scenario" in inputs.scenarios else set()
    if c.name in names:
        problems.append(f"{c.name!r} is already an option's name in Scenarios; choose another")
        ok = False
    if not ok:
        return inputs
    row = {
        "source_file": "what-if",
        "source_sheet": "",
        "source_row": 0,
        "scenario": c.name,
        "keep": ";".join(keep),
        "central_support_unit": c.central_unit if c.central_unit else np.nan,
        "start_date": pd.NaT,
    }
    frame = pd.DataFrame([row]).astype({"start_date": "datetime64[ns]"})
    table = pd.concat([inputs.scenarios, frame], ignore_index=True) if names else frame
    return replace(inputs, scenarios=table)


def compare(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Each option's NPV of saving before and after a what-if, best after first.

    Takes two ``scenario_summary`` tables; an option only in ``after`` (a forced keep-set)
    has no value before.

    Examples:
        >>> one = pd.DataFrame({"scenario": ["a", "b"], "kept": ["X", "Y"],
        ...     "central_support_unit": ["", "GS"], "npv_chf": [10.0, 5.0],
        ...     "p10_saving_chf": [8.0, 1.0], "p90_saving_chf": [12.0, 9.0],
        ...     "requirements_met": [True, False]})
        >>> two = one.assign(npv_chf=[9.0, 7.5])
        >>> compare(one, two)[["scenario", "saving_before_chf", "change_chf"]].values.tolist()
        [['a', 10.0, -1.0], ['b', 5.0, 2.5]]
    """
    was = before.set_index("scenario")["npv_chf"]
    out = after[
        [
            "scenario",
            "kept",
            "central_support_unit",
            "npv_chf",
            "p10_saving_chf",
            "p90_saving_chf",
            "requirements_met",
        ]
    ].rename(columns={"npv_chf": "saving_after_chf"})
    out.insert(3, "saving_before_chf", out["scenario"].map(was))
    out.insert(5, "change_chf", out["saving_after_chf"] - out["saving_before_chf"])
    best_first = out.sort_values("saving_after_chf", ascending=False, kind="stable")
    return best_first.reset_index(drop=True)
