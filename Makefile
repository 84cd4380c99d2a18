# Tandem: `make demo` to run it, `make test` to prove it. Both install what they need first.
SHELL := /bin/bash
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen

.PHONY: demo test install bootstrap lint typecheck pytest serve migrate seed format clean security

bootstrap:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

install: bootstrap
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --loglevel=error

migrate: install
	$(RUN) tandem migrate --no-input

seed: migrate
	$(RUN) tandem seed-demo

demo: seed
	@echo "Serving Tandem at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(RUN) tandem runserver 127.0.0.1:$(PORT)

lint:
	$(RUN) ruff check src tests bench scripts
	$(RUN) ruff format --check src tests bench scripts

typecheck:
	$(RUN) mypy

pytest:
	$(RUN) pytest $(PYTEST_ARGS)

test: install lint typecheck pytest

# Security scans: bandit (no medium or high findings in src/) and pip-audit over uv.lock's pins.
security: bootstrap
	$(RUN) bandit -r src -ll -q
	$(RUN) python scripts/pip_audit.py

format: bootstrap
	$(RUN) ruff format src tests bench
	$(RUN) ruff check --fix src tests bench

clean:
	rm -rf .venv node_modules var staticfiles .mypy_cache .ruff_cache .pytest_cache
