"""One number format and nouns in the right number, for every count a user reads."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import litsearch.wording as wording
from litsearch.wording import number, plural

PACKAGE = Path(wording.__file__).parent


def test_doctests():
    assert doctest.testmod(wording).failed == 0


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_number_groups_every_three_digits_and_reads_back(n):
    shown = number(n)
    assert int(shown.replace(",", "")) == n
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*", shown)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["record", "doubtful pair"]))
def test_plural_is_singular_only_for_one(n, noun):
    shown = plural(n, noun)
    assert shown.startswith(number(n) + " ")
    assert shown.endswith(noun if n == 1 else noun + "s")


def test_irregular_plural():
    assert plural(1, "query", "queries") == "1 query"
    assert plural(3, "query", "queries") == "3 queries"


def test_no_hand_made_plurals_left_in_the_commands_and_apps():
    """'record(s)' and "'s' * (n != 1)" were how counts read wrong; plural() replaces them."""
    hand_made = re.compile(r"""[a-z]\(s\)|'s' \* \(""")
    found = []
    for folder in ("cli", "tui", "importers"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for number_, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#")[0]
                if hand_made.search(code) and ('f"' in code or "f'" in code):
                    found.append(f"{path.relative_to(PACKAGE)}:{number_}: {line.strip()}")
    assert not found, "\n".join(found)
