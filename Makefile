# Run `make help` to list the commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help figures validate test test-fast lint docs clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# strip notebook outputs from what git commits (a no-op outside a git checkout)
	-$(BIN)/nbstripout --install 2>/dev/null || true
	touch $(STAMP)

figures: $(STAMP) ## Read data/raw, write data/processed/*.csv and figures/
	$(BIN)/python -m analysis run

validate: $(STAMP) ## Check data/raw only; write nothing but the validation report
	$(BIN)/python -m analysis validate

lint: $(STAMP) ## ruff (lint, format), mypy, and the one-way import contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint ## Lint, then run the whole test suite (notebooks, six languages, benchmark)
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## The inner loop: every test but the slow ones (under a minute)
	$(BIN)/python -m pytest -m "not slow"

clean: ## Remove generated outputs (never data/raw)
	rm -rf data/processed/*.csv data/processed/*.xlsx data/processed/*.json figures/*/ figures/index.html

docs: $(STAMP) ## Regenerate README's outputs table and docs/outputs.md from the registry
	$(BIN)/python tools/write_docs.py
