"""Build the ILLUSTRATIVE input workbooks shipped in ``data/raw/``.

The numbers below are not the organisation's accounts. They are a plausible,
openly derived picture of what eight virtual-meeting platforms bought by four
units (GS, BR, BDT, TSB) could have cost in 2020 and 2021, so that the analysis
can be run, tested and shown before real data is available. Where a public list
price exists it is used (see ``/work/shared/context/public-figures.md`` and
``data/raw/README.md``); everything else is an assumption and the README says so.

Every cost line carries its derivation in its ``Item`` text, e.g.
"Zoom Pro 10 hosts x 12 months x USD 14.99". The tables are kept as plain data
at the top of this file so that a reader can check each figure by eye.

Usage::

    python tools/build_illustrative_data.py OUTDIR [--overwrite]

OUTDIR is required and there is no default: the script never writes into
``data/raw/`` by itself. Build into a scratch folder, look at the result, then
copy the two workbooks into ``data/raw/`` by hand.

Writes ``licences_2020_2021.xlsx`` (sheets Licences, Rates) and
``platforms_staffing.xlsx`` (sheets Platforms, Staffing, StaffCosts, About).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

LICENCES_FILE = "licences_2020_2021.xlsx"
PLATFORMS_FILE = "platforms_staffing.xlsx"

# A fixed creation time, so that rebuilding does not pretend the data is new.
CREATED = datetime(2022, 1, 31, 12, 0, 0)

D = date  # short alias to keep the tables readable

# ---------------------------------------------------------------------------
# Licences: one row per cost line. Amount is the cost of the whole service
# period (start and end dates inclusive) in the line's currency.
# Prices marked "assumed" are not public; see data/raw/README.md.
# ---------------------------------------------------------------------------
LICENCES_TITLE = (
    "ILLUSTRATIVE cost lines for virtual-meeting platforms 2020-2021 "
    "(not the organisation's accounts)"
)
LICENCES_HEADER = (
    "Unit",
    "Platform",
    "Item",
    "Cost type",
    "Quantity",
    "Quantity unit",
    "Amount",
    "Currency",
    "Start date",
    "End date",
    "Reference",
)
# fmt: off
LICENCES = [
    # --- Interprefy: GS, BR, BDT (multilingual, remote interpretation) -----------------------
    ("GS", "Interprefy",
     "Interprefy platform subscription 12 months x CHF 4,500 (assumed price)",
     "licence", 12, "month", 54000.00, "CHF", D(2020, 4, 1), D(2021, 3, 31), "PO-2020-0113"),
    ("GS", "Interprefy",
     "Interprefy RSI platform hours with technician 180 hours x CHF 650 (assumed rate)",
     "interpretation", 180, "hour", 117000.00, "CHF", D(2020, 4, 1), D(2020, 12, 31),
     "PO-2020-0114"),
    ("GS", "Interprefy",
     "Interprefy platform subscription 9 months x CHF 4,500 (assumed price)",
     "licence", 9, "month", 40500.00, "CHF", D(2021, 4, 1), D(2021, 12, 31), "PO-2021-0087"),
    ("GS", "Interprefy",
     "Interprefy RSI platform hours with technician 240 hours x CHF 650 (assumed rate)",
     "interpretation", 240, "hour", 156000.00, "CHF", D(2021, 1, 1), D(2021, 12, 31),
     "PO-2021-0012"),
    ("GS", "Interprefy",
     "Interpreter USB headsets 40 x CHF 180 (assumed price)",
     "hardware", 40, "headset", 7200.00, "CHF", D(2020, 5, 1), D(2020, 5, 31), "PO-2020-0141"),
    ("BR", "Interprefy",
     "Interprefy event licences 8 events x CHF 3,000 (assumed; 'several thousand francs')",
     "licence", 8, "event", 24000.00, "CHF", D(2020, 7, 1), D(2021, 6, 30), "PO-2020-0208"),
    ("BR", "Interprefy",
     "Interprefy RSI platform hours with technician 60 hours x CHF 650 (assumed rate)",
     "interpretation", 60, "hour", 39000.00, "CHF", D(2020, 9, 1), D(2020, 12, 31),
     "PO-2020-0251"),
    ("BR", "Interprefy",
     "Interprefy RSI platform hours with technician 90 hours x CHF 650 (assumed rate)",
     "interpretation", 90, "hour", 58500.00, "CHF", D(2021, 1, 1), D(2021, 12, 31),
     "PO-2021-0031"),
    ("BR", "Interprefy",
     "Interprefy event licences 4 events x CHF 3,000 (assumed; 'several thousand francs')",
     "licence", 4, "event", 12000.00, "CHF", D(2021, 7, 1), D(2021, 12, 31), "PO-2021-0190"),
    ("BDT", "Interprefy",
     "Interprefy event licences 6 events x EUR 2,800 (assumed price)",
     "licence", 6, "event", 16800.00, "EUR", D(2020, 7, 1), D(2021, 6, 30), "PO-2020-0219"),
    ("BDT", "Interprefy",
     "Interprefy RSI platform hours with technician 72 hours x EUR 600 (assumed rate)",
     "interpretation", 72, "hour", 43200.00, "EUR", D(2020, 10, 1), D(2021, 9, 30),
     "PO-2020-0288"),
    ("BDT", "Interprefy",
     "Interprefy event licences 3 events x EUR 2,800 (assumed price)",
     "licence", 3, "event", 8400.00, "EUR", D(2021, 7, 1), D(2021, 12, 31), "PO-2021-0201"),
    # --- MyMeetings: TSB (multilingual, remote interpretation) -------------------------------
    ("TSB", "MyMeetings",
     "MyMeetings RSI module development and hosting 12 months x CHF 6,000 (assumed)",
     "service", 12, "month", 72000.00, "CHF", D(2020, 4, 1), D(2021, 3, 31), "PO-2020-0120"),
    ("TSB", "MyMeetings",
     "MyMeetings RSI platform hours with technician 200 hours x CHF 650 (assumed rate)",
     "interpretation", 200, "hour", 130000.00, "CHF", D(2020, 4, 1), D(2020, 12, 31),
     "PO-2020-0121"),
    ("TSB", "MyMeetings",
     "MyMeetings hosting and maintenance 9 months x CHF 6,000 (assumed)",
     "service", 9, "month", 54000.00, "CHF", D(2021, 4, 1), D(2021, 12, 31), "PO-2021-0095"),
    ("TSB", "MyMeetings",
     "MyMeetings RSI platform hours with technician 260 hours x CHF 650 (assumed rate)",
     "interpretation", 260, "hour", 169000.00, "CHF", D(2021, 1, 1), D(2021, 12, 31),
     "PO-2021-0018"),
    ("TSB", "MyMeetings",
     "Interpreter USB headsets 30 x CHF 180 (assumed price)",
     "hardware", 30, "headset", 5400.00, "CHF", D(2020, 6, 1), D(2020, 6, 30), "PO-2020-0163"),
    # --- Zoom: bought separately by all four units (fragmented purchasing) -------------------
    ("GS", "Zoom",
     "Zoom Pro 10 hosts x 12 months x USD 14.99 (list price)",
     "licence", 10, "host", 1798.80, "USD", D(2020, 4, 1), D(2021, 3, 31), "PO-2020-0109"),
    ("GS", "Zoom",
     "Zoom Pro 10 hosts x 9 months x USD 14.99 (list price)",
     "licence", 10, "host", 1349.10, "USD", D(2021, 4, 1), D(2021, 12, 31), "PO-2021-0088"),
    ("BR", "Zoom",
     "Zoom Pro 5 hosts x 12 months x USD 14.99 (list price)",
     "licence", 5, "host", 899.40, "USD", D(2020, 5, 1), D(2021, 4, 30), "PO-2020-0155"),
    ("BR", "Zoom",
     "Zoom Pro 5 hosts x 8 months x USD 14.99 (list price)",
     "licence", 5, "host", 599.60, "USD", D(2021, 5, 1), D(2021, 12, 31), "PO-2021-0112"),
    ("BDT", "Zoom",
     "Zoom Pro 12 hosts x 12 months x USD 14.99 (list price)",
     "licence", 12, "host", 2158.56, "USD", D(2020, 6, 1), D(2021, 5, 31), "PO-2020-0170"),
    ("TSB", "Zoom",
     "Zoom Pro 4 hosts x 12 months x USD 14.99 (list price)",
     "licence", 4, "host", 719.52, "USD", D(2021, 1, 1), D(2021, 12, 31), "PO-2021-0020"),
    # --- Microsoft Teams: GS for the whole house ---------------------------------------------
    ("GS", "Microsoft Teams",
     "Office 365 E3 800 users x 6 months x USD 20 (list price) x 10% attributed to Teams "
     "(assumed share)",
     "licence", 800, "user", 9600.00, "USD", D(2020, 1, 1), D(2020, 6, 30), "PO-2020-0002"),
    ("GS", "Microsoft Teams",
     "Office 365 E3 800 users x 12 months x USD 20 (list price) x 10% attributed to Teams "
     "(assumed share)",
     "licence", 800, "user", 19200.00, "USD", D(2020, 7, 1), D(2021, 6, 30), "PO-2020-0201"),
    ("GS", "Microsoft Teams",
     "Office 365 E3 820 users x 6 months x USD 20 (list price) x 10% attributed to Teams "
     "(assumed share)",
     "licence", 820, "user", 9840.00, "USD", D(2021, 7, 1), D(2021, 12, 31), "PO-2021-0175"),
    # --- Skype for Business: ends with Skype for Business Online on 2021-07-31 ---------------
    ("GS", "Skype for Business",
     "Office 365 E3 800 users x 12 months x USD 20 (list price) x 5% attributed to Skype for "
     "Business Online (assumed share)",
     "licence", 800, "user", 9600.00, "USD", D(2020, 1, 1), D(2020, 12, 31), "PO-2020-0003"),
    ("GS", "Skype for Business",
     "Office 365 E3 800 users x 7 months x USD 20 (list price) x 5% attributed to Skype for "
     "Business Online (assumed share)",
     "licence", 800, "user", 5600.00, "USD", D(2021, 1, 1), D(2021, 7, 31), "PO-2021-0004"),
    ("BR", "Skype for Business",
     "Skype for Business dial-in conferencing 40 users x 12 months x USD 4 (assumed price)",
     "service", 40, "user", 1920.00, "USD", D(2020, 8, 1), D(2021, 7, 31), "PO-2020-0232"),
    # --- Adobe Connect: TSB and BDT ----------------------------------------------------------
    ("TSB", "Adobe Connect",
     "Adobe Connect 3 named hosts x 12 months x USD 130 (assumed price)",
     "licence", 3, "host", 4680.00, "USD", D(2020, 1, 1), D(2020, 12, 31), "PO-2020-0007"),
    ("TSB", "Adobe Connect",
     "Adobe Connect 3 named hosts x 6 months x USD 130 (assumed price)",
     "licence", 3, "host", 2340.00, "USD", D(2021, 1, 1), D(2021, 6, 30), "PO-2021-0009"),
    ("BDT", "Adobe Connect",
     "Adobe Connect seminar room up to 1,500 x 12 months x EUR 450 (assumed price)",
     "licence", 1, "room", 5400.00, "EUR", D(2020, 3, 1), D(2021, 2, 28), "PO-2020-0061"),
    # --- GoToMeeting: TSB and BDT ------------------------------------------------------------
    ("TSB", "GoToMeeting",
     "GoToMeeting Business 6 organisers x 12 months x USD 16 (assumed price)",
     "licence", 6, "host", 1152.00, "USD", D(2020, 1, 1), D(2020, 12, 31), "PO-2020-0008"),
    ("TSB", "GoToMeeting",
     "GoToMeeting Business 4 organisers x 12 months x USD 16 (assumed price)",
     "licence", 4, "host", 768.00, "USD", D(2021, 1, 1), D(2021, 12, 31), "PO-2021-0010"),
    ("BDT", "GoToMeeting",
     "GoToMeeting Business 3 organisers x 12 months x EUR 14 (assumed price)",
     "licence", 3, "host", 504.00, "EUR", D(2020, 4, 1), D(2021, 3, 31), "PO-2020-0098"),
    # --- GoToWebinar: TSB and BR -------------------------------------------------------------
    ("TSB", "GoToWebinar",
     "GoToWebinar Standard 2 organisers x 12 months x USD 99 (assumed price)",
     "licence", 2, "host", 2376.00, "USD", D(2020, 3, 1), D(2021, 2, 28), "PO-2020-0055"),
    ("TSB", "GoToWebinar",
     "GoToWebinar Standard 2 organisers x 10 months x USD 99 (assumed price)",
     "licence", 2, "host", 1980.00, "USD", D(2021, 3, 1), D(2021, 12, 31), "PO-2021-0041"),
    ("BR", "GoToWebinar",
     "GoToWebinar Standard 1 organiser x 12 months x USD 99 (assumed price)",
     "licence", 1, "host", 1188.00, "USD", D(2020, 6, 1), D(2021, 5, 31), "PO-2020-0177"),
]
# fmt: on

# ---------------------------------------------------------------------------
# Rates: CHF for one unit of the currency, approximate yearly averages.
# Assumption: the UN operational rates of exchange were not found in public copies.
# ---------------------------------------------------------------------------
RATES_HEADER = ("Currency", "Year", "CHF per unit")
RATES = [
    ("USD", 2020, 0.9385),
    ("USD", 2021, 0.9143),
    ("EUR", 2020, 1.0703),
    ("EUR", 2021, 1.0811),
]

# ---------------------------------------------------------------------------
# Platforms: the catalogue. Capabilities are ILLUSTRATIVE, chosen to reflect the
# Council paper's complaints (no Microsoft Edge, no phones or tablets, unclear
# personal-data protection). Max participants: Interprefy 300 interactive (plus
# 2,000 observers) and Teams 250 are public; Adobe Connect 1,500 is the seminar
# room cap on Adobe's help pages; the others are assumptions.
# ---------------------------------------------------------------------------
PLATFORMS_HEADER = (
    "Platform",
    "Category",
    "Aliases",
    "Vendor",
    "Interpretation",
    "Browser Edge",
    "Browser Chrome",
    "Browser Firefox",
    "Browser Safari",
    "Mobile",
    "Tablet",
    "Max participants",
    "Data protection",
    "End of life",
)
# fmt: off
PLATFORMS = [
    # platform, category, aliases, vendor,
    #   interp, edge, chrome, firefox, safari, mobile, tablet, max, data protection, end of life
    ("Interprefy", "multilingual meeting", "Interprefy Connect", "Interprefy AG",
     "yes", "yes", "yes", "yes", "yes", "yes", "yes", 300, "assessed", None),
    ("MyMeetings", "multilingual meeting", "My Meetings, ITU MyMeetings", "In-house (TSB)",
     "yes", "no", "yes", "yes", "no", "no", "no", 500, "unclear", None),
    ("Zoom", "meeting", "Zoom Meetings, Zoom Pro", "Zoom Video Communications",
     "no", "yes", "yes", "yes", "yes", "yes", "yes", 100, "unclear", None),
    ("Microsoft Teams", "meeting", "MS Teams, Teams", "Microsoft",
     "no", "yes", "yes", "no", "no", "yes", "yes", 250, "assessed", None),
    ("GoToMeeting", "meeting", "GoTo Meeting", "LogMeIn",
     "no", "yes", "yes", "no", "no", "yes", "yes", 250, "unclear", None),
    ("GoToWebinar", "webinar", "GoTo Webinar", "LogMeIn",
     "no", "yes", "yes", "yes", "yes", "yes", "yes", 500, "unclear", None),
    ("Skype for Business", "meeting", "Skype, SfB, Skype for Business Online", "Microsoft",
     "no", "no", "yes", "yes", "yes", "yes", "yes", 250, "assessed", D(2021, 7, 31)),
    ("Adobe Connect", "webinar", "Adobe", "Adobe",
     "no", "yes", "yes", "yes", "yes", "no", "yes", 1500, "unclear", None),
]
# fmt: on

# ---------------------------------------------------------------------------
# Staffing: support teams in GS and TSB (the duplication the Council paper names).
# No person names. Annual cost CHF only for the consultant (no grade).
# ---------------------------------------------------------------------------
STAFFING_HEADER = (
    "Year",
    "Unit",
    "Team",
    "Role",
    "Grade",
    "FTE",
    "Platform share",
    "Platforms",
    "Annual cost CHF",
)
GS_PLATFORMS = "Interprefy, Zoom, Microsoft Teams, Skype for Business"
TSB_PLATFORMS = "MyMeetings, Zoom, Adobe Connect, GoToMeeting, GoToWebinar"
# fmt: off
STAFFING = [
    (2020, "GS", "Conference IT support", "Team lead", "P4", 1.0, 0.3, GS_PLATFORMS, None),
    (2020, "GS", "Conference IT support", "Platform support officer", "P3", 1.0, 0.8,
     GS_PLATFORMS, None),
    (2020, "GS", "Conference IT support", "Support technician", "G5", 2.0, 0.6, GS_PLATFORMS,
     None),
    (2020, "GS", "Conference IT support", "Remote participation consultant", None, 1.0, 1.0,
     "Interprefy, Zoom", 96000.00),
    (2020, "TSB", "TSB meetings support", "Meetings support officer", "P3", 1.0, 0.7,
     TSB_PLATFORMS, None),
    (2020, "TSB", "TSB meetings support", "Support assistant", "G5", 2.0, 0.5, TSB_PLATFORMS,
     None),
    (2020, "TSB", "TSB meetings support", "MyMeetings developer", "G6", 1.0, 0.6, "MyMeetings",
     None),
    (2021, "GS", "Conference IT support", "Team lead", "P4", 1.0, 0.3, GS_PLATFORMS, None),
    (2021, "GS", "Conference IT support", "Platform support officer", "P3", 1.0, 0.8,
     GS_PLATFORMS, None),
    (2021, "GS", "Conference IT support", "Support technician", "G5", 2.5, 0.6, GS_PLATFORMS,
     None),
    (2021, "GS", "Conference IT support", "Remote participation consultant", None, 1.0, 1.0,
     "Interprefy, Zoom", 98000.00),
    (2021, "TSB", "TSB meetings support", "Meetings support officer", "P3", 1.0, 0.7,
     TSB_PLATFORMS, None),
    (2021, "TSB", "TSB meetings support", "Support assistant", "G5", 2.0, 0.5, TSB_PLATFORMS,
     None),
    (2021, "TSB", "TSB meetings support", "MyMeetings developer", "G6", 1.0, 0.5, "MyMeetings",
     None),
]
# fmt: on

# ---------------------------------------------------------------------------
# StaffCosts: assumed standard annual cost of one FTE per grade (CHF, Geneva,
# salary plus common staff costs). UN standard costs were not found in public copies.
# ---------------------------------------------------------------------------
STAFFCOSTS_HEADER = ("Grade", "Year", "Annual cost CHF")
STAFFCOSTS = [
    ("P4", 2020, 230000.00),
    ("P4", 2021, 232000.00),
    ("P3", 2020, 195000.00),
    ("P3", 2021, 197000.00),
    ("G6", 2020, 150000.00),
    ("G6", 2021, 151000.00),
    ("G5", 2020, 135000.00),
    ("G5", 2021, 136000.00),
]

# ---------------------------------------------------------------------------
# About: facts about the data set.
# ---------------------------------------------------------------------------
ABOUT_HEADER = ("Field", "Value")
ABOUT = [
    ("illustrative", "yes"),
    ("title", "Illustrative data: virtual-meeting platforms 2020–2021"),
    ("data_date", D(2022, 1, 31)),
    ("contact", "Finance focal point (illustrative)"),
]

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"


def write_table(
    ws: Worksheet,
    header: tuple[str, ...],
    rows: list[tuple],
    *,
    first_row: int = 1,
    formats: dict[str, str] | None = None,
) -> None:
    """Write a bold header at ``first_row`` and the rows below it, with cell formats."""
    formats = formats or {}
    for col, name in enumerate(header, start=1):
        ws.cell(row=first_row, column=col, value=name).font = Font(bold=True)
    for r, row in enumerate(rows, start=first_row + 1):
        assert len(row) == len(header), f"row {r} of {ws.title} has {len(row)} values"
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif header[col - 1] in formats:
                cell.number_format = formats[header[col - 1]]
    for col, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(row[col - 1] or "")) for row in rows])
        ws.column_dimensions[ws.cell(row=first_row, column=col).column_letter].width = min(
            width + 2, 60
        )


def new_workbook() -> Workbook:
    """Return an empty workbook with fixed document properties."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "tools/build_illustrative_data.py"
    wb.properties.title = "Illustrative data: virtual-meeting platforms 2020–2021"
    wb.properties.created = CREATED
    return wb


