"""Options with an identity: a label and a description in six languages, the optimum once.

A hand-made option keeps Interprefy and Microsoft Teams, centralises support in GS,
retires MyMeetings and Zoom and starts on 1 July 2022 (the horizon starts on 1 January).
"""

import pandas as pd
import pytest
from conftest import write_workbook
from test_scenarios import case_sheets, options_for

from analysis.check.inputs import load_inputs
from analysis.model.scenarios.identity import OptionIdentity
from analysis.model.scenarios.requirements import Unmet
from analysis.report.i18n import FIRST_STRONG_ISOLATE, LANGUAGES, POP_ISOLATE, RLM
from analysis.report.option_text import option_description, option_label, option_reason

BIDI = {ord(c): None for c in (RLM, FIRST_STRONG_ISOLATE, POP_ISOLATE)}


def bare(text: str) -> str:
    """The text without the bidi marks an Arabic message carries."""
    return text.translate(BIDI)


def hand_made(**changes) -> OptionIdentity:
    values = {
        "name": "proposal",
        "kind": "user",
        "kept": ("Interprefy", "Microsoft Teams"),
        "retired": ("MyMeetings", "Zoom"),
        "central_unit": "GS",
        "start": pd.Timestamp("2022-07-01"),
        "default_start": False,
        **changes,
    }
    return OptionIdentity(**values)


