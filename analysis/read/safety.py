"""Checks on a workbook file before any parser sees it.

A workbook comes by e-mail from many hands. Before it is parsed, its bytes are
checked: an ``.xlsx``, ``.xlsm``, ``.xlsb`` or ``.ods`` is a zip archive (with
``xl/workbook.xml``, ``xl/workbook.bin`` or ``content.xml``); an encrypted workbook or an
old ``.xls`` is an OLE2 compound file, which holds no compressed parts and is refused
only above :data:`MAX_UNPACKED_BYTES`; anything else is not a workbook. Every part of
an archive is then unpacked as a stream, once, with a running count: a part that
unpacks to more than it declared, or past :data:`MAX_UNPACKED_BYTES` in all, or more
than :data:`MAX_RATIO` times its packed size, is refused as a zip bomb before any
parser unpacks it. Each XML part's prolog is read for a ``DOCTYPE`` or entity
declaration, which no office suite writes.

The same pass finds, in each sheet of an ``.xlsx``/``.xlsm``, formula cells whose result
was never saved (a workbook written by a program that never calculated it) and cells
holding an Excel error (``#DIV/0!``, ``#REF!``…), and the error cells of an ``.ods``:
every reader would see them as empty.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# Limits documented in SECURITY.md and the README.
MAX_UNPACKED_BYTES = 500 * 1024**2
MAX_RATIO = 100
RATIO_APPLIES_ABOVE_BYTES = 1024**2
MAX_PROLOG_BYTES = 1024**2
_CHUNK = 1024**2

_ZIP_MAGIC = b"PK\x03\x04"
# What zipfile raises on a damaged archive: a damaged header can also claim a compression
# method it does not know (NotImplementedError) or an encrypted member (RuntimeError).
_ZIP_FAILURES = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_FORMULA = re.compile(rb"<f[ />]")
_ERROR_TYPE = re.compile(rb'<c\b[^>]*\bt="e"')
_ERROR_MARK = re.compile(rb't="e"')  # a literal: found fast, then checked with _ERROR_TYPE
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_SHEET_ENTRY = re.compile(rb"<sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_ENTRY = re.compile(rb"<Relationship\b[^>]*>")


# What the archive of each zip-based workbook holds; the key part names the format.
ZIP_FORMATS = {"xl/workbook.xml": "xlsx", "xl/workbook.bin": "xlsb", "content.xml": "ods"}


@dataclass(frozen=True)
class FileProblem:
    """Why a file is refused before parsing."""

    code: str
    message: str


@dataclass
class CellFindings:
    """Cells every reader would see as empty, by sheet name: (Excel row, column letters)."""

    formulas_without_value: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    error_values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


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
            size = Path(path).stat().st_size
            return _too_large(size) if size > MAX_UNPACKED_BYTES else None
    if not head.startswith(_ZIP_MAGIC):
        return FileProblem(
            "E_NOT_A_WORKBOOK",
            "this file is not an Excel workbook (it may be a renamed CSV or text file); "
            "open it in Excel and save it as .xlsx",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except _ZIP_FAILURES:
        return _damaged()
    if not ZIP_FORMATS.keys() & {e.filename for e in entries}:
        return FileProblem(
            "E_NOT_A_WORKBOOK",
            "this zip file is not a workbook (.xlsx, .xlsb or .ods); save the data from Excel "
            "as .xlsx",
        )
    declared = sum(e.file_size for e in entries)
    if declared > MAX_UNPACKED_BYTES:
        return _too_large(declared)
    for entry in entries:
        if _ratio_too_high(entry.file_size, entry.compress_size):
            return _bomb(entry.filename, entry.file_size / max(entry.compress_size, 1))
    return None


def scan_parts(path: Path) -> tuple[FileProblem | None, CellFindings]:
    """Unpack every part once, as a stream with running limits, and look inside.

    Returns a problem (zip bomb, XML entities, damage) or the cells every reader would
    see as empty. Call only after :func:`check_file` found nothing.
    """
    findings = CellFindings()
    if is_ole(path):
        return None, findings  # no compressed parts: its size was checked by check_file
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            sheets = _sheet_parts(archive) if "xl/workbook.xml" in names else {}
            if "content.xml" in names and "xl/workbook.xml" not in names:
                sheets = {"content.xml": ""}
            unpacked = 0
            for entry in archive.infolist():
                keep = entry.filename in sheets
                data, problem, size = _unpack(archive, entry, unpacked, keep)
                if problem is not None:
                    return problem, findings
                unpacked += size
                if keep and entry.filename == "content.xml":
                    findings.error_values.update(_ods_error_cells(data))
                elif keep:
                    name = sheets[entry.filename]
                    findings.formulas_without_value[name] = _formulas_without_value(data)
                    findings.error_values[name] = _error_cells(data)
    except _ZIP_FAILURES:
        return _damaged(), findings
    return None, findings


def _unpack(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, unpacked_so_far: int, keep: bool
) -> tuple[bytes, FileProblem | None, int]:
    chunks: list[bytes] = []
    size = 0
    is_xml = entry.filename.endswith((".xml", ".rels", ".vml"))
    prolog: bytes | None = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > entry.file_size:
                return b"", _bomb(entry.filename, None), size
            if unpacked_so_far + size > MAX_UNPACKED_BYTES:
                return b"", _too_large(unpacked_so_far + size), size
            if _ratio_too_high(size, entry.compress_size):
                return b"", _bomb(entry.filename, size / max(entry.compress_size, 1)), size
            if is_xml and prolog is not None:
                prolog += chunk
                verdict = _prolog_declares_entities(prolog)
                if verdict is True:
                    return b"", _entities(entry.filename), size
                if verdict is False:
                    prolog = None
                elif len(prolog) > MAX_PROLOG_BYTES:
                    return b"", _entities(entry.filename), size
            if keep:
                chunks.append(chunk)
    return b"".join(chunks), None, size


def _prolog_declares_entities(data: bytes) -> bool | None:
    """True if a DOCTYPE/ENTITY comes before the root element, False if not, None if unsure yet."""
    i = 0
    length = len(data)
    while i < length:
        if data[i : i + 1].isspace() or data[i : i + 3] == b"\xef\xbb\xbf":
            i += 3 if data[i : i + 3] == b"\xef\xbb\xbf" else 1
            continue
        if data.startswith(b"<?", i):
            end = data.find(b"?>", i)
            if end < 0:
                return None
            i = end + 2
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i)
            if end < 0:
                return None
            i = end + 3
        elif data.startswith(b"<!", i):
            return True  # DOCTYPE, ENTITY or another declaration Excel never writes
        elif data.startswith(b"<", i):
            return False if i + 1 < length else None
        else:
            return False  # not XML markup at all; the parser will judge
    return None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map each worksheet part to its sheet name."""
    names = set(archive.namelist())
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = archive.read(rels_name) if rels_name in names else b""
    targets = {}
    for tag in _REL_ENTRY.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if b"Id" in attributes and b"Target" in attributes:
            targets[attributes[b"Id"]] = attributes[b"Target"].decode()
    parts = {}
    for tag in _SHEET_ENTRY.findall(archive.read("xl/workbook.xml")):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = targets.get(attributes.get(b"r:id", b""))
        if target is not None and b"name" in attributes:
            parts[_member(target)] = _unescape(attributes[b"name"].decode("utf-8"))
    return parts