def build_licences(path: Path) -> None:
    """Write the Licences and Rates sheets."""
    wb = new_workbook()
    ws = wb.create_sheet("Licences")
    ws.cell(row=1, column=1, value=LICENCES_TITLE).font = Font(bold=True, size=12)
    # Row 2 left blank on purpose: the header may sit below title rows.
    write_table(ws, LICENCES_HEADER, LICENCES, first_row=3, formats={"Amount": MONEY_FORMAT})
    ws.freeze_panes = "A4"
    write_table(wb.create_sheet("Rates"), RATES_HEADER, RATES, formats={"CHF per unit": "0.0000"})
    wb.save(path)


def build_platforms_staffing(path: Path) -> None:
    """Write the Platforms, Staffing, StaffCosts and About sheets."""
    wb = new_workbook()
    write_table(wb.create_sheet("Platforms"), PLATFORMS_HEADER, PLATFORMS)
    write_table(
        wb.create_sheet("Staffing"),
        STAFFING_HEADER,
        STAFFING,
        formats={"Annual cost CHF": MONEY_FORMAT},
    )
    write_table(
        wb.create_sheet("StaffCosts"),
        STAFFCOSTS_HEADER,
        STAFFCOSTS,
        formats={"Annual cost CHF": MONEY_FORMAT},
    )
    write_table(wb.create_sheet("About"), ABOUT_HEADER, ABOUT)
    wb.save(path)


