"""The main job, in the stages the package's folders name: read → check → model → report → write.

:func:`analyse` is the pure middle (checked inputs to every table, with the issues it
found); :func:`run` loads, analyses, lays out and writes. Everything is computed and
drawn in memory before the first file is written, so a failure leaves every earlier
output as it was; on an input error only ``validation_report.csv`` is written. This is
the one module that merges the stages' issues and the only caller of :mod:`analysis.write`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.check.folders import outputs_in_raw
from analysis.check.inputs import Inputs, load_inputs, read_inputs
from analysis.check.year import analysed_year
from analysis.frames import records
from analysis.issues import InputError, IssueLog, Issues
from analysis.metadata import output_fields
from analysis.model import duplication, sources, spend, support
from analysis.model import scenarios as sc
from analysis.model import what_if as wi
from analysis.model.scenarios.options import Options, check_options, cost_options
from analysis.write import files, manifest

if TYPE_CHECKING:  # the report stage loads matplotlib; checking inputs alone never does
    from matplotlib.figure import Figure

    from analysis.report.chart_data import ChartData

OPTIONAL_TABLES = {"utilisation"}
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Results:
    """Every table the analysis computes from one set of inputs, and the issues found.

    ``issues`` holds what the model found (warnings); the inputs' own issues stay in
    ``inputs.issues``. :meth:`all_issues` gives both.
    """

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
    options: Options
    support_rows: pd.DataFrame  # support costs with the place each row came from
    issues: Issues
    changes: tuple[str, ...] = ()  # a what-if's change, in words; () for a run

    @property
    def years(self) -> list[int]:
        """Years with licence data."""
        return sorted(self.line_years["year"].unique().tolist())

    def all_issues(self) -> Issues:
        """The inputs' issues and the model's, in that order."""
        return self.inputs.issues + self.issues

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


def analyse(inputs: Inputs, year: int | str | None = None) -> Results:
    """Compute every table from checked inputs. Pure: reads and writes no file.

    Args:
        inputs: Checked inputs.
        year: The analysed year (options start after it), as a number or text; default
            :func:`analysis.check.year.analysed_year`'s rule.

    Raises:
        InputError: If ``year`` has no licence data, or the options are given something
            they cannot use (a start outside the horizon…); it carries every issue.
    """
    return _analyse(inputs, analysed_year(inputs, year))


def what_if(
    results: Results,
    *,
    prices: Mapping[wi.PriceKey, float] | None = None,
    assumptions: Mapping[str, float] | None = None,
    usage: Mapping[wi.UsageKey, float] | None = None,
    keep: Sequence[str] | None = None,
    central_unit: str | None = None,
    name: str = wi.WHAT_IF,
) -> Results:
    """Every table of a run, as if prices, assumptions or usage were different.

    The answer is the one :func:`analyse` gives on the inputs with the change typed in
    (:func:`analysis.model.what_if.apply`), to the centime; it is quicker because what
    the change leaves as it was is reused from ``results`` (the cost lines split by year,
    the support costs, the baseline's demand and support work, the spend tables when
    prices do not change).

    Args:
        results: A run's results (:func:`analyse`), or an earlier what-if's.
        prices: Factor per platform (``{"Zoom": 1.2}``: every Zoom cost line and its list
            price 20 % higher), or per platform and kind of charge
            (``{("Interprefy", "event"): 0.9}``; kinds ``seat``, ``event``, ``hour``).
        assumptions: New central value per assumption name (``{"discount_rate": 0.05}``);
            the names are those of ``metadata/assumptions.csv``.
        usage: Factor per platform, ``(unit, platform)`` or ``(unit, platform, measure)``
            of the Usage sheet (``{("TSB", "MyMeetings"): 1.5}``).
        keep: Platforms of one more option to cost beside the others (a forced keep-set).
        central_unit: That option's central support unit (None: today's teams).
        name: That option's name.

    Raises:
        ValueError: If the change names something unknown or a value out of range; every
            such part is listed, with what would be right.
        InputError: If the changed inputs cannot be costed (as :func:`analyse`).

    >>> from analysis.check.inputs import load_inputs
    >>> results = analyse(load_inputs(Path("data/raw")))
    >>> dearer = what_if(results, prices={"Zoom": 1.2})
    >>> dearer.changes
    ('Zoom: prices × 1.2',)
    >>> spend = [r.headline.set_index("year").loc[2021, "spend_chf"] for r in (results, dearer)]
    >>> print(f"CHF {spend[0]:,.2f} → {spend[1]:,.2f}")
    CHF 620,293.27 → 621,079.66
    """
    c = wi.change(prices, assumptions, usage, keep, central_unit, name)
    inputs = wi.apply(results.inputs, c)
    return _analyse(inputs, results.year, reuse=results, change=c)


def _analyse(
    inputs: Inputs, year: int, reuse: Results | None = None, change: wi.Change | None = None
) -> Results:
    """:func:`analyse` for a known year; a what-if reuses what its ``change`` leaves alone."""
    amounts = reuse is None or change is None or change.changes_amounts
    use = reuse is None or change is None or change.changes_usage
    line_years = (
        spend.split_lines_by_year(inputs.licences, inputs.rates)
        if amounts or reuse is None
        else reuse.line_years
    )
    problems = check_options(inputs, line_years, year)
    if problems.has_errors:
        raise InputError(inputs.issues + problems)
    log = IssueLog()
    log.extend(problems)
    log.extend(_partial_year(line_years, year))
    if reuse is None:
        annual = spend.summarise_annual_spend(line_years)
        support_costs = support.cost_support(inputs.staffing, inputs.staff_costs)
        by_unit = duplication.summarise_support_by_unit(support_costs)
        baseline = None
        used = None
    else:  # staffing is never changed by a what-if
        annual = spend.summarise_annual_spend(line_years) if amounts else reuse.annual_spend
        support_costs, by_unit = reuse.support_rows, reuse.support_by_unit
        baseline = reuse.options.baseline
        if use or (change is not None and "horizon_years" in change.assumptions):
            # demand, prices and support work all read Usage; entitlements count by horizon
            baseline = None
        elif amounts:
            baseline = sc.reprice(
                baseline, line_years, inputs.rates, inputs.platforms, inputs.usage
            )
        used = None if amounts or use else reuse.options.utilisation
    before = reuse.options if reuse is not None else None
    options = cost_options(inputs, line_years, support_costs, year, baseline, used, before)
    log.extend(options.issues)
    if reuse is None or amounts or use:
        dup, unpriced = duplication.add_avoidable(
            duplication.find_duplicated_spend(annual), options.baseline
        )
    else:
        dup, unpriced = reuse.duplication, _unpriced(reuse.issues)
    log.extend(unpriced)
    if reuse is None or amounts or use:
        overlap = duplication.duplicated_support(support_costs)
        headline = duplication.summarise_headline(annual, dup, by_unit, overlap)
    else:
        headline = reuse.headline
    return Results(
        inputs=inputs,
        line_years=line_years,
        annual_spend=annual,
        support_costs=support_costs[support.SUPPORT_COLUMNS],
        support_by_unit=by_unit,
        duplication=dup,
        fragmentation=(
            duplication.find_fragmented_purchasing(annual)
            if reuse is None or amounts
            else reuse.fragmentation
        ),
        headline=headline,
        reconciliation=(
            reconcile(inputs, line_years, support_costs)
            if reuse is None or amounts
            else reuse.reconciliation
        ),
        year=year,
        options=options,
        support_rows=support_costs,
        issues=log.issues(),
        changes=(reuse.changes if reuse is not None else ())
        + (change.describe() if change else ()),
    )


def _unpriced(issues: Issues) -> Issues:
    """The avoidable-spend warnings of an earlier run, kept with the table they explain."""
    return Issues(tuple(i for i in issues if i.code == "W_AVOIDABLE_NOT_PRICED"))


def reconcile(
    inputs: Inputs, line_years: pd.DataFrame, support_costs: pd.DataFrame
) -> pd.DataFrame:
    """Per sheet read and currency: rows read, counted and not, amounts read and counted, CHF.

    For a sheet of cost lines, ``amount_read`` is the sum of the amounts of its lines as
    read, total rows aside, in their currency; ``amount_counted`` of those counted (a
    charge repeated is counted once); ``total_rows`` the control totals checked instead of
    counted. The officer can set the first beside the sheet's own sum.
    """
    is_total = inputs.lines_read["is_total"].astype(bool)
    lines = inputs.lines_read.assign(
        currency=inputs.lines_read["currency"].fillna(""),
        amount_line=inputs.lines_read["amount"].where(~is_total, 0.0),
    )
    keys = ["source_file", "source_sheet", "currency"]
    read = lines.groupby(keys).agg(
        rows_read=("source_row", "size"),
        total_rows=("is_total", "sum"),
        amount_read=("amount_line", "sum"),
    )
    counted_lines = inputs.licences.assign(currency=inputs.licences["currency"].fillna(""))
    counted = counted_lines.groupby(keys).agg(
        rows_counted=("source_row", "size"), amount_counted=("amount", "sum")
    )
    chf = line_years.groupby(keys)["amount_chf"].sum()
    by_currency = read.join(counted, how="left").join(chf, how="left").reset_index()
    per_sheet: dict[tuple[str, str], list[Any]] = {}
    for money in records(by_currency):
        per_sheet.setdefault((money.source_file, money.source_sheet), []).append(money)
    supported = (
        support_costs.groupby(["source_file", "source_sheet"])["cost_chf"].sum().to_dict()
        if not support_costs.empty
        else {}
    )
    rows = []
    for row in records(inputs.sheets_read):
        file, sheet, kind = row.file, row.sheet, row.kind
        mine = per_sheet.get((file, sheet), [])
        if kind == "Licences" and mine:
            for money in mine:
                rows.append(
                    {
                        "file": file,
                        "sheet": sheet,
                        "kind": kind,
                        "currency": money.currency,
                        "rows_read": int(money.rows_read),
                        "rows_counted": int(_or_zero(money.rows_counted)),
                        "total_rows": int(money.total_rows),
                        "amount_read": round(float(money.amount_read), 2),
                        "amount_counted": round(float(_or_zero(money.amount_counted)), 2),
                        "amount_chf_counted": round(float(_or_zero(money.amount_chf)), 2),
                    }
                )
            continue
        support = supported.get((file, sheet), 0.0)
        rows.append(
            {
                "file": file,
                "sheet": sheet,
                "kind": kind,
                "currency": "CHF" if kind == "Staffing" else "",
                "rows_read": int(row.rows_read),
                "rows_counted": int(row.rows_counted),
                "total_rows": 0,
                "amount_read": None,
                "amount_counted": None,
                "amount_chf_counted": round(float(support), 2),
            }
        )
    table = pd.DataFrame(rows)
    table["rows_not_counted"] = table["rows_read"] - table["rows_counted"]
    return output_fields.arrange("reconciliation", table)


def _or_zero(value: Any) -> float:
    return 0.0 if pd.isna(value) else float(value)


def _partial_year(line_years: pd.DataFrame, year: int) -> Issues:
    log = IssueLog()
    by_year = line_years.groupby("year")["amount_chf"].sum()
    before = by_year.get(year - 1, 0.0)
    if before > 0 and by_year.get(year, 0.0) < 0.5 * before:
        log.warning(
            "W_PARTIAL_YEAR",
            f"spend in the analysed year {year} (CHF {by_year.get(year, 0.0):,.0f}) is under "
            f"half of {year - 1}'s (CHF {before:,.0f}): it may be incomplete; choose another "
            "year with --year",
        )
    return log.issues()


def _data_date(inputs: Inputs) -> dt.date | None:
    value: Any = inputs.about.get("data_date")
    try:
        stamp = pd.Timestamp(value) if value is not None else None
    except (ValueError, TypeError):
        return None
    return None if stamp is None or pd.isna(stamp) else stamp.date()


def chart_data(results: Results, made_on: dt.date | None = None) -> ChartData:
    """Collect what the charts and the brief show for the analysed year."""
    from analysis.report.chart_data import ChartData, scenario_charts

    inputs = results.inputs
    return ChartData(
        year=results.year,
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
        scenarios=scenario_charts(results.options),
        made_on=made_on or dt.date.today(),
    )


def source_line(inputs: Inputs, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the charts' source line: input file names and the data's date."""
    from analysis.report.style import FigureContext

    return FigureContext(
        year=0, files=tuple(p.name for p in inputs.files), data_date=_data_date(inputs), lang=lang
    ).source


