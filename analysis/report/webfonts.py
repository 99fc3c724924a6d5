"""Fonts for HTML pages: the project's fonts cut to a page's characters, as WOFF2 in the page.

A page that names "Noto Sans SC" shows empty boxes on a machine without it. Each page
therefore carries its own fonts: for each family of :data:`fonts.FAMILIES`, the glyphs
of the characters the page shows (with what the shaper needs to join and place them:
the subsetter keeps the OpenType layout features and their alternate glyphs), compressed
as WOFF2 and written into a ``@font-face`` rule as a ``data:`` URL. Nothing is fetched,
so the page works offline. Cutting the Chinese font takes seconds, so each subset is
kept in the font cache (:func:`fonts.font_cache_dir`), named by the font's and the
characters' digests: a second run with the same words reuses it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.report import fonts

# Changing how subsets are cut changes this, so the cache never serves an old cut.
SUBSET_RECIPE = "woff2, all layout features, no hinting, default instance"
CSS_TEMPLATE = (
    '@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 400; '
    'font-display: block; src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
)


@dataclass(frozen=True)
class WebFont:
    """One family's subset for one page.

    Attributes:
        family: The CSS family name (as in :data:`fonts.FAMILIES`).
        woff2: The subset, WOFF2-compressed.
        characters: The characters of the page it covers.
    """

    family: str
    woff2: bytes
    characters: str

    def css(self) -> str:
        """The ``@font-face`` rule with the font inline."""
        data = base64.b64encode(self.woff2).decode("ascii")
        return CSS_TEMPLATE.format(family=self.family, data=data)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _subset_woff2(path: Path, codepoints: tuple[int, ...]) -> bytes:
    """``path`` cut to ``codepoints``, as WOFF2 (from the cache when made before)."""
    key = hashlib.sha256(f"{SUBSET_RECIPE}:{codepoints}".encode()).hexdigest()[:16]
    name = f"{path.stem.split('[')[0]}-{_digest(path)}-{key}.woff2"
    target = fonts.font_cache_dir() / "web" / name
    if target.is_file():
        return target.read_bytes()
    from fontTools import subset

    # Hinting instructions are dropped: browsers hardly use them, and keeping them makes
    # the cut several times slower.
    options = subset.Options(flavor="woff2", layout_features=["*"], hinting=False)
    options.drop_tables += ["STAT", "fvar", "gvar", "avar", "HVAR", "MVAR", "cvar"]
    with subset.load_font(str(path), options) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    data = buffer.getvalue()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then moved: parallel first runs never see half a font.
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, target)
    return data


def web_fonts(text: str) -> list[WebFont]:
    """The subsets a page showing ``text`` needs, one per family that has its characters.

    A character goes to the first family, in :data:`fonts.FAMILIES` order, that has it,
    as the page's ``font-family`` list asks the browser to look.
    """
    wanted = sorted({ord(c) for c in text if not c.isspace()} | {ord(" ")})
    result = []
    for family, path in fonts.font_files().items():
        cmap = _cmap(path)
        mine = tuple(c for c in wanted if c in cmap)
        if not mine:
            continue
        wanted = [c for c in wanted if c not in cmap]
        result.append(WebFont(family, _subset_woff2(path, mine), "".join(map(chr, mine))))
    return result


def font_face_css(text: str) -> str:
    """The ``@font-face`` rules, fonts inline, for a page showing ``text``."""
    return "\n".join(font.css() for font in web_fonts(text))
