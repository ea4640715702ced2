"""Code-review findings on the query parser and converter (numbered histories, limits,
precedence warnings): each was a silent wrong result."""

from __future__ import annotations

from litsearch.query import lint_text, parse_strategy


def test_invisible_character_in_a_numbered_history_is_named() -> None:
    """The warning about a dropped soft hyphen was overwritten by the history's notes."""
    text = "1 spiri\u00adtual*.ti,ab.\n2 care.ti,ab.\n3 1 and 2\n"
    _, warnings = parse_strategy(text, "medline")
    assert any("line 1:8: an invisible character (soft hyphen)" in w for w in warnings), \
        warnings
    _, warnings = parse_strategy("#1 spiri\u200btual:ti,ab\n#2 care:ti,ab\n#3 #1 AND #2\n",
                                 "cochrane")
    assert any("invisible character (zero width space)" in w for w in warnings), warnings


def test_wos_same_mixed_with_and_gets_the_precedence_warning() -> None:
    """SAME was read as AND, so 'a SAME b AND c' lost its Q401 warning."""
    findings = [f for f in lint_text("TS=(a SAME b AND c)", "wos") if f.code == "Q401"]
    assert len(findings) == 1