MADE_LABEL = {
    "ar": "الإبقاء على Interprefy + Microsoft Teams؛ الدعم مركزياً في GS",
    "zh": "保留Interprefy + Microsoft Teams；支持集中于GS",
    "en": "Keep Interprefy + Microsoft Teams; support in GS",
    "fr": "Conserver Interprefy + Microsoft Teams ; assistance centralisée à GS",
    "es": "Mantener Interprefy + Microsoft Teams; soporte centralizado en GS",
    "ru": "Сохранить Interprefy + Microsoft Teams; поддержка централизована в GS",
}
DESCRIPTION = {
    "ar": MADE_LABEL["ar"] + "؛ الاستغناء عن MyMeetings وZoom؛ اعتباراً من 1 يوليو 2022",
    "zh": MADE_LABEL["zh"] + "；停用MyMeetings和Zoom；自2022年7月1日起",
    "en": MADE_LABEL["en"] + "; retire MyMeetings and Zoom; from 1 July 2022",
    "fr": MADE_LABEL["fr"] + " ; abandonner MyMeetings et Zoom ; à partir du 1 juillet 2022",
    "es": MADE_LABEL["es"] + "; retirar MyMeetings y Zoom; a partir del 1 de julio de 2022",
    "ru": MADE_LABEL["ru"] + "; отказаться от MyMeetings и Zoom; с 1 июля 2022\u202fг.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_option_without_given_names_is_named_by_its_platforms_and_support(lang):
    option = hand_made()
    assert bare(option_label(option, lang)) == MADE_LABEL[lang]
    assert bare(option_description(option, lang)) == DESCRIPTION[lang]
    assert option_reason(option, lang) == ""


def test_arabic_label_is_one_right_to_left_paragraph():
    label = option_label(hand_made(), "ar")
    assert label.startswith(RLM) and label.count(RLM) == 1
    assert label.count(FIRST_STRONG_ISOLATE) == label.count(POP_ISOLATE)


def test_given_names_are_used_in_their_language_and_made_names_elsewhere():
    option = hand_made(names=(("en", "proposal"), ("fr", "Proposition du Conseil")))
    assert option_label(option, "en") == "proposal"
    assert option_label(option, "fr") == "Proposition du Conseil"
    assert option_label(option, "es") == MADE_LABEL["es"]
    # the description always says what it keeps, whatever the name
    assert option_description(option, "fr") == DESCRIPTION["fr"]


def test_option_starting_with_the_horizon_says_no_date():
    option = hand_made(start=pd.Timestamp("2022-01-01"), default_start=True)
    assert option_description(option, "en") == MADE_LABEL["en"] + "; retire MyMeetings and Zoom"


def test_support_as_today_and_do_minimum_and_optimum_are_named():
    today = hand_made(central_unit=None)
    assert option_label(today, "en") == "Keep Interprefy + Microsoft Teams; support as today"
    assert option_label(today, "ru") == (
        "Сохранить Interprefy + Microsoft Teams; поддержка без изменений"
    )
    minimum = hand_made(name="do minimum", kind="do_minimum", central_unit=None, retired=())
    assert option_label(minimum, "fr") == "minimum indispensable"
    assert option_description(minimum, "en") == (
        "What must be done anyway: keep Interprefy + Microsoft Teams; support as today"
    )
    optimum = hand_made(name="optimal", kind="optimal", is_optimal=True)
    assert option_label(optimum, "en") == "Optimal: " + MADE_LABEL["en"]
    assert option_label(optimum, "zh") == "最优方案：" + MADE_LABEL["zh"]
    assert option_label(optimum, "en", mark_optimal=False) == MADE_LABEL["en"]


def test_user_option_equal_to_the_optimum_is_marked_optimal():
    option = hand_made(names=(("en", "proposal"),), is_optimal=True)
    assert option_label(option, "en") == "proposal (optimal)"
    assert option_label(option, "es") == MADE_LABEL["es"] + " (óptima)"
    assert option_label(option, "en", mark_optimal=False) == "proposal"


REASONS = (
    Unmet("data_protection", platform="MyMeetings", detail="unclear"),
    Unmet("data_protection", platform="Zoom", detail="not stated"),
    Unmet("end_of_life", platform="Skype", detail="2023-06-30"),
    Unmet("need", unit="TSB", function="multilingual meeting", detail="interpretation"),
    Unmet("need", unit="BR", function="multilingual meeting", detail="interpretation"),
    # a use with nowhere to go, explained by the unmet needs: not named again
    Unmet("no_receiver", unit="TSB", platform="MyMeetings"),
)
REASON = {
    "en": "fails the requirements: data protection of MyMeetings and Zoom not assessed, "
    "Skype reaches end of life on 30 June 2023 and multilingual meeting (BR and TSB): "
    "no kept platform meets the need",
    "fr": "ne satisfait pas aux exigences : protection des données de MyMeetings et Zoom non "
    "évaluée, Skype arrive en fin de vie le 30 juin 2023 et réunion multilingue (BR et TSB) : "
    "aucune plateforme conservée ne répond au besoin",
    "es": "no cumple los requisitos: protección de datos de MyMeetings y Zoom no evaluada, "
    "Skype llega al final de su vida útil el 30 de junio de 2023 y reunión multilingüe "
    "(BR y TSB): ninguna plataforma mantenida cubre la necesidad",
    "ru": "не отвечает требованиям: защита данных MyMeetings и Zoom не оценена, срок службы "
    "Skype истекает 30 июня 2023\u202fг. и многоязычное собрание (BR и TSB): ни одна сохранённая "
    "платформа не отвечает потребности",
    "zh": "未满足要求：MyMeetings和Zoom的数据保护未经评估、Skype于2023年6月30日停止支持"
    "和多语种会议（BR和TSB）：没有保留的平台能满足需求",
    "ar": "لا يستوفي المتطلبات: حماية البيانات في MyMeetings وZoom غير مُقيَّمة وتبلغ Skype "
    "نهاية عمرها في 30 يونيو 2023 واجتماع متعدد اللغات (BR وTSB): لا توجد منصة مُبقاة "
    "تلبي الحاجة",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_failing_option_says_why_in_its_language(lang):
    assert bare(option_reason(hand_made(reasons=REASONS), lang)) == REASON[lang]


def test_use_with_nowhere_to_go_is_named_when_no_need_explains_it():
    option = hand_made(reasons=(Unmet("no_receiver", unit="TSB", platform="N"),))
    assert option_reason(option, "en") == (
        "fails the requirements: TSB: no kept platform can take over the use of N"
    )


def test_optimum_equal_to_a_user_option_is_shown_once_and_flagged(tmp_path):
    # the optimum of the five-platform case keeps B and M with support in GS
    options = options_for(tmp_path, [["mine", "B, M", "GS", None], ["other", "A, M", "GS", None]])
    summary = options.summary.set_index("scenario")
    assert summary.loc["mine", "is_optimal"] and summary.loc["optimal", "is_optimal"]
    assert not summary.loc["other", "is_optimal"] and not summary.loc["do minimum", "is_optimal"]
    assert summary.loc["optimal", "same_as"] == "mine"
    assert summary.loc["mine", "npv_chf"] == summary.loc["optimal", "npv_chf"]
    shown = [o.name for o in options.identities if o.shown]
    assert shown == ["do minimum", "mine", "other"]
    mine = next(o for o in options.identities if o.name == "mine")
    assert option_label(mine, "en") == "mine (optimal)"


def test_optimum_starting_later_is_not_the_same_option(tmp_path):
    options = options_for(tmp_path, [["later", "B, M", "GS", "2022-07-01"]])
    summary = options.summary.set_index("scenario")
    assert not summary.loc["later", "is_optimal"]
    assert summary.loc["optimal", "same_as"] == ""


def test_failing_option_carries_its_reasons_as_data(tmp_path):
    options = options_for(tmp_path, [["keeps N", "A, N", None, None]])
    who = next(o for o in options.identities if o.name == "keeps N")
    assert not who.requirements_met
    assert Unmet("data_protection", platform="N", detail="unclear") in who.reasons
    assert option_reason(who, "en").startswith(
        "fails the requirements: data protection of N not assessed"
    )


def test_names_per_language_are_read_from_the_scenarios_sheet(tmp_path):
    sheets = case_sheets()
    sheets["Scenarios"] = [
        ["Scenario", "Keep", "Central support unit", "Name (fr)", "Name (Chinese)"],
        ["mine", "A, M", "GS", "La mienne", "我的方案"],
        ["yours", "B, M", None, None, None],
    ]
    write_workbook(tmp_path / "case.xlsx", sheets)
    inputs = load_inputs(tmp_path)
    assert list(inputs.scenarios["name_fr"].fillna("")) == ["La mienne", ""]
    from analysis.pipeline import analyse

    ids = {o.name: o for o in analyse(inputs, 2021).options.identities}
    assert option_label(ids["mine"], "fr") == "La mienne"
    assert option_label(ids["mine"], "zh") == "我的方案"
    assert option_label(ids["mine"], "en") == "mine"
    assert option_label(ids["yours"], "fr") == (
        "Conserver B + M ; assistance inchangée (optimale)"
        if ids["yours"].is_optimal
        else "Conserver B + M ; assistance inchangée"
    )


STILL_PAID = {
    "ar": "؛ يستمر دفع تكاليف Interprefy وMyMeetings (لا توجد منصة مُبقاة يمكنها تولي استخدامها)",
    "zh": "；Interprefy和MyMeetings仍需付费（没有保留的平台能承接其使用）",
    "en": "; Interprefy and MyMeetings still paid for (no kept platform can take their use)",
    "fr": " ; Interprefy et MyMeetings toujours payées (aucune plateforme conservée ne peut "
    "reprendre leur utilisation)",
    "es": "; Interprefy y MyMeetings se siguen pagando (ninguna plataforma mantenida puede "
    "asumir su uso)",
    "ru": "; Interprefy и MyMeetings по-прежнему оплачиваются (ни одна сохранённая платформа "
    "не может принять их использование)",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_platforms_whose_use_has_nowhere_to_go_are_said_to_be_still_paid_for(lang):
    # "single platform": keep Teams only; the multilingual uses cannot move, so Interprefy and
    # MyMeetings are neither kept nor retired, and the option goes on paying for them
    stuck = [
        Unmet("no_receiver", platform=p, unit=u)
        for p, u in (("Interprefy", "BR"), ("Interprefy", "GS"), ("MyMeetings", "TSB"))
    ]
    option = hand_made(
        kept=("Microsoft Teams",),
        retired=("Zoom",),
        default_start=True,
        reasons=tuple(stuck),
    )
    assert option.still_paid == ("Interprefy", "MyMeetings")
    assert bare(option_description(option, lang)).endswith(bare(STILL_PAID[lang]))
    assert bare(option_description(hand_made(), lang)) == bare(DESCRIPTION[lang])
