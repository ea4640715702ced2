"""Audit finding: a term that is an operator on the platform (N95 on EBSCOhost, where Nn
is proximity; same on Web of Science; not, or, adj on Ovid) was rendered bare, so the
platform read it as an operator: the string was broken or meant another search."""

from __future__ import annotations

import pytest

from litsearch.query import PLATFORMS, Block, Search, Strategy, Term, parse_strategy, render
from litsearch.query.nodes import Leaf
from litsearch.query.parse import parse_tree

WORDS = ["N95", "W1", "same", "near", "not", "or", "and", "adj", "adj3", "NEXT", "N3"]
RENDERED = [p for p in PLATFORMS if p != "google-scholar"]


def _leaves(node) -> list[str]:
    if isinstance(node, Leaf):
        return [node.text]
    return [w for c in getattr(node, "children", []) for w in _leaves(c)]


@pytest.mark.parametrize("db", RENDERED)
@pytest.mark.parametrize("word", WORDS)
def test_operator_word_as_a_term_is_searched_as_a_word(word: str, db: str) -> None:
    strategy = Strategy(
        blocks={"masks": Block("masks", terms=[Term("mask*"), Term(word),
                                               Term(f"{word} mask", near=(word, "mask"),
                                                    within=2)]),
                "nurses": Block("nurses", terms=[Term("nurs*")])},
        searches=[Search("A", all=["masks", "nurses"])])
    (text,) = render(strategy, db).strings
    result = parse_tree(text, PLATFORMS[db].family)
    assert not result.problems, text
    assert word in _leaves(result.tree), text
    back, _ = parse_strategy(text, db)
    assert any(t.text == word for t in back.blocks["mask"].terms), text
