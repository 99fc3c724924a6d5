"""The command line: ``python -m analysis run | validate | template``.

Exit status: 0 done; 2 the inputs have errors (every one is printed, each with its
file, sheet, row and column, and written to ``validation_report.csv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.frames import records
from analysis.issues import InputError, Issues
from analysis.report.i18n import DEFAULT_LANGUAGE, LANGUAGES, parse_languages

EXIT_INPUT_ERROR = 2
# Notes shown on screen too: what each file and sheet was read as, what was not read and
# why, and each total row checked instead of counted.
SHOWN_NOTES = ("I_SHEET_READ", "I_SHEET_IGNORED", "I_FILE_NOT_READ", "I_TOTAL_ROW")


def _languages(text: str) -> tuple[str, ...]:
    try:
        return parse_languages(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Cost and duplication analysis of virtual-meeting platforms.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="read the raw workbooks; write tables and figures")
    run.add_argument("--raw", type=Path, default=config.RAW_DIR, help="input folder (read only)")
    run.add_argument("--processed", type=Path, default=config.PROCESSED_DIR, help="tables folder")
    run.add_argument("--figures", type=Path, default=config.FIGURES_DIR, help="figures folder")
    run.add_argument(
        "--year",
        type=int,
        help="analysed year; options start after it (default: the latest with licence and "
        "staffing data)",
    )
    run.add_argument(
        "--lang",
        type=_languages,
        default=(DEFAULT_LANGUAGE,),
        metavar="CODES",
        help=f"languages of the figures and briefs: some of {','.join(LANGUAGES)}, or all "
        f"(default: {DEFAULT_LANGUAGE})",
    )

    check = commands.add_parser("validate", help="check the raw workbooks only")
    check.add_argument("--raw", type=Path, default=config.RAW_DIR, help="input folder (read only)")
    check.add_argument(
        "--processed", type=Path, default=config.PROCESSED_DIR, help="where the report goes"
    )

    template = commands.add_parser("template", help="write a blank input workbook")
    template.add_argument("path", type=Path, help="where to write the .xlsx")
    template.add_argument(
        "--raw", type=Path, default=config.RAW_DIR, help="take dropdown lists from these inputs"
    )
    return parser


def _print_issues(issues: Issues, stream) -> None:
    for issue in issues:
        if issue.severity != "info" or issue.code in SHOWN_NOTES:
            print(issue, file=stream)


def _print_counts(sheets_read, files: int, stream) -> None:
    if sheets_read.empty:
        return
    lines = sheets_read[sheets_read["kind"].isin(["Licences", "Staffing"])]
    print(
        f"read {int(lines['rows_read'].sum())} line(s) from {files} file(s); "
        f"counted {int(lines['rows_counted'].sum())}, not counted "
        f"{int(lines['rows_not_counted'].sum())} (each with its reason in the report)",
        file=stream,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "template":
        from analysis.pipeline import write_template

        try:
            path = write_template(args.path, args.raw)
        except ValueError as error:
            print(f"ERROR: {error}", file=sys.stderr)
            return EXIT_INPUT_ERROR
        print(f"wrote {path}")
        return 0
    if args.command == "validate":
        from analysis.pipeline import validate

        try:
            issues = validate(args.raw, args.processed)
        except InputError as error:
            _print_issues(error.issues, sys.stderr)
            return EXIT_INPUT_ERROR
        _print_issues(issues, sys.stderr)
        errors = len(issues.errors)
        print(f"{errors} error(s); report: {args.processed / 'validation_report.csv'}")
        return EXIT_INPUT_ERROR if errors else 0

    from analysis.pipeline import run

    try:
        results, written = run(args.raw, args.processed, args.figures, args.year, args.lang)
    except InputError as error:
        _print_issues(error.issues, sys.stderr)
        for issue in error.issues:
            if issue.code == "I_ROWS_READ":
                print(issue, file=sys.stderr)
        reported = not any(i.code == "E_OUTPUT_IN_RAW" for i in error.issues)
        report = f" Report: {args.processed / 'validation_report.csv'}" if reported else ""
        print(
            f"stopped: {len(error.issues.errors)} error(s) in the inputs; nothing else was "
            f"changed.{report}",
            file=sys.stderr,
        )
        return EXIT_INPUT_ERROR
    _print_issues(results.all_issues(), sys.stderr)
    inputs = results.inputs
    _print_counts(inputs.sheets_read, len(inputs.files), sys.stdout)
    print(
        f"counted {len(inputs.licences)} cost line(s) worth CHF "
        f"{results.line_years['amount_chf'].sum():,.2f} and {len(inputs.staffing)} staffing "
        f"row(s) worth CHF {results.support_costs['cost_chf'].sum():,.2f}"
    )
    for row in records(results.headline):
        print(
            f"  {row.year}: spend CHF {row.spend_chf:,.2f} (platforms "
            f"{row.platform_cost_chf:,.2f}, use {row.use_cost_chf:,.2f}); gross overlap CHF "
            f"{row.gross_overlap_chf:,.2f}"
            + (
                ""
                if pd.isna(row.avoidable_duplicated_spend_chf)
                else f", avoidable duplicated spend CHF {row.avoidable_duplicated_spend_chf:,.2f}"
            )
            + f"; support CHF {row.support_cost_chf:,.2f}, duplicated CHF "
            f"{row.duplicated_support_cost_chf:,.2f}"
        )
    print(f"wrote {len(written)} file(s) to {args.processed} and {args.figures}")
    return 0
