"""Checks on a workbook file before any parser sees it.

A workbook comes by e-mail from many hands. Before it is parsed, its bytes are
checked: an ``.xlsx`` or ``.xlsm`` is a zip archive; an encrypted workbook or an
old ``.xls`` is an OLE2 compound file; anything else is not a workbook. The
archive's declared unpacked size is checked against :data:`MAX_UNPACKED_BYTES`
and :data:`MAX_RATIO` so that a zip bomb is refused before it is unpacked.

It also finds formula cells whose cached value is missing (a workbook written by
a program that never calculated it): every reader would see them as empty.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Limits documented in SECURITY.md and the README.
MAX_UNPACKED_BYTES = 500 * 1024**2
MAX_RATIO = 100
RATIO_APPLIES_ABOVE_BYTES = 1024**2

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
# A cell holding a formula and no cached value: <c r="B7" ...><f>…</f></c> or <f …/>, no <v>.
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*>\s*'
    rb"(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>"
)
_SHEET_ENTRY = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_ENTRY = re.compile(rb'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_ENTRY_REVERSED = re.compile(rb'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


@dataclass(frozen=True)
class FileProblem:
    """Why a file is refused before parsing."""

    code: str
    message: str


def check_file(path: Path) -> FileProblem | None:
    """Return why ``path`` cannot be read safely as a workbook, or None if it can.

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.xlsx"
        >>> _ = p.write_text("unit,platform")
        >>> check_file(p).code
        'E_NOT_A_WORKBOOK'
    """
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head.startswith(_OLE_MAGIC):
            handle.seek(0)
            if _ENCRYPTED_MARK in handle.read(1024**2):
                return FileProblem(
                    "E_ENCRYPTED",
                    "this workbook is password-protected; save an unprotected copy as .xlsx",
                )
            return FileProblem(
                "E_OLD_XLS",
                "this is an old-format Excel file (.xls); open it in Excel and save it as .xlsx",
            )
    if not head.startswith(_ZIP_MAGIC):
        return FileProblem(
            "E_NOT_A_WORKBOOK",
            "this file is not an Excel workbook (it may be a renamed CSV or text file); "
            "open it in Excel and save it as .xlsx",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, OSError, ValueError):
        return FileProblem(
            "E_DAMAGED",
            "this workbook is damaged or incomplete (perhaps cut short while copying); "
            "copy or export it again",
        )
    if "xl/workbook.xml" not in names:
        return FileProblem(
            "E_NOT_A_WORKBOOK",
            "this zip file is not an Excel workbook; save the data from Excel as .xlsx",
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        return FileProblem(
            "E_TOO_LARGE",
            f"this workbook would unpack to {unpacked / 1024**2:,.0f} MB, over the "
            f"{MAX_UNPACKED_BYTES / 1024**2:,.0f} MB limit; split it, or export the lines as CSV",
        )
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > RATIO_APPLIES_ABOVE_BYTES and entry.file_size / packed > MAX_RATIO:
            return FileProblem(
                "E_ZIP_BOMB",
                f"part {entry.filename} of this workbook unpacks {entry.file_size / packed:,.0f} "
                f"times its packed size (limit {MAX_RATIO} to 1): refused as a possible zip bomb",
            )
    with zipfile.ZipFile(path) as archive:
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels", ".vml")) and _declares_entities(
                archive, entry
            ):
                return FileProblem(
                    "E_XML_ENTITIES",
                    f"part {entry.filename} of this workbook declares a DOCTYPE or XML entities, "
                    "which Excel never writes: refused as a possible entity-expansion attack",
                )
    return None


def _declares_entities(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    # A DOCTYPE must come before the root element, so the first few kilobytes tell.
    with archive.open(entry) as stream:
        head = stream.read(4096)
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def find_formulas_without_value(path: Path) -> dict[str, list[tuple[int, str]]]:
    """Map each sheet name to the (Excel row, column letter) of formula cells with no value."""
    found: dict[str, list[tuple[int, str]]] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        workbook = archive.read("xl/workbook.xml")
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = archive.read(rels_name) if rels_name in names else b""
        targets = {rid: target for rid, target in _REL_ENTRY.findall(rels)}
        targets.update({rid: target for target, rid in _REL_ENTRY_REVERSED.findall(rels)})
        for sheet_name, rid in _SHEET_ENTRY.findall(workbook):
            target = targets.get(rid)
            if target is None:
                continue
            member = _member(target.decode())
            if member not in names:
                continue
            cells = _FORMULA_NO_VALUE.findall(archive.read(member))
            if cells:
                name = _unescape(sheet_name.decode("utf-8"))
                found[name] = [(int(row), letters.decode()) for letters, row in cells]
    return found


def _member(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath("xl") / target)


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def column_index(letters: str) -> int:
    """Return the 0-based index of a column letter.

    Examples:
        >>> column_index("A"), column_index("AA")
        (0, 26)
    """
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1
