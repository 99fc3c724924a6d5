"""Drawing every chart in every language asked for, spread over the cores, to bytes.

:class:`~analysis.report.chart_data.ChartData` holds the few small tables the charts and
the brief draw from, so a worker process gets them without the model or the ledger.
Each task draws one chart (or a brief) in one language and turns it into bytes (PNG,
SVG, PDF); nothing is written here, so a failure in any language leaves every output as
it was. A glyph that no font of the project has is reported, with the chart, the
language and the character, instead of being drawn as an empty box.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.figure import Figure

from analysis import progress
from analysis.config import STYLE_FILE
from analysis.issues import IssueLog, Issues
from analysis.report import brief, charts, pdf
from analysis.report.chart_data import ChartData

MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")
FIGURE_FORMATS = ("png", "svg", "pdf")
PNG_DPI = 200


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """Save one figure in one format to bytes, under the house style.

    The style's fixed SVG hash salt and the fixed metadata make the same figure give the
    same bytes on every run.
    """
    buffer = io.BytesIO()
    with mpl.rc_context(fname=STYLE_FILE):
        if fmt == "pdf":
            # placed glyph for glyph as the PNG, with text in reading order (see pdf.py)
            pdf.save_page(figure, buffer, dpi=PNG_DPI, metadata=_metadata(fmt))
        else:
            figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_metadata(fmt))
    return buffer.getvalue()


def freeze_layout(figure: Figure) -> None:
    """Keep the layout of the figure's last drawing for every later one.

    matplotlib lays a figure out again each time it is saved, and a constrained layout
    does not always come back to the same place (wrapped tick labels, legends below the
    plot): the PDF and SVG saved after the PNG would differ from it by a few points.
    """
    figure.set_layout_engine("none")


def _metadata(fmt: str) -> dict:
    # Fixed metadata keeps SVG and PDF files byte-identical between runs of the same data.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return {}


BRIEF = "brief"


@dataclass(frozen=True)
class Rendered:
    """Files as bytes, by path relative to the figures folder, and glyphs no font had."""

    files: dict[str, bytes]
    missing_glyphs: tuple[str, ...]

    def issues(self) -> Issues:
        """A warning for each chart and language with characters no font could set."""
        log = IssueLog()
        for problem in self.missing_glyphs:
            log.warning(
                "W_GLYPH_MISSING",
                f"no font of the project has the character(s) {problem}; they show as empty "
                "boxes: write the name in a script the charts can set",
            )
        return log.issues()


def render_one(
    data: ChartData, lang: str, name: str, formats: tuple[str, ...] = FIGURE_FORMATS
) -> Rendered:
    """Draw one chart (or, for ``brief``, the brief's PDF) in ``lang`` and save it to bytes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if name == BRIEF:
            # the brief draws its charts again, on its own pages
            shown = charts.chart_names(data)
            drawn = charts.draw(data, lang, [n for n in brief.KEY_FIGURES if n in shown])
            files = {f"{lang}/brief.pdf": brief.brief_pdf(data, lang, drawn)}
        else:
            figure = charts.draw(data, lang, [name])[name]
            files = {}
            for fmt in formats:
                files[f"{lang}/{name}.{fmt}"] = figure_bytes(figure, fmt)
                freeze_layout(figure)
    chars = set()
    for warning in caught:
        match = MISSING_GLYPH.search(str(warning.message))
        if match:
            chars.add(f"{chr(int(match.group(1)))!r} (U+{int(match.group(1)):04X})")
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    missing = (f"{', '.join(sorted(chars))} in {name} ({lang})",) if chars else ()
    return Rendered(files=files, missing_glyphs=missing)


_WORKER_DATA: ChartData | None = None


def _start_worker(data: ChartData) -> None:
    global _WORKER_DATA  # each worker process receives the data once
    _WORKER_DATA = data


def _render_in_worker(lang: str, name: str, formats: tuple[str, ...]) -> Rendered:
    assert _WORKER_DATA is not None
    return render_one(_WORKER_DATA, lang, name, formats)


def jobs_wanted() -> int:
    """Worker processes to draw with: ``$ANALYSIS_JOBS``, else one per core."""
    return int(os.environ.get("ANALYSIS_JOBS") or os.cpu_count() or 1)


def render(
    data: ChartData,
    languages: tuple[str, ...],
    formats: tuple[str, ...] = FIGURE_FORMATS,
    jobs: int | None = None,
) -> Rendered:
    """Render every chart and brief in every language, spread over the cores.

    Args:
        data: What the charts show.
        languages: Language codes, in the order wanted.
        formats: Figure formats.
        jobs: Worker processes; default :func:`jobs_wanted`. With one, all is drawn here.
    """
    tasks = [(lang, name) for lang in languages for name in [*charts.chart_names(data), BRIEF]]
    jobs = min(len(tasks), jobs or jobs_wanted())
    if jobs <= 1:
        parts = [render_one(data, lang, name, formats) for lang, name in tasks]
    else:
        # Fresh interpreters ("spawn"), not forks of a process that may hold threads' locks.
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(data,),
        ) as pool:
            futures = [pool.submit(_render_in_worker, lang, name, formats) for lang, name in tasks]
            parts = [f.result() for f in progress.steps(futures, "drawing figures", len(futures))]
    files = {path: content for part in parts for path, content in part.files.items()}
    missing = tuple(problem for part in parts for problem in part.missing_glyphs)
    return Rendered(files=files, missing_glyphs=missing)
