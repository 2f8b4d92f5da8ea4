# Nestling: one-word commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+. Find one ourselves (PATH first, then pyenv) and hand it
# to uv; uv must never download an interpreter.
PYTHON ?= $(shell for c in python3.12 python3.13 python3; do \
	  p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export NESTLING_DATA_DIR ?= $(CURDIR)/data
TEST_DATA_DIR := $(CURDIR)/.test-data

.PHONY: help python uv install demo run fmt lint types test test-sqlite test-slow test-postgres browsers nginx bench clean intake-model sound-tools cry-model

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

python:
	@test -n "$(PYTHON)" || { echo "Nestling needs Python 3.12 or newer; none found on PATH or under pyenv." >&2; exit 1; }

uv: python
	@test -x "$(UV)" || { echo "Installing uv (not found)..."; python3 -m pip install --quiet --user uv; }

install: uv ## Create the locked environment in .venv, compile the translations, fetch ONNX Runtime Web
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@# Our own modules compiled too: where PYTHONDONTWRITEBYTECODE is set (as on our test
	@# machines) Python would otherwise compile every module in every process it starts.
	@$(UV) run --frozen python -c 'import compileall, tomllib; \
	  wheel = tomllib.load(open("pyproject.toml", "rb"))["tool"]["hatch"]["build"]["targets"]["wheel"]; \
	  raise SystemExit(0 if all([compileall.compile_dir(p, quiet=1, workers=0) for p in wheel["packages"]]) else 1)'
	@$(MAKE) --no-print-directory vendor/onnxruntime-web/ort.wasm.min.js || \
	  echo "Could not fetch ONNX Runtime Web (npm): the Listen page will say it is unavailable."
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext (msgfmt, to compile the translations)..."; \
	  (apt-get install -y gettext >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y gettext >/dev/null)) \
	  || echo "Could not install gettext: Nestling will speak English only until msgfmt is installed."; }
	@if command -v msgfmt >/dev/null 2>&1; then \
	  NESTLING_DATA_DIR=$(TEST_DATA_DIR) $(UV) run --frozen nestling manage compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

demo: install ## Set up and run Nestling with the demo family on http://127.0.0.1:8000
	mkdir -p $(NESTLING_DATA_DIR)
	$(UV) run --frozen nestling demo

run: install ## Run the server on the existing data directory
	$(UV) run --frozen nestling manage migrate --noinput
	$(UV) run --frozen nestling serve

fmt: install ## Format the code
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

lint: install ## ruff checks and the import contracts (pyproject.toml, STYLE §2)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

browsers: ## Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium..."; \
	  (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)); }

sound-tools: ## Debian's espeak-ng and sox (household sounds for the cry model) and PortAudio (microphones)
	@command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1 || { \
	  echo "Installing Debian's espeak-ng, sox and libportaudio2..."; \
	  (apt-get install -y espeak-ng sox libportaudio2 >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y espeak-ng sox libportaudio2 >/dev/null)); }

nginx: ## Debian's nginx for the scale-out test (tests/test_scaleout.py, docs/deploy.md)
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's nginx (nginx-light where the release still has it)..."; \
	  get_nginx() { apt-get install -y nginx-light >/dev/null 2>&1 || apt-get install -y nginx >/dev/null 2>&1; }; \
	  get_nginx || (apt-get update >/dev/null && get_nginx); }

# axe-core for the accessibility test, pinned in package-lock.json (test-only, never served).
node_modules/axe-core/axe.min.js node_modules/onnxruntime-web/dist/ort.wasm.min.js &: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch node_modules/axe-core/axe.min.js node_modules/onnxruntime-web/dist/ort.wasm.min.js

# The Listen page runs the cry model with ONNX Runtime Web: only the three files it loads
# are served (the package holds 136 MB of other builds).
ORT_FILES := ort.wasm.min.js ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm
vendor/onnxruntime-web/ort.wasm.min.js: node_modules/onnxruntime-web/dist/ort.wasm.min.js
	mkdir -p vendor/onnxruntime-web
	cp $(addprefix node_modules/onnxruntime-web/dist/,$(ORT_FILES)) vendor/onnxruntime-web/

types: install ## mypy --strict with django-stubs on all the product code (the Django apps' tests excepted)
	$(UV) run --frozen mypy

test: install browsers nginx sound-tools node_modules/axe-core/axe.min.js lint types test-sqlite test-slow test-postgres ## Set up and run the whole test suite (SQLite, then PostgreSQL)

# Spread over the cores by pytest-xdist (worksteal: an idle worker takes tests from a busy one),
# in a random order each run (pytest-randomly prints the seed; CONTRIBUTING.md says how to
# repeat a run with it).
XDIST := -n auto --dist worksteal
# pytest rewrites the asserts of every test module it imports, in every xdist worker; it keeps
# the rewritten modules in __pycache__ only where Python may write bytecode. Where
# PYTHONDONTWRITEBYTECODE is set (as on our test machines) that cache is lost and the rewrite
# cost about 7 s of every run's collection, so the test runs unset it.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE NESTLING_DATA_DIR=$(TEST_DATA_DIR)
PYTEST := $(TEST_ENV) $(UV) run --frozen pytest

test-sqlite: ## The fast suite on SQLite (everything but the slow and browser runs), with its wall time
	@echo "== tests on SQLite =="
	@start=$$(date +%s); $(PYTEST) $(XDIST) -m "not slow and not browser"; \
	  rc=$$?; echo "make test-sqlite: $$(( $$(date +%s) - start )) s wall"; exit $$rc

test-slow: ## The many-seed statistics, fuzzing, scale-out, process and browser runs, on SQLite
	@echo "== slow and browser tests on SQLite =="
	@start=$$(date +%s); $(PYTEST) $(XDIST) -m "slow or browser"; \
	  rc=$$?; echo "make test-slow: $$(( $$(date +%s) - start )) s wall"; exit $$rc

test-postgres:
	@$(TEST_ENV) bash scripts/test-postgres.sh "$(UV)"

bench: install sound-tools ## Benchmarks: print figures and ratios
	$(UV) run --frozen python -m bench

clean: ## Remove the environment and caches (keeps the data directory)
	rm -rf .venv .pytest_cache .ruff_cache

cry-model: install sound-tools ## Retrain the cry detector (listening/data/cry-model.*) from ../shared/audio and print its figures
	$(UV) run --frozen python -m listening.devset.train

intake-model: install ## Retrain the intake's text judge (content/intake/classifier.npz) and print its figures
	$(UV) run --frozen python -m intake.devset.train
