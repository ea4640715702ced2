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


MIDDLE = ("#1 spiritual*:ti,ab\n#2 religio*:ti,ab\n#3 #1 AND #2{middle}\n#4 meaning:ti,ab\n"
          "#5 #3 OR #4{last}\n")


def test_years_limited_on_a_middle_line_are_not_applied_to_the_whole_search() -> None:
    """Cochrane: years on line 3 became the limit of line 5 (everything), without a word."""
    text = MIDDLE.format(middle=" with Publication Year from 2010 to 2012", last="")
    strategy, warnings = parse_strategy(text, "cochrane")
    assert (strategy.limits.year_from, strategy.limits.year_to) == (None, None)
    assert any(w.startswith("line 3: 'with Publication Year from 2010 to 2012' is not kept")
               for w in warnings), warnings


def test_years_on_the_last_line_are_kept_and_a_middle_line_they_cover_is_not_named() -> None:
    text = MIDDLE.format(middle=" with Publication Year from 2000 to 2024",
                         last=" with Publication Year from 2010 to 2012")
    strategy, warnings = parse_strategy(text, "cochrane")
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2010, 2012)
    assert not any("not kept" in w for w in warnings), warnings
    text = MIDDLE.format(middle=" with Publication Year from 2015 to 2020",
                         last=" with Publication Year from 2010 to 2024")
    strategy, warnings = parse_strategy(text, "cochrane")
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2010, 2024)
    assert any(w.startswith("line 3: 'with Publication Year from 2015 to 2020' is not kept")
               for w in warnings), warnings


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


def test_cochrane_limit_on_a_line_of_search_text_is_split_off() -> None:
    """'#2 spiritual:ti,ab with Publication Year from 2015 to 2020' searched the limit as
    words."""
    text = ("#1 nurs*:ti,ab\n#2 spiritual:ti,ab with Publication Year from 2015 to 2020\n"
            "#3 #1 AND #2\n")
    strategy, warnings = parse_strategy(text, "cochrane")
    assert [[t.text for t in b.terms] for b in strategy.blocks.values()] == \
        [["nurs*"], ["spiritual"]]
    assert any(w.startswith("line 2: 'with Publication Year from 2015 to 2020' is not kept")
               for w in warnings), warnings
    last = "#1 nurs*:ti,ab\n#2 spiritual:ti,ab in Trials\n"
    strategy, warnings = parse_strategy(last, "cochrane")
    assert [t.text for t in strategy.blocks["spiritual"].terms] == ["spiritual"]
    assert any("'in Trials' is not kept" in w for w in warnings), warnings
    words = "#1 nurs*:ti,ab\n#2 (patients with cancer):ti,ab\n#3 #1 AND #2\n"
    strategy, _ = parse_strategy(words, "cochrane")
    assert [t.text for t in strategy.blocks["patients-with-cancer"].terms] == \
        ["patients with cancer"]
