"""The main job: load the raw workbooks, compute every table and figure, save them.

Three marked steps: load inputs, process, save outputs. Everything is computed and
drawn in memory before the first file is written, so a failure leaves every earlier
output as it was; on an input error only ``validation_report.csv`` is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import (
    brief,
    consolidation,
    duplication,
    figures,
    gallery,
    i18n,
    manifest,
    outputs,
    render,
    scenario_figures,
    spend,
    summary,
    support,
)
from analysis.checks import refuse_outputs_in_raw, validate  # noqa: F401  (part of the API)
from analysis.inputs import Inputs, load_inputs
from analysis.issues import InputError, IssueLog

OPTIONAL_TABLES = {"utilisation"}
FIGURE_NAMES = render.FIGURE_NAMES
ANNUAL_SPEND_COLUMNS = ["year", "unit", "platform", "category", "cost_type", "amount_chf"]


@dataclass
class Results:
    """Every table the analysis computes from one set of inputs."""

    inputs: Inputs
    line_years: pd.DataFrame
    annual_spend: pd.DataFrame
    support_costs: pd.DataFrame
    support_by_unit: pd.DataFrame
    duplication: pd.DataFrame
    fragmentation: pd.DataFrame
    headline: pd.DataFrame
    reconciliation: pd.DataFrame
    year: int
    options: consolidation.Options
    support_rows: pd.DataFrame  # support costs with the place each row came from

    @property
    def years(self) -> list[int]:
        """Years with licence data."""
        return sorted(self.line_years["year"].unique().tolist())

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written as CSV, by file stem."""
        return {
            "annual_spend": self.annual_spend,
            "support_costs": self.support_costs,
            "duplication": self.duplication,
            "fragmentation": self.fragmentation,
            "headline": self.headline,
            "reconciliation": self.reconciliation,
            **self.options.tables(),
        }


def analyse(inputs: Inputs, year: int | None = None) -> Results:
    """Compute every table from checked inputs. Pure: reads and writes no file.

    Args:
        inputs: Checked inputs.
        year: The analysed year (scenarios start after it); default the latest with
            licence data.

    Raises:
        InputError: If ``year`` has no licence data.
    """
    line_years = spend.split_lines_by_year(inputs.licences, inputs.rates)
    staff_years = (
        set(inputs.staffing["year"].dropna().astype(int)) if not inputs.staffing.empty else set()
    )
    year = _analysed_year(sorted(line_years["year"].unique().tolist()), year, staff_years)
    _warn_if_partial(line_years, year, inputs.log)
    annual = spend.summarise_annual_spend(line_years)[ANNUAL_SPEND_COLUMNS]
    support_costs = support.cost_support(inputs.staffing, inputs.staff_costs)
    by_unit = duplication.summarise_support_by_unit(support_costs)
    dup = duplication.find_duplicated_spend(annual)
    return Results(
        inputs=inputs,
        line_years=line_years,
        annual_spend=annual,
        support_costs=support_costs[support.SUPPORT_COLUMNS],
        support_by_unit=by_unit,
        duplication=dup,
        fragmentation=duplication.find_fragmented_purchasing(annual),
        headline=duplication.summarise_headline(annual, dup, by_unit),
        reconciliation=reconcile(inputs, line_years, support_costs),
        year=year,
        options=consolidation.cost_options(inputs, line_years, support_costs, year, inputs.log),
        support_rows=support_costs,
    )


def reconcile(
    inputs: Inputs, line_years: pd.DataFrame, support_costs: pd.DataFrame
) -> pd.DataFrame:
    """Per sheet read: rows read, counted and not counted, and the CHF each sheet contributed."""
    table = inputs.sheets_read.copy()
    spend = line_years.groupby(["source_file", "source_sheet"])["amount_chf"].sum()
    if not support_costs.empty:
        support_by_sheet = support_costs.groupby(["source_file", "source_sheet"])["cost_chf"].sum()
        spend = spend.add(support_by_sheet, fill_value=0.0)
    keys = pd.MultiIndex.from_arrays([table["file"], table["sheet"]])
    table["amount_chf_counted"] = spend.reindex(keys).fillna(0.0).round(2).to_numpy()
    return table


def choose_year(results: Results, year: int | None) -> int:
    """Return the year to draw: the one asked for, or the latest with licence data."""
    return _analysed_year(results.years, year)


def _analysed_year(years: list[int], year: int | None, staff_years: set[int] = frozenset()) -> int:
    """The year asked for; by default the latest with licence data and, if any, staffing.

    A contract running into the next year does not make that year "today".
    """
    if year is None:
        both = [y for y in years if y in staff_years]
        return max(both) if both else max(years)
    if year not in years:
        log = IssueLog()
        log.error(
            "E_NO_DATA_FOR_YEAR",
            f"no licence data for {year}; years with data: {', '.join(map(str, years))}",
        )
        raise InputError(log)
    return year


def _warn_if_partial(line_years: pd.DataFrame, year: int, log: IssueLog) -> None:
    by_year = line_years.groupby("year")["amount_chf"].sum()
    before = by_year.get(year - 1, 0.0)
    if before > 0 and by_year.get(year, 0.0) < 0.5 * before:
        log.warning(
            "W_PARTIAL_YEAR",
            f"spend in the analysed year {year} (CHF {by_year.get(year, 0.0):,.0f}) is under "
            f"half of {year - 1}'s (CHF {before:,.0f}): it may be incomplete; choose another "
            "year with --year",
        )


