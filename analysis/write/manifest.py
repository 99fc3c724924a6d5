"""The run manifest: what a run read, with which code, and what it wrote.

Written last, after every other output, so that its hashes describe a complete run: a
reader can check that each input is the one the figures came from, and that each output
is the one this run wrote (a run killed part-way leaves the previous manifest, whose
hashes then no longer match the outputs that changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.config import PROJECT_DIR
from analysis.frames import records

PACKAGES = ("pandas", "numpy", "matplotlib", "openpyxl", "python-calamine", "scipy")


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024**2), b""):
            digest.update(block)
    return digest.hexdigest()


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(PROJECT_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def build_manifest(
    inputs_files: list[Path],
    written: list[Path],
    headline: pd.DataFrame,
    is_illustrative: bool,
    year: int,
    started: dt.datetime,
    folders: tuple[Path, ...] = (),
) -> dict:
    """Describe one run: code, inputs with their hashes, outputs with theirs, and totals.

    Each output is named from the output folder it is in (``figures/en/support_teams.png``);
    ``folders`` are those folders.
    """
    return {
        "tool": "analysis",
        "version": __version__,
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "analysed_year": year,
        "illustrative": is_illustrative,
        "inputs": [
            {"file": p.name, "bytes": p.stat().st_size, "sha256": sha256(p)} for p in inputs_files
        ],
        "outputs": [
            {"file": _name(p, folders), "bytes": p.stat().st_size, "sha256": sha256(p)}
            for p in written
        ],
        "totals": [
            {
                "year": int(row.year),
                "spend_chf": round(float(row.spend_chf), 2),
                "gross_overlap_chf": round(float(row.gross_overlap_chf), 2),
                "avoidable_duplicated_spend_chf": None
                if pd.isna(row.avoidable_duplicated_spend_chf)
                else round(float(row.avoidable_duplicated_spend_chf), 2),
                "support_cost_chf": round(float(row.support_cost_chf), 2),
                "duplicated_support_cost_chf": round(float(row.duplicated_support_cost_chf), 2),
            }
            for row in records(headline)
        ],
    }


def _name(path: Path, folders: tuple[Path, ...]) -> str:
    for folder in folders:
        if Path(folder) in Path(path).parents:
            return f"{Path(folder).name}/{Path(path).relative_to(folder).as_posix()}"
    return f"{path.parent.name}/{path.name}"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
