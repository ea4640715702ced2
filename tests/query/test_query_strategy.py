"""The strategy file: validation messages and the shipped strategy's shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.errors import ConfigError
from litsearch.query import Term, load_strategy

REPO = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "strategy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text,message", [
    ('[blocks.a]\nterms = ["x"]\n[[searches]]\nall = ["b"]\n', "unknown block 'b'"),
    ('[blocks.a]\nterms = ["x"]\nfield = "tiabx"\n', "unknown field 'tiabx'"),
    ('[blocks.a]\nterms = []\n', "no terms or headings"),
    ('[blocks.a]\nterms = [{near = ["x"]}]\n', "near needs two or more words"),
    ('[blocks.a]\nterms = [{word = "x"}]\n', "unknown key 'word'"),
    ('[blocks.a]\nterms = [7]\n', "a term must be a string"),
    ('[limits]\nyear_from = "2010"\n[blocks.a]\nterms = ["x"]\n', "must be a year"),
    ('[blocks.a\nterms = ["x"]\n', "line 1"),
    ('title = "t"\n', "no blocks"),
])
def test_query_strategy_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_strategy(_write(tmp_path, text))
    assert "strategy.toml" in str(info.value)


#: A misspelled key in each table of the format, and the key the error suggests.
MISSPELLED_KEYS = [
    ('titel = "t"\n[blocks.a]\nterms = ["x"]\n', "titel", "title"),
    ('[blocks.a]\nterms = ["x"]\nfields = "ti"\n', "fields", "field"),
    ('[blocks.a]\nterm = ["x"]\n', "term", "terms"),
    ('[blocks.a]\nterms = ["x"]\nmeshh = ["X"]\n', "meshh", "mesh"),
    ('[blocks.a]\nterms = [{term = "x", feild = "ti"}]\n', "feild", "field"),
    ('[blocks.a]\nterms = [{near = ["x", "y"], whithin = 3}]\n', "whithin", "within"),
    ('[blocks.a]\nterms = ["x"]\nmesh = [{name = "X", exploded = false}]\n', "exploded",
     "explode"),
    ('[limits]\nyear_form = 2010\n[blocks.a]\nterms = ["x"]\n', "year_form", "year_from"),
    ('[blocks.a]\nterms = ["x"]\n[[searches]]\nall = ["a"]\nnone = ["a"]\n', "none", "not"),
]


@pytest.mark.parametrize(("text", "key", "nearest"), MISSPELLED_KEYS)
def test_query_strategy_unknown_key_names_the_nearest(tmp_path: Path, text: str, key: str,
                                                      nearest: str) -> None:
    with pytest.raises(ConfigError, match=f"unknown key '{key}'") as info:
        load_strategy(_write(tmp_path, text))
    assert f"Did you mean '{nearest}'?" in info.value.hint
    assert "docs/strategy.md" in info.value.hint


def test_query_strategy_terms(tmp_path: Path) -> None:
    path = _write(tmp_path, '[blocks.a]\nterms = ["  focus   group ", '
                            '{near = ["a", "b"], within = 0, ordered = true}]\n')
    strategy = load_strategy(path)
    assert strategy.blocks["a"].terms == [Term("focus group"), Term("a b")]
    assert [s.all for s in strategy.searches] == [["a"]]  # no searches: AND every block


def test_query_shipped_strategy_shape() -> None:
    strategy = load_strategy(REPO / "queries" / "strategy.toml")
    assert [s.name for s in strategy.searches] == ["A", "B"]
    assert strategy.searches[0].all[0] == ["meaning", "resilience"]
    assert strategy.limits.year_from == 2010 and strategy.limits.year_to is None
    assert strategy.limits.languages == ["english", "dutch"]
    texts = [t.text for b in strategy.blocks.values() for t in b.terms]
    assert not any(c in t for t in texts for c in "“”")
    assert "SME" not in texts and "EPA" not in texts
    assert {"client*", "cliënt*"} <= set(texts)
