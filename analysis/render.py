"""Drawing every chart in every language asked for, one language per core.

:class:`ChartData` holds the few small tables the charts and the brief draw from, so a
worker process gets them without the model or the ledger. Each worker draws its
language's charts and turns them into bytes (PNG, SVG, PDF, and the brief's PDF); nothing
is written here, so a failure in any language leaves every output as it was. A glyph
that no font of the project has is reported, with the chart, the language and the
character, instead of being drawn as an empty box.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from analysis import figures, outputs, progress, scenario_figures
from analysis.figures import FigureContext
from analysis.scenario_figures import ScenarioCharts

# Every chart, by file stem, in the order they are shown.
FIGURE_NAMES = (*figures.FIGURES, *scenario_figures.FIGURES)
MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")


@dataclass(frozen=True)
class ChartData:
    """Everything the charts and the brief show, for one analysed year."""

    year: int
    files: tuple[str, ...]
    data_date: dt.date | None
    illustrative: bool
    platforms: tuple[str, ...]
    annual_spend: pd.DataFrame
    duplication: pd.DataFrame
    support_by_unit: pd.DataFrame
    catalogue: pd.DataFrame
    headline: pd.DataFrame
    assumptions: pd.DataFrame
    scenarios: ScenarioCharts
    made_on: dt.date

    def context(self, lang: str) -> FigureContext:
        """The charts' context in ``lang``."""
        return FigureContext(
            year=self.year,
            files=self.files,
            data_date=self.data_date,
            illustrative=self.illustrative,
            platforms=self.platforms,
            lang=lang,
        )

    def figure_names(self) -> list[str]:
        """The charts drawn, by file stem, in order."""
        names = list(FIGURE_NAMES)
        if not scenario_figures.has_utilisation(self.scenarios, self.year):
            names.remove("utilisation")
        return names


def draw(data: ChartData, lang: str, names: list[str] | None = None) -> dict[str, Figure]:
    """Draw the charts ``names`` (default all) in ``lang``, by file stem."""
    ctx = data.context(lang)
    plots = {
        "spend_by_unit_platform": lambda: figures.plot_spend_by_unit_platform(
            data.annual_spend, ctx
        ),
        "duplicated_spend_by_category": lambda: figures.plot_duplicated_spend(
            data.duplication, ctx
        ),
        "unit_platform_matrix": lambda: figures.plot_unit_platform_matrix(data.annual_spend, ctx),
        "support_teams": lambda: figures.plot_support_teams(data.support_by_unit, ctx),
        "platform_capabilities": lambda: figures.plot_platform_capabilities(data.catalogue, ctx),
        **{
            name: (lambda name=name: scenario_figures.PLOTS[name](data.scenarios, ctx))
            for name in scenario_figures.FIGURES
        },
    }
    return {name: plots[name]() for name in names or data.figure_names()}


BRIEF = "brief"


@dataclass(frozen=True)
class Rendered:
    """Files as bytes, by path relative to the figures folder, and glyphs no font had."""

    files: dict[str, bytes]
    missing_glyphs: tuple[str, ...]


def render_one(
    data: ChartData, lang: str, name: str, formats: tuple[str, ...] = outputs.FIGURE_FORMATS
) -> Rendered:
    """Draw one chart (or, for ``brief``, the brief's PDF) in ``lang`` and save it to bytes."""
    from analysis import brief  # the brief draws its charts again, on its own pages

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if name == BRIEF:
            drawn = draw(data, lang, [n for n in brief.KEY_FIGURES if n in data.figure_names()])
            files = {f"{lang}/brief.pdf": brief.brief_pdf(data, lang, drawn)}
        else:
            figure = draw(data, lang, [name])[name]
            files = {f"{lang}/{name}.{fmt}": outputs.figure_bytes(figure, fmt) for fmt in formats}
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
    formats: tuple[str, ...] = outputs.FIGURE_FORMATS,
    jobs: int | None = None,
) -> Rendered:
    """Render every chart and brief in every language, spread over the cores.

    Args:
        data: What the charts show.
        languages: Language codes, in the order wanted.
        formats: Figure formats.
        jobs: Worker processes; default :func:`jobs_wanted`. With one, all is drawn here.
    """
    tasks = [(lang, name) for lang in languages for name in [*data.figure_names(), BRIEF]]
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