def draw_figures(
    results: Results, lang: str = DEFAULT_LANGUAGE, names: list[str] | None = None
) -> dict[str, Figure]:
    """Draw every chart of the analysed year in one language (or those ``names``), by stem."""
    from analysis.report import charts

    return charts.draw(chart_data(results), lang, names)


def save_figures(drawn: dict[str, Figure], folder: Path) -> list[Path]:
    """Save drawn charts as ``<folder>/<name>.png``, ``.svg`` and ``.pdf``; atomically."""
    from analysis.report.render import FIGURE_FORMATS, figure_bytes

    return [
        files.write_bytes(figure_bytes(figure, fmt), Path(folder) / f"{name}.{fmt}")
        for name, figure in drawn.items()
        for fmt in FIGURE_FORMATS
    ]


def validate(raw_dir: Path, processed_dir: Path) -> Issues:
    """Check the inputs and write only ``validation_report.csv``; return every issue.

    Loads neither the plotting, the solver nor the workbook-writing libraries.

    Raises:
        InputError: If ``processed_dir`` is inside the raw folder; nothing is written.
    """
    refused = outputs_in_raw(raw_dir, processed_dir)
    if refused.has_errors:
        raise InputError(refused)
    issues = read_inputs(raw_dir).issues
    files.write_csv(issues.to_frame(), Path(processed_dir) / "validation_report.csv")
    return issues


