# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-e2e lint format install serve demo clean bench bench-exports bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py seed_sample --scale 1 --if-empty
	$(BIN)/python manage.py create_demo_accounts

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Unit and integration tests on the database DATABASE_URL names (SQLite by default).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not e2e" -n 2

# Browser journeys on the system Chromium (/usr/bin/chromium).
test-e2e: install
	$(BIN)/pytest -m e2e

# Public pages against /healthz on PostgreSQL and gunicorn (bench/README.md); BENCH_DURATION=30 for longer runs.
bench: install
	$(BIN)/python bench/pages.py

# Contact exports of 50,000 contact points: time and peak memory per format (bench/README.md).
bench-exports: install
	$(BIN)/python bench/exports.py

# Two gunicorn instances under a mix of pages, searches, routes and exports: 60 s at 64 connections.
bench-load: install
	$(BIN)/python bench/load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates */templates

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml templates */templates

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
