# The two commands in the README are the contract: `make serve` and `make test`.
# Both set up .venv from the pinned requirements first, on any machine with python3.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/hooks
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check test schema fuzz bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a $(ADDR)

# Build into a fresh folder and swap it in, so a failed build leaves the last good site/ alone.
build: $(STAMP)
	rm -rf .site-new
	$(BIN)/mkdocs build --strict -d .site-new
	rm -rf .site-old && if [ -d site ]; then mv site .site-old; fi && mv .site-new site && rm -rf .site-old

check: $(STAMP)
	$(BIN)/python -m handbook.cli check
	$(BIN)/python -m handbook.cli schema --check

schema: $(STAMP)
	$(BIN)/python -m handbook.cli schema

test: $(STAMP)
	$(BIN)/python -m pytest

# The long property-based run: 10,000 fresh examples per file property, 1,000 whole handbooks
# (make test runs a fixed 300 and 100). Prints Hypothesis' statistics: examples, time, outcomes.
fuzz: $(STAMP)
	HANDBOOK_FUZZ=fuzz $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics

# What the hooks cost against plain Material and mkdocs-quiz, at 1x, 10x and 100x the handbook,
# with the budget lines (BENCHMARKS.md). Adds benchmarks/requirements.txt to .venv; BENCH_ARGS
# passes options, e.g. BENCH_ARGS="--sizes 1,10 --runs 1:5,10:3".
BENCH_STAMP := $(VENV)/.bench-$(shell cksum < benchmarks/requirements.txt | cut -d' ' -f1)

$(BENCH_STAMP): $(STAMP) benchmarks/requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q -c requirements.txt -r benchmarks/requirements.txt
	rm -f $(VENV)/.bench-* && touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .site-new .site-old .pytest_cache
