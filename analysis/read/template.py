"""The blank input workbook for finance staff.

One sheet per input kind with its headers (from ``metadata/fields.csv``), an
Instructions sheet that explains every column in plain words, dropdowns for units,
platforms, currencies, grades, categories, cost types and yes/no, and date and
number formats. The dropdown lists sit on a hidden ``Lists`` sheet; the reader
ignores both extra sheets. A filled copy loads back unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import openpyxl
import pycountry
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis.config import FORMULA_STARTS
from analysis.metadata import reference
from analysis.metadata.reference import SHEETS, Field, fields, header_label, units

ROWS = 1000  # rows prepared with formats and dropdowns
NUMBER_FORMATS = {
    "number": "#,##0.00",
    "year": "0",
    "date": "yyyy-mm-dd",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True)


def dropdown_lists(
    platforms: Sequence[str] = (), categories: Sequence[str] = (), grades: Sequence[str] = ()
) -> dict[str, list[str]]:
    """Dropdown values; platforms, categories and grades as the current inputs give them."""
    return {
        "unit": list(units()),
        "platform": list(platforms),
        "currency": sorted(c.alpha_3 for c in pycountry.currencies),
        "grade": list(grades),
        "category": list(categories),
        "yesno": ["yes", "no"],
        "assumption": list(reference.assumptions().index),
    }


def _list_for(f: Field, lists: dict[str, list[str]]) -> list[str]:
    if f.kind == "choice":
        return f.allowed.split("|")
    if f.kind in ("unit", "platform", "currency", "category", "yesno"):
        return lists[f.kind]
    if f.column == "grade":
        return lists["grade"]
    if f.sheet == "Assumptions" and f.column == "name":
        return lists["assumption"]
    return []


def build_template(lists: dict[str, list[str]]) -> openpyxl.Workbook:
    """The blank input workbook, with ``lists`` (:func:`dropdown_lists`) in its dropdowns."""
    book = openpyxl.Workbook()
    instructions = book.active
    instructions.title = "Instructions"
    list_sheet = book.create_sheet("Lists")
    list_sheet.sheet_state = "hidden"
    list_ranges = _write_lists(list_sheet, lists)

    _write_instructions(instructions)
    for kind in SHEETS:
        sheet = book.create_sheet(kind, index=len(book.sheetnames) - 1)
        _write_sheet(sheet, kind, lists, list_ranges)
    return book


def _write_text(cell, value: object) -> None:
    """Write a value from the inputs so that Excel never runs it as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def _write_lists(sheet, lists: dict[str, list[str]]) -> dict[str, str]:
    ranges = {}
    for j, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(j)
        sheet.cell(row=1, column=j, value=name)
        for i, value in enumerate(values, start=2):
            _write_text(sheet.cell(row=i, column=j), value)
        if values:
            ranges[name] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _write_instructions(sheet) -> None:
    lines = [
        ("How to fill this workbook", ""),
        ("", ""),
        ("1.", "Fill one row per cost line, staff row, platform, rate or grade cost."),
        ("2.", "Bold headers are required; leave other columns empty if unknown."),
        ("3.", "Dates: date cells, or text as yyyy-mm-dd or dd.mm.yyyy (01/02/2021 is refused)."),
        ("4.", "Amounts: number cells. As text, 7.200 or 1,799 is refused: 7200, or 7.2?"),
        ("5.", "Do not write people's names or e-mail addresses: they are dropped anyway."),
        ("6.", "Save as .xlsx into data/raw/ and run `make figures` (or `make validate`)."),
        ("", ""),
        ("Sheet", "Column", "Required", "Meaning"),
    ]
    for kind in SHEETS:
        for f in fields(kind):
            if f.kind != "personal":
                required = "yes" if f.required else ""
                lines.append((kind, header_label(f.column), required, f.description))
    for i, line in enumerate(lines, start=1):
        for j, value in enumerate(line, start=1):
            sheet.cell(row=i, column=j, value=value)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[10]:
        cell.font = REQUIRED_FONT
    for letter, width in zip("ABCD", (14, 18, 10, 70)):
        sheet.column_dimensions[letter].width = width


def _write_sheet(sheet, kind: str, lists, list_ranges: dict[str, str]) -> None:
    columns = [f for f in fields(kind) if f.kind != "personal"]
    for j, f in enumerate(columns, start=1):
        letter = get_column_letter(j)
        cell = sheet.cell(row=1, column=j, value=header_label(f.column))
        cell.fill = HEADER_FILL
        cell.font = REQUIRED_FONT if f.required else Font()
        cell.alignment = Alignment(wrap_text=True)
        sheet.column_dimensions[letter].width = max(12, len(cell.value) + 4)
        fmt = NUMBER_FORMATS.get(f.kind)
        if f.column == "platform_share":
            fmt = "0.00"
        if fmt:
            for i in range(2, ROWS + 2):
                sheet.cell(row=i, column=j).number_format = fmt
        values = _list_for(f, lists)
        if not values:
            continue
        source = list_ranges.get(_list_key(f)) or '"' + ",".join(values) + '"'
        check = DataValidation(type="list", formula1=source, allow_blank=True)
        check.error = f"Choose a value from the list for {header_label(f.column)}"
        check.errorTitle = "Not in the list"
        check.showErrorMessage = f.kind not in ("platform", "category")
        check.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"


def _list_key(f: Field) -> str:
    if f.kind in ("unit", "platform", "currency", "category", "yesno"):
        return f.kind
    if f.sheet == "Assumptions" and f.column == "name":
        return "assumption"
    return f.column
