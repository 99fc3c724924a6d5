"""Checks on the folders a run is given, before anything is read or written."""

from __future__ import annotations

from pathlib import Path

from analysis.issues import IssueLog, Issues


def outputs_in_raw(raw_dir: Path, *folders: Path) -> Issues:
    """An error for each output folder that is, or is inside, the raw folder.

    The raw folder is never written to: a run given such a folder must stop before it
    writes anything.
    """
    raw = Path(raw_dir).resolve()
    log = IssueLog()
    for folder in folders:
        resolved = Path(folder).resolve()
        if resolved == raw or raw in resolved.parents:
            log.error(
                "E_OUTPUT_IN_RAW",
                f"the output folder {folder} is inside the raw folder {raw_dir}, which is never "
                "written to; choose another folder",
            )
    return log.issues()
