# The README's two commands are `make dev` and `make test`; everything here is a thin wrapper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install dev test test-frontend test-python test-postgres lint format bench clean

# Create the virtual environment and install Lakeflow with its test tools (re-run when
# pyproject.toml changes).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Run Lakeflow on the embedded default with demo jobs at http://127.0.0.1:8000.
dev: install
	$(BIN)/lakeflow dev

# The whole test suite: the browser app's unit tests, every Python test on SQLite (browser, Redis,
# RabbitMQ and PostgreSQL process tests included), then the core apps again on PostgreSQL.
# CI=true turns "service not running" skips into failures.
test: install test-frontend test-python test-postgres

test-frontend:
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run test -- --run

test-python: install
	$(BIN)/pytest

# The database-heavy apps once more on PostgreSQL (skipped when it is down, unless CI=true).
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: install
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  LAKEFLOW_DB_TESTS_ONLY=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not slow and not browser" \
	    tests/jobs tests/runs tests/accounts tests/workspace tests/compute; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is not running" >&2; exit 1; \
	else echo "PostgreSQL is not running: skipping the PostgreSQL pass"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
