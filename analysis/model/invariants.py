"""What must hold in every result, as named checks: the notebooks show them as one line.

Money is neither lost nor created between a stage and the next (cost lines to annual
spend to the headline, each function's spend split into platform and use-driven cost;
staffing rows to unit totals to the headline), an overlap lies between nothing and the
whole, and every option starts from today's costs.
Each check is computed, never assumed: a check whose table lacks a column fails and says
why, instead of stopping the others. Pure: tables in, checks out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

# Amounts are compared to the centime: CSV files and the workbook round to it.
CENTIME = 0.005


class InvariantError(AssertionError):
    """One or more checks failed; the message names each with what was found."""


class OptionTables(Protocol):
    """The option tables the checks read (:class:`analysis.model.scenarios.options.Options`)."""

    @property
    def scenarios(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def summary(self) -> pd.DataFrame: ...  # noqa: D102


class ResultTables(Protocol):
    """The result tables the checks read (:class:`analysis.pipeline.Results`)."""

    @property
    def year(self) -> int: ...  # noqa: D102

    @property
    def line_years(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def annual_spend(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def duplication(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def headline(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def support_costs(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def support_by_unit(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def options(self) -> OptionTables: ...  # noqa: D102


@dataclass(frozen=True)
class Check:
    """One thing that must hold: what it is, whether it did, and what was found if not."""

    name: str
    passed: bool
    found: str = ""


@dataclass(frozen=True)
class Checks:
    """Named checks, shown as one line: ``12 checks passed``, or each failure by name."""

    checks: tuple[Check, ...]

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __add__(self, other: Checks) -> Checks:
        return Checks(self.checks + other.checks)

    @property
    def failed(self) -> list[Check]:
        """The checks that did not hold."""
        return [c for c in self.checks if not c.passed]

    def summary(self) -> str:
        """One line when every check passed, else one line per failure.

        Examples:
            >>> Checks((Check("a", True), Check("b", True))).summary()
            '2 checks passed'
            >>> print(Checks((Check("a", True), Check("b", False, "3 rows"))).summary())
            1 of 2 checks failed:
            - b: 3 rows
        """
        failed = self.failed
        if not failed:
            return f"{len(self)} check{'s' if len(self) != 1 else ''} passed"
        lines = [f"{len(failed)} of {len(self)} checks failed:"]
        lines += [f"- {c.name}: {c.found}" for c in failed]
        return "\n".join(lines)

    def confirm(self) -> Checks:
        """Return the checks if every one passed; else raise, naming each failure.

        Raises:
            InvariantError: If any check failed.
        """
        if self.failed:
            raise InvariantError(self.summary())
        return self

    def __repr__(self) -> str:
        return self.summary()

    def _repr_markdown_(self) -> str:
        mark = "✔" if not self.failed else "✘"
        return f"{mark} " + self.summary().replace("\n", "  \n")


def _check(name: str, test: Callable[[], str]) -> Check:
    """Run ``test``, which returns what it found wrong ("" when nothing), as a named check."""
    try:
        found = test()
    except (KeyError, ValueError, TypeError, IndexError) as error:
        found = f"could not be checked: {type(error).__name__} {error}"
    return Check(name, not found, found)


def _differs(left: pd.Series, right: pd.Series) -> str:
    """The keys where two amounts differ by more than a centime, or "" when none do."""
    left, right = left.align(right, fill_value=0.0)
    gap = (left - right).abs()
    bad = gap[gap > CENTIME]
    return ", ".join(f"{key}: {left[key]:,.2f} against {right[key]:,.2f}" for key in bad.index)


def _rows(mask: pd.Series, what: str) -> str:
    count = int(mask.sum())
    return f"{count} {what}" if count else ""


def spend_checks(results: ResultTables) -> Checks:
    """Cost lines to annual spend to duplication and the headline, nothing lost or made."""
    lines, annual = results.line_years, results.annual_spend
    dup, headline = results.duplication, results.headline

    def days_add_up() -> str:
        per_line = lines.groupby(["source_file", "source_sheet", "source_row"])
        off = per_line["days_in_year"].sum() != per_line["total_days"].first()
        return _rows(off, "cost line(s) whose days do not add up to their period")

    def shares_add_up() -> str:
        per_line = lines.groupby(["source_file", "source_sheet", "source_row"])
        gap = (per_line["amount_in_year"].sum() - per_line["amount"].first()).abs()
        return _rows(gap > CENTIME, "cost line(s) whose yearly shares miss their amount")

    return Checks(
        (
            _check(
                "each year's annual spend equals its cost lines' CHF",
                lambda: _differs(
                    annual.groupby("year")["amount_chf"].sum(),
                    lines.groupby("year")["amount_chf"].sum(),
                ),
            ),
            _check("each cost line's days add up to its service period", days_add_up),
            _check("each cost line's yearly shares add up to its amount", shares_add_up),
            _check(
                "every annual amount has a CHF value",
                lambda: _rows(annual["amount_chf"].isna(), "amount(s) without CHF"),
            ),
            _check(
                "each function's spend splits into platform and use-driven cost",
                lambda: _rows(
                    (dup["platform_cost_chf"] + dup["use_cost_chf"] - dup["spend_chf"]).abs()
                    > CENTIME,
                    "row(s) that do not add up",
                ),
            ),
            _check(
                "no gross overlap is negative",
                lambda: _rows(dup["gross_overlap_chf"] < -CENTIME, "negative row(s)"),
            ),
            _check(
                "no function's gross overlap exceeds its spend",
                lambda: _rows(
                    dup["gross_overlap_chf"] > dup["spend_chf"] + CENTIME, "row(s) above"
                ),
            ),
            _check(
                "the headline's spend equals the annual spend, year by year",
                lambda: _differs(
                    headline.set_index("year")["spend_chf"],
                    annual.groupby("year")["amount_chf"].sum(),
                ),
            ),
        )
    )


def support_checks(results: ResultTables) -> Checks:
    """Staffing rows to unit totals to the headline, and duplicated support within bounds."""
    rows, by_unit = results.support_costs, results.support_by_unit
    headline = results.headline.set_index("year")

    def largest_once() -> str:
        count = by_unit.groupby("year")["is_largest"].sum()
        return ", ".join(f"{year}: {n}" for year, n in count.items() if n != 1)

    return Checks(
        (
            _check(
                "every staffing row has a cost",
                lambda: _rows(rows["cost_chf"].isna(), "row(s) without cost"),
            ),
            _check(
                "no support cost is negative",
                lambda: _rows(rows["cost_chf"] < 0, "negative row(s)"),
            ),
            _check(
                "every platform share is between 0 and 1",
                lambda: _rows(~rows["platform_share"].between(0, 1), "row(s) outside"),
            ),
            _check(
                "each year's unit totals add up to its staffing rows",
                lambda: _differs(
                    by_unit.groupby("year")["cost_chf"].sum(),
                    rows.groupby("year")["cost_chf"].sum(),
                ),
            ),
            _check(
                "the headline's support cost equals the unit totals, year by year",
                lambda: _differs(
                    headline["support_cost_chf"],
                    by_unit.groupby("year")["cost_chf"].sum(),
                ),
            ),
            _check(
                "duplicated support cost lies between nothing and the whole support cost",
                lambda: _rows(
                    (headline["duplicated_support_cost_chf"] < -CENTIME)
                    | (
                        headline["duplicated_support_cost_chf"]
                        > headline["support_cost_chf"] + CENTIME
                    ),
                    "year(s) outside",
                ),
            ),
            _check("one unit has the largest support team each year", largest_once),
        )
    )


def option_checks(results: ResultTables, reference: str, optimal: str) -> Checks:
    """The options start from today's costs, span the horizon, and none beats the optimum.

    Args:
        results: The results whose options are checked.
        reference: The name of the option the savings are measured against (the model's
            ``BASELINE``, "do minimum").
        optimal: The optimum's name (it may be absent when nothing meets every requirement).
    """
    table, summary = results.options.scenarios, results.options.summary
    year = results.year

    def starts_today() -> str:
        first = table[table["scenario"] == reference]["year"].min()
        return "" if first == year else f"starts in {first}, not {year}"

    def reproduces_today() -> str:
        today = results.headline[results.headline["year"] == year]
        quo = table[(table["scenario"] == reference) & (table["year"] == year)]["total_chf"]
        expected = float((today["spend_chf"] + today["support_cost_chf"]).sum())
        if len(quo) != 1:
            return f"{len(quo)} row(s) for {year}"
        gap = abs(float(quo.iloc[0]) - expected)
        return "" if gap <= CENTIME else f"{quo.iloc[0]:,.2f} against {expected:,.2f}"

    def spans_horizon() -> str:
        last = int(table["year"].max())
        expected = list(range(year, last + 1))
        wrong = [
            str(name)
            for name, rows in table.groupby("scenario", sort=False)
            if sorted(rows["year"]) != expected
        ]
        return f"years missing or repeated: {', '.join(wrong)}" if wrong else ""

    def same_options() -> str:
        apart = set(table["scenario"]) ^ set(summary["scenario"])
        return f"in one table only: {', '.join(sorted(map(str, apart)))}" if apart else ""

    def none_beats_optimum() -> str:
        by_name = summary.set_index("scenario")
        if optimal not in by_name.index:
            return ""
        best = float(by_name["npv_chf"][optimal])
        meeting = by_name[by_name["requirements_met"].astype(bool)]
        better = meeting[meeting["npv_chf"] > best + 0.01]
        return ", ".join(f"{n}: {v:,.2f}" for n, v in better["npv_chf"].items())

    return Checks(
        (
            _check(f"the {reference} option starts in the analysed year", starts_today),
            _check(
                f"the {reference} option costs today's spend and support in the analysed year",
                reproduces_today,
            ),
            _check("every option has one row per year of the horizon", spans_horizon),
            _check("the summary and the year-by-year table list the same options", same_options),
            _check("no option meeting every requirement beats the optimum", none_beats_optimum),
        )
    )


def all_checks(results: ResultTables, reference: str, optimal: str) -> Checks:
    """Every check above, spend first."""
    return (
        spend_checks(results) + support_checks(results) + option_checks(results, reference, optimal)
    )
