"""Charts a Council document can carry: read from the drawn artists, in all six languages.

No legend over data (from bounding boxes), payback stars apart, each option once with what
it keeps and, when it fails, greyed with why, no line break inside a word, dates as the
organisation writes them, shares as per cent, a waterfall whose steps add up to its end
bar, captions naming the colours drawn, a source line that neither widens the chart nor
runs under the illustrative mark.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from itertools import combinations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import config
from analysis.check.inputs import load_inputs
from analysis.pipeline import analyse, chart_data
from analysis.report import charts, i18n, style
from analysis.report.charts import options as option_charts
from analysis.report.i18n import FIRST_STRONG_ISOLATE, LANGUAGES, POP_ISOLATE, RLM
from analysis.report.option_text import option_reason
from analysis.report.style import FigureContext

BIDI = {ord(c): None for c in (RLM, FIRST_STRONG_ISOLATE, POP_ISOLATE, "\u200e")}


@pytest.fixture(scope="module")
def shipped():
    """The shipped illustrative data's chart tables (read, never written)."""
    return chart_data(analyse(load_inputs(config.RAW_DIR)), made_on=dt.date(2026, 1, 1))


def drawn(data, lang, names=None):
    figures = charts.draw(data, lang, names)
    for figure in figures.values():
        FigureCanvasAgg(figure).draw()
    return figures


