# Dialogue records: the two commands a newcomer needs.
#   make run    set up, load the demo record, create an admin, serve on http://127.0.0.1:8000/
#               with a task worker beside it (email alerts)
#   make test   set up, lint and format check, checks, then the test suite on SQLite and on PostgreSQL
# Both can be run again at any time.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The SQLite half of `make test` uses a throwaway in-memory database, whatever
# DATABASE_URL the shell or a .env file sets.
SQLITE_URL := sqlite://:memory:

.PHONY: run test install messages lint test-sqlite test-postgres
.NOTPARALLEL:

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_data
	$(MANAGE) create_demo_admin
	$(MANAGE) alerts_sweep
	# A task worker beside the server (email alerts), stopped when the server stops.
	$(MANAGE) db_worker --no-reload --verbosity=0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install lint test-sqlite test-postgres

install: $(VENV)/.installed messages

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml package-lock.json | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compile the translation catalogues (locale/*/LC_MESSAGES/django.po) into the .mo files
# Django reads. The .mo files are build output (.gitignore); compilemessages skips a catalogue
# whose .mo is already newer. Needs msgfmt (Debian package `gettext`).
messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules --verbosity=0

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite: install
	DATABASE_URL=$(SQLITE_URL) $(MANAGE) check --database default
	DATABASE_URL=$(SQLITE_URL) $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=$(SQLITE_URL) $(PY) -m pytest

# .ci/start-postgres starts (or reuses) a throwaway server on 127.0.0.1, port PGPORT (5433),
# installing PostgreSQL first if it is absent, and prints its DATABASE_URL.
# Stop it with: .ci/start-postgres stop
# To test on a PostgreSQL you already have instead: make test TEST_POSTGRES_URL=postgres://...
TEST_POSTGRES_URL ?=
test-postgres: install
	set -e; \
	DATABASE_URL="$(if $(TEST_POSTGRES_URL),$(TEST_POSTGRES_URL),$$(.ci/start-postgres))"; \
	export DATABASE_URL; \
	echo "Testing on $$DATABASE_URL"; \
	$(MANAGE) check --database default; \
	$(PY) -m pytest
