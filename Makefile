# The two commands: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONPATH := site:.

.PHONY: run test install install-dev migrate demo serve lint check coverage browser-deps bench clean messages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

## serve: uvicorn in front (HTTP + WebSocket), the job worker (django-q2 qcluster: expire
## offers, reminders) beside it; stopping the server (Ctrl-C) stops the worker too
serve: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py collectstatic --noinput -v0
	@DEBUG=$${DEBUG:-1} $(BIN)/python manage.py qcluster & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) \
		--lifespan off --backlog 2048 --ws-max-size 65536 --timeout-graceful-shutdown 5

## make run: venv, install, migrate, demo data, serve HTTP + WebSocket on 127.0.0.1:8000
run: demo serve

## browser tests need Debian's chromium; installed here when we are root, skipped otherwise
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium and fonts-noto-cjk for browser tests..."; \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1)) \
	    || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium or fonts-noto-cjk is missing and cannot be installed here: browser tests will be skipped"; fi; }

## make lint: the checks .pre-commit-config.yaml runs (there on the files of a commit)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

check: install-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run --noinput

## make test: install dev requirements, lint (ruff, format, import contracts, mypy), Django
## checks, the whole suite with branch coverage, then the coverage figures
test: install-dev browser-deps lint check
	$(BIN)/python -m pytest --cov --cov-report= $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory coverage

## coverage of the last test run: the table, the total, and 90% at least for the engine,
## the booking rules and matching (each on its own)
COVERED_90 := 'simple_japanese/*' learning/booking.py 'matching/*'
coverage: install-dev
	@$(BIN)/coverage report --skip-covered --sort=cover
	@echo "Total coverage (branch): $$($(BIN)/coverage report --format=total)%"
	@for part in $(COVERED_90); do \
	  figure=$$($(BIN)/coverage report --include="$$part" --format=total); \
	  $(BIN)/coverage report --include="$$part" --format=total --fail-under=90 >/dev/null \
	    || { echo "$$part: $$figure% covered, under 90%" >&2; exit 1; }; \
	  echo "$$part: $$figure% covered (at least 90%)"; done

bench: install-dev
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .coverage .mypy_cache

## make messages: refresh the translation catalogues and compile them (needs GNU gettext)
messages: install-dev
	$(BIN)/python manage.py makemessages -l ja -l en -l vi -l zh_Hans -l tl -l ko -l id -l ne --ignore=.venv/* --ignore=tests/* --ignore=bench/* --ignore=staticfiles/* -v0
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
