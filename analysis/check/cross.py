"""Checks that need more than one sheet: catalogue look-ups, rates, keys, repeats.

Platform names and aliases are resolved against the catalogue (the Platforms sheet);
every currency and year of a cost line needs a rate; every grade and year a staff cost;
keys (a rate, a grade's cost, a usage row, a scenario, an assumption) appear once; a charge
repeated with the same reference is counted once; requirements and assumptions name
something the model knows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.check import cells
from analysis.check.sheets import unknown_value
from analysis.config import REPORTING_CURRENCY
from analysis.frames import records
from analysis.issues import IssueLog, at
from analysis.metadata.reference import assumptions as assumptions_known
from analysis.metadata.reference import fields, header_label, normalize_header
from analysis.periods import split_by_year

RESERVED_SCENARIOS = {"status quo", "optimal"}
EARLIEST_DATE = pd.Timestamp("1990-01-01")
LATEST_DATE = pd.Timestamp("2100-12-31")
LONG_PERIOD_YEARS = 5
# An FTE this large in one row is more often a per cent (50 for 50 %) than a team of 10.
LARGE_FTE = 10
# Lines alike in all of these but the reference may be copies of one another.
ALIKE = ["unit", "platform", "amount", "currency", "start_date", "end_date"]


@dataclass(frozen=True)
class CheckedTables:
    """The typed and cross-checked tables, one per sheet kind.

    Attributes:
        licences: One row per counted cost line, with the platform's catalogue name
            and category.
        staffing: One row per support person or group (no personal columns).
        platforms: The platform catalogue.
        rates: CHF per unit of currency and year.
        staff_costs: Standard annual cost per grade and year.
        about: Facts about the data set from the About sheet (``illustrative``…).
        scenarios: Consolidation options (``keep`` as ``;``-joined catalogue names).
        requirements: What each unit needs a kept platform to do.
        usage: Licences paid and used, meetings and hours, per year, unit and platform.
        assumptions: The scenario model's assumptions as given (defaults are added later).
        entitlements: Platforms a unit may use without buying licences (``seat_count``
            infinite for all).
    """

    licences: pd.DataFrame
    staffing: pd.DataFrame
    platforms: pd.DataFrame
    rates: pd.DataFrame
    staff_costs: pd.DataFrame
    about: dict[str, object]
    scenarios: pd.DataFrame
    requirements: pd.DataFrame
    usage: pd.DataFrame
    assumptions: pd.DataFrame
    entitlements: pd.DataFrame


def _reference_words(reference: Any) -> str:
    return "no reference" if pd.isna(reference) else f"reference {reference}"


def _chf_of_lines(lines: pd.DataFrame, rates: pd.DataFrame) -> list[float]:
    """What each line adds in CHF over all its years, each year's share to the centime."""
    pieces = split_by_year(lines["start_date"].to_numpy(), lines["end_date"].to_numpy())
    table = rates.dropna(subset=["currency", "year"])
    rate = dict(zip(zip(table["currency"], table["year"].astype("int64")), table["chf_per_unit"]))
    totals = np.zeros(len(lines))
    for period, year, days, total_days in zip(
        pieces.period, pieces.year, pieces.days, pieces.total_days
    ):
        line = lines.iloc[period]
        per_unit = 1.0 if line.currency == REPORTING_CURRENCY else rate.get((line.currency, year))
        share = line.amount * days / total_days * (np.nan if per_unit is None else per_unit)
        totals[period] += round(share, 2)
    return totals.tolist()


