# Waymark. `make run` serves it with demo data; `make test` runs every check.
# Needs only Python 3.11: PostgreSQL and Redis are embedded unless
# DATABASE_URL / REDIS_URL are set. Browser tests also need Debian's chromium
# and npm (for axe-core), diagram tests Debian's graphviz; without them they are
# skipped (pages then list pathway steps as text instead of a diagram).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check lint format assets browser-deps clean bench bench-pages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Waymark needs $(PYTHON) on PATH (or make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[embedded,dev]'
	@touch $@

# axe-core for the browser tests comes from npm; skipped when npm is absent.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser tests will be skipped"; fi

browser-deps: node_modules/.installed

run: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.run_local

check: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check --database default
	$(BIN)/python manage.py makemigrations --check --dry-run

test: $(VENV)/.installed browser-deps check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks over generated cases (not tests; kept in .data/bench, figures in
# .data/bench/results.json): every listed page for every persona in-process,
# the same pages under load through gunicorn, the annual report, a 10,000-row
# import and the public form. WAYMARK_BENCH_CASES (default 100,000) sets how
# many cases; use a smaller number with its own WAYMARK_DATA_DIR while developing.
bench: $(VENV)/.installed
	$(BIN)/python tests/perf/bench.py

# Only the page and load stages, against the existing .data/bench database.
bench-pages: $(VENV)/.installed
	$(BIN)/python tests/perf/bench.py --stages pages,load

# Rebuild static/css and static/govuk from npm (the output is committed).
assets:
	bash assets/build.sh

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
