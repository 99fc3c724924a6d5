"""Build the ILLUSTRATIVE input workbooks shipped in ``data/raw/``.

The numbers below are not the organisation's accounts. They are a plausible,
openly derived picture of what eight virtual-meeting platforms bought by four
units (GS, BR, BDT, TSB) could have cost in 2020 and 2021, and of the options for
consolidating them over 2022-2026, so that the analysis can be run, tested and
shown before real data is available. Where a public list price exists it is used
(see ``/work/shared/context/public-figures.md`` and ``data/raw/README.md``);
everything else is an assumption and the README says so.

Every cost line carries its derivation in its ``Item`` text, e.g.
"Zoom Pro 10 hosts x 12 months x USD 14.99". The tables are kept as plain data
at the top of this file so that a reader can check each figure by eye.

Usage::

    python tools/build_illustrative_data.py OUTDIR [--overwrite]

OUTDIR is required and there is no default: the script never writes into
``data/raw/`` by itself. Build into a scratch folder, look at the result, then
copy the three workbooks into ``data/raw/`` by hand.

Writes ``licences_2020_2021.xlsx`` (sheets Licences, Rates),
``platforms_staffing.xlsx`` (sheets Platforms, Staffing, StaffCosts, About) and
``scenarios_2022_2026.xlsx`` (sheets Scenarios, Requirements, Entitlements, Usage,
Assumptions).
The Assumptions table is checked against ``analysis/metadata/assumptions.csv``
(one row per name, values in range, low/high only for uncertain numbers).
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

LICENCES_FILE = "licences_2020_2021.xlsx"
PLATFORMS_FILE = "platforms_staffing.xlsx"
SCENARIOS_FILE = "scenarios_2022_2026.xlsx"

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
# List prices (Platforms sheet): CHF per list-price unit, per year for seats (user,
# host) and per use for events. The model uses a list price only where a kept platform
# has no observed unit price of its own in the analysed year (2021) for the demand it
# receives. USD prices are converted at the 2021 rate of the Rates sheet.
# ---------------------------------------------------------------------------
USD_2021 = {(c, y): r for c, y, r in RATES}[("USD", 2021)]  # 0.9143
TEAMS_SHARE = 0.10  # part of Office 365 E3 counted as Teams, as on the Licences lines
LIST_PRICES = {
    # Office 365 E3 USD 20 per user per month (public) x 12 x 10 % Teams share (assumed,
    # the same share as the Licences lines) = USD 24 = CHF 21.94 per user per year.
    "Microsoft Teams": (round(20 * 12 * TEAMS_SHARE * USD_2021, 2), "user"),
    # Zoom Pro USD 14.99 per host per month (public) x 12 = USD 179.88 = CHF 164.46.
    "Zoom": (round(14.99 * 12 * USD_2021, 2), "host"),
    # Interprefy has no list price here: its own lines already price what it charges by
    # (events for BR and BDT, interpreted hours for all three units), and a use moved to it
    # is charged by those, like for like.
    "Interprefy": (None, None),
    # MyMeetings: incremental cost of hosting one more unit's event on TSB's in-house
    # platform (assumed): about one working day of the G6 developer (CHF 151,000 / 220
    # days = CHF 690) plus set-up, hosting and testing, rounded to CHF 1,000.
    "MyMeetings": (1000.00, "event"),
}

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
    "Interpretation languages",
    "Data protection",
    "End of life",
    "List price CHF",
    "List price unit",
)
# fmt: off
PLATFORMS = [
    # platform, category, aliases, vendor,
    #   interp, edge, chrome, firefox, safari, mobile, tablet, max, interpretation languages
    #   (Interprefy: six languages, public; MyMeetings: six, assumption), data protection,
    #   end of life,
    #   list price CHF, list price unit (see LIST_PRICES below)
    ("Interprefy", "multilingual meeting", "Interprefy Connect", "Interprefy AG",
     "yes", "yes", "yes", "yes", "yes", "yes", "yes", 300, 6, "assessed", None,
     *LIST_PRICES["Interprefy"]),
    ("MyMeetings", "multilingual meeting", "My Meetings, ITU MyMeetings", "In-house (TSB)",
     "yes", "no", "yes", "yes", "no", "no", "no", 500, 6, "unclear", None,
     *LIST_PRICES["MyMeetings"]),
    ("Zoom", "meeting", "Zoom Meetings, Zoom Pro", "Zoom Video Communications",
     "no", "yes", "yes", "yes", "yes", "yes", "yes", 100, None, "unclear", None,
     *LIST_PRICES["Zoom"]),
    ("Microsoft Teams", "meeting", "MS Teams, Teams", "Microsoft",
     "no", "yes", "yes", "no", "no", "yes", "yes", 250, None, "assessed", None,
     *LIST_PRICES["Microsoft Teams"]),
    ("GoToMeeting", "meeting", "GoTo Meeting", "LogMeIn",
     "no", "yes", "yes", "no", "no", "yes", "yes", 250, None, "unclear", None, None, None),
    ("GoToWebinar", "webinar", "GoTo Webinar", "LogMeIn",
     "no", "yes", "yes", "yes", "yes", "yes", "yes", 500, None, "unclear", None, None, None),
    ("Skype for Business", "meeting", "Skype, SfB, Skype for Business Online", "Microsoft",
     "no", "no", "yes", "yes", "yes", "yes", "yes", 250, None, "assessed", D(2021, 7, 31),
     None, None),
    ("Adobe Connect", "webinar", "Adobe", "Adobe",
     "no", "yes", "yes", "yes", "yes", "no", "yes", 1500, None, "unclear", None, None, None),
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

# ===========================================================================
# scenarios_2022_2026.xlsx: the consolidation options and what the model needs to
# cost them over 2022-2026 (the analysed year is 2021, the horizon five years).
# ===========================================================================

# ---------------------------------------------------------------------------
# Scenarios: the options to compare. "status quo" and "optimal" are added by the
# analysis itself and must not be named here. An empty start date means the default,
# 1 January after the analysed year (2022-01-01).
# ---------------------------------------------------------------------------
SCENARIOS_HEADER = ("Scenario", "Keep", "Central support unit", "Start date")
# fmt: off
SCENARIOS = [
    # The Council paper's proposal: one multilingual platform, one meeting platform,
    # support centralised in one unit (the paper's footnote points to the GS ICT service).
    ("one multilingual + one meeting platform, central support",
     "Interprefy, Microsoft Teams", "GS", None),
    # The same platforms with today's two support teams: shows what centralising adds.
    ("one multilingual + one meeting platform, support as today",
     "Interprefy, Microsoft Teams", None, None),
    # The sharpest cut: everything on Teams (it has no interpretation in the catalogue).
    ("single platform", "Microsoft Teams", "GS", None),
    # Keep both multilingual platforms, move all other meetings to Teams, from mid-2022.
    ("multilingual pair kept, meetings on Teams",
     "Interprefy, MyMeetings, Microsoft Teams", None, D(2022, 7, 1)),
]
# fmt: on

# ---------------------------------------------------------------------------
# Requirements: what each unit needs a kept platform to do, drawn from the Council
# paper: tools that do not work in Microsoft Edge or on phones and tablets were a
# complaint; GS, BR and BDT hold multilingual meetings on Interprefy and TSB on
# MyMeetings (statutory meetings with interpretation in the six official languages);
# the second Virtual Consultation of Councillors (GS) had 272 delegates (public).
# Assessed data protection is a model rule (Assumptions allow_unassessed_data_protection
# = 0), not a row here.
# ---------------------------------------------------------------------------
REQUIREMENTS_HEADER = ("Unit", "Requirement", "Function")
REQUIREMENTS = [
    *[
        (unit, need, function)
        for unit in ("GS", "BR", "BDT", "TSB")
        for need, function in (
            # interpretation into the six official languages, for statutory meetings
            ("languages>=6", "multilingual meeting"),
            # every tool, whatever it is for, must work in Edge and on phones and tablets
            ("browser_edge", None),
            ("mobile", None),
            ("tablet", None),
        )
    ],
    # the second Virtual Consultation of Councillors (GS, on Interprefy): 272 delegates
    ("GS", "participants>=272", "multilingual meeting"),
]

# ---------------------------------------------------------------------------
# Entitlements: platforms a unit may already use without buying licences. Office 365 E3
# (which includes Teams) is bought by GS for the whole house (the Licences lines
# PO-2020-0002, PO-2020-0201 and PO-2021-0175: 800 users, 820 from July 2021), so every
# unit's staff already hold Teams.
# ---------------------------------------------------------------------------
ENTITLEMENTS_HEADER = ("Unit", "Platform", "Seats", "Start date", "End date", "Source")
ENTITLEMENTS = [
    (
        unit,
        "Microsoft Teams",
        "all",
        D(2020, 1, 1),
        None,
        "Office 365 E3 for the whole house, bought by GS (PO-2020-0002, PO-2020-0201, "
        "PO-2021-0175); Teams is part of E3",
    )
    for unit in ("GS", "BR", "BDT", "TSB")
]

# ---------------------------------------------------------------------------
# Usage: ILLUSTRATIVE. Licences = the quantity on the unit's Licences lines for that
# platform and year (so paid licences match the cost lines); Active hosts fewer, to show
# licences paid but not used. Interpreted hours = the hours of the interpretation lines
# falling in each calendar year (BDT's 72 hours from 2020-10-01 to 2021-09-30 split by
# days: 18 in 2020, 54 in 2021). Meetings, meeting hours and participants (summed over
# the year's meetings) are plausible guesses.
# ---------------------------------------------------------------------------
USAGE_HEADER = (
    "Year",
    "Unit",
    "Platform",
    "Licences",
    "Active hosts",
    "Meetings",
    "Meeting hours",
    "Interpreted hours",
    "Participants",
)
# fmt: off
USAGE = [
    # year, unit, platform, licences, active hosts, meetings, meeting hours, interpreted h,
    #   participants
    # --- host licences: paid vs used -------------------------------------------------------
    (2020, "GS", "Zoom", 10, 7, 160, 240, None, 5200),
    (2020, "BR", "Zoom", 5, 3, 70, 100, None, 1800),
    (2020, "BDT", "Zoom", 12, 6, 180, 260, None, 6100),
    (2020, "TSB", "GoToMeeting", 6, 4, 120, 170, None, 2900),
    (2020, "BDT", "GoToMeeting", 3, 2, 30, 40, None, 520),
    (2020, "TSB", "GoToWebinar", 2, 2, 24, 36, None, 4800),
    (2020, "BR", "GoToWebinar", 1, 1, 6, 9, None, 1100),
    (2020, "TSB", "Adobe Connect", 3, 2, 40, 70, None, 1600),
    (2020, "BDT", "Adobe Connect", 1, 1, 8, 14, None, 2300),
    (2021, "GS", "Zoom", 10, 6, 140, 200, None, 4300),
    (2021, "BR", "Zoom", 5, 2, 45, 65, None, 1100),
    (2021, "BDT", "Zoom", 12, 5, 70, 100, None, 2200),
    (2021, "TSB", "Zoom", 4, 3, 60, 80, None, 1300),
    (2021, "TSB", "GoToMeeting", 4, 2, 65, 90, None, 1400),
    (2021, "BDT", "GoToMeeting", 3, 1, 6, 8, None, 90),
    (2021, "TSB", "GoToWebinar", 2, 1, 14, 21, None, 2600),
    (2021, "BR", "GoToWebinar", 1, 1, 3, 5, None, 500),
    (2021, "TSB", "Adobe Connect", 3, 1, 10, 18, None, 350),
    (2021, "BDT", "Adobe Connect", 1, 1, 2, 4, None, 600),
    # --- multilingual platforms: interpreted hours = the interpretation lines' hours -------
    (2020, "GS", "Interprefy", None, None, 36, 190, 180, 7400),
    (2020, "BR", "Interprefy", None, None, 12, 66, 60, 2100),
    (2020, "BDT", "Interprefy", None, None, 4, 20, 18, 900),
    (2020, "TSB", "MyMeetings", None, None, 40, 230, 200, 6000),
    (2021, "GS", "Interprefy", None, None, 48, 255, 240, 9600),
    (2021, "BR", "Interprefy", None, None, 16, 98, 90, 3000),
    (2021, "BDT", "Interprefy", None, None, 10, 60, 54, 2200),
    (2021, "TSB", "MyMeetings", None, None, 52, 290, 260, 7800),
]
# fmt: on

# ---------------------------------------------------------------------------
# Assumptions: every number the scenario model assumes, one row per name in
# analysis/metadata/assumptions.csv. Low and high (triangular range for the Monte Carlo
# run and the tornado chart) only for the uncertain numbers, never for whole numbers or
# yes/no flags. Sources: "public" names the figure; "assumption" gives the reasoning.
# ---------------------------------------------------------------------------
ASSUMPTIONS_HEADER = ("Name", "Value", "Unit", "Source", "Low", "High")
# fmt: off
ASSUMPTIONS = [
    ("horizon_years", 5, "years",
     "assumption: 2022-2026, five years after the analysed year 2021; long enough for every "
     "current contract to run off and for one-off costs to pay back", None, None),
    ("discount_rate", 0.03, "share per year",
     "assumption: a usual rate for public-sector option appraisal; no rate of the "
     "organisation was found in public copies. Range 1 % to 5 %", 0.01, 0.05),
    ("price_growth", 0.02, "share per year",
     "assumption: 2 % a year. Public: Microsoft raised Office 365 E3 from USD 20 to 23 on "
     "2022-03-01 (15 %, about 3 % a year over five years); high 5 % allows for more rises "
     "of that kind, low 0 % for flat prices", 0.0, 0.05),
    ("staff_cost_growth", 0.015, "share per year",
     "assumption: 1.5 % a year for salary-scale and common-staff-cost increases; UN standard "
     "costs were not found in public copies. Range 0 % to 3 %", 0.0, 0.03),
    ("migration_cost_chf_per_seat", 150, "CHF per seat",
     "assumption: about one hour of support-technician time (G5, CHF 136,000 a year = about "
     "CHF 80 an hour) to move one host or user, plus moving recordings and settings. Range "
     "CHF 50 (scripted bulk move) to CHF 400 (half a day each)", 50, 400),
    ("training_cost_chf_per_seat", 100, "CHF per seat",
     "assumption: about one hour of the user's and a trainer's time per moved host or user. "
     "Range CHF 0 (users already know the receiving platform) to CHF 300", 0, 300),
    ("centralisation_one_off_chf", 50000, "CHF",
     "assumption: about three months of a P3 officer (CHF 197,000 a year) to merge the two "
     "support teams, their procedures and the web pages about the platforms (the Council "
     "paper asks to reduce and simplify them). Range CHF 20,000 to CHF 150,000", 20000,
     150000),
    ("centralisation_saving_share", 0.2, "share",
     "assumption: one central team saves a fifth of the support work that two teams do on "
     "the same platform today (the merged overlap; in 2021 GS's and TSB's teams both "
     "support Zoom). Only that overlap is cut: the rest of the work is traced to staffing "
     "rows. Range 10 % to 40 %", 0.1, 0.4),
    ("support_saving_per_retired_platform_share", 0.03, "share",
     "assumption, used only for staffing rows that name no platform in use (none in this "
     "data): each platform retired saves 3 % of such a row. Range 1 % to 6 %",
     0.01, 0.06),
    ("terminate_early", 0, "yes=1 no=0",
     "assumption: contracts of retired platforms run to their end date; the illustrative "
     "contracts last a year at most, so ending them early would gain little", None, None),
    ("early_termination_fee_share", 0.5, "share",
     "assumption: half of a contract's remaining value paid to end it early (used only if "
     "terminate_early is 1); no public terms were found. Range 25 % to 100 %", 0.25, 1.0),
    ("allow_end_of_life", 0, "yes=1 no=0",
     "policy: a platform its vendor retires cannot be kept. Public: Skype for Business "
     "Online was retired on 2021-07-31", None, None),
    ("allow_unassessed_data_protection", 0, "yes=1 no=0",
     "policy: only platforms whose personal-data protection is assessed can be kept; the "
     "Council paper names unclear data protection as a complaint", None, None),
    ("monte_carlo_draws", 10000, "draws",
     "choice: 10,000 draws make the P10, P50 and P90 stable to well under 1 %", None, None),
    ("monte_carlo_seed", 2021, "seed",
     "choice: any fixed number makes the draws repeatable; 2021 is the analysed year",
     None, None),
]
# fmt: on

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
    write_table(
        wb.create_sheet("Platforms"),
        PLATFORMS_HEADER,
        PLATFORMS,
        formats={"List price CHF": MONEY_FORMAT},
    )
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


def build_scenarios(path: Path) -> None:
    """Write the Scenarios, Requirements, Usage and Assumptions sheets."""
    wb = new_workbook()
    wb.properties.title = "Illustrative data: consolidation scenarios 2022–2026"
    write_table(wb.create_sheet("Scenarios"), SCENARIOS_HEADER, SCENARIOS)
    write_table(wb.create_sheet("Requirements"), REQUIREMENTS_HEADER, REQUIREMENTS)
    write_table(wb.create_sheet("Entitlements"), ENTITLEMENTS_HEADER, ENTITLEMENTS)
    write_table(wb.create_sheet("Usage"), USAGE_HEADER, USAGE)
    ws = wb.create_sheet("Assumptions")
    write_table(ws, ASSUMPTIONS_HEADER, ASSUMPTIONS)
    ws.column_dimensions["D"].width = 100
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
    check_scenario_tables(platforms)


def _line_quantity(unit: str, platform: str, year: int, cost_type: str) -> float:
    """Licences held at once in ``year``: the largest quantity of the lines running in it.

    The lines of one unit and platform are consecutive renewals, so they do not add up.
    """
    return max(
        (
            row[4]
            for row in LICENCES
            if (row[0], row[1], row[3]) == (unit, platform, cost_type)
            and row[8].year <= year <= row[9].year
        ),
        default=0,
    )


def _hours_in_year(unit: str, platform: str, year: int) -> float:
    """Interpretation hours of a unit and platform falling in ``year``, split by days."""
    total = 0.0
    for row in LICENCES:
        if row[0] != unit or row[1] != platform or row[3] != "interpretation":
            continue
        start, end = row[8], row[9]
        first, last = max(start, D(year, 1, 1)), min(end, D(year, 12, 31))
        if first <= last:
            total += row[4] * ((last - first).days + 1) / ((end - start).days + 1)
    return total


def check_scenario_tables(platforms: set[str]) -> None:
    """Check Scenarios, Requirements, Usage and Assumptions against the rest and the model."""
    listed = {row[0]: (row[-2], row[-1]) for row in PLATFORMS}
    for name, (price, unit) in listed.items():
        assert (price is None) == (unit is None), name
    for row in SCENARIOS:
        name, keep, central, _start = row
        assert name.strip().lower() not in {"status quo", "optimal"}, row
        assert all(p.strip() in platforms for p in keep.split(",")), row
        assert central in {None, "GS", "BR", "BDT", "TSB"}, row
    assert len({row[0] for row in SCENARIOS}) == len(SCENARIOS), "scenario names repeat"
    assert len(set(REQUIREMENTS)) == len(REQUIREMENTS), "a requirement repeats"
    for unit, platform, seats, _start, _end, source in ENTITLEMENTS:
        assert platform in platforms and seats == "all" and source, unit
    for row in USAGE:
        year, unit, platform, licences, active, _m, hours, interpreted, _p = row
        assert platform in platforms, row
        if licences is not None:
            # licences paid = the quantity on the unit's licence lines for that year
            assert licences == _line_quantity(unit, platform, year, "licence"), row
            assert active is not None and active <= licences, row
        if interpreted is not None:
            assert round(_hours_in_year(unit, platform, year)) == interpreted, row
            assert hours >= interpreted, row
    assert len({row[:3] for row in USAGE}) == len(USAGE), "a usage row repeats"
    reference = Path(__file__).resolve().parents[1] / "analysis" / "metadata"
    with open(reference / "assumptions.csv", newline="", encoding="utf-8") as f:
        known = {row["name"]: row for row in csv.DictReader(f)}
    given = [row[0] for row in ASSUMPTIONS]
    assert sorted(given) == sorted(known), "Assumptions must have one row per known name"
    for name, value, unit, source, low, high in ASSUMPTIONS:
        spec = known[name]
        assert unit == spec["unit"], name
        assert source, name
        assert float(spec["minimum"]) <= value <= float(spec["maximum"]), name
        if spec["kind"] == "number":
            assert low is not None and high is not None, f"{name} needs a low and a high"
            assert float(spec["minimum"]) <= low <= value <= high <= float(spec["maximum"])
            assert low < high, name
        else:
            assert low is None and high is None, f"{name} takes no range"
            assert value == int(value), name


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the three workbooks into OUTDIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="folder to write the three workbooks into")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace workbooks already in OUTDIR"
    )
    args = parser.parse_args(argv)

    check_tables()
    args.outdir.mkdir(parents=True, exist_ok=True)
    targets = [args.outdir / name for name in (LICENCES_FILE, PLATFORMS_FILE, SCENARIOS_FILE)]
    existing = [p for p in targets if p.exists()]
    if existing and not args.overwrite:
        names = ", ".join(str(p) for p in existing)
        print(f"refusing to overwrite {names} (use --overwrite)", file=sys.stderr)
        return 1
    build_licences(targets[0])
    build_platforms_staffing(targets[1])
    build_scenarios(targets[2])
    for path in targets:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