def parse_requirement(
    text: object, yes_no: list[str], categories: list[str]
) -> tuple[str, object, str | None]:
    """Read a requirement as (kind, target, problem).

    Kinds: ``capability`` (a catalogue yes/no column), ``category`` (``category:<name>``)
    ``participants`` (``participants>=N``) and ``languages`` (``languages>=N``: interpretation
    into at least N languages).

    Examples:
        >>> parse_requirement("Browser Edge", ["browser_edge"], [])
        ('capability', 'browser_edge', None)
        >>> parse_requirement("participants >= 300", [], [])
        ('participants', 300.0, None)
    """
    raw = str(text).strip()
    if raw.lower().startswith("category:"):
        name = raw.split(":", 1)[1].strip()
        match = [c for c in categories if c.lower() == name.lower()]
        if match:
            return "category", match[0], None
        return (
            "category",
            name,
            f"no platform has category {name!r}; use one of " + ", ".join(categories),
        )
    compact = "".join(raw.lower().split())
    for kind in ("participants", "languages"):
        if compact.startswith(f"{kind}>="):
            number = compact.removeprefix(f"{kind}>=")
            try:
                return kind, float(number), None
            except ValueError:
                return kind, None, f"{raw!r}: write {kind}>=N with N a number"
    column = normalize_header(raw)
    if column in yes_no:
        return "capability", column, None
    by_words = {"_".join(sorted(c.split("_"))): c for c in yes_no}
    words = "_".join(sorted(column.split("_")))
    close = (
        [by_words[words]]
        if words in by_words
        else difflib.get_close_matches(column, yes_no, n=1, cutoff=0.6)
    )
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        "capability",
        column,
        f"{raw!r} is not a requirement the catalogue can answer; {hint}use a yes/no column "
        f"({', '.join(yes_no)}), category:<name>, participants>=N or languages>=N",
    )


def _whole_number(text: str) -> float | None:
    """A count of seats written as text, or None if it is not a whole number ≥ 0.

    Examples:
        >>> _whole_number("800"), _whole_number("1,200"), _whole_number("half")
        (800.0, 1200.0, None)
    """
    cleaned = text.replace(",", "").replace("'", "").replace(" ", "")
    if not cleaned.isdigit():
        return None
    return float(cleaned)


def _platform_key(name: object) -> str:
    return "".join(str(name).lower().split())


def cross_check(
    tables: dict[str, pd.DataFrame],
    headers: dict[tuple[str, str], dict[str, str]],
    log: IssueLog,
    letters: dict[tuple[str, str], dict[str, str]] | None = None,
) -> CheckedTables:
    """Check the typed tables against each other; problems go to ``log``.

    Args:
        tables: The typed table of each sheet kind.
        headers: For each (file, sheet), standard column -> header as written.
        log: Where the problems found go.
        letters: For each (file, sheet), standard column -> its letters (``C``).
    """
    return _CrossChecks(tables, headers, log, letters or {}).run()


