# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   runs the whole pipeline on bundled example exports
#   make test   runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/litsearch demo --out demo-review --force

test: $(STAMP)
	$(BIN)/ruff check --quiet litsearch tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo-review
