# Run `make help` to list the commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The git filter set up for this checkout; renewed when the Makefile changes.
FILTER := $(VENV)/.nbstripout
RAW ?= data/raw
YEAR ?=
REPORTS ?= reports

.DEFAULT_GOAL := help
.PHONY: help figures validate test test-fast lint docs report clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Notebook outputs never reach a commit: git passes every notebook it stages through
# nbstripout (.gitattributes routes *.ipynb to the filter; the filter itself lives in the
# repository's config, which worktrees share). The command is relative: git runs filters
# at the top of the working tree, so each checkout uses its own .venv. A checkout without
# one fails loudly (required) instead of committing outputs. Outside git, nothing to do.
$(FILTER): $(STAMP) Makefile
	-$(BIN)/nbstripout --install --python $(BIN)/python --attributes .gitattributes 2>/dev/null || true
	touch $(FILTER)

figures: $(FILTER) ## Read data/raw, write data/processed/*.csv and figures/
	$(BIN)/python -m analysis run

validate: $(FILTER) ## Check data/raw only; write nothing but the validation report
	$(BIN)/python -m analysis validate

lint: $(FILTER) ## ruff (lint, format), mypy, and the one-way import contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint ## Lint, then run the whole test suite (notebooks, six languages, benchmark)
	$(BIN)/python -m pytest

test-fast: $(FILTER) ## The inner loop: every test but the slow ones (under a minute)
	$(BIN)/python -m pytest -m "not slow"

report: $(FILTER) ## Run every notebook and render it to HTML, code hidden, in reports/ (RAW=, YEAR=, REPORTS=)
	$(BIN)/python tools/render_reports.py --raw "$(RAW)" --year "$(YEAR)" --out "$(REPORTS)"

clean: ## Remove generated outputs (never data/raw)
	rm -rf data/processed/*.csv data/processed/*.xlsx data/processed/*.json figures/*/ figures/index.html reports/

docs: $(FILTER) ## Regenerate README's outputs table and docs/outputs.md from the registry
	$(BIN)/python tools/write_docs.py
