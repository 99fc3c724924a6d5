"""Progress on a terminal for the long steps; silent when output goes to a file or CI."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def steps(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, showing a progress bar on stderr only when it is a terminal."""
    yield from tqdm(
        items,
        desc=description,
        total=total,
        disable=not sys.stderr.isatty(),
        leave=False,
        unit="",
    )
