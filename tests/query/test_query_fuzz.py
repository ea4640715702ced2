"""Lint never fails and parse fails only with QueryError, whatever the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.errors import QueryError
from litsearch.query import PLATFORMS, lint_text, parse_strategy

#: Fragments that exercise every tokenizer and parser branch, mixed at random.
PIECES = ["a", "cat*", "wom?n", "colo$r", '"', "“", "”", "'", "(", ")", "[tiab]", "[mh]",
          " AND ", " OR ", " NOT ", " NEAR/3 ", " adj2 ", " W/2 ", " N3 ", "TS=", "TITLE-ABS(",
          "TI ", ".ti,ab.", ":ti,ab", "/exp", "{", "}", "exp ", "X/", "\n", " ",
          "2010:2020[dp]", "PUBYEAR > 2009", '[mh "X"]', '(MH "Y+")', "~2", "DT 2010-2020",
          "TITLE:", "-", "*", "$", "#", "?", "[", "]", "/", "=", ":", "é"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, platform=st.sampled_from([*PLATFORMS, "plain"]))
def test_query_fuzz_lint_and_parse(text: str, platform: str) -> None:
    for finding in lint_text(text, platform):
        assert 0 <= finding.start <= len(text) and finding.line >= 1 and finding.col >= 1
    if platform != "google-scholar":
        try:
            parse_strategy(text, platform)
        except QueryError:
            pass