def write_template(path: Path, raw_dir: Path | None = None) -> Path:
    """Write the blank input workbook; its dropdowns list the catalogue of ``raw_dir``.

    Raises:
        ValueError: If ``path`` is in ``raw_dir``: the raw folder is never written to.
    """
    from analysis.read import template

    path = Path(path)
    if raw_dir is not None and path.resolve().parent == Path(raw_dir).resolve():
        raise ValueError(
            f"not writing into the raw folder {raw_dir}: write the template elsewhere, "
            "fill it in, then copy it there"
        )
    lists = template.dropdown_lists()
    if raw_dir is not None and Path(raw_dir).is_dir():
        inputs = read_inputs(raw_dir)
        lists = template.dropdown_lists(
            platforms=inputs.platforms["platform"].dropna().tolist(),
            categories=sorted(set(inputs.platforms["category"].dropna())),
            grades=sorted(set(inputs.staff_costs["grade"].dropna())),
        )
    return files.write_with(template.build_template(lists).save, path)


def run(
    raw_dir: Path,
    processed_dir: Path,
    figures_dir: Path,
    year: int | str | None = None,
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,),
) -> tuple[Results, list[Path]]:
    """Run the whole analysis and write its tables, figures, gallery and briefs.

    Args:
        raw_dir: The input folder (read only).
        processed_dir: Where the tables go.
        figures_dir: Where ``<lang>/<figure>.<ext>``, the briefs and ``index.html`` go.
        year: The analysed year; default :func:`analysis.check.year.analysed_year`'s rule.
        languages: Languages of the figures and briefs (:data:`analysis.report.i18n.LANGUAGES`).

    Returns:
        The results, whose :meth:`Results.all_issues` are every issue of the run, and
        the files written.

    Raises:
        InputError: On any input error, after writing ``validation_report.csv`` only.
    """
    from analysis.report import brief, gallery, i18n, render, workbook

    started = dt.datetime.now(dt.UTC)
    processed_dir, figures_dir = Path(processed_dir), Path(figures_dir)
    refused = outputs_in_raw(raw_dir, processed_dir, figures_dir)
    if refused.has_errors:
        raise InputError(refused)
    report = processed_dir / "validation_report.csv"

    # --- load inputs, and process (in memory: nothing is written until all succeeded)
    try:
        i18n.catalogue()  # a broken message catalogue stops the run before anything is read
        inputs = load_inputs(raw_dir)
        analysed = analyse(inputs, year)
    except InputError as error:
        files.write_csv(error.issues.to_frame(), report)
        raise
    data = chart_data(analysed, started.date())
    rendered = render.render(data, languages)
    results = replace(analysed, issues=analysed.issues + rendered.issues())
    pages = {f"{lang}/brief.html": brief.brief_html(data, lang) for lang in languages}
    pages.update(gallery.gallery_pages(data, languages))

    # --- save outputs
    for folder in (processed_dir, figures_dir):
        if folder.is_dir():
            files.remove_stale_temporaries(folder)
    tables = {name: output_fields.arrange(name, table) for name, table in results.tables().items()}
    written = [
        files.write_csv(table, processed_dir / f"{name}.csv") for name, table in tables.items()
    ]
    for name in OPTIONAL_TABLES - set(tables):
        (processed_dir / f"{name}.csv").unlink(missing_ok=True)  # stale: its data is gone
    source_rows = sources.trace(results.line_years, results.support_rows)
    ordered = {
        "headline": tables["headline"],
        **{k: v for k, v in tables.items() if k != "headline"},
    }
    about = workbook.About(
        year=results.year,
        illustrative=data.illustrative,
        data_date=data.data_date,
        files=data.files,
        made_on=data.made_on,
    )
    book = workbook.build_summary(ordered, source_rows, about)
    written.append(files.write_with(book.save, processed_dir / "summary.xlsx"))
    if len(source_rows) > workbook.MAX_SOURCE_ROWS:
        written.append(files.write_csv(source_rows, processed_dir / "sources.csv"))
    for relative, content in rendered.files.items():
        written.append(files.write_bytes(content, figures_dir / relative))
    for relative, text in pages.items():
        written.append(files.write_text(text, figures_dir / relative))
    _remove_stale_figures(figures_dir, set(written), render.FIGURE_FORMATS, i18n.LANGUAGES)
    issues = output_fields.arrange("validation_report", results.all_issues().to_frame())
    written.append(files.write_csv(issues, report))
    record = manifest.build_manifest(
        list(inputs.files),
        written,
        results.headline,
        inputs.is_illustrative,
        results.year,
        started,
        (processed_dir, figures_dir),
    )
    written.append(files.write_json(record, processed_dir / "run_manifest.json"))
    return results, written


def _remove_stale_figures(
    figures_dir: Path, written: set[Path], formats: tuple[str, ...], languages: tuple[str, ...]
) -> None:
    """Remove figures this run did not make.

    Other languages' figures, charts with no data now, and the flat
    ``figures/<figure>.<ext>`` files of earlier versions. Only files the analysis itself
    would write are removed, so the folder always shows the run the manifest describes.
    """
    from analysis.report.charts import CHART_NAMES

    stems = {*CHART_NAMES, "brief", "index"}
    extensions = {*formats, "html"}
    folders = [figures_dir, *(figures_dir / lang for lang in languages)]
    for folder in folders:
        for path in folder.glob("*.*") if folder.is_dir() else []:
            if path.stem in stems and path.suffix[1:] in extensions and path not in written:
                path.unlink()
