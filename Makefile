# Pontes — two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_SEED ?= 2026

.PHONY: run test install install-dev system-test-deps translations lint typecheck pytest-sqlite pytest-postgres bench messages clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	@$(MANAGE) compiletranslations

## run: install into .venv, migrate, load demo data, serve on http://127.0.0.1:$(PORT) (SQLite in var/)
run: install translations
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data --seed $(DEMO_SEED)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## test: install what tests need, lint, type-check, run the suite on SQLite and on PostgreSQL
test: system-test-deps install-dev translations lint typecheck pytest-sqlite pytest-postgres

system-test-deps:
	@need=""; \
	test -x /usr/bin/chromium || need="$$need chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	command -v xgettext >/dev/null 2>&1 || need="$$need gettext"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" != "0" ]; then echo "Please install with apt-get:$$need" >&2; exit 1; fi; \
	  echo "Installing Debian packages:$$need"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy pontes tests bench

pytest-sqlite: $(VENV)/.installed-dev
	env -u DATABASE_URL $(VENV)/bin/pytest -q

pytest-postgres: $(VENV)/.installed-dev
	scripts/with-postgres.sh $(VENV)/bin/pytest -q

## bench: performance benchmarks (see bench/README.md)
bench: install-dev translations
	$(PY) bench/run.py

## messages: re-extract UI strings into every app's locale/ (needs gettext)
messages: $(VENV)/.installed
	@for app in pontes/*/; do \
	  if [ -d "$$app/locale" ]; then (cd $$app && ../../$(PY) ../../manage.py makemessages --no-obsolete --no-location -l fr -l es -l ar >/dev/null); fi; \
	done

clean:
	rm -rf $(VENV) var staticfiles
