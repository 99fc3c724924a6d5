"""Checking inputs without running the analysis: ``python -m analysis validate``.

Kept apart from :mod:`analysis.pipeline` so that checking a large ledger does not load
the plotting and modelling libraries it does not use.
"""

from __future__ import annotations

from pathlib import Path

from analysis import outputs
from analysis.inputs import read_inputs
from analysis.issues import InputError, IssueLog


def refuse_outputs_in_raw(raw_dir: Path, *folders: Path) -> None:
    """Stop before anything is written if an output folder is, or is inside, the raw folder.

    Raises:
        InputError: Naming the folder; nothing has been written.
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
    if log.has_errors:
        raise InputError(log)


def validate(raw_dir: Path, processed_dir: Path) -> IssueLog:
    """Check the inputs and write only ``validation_report.csv``."""
    refuse_outputs_in_raw(raw_dir, processed_dir)
    inputs = read_inputs(raw_dir)
    outputs.write_csv(inputs.log.to_frame(), Path(processed_dir) / "validation_report.csv")
    return inputs.log
