"""What the notebooks show: tables of money, the data used, folder parameters."""

from __future__ import annotations

import html
import os

import pandas as pd

from analysis import config
from analysis.check.inputs import load_inputs
from analysis.report.display import chf, chf_table, data_used, project_path, share

LONG = (
    "amount 'a thousand' is not a number: write a plain number (12000 or 12,000.50); "
    "the cell is in licences.xlsx, sheet Licences, row 2, column Amount, and nothing "
    "was counted from this row until it is corrected"
)


def moves(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": ["single platform"] * rows,
            "unit": ["GS"] * rows,
            "from_platform": ["Zoom"] * rows,
            "to_platform": ["Microsoft Teams"] * rows,
            "cost_type": ["licence"] * rows,
            "demand_unit": ["seat"] * rows,
            "kind": ["same category"] * rows,
            "quantity": [120.0] * rows,
            "price_chf": [12.5] * rows,
            "annual_cost_chf": [1500.0 + 1_000_000 * i for i in range(rows)],
        }
    )


def test_a_registered_table_has_labels_separators_and_the_rest_counted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    shown = chf_table(moves(13), table="scenario_moves", top=3)

    assert len(shown.cells) == 3 and shown.more == 10
    text = repr(shown)
    assert "… and 10 more rows." in text
    assert "2,001,500" in text and "12.50" in text  # big amounts whole, prices in centimes
    assert list(shown.cells.columns)[-1].endswith("(CHF)")
    expected = os.path.relpath(config.PROCESSED_DIR / "scenario_moves.csv", tmp_path)
    assert shown.csv == expected
    if (config.PROCESSED_DIR / "scenario_moves.csv").is_file():
        assert f'<a href="{expected}">' in shown._repr_html_()
    else:  # named, not linked, until a run writes it
        assert "<a " not in shown._repr_html_()
        assert f"Full table: {expected} (once `make figures` has run)." in text


def test_the_full_table_is_linked_once_written(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "fragmentation.csv").write_text("year\n")
    monkeypatch.setattr(config, "PROCESSED_DIR", processed)
    monkeypatch.chdir(tmp_path)

    page = chf_table(moves(1), table="fragmentation")._repr_html_()

    assert '<a href="processed/fragmentation.csv">' in page
    assert "(written by <code>make figures</code>)" in page


def test_text_is_shown_in_full_escaped_and_without_an_index():
    frame = pd.DataFrame(
        {"severity": ["error"], "message": [LONG + " <b>"], "row": [2]}, index=[41]
    )

    shown = chf_table(frame)

    assert LONG in repr(shown)
    page = shown._repr_html_()
    assert html.escape(LONG + " <b>") in page and "<b>" not in page
    assert "41" not in page  # the index is not a column
    assert page.count("<th ") == 3
    assert shown.more == 0 and shown.csv is None and "more row" not in page


def test_a_pivot_keeps_its_row_labels_as_a_column():
    frame = pd.DataFrame({"unit": ["GS", "BR"], "spend_chf": [1200.0, 30.0]}).set_index("unit")
    shown = chf_table(frame)
    assert list(shown.cells.columns) == ["Unit", "Spend (CHF)"]
    assert shown.cells.to_numpy().tolist() == [["GS", "1,200"], ["BR", "30"]]


def test_missing_values_are_blank_and_years_have_no_separator():
    frame = pd.DataFrame({"payback_year": [2023.0, None], "npv_chf": [1795424.4, None]})
    shown = chf_table(frame)
    assert shown.cells.to_numpy().tolist() == [["2023", "1,795,424"], ["", ""]]


def test_amounts_and_shares_for_sentences():
    assert chf(1_795_424.49) == "CHF 1,795,424"
    assert share(365, 965) == "38 %"


def test_a_relative_folder_parameter_starts_at_the_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # papermill and JupyterLab run from different folders
    assert project_path("data/raw", tmp_path) == config.RAW_DIR
    assert project_path(" data/raw ", tmp_path) == config.RAW_DIR
    assert project_path(str(tmp_path), config.RAW_DIR) == tmp_path
    assert project_path(None, config.RAW_DIR) == config.RAW_DIR
    assert project_path("", config.RAW_DIR) == config.RAW_DIR


def test_data_used_names_the_folder_files_year_and_illustrative_mark(raw_dir):
    inputs = load_inputs(raw_dir)

    text = data_used(inputs, 2021)

    assert f"Folder `{raw_dir.resolve()}`" in text
    assert "`costs.xlsx`" in text
    assert "Data as of 31 January 2022." in text
    assert "Year analysed: **2021**, the latest with licence and staffing data" in text
    assert "years with licence data: 2020, 2021." in text
    assert "**Illustrative data**" in text
    assert "as asked (`year = '2021'`)" in data_used(inputs, 2021, asked="2021")
