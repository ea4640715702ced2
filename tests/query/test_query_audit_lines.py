"""Audit findings on numbered search histories (Ovid ``or/1-3``, ``#1 AND #2``).

A line reference that does not resolve (a dash pasted from Word, a line that does not
exist or comes later) was dropped or searched as a word without a finding: the search
lost whole concept blocks.
"""

from __future__ import annotations

import pytest

from litsearch.errors import QueryError
from litsearch.query import lint_text, parse_strategy

HISTORY = ("1 exp Spirituality/\n2 (spiritual* or religio*).ti,ab.\n3 meaning$.ti.\n"
           "4 {combine}\n5 exp Mental Disorders/\n6 4 and 5\n")


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2011", " - ", "-"])
def test_or_range_with_a_typographic_dash_keeps_every_line(dash: str) -> None:
    strategy, _ = parse_strategy(HISTORY.format(combine=f"or/1{dash}3"), "medline")
    (meaning, mental) = strategy.blocks.values()
    assert [t.text for t in meaning.terms] == ["spiritual*", "religio*", "meaning*"]
    assert [h.name for h in meaning.headings["mesh"]] == ["Spirituality"]
    assert lint_text(HISTORY.format(combine=f"or/1{dash}3"), "medline") == []


@pytest.mark.parametrize("combine, missing", [("or/1-3,7", "line 7"), ("1 or 2 or 9", "line 9"),
                                              ("or/1-5", "lines 4 and 5"),
                                              ("#1 OR #4", "line 4")])
def test_reference_to_a_line_that_is_not_earlier_is_an_error(combine: str,
                                                              missing: str) -> None:
    text = HISTORY.format(combine=combine)
    with pytest.raises(QueryError, match=f"line 4.*{missing}"):
        parse_strategy(text, "medline")
    findings = lint_text(text, "medline")
    assert [(f.code, f.severity, f.line) for f in findings] == [("Q106", "error", 4)]
    assert f"refers to {missing}," in findings[0].message
