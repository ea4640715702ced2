"""Code-review findings on the query parser and converter (numbered histories, limits,
precedence warnings): each was a silent wrong result."""

from __future__ import annotations

import pytest

from litsearch.errors import QueryError
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


@pytest.mark.parametrize("text, db", [
    ("TS=(spiritual*) AND PY=(2010-2012) AND PY=(2015-2020)", "wos"),
    ("spiritual*[tiab] AND 2010:2012[dp] AND 2015:2020[dp]", "pubmed"),
])
def test_year_ranges_anded_that_do_not_overlap_are_an_error(text: str, db: str) -> None:
    """year_from 2015 > year_to 2012 was kept silently: a search that finds nothing."""
    with pytest.raises(QueryError, match=r"2010.2012 and 2015.2020 do not overlap") as info:
        parse_strategy(text, db)
    assert "\n" not in str(info.value)


def test_years_on_the_last_line_that_do_not_overlap_the_search_are_an_error() -> None:
    text = ("#1\tTS=(spiritual*) AND PY=(2015-2020)\n#2\tTS=(nurs*)\n"
            "#3\t#1 AND #2\nIndexes=SCI-EXPANDED Timespan=2010-2012\n")
    with pytest.raises(QueryError, match="line 3: the year limits 2015.2020 and 2010.2012 do "
                       "not overlap"):
        parse_strategy(text, "wos")


def test_wos_same_mixed_with_and_gets_the_precedence_warning() -> None:
    """SAME was read as AND, so 'a SAME b AND c' lost its Q401 warning."""
    findings = [f for f in lint_text("TS=(a SAME b AND c)", "wos") if f.code == "Q401"]
    assert len(findings) == 1