def texts_of(figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def overlaps(a, b) -> bool:
    """Whether two display boxes share more than a hairline."""
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


# --- legends ---------------------------------------------------------------------------


def legend_clashes(figure) -> list[str]:
    """What each legend of the figure covers: data artists, the plot or its axis texts."""
    renderer = figure.canvas.get_renderer()
    found = []
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        if overlaps(box, ax.get_window_extent(renderer)):
            found.append("the plot area")
        data = [*ax.lines, *ax.patches, *ax.collections]
        for artist in data:
            if artist.get_visible() and overlaps(box, artist.get_window_extent(renderer)):
                found.append(f"data {artist!r}")
        for text in [ax.xaxis.label, *ax.get_xticklabels(), *ax.texts]:
            if text.get_text().strip() and overlaps(box, text.get_window_extent(renderer)):
                found.append(f"text {text.get_text()!r}")
    return found


def tick_clashes(figure) -> list[str]:
    """Tick labels of one axis that run into each other.

    Slanted labels are left out: their upright boxes overlap though their letters do not.
    """
    renderer = figure.canvas.get_renderer()
    found = []
    for ax in figure.axes:
        for ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
            shown = [t for t in ticks if t.get_text().strip() and t.get_rotation() == 0]
            for a, b in combinations(shown, 2):
                if overlaps(a.get_window_extent(renderer), b.get_window_extent(renderer)):
                    found.append(f"{a.get_text()!r} and {b.get_text()!r}")
    return found


def frame_clashes(figure) -> list[str]:
    """Axis labels and tick labels that run into the title, subtitle or source line."""
    renderer = figure.canvas.get_renderer()
    frame = [t for t in figure.texts if t.get_text().strip() and t.get_rotation() == 0]
    frame += [figure._suptitle] if figure._suptitle is not None else []
    found = []
    for ax in figure.axes:
        for text in [ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels()]:
            if not text.get_text().strip():
                continue
            for other in frame:
                if overlaps(text.get_window_extent(renderer), other.get_window_extent(renderer)):
                    found.append(f"{text.get_text()!r} and {other.get_text()!r}")
    return found


def layout_moves(figure) -> list[str]:
    """Axes that move when the figure is drawn again.

    A layout that never settles makes a PDF, saved after the PNG, differ from it; a drift
    under 0.5 % of the figure (the catalogue's slanted headers) is let pass.
    """
    before = [ax.get_position().bounds for ax in figure.axes]
    FigureCanvasAgg(figure).draw()
    after = [ax.get_position().bounds for ax in figure.axes]
    return [
        f"{a} -> {b}" for a, b in zip(before, after) if max(abs(x - y) for x, y in zip(a, b)) > 5e-3
    ]


def test_legend_below_the_plot_covers_no_data_in_english(shipped):
    figures = drawn(shipped, "en")
    with_legend = [n for n, f in figures.items() if any(ax.get_legend() for ax in f.axes)]
    assert {"scenario_comparison", "spend_by_unit_platform", "sensitivity_tornado"} <= set(
        with_legend
    )
    for name, figure in figures.items():
        assert legend_clashes(figure) == [], name
        assert tick_clashes(figure) == [], name
        assert frame_clashes(figure) == [], name
        assert layout_moves(figure) == [], name


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_legend_covers_data_in_any_language(shipped, lang):
    for name, figure in drawn(shipped, lang).items():
        assert legend_clashes(figure) == [], (name, lang)
        assert tick_clashes(figure) == [], (name, lang)
        assert frame_clashes(figure) == [], (name, lang)
        assert layout_moves(figure) == [], (name, lang)


# --- options: once, with what they keep, greyed when failing -----------------------------


def legend_entries(figure) -> dict[str, Line2D]:
    legend = figure.axes[0].get_legend()
    return {
        t.get_text().translate(BIDI): h
        for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
    }


def test_optimum_equal_to_the_proposal_is_drawn_once_and_marked(shipped):
    figure = drawn(shipped, "en", ["scenario_comparison"])["scenario_comparison"]
    entries = legend_entries(figure)
    # do minimum and the four options of the Scenarios sheet; no separate "optimal" line
    assert len(entries) == 5
    assert len([line for line in figure.axes[0].lines if line.get_label()[:1] != "_"]) == 5
    proposal = [t for t in entries if "central support (optimal)" in t]
    assert len(proposal) == 1
    assert "NPV CHF 211,997; payback 2022" in proposal[0]
    assert "Keep Interprefy + Microsoft Teams; support in GS" in proposal[0]
    assert to_hex(entries[proposal[0]].get_color()) == option_charts.ACCENT.lower()
    assert not any(t.startswith("Optimal:") for t in entries)


@pytest.mark.parametrize(
    "lang", ["en", *(pytest.param(x, marks=pytest.mark.slow) for x in ("fr", "zh", "ar"))]
)
def test_failing_options_are_grey_and_say_why(shipped, lang):
    figure = drawn(shipped, lang, ["scenario_comparison"])["scenario_comparison"]
    entries = legend_entries(figure)
    failing = [o for o in shipped.scenarios.shown_options() if not o.requirements_met]
    assert {o.name for o in failing} >= {
        "single platform",
        "multilingual pair kept, meetings on Teams",
    }
    for option in failing:
        if option.kind == "do_minimum":
            continue
        reason = option_reason(option, lang).translate(BIDI)
        matches = [
            t
            for t in entries
            if reason in " ".join(t.split("\n")).replace("  ", " ")
            or _compact(reason) in _compact(t)
        ]
        assert len(matches) == 1, (option.name, reason)
        assert to_hex(entries[matches[0]].get_color()) == option_charts.FAILING.lower()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(BIDI))


def test_savings_distribution_shows_each_option_once_in_npv_terms(shipped):
    figure = drawn(shipped, "en", ["savings_distribution"])["savings_distribution"]
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 4  # the optimum is the proposal's box
    notes = [t.get_text() for t in ax.texts]
    assert "NPV CHF 211,997" in notes  # the headline figure, beside its box
    assert ax.get_xlabel() == "NPV of the saving against the do minimum (CHF)"
    grey = [t for t in ax.get_yticklabels() if to_hex(t.get_color()) == "#777777"]
    assert len(grey) == 2 and all("fails the requirements" in t.get_text() for t in grey)


# --- payback stars ----------------------------------------------------------------------


def test_stars_of_the_same_year_are_set_apart():
    xs = option_charts.star_positions([(2023, 0), (2023, 0), (2023, 0), (2024, 0)])
    assert xs == [2022.8, 2023.0, 2023.2, 2024.0]


