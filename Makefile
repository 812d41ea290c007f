# Two commands for a fresh clone: `make run` (the app on the demo campaign) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test demo clean-db

# uv installs the same packages as pip from PyPI in a fraction of the time; pip takes over if uv cannot run.
UV_INSTALL = $(BIN)/uv pip install -q --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv

$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(UV_INSTALL) -e . || $(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(UV_INSTALL) -e '.[test]' || $(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.app-installed

## Set up and start the app; the first start creates data/continuum.db with the demo campaign.
run: $(VENV)/.app-installed
	$(BIN)/streamlit run app.py

## Set up and run the whole test suite, on as many workers as the machine has cores (pytest-xdist).
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n auto --dist worksteal

## Forget the local SQLite database (it is recreated with the demo on the next start).
clean-db:
	rm -f data/continuum.db data/continuum.db-wal data/continuum.db-shm
