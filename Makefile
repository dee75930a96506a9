# Development commands. `make run` serves the site on http://127.0.0.1:8000
# (DEV_SERVER_ADDR=host:port for another address; links in mails follow it),
# `make test` runs the whole suite, `make lint` checks style, floors and migrations.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Touched after a successful install: pip runs again only when
# pyproject.toml is newer than this file.
STAMP := $(VENV)/.installed
NODE_DIR := var/node
AXE_JS := $(NODE_DIR)/node_modules/axe-core/axe.min.js
CHROMIUM := /usr/bin/chromium
# Each browser-test run writes what axe-core found here; `make test` merges
# it into var/accessibility/report.json for the accessibility statement.
AXE_RUNS := var/axe-runs
# Lighthouse 13 needs Node 22; the machines have Node 20 (tests/lighthouse).
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_JS := $(NODE_DIR)/node_modules/lighthouse/cli/index.js
# One shell line (it runs inside the test recipe too); axe-core comes along,
# as npm would otherwise remove what it installed without a package.json.
INSTALL_LIGHTHOUSE := if [ ! -f $(LIGHTHOUSE_JS) ]; then echo "==> Installing lighthouse@$(LIGHTHOUSE_VERSION) into $(NODE_DIR)"; mkdir -p $(NODE_DIR) && npm install --prefix $(NODE_DIR) --no-audit --no-fund --no-save --loglevel=error -E lighthouse@$(LIGHTHOUSE_VERSION) axe-core@4; fi
ARGS ?=
# Test processes (pytest-xdist): one per core by default, each with its own
# test database, live server and Chromium; whole files go to one process
# (--dist loadfile), so a module's shared data is built once. WORKERS=0
# runs the suite in one process.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: help install run test lint

help:
	@echo "make run     set up (venv, migrate, demo content, admin login) and serve"
	@echo "             the site, its task worker and scheduler on http://127.0.0.1:8000"
	@echo "make test    set up and run the test suite (ARGS='-k calendar' to narrow,"
	@echo "             WORKERS=0 for one process instead of one per core)"
	@echo "make lint    ruff format --check, ruff check, lint-imports, makemigrations --check"
	@echo "make install create $(VENV) and install the project into it"
	@echo "make load    load test: 200 visitors for 3 minutes against the cluster"
	@echo "             on 127.0.0.1:8180 (ARGS='--figures' for throughput figures)"
	@echo "make rush    the release rush: 2,000 buyers in 60 s for 500 seats, through"
	@echo "             the queue (ARGS='--buyers 600 --rate 4' to scale it down)"
	@echo "make faults  worker, Redis, PostgreSQL, Akismet and SMTP failures under load"
	@echo "make cluster start PostgreSQL, Redis, gunicorn x2, nginx, RQ workers and"
	@echo "             the scheduler on 127.0.0.1:8080 (make cluster-stop stops them)"

install: $(STAMP)
	@:

$(PY):
	@echo "==> Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@echo "==> Installing the project and its test tools into $(VENV) (a few minutes the first time)"
	@$(PY) -m pip install --disable-pip-version-check --progress-bar off -e '.[test]' \
		2>&1 | tee $(VENV)/pip.log | { grep -E '^(Collecting|Successfully installed)' || true; } \
		|| { echo "pip failed; the end of $(VENV)/pip.log:"; tail -n 40 $(VENV)/pip.log; exit 1; }
	@touch $(STAMP)
	@echo "==> $(VENV) is up to date"

run: install
	@mkdir -p var
	@echo "==> Migrating the database"
	$(MANAGE) migrate --noinput
	@echo "==> Collecting static files"
	$(MANAGE) collectstatic --noinput -v0
	@echo "==> Loading demo content"
	$(MANAGE) seed_demo
	@echo "==> Admin login"
	@$(MANAGE) ensure_admin $(if $(ADMIN_PASSWORD),--password '$(ADMIN_PASSWORD)')
	@if [ -n "$${EMAIL_URL:-}" ]; then \
		echo "==> Mail is sent through EMAIL_URL"; \
	else \
		echo "==> Mail is not sent in development: each message is written to a file under $(CURDIR)/var/mail/"; \
	fi
	@bash site/dev-server.sh

