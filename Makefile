# congbo: `make run` starts the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Debian packages reading needs (installed by `make run` and `make test` when run as root and missing),
# and those only the tests need (a real IMAP server, a browser).
RUN_DEBS := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui poppler-utils fonts-liberation2 libgl1 libglib2.0-0
TEST_DEBS := $(RUN_DEBS) dovecot-imapd openssl chromium
PYTEST_ARGS ?=

.PHONY: run test venv system-packages run-packages debs migrate demo bench clean

$(BIN)/congbo: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/congbo

system-packages:
	@$(MAKE) --no-print-directory debs DEBS="$(TEST_DEBS)"

run-packages:
	@$(MAKE) --no-print-directory debs DEBS="$(RUN_DEBS)"

debs:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages (run as root, or install them: apt-get install $$missing)"; \
	  fi; \
	fi

migrate: venv
	$(BIN)/congbo migrate

demo: migrate
	$(BIN)/congbo demo

run: run-packages demo
	mkdir -p var/inbox
	$(BIN)/congbo worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; $(BIN)/congbo serve

# axe-core, from the npm registry, for the accessibility checks the browser tests run
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the accessibility checks (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test: venv system-packages node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

bench: venv
	$(BIN)/python bench/parse_throughput.py ../shared/corpus/real

clean:
	rm -rf $(VENV) var .pytest_cache
