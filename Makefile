# congbo: `make run` starts the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests need (installed by `make test` when run as root and missing).
TEST_DEBS := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui poppler-utils fonts-liberation2 dovecot-imapd openssl libgl1 libglib2.0-0 chromium
PYTEST_ARGS ?=

.PHONY: run test venv system-packages migrate demo bench clean

$(BIN)/congbo: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/congbo

system-packages:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages (run as root to install): $$missing"; \
	  fi; \
	fi

migrate: venv
	$(BIN)/congbo migrate

demo: migrate
	$(BIN)/congbo demo

run: demo
	mkdir -p var/inbox
	$(BIN)/congbo worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; $(BIN)/congbo serve

test: venv system-packages
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

bench: venv
	$(BIN)/python bench/parse_throughput.py ../shared/corpus/real

clean:
	rm -rf $(VENV) var .pytest_cache