def _enclosing_cell(data: bytes, position: int) -> bytes | None:
    start = data.rfind(b"<c ", 0, position)
    end = data.find(b"</c>", position)
    if start < 0 or end < 0:
        return None
    return data[start : end + 4]


def _formulas_without_value(data: bytes) -> list[tuple[int, str]]:
    found = []
    for match in _FORMULA.finditer(data):
        cell = _enclosing_cell(data, match.start())
        if cell is None or _VALUE.search(cell) or b"<is>" in cell:
            continue
        ref = _CELL_REF.search(cell[: cell.find(b">") + 1])
        if ref:
            found.append((int(ref.group(2)), ref.group(1).decode()))
    return found


def _error_cells(data: bytes) -> list[tuple[int, str]]:
    """Cells typed as an Excel error: the matches of ``_ERROR_TYPE``, found faster.

    A match cannot cross a ``>``, so only the text between two ``>`` that holds a
    ``t="e"`` is searched, instead of trying the pattern at every cell of the sheet.
    """
    found = []
    searched = -1
    for mark in _ERROR_MARK.finditer(data):
        start = data.rfind(b">", 0, mark.start()) + 1
        if start == searched:
            continue  # a second t="e" in a tag already searched
        searched = start
        end = data.find(b">", mark.end())
        match = _ERROR_TYPE.search(data, start, len(data) if end < 0 else end)
        if match is None:
            continue
        ref = _CELL_REF.search(match.group(0) + data[match.end() : data.find(b">", match.end())])
        if ref:
            found.append((int(ref.group(2)), ref.group(1).decode()))
    return found


