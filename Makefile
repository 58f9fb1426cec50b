# Coprogetta — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint types messages makemessages demo clean bench openapi browser

## run: install, migrate the embedded SQLite database under var/, load the demo, serve :8000 (the home page offers the demo logins)
run: $(VENV)/.app node_modules/.installed messages
	@mkdir -p var
	DEBUG=1 $(BIN)/coprogetta migrate --noinput
	DEBUG=1 $(BIN)/coprogetta load_demo
	DEBUG=1 COPROGETTA_DEMO_LOGINS=1 $(BIN)/coprogetta runserver 127.0.0.1:8000

## test: install the dev dependencies, lint, run the suite on SQLite and, with TEST_DATABASE_URL, on PostgreSQL
test: $(VENV)/.dev node_modules/.installed messages browser
	$(BIN)/ruff check coprogetta tests scripts
	$(BIN)/mypy
	$(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not" >&2; exit 1; \
	else \
		echo "== TEST_DATABASE_URL not set: the suite ran on SQLite only"; \
	fi

## browser: Debian's chromium for the browser tests (tests/e2e), installed when missing (as root or
## with sudo); otherwise those tests are skipped, or fail when REQUIRE_BROWSER is set (CI)
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else SUDO=none; fi; \
	if [ "$$SUDO" != none ]; then \
		echo "== installing chromium for the browser tests"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi; \
	if [ ! -x $(CHROMIUM) ]; then \
		if [ -n "$$REQUIRE_BROWSER" ]; then \
			echo "REQUIRE_BROWSER is set but $(CHROMIUM) is missing and could not be installed" >&2; exit 1; \
		fi; \
		echo "== $(CHROMIUM) is missing: the browser tests (tests/e2e) will be skipped;" \
			"install it with: sudo apt-get install -y chromium"; \
	fi

## bench: install the dev dependencies and run the benchmarks (scripts/bench_*.py); not timed tests.
## bench_http.py needs wrk and the PostgreSQL databases coprogetta_scale1 and coprogetta_scale600
## (`coprogetta generate --scale N`; BENCH_SCALE1_URL / BENCH_SCALE600_URL name others); without
## them it says how to make them and skips.
bench: $(VENV)/.dev
	@for script in scripts/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python $$script || exit 1; \
	done

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.app

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## messages: compile the translation catalogues (.po -> .mo), no gettext needed
messages: | $(VENV)/bin/python
	@if [ ! -x $(BIN)/coprogetta ]; then $(MAKE) --no-print-directory $(VENV)/.app; fi
	$(BIN)/python scripts/compile_messages.py

## makemessages: refresh the Italian catalogue from the sources (needs GNU gettext)
makemessages:
	cd coprogetta && DEBUG=1 ../$(BIN)/coprogetta makemessages -l it --no-obsolete

## openapi: regenerate the committed OpenAPI schema (openapi.yaml) from the code
openapi: $(VENV)/.app
	DEBUG=1 $(BIN)/coprogetta spectacular --lang en --validate --fail-on-warn --file openapi.yaml

lint:
	$(BIN)/ruff check coprogetta tests scripts

demo: $(VENV)/.app
	DEBUG=1 $(BIN)/coprogetta migrate --noinput
	DEBUG=1 $(BIN)/coprogetta load_demo

clean:
	rm -rf $(VENV) node_modules var/static
