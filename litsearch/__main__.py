"""``python -m litsearch``."""

from litsearch.cli import run

run()
