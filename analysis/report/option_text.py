"""An option in words, in any of the six languages: its label, description and failings.

Every chart and the brief name an option the same way:

- :func:`option_label`: the short name. The name the Scenarios sheet gives it in that
  language (``Name (fr)`` …; in English the ``Scenario`` column) if any, else one made
  from its platforms and support ("Keep Interprefy + Microsoft Teams; support in GS");
  "do minimum" translated; the optimum marked as such.
- :func:`option_description`: what it keeps, retires and from when, always made from
  its platforms and support, so that a chart says which platforms an option keeps.
- :func:`option_reason`: why it fails the requirements ("" when it meets them), put in
  words from the model's reasons (:class:`~analysis.model.scenarios.requirements.Unmet`).

Platform and unit names stay as the data writes them; every other word comes from the
message catalogue (``option.*``).

Examples:
    >>> import pandas as pd
    >>> o = OptionIdentity("central", "user", ("Interprefy", "Microsoft Teams"),
    ...     ("MyMeetings", "Zoom"), "GS", pd.Timestamp("2022-01-01"), True,
    ...     names=(("en", "central"),))
    >>> option_label(o, "en"), option_label(o, "fr")
    ('central', 'Conserver Interprefy + Microsoft Teams ; assistance centralisée à GS')
    >>> option_description(o, "en")
    'Keep Interprefy + Microsoft Teams; support in GS; retire MyMeetings and Zoom'
"""

from __future__ import annotations

import datetime as dt

from analysis.model.scenarios.identity import DO_MINIMUM, OPTIMUM, OptionIdentity
from analysis.report.i18n import RLM, Messages

PLATFORM_JOIN = " + "


def _one_paragraph(text: str, msg: Messages) -> str:
    """A message built of messages: in Arabic, one right-to-left mark, at the start."""
    return RLM + text.replace(RLM, "") if msg.right_to_left else text


def _platforms(names: tuple[str, ...] | list[str]) -> str:
    return PLATFORM_JOIN.join(names)


def made_label(option: OptionIdentity, lang: str) -> str:
    """The label made from the option's platforms and support, whatever its given names."""
    msg = Messages(lang)
    support = (
        msg("option.support_in", unit=option.central_unit)
        if option.central_unit
        else msg("option.support_as_today")
    )
    text = msg(
        "option.label", keep=msg("option.keep", platforms=_platforms(option.kept)), support=support
    )
    return _one_paragraph(text, msg)


def option_label(option: OptionIdentity, lang: str, mark_optimal: bool = True) -> str:
    """An option's short name in ``lang``, as every chart and the brief show it.

    Args:
        option: The option (``ScenarioCharts.options`` or ``Options.identities``).
        lang: One of the six language codes.
        mark_optimal: Whether to say that the option is the optimum, when it is.
    """
    msg = Messages(lang)
    if option.kind == DO_MINIMUM:
        return msg("option.do_minimum")
    if option.kind == OPTIMUM:
        made = made_label(option, lang)
        return (
            _one_paragraph(msg("option.optimal_named", label=made), msg) if mark_optimal else made
        )
    name = option.user_name(lang) or made_label(option, lang)
    if mark_optimal and option.is_optimal:
        return _one_paragraph(msg("option.marked_optimal", name=name), msg)
    return name


def option_description(option: OptionIdentity, lang: str) -> str:
    """What the option keeps, its support, what it retires and from when, in ``lang``."""
    msg = Messages(lang)
    if option.kind == DO_MINIMUM:
        text = msg("option.do_minimum_description", platforms=_platforms(option.kept))
        if option.retired:
            text = msg(
                "option.end_of_life_retired", text=text, platforms=msg.join(list(option.retired))
            )
        return _one_paragraph(text, msg)
    text = made_label(option, lang)
    if option.retired:
        text = msg("option.retire", text=text, platforms=msg.join(list(option.retired)))
    if option.still_paid:
        text = msg("option.still_paid", text=text, platforms=msg.join(list(option.still_paid)))
    if not option.default_start:
        text = msg("option.from", text=text, date=msg.date(option.start.date()))
    return _one_paragraph(text, msg)


def option_reasons(option: OptionIdentity, lang: str) -> list[str]:
    """Each reason the option fails the requirements, in ``lang``; empty when it meets them.

    Reasons of one kind are gathered: one for all platforms whose data protection is not
    assessed, one per function for all units whose need for it no kept platform meets.
    A use with nowhere to go is named only when no need explains it.
    """
    msg = Messages(lang)
    out = []
    protection = [r.platform for r in option.reasons if r.kind == "data_protection"]
    if protection:
        out.append(msg("option.reason_data_protection", platforms=msg.join(protection)))
    for r in option.reasons:
        if r.kind == "end_of_life":
            date = msg.date(dt.date.fromisoformat(r.detail))
            out.append(msg("option.reason_end_of_life", platform=r.platform, date=date))
    functions = _units_by(option, "need", "function")
    for function, units in functions.items():
        out.append(
            msg(
                "option.reason_need",
                function=msg.label("category", function),
                units=msg.join(sorted(set(units))),
            )
        )
    if not functions:
        for platform, units in _units_by(option, "no_receiver", "platform").items():
            out.append(
                msg("option.reason_no_receiver", platform=platform, units=msg.join(sorted(units)))
            )
    return [_one_paragraph(r, msg) for r in out]


def _units_by(option: OptionIdentity, kind: str, key: str) -> dict[str, list[str]]:
    """The units of the option's reasons of one ``kind``, gathered by ``key`` (in order)."""
    out: dict[str, list[str]] = {}
    for r in option.reasons:
        if r.kind == kind:
            out.setdefault(getattr(r, key), []).append(r.unit)
    return out


def option_reason(option: OptionIdentity, lang: str) -> str:
    """Why the option fails the requirements, in one phrase in ``lang``; "" if it meets them.

    E.g. "fails the requirements: data protection of MyMeetings not assessed".
    """
    reasons = option_reasons(option, lang)
    if not reasons:
        return ""
    msg = Messages(lang)
    return _one_paragraph(msg("option.fails", reasons=msg.join(reasons)), msg)
