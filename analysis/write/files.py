"""The one place that writes files. Every write is atomic.

Each file is written to a temporary file beside its target and moved into place,
so a run stopped at any moment leaves either the old complete file or the new one.
Text that came from the inputs is never written so that a spreadsheet would run it
as a formula (OWASP's CSV-injection rule).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from analysis.config import FORMULA_STARTS

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def _replacing(path: Path):
    """Yield a temporary path beside ``path``; move it onto ``path`` if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes owner-only files; outputs are shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    Only text cells change, so negative numbers stay numbers.

    Examples:
        >>> frame = pd.DataFrame({"item": ["=HYPERLINK(1)", "Zoom"], "n": [-1, 2]})
        >>> neutralise_formulas(frame).to_dict("list")
        {'item': ["'=HYPERLINK(1)", 'Zoom'], 'n': [-1, 2]}
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind in "biufcmM":
            continue
        out[column] = out[column].map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        )
    return out


def round_money(frame: pd.DataFrame) -> pd.DataFrame:
    """Round CHF columns to the centime."""
    money = [c for c in frame.columns if c.endswith("_chf")]
    return frame.assign(**{c: frame[c].astype("float64").round(2) for c in money})


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a table as UTF-8 CSV, CHF to the centime, formulas neutralised; atomically."""
    with _replacing(path) as tmp:
        neutralise_formulas(round_money(frame)).to_csv(tmp, index=False, encoding="utf-8")
    return Path(path)


def write_bytes(data: bytes, path: Path) -> Path:
    """Write bytes made in memory (a rendered figure, a page); atomically."""
    with _replacing(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(text: str, path: Path) -> Path:
    """Write a UTF-8 text file (a web page); atomically."""
    return write_bytes(text.encode("utf-8"), path)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files left by a run that was killed before it could clean up."""
    for tmp in Path(folder).glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def write_json(record: dict, path: Path) -> Path:
    """Write a JSON document, UTF-8 and indented; atomically."""
    with _replacing(path) as tmp:
        tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Path(path)


def write_with(writer: Callable[[Path], None], path: Path) -> Path:
    """Run ``writer(tmp_path)`` and move the result onto ``path``; atomically."""
    with _replacing(path) as tmp:
        writer(tmp)
    return Path(path)