# Browser tests need Debian's Chromium; the accessibility checks also need
# axe-core from npm, installed once into var/node.
test: install
	@pytest_args=(); \
	if [ ! -x $(CHROMIUM) ]; then \
		echo "*** Browser tests (tests/e2e) are SKIPPED: $(CHROMIUM) not found."; \
		echo "*** Install it with: apt-get install chromium"; \
		pytest_args+=(-m "not e2e"); \
	elif ! command -v npm >/dev/null; then \
		echo "*** Accessibility checks are SKIPPED: npm not found, so axe-core cannot be installed."; \
	else \
		if [ ! -f $(AXE_JS) ]; then \
			echo "==> Installing axe-core@4 into $(NODE_DIR)"; \
			mkdir -p $(NODE_DIR); \
			npm install --prefix $(NODE_DIR) --no-audit --no-fund --no-save --loglevel=error axe-core@4; \
		fi; \
		export AXE_CORE_PATH="$(CURDIR)/$(AXE_JS)"; \
	fi; \
	if [ -n "$${DATABASE_URL:-}" ]; then \
		echo "==> pytest on $$(sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#' <<<"$$DATABASE_URL")"; \
	else \
		echo "==> pytest on SQLite (in memory)"; \
	fi; \
	if [ "$(WORKERS)" != 0 ]; then \
		echo "==> $(WORKERS) test processes (WORKERS=0 for one)"; \
		pytest_args+=(-n "$(WORKERS)" --dist loadfile); \
	fi; \
	rm -rf $(AXE_RUNS); export AXE_RESULTS_DIR="$(CURDIR)/$(AXE_RUNS)"; \
	status=0; $(PY) -m pytest "$${pytest_args[@]}" $(ARGS) || status=$$?; \
	if compgen -G "$(AXE_RUNS)/axe-*.json" >/dev/null; then \
		echo "==> Recording the accessibility checks for the statement"; \
		$(MANAGE) record_accessibility_checks $(AXE_RUNS) || status=1; \
	fi; \
	if [ -z "$(ARGS)" ] && [ "$(LIGHTHOUSE)" != 0 ] && [ -z "$${DATABASE_URL:-}" ] \
		&& [ -x $(CHROMIUM) ] && command -v npm >/dev/null; then \
		echo "==> Lighthouse scores, once (the SQLite pass; LIGHTHOUSE=0 leaves them out)"; \
		$(INSTALL_LIGHTHOUSE) || status=1; \
		$(PY) -m pytest -m lighthouse tests/lighthouse -s || status=1; \
	fi; \
	exit $$status

lint: install
	@status=0; \
	echo "==> ruff format --check"; $(VENV)/bin/ruff format --check . || status=1; \
	echo "==> ruff check"; $(VENV)/bin/ruff check . || status=1; \
	echo "==> lint-imports (the floors of DESIGN.md)"; \
	$(VENV)/bin/lint-imports --no-cache --no-logo || status=1; \
	echo "==> makemigrations --check"; \
	DJANGO_SETTINGS_MODULE=venue.settings.test $(MANAGE) makemigrations --check --dry-run \
		|| status=1; \
	exit $$status

# Render times, query counts and throughput under gunicorn of the public
# pages on a throwaway demo site (ARGS='--seconds 5' to shorten a run).
.PHONY: bench
bench: install
	$(PY) tests/bench/pages.py $(ARGS)

# The production set on this machine, all on 127.0.0.1: PostgreSQL, Redis,
# gunicorn instances behind nginx with its page cache, RQ workers and the
# scheduler (site/cluster.sh; CLUSTER_PORT, GUNICORN_INSTANCES, RQ_WORKERS,
# ... as site/README.md says). Starts in the background and returns.
.PHONY: cluster cluster-stop cluster-status
cluster: install
	@bash site/cluster.sh start

cluster-stop:
	@bash site/cluster.sh stop

cluster-status:
	@bash site/cluster.sh status

# Load and fault tests (tests/load/; not part of `make test` or CI): the
# cluster of site/cluster.sh on 127.0.0.1:8180 (CLUSTER_DIR var/cluster-load)
# against local stand-ins for Stripe, Akismet and SMTP. `make load` runs 200
# visitors for 3 minutes and checks the result (~6 min); `make faults` breaks
# one part at a time under load (~10 min). Locust is installed on first use.
LOAD_STAMP := $(VENV)/.installed-load

$(LOAD_STAMP): pyproject.toml | $(STAMP)
	@echo "==> Installing the load-test tools (locust) into $(VENV)"
	@$(PY) -m pip install --disable-pip-version-check --progress-bar off -e '.[test,load]' \
		2>&1 | tee $(VENV)/pip-load.log | { grep -E '^(Collecting|Successfully installed)' || true; } \
		|| { echo "pip failed; the end of $(VENV)/pip-load.log:"; tail -n 40 $(VENV)/pip-load.log; exit 1; }
	@touch $(LOAD_STAMP)

.PHONY: load faults
load: install $(LOAD_STAMP)
	$(PY) tests/load/run.py $(ARGS)

# The release rush (tests/load/rush.py): 2,000 buyers in 60 s for 500 seats
# through the queue of tickets/queue.py (ARGS='--buyers 600 --rate 4' to scale).
.PHONY: rush
rush: install
	$(PY) tests/load/rush.py $(ARGS)

faults: install $(LOAD_STAMP)
	$(PY) tests/load/faults.py $(ARGS)

# Lighthouse 12 scores of the home page, the programme, an event and an
# article (tests/lighthouse), at least 95 each. `make test` runs them once,
# after the suite of its SQLite pass (about 90 s: a demo site of their own).
.PHONY: lighthouse
lighthouse: install
	@$(INSTALL_LIGHTHOUSE)
	$(PY) -m pytest -m lighthouse tests/lighthouse $(ARGS)

# The browser suite alone (Chromium check and axe-core set-up as in `make test`).
test-e2e:
	@$(MAKE) --no-print-directory test ARGS='tests/e2e $(ARGS)'
