"""The brief for the Council, in the six languages: its sections, numbers, pages and lines."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from analysis import config, pipeline
from analysis.check.inputs import load_inputs
from analysis.report import brief, forms
from analysis.report.i18n import LANGUAGES, Messages
from analysis.report.layout import ZWSP, pieces

# --- rounding and writing, by hand


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1_795_424.0, 1_800_000.0),
        (620_293.27, 620_000.0),
        (878_600.0, 880_000.0),
        (254_272.34, 250_000.0),
        (211_996.8, 210_000.0),
        (116_251.54, 120_000.0),
        (11_827.91, 12_000.0),
        (-33_705.73, -34_000.0),
        (1_500.0, 2_000.0),  # half away from zero
        (499.0, 0.0),
    ],
)
def test_amounts_in_sentences_keep_two_significant_figures_and_never_finer_than_a_thousand(
    value, shown
):
    assert forms.rounded(value) == shown


@pytest.mark.parametrize(
    ("lang", "million", "thousands"),
    [
        ("en", "CHF 1.8\xa0million", "CHF 210,000"),
        ("fr", "1,8\xa0million CHF", "210\u202f000 CHF"),
        ("es", "1,8\xa0millones CHF", "210.000 CHF"),
        ("ru", "1,8\xa0миллиона шв. франков", "210\xa0000 шв. франков"),
        ("zh", "180万瑞士法郎", "21万瑞士法郎"),
        (
            "ar",
            "\u20681.8\xa0مليون\u2069 فرنك سويسري",
            "\u2068210,000\u2069 فرنك سويسري",
        ),
    ],
)
def test_a_rounded_amount_is_written_in_each_languages_form(lang, million, thousands):
    msg = Messages(lang)
    assert brief.chf(1_795_424, msg) == million
    assert brief.chf(211_996.8, msg) == thousands


def test_dates_are_written_day_first_in_each_languages_long_form():
    day = dt.date(2022, 1, 31)
    assert [Messages(lang).date(day) for lang in ("en", "fr", "es", "ru", "zh")] == [
        "31 January 2022",
        "31 janvier 2022",
        "31 de enero de 2022",
        "31 января 2022\u202fг.",
        "2022年1月31日",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_assumptions_are_shown_in_their_unit_never_as_decimals_or_one_for_yes(lang):
    msg = Messages(lang)
    assert "%" in brief.value_in_unit(0.015, "share per year", msg)
    assert "1.5" in brief.value_in_unit(0.015, "share per year", msg).replace(",", ".")
    assert brief.value_in_unit(0.0, "yes=1 no=0", msg) == msg("brief.no")
    assert brief.value_in_unit(1.0, "yes=1 no=0", msg) == msg("brief.yes")
    chf = brief.value_in_unit(150.0, "CHF per seat", msg)
    assert "150" in chf and (chf == msg("brief.chf", amount="150"))
    assert "1 =" not in brief.assumption_name("terminate_early", msg)


# --- lines break between words


def test_chinese_breaks_only_at_word_marks_signs_and_script_changes():
    text = f"每年可避免{ZWSP}重复支出CHF 12,000，{ZWSP}总重叠（超出最大平台的支出）为CHF 250,000。"
    assert [p for p, _ in pieces(text, "zh")] == [
        "每年可避免",
        "重复支出",
        "CHF",
        "12,000，",
        "总重叠",
        "（超出最大平台的",
        "支出）",
        "为",
        "CHF",
        "250,000。",
    ]


def test_latin_words_break_at_spaces_only_and_a_no_break_space_holds():
    assert [p for p, _ in pieces("CHF 1.8\xa0million, from 1\xa0January", "fr")] == [
        "CHF",
        "1.8\xa0million,",
        "from",
        "1\xa0January",
    ]


# --- the brief of the shipped data


@pytest.fixture(scope="module")
def data():
    results = pipeline.analyse(load_inputs(config.RAW_DIR))
    return pipeline.chart_data(results, dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def results():
    return pipeline.analyse(load_inputs(config.RAW_DIR))


def test_the_english_summary_is_three_sentences_with_hand_checked_rounded_numbers(data):
    words = brief.compose(data, "en")
    assert len(words.summary) == 3
    first, second, third = words.summary
    # shipped 2021: spend 620,293.27, support 878,600.00 (test_shipped_data.py)
    assert "spent CHF 620,000 on 8 meeting platforms, and CHF 880,000 on the staff" in first
    # avoidable 11,827.91; gross overlap 254,272.34
    assert "avoid CHF 12,000 a year" in second and "is CHF 250,000" in second
    # NPV 211,996.80; P10 116,251.54; P90 373,775.97; payback 2022
    assert "would save CHF 210,000 in present value over 2022–2026" in third
    assert "between CHF 120,000 and CHF 370,000" in third and "in 2022" in third


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_of_the_summary_is_the_results_rounded(data, lang):
    msg = Messages(lang)
    head = data.headline.set_index("year").loc[data.year]
    row = data.scenarios.summary.set_index("scenario").loc[brief.recommended(data).name]
    text = " ".join(brief.compose(data, lang).summary)
    for value in (
        head["spend_chf"],
        head["support_cost_chf"],
        head["avoidable_duplicated_spend_chf"],
        head["gross_overlap_chf"],
        row["npv_chf"],
        row["p10_saving_chf"],
        row["p90_saving_chf"],
    ):
        assert brief.chf(value, msg) in text, value


def test_the_decision_names_what_to_keep_retire_and_centralise(data):
    decision = " ".join(brief.compose(data, "en").decision)
    assert decision == (
        "The Council is invited to request the Secretariat to keep only Interprefy + "
        "Microsoft Teams for virtual meetings from 1 January 2022, and to centralise their "
        "support in GS, as the Council paper proposes. MyMeetings, Zoom, GoToMeeting and "
        "GoToWebinar would be retired as their contracts end."
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_options_table_shows_each_option_once_and_recommends_one(data, lang):
    rows = brief.compose(data, lang).options
    shown = [o.name for o in data.scenarios.shown_options()]
    assert [r.name for r in rows] == shown
    assert len(rows) == len(data.scenarios.summary) - 1  # the optimum equals a user option
    assert "optimal" not in [r.name for r in rows]
    assert sum(r.recommended for r in rows) == 1
    summary = data.scenarios.summary.set_index("scenario")
    for r in rows[1:]:
        assert r.npv == forms.amount(summary.loc[r.name, "npv_chf"], lang)
    assert rows[0].npv == Messages(lang)("brief.reference")


def test_the_options_table_in_english_by_hand(data):
    rows = {r.name: r for r in brief.compose(data, "en").options}
    central = rows["one multilingual + one meeting platform, central support"]
    assert (central.kept, central.npv, central.range, central.payback, central.requirements) == (
        "Interprefy + Microsoft Teams",
        "210,000",
        "120,000 to 370,000",
        "2022",
        "all met",
    )
    assert central.recommended
    single = rows["single platform"]
    assert (single.npv, single.payback) == ("81,000", "2023")
    # its multilingual uses cannot move to Teams, so it goes on paying for their platforms
    assert single.kept == "Microsoft Teams; still paid: Interprefy and MyMeetings"
    assert central.met and not single.met  # a failing option is shown greyed
    page = brief.brief_html(data, "en")
    failing = {name for name, r in rows.items() if not r.met}
    assert failing == {"do minimum", "single platform", "multilingual pair kept, meetings on Teams"}
    assert page.count('<tr class="unmet">') == 3
    assert ".brief tr.unmet td { color: #767676; }" in page
    assert single.requirements.startswith("multilingual meeting (BDT, BR, GS and TSB)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_assumptions_annex_shows_percent_and_chf_never_raw_decimals(data, lang):
    rows = {r[0]: r for r in brief.compose(data, lang).assumptions}
    msg = Messages(lang)
    rate = rows[msg.label("assumption", "discount_rate")]
    assert rate[1] == forms.share(0.03, lang) and "%" in rate[2]
    seat = rows[msg.label("assumption", "migration_cost_chf_per_seat")]
    assert seat[1] == msg("brief.chf", amount="150")
    text = " ".join(" ".join(r[:3]) for r in rows.values())
    assert not re.search(r"\b0[.,]0\d", text)  # no 0.015, 0,03
    assert "1 =" not in text


# --- laid out, six languages


@pytest.fixture(scope="module")
def laid_out(data):
    from analysis.report import charts

    out = {}
    for lang in LANGUAGES:
        drawn = charts.draw(data, lang, list(brief.KEY_FIGURES))
        out[lang] = (brief.lay_out(data, lang, drawn), brief.brief_pdf(data, lang, drawn))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_sections_come_in_order_with_two_pages_before_the_annex(laid_out, lang):
    pages, _ = laid_out[lang]
    names = [name for name, _ in pages.sections]
    assert names == [
        "title",
        "summary",
        "decision",
        "findings",
        "options",
        "recommendation",
        "annex",
        "method",
    ]
    first_pages = {name: page for name, page in pages.sections}
    assert pages.annex_page == 2
    assert all(first_pages[n] < 2 for n in brief.SECTIONS[:-1])
    assert first_pages["annex"] == 2


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_word_is_broken_and_every_line_fits_its_room(laid_out, lang):
    pages, _ = laid_out[lang]
    assert pages.forced == []
    assert all(line.width <= line.room for line in pages.lines)
    assert not any(ZWSP in line.text for line in pages.lines)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_pdf_is_a4_and_its_text_can_be_found(laid_out, lang):
    from pypdf import PdfReader

    pages, pdf = laid_out[lang]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(pages.figures)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Interprefy" in text
    if lang in ("en", "fr", "es", "ru"):
        flat = " ".join(text.split())
        msg = Messages(lang)
        for key in ("brief.h_summary", "brief.h_decision", "brief.h_recommendation"):
            assert msg(key) in flat


@pytest.mark.slow
def test_the_english_pdf_carries_the_decision_and_the_rounded_saving(laid_out):
    from pypdf import PdfReader

    _, pdf = laid_out["en"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.replace("\xa0", " ").split())
    assert "Illustrative data" in flat
    assert "The Council is invited to request the Secretariat" in flat
    assert "would save CHF 210,000 in present value" in flat
    assert "Page 1 of" in flat


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_web_page_has_the_sections_in_order_and_prints_on_a4(data, lang):
    page = brief.brief_html(data, lang)
    ids = re.findall(r'<section id="(\w+)"', page)
    assert ids == ["summary", "decision", "findings", "options", "recommendation", "annex"]
    assert "size: A4" in page
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in page
    assert page.count(Messages(lang)(f"{brief.FINDINGS_CHART}.caption")) == 2  # alt, caption
    assert page.count("<img ") == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_no_option_worth_taking_the_brief_proposes_no_change(raw_dir, lang):
    # the minimal data set: one option, the do minimum, and no avoidable spend computed
    data = pipeline.chart_data(pipeline.analyse(load_inputs(raw_dir)), dt.date(2026, 12, 1))
    msg = Messages(lang)
    words = brief.compose(data, lang)
    assert brief.recommended(data) is None
    assert words.decision == (msg("brief.decision_none"),)
    assert words.summary[1] == msg("brief.summary_duplication_unknown", gross=brief.chf(1000, msg))
    assert words.summary[2] == msg("brief.summary_none", period="2022–2026")
    assert [r.label for r in words.options] == [msg("option.do_minimum")]
    assert not any(r.recommended for r in words.options)
