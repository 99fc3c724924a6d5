"""Regenerate the documents made from the project's own registries: ``make docs``.

- README.md: the table of output files, between its ``outputs:start`` and ``outputs:end`` marks;
- docs/outputs.md: every column of every output table.

Both come from ``analysis/metadata/output_fields.csv`` and ``output_tables.csv``; a test
checks that they are up to date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.metadata import output_fields  # noqa: E402

START, END = "<!-- outputs:start -->", "<!-- outputs:end -->"


def readme_with_outputs(text: str) -> str:
    """``text`` with the outputs table between its marks replaced by the generated one."""
    block = f"{START}\n{output_fields.markdown_table()}\n{END}"
    return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)


def main() -> None:
    readme = ROOT / "README.md"
    readme.write_text(readme_with_outputs(readme.read_text(encoding="utf-8")), encoding="utf-8")
    (ROOT / "docs" / "outputs.md").write_text(output_fields.markdown_fields() + "\n", "utf-8")


if __name__ == "__main__":
    main()