class _CrossChecks:
    """Checks that need more than one sheet: catalogue look-ups, rates, keys, repeats."""

    def __init__(self, tables: dict[str, pd.DataFrame], headers, log: IssueLog, letters=None):
        self.t = tables
        self.headers = headers
        self.letters = letters or {}
        self.log = log

    def place(self, row: Any, column: str) -> dict[str, Any]:
        key = (row.source_file, row.source_sheet)
        return at(row, column, self.headers.get(key), self.letters.get(key))

    def label(self, row: Any, column: str) -> str:
        """The header of ``column`` as written in the row's sheet, else the template's."""
        return self.headers.get((row.source_file, row.source_sheet), {}).get(
            column, header_label(column)
        )

    def run(self) -> CheckedTables:
        platforms = self.t["Platforms"]
        catalogue = self.catalogue(platforms)
        licences = self.licences(self.t["Licences"], catalogue, platforms)
        staffing = self.staffing(self.t["Staffing"], catalogue)
        rates = self.unique(self.t["Rates"], ["currency", "year"], "Rates")
        staff_costs = self.unique(self.t["StaffCosts"], ["grade", "year"], "StaffCosts")
        self.rates_cover(licences, rates)
        self.staff_costs_cover(staffing, staff_costs)
        licences = self.repeated_charges(licences)
        self.likely_copies(licences, rates)
        self.references_repeated(licences)
        about = self.about(self.t["About"])
        scenarios = self.platform_lists(self.t["Scenarios"], "keep", catalogue)
        scenarios = self.scenarios(self.unique(scenarios, ["scenario"], "Scenarios"))
        usage = self.platform_names(self.t["Usage"], catalogue)
        usage = self.unique(usage, ["year", "unit", "platform"], "Usage")
        requirements = self.requirements(self.t["Requirements"], platforms)
        assumptions = self.assumptions(self.unique(self.t["Assumptions"], ["name"], "Assumptions"))
        entitlements = self.entitlements(self.t["Entitlements"], catalogue)
        return CheckedTables(
            licences=licences.reset_index(drop=True),
            staffing=staffing.reset_index(drop=True),
            platforms=platforms.reset_index(drop=True),
            rates=rates,
            staff_costs=staff_costs,
            about=about,
            scenarios=scenarios.reset_index(drop=True),
            requirements=requirements.reset_index(drop=True),
            usage=usage.reset_index(drop=True),
            assumptions=assumptions.reset_index(drop=True),
            entitlements=entitlements.reset_index(drop=True),
        )

    def catalogue(self, platforms: pd.DataFrame) -> dict[str, str]:
        """Map each spelling key (name or alias) to the platform's catalogue name."""
        lookup: dict[str, str] = {}
        places: dict[str, dict] = {}
        for row in records(platforms):
            if pd.isna(row.platform):
                continue
            names = [("platform", row.platform)] + [
                ("aliases", a) for a in cells.split_list(pd.Series([row.aliases])).iloc[0]
            ]
            for column, name in names:
                key = _platform_key(name)
                if key in lookup:
                    if lookup[key] == row.platform and column == "aliases":
                        continue  # an alias repeating the platform's own name is harmless
                    first = places[key]
                    self.log.error(
                        "E_DUPLICATE_KEY",
                        f"{name!r} already names platform {lookup[key]!r} "
                        f"({first['file']}, sheet {first['sheet']}, row {first['row']}); "
                        "each name or alias may appear once in the catalogue",
                        **self.place(row, column),
                    )
                    continue
                lookup[key] = row.platform
                places[key] = self.place(row, column)
        return lookup

    def resolve(self, name: str, catalogue: dict[str, str]) -> str | None:
        return catalogue.get(_platform_key(name))

    def resolve_all(self, names: pd.Series, catalogue: dict[str, str]) -> pd.Series:
        """Catalogue name of each name (None where unknown or not text), once per spelling."""
        return cells.map_text(names, lambda v: self.resolve(v, catalogue), keep_others=False)

    def unknown_platform(self, name: str, catalogue: dict[str, str]) -> str:
        names = sorted(set(catalogue.values()))
        close = difflib.get_close_matches(_platform_key(name), list(catalogue), n=1, cutoff=0.6)
        hint = f"; did you mean {catalogue[close[0]]!r}?" if close else "."
        return (
            f"{name!r} is not in the platform catalogue{hint} Use a name or alias from the "
            f"Platforms sheet ({', '.join(names)}), or add it there"
        )

    def licences(self, licences, catalogue, platforms) -> pd.DataFrame:
        if licences.empty:
            if not self.log.has_errors:
                empty = [(f, s) for (f, s), h in self.headers.items() if "amount" in h]
                place = {"file": empty[0][0], "sheet": empty[0][1]} if empty else {}
                self.log.error(
                    "E_NO_LICENCES",
                    "no cost lines: a Licences sheet with at least one line is needed",
                    **place,
                )
            return licences.assign(category=pd.Series(dtype=object))
        for column in ("start_date", "end_date"):
            odd = (licences[column] < EARLIEST_DATE) | (licences[column] > LATEST_DATE)
            for row in records(licences[odd]):
                self.log.error(
                    "E_IMPLAUSIBLE_DATE",
                    f"{getattr(row, column):%Y-%m-%d} is not a plausible service date; dates "
                    f"run from {EARLIEST_DATE:%Y} to {LATEST_DATE:%Y}: check the year",
                    **self.place(row, column),
                )
        years = (licences["end_date"] - licences["start_date"]).dt.days / 365.25
        for row in records(licences[years > LONG_PERIOD_YEARS]):
            self.log.warning(
                "W_LONG_PERIOD",
                f"a service period of {(row.end_date - row.start_date).days / 365.25:.1f} years; "
                "check the dates",
                **self.place(row, "end_date"),
            )
        if platforms.empty:
            self.log.error(
                "E_NO_CATALOGUE",
                "Licences need a Platforms sheet (the platform catalogue) in one of the workbooks",
            )
        resolved = self.resolve_all(licences["platform"], catalogue)
        for row in records(licences[resolved.isna() & licences["platform"].notna()]):
            if not platforms.empty:
                self.log.error(
                    "E_UNKNOWN_PLATFORM",
                    self.unknown_platform(row.platform, catalogue),
                    **self.place(row, "platform"),
                )
        reversed_period = licences["end_date"] < licences["start_date"]
        for row in records(licences[reversed_period]):
            self.log.error(
                "E_PERIOD_REVERSED",
                f"the service period ends ({row.end_date:%Y-%m-%d}) before it starts "
                f"({row.start_date:%Y-%m-%d}); {self.label(row, 'end_date')} is the last day "
                f"of service, on or after {self.label(row, 'start_date')}: swap them",
                **self.place(row, "end_date"),
            )
        is_credit = licences["cost_type"] == "credit"
        for row in records(licences[(licences["amount"] < 0) & ~is_credit]):
            self.log.error(
                "E_NEGATIVE_AMOUNT",
                f"negative amount {row.amount:,.2f}; amounts are positive, except for a refund "
                f"or credit note, which needs {self.label(row, 'cost_type')} credit",
                **self.place(row, "amount"),
            )
        for row in records(licences[(licences["amount"] > 0) & is_credit]):
            self.log.error(
                "E_POSITIVE_CREDIT",
                f"a credit is written as a negative amount; write -{row.amount:,.2f}",
                **self.place(row, "amount"),
            )
        category = platforms.set_index("platform")["category"] if not platforms.empty else {}
        licences = licences.assign(platform=resolved)
        return licences.assign(category=licences["platform"].map(category))

    def platform_lists(self, table: pd.DataFrame, column: str, catalogue) -> pd.DataFrame:
        """Resolve a column of comma-separated platforms to ``;``-joined catalogue names."""
        if table.empty:
            return table
        resolved = []
        for row, names in zip(records(table), cells.split_list(table[column])):
            found = []
            for name in names:
                platform = self.resolve(name, catalogue)
                if platform is None:
                    self.log.error(
                        "E_UNKNOWN_PLATFORM",
                        self.unknown_platform(name, catalogue),
                        **self.place(row, column),
                    )
                elif platform not in found:
                    found.append(platform)
            resolved.append(";".join(found))
        return table.assign(**{column: resolved})

    def platform_names(self, table: pd.DataFrame, catalogue) -> pd.DataFrame:
        """Resolve the ``platform`` column to catalogue names."""
        if table.empty:
            return table
        resolved = self.resolve_all(table["platform"], catalogue)
        for row in records(table[resolved.isna() & table["platform"].notna()]):
            self.log.error(
                "E_UNKNOWN_PLATFORM",
                self.unknown_platform(row.platform, catalogue),
                **self.place(row, "platform"),
            )
        return table.assign(platform=resolved)

    def staffing(self, staffing, catalogue) -> pd.DataFrame:
        if staffing.empty:
            return staffing
        staffing = self.platform_lists(staffing, "platforms", catalogue)
        for row in records(staffing[staffing["fte"] >= LARGE_FTE]):
            per_cent = (
                f"if {row.fte:g} % was meant, write {row.fte / 100:g} or {row.fte:g}%; "
                if row.fte <= 100
                else ""
            )
            self.log.warning(
                "W_LARGE_FTE",
                f"{row.fte:g} FTE in one row is counted as {row.fte:g} full-time people; "
                f"{per_cent}if a decimal comma was meant (1,5), write 1.5",
                **self.place(row, "fte"),
            )
        no_cost = staffing["grade"].isna() & staffing["annual_cost_chf"].isna()
        for row in records(staffing[no_cost]):
            self.log.error(
                "E_NO_COST",
                f"a staffing row needs a {self.label(row, 'grade')} (looked up in StaffCosts) or "
                f"an {self.label(row, 'annual_cost_chf')}",
                **self.place(row, "grade"),
            )
        return staffing

    def unique(self, table: pd.DataFrame, key: list[str], sheet: str) -> pd.DataFrame:
        if table.empty:
            return table
        # names compare as the reader compares them: case and spacing aside
        comparable = table[key].apply(
            lambda c: c.map(lambda v: normalize_header(v) if isinstance(v, str) else v)
        )
        repeated = comparable.duplicated(keep="first") & table[key].notna().all(axis=1)
        firsts = {tuple(k): i for i, k in zip(table.index[~repeated], comparable[~repeated].values)}
        for index, row in zip(table.index[repeated], records(table[repeated])):
            first = table.loc[firsts[tuple(comparable.loc[index].values)]]
            self.log.error(
                "E_DUPLICATE_KEY",
                f"{sheet} has two rows for {', '.join(str(getattr(row, k)) for k in key)}; "
                f"the first is {first.source_file}, sheet {first.source_sheet}, "
                f"row {first.source_row}; keep one",
                **self.place(row, key[0]),
            )
        return table[~repeated].reset_index(drop=True)

    def rates_cover(self, licences: pd.DataFrame, rates: pd.DataFrame) -> None:
        foreign = licences[
            (licences["currency"] != REPORTING_CURRENCY)
            & licences["currency"].notna()
            & licences["start_date"].notna()
            & licences["end_date"].notna()
            & (licences["end_date"] >= licences["start_date"])
        ]
        if foreign.empty:
            return
        pieces = split_by_year(foreign["start_date"].to_numpy(), foreign["end_date"].to_numpy())
        years = foreign.iloc[pieces.period].assign(year=pieces.year)
        known = rates.dropna(subset=["currency", "year"])
        rate_keys = pd.MultiIndex.from_arrays([known["currency"], known["year"].astype("int64")])
        wanted = pd.MultiIndex.from_arrays([years["currency"], years["year"]])
        missing = ~wanted.isin(rate_keys)
        for row in records(years[missing]):
            self.log.error(
                "E_NO_RATE",
                f"no Rates row for {row.currency} in {row.year}; the line's service period "
                f"touches {row.year}: add a Rates row (Currency {row.currency}, Year {row.year}, "
                "CHF per unit)",
                **self.place(row, "currency"),
            )

    def staff_costs_cover(self, staffing: pd.DataFrame, staff_costs: pd.DataFrame) -> None:
        if staffing.empty:
            return
        need = staffing[staffing["annual_cost_chf"].isna() & staffing["grade"].notna()]
        known = set(zip(staff_costs["grade"], staff_costs["year"].astype("Int64")))
        for row in records(need):
            if not pd.isna(row.year) and (row.grade, row.year) not in known:
                self.log.error(
                    "E_NO_STAFF_COST",
                    f"no StaffCosts row for grade {row.grade} in {row.year}: add one, or give "
                    f"this row an {self.label(row, 'annual_cost_chf')}",
                    **self.place(row, "grade"),
                )

    def repeated_charges(self, licences: pd.DataFrame) -> pd.DataFrame:
        """Count a charge once when the same reference, unit, platform, amount and dates repeat."""
        key = ["reference", "unit", "platform", "amount", "currency", "start_date", "end_date"]
        if licences.empty:
            return licences
        has_ref = licences["reference"].notna()
        repeated = has_ref & licences.duplicated(key, keep="first")
        if not repeated.any():
            return licences  # the look-up below indexes every line by its key: only if needed
        firsts = licences[has_ref & ~repeated].set_index(key)
        for row in records(licences[repeated]):
            first = firsts.loc[tuple(getattr(row, k) for k in key)]
            if isinstance(first, pd.DataFrame):
                first = first.iloc[0]
            self.log.warning(
                "W_SAME_CHARGE_TWICE",
                f"same charge as {first.source_file}, sheet {first.source_sheet}, "
                f"row {first.source_row} (reference {row.reference}); counted once",
                **self.place(row, "reference"),
            )
        return licences[~repeated]

    def likely_copies(self, licences: pd.DataFrame, rates: pd.DataFrame) -> None:
        """Warn of lines alike in all but the reference: they are counted, but may be copies.

        Two identical subscriptions can be real, so each is counted; every line after the
        first of a group is a warning naming the others and the CHF it adds. A line marked
        yes in ``not_a_duplicate`` is a purchase the officer has confirmed, and not counted
        as a copy.
        """
        if licences.empty:
            return
        confirmed = licences.get("not_a_duplicate", pd.Series(False, index=licences.index))
        confirmed = confirmed.fillna(False).astype(bool)
        alike = licences[licences[ALIKE].notna().all(axis=1) & ~confirmed]
        copies = alike.duplicated(ALIKE, keep="first")
        if not copies.any():
            return
        chf = _chf_of_lines(alike[copies], rates)
        grouped = alike.groupby(ALIKE, sort=False, dropna=False)
        for (index, row), at_stake in zip(alike[copies].iterrows(), chf):
            group = grouped.get_group(tuple(row[ALIKE]))
            others = [
                f"{o.source_file}, sheet {o.source_sheet}, row {o.source_row} "
                f"({_reference_words(o.reference)})"
                for o in records(group)
                if o.Index != index
            ]
            self.log.warning(
                "W_LIKELY_DUPLICATE",
                f"this line ({_reference_words(row.reference)}) has the same unit, platform, "
                f"amount, currency and dates as {'; '.join(others)}: it may be a copy, and it "
                f"adds CHF {at_stake:,.2f}, which is counted. If it is a copy, delete it; if both "
                "are real purchases, write yes in a column 'Not a duplicate' on this line",
                **self.place(row, "reference"),
            )
        self.log.warning(
            "W_LIKELY_DUPLICATE",
            f"{int(copies.sum())} cost line(s) look like copies of other lines (CHF "
            f"{np.nansum(chf):,.2f} at stake); they are counted; each is listed with its place",
        )

    def references_repeated(self, licences: pd.DataFrame) -> None:
        """Warn of a reference on two lines that differ: one may correct the other.

        A corrected copy of a sheet (``Licences (2)`` beside ``Licences``) repeats most lines
        exactly, which are counted once, and changes a few; both versions of a changed line
        would be counted.
        """
        if licences.empty or "reference" not in licences:
            return
        with_ref = licences[licences["reference"].notna()]
        repeated = with_ref[with_ref.duplicated("reference", keep=False)]
        for _, group in repeated.groupby("reference", sort=False):
            first = group.iloc[0]
            for row in records(group.iloc[1:]):
                differs = [
                    self.label(row, c)
                    for c in ALIKE
                    if not (pd.isna(getattr(row, c)) and pd.isna(first[c]))
                    and getattr(row, c) != first[c]
                ]
                if not differs:
                    continue
                self.log.warning(
                    "W_REFERENCE_REPEATED",
                    f"reference {row.reference} is also on {first.source_file}, sheet "
                    f"{first.source_sheet}, row {first.source_row}, with another "
                    f"{', '.join(differs)}: both lines are counted. If one corrects the other, "
                    "delete the old one; if they are two charges, give each its own reference",
                    **self.place(row, "reference"),
                )

    def scenarios(self, scenarios: pd.DataFrame) -> pd.DataFrame:
        for row in records(scenarios):
            if isinstance(row.scenario, str) and row.scenario.strip().lower() in RESERVED_SCENARIOS:
                self.log.error(
                    "E_RESERVED_SCENARIO",
                    f"{row.scenario!r} is added by the analysis itself; give this option "
                    "another name",
                    **self.place(row, "scenario"),
                )
            if isinstance(row.keep, str) and not row.keep and not pd.isna(row.scenario):
                self.log.error(
                    "E_MISSING_VALUE",
                    "a scenario must keep at least one platform",
                    **self.place(row, "keep"),
                )
        return scenarios

    def requirements(self, requirements: pd.DataFrame, platforms: pd.DataFrame) -> pd.DataFrame:
        """Check each requirement names something the catalogue can answer."""
        if requirements.empty:
            return requirements.assign(
                kind=pd.Series(dtype=object),
                target=pd.Series(dtype=object),
                function=pd.Series(dtype=object),
            )
        yes_no = [f.column for f in fields("Platforms") if f.kind == "yesno"]
        categories = sorted(set(platforms["category"].dropna())) if not platforms.empty else []
        kinds: list[str] = []
        targets: list[Any] = []
        functions: list[str] = []
        by_name = {c.lower(): c for c in categories}
        for row in records(requirements):
            kind, target, problem = parse_requirement(row.requirement, yes_no, categories)
            kinds.append(kind)
            targets.append(target)
            if problem:
                self.log.error("E_BAD_REQUIREMENT", problem, **self.place(row, "requirement"))
            function = row.function if isinstance(row.function, str) else ""
            if function and function.lower() not in by_name:
                self.log.error(
                    "E_BAD_REQUIREMENT",
                    f"no platform has the function (category) {function!r}; use one of "
                    f"{', '.join(categories)}, or leave it empty for every function",
                    **self.place(row, "function"),
                )
            functions.append(by_name.get(function.lower(), function))
        return requirements.assign(kind=kinds, target=targets, function=functions)

    def entitlements(self, entitlements: pd.DataFrame, catalogue: dict[str, str]) -> pd.DataFrame:
        """Resolve platforms, read seats as a number or all, and check the period."""
        if entitlements.empty:
            return entitlements.assign(seat_count=pd.Series(dtype="float64"))
        entitlements = self.platform_names(entitlements, catalogue)
        counts: list[Any] = []
        for row in records(entitlements):
            text = str(row.seats).strip().lower() if not pd.isna(row.seats) else ""
            count = float("inf") if text == "all" else _whole_number(text)
            if count is None:
                self.log.error(
                    "E_BAD_VALUE",
                    f"{row.seats!r} is not a number of seats; write a whole number such as 800, "
                    "or all",
                    **self.place(row, "seats"),
                )
            counts.append(count)
            if (
                not pd.isna(row.start_date)
                and not pd.isna(row.end_date)
                and row.end_date < row.start_date
            ):
                self.log.error(
                    "E_PERIOD_REVERSED",
                    f"the entitlement ends ({row.end_date:%Y-%m-%d}) before it starts "
                    f"({row.start_date:%Y-%m-%d}); the end date is its last day",
                    **self.place(row, "end_date"),
                )
        return entitlements.assign(seat_count=counts)

    def assumptions(self, assumptions: pd.DataFrame) -> pd.DataFrame:
        """Check names, kinds and ranges of the assumptions given."""
        if assumptions.empty:
            return assumptions
        known = assumptions_known()
        for row in records(assumptions):
            if pd.isna(row.name):
                continue
            name = normalize_header(row.name)
            if name not in known.index:
                self.log.error(
                    "E_UNKNOWN_ASSUMPTION",
                    unknown_value(row.name, list(known.index), "assumption"),
                    **self.place(row, "name"),
                )
                continue
            spec: Any = known.loc[name]
            for column in ("value", "low", "high"):
                value = getattr(row, column)
                if pd.isna(value):
                    continue
                low, high = float(spec.minimum), float(spec.maximum)
                whole = spec.kind in ("integer", "flag")
                if value < low or value > high or (whole and value != int(value)):
                    kind = {"flag": "1 (yes) or 0 (no)", "integer": "a whole number"}.get(
                        spec.kind, "a number"
                    )
                    self.log.error(
                        "E_OUT_OF_RANGE",
                        f"{value:g} is out of range; {name} is {kind} between {low:g} and "
                        f"{high:g} ({spec.unit})",
                        **self.place(row, column),
                    )
            has_range = not (pd.isna(row.low) and pd.isna(row.high))
            if has_range and spec.kind != "number":
                self.log.error(
                    "E_BAD_RANGE",
                    f"{name} takes no low/high range ({spec.kind}); leave low and high empty",
                    **self.place(row, "low"),
                )
            elif has_range and not (
                (pd.isna(row.low) or row.low <= row.value)
                and (pd.isna(row.high) or row.value <= row.high)
            ):
                self.log.error(
                    "E_BAD_RANGE",
                    f"low ({row.low:g}) ≤ value ({row.value:g}) ≤ high ({row.high:g}) must hold",
                    **self.place(row, "value"),
                )
        return assumptions.assign(name=assumptions["name"].map(normalize_header))

    def about(self, about: pd.DataFrame) -> dict[str, object]:
        facts: dict[str, object] = {}
        for row in records(about):
            if pd.isna(row.field):
                continue
            facts[normalize_header(row.field)] = row.value
        if "illustrative" in facts:
            value, bad = cells.parse_yesno(pd.Series([facts["illustrative"]], dtype=object))
            facts["illustrative"] = bool(value.iloc[0]) if not bad.iloc[0] else True
        return facts
