# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make demo   runs the whole pipeline on bundled example exports
#   make test   runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean bench browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/litsearch demo --out demo-review --force

# The HTML report's browser tests drive Debian's Chromium. Install it when it is missing
# and this is a Debian machine where we are root; elsewhere say that those tests will be
# skipped (each skipped test says why too).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi
	@[ -x /usr/bin/chromium ] || echo "warning: no Chromium at /usr/bin/chromium and it cannot \
	be installed here (needs root and apt-get): the browser tests will be skipped."

test: $(STAMP) browser
	$(BIN)/ruff check --quiet litsearch tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo-review
