"""Licence lines as CSV or Parquet: the same rules and the same error places as the sheet."""

import datetime as dt

import pandas as pd
import pytest
from conftest import minimal_sheets, write_workbook

from analysis.check.inputs import load_inputs, read_inputs
from analysis.pipeline import analyse


def catalogue_only(raw):
    sheets = minimal_sheets()
    del sheets["Licences"]
    write_workbook(raw / "catalogue.xlsx", sheets)


def licence_rows():
    header, *rows = minimal_sheets()["Licences"]
    return header, [
        [v.date().isoformat() if isinstance(v, dt.datetime) else v for v in r] for r in rows
    ]


def write_csv(path, header, rows, bom=False, title=False):
    lines = ["Cost lines exported 2022-01-31", ""] if title else []
    lines.append(",".join(header))
    for row in rows:
        lines.append(
            ",".join(
                "" if v is None else f'"{v}"' if isinstance(v, str) and "," in v else str(v)
                for v in row
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")


def write_parquet(path, header, rows):
    frame = pd.DataFrame(rows, columns=header)
    if any(isinstance(v, str) for v in frame["Amount"]):
        frame["Amount"] = frame["Amount"].astype(str)  # an export with amounts as text
    for column in ("Start date", "End date"):
        frame[column] = pd.to_datetime(frame[column])
    frame.to_parquet(path)


@pytest.mark.parametrize("form", ["csv", "csv with BOM and a title", "parquet"])
def test_line_export_gives_the_same_results_as_the_sheet(tmp_path, raw_dir, form):
    raw = tmp_path / "exports"
    raw.mkdir()
    catalogue_only(raw)
    header, rows = licence_rows()
    if form == "parquet":
        write_parquet(raw / "licences_2021.parquet", header, rows)
    else:
        write_csv(raw / "licences_2021.csv", header, rows, bom="BOM" in form, title="title" in form)
    from_export = analyse(load_inputs(raw))
    from_sheet = analyse(load_inputs(raw_dir))
    pd.testing.assert_frame_equal(from_export.headline, from_sheet.headline)
    pd.testing.assert_frame_equal(from_export.annual_spend, from_sheet.annual_spend)


@pytest.mark.parametrize(
    ("form", "first_row"),
    [("csv", 2), ("parquet", 1)],  # CSV: the line in the file; Parquet: the record number
)
def test_bad_rows_in_a_line_export_name_file_row_and_column(tmp_path, form, first_row):
    raw = tmp_path / "exports"
    raw.mkdir()
    catalogue_only(raw)
    header, rows = licence_rows()
    rows[1][2] = "CHF 12,000"  # second line: amount
    rows[3][3] = "SFR"  # fourth line: currency
    name = f"licences.{form}"
    if form == "parquet":
        write_parquet(raw / name, header, rows)
    else:
        write_csv(raw / name, header, rows)
    errors = [(i.code, i.file, i.sheet, i.row, i.column) for i in read_inputs(raw).issues.errors]
    assert errors == [
        ("E_BAD_VALUE", name, "", first_row + 1, "Amount"),
        ("E_UNKNOWN_CURRENCY", name, "", first_row + 3, "Currency"),
    ]


def test_windows_1252_csv_is_read_with_a_warning_and_undecodable_bytes_are_refused(tmp_path):
    raw = tmp_path / "exports"
    raw.mkdir()
    catalogue_only(raw)
    text = (
        "Unit,Platform,Amount,Currency,Start date,End date,Item\n"
        "GS,Zoom,1200.50,CHF,2021-01-01,2021-12-31,Zoom Pro für Genève\n"
    )
    (raw / "licences.csv").write_bytes(text.encode("cp1252"))
    inputs = load_inputs(raw)
    [warning] = [(i.code, i.file) for i in inputs.issues if i.severity == "warning"]
    assert warning == ("W_NOT_UTF8", "licences.csv")
    assert inputs.licences["item"].tolist() == ["Zoom Pro für Genève"]
    assert inputs.licences["amount"].tolist() == [1200.5]
    # 0x81 is neither UTF-8 here nor any Windows-1252 character
    (raw / "licences.csv").write_bytes(text.encode("cp1252").replace(b"\xfc", b"\x81"))
    errors = [(i.code, i.file) for i in read_inputs(raw).issues.errors]
    assert errors == [("E_NOT_UTF8", "licences.csv")]