def source_line(inputs: Inputs, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """Return the charts' source line: input file names and the data's date."""
    return figures.FigureContext(
        year=0, files=tuple(p.name for p in inputs.files), data_date=_data_date(inputs), lang=lang
    ).source


def _data_date(inputs: Inputs) -> dt.date | None:
    value = inputs.about.get("data_date")
    try:
        stamp = pd.Timestamp(value) if value is not None else None
    except (ValueError, TypeError):
        return None
    return None if stamp is None or pd.isna(stamp) else stamp.date()


def chart_data(results: Results, year: int, made_on: dt.date | None = None) -> render.ChartData:
    """Collect what the charts and the brief show for ``year``."""
    inputs = results.inputs
    return render.ChartData(
        year=year,
        files=tuple(p.name for p in inputs.files),
        data_date=_data_date(inputs),
        illustrative=inputs.is_illustrative,
        platforms=tuple(inputs.platforms["platform"]),
        annual_spend=results.annual_spend,
        duplication=results.duplication,
        support_by_unit=results.support_by_unit,
        catalogue=inputs.platforms,
        headline=results.headline,
        assumptions=results.options.assumptions.table(),
        scenarios=scenario_figures.chart_data(results.options),
        made_on=made_on or dt.date.today(),
    )


def draw_figures(
    results: Results, year: int, lang: str = i18n.DEFAULT_LANGUAGE
) -> dict[str, Figure]:
    """Draw every chart for one year in one language, by file stem."""
    return render.draw(chart_data(results, year), lang)


def run(
    raw_dir: Path,
    processed_dir: Path,
    figures_dir: Path,
    year: int | None = None,
    languages: tuple[str, ...] = (i18n.DEFAULT_LANGUAGE,),
) -> tuple[Results, list[Path]]:
    """Run the whole analysis and write its tables, figures, gallery and briefs.

    Args:
        raw_dir: The input folder (read only).
        processed_dir: Where the tables go.
        figures_dir: Where ``<lang>/<figure>.<ext>``, the briefs and ``index.html`` go.
        year: The analysed year; default the latest with licence data.
        languages: Languages of the figures and briefs (:data:`analysis.i18n.LANGUAGES`).

    Raises:
        InputError: On any input error, after writing ``validation_report.csv`` only.
    """
    started = dt.datetime.now(dt.UTC)
    processed_dir, figures_dir = Path(processed_dir), Path(figures_dir)
    refuse_outputs_in_raw(raw_dir, processed_dir, figures_dir)
    report = processed_dir / "validation_report.csv"

    # --- load inputs
    try:
        i18n.catalogue()  # a broken message catalogue stops the run before anything is read
        inputs = load_inputs(raw_dir)
    except InputError as error:
        outputs.write_csv(error.log.to_frame(), report)
        raise

    # --- process (in memory: nothing is written until everything succeeded)
    try:
        results = analyse(inputs, year)
    except InputError as error:
        outputs.write_csv(error.log.to_frame(), report)
        raise
    data = chart_data(results, results.year, started.date())
    rendered = render.render(data, languages)
    for problem in rendered.missing_glyphs:
        inputs.log.warning(
            "W_GLYPH_MISSING",
            f"no font of the project has the character(s) {problem}; they show as empty "
            "boxes: write the name in a script the charts can set",
        )
    pages = {f"{lang}/brief.html": brief.brief_html(data, lang) for lang in languages}
    pages["index.html"] = gallery.gallery_html(data, languages)

    # --- save outputs
    for folder in (processed_dir, figures_dir):
        if folder.is_dir():
            outputs.remove_stale_temporaries(folder)
    tables = results.tables()
    written = [
        outputs.write_csv(table, processed_dir / f"{name}.csv") for name, table in tables.items()
    ]
    for name in OPTIONAL_TABLES - set(tables):
        (processed_dir / f"{name}.csv").unlink(missing_ok=True)  # stale: its data is gone
    source_rows = summary.sources(results.line_years, results.support_rows)
    ordered = {
        "headline": tables["headline"],
        **{k: v for k, v in tables.items() if k != "headline"},
    }
    workbook = summary.build_summary(ordered, source_rows)
    written.append(outputs.write_with(workbook.save, processed_dir / "summary.xlsx"))
    if len(source_rows) > summary.MAX_SOURCE_ROWS:
        written.append(outputs.write_csv(source_rows, processed_dir / "sources.csv"))
    for relative, content in rendered.files.items():
        written.append(outputs.write_bytes(content, figures_dir / relative))
    for relative, text in pages.items():
        written.append(outputs.write_text(text, figures_dir / relative))
    _remove_stale_figures(figures_dir, set(written))
    written.append(outputs.write_csv(inputs.log.to_frame(), report))
    record = manifest.build_manifest(
        inputs.files,
        written,
        results.headline,
        inputs.is_illustrative,
        results.year,
        started,
        (processed_dir, figures_dir),
    )
    written.append(outputs.write_json(record, processed_dir / "run_manifest.json"))
    return results, written


def _remove_stale_figures(figures_dir: Path, written: set[Path]) -> None:
    """Remove figures this run did not make.

    Other languages' figures, charts with no data now, and the flat
    ``figures/<figure>.<ext>`` files of earlier versions. Only files the analysis itself
    would write are removed, so the folder always shows the run the manifest describes.
    """
    stems = {*FIGURE_NAMES, "brief"}
    extensions = {*outputs.FIGURE_FORMATS, "html"}
    folders = [figures_dir, *(figures_dir / lang for lang in i18n.LANGUAGES)]
    for folder in folders:
        for path in folder.glob("*.*") if folder.is_dir() else []:
            if path.stem in stems and path.suffix[1:] in extensions and path not in written:
                path.unlink()
