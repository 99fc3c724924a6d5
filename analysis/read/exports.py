"""Read licence lines exported as text or Parquet, into the same raw table as a sheet.

Ledgers too long for a workbook come as ``licences*.csv`` or ``licences*.parquet`` beside
a workbook with the other sheets. A text export may be separated by commas, semicolons
(Excel's and LibreOffice's choice where the comma is the decimal mark), tabs or bars: the
separator is found by :class:`csv.Sniffer` and confirmed by the header line, which must
hold every required header. It may be UTF-8 (with or without a byte-order mark), UTF-16
with its mark, or, with a warning, Windows-1252 (what Excel's plain "CSV" writes in
western Europe). Its numbers are read as a sheet's text is: the decimal mark is never
guessed (:func:`analysis.check.cells.read_numbers`).

A text row is numbered by its line in the file (the header line is 1); a Parquet row by
its record number (the first record is 1). The sheet of every issue is empty.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from pathlib import Path

import pandas as pd

from analysis.config import HEADER_SEARCH_ROWS
from analysis.issues import IssueLog
from analysis.metadata.reference import (
    header_label,
    header_spellings,
    normalize_header,
    required_columns,
)
from analysis.read.tables import RawTable, locate_header

DELIMITERS = ",;\t|"
_DELIMITER_WORDS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
_SAMPLE_CHARS = 64 * 1024
_BLOCK_BYTES = 16 * 1024**2


def read_line_export(path: Path, log: IssueLog) -> RawTable | None:
    """Read a text or Parquet export of licence lines, with the sheet's rules and places."""
    try:
        if path.suffix.lower() != ".parquet":
            return _read_text_export(path, log)
        frame = pd.read_parquet(path)
        header = pd.DataFrame([list(frame.columns)], columns=range(frame.shape[1]))
        raw = pd.concat(
            [header, frame.astype(object).set_axis(range(frame.shape[1]), axis=1)],
            ignore_index=True,
        )
    except Exception as exc:  # a file that cannot be parsed is the file's problem
        log.error(
            "E_DAMAGED",
            f"this file cannot be read ({type(exc).__name__}); export it again from the "
            "finance system",
            file=path.name,
        )
        return None
    table = locate_header("Licences", raw, path.name, "", log, 0)
    if table is not None:
        log.info("I_SHEET_READ", f"read as Licences: {table.rows_read} record(s)", file=path.name)
    return table


def _read_text_export(path: Path, log: IssueLog) -> RawTable | None:
    encoding = detect_encoding(path, log)
    if encoding is None:
        return None
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(_SAMPLE_CHARS)
    delimiter, start = find_dialect(sample, "Licences")
    if delimiter is None:
        shown = sample[:200].splitlines()[:1] or [""]
        log.error(
            "E_HEADER_NOT_FOUND",
            f"no line among the first {HEADER_SEARCH_ROWS} holds the headers "
            f"{', '.join(map(header_label, required_columns('Licences')))}, separated by "
            f"commas, semicolons, tabs or bars (the first line reads {shown[0][:80]!r}); "
            "export the lines again with their header line",
            file=path.name,
        )
        return None
    # Title lines above the header may have fewer fields: start at the header line.
    raw = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        skiprows=start,
        encoding=encoding,
    )
    dialect = f"separated by {_DELIMITER_WORDS[delimiter]}"
    table = locate_header("Licences", raw, path.name, "", log, start + 1)
    if table is None:
        return None
    log.info(
        "I_SHEET_READ",
        f"read as Licences: {dialect}, headers in line {start + 1}, {table.rows_read} data row(s)",
        file=path.name,
    )
    return RawTable(**{**vars(table), "dialect": dialect})


def detect_encoding(path: Path, log: IssueLog) -> str | None:
    """The file's encoding: certain, or Windows-1252 with a warning, or None with an error.

    UTF-16 has its byte-order mark; UTF-8 (with or without one) is certain when every byte
    decodes; otherwise Windows-1252, if it reads every byte. The file is checked a block at
    a time, so a large export is never held in memory whole.
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while block := handle.read(_BLOCK_BYTES):
                    if "\0" in decoder.decode(block):
                        raise UnicodeDecodeError(encoding, block, 0, 1, "a NUL character")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252":
            log.warning(
                "W_NOT_UTF8",
                "this text file is not UTF-8: it was read as Windows-1252 (Excel's plain CSV "
                "in western Europe); check that names with accents read right in the outputs, "
                "or export it again as CSV UTF-8",
                file=path.name,
            )
        return encoding
    log.error(
        "E_NOT_UTF8",
        "this text file is neither UTF-8 nor Windows-1252; export it again as CSV UTF-8",
        file=path.name,
    )
    return None


def find_dialect(text: str, kind: str) -> tuple[str | None, int]:
    r"""The separator of a text export and the index of its header line.

    :class:`csv.Sniffer`'s choice is tried first, then every other separator; the one
    kept is the first whose line among the first rows holds every required header.

    Examples:
        >>> find_dialect("Unit;Platform;Amount;Currency;Start date;End date\nGS;Zoom;1,5;"
        ...     "CHF;2021-01-01;2021-01-31\n", "Licences")
        (';', 0)
    """
    sample = text[:_SAMPLE_CHARS]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    spellings = header_spellings(kind)
    required = set(required_columns(kind))
    for delimiter in dict.fromkeys([sniffed, *DELIMITERS]):
        lines = csv.reader(io.StringIO(sample), delimiter=delimiter)
        for i, fields_ in enumerate(itertools.islice(lines, HEADER_SEARCH_ROWS)):
            if required <= {spellings.get(normalize_header(v)) for v in fields_}:
                return delimiter, i
    return None, 0
