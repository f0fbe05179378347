# Commonplace: every chore is one command. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ASSETS := var/assets/vendor/htmx.min.js
TEMPLATES = $(shell find commonplace -path '*/templates/*' -name '*.html')
PYTEST_ARGS ?=
# Options of the pages, search and suggestions bench, e.g. --full (every
# size on both databases) or --scenarios search (only the searches:
# docs/performance.md keeps the other groups' figures; likewise
# --scenarios pages, --scenarios expertise).
BENCH_HTTP ?=
# Options of the expertise rebuild bench, e.g. --full (PostgreSQL too).
BENCH_EXPERTISE ?=
# Options of the ideas pages bench, e.g. --full (PostgreSQL + Redis too).
BENCH_IDEAS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# Requests a web process works on at once (COMMONPLACE_CONCURRENCY): more
# at once cost 3x the memory and the tail latency under load here, for no
# more throughput (docs/performance.md).
CONCURRENCY ?= 2
# Requests a web process lets wait for a turn at most (COMMONPLACE_MAX_QUEUE);
# past them, or once the line has stood COMMONPLACE_MAX_WAIT_MS, it answers
# 503 at once instead of queueing (commonplace/web/shedding.py).
MAX_QUEUE ?= 32
# Python threads per Granian worker: one per request at work or in line, and
# one to refuse the rest.
BLOCKING_THREADS ?= $(shell expr $(CONCURRENCY) + $(MAX_QUEUE) + 1)

.DEFAULT_GOAL := help
.PHONY: help setup run run-scaled dev worker test lint fix openapi bench lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Commonplace needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json
	mkdir -p var/assets/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(ASSETS)

setup: $(INSTALLED) $(ASSETS) ## Create the virtual environment and install everything
	$(BIN)/python -m commonplace migrate --noinput -v0

run: setup ## Load the demo (on a fresh database) and serve on http://127.0.0.1:8000
	$(BIN)/python -m commonplace collectstatic --noinput -v0
	$(BIN)/python -m commonplace demo --if-empty
	$(BIN)/python -m commonplace welcome --url http://$(HOST):$(PORT)/
	@$(BIN)/python -m commonplace worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		COMMONPLACE_CONCURRENCY=$(CONCURRENCY) COMMONPLACE_MAX_QUEUE=$(MAX_QUEUE) \
		$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 \
			--blocking-threads $(BLOCKING_THREADS) \
			--static-path-route /static --static-path-mount var/static \
			--no-ws commonplace.config.wsgi:application

run-scaled: $(INSTALLED) $(ASSETS) ## PostgreSQL + Redis, 2 app processes behind HAProxy on :8000, 2 workers
	$(BIN)/python -m bench.scaled --port $(PORT)

dev: setup ## Development server with autoreload, DEBUG on, and a worker
	@COMMONPLACE_ENV=development $(BIN)/python -m commonplace worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		COMMONPLACE_ENV=development $(BIN)/python -m commonplace runserver $(HOST):$(PORT)

test: $(INSTALLED) $(ASSETS) ## Run the whole test suite
	@$(BIN)/python -m pytest -n auto $(PYTEST_ARGS); status=$$?; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests: the suite must never be empty."; fi; \
		exit $$status

lint: $(INSTALLED) ## Lint: ruff, formatting, mypy, import layers, templates
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/djhtml --check $(TEMPLATES)

fix: $(INSTALLED) ## Apply the linters' automatic fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

openapi: $(INSTALLED) ## Regenerate the committed OpenAPI snapshot
	$(BIN)/python -m commonplace openapi --output docs/openapi.json

bench: $(INSTALLED) ## Measure speed and memory (needs wrk); write docs/performance.md
	$(BIN)/python -m bench.generate --write-docs
	$(BIN)/python -m bench.importer --write-docs
	$(BIN)/python -m bench.http $(BENCH_HTTP) --write-docs
	$(BIN)/python -m bench.expertise $(BENCH_EXPERTISE) --write-docs
	$(BIN)/python -m bench.ideas $(BENCH_IDEAS) --write-docs
	$(BIN)/python -m bench.mixed --write-docs
	$(BIN)/python -m bench.shedding --write-docs

lock: $(INSTALLED) ## Re-pin every installed package into constraints.txt
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^commonplace' > constraints.txt

clean: ## Remove the environment and local data (var/)
	rm -rf $(VENV) node_modules var
