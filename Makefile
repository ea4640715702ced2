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
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
			|| echo "warning: apt-get could not install chromium"; \
	fi
	@[ -x /usr/bin/chromium ] || echo "warning: no Chromium at /usr/bin/chromium and it cannot \
	be installed here (needs root and apt-get): the browser tests will be skipped."

# The whole suite runs on SQLite; then the store, screening, dedup, report and team tests
# run again with every review on a throwaway PostgreSQL server (tests/pg_server.sh), which
# is stopped afterwards. Where PostgreSQL cannot be installed, that pass is skipped and
# the reason printed.
PG_TESTS := tests/foundation tests/screening tests/dedup tests/report tests/team \
	tests/test_walkthrough.py

test: $(STAMP) browser
	$(BIN)/ruff check --quiet litsearch tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n 2
	@url=$$(tests/pg_server.sh start); \
	if [ -z "$$url" ]; then \
		echo "warning: PostgreSQL pass SKIPPED: no PostgreSQL server could be started (see above)."; \
	else \
		echo "PostgreSQL pass: $(PG_TESTS) on $$url"; \
		LITSEARCH_TEST_POSTGRES=$$url $(BIN)/python -m pytest -q -n 2 -p no:cacheprovider \
			$(PG_TESTS); status=$$?; tests/pg_server.sh stop; exit $$status; \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo-review
