"""Paths, derived from the package's own location: no absolute paths anywhere."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
REFERENCE_DIR = PACKAGE_DIR / "reference"
STYLE_FILE = PACKAGE_DIR / "house.mplstyle"

DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
FIGURES_DIR = PROJECT_DIR / "figures"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"

REPORTING_CURRENCY = "CHF"
HEADER_SEARCH_ROWS = 10
