# Two commands matter: `make run` and `make test`. Both set up .venv and, unless DATABASE_URL is set,
# the embedded PostgreSQL under var/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: run test lint format manage clean-db

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "[chamber] installing dependencies into $(VENV)…"
	@$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	@$(PY) -m chamber.devserver run

test: $(STAMP)
	@# Without ARGS, the whole suite on two workers, an idle one taking tests queued for the other (worksteal);
	@# ARGS replaces that with any pytest arguments.
	@$(PY) -m chamber.devserver test $(or $(ARGS),-n 2 --dist worksteal)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# `make manage ARGS="shell"` runs any manage.py command against the same database as `make run`.
manage: $(STAMP)
	@$(PY) -m chamber.devserver manage $(ARGS)

clean-db:
	rm -rf var/pgdata var/pg-users