def test_payback_stars_never_overlap(shipped):
    figure = drawn(shipped, "en", ["scenario_comparison"])["scenario_comparison"]
    renderer = figure.canvas.get_renderer()
    stars = [line for line in figure.axes[0].lines if line.get_gid() == "payback"]
    assert len(stars) == 3  # 2022 (the proposal), 2023 twice
    for a, b in combinations(stars, 2):
        assert not overlaps(a.get_window_extent(renderer), b.get_window_extent(renderer))


# --- one savings measure ----------------------------------------------------------------


def test_waterfall_steps_add_up_exactly_to_its_end_bar_and_the_headline(shipped):
    # saving_bridge.csv: 7,165,851.50 − 377,274.35 + 407,582.02 − 294,246.22 + 51,941.75
    # = 6,953,854.70; in whole francs by largest remainder:
    expected = (
        ("reference", 7165852),
        ("licences", -377275),
        ("moved_use", 407582),
        ("support", -294246),
        ("one_off", 51942),
        ("option", 6953855),
    )
    assert shipped.scenarios.bridge_in_francs() == expected
    assert 7165852 - 377275 + 407582 - 294246 + 51942 == 6953855
    figure = drawn(shipped, "en", ["optimal_waterfall"])["optimal_waterfall"]
    steps = [t.get_text() for t in figure.axes[0].texts if t.get_gid() == "step"]
    assert steps == ["7,165,852", "−377,275", "+407,582", "−294,246", "+51,942", "6,953,855"]
    subtitle = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    # start minus end is the NPV of saving the headline gives: 211,996.80 → 211,997
    assert "saving (NPV) CHF 211,997" in subtitle
    assert "in present value (3% a year)" in subtitle


def test_waterfall_caption_names_the_colours_it_draws(shipped):
    figure = drawn(shipped, "en", ["optimal_waterfall"])["optimal_waterfall"]
    faces = {to_hex(p.get_facecolor()) for p in figure.axes[0].patches if isinstance(p, Rectangle)}
    faces.discard("#ffffff")
    assert faces == {
        option_charts.ACCENT.lower(),
        option_charts.SAVES.lower(),
        option_charts.COSTS.lower(),
    }
    assert (option_charts.SAVES, option_charts.COSTS) == ("#009E73", "#E69F00")  # green, orange
    words = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
    assert "green bars save, orange hatched bars cost" in words
    assert not re.search(r"\bred\b", words)


def test_cumulative_saving_says_it_is_not_discounted(shipped):
    figure = drawn(shipped, "en", ["scenario_comparison"])["scenario_comparison"]
    label = figure.axes[0].get_ylabel().replace("\n", " ")
    assert label == "Cumulative saving, not discounted (CHF)"


# --- words and numbers ------------------------------------------------------------------


def test_shares_are_ranges_in_per_cent(shipped):
    for lang, wanted in [
        ("en", "(from 10% to 40%)"),
        ("fr", "(de 10 % à 40 %)"),
    ]:
        figure = drawn(shipped, lang, ["sensitivity_tornado"])["sensitivity_tornado"]
        # the range is never cut across lines
        ticks = [
            re.sub("[\u00a0\u202f]", " ", t.get_text()) for t in figure.axes[0].get_yticklabels()
        ]
        assert any(wanted in t for t in ticks), (lang, ticks)
        assert not any("0.1 " in t or "0,1 " in t for t in ticks)


@pytest.mark.parametrize(
    "lang, written",
    [
        ("en", "31 January 2022"),
        ("fr", "31 janvier 2022"),
        ("es", "31 de enero de 2022"),
        ("ru", "31 января 2022\u202fг."),
        ("zh", "2022年1月31日"),
        ("ar", "31 يناير 2022"),
    ],
)
def test_dates_are_written_day_first_as_each_language_writes_them(lang, written):
    ctx = FigureContext(year=2021, files=("a.xlsx",), data_date=dt.date(2022, 1, 31), lang=lang)
    assert written in ctx.source.translate(BIDI)


