"""Audit findings on the strategy file: a value of the wrong kind is an error, never
read another way (a string where a list belongs was read letter by letter)."""

from __future__ import annotations

import tomllib

import pytest

from litsearch.errors import ConfigError
from litsearch.query.strategy import strategy_from_dict

BASE = """
[limits]
year_from = 2010
languages = ["english"]

[blocks.gambling]
terms = ["gambl*", { near = ["gaming", "disorder*"], within = 2 }]
mesh = ["Gambling", { name = "Behavior, Addictive", explode = false }]

[blocks.family]
terms = ["famil*"]

[[searches]]
name = "A"
all = ["gambling", "family"]
"""


def _load(old: str, new: str) -> None:
    text = BASE.replace(old, new)
    assert text != BASE
    strategy_from_dict(tomllib.loads(text))


@pytest.mark.parametrize(("old", "new", "message"), [
    ('languages = ["english"]', 'languages = "english"', "languages must be a list"),
    ('terms = ["famil*"]', 'terms = "famil*"', "terms must be a list"),
    ('terms = ["famil*"]', 'terms = ["famil*"]\nmesh = "Family"', "mesh must be a list"),
    ('all = ["gambling", "family"]', 'all = "gambling"', "all must be a list"),
    ('near = ["gaming", "disorder*"]', 'near = "gaming disorder*"', "near must be a list"),
    ("explode = false", 'explode = "false"', "explode must be true or false"),
    ("within = 2", 'within = "2"', "within must be a number"),
    ("within = 2", "within = -1", "within must be a number"),
    ("within = 2", "within = 2, ordered = \"yes\"", "ordered must be true or false"),
])
def test_query_strategy_wrong_kind_of_value_is_an_error(old, new, message) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(old, new)


def test_query_strategy_unknown_block_names_the_nearest() -> None:
    with pytest.raises(ConfigError, match="unknown block 'famly'. Did you mean 'family'"):
        _load('all = ["gambling", "family"]', 'all = ["gambling", "famly"]')


def test_query_strategy_unknown_field_names_the_nearest() -> None:
    with pytest.raises(ConfigError, match="unknown field 'tiabk'. Did you mean 'tiab"):
        _load('terms = ["famil*"]', 'field = "tiabk"\nterms = ["famil*"]')
