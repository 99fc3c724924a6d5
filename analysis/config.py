"""Paths, derived from the package's own location: no absolute paths anywhere."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
METADATA_DIR = PACKAGE_DIR / "metadata"
REPORT_DIR = PACKAGE_DIR / "report"
STYLE_FILE = REPORT_DIR / "house.mplstyle"

DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
FIGURES_DIR = PROJECT_DIR / "figures"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"

REPORTING_CURRENCY = "CHF"
HEADER_SEARCH_ROWS = 10
# Text a spreadsheet would run as a formula starts with one of these (OWASP's CSV-injection
# rule): every file and workbook cell written from the inputs is neutralised against them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
