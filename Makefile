# CityLinks: `make run` installs and starts the app, `make test` installs and runs every test.
# The interpreter the virtualenv is made with: the system's Python 3 when it is 3.11 or newer
# (Debian's optimised build starts the app a quarter faster than pyenv's: tools/pick-python),
# else python3 on the PATH. `make PYTHON=python3.12 ...` chooses another (remove .venv first).
PYTHON ?= $(shell tools/pick-python)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
DATA ?=

WORKERS ?= 2
THREADS ?= 32
TIMEOUT ?= 30

.PHONY: run serve test audit bench load install install-test install-bench bytecode browser postgres lint format clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CityLinks needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

## bytecode: the app's modules compiled ahead, as pip compiles the packages it installs (where
##           PYTHONDONTWRITEBYTECODE is set, Python compiled ~110 modules again at every start:
##           0.2 s of it); only the changed ones are compiled again
bytecode: install
	$(PY) -m compileall -q app.py citylinks components web

## run: install the app and serve the bundled data on http://$(HOST):$(PORT)/
run: install bytecode
	HOST=$(HOST) PORT=$(PORT) CITYLINKS_DATA=$(DATA) $(PY) app.py

## serve: production server (gunicorn, debug off) on http://$(HOST):$(PORT)/;
##        WORKERS processes of THREADS threads each (web/gunicorn_setup.py), TIMEOUT seconds;
##        MALLOC_ARENA_MAX=2 keeps threads from holding a memory arena each
serve: install bytecode
	MALLOC_ARENA_MAX=2 CITYLINKS_DATA=$(DATA) $(VENV)/bin/gunicorn app:server -c web/gunicorn_setup.py \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) \
		--timeout $(TIMEOUT) --access-logfile -

## browser: Debian chromium + chromium-driver for the browser tests
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium and chromium-driver:"; \
		echo "    sudo apt-get install chromium chromium-driver"; \
		exit 1; \
	fi

## postgres: Debian's PostgreSQL server programs (initdb, pg_ctl) for the store's tests, which
##           start a throwaway cluster of their own (tests/unit/storage/conftest.py)
postgres:
	@if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then \
		echo "postgresql: $$(command -v initdb)"; \
	elif ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "postgresql: $$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "The store's tests need PostgreSQL's server programs (initdb, pg_ctl):"; \
		echo "    sudo apt-get install postgresql"; \
		exit 1; \
	fi

## lint: ruff (style, complexity <= 12), mypy (types), import-linter (the layers' direction)
lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

format: install-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## audit: known vulnerabilities in the installed packages (PyPI's advisory data)
audit: install-test
	$(VENV)/bin/pip-audit --progress-spinner off --vulnerability-service pypi

## test: lint, dependency audit, unit tests and the browser tests in headless Chromium
test: install-test browser postgres lint audit
	$(PY) -m pytest

## bench: the performance benchmarks (not part of make test); writes bench/results.json
bench: install-bench bytecode browser
	$(PY) -m bench.run $(BENCH_ARGS)

## load: 200 simulated users on a gunicorn server (2 workers) for 60 s, then 30 s with
##       oversized bodies (bench/load.py); LOAD_ARGS="--users 50 --seconds 60 --workers 2"
load: install-bench bytecode
	$(PY) -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) tests/artifacts .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