def is_ole(path: Path) -> bool:
    """Whether the file is an OLE2 compound file (an old ``.xls``, or an encrypted workbook)."""
    with open(path, "rb") as handle:
        return handle.read(8).startswith(_OLE_MAGIC)


_ODS = {
    "table": "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}",
    "calcext": "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}",
}
_ODS_CELLS = {_ODS["table"] + "table-cell", _ODS["table"] + "covered-table-cell"}


def _ods_error_cells(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Cells an OpenDocument spreadsheet marks as holding an error, by sheet.

    Walks ``content.xml`` counting rows and columns as the format repeats them; only
    called after the part's prolog was found free of entity declarations.
    """
    from defusedxml.ElementTree import iterparse

    table, row, column = _ODS["table"], 0, 0
    found: dict[str, list[tuple[int, str]]] = {}
    sheet = ""
    for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == table + "table":
            sheet, row = element.get(table + "name", ""), 0
            found.setdefault(sheet, [])
        elif event == "start" and tag == table + "table-row":
            column = 0
        elif event == "end" and tag == table + "table-row":
            row += int(element.get(table + "number-rows-repeated", "1"))
            element.clear()
        elif event == "end" and tag in _ODS_CELLS:
            if element.get(_ODS["calcext"] + "value-type") == "error":
                found[sheet].append((row + 1, _letters(column)))
            column += int(element.get(table + "number-columns-repeated", "1"))
    return found


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _ratio_too_high(unpacked: int, packed: int) -> bool:
    return unpacked > RATIO_APPLIES_ABOVE_BYTES and unpacked / max(packed, 1) > MAX_RATIO


def _damaged() -> FileProblem:
    return FileProblem(
        "E_DAMAGED",
        "this workbook is damaged or incomplete (perhaps cut short while copying); "
        "copy or export it again",
    )


def _too_large(size: int) -> FileProblem:
    return FileProblem(
        "E_TOO_LARGE",
        f"this workbook unpacks to more than {MAX_UNPACKED_BYTES / 1024**2:,.0f} MB "
        f"({size / 1024**2:,.0f} MB so far); split it, or export the lines as CSV",
    )


def _bomb(part: str, ratio: float | None) -> FileProblem:
    how = (
        f"unpacks {ratio:,.0f} times its packed size (limit {MAX_RATIO} to 1)"
        if ratio is not None
        else "unpacks to more than it declares"
    )
    return FileProblem(
        "E_ZIP_BOMB", f"part {part} of this workbook {how}: refused as a possible zip bomb"
    )


def _entities(part: str) -> FileProblem:
    return FileProblem(
        "E_XML_ENTITIES",
        f"part {part} of this workbook declares a DOCTYPE or XML entities, which Excel never "
        "writes: refused as a possible entity-expansion attack",
    )


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
