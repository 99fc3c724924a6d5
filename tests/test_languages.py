"""Delegate output in the six official languages: catalogue, fonts, figures, gallery, brief."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import minimal_sheets, write_workbook

from analysis import config
from analysis.cli import main
from analysis.issues import InputError
from analysis.report import i18n
from analysis.report.charts import CHART_NAMES as FIGURE_NAMES
from analysis.report.i18n import LANGUAGES, Messages
from analysis.report.render import FIGURE_FORMATS

# --- the catalogue


def test_catalogue_has_every_message_in_all_six_languages():
    catalogue = i18n.read_catalogue()  # raises, naming message and language, on a gap
    assert len(catalogue) > 100
    for key, texts in catalogue.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key


def test_every_chart_has_a_caption_in_the_catalogue():
    for name in FIGURE_NAMES:
        assert Messages("en").has(f"{name}.caption"), name


def copy_catalogue(tmp_path: Path, change) -> Path:
    with i18n.MESSAGES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_missing_translation_names_its_message_language_and_row(tmp_path):
    def blank(rows):
        row = next(r for r in rows if r["id"] == "support_teams.title")
        row["fr"] = ""
        row = next(r for r in rows if r["id"] == "brief.spend")
        row["ar"] = row["ar"].replace("{amount}", "{montant}")

    path = copy_catalogue(tmp_path, blank)
    with pytest.raises(InputError) as caught:
        i18n.read_catalogue(path)
    issues = caught.value.issues.errors
    ids = pd.read_csv(path, keep_default_na=False)["id"].tolist()
    assert [(i.code, i.file, i.row, i.column) for i in issues] == [
        ("E_TRANSLATION_MISSING", "messages.csv", ids.index("support_teams.title") + 2, "fr"),
        ("E_TRANSLATION_PLACEHOLDERS", "messages.csv", ids.index("brief.spend") + 2, "ar"),
    ]
    assert "'support_teams.title' has no fr translation" in issues[0].message
    assert "{montant}" in issues[1].message and "{amount}" in issues[1].message


def test_a_repeated_message_id_is_an_error_at_its_row(tmp_path):
    path = copy_catalogue(tmp_path, lambda rows: rows.append(dict(rows[0])))
    with pytest.raises(InputError) as caught:
        i18n.read_catalogue(path)
    (issue,) = caught.value.issues.errors
    rows = len(pd.read_csv(path, keep_default_na=False))
    assert (issue.code, issue.row, issue.column) == ("E_CATALOGUE", rows + 1, "id")


# --- numbers and languages


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("fr", "1\u202f234\u202f567"),  # CLDR: narrow no-break space
        ("ru", "1\u00a0234\u00a0567"),
        ("es", "1.234.567"),
        ("en", "1,234,567"),
        ("zh", "1,234,567"),
        ("ar", "1,234,567"),
    ],
)
def test_amounts_are_written_as_each_language_writes_them(lang, written):
    assert Messages(lang).chf(1234567.4) == written


def test_decimals_use_the_languages_decimal_mark():
    assert Messages("fr").number(0.25, 2) == "0,25"
    assert Messages("en").number(0.25, 2) == "0.25"


def test_lang_option_takes_codes_or_all_and_refuses_unknown_ones(capsys):
    assert i18n.parse_languages("all") == LANGUAGES
    assert i18n.parse_languages("ru, zh") == ("ru", "zh")
    with pytest.raises(SystemExit) as stop:
        main(["run", "--lang", "fr,de"])
    assert stop.value.code == 2
    assert "unknown language(s): de; use some of ar,zh,en,fr,es,ru, or all" in (
        capsys.readouterr().err
    )


# --- every language, on the shipped data, drawn over two processes


@pytest.fixture(scope="module")
def all_languages(tmp_path_factory):
    out = tmp_path_factory.mktemp("six")
    before = os.environ.get("ANALYSIS_JOBS")
    os.environ["ANALYSIS_JOBS"] = "2"  # the parallel drawing, as a user's run does it
    try:
        args = ["run", "--processed", str(out / "p"), "--figures", str(out / "f")]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # not one warning of any kind, glyphs included
            assert main([*args, "--lang", "all"]) == 0
    finally:
        if before is None:
            del os.environ["ANALYSIS_JOBS"]
        else:
            os.environ["ANALYSIS_JOBS"] = before
    return out


@pytest.mark.slow
def test_every_figure_exists_in_every_language_and_format(all_languages):
    figures = all_languages / "f"
    for lang in LANGUAGES:
        for name in FIGURE_NAMES:
            for fmt in FIGURE_FORMATS:
                path = figures / lang / f"{name}.{fmt}"
                assert path.stat().st_size > 5000, path
        assert (figures / lang / "brief.html").exists()
        assert (figures / lang / "brief.pdf").exists()


@pytest.mark.slow
def test_png_figures_are_at_least_200_dpi(all_languages):
    from PIL import Image

    with Image.open(all_languages / "f" / "zh" / "support_teams.png") as image:
        assert image.info["dpi"][0] >= 199.9
        assert image.width >= 1500  # 8 inches at 200 dpi, less the tight crop


@pytest.mark.slow
def test_no_glyph_is_missing_in_any_language(all_languages):
    report = pd.read_csv(all_languages / "p" / "validation_report.csv", keep_default_na=False)
    assert "W_GLYPH_MISSING" not in report["code"].tolist()


@pytest.mark.slow
def test_the_manifest_lists_every_language_with_matching_hashes(all_languages):
    import hashlib

    record = json.loads((all_languages / "p" / "run_manifest.json").read_text())
    files = {o["file"]: o["sha256"] for o in record["outputs"]}
    for lang in LANGUAGES:
        assert f"f/{lang}/optimal_waterfall.pdf" in files  # named from the --figures folder
    for name, digest in files.items():
        assert hashlib.sha256((all_languages / name).read_bytes()).hexdigest() == digest


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key) and not attrs[key].startswith("#"):
                self.links.append(attrs[key])


@pytest.mark.slow
def test_gallery_pages_link_only_files_the_run_wrote_each_in_its_direction(all_languages):
    figures = all_languages / "f"
    pages = [figures / "index.html", *(figures / lang / "index.html" for lang in LANGUAGES)]
    links = 0
    for page in pages:
        parser = Links()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        for link in parser.links:
            assert not re.match(r"^[a-z]+:", link), f"not offline: {link}"
            assert (page.parent / link).is_file(), f"{page}: {link}"
        links += len(parser.links)
    assert links >= len(LANGUAGES) * len(FIGURE_NAMES) * (1 + len(FIGURE_FORMATS))
    for lang in LANGUAGES:
        text = html.unescape((figures / lang / "index.html").read_text(encoding="utf-8"))
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in text
        assert Messages(lang)("savings_distribution.caption") in text


@pytest.mark.slow
def test_brief_pages_open_offline_with_their_charts(all_languages):
    for lang in ("ar", "en"):
        folder = all_languages / "f" / lang
        parser = Links()
        page = (folder / "brief.html").read_text(encoding="utf-8")
        parser.feed(page)
        assert all((folder / link).is_file() for link in parser.links)
        assert f'lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in page
        assert Messages(lang)("brief.h_summary") in page


def pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.slow
def test_arabic_title_glyphs_run_right_to_left(all_languages):
    from matplotlib import font_manager
    from matplotlib._text_helpers import layout

    from analysis import pipeline
    from analysis.check.inputs import load_inputs

    results = pipeline.analyse(load_inputs(config.RAW_DIR))
    figure = pipeline.draw_figures(results, "ar")["duplicated_spend_by_category"]
    title = figure.texts[0]  # the heading, set first by style.finish
    text = title.get_text()
    font = font_manager.get_font(
        font_manager.fontManager._find_fonts_by_props(title.get_fontproperties())
    )
    font.set_size(13, 72)
    items = list(layout(text, font, language="ar"))
    arabic = [i for i in items if "\u0600" <= i.char <= "\u06ff" and i.char.isalpha()]
    letters = [c for c in text if "\u0600" <= c <= "\u06ff" and c.isalpha()]
    rightmost = max(arabic, key=lambda i: i.x)
    leftmost = min(arabic, key=lambda i: i.x)
    # the first letter read is drawn rightmost, the last leftmost; the year sits at the left
    assert rightmost.char == letters[0]
    assert leftmost.char == letters[-1]
    digits = [i for i in items if i.char.isdigit()]
    assert digits and max(d.x for d in digits) < leftmost.x


@pytest.mark.slow
def test_a_name_no_font_has_is_reported_with_its_figure_and_language(tmp_path):
    sheets = minimal_sheets()
    sheets["Platforms"][2][0] = "MyMeetings ᚠ"
    sheets["Licences"][2][1] = "MyMeetings ᚠ"
    sheets["Staffing"][2][7] = "MyMeetings ᚠ"
    (tmp_path / "raw").mkdir()
    write_workbook(tmp_path / "raw" / "costs.xlsx", sheets)
    args = ["run", "--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p")]
    assert main([*args, "--figures", str(tmp_path / "f"), "--lang", "fr"]) == 0
    report = pd.read_csv(tmp_path / "p" / "validation_report.csv", keep_default_na=False)
    missing = report[report["code"] == "W_GLYPH_MISSING"]["message"].tolist()
    assert any("'ᚠ' (U+16A0)" in m and "spend_by_unit_platform (fr)" in m for m in missing)


@pytest.mark.slow
def test_outputs_of_other_languages_and_old_layouts_are_removed(raw_dir, tmp_path):
    figures = tmp_path / "f"
    args = ["run", "--raw", str(raw_dir), "--processed", str(tmp_path / "p")]
    assert main([*args, "--figures", str(figures), "--lang", "es"]) == 0
    (figures / "support_teams.png").write_bytes(b"an old flat figure")
    (figures / "es" / "notes.txt").write_text("kept: not ours")
    assert main([*args, "--figures", str(figures), "--lang", "ru"]) == 0
    assert not (figures / "support_teams.png").exists()
    assert sorted(p.name for p in (figures / "es").iterdir()) == ["notes.txt"]
    assert (figures / "ru" / "support_teams.svg").exists()


def test_whole_numbers_under_ten_thousand_are_not_grouped():
    assert Messages("en").plain(2021) == "2021"
    assert Messages("fr").plain(0.015) == "0,015"
    assert Messages("es").plain(150000) == "150.000"


def test_a_broken_catalogue_stops_the_run_with_a_report(raw_dir, tmp_path, monkeypatch):
    def blank(rows):
        next(r for r in rows if r["id"] == "support_teams.title")["zh"] = ""

    monkeypatch.setattr(i18n, "MESSAGES_FILE", copy_catalogue(tmp_path, blank))
    i18n.catalogue.cache_clear()
    try:
        args = ["run", "--raw", str(raw_dir), "--processed", str(tmp_path / "p")]
        assert main([*args, "--figures", str(tmp_path / "f")]) == 2
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
    report = pd.read_csv(tmp_path / "p" / "validation_report.csv", keep_default_na=False)
    assert report[["code", "file", "column"]].values.tolist() == [
        ["E_TRANSLATION_MISSING", "messages.csv", "zh"]
    ]
    assert not (tmp_path / "f").exists()


def test_arabic_lines_each_start_right_to_left_with_no_isolate_left_open():
    text = Messages("ar")("brief.npv", years=5, amount="1", low="2", high="3")
    lines = i18n.wrap(text, "ar", 30)
    assert len(lines) > 1
    assert all(line.startswith(i18n.RLM) for line in lines)
    assert not any(i18n.FIRST_STRONG_ISOLATE in line for line in lines)


@pytest.mark.slow
def test_brief_text_page_is_a4(all_languages):
    from pypdf import PdfReader

    for lang in ("en", "ru", "ar"):
        box = PdfReader(all_languages / "f" / lang / "brief.pdf").pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), lang
