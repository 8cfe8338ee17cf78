# The course repository's commands. Needs only Python 3.11+ and make.
#   make run    serve the finished backend (final/) on http://127.0.0.1:8000
#   make test   every test: each part's own tests, the checker on every part, docs, stack
#   make docs   serve the course site on http://127.0.0.1:8001
#   make check PART=N PROJECT=path   grade a project against parts 01..N

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
PART   ?= 1
PROJECT ?= parts/01-introduction
# Parallel test workers; `make test WORKERS=0` runs in one process.
WORKERS ?= auto

.PHONY: help install run test docs check

help:
	@sed -n 's/^#   //p' Makefile

# The virtual environment is (re)built whenever pyproject.toml or constraints.txt change;
# constraints.txt pins every indirect dependency too, so every machine gets the same set.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (try make PYTHON=python3.12 ...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	cd final && (test -f .env || cp .env.example .env)
	cd final && ../$(BIN)/python manage.py migrate --noinput
	cd final && ../$(BIN)/python manage.py seed_demo
	cd final && exec ../$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15

docs: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST):8001

check: $(STAMP)
	$(BIN)/python -m checker check --part $(PART) $(PROJECT)
