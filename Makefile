# Run `make help` to list the commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help figures validate test lint clean

help: ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

figures: $(STAMP) ## Read data/raw, write data/processed/*.csv and figures/
	$(BIN)/python -m analysis run

validate: $(STAMP) ## Check data/raw only; write nothing but the validation report
	$(BIN)/python -m analysis validate

lint: $(STAMP) ## ruff lint and format check, notebooks included
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint ## Lint, then run the whole test suite (notebooks included)
	$(BIN)/python -m pytest

clean: ## Remove generated outputs (never data/raw)
	rm -rf data/processed/*.csv data/processed/*.xlsx data/processed/*.json figures/*/ figures/index.html
