# Beteiligungs- und Ideenplattform Kleve: the commands a developer needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js
JAVA := /usr/bin/java
VNU := node_modules/vnu-jar/build/dist/vnu.jar
WRK := /usr/bin/wrk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run install install-test demo demo-code retention test test-fast test-browser lint format check clean bench vendor

help: ## Show this list of commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet . --group test
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP) ## Create .venv and install the site's Python packages

demo: install ## Migrate the SQLite database and load the demo content (idempotent)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

demo-code: install ## Print the current second-factor codes of the demo admin accounts
	@$(PY) manage.py demo_totp

retention: install ## Apply the retention rules once (IP addresses, inactive accounts, unconfirmed sign-ups)
	$(PY) manage.py apply_retention

run: demo ## Install, migrate, load demo content and serve on http://127.0.0.1:8000
	@$(PY) manage.py demo_totp
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C stops)"
	$(PY) manage.py runserver 127.0.0.1:8000

$(CHROMIUM) $(JAVA):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver default-jre-headless

$(AXE) $(VNU): package.json
	npm install --ignore-scripts --no-audit --no-fund --silent
	@touch $@

LEAFLET := static/vendor/leaflet

vendor: package.json ## Copy Leaflet from npm into static/vendor/leaflet (committed; served by the site, never from a CDN)
	npm install --ignore-scripts --no-audit --no-fund --silent
	rm -rf $(LEAFLET) && mkdir -p $(LEAFLET)/images
	# Without the source map comment: the map file is not shipped.
	sed '/^\/\/# sourceMappingURL=/d' node_modules/leaflet/dist/leaflet.js > $(LEAFLET)/leaflet.js
	cp node_modules/leaflet/dist/leaflet.css $(LEAFLET)/
	cp node_modules/leaflet/dist/images/*.png $(LEAFLET)/images/
	cp node_modules/leaflet/LICENSE $(LEAFLET)/LICENSE
	echo "Leaflet $$(node -p "require('./node_modules/leaflet/package.json').version") from npm; see LICENSE." > $(LEAFLET)/VERSION

install-test: $(TEST_STAMP) $(CHROMIUM) $(JAVA) $(AXE) $(VNU) ## Install test packages, Chromium, Java, axe-core and vnu-jar

test: install-test ## Install what the tests need and run the whole suite, browser tests included
	$(VENV)/bin/pytest

test-fast: $(TEST_STAMP) ## Run only the fast tests (no browser)
	$(VENV)/bin/pytest -m "not browser"

test-browser: install-test ## Run only the browser tests (Playwright + axe-core)
	$(VENV)/bin/pytest -m browser

lint: $(TEST_STAMP) ## Check code style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP) ## Format and fix code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(TEST_STAMP) ## Django system checks and a check for missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

$(WRK):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk

bench: $(RUN_STAMP) $(WRK) ## Measure the site at city scale against the floor (PostgreSQL, Redis; see README)
	$(PY) scripts/bench/run.py

messages: ## Update the German translation catalogue and compile it (needs GNU gettext)
	flock /tmp/beteiligung-kleve-messages.lock $(PY) manage.py makemessages -l de --no-location --ignore=.venv --ignore=node_modules --ignore=staticfiles
	flock /tmp/beteiligung-kleve-messages.lock $(PY) manage.py compilemessages -l de --ignore=.venv --ignore=node_modules

clean: ## Remove the virtualenv, node_modules and the local database
	rm -rf $(VENV) node_modules db.sqlite3 build *.egg-info
