PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint score screenshot clean fuzz

$(BIN)/activate:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/activate pyproject.toml
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/policytext summary corpora/seed-shaoxing.txt

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/pytest

# Explore the fuzz targets (tests/test_fuzz.py): FUZZ_EXAMPLES inputs each, at most FUZZ_SECONDS in all,
# under an address-space cap so an amplifier that slipped through cannot take the machine down.
FUZZ_EXAMPLES ?= 2000
FUZZ_SECONDS ?= 1800
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) OPENBLAS_NUM_THREADS=1 \
	timeout $(FUZZ_SECONDS) prlimit --as=6000000000 $(BIN)/pytest -p no:randomly -x tests/test_fuzz.py

score: $(VENV)/.installed
	$(BIN)/python benchmarks/score_all.py --shared $(SHARED)

# The Shaoxing plan's view as the README shows it (needs chromium and chromium-driver).
screenshot: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/screenshot.py corpora/seed-shaoxing.txt docs/screenshot.png

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
