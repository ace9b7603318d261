# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
# PYTHON may be set to any Python 3.11+ interpreter; by default the newest one on PATH is used.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: demo test lint typecheck unit unit-fast bench docs wheel dist clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "orgroles needs Python 3.11 or newer on PATH (or PYTHON=/path/to/python3.11)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install $(PIP_FLAGS) -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[dev]'
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python examples/demo.py --out out

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Every test, under branch coverage (subprocesses, e.g. the CLI run as a command, are not
# measured); the report lists the modules not fully covered. The tests run on every core
# (pytest-xdist: two workers on a 2-core CI box; one that runs out of tests takes over some
# queued for the other), each under coverage, combined into .coverage (pytest-cov).
unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -n auto --dist worksteal --cov --cov-report=
	$(BIN)/coverage report

# For local work: leaves out the `slow` and `layout` tests (see docs/contributing.md).
unit-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not slow and not layout"

test: lint typecheck unit

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py

# The wheel another repository installs (docs/install.md); orgroles is on no package index.
wheel: $(BIN)/python
	$(BIN)/python -m pip wheel $(PIP_FLAGS) --no-deps -w dist .

# The wheel and the source distribution (dist/orgroles-VERSION.tar.gz), for a release or a
# vendor/ folder; `build` (a dev dependency) builds both in a clean environment.
dist: $(VENV)/.installed-dev
	$(BIN)/python -m build --outdir dist .

docs: $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[docs]'
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) out site .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