def test_long_file_names_wrap_short_of_the_mark_and_never_widen_the_chart(shipped):
    long_names = tuple(
        f"finance_export_{i}_platforms_staffing_and_licences_2020_2021.xlsx" for i in range(6)
    )
    data = dataclasses.replace(shipped, files=long_names)
    for lang in ("en", "ar"):
        figure = drawn(data, lang, ["support_teams"])["support_teams"]
        renderer = figure.canvas.get_renderer()
        width = figure.bbox.width
        mark = next(t for t in figure.texts if t.get_color() == "#B00020" and t.get_fontsize() == 9)
        source = next(
            t for t in figure.texts if "xlsx" in t.get_text() or "run_manifest" in t.get_text()
        )
        box = source.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width, lang
        assert not overlaps(box, mark.get_window_extent(renderer)), lang
        assert figure.get_tightbbox(renderer).width * figure.dpi <= width + 1, lang
        assert source.get_text().count("\n") <= 2  # at most three lines, the rest counted
        assert "run_manifest.json" in source.get_text()


# --- no word broken ---------------------------------------------------------------------


def _cjk(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def break_is_allowed(before: str, after: str, lang: str) -> bool:
    """Whether a line may end between ``before`` and ``after`` (neighbours in the source)."""
    if before.isspace() or after.isspace() or before == "\n" or after == "\n":
        return True
    if lang != "zh":
        return False
    if after in i18n.CLOSING_SIGNS or before in i18n.OPENING_SIGNS:
        return False
    return _cjk(before) or _cjk(after)


def broken_words(figure, sources: list[str], lang: str) -> list[str]:
    """Each drawn line break that falls where the source text allows none."""
    known = {_compact(s): s.translate(BIDI) for s in sources}
    problems = []
    for text in texts_of(figure):
        lines = [line for line in text.get_text().translate(BIDI).split("\n")]
        if len(lines) < 2:
            continue
        i = 0
        while i < len(lines):
            # the longest run of lines that is one wrapped source text
            for j in range(len(lines), i, -1):
                source = known.get(_compact("".join(lines[i:j])))
                if source is not None:
                    break
            else:
                problems.append(f"no source for {lines[i]!r} in {text.get_text()!r}")
                i += 1
                continue
            position = 0
            for line in lines[i : j - 1]:
                body = _compact(line)
                # walk the source past this line's characters
                seen = 0
                while seen < len(body):
                    if not source[position].isspace():
                        seen += 1
                    position += 1
                before = source[position - 1]
                after = source[position] if position < len(source) else " "
                if not break_is_allowed(before, after, lang):
                    problems.append(f"{line!r} breaks {before + after!r} in {source!r}")
            i = j
    return problems


@pytest.fixture
def wrap_sources(monkeypatch):
    """Every text the charts wrap, as it was before wrapping."""
    seen: list[str] = []
    real = i18n.wrap

    def spy(text, lang, width):
        seen.append(text)
        return real(text, lang, width)

    for module in (i18n, style, option_charts):
        monkeypatch.setattr(module, "wrap", spy)
    return seen


def test_a_word_longer_than_the_line_keeps_its_own_line_whole():
    assert i18n.wrap("Единовременные затраты", "ru", 13) == ["Единовременные", "затраты"]
    assert i18n.wrap("(de 50 à 400)", "fr", 9) == ["(de 50 à", "400)"]
    assert i18n.wrap("（从50至400）", "zh", 4)[0] != "（"


@pytest.mark.parametrize("lang", ["en"])  # the inner loop's check; every language: below
def test_no_chart_line_breaks_inside_a_word(shipped, wrap_sources, lang):
    for name, figure in drawn(shipped, lang).items():
        assert broken_words(figure, wrap_sources, lang) == [], (name, lang)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_chart_line_breaks_inside_a_word_in_any_language(shipped, wrap_sources, lang):
    for name, figure in drawn(shipped, lang).items():
        assert broken_words(figure, wrap_sources, lang) == [], (name, lang)