def check_tables() -> None:
    """Fail early on slips in the tables above (duplicates, bad dates, unknown names)."""
    references = [row[-1] for row in LICENCES]
    assert len(set(references)) == len(references), "references must be distinct"
    assert len(set(LICENCES)) == len(LICENCES), "two licence lines are identical"
    platforms = {row[0] for row in PLATFORMS}
    for row in LICENCES:
        unit, platform, *_, amount, currency, start, end, _ref = row
        assert unit in {"GS", "BR", "BDT", "TSB"}, row
        assert platform in platforms, row
        assert currency in {"CHF", "USD", "EUR"}, row
        assert amount >= 0 and start <= end, row
    grades = {(g, y) for g, y, _ in STAFFCOSTS}
    for row in STAFFING:
        year, _unit, _team, _role, grade, _fte, share, names, cost = row
        assert 0 < share <= 1, row
        assert (grade is None) == (cost is not None), row
        assert grade is None or (grade, year) in grades, row
        assert all(name.strip() in platforms for name in names.split(",")), row


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write both workbooks into OUTDIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="folder to write the two workbooks into")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace workbooks already in OUTDIR"
    )
    args = parser.parse_args(argv)

    check_tables()
    args.outdir.mkdir(parents=True, exist_ok=True)
    targets = [args.outdir / LICENCES_FILE, args.outdir / PLATFORMS_FILE]
    existing = [p for p in targets if p.exists()]
    if existing and not args.overwrite:
        names = ", ".join(str(p) for p in existing)
        print(f"refusing to overwrite {names} (use --overwrite)", file=sys.stderr)
        return 1
    build_licences(targets[0])
    build_platforms_staffing(targets[1])
    for path in targets:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
