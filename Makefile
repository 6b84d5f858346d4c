# The two commands of the README: `make run` and `make test`. Each does its own set-up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CASE ?= russia-2022
PORT ?= 8000

.PHONY: run test lint lock clean system-deps

run: $(VENV)/.installed-run
	$(BIN)/emigre load $(CASE)
	$(BIN)/emigre summary $(CASE)
	$(BIN)/emigre serve --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed-test system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check
	$(BIN)/ruff format --check

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	$(BIN)/python -m emigre.estimate.warm
	$(BIN)/python -m emigre.simulate.compiled
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	$(BIN)/python -m emigre.estimate.warm
	$(BIN)/python -m emigre.simulate.compiled
	touch $@ $(VENV)/.installed-run

system-deps:
	@bash scripts/system-deps.sh

# Re-pin every dependency after changing pyproject.toml (needs the network).
lock: | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^emigre' > constraints.txt

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
