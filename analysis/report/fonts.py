"""The fonts every chart is set in, from packages the project's own set-up installs.

Noto Sans (Latin, Cyrillic), Noto Sans Arabic and Noto Sans SC, all under the SIL Open
Font License, come from PyPI packages listed in ``pyproject.toml``; no chart depends on
the fonts a machine happens to have. matplotlib (through libraqm) shapes Arabic and lays
it out right to left, and falls back from one family to the next glyph by glyph, so a
title mixing Arabic, digits and Latin platform names is set in the right font for each.

Noto Sans SC is published as a variable font whose default instance is Thin; matplotlib
draws a variable font's default instance, so the Regular instance is made once with
fontTools' instancer and cached outside the project (see :func:`font_cache_dir`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans SC")
REGULAR = 400


def _package_fonts() -> dict[str, Path]:
    """The font file of each family, inside its installed package."""
    return {
        "Noto Sans": Path(
            str(resources.files("fontpkg_noto_sans") / "files" / "NotoSans[wdth,wght].ttf")
        ),
        "Noto Sans Arabic": Path(
            str(
                resources.files("fontpkg_noto_sans_arabic")
                / "files"
                / "NotoSansArabic[wdth,wght].ttf"
            )
        ),
        "Noto Sans SC": Path(
            str(
                resources.files("justmytype_intl_cjk")
                / "fonts"
                / "ofl"
                / "notosanssc"
                / "NotoSansSC[wght].ttf"
            )
        ),
    }


def font_cache_dir() -> Path:
    """Where instanced fonts are kept: ``$ANALYSIS_FONT_CACHE``, else matplotlib's cache."""
    return Path(os.environ.get("ANALYSIS_FONT_CACHE") or mpl.get_cachedir()) / "analysis-fonts"


def _regular_instance(path: Path) -> Path:
    """Return ``path`` itself if its default instance is Regular, else a cached Regular copy."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        axes = {a.axisTag: a for a in font["fvar"].axes} if "fvar" in font else {}
        weight = axes.get("wght")
        if weight is None or weight.defaultValue == REGULAR:
            return path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = font_cache_dir() / f"{path.stem.split('[')[0]}-Regular-{digest}.ttf"
    if target.is_file():
        return target
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    with TTFont(path) as font:
        static = instancer.instantiateVariableFont(font, {"wght": REGULAR})
        # Written beside the target, then moved: parallel first runs never see half a font.
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
            static.save(tmp.name)
        os.replace(tmp.name, target)
    return target


@cache
def font_files() -> dict[str, Path]:
    """The Regular font file of each family, registered with matplotlib.

    Raises:
        ModuleNotFoundError: If a font package is not installed (run the project's set-up).
    """
    files = {family: _regular_instance(path) for family, path in _package_fonts().items()}
    ours = {str(path) for path in files.values()}
    # A machine's own font of the same family would win the lookup: only ours may answer.
    manager = font_manager.fontManager
    manager.ttflist = [f for f in manager.ttflist if f.name not in FAMILIES or f.fname in ours]
    for path in files.values():
        manager.addfont(str(path))  # also forgets every font look-up made before
    return files
