# CityLinks: `make run` installs and starts the app, `make test` installs and runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
DATA ?=

.PHONY: run test bench install install-test browser lint format clean

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

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install the app and serve the bundled data on http://$(HOST):$(PORT)/
run: install
	HOST=$(HOST) PORT=$(PORT) CITYLINKS_DATA=$(DATA) $(PY) app.py

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

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## test: lint, unit tests and the browser tests in headless Chromium
test: install-test browser lint
	$(PY) -m pytest

## bench: the performance benchmarks (not part of make test); writes bench/results.json
bench: install-test browser
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) tests/artifacts .pytest_cache .ruff_cache *.egg-info
