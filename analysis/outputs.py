"""The one place that writes files. Every write is atomic.

Each file is written to a temporary file beside its target and moved into place,
so a run stopped at any moment leaves either the old complete file or the new one.
Text that came from the inputs is never written so that a spreadsheet would run it
as a formula (OWASP's CSV-injection rule).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.config import STYLE_FILE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_UMASK = os.umask(0)
os.umask(_UMASK)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FIGURE_FORMATS = ("png", "svg", "pdf")
PNG_DPI = 200


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
        >>> neutralise_formulas(pd.DataFrame({"item": ["=HYPERLINK(1)", "Zoom"], "n": [-1, 2]}))
           item  n
        0  '=HYPERLINK(1)  -1
        1           Zoom  2
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


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """Save one figure in one format to bytes, under the house style.

    The style's fixed SVG hash salt and the fixed metadata make the same figure give the
    same bytes on every run.
    """
    import matplotlib as mpl  # here: checking inputs alone never loads matplotlib

    buffer = io.BytesIO()
    with mpl.rc_context(fname=STYLE_FILE):
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_metadata(fmt))
    return buffer.getvalue()


def write_figure(figure: Figure, stem: Path, formats=FIGURE_FORMATS) -> list[Path]:
    """Save one figure in each format (``stem.png``, ``stem.svg``…); atomically."""
    return [
        write_bytes(figure_bytes(figure, fmt), Path(stem).with_suffix(f".{fmt}")) for fmt in formats
    ]


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


def _metadata(fmt: str) -> dict:
    # Fixed metadata keeps SVG and PDF files byte-identical between runs of the same data.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}
