PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test lint score screenshot clean

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

score: $(VENV)/.installed
	$(BIN)/python benchmarks/score_all.py --shared $(SHARED)

# The Shaoxing plan's view as the README shows it (needs chromium and chromium-driver).
screenshot: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/screenshot.py corpora/seed-shaoxing.txt docs/screenshot.png

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
