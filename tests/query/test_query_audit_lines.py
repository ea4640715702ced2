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


LIMITED = "1 exp Spirituality/\n2 spiritual*.ti,ab.\n3 1 or 2\n4 limit 3 to {spec}\n"


@pytest.mark.parametrize("spec, years, languages", [
    ('(english language and yr="2010 \u2013 Current")', (2010, None), ["english"]),
    ('yr="2010\u20132020"', (2010, 2020), []),
    ("(dutch or english)", (None, None), ["dutch", "english"]),
    ('((dutch or english) and yr="2015 -Current")', (2015, None), ["dutch", "english"]),
])
def test_ovid_limit_line_keeps_years_and_languages(spec: str, years: tuple,
                                                   languages: list[str]) -> None:
    strategy, warnings = parse_strategy(LIMITED.format(spec=spec), "medline")
    limits = strategy.limits
    assert (limits.year_from, limits.year_to) == years
    assert limits.languages == languages
    assert warnings == []


@pytest.mark.parametrize("spec, dropped", [
    ("humans", "humans"), ("last 5 years", "last 5 years"),
    ("(english language and humans)", "humans"),
    ("(adult <19 to 44 years> and english language)", "adult <19 to 44 years>"),
])
def test_ovid_limit_a_strategy_cannot_hold_is_named(spec: str, dropped: str) -> None:
    _, warnings = parse_strategy(LIMITED.format(spec=spec), "medline")
    assert any(f"limit {dropped!r} is not kept" in w for w in warnings), warnings


COCHRANE = ("#1\tMeSH descriptor: [Spirituality] explode all trees\t1234\n"
            "#2\t(spiritual* OR religio*):ti,ab,kw\t5678\n"
            "#3\t#1 OR #2\t6789\n"
            "#4\tMeSH descriptor: [Mental Disorders] explode all trees\t9999\n"
            "#5\t#3 AND #4 {qualifier}\t123\n")


@pytest.mark.parametrize("qualifier, years, unkept", [
    ("with Publication Year from 2010 to 2024, in Trials", (2010, 2024), ["in Trials"]),
    ("in Trials", (None, None), ["in Trials"]),
    ("with Cochrane Library publication date Between Jan 2010 and Dec 2024, in Cochrane "
     "Reviews", (None, None),
     ["with Cochrane Library publication date Between Jan 2010 and Dec 2024",
      "in Cochrane Reviews"]),
])
def test_cochrane_history_line_with_its_limits_keeps_every_line(qualifier: str, years: tuple,
                                                                unkept: list[str]) -> None:
    """Cochrane's export writes a line's limits after it ('#3 AND #4 with Publication Year
    from 2010 to 2024, in Trials'): the whole search became the word '#3' AND a phrase."""
    text = COCHRANE.format(qualifier=qualifier)
    strategy, warnings = parse_strategy(text, "cochrane")
    spiritual, mental = strategy.blocks.values()
    assert [t.text for t in spiritual.terms] == ["spiritual*", "religio*"]
    assert [h.name for h in mental.headings["mesh"]] == ["Mental Disorders"]
    assert (strategy.limits.year_from, strategy.limits.year_to) == years
    for part in unkept:
        assert any(f"{part!r} is not kept" in w for w in warnings), warnings
    assert [f for f in lint_text(text, "cochrane") if f.severity == "error"] == []


PUBMED_HISTORY = ("#1\tSearch: spiritual*[tiab] OR religio*[tiab]{filters}\t5,678\n"
                  "#2\tSearch: nurs*[tiab]\t99,999\n"
                  "#3\tSearch: #1 AND #2\t1,234\n")


def test_pubmed_history_copied_with_search_labels_keeps_every_line() -> None:
    """PubMed's Advanced search history reads '#3 Search: #1 AND #2': the whole search
    became the phrase 'Search: #1' AND the word #2."""
    strategy, warnings = parse_strategy(PUBMED_HISTORY.format(filters=""), "pubmed")
    spiritual, nurses = strategy.blocks.values()
    assert [t.text for t in spiritual.terms] == ["spiritual*", "religio*"]
    assert [t.text for t in nurses.terms] == ["nurs*"]
    assert warnings == []


def test_pubmed_history_filters_are_named_not_searched() -> None:
    text = PUBMED_HISTORY.format(filters=" Filters: English, from 2010 - 2024")
    strategy, warnings = parse_strategy(text, "pubmed")
    assert [t.text for t in strategy.blocks["spiritual"].terms] == ["spiritual*", "religio*"]
    assert any("'Filters: English, from 2010 - 2024' is not kept" in w for w in warnings)


def test_line_reference_beside_search_text_is_that_line() -> None:
    """PubMed, Cochrane and embase.com take '#1 AND humans[mh]': #1 was searched as a word."""
    text = "#1 spiritual*[tiab]\n#2 nurs*[tiab]\n#3 #1 AND #2 AND care[tiab]\n"
    strategy, _ = parse_strategy(text, "pubmed")
    assert [[t.text for t in b.terms] for b in strategy.blocks.values()] == \
        [["spiritual*"], ["nurs*"], ["care"]]
    missing = "#1 spiritual*[tiab]\n#2 nurs*[tiab]\n#3 #1 AND #7 AND care[tiab]\n"
    with pytest.raises(QueryError, match="line 3 refers to line 7"):
        parse_strategy(missing, "pubmed")
    assert any(f.code == "Q106" and "line 7" in f.message for f in lint_text(missing, "pubmed"))


def test_wos_history_with_its_settings_lines_keeps_every_line() -> None:
    """Web of Science's search history puts each set's settings on a line of their own
    ('Indexes=SCI-EXPANDED, SSCI Timespan=2010-2024'): the history was read as one string,
    the settings as search phrases ANDed in."""
    settings = "Indexes=SCI-EXPANDED, SSCI Timespan=2010-2024\n"
    text = (f"#1\tTS=(spiritual* OR religio*)\n{settings}#2\tTS=(nurs*)\n{settings}"
            f"#3\t#2 AND #1\n{settings}")
    strategy, warnings = parse_strategy(text, "wos")
    assert [[t.text for t in b.terms] for b in strategy.blocks.values()] == \
        [["nurs*"], ["spiritual*", "religio*"]]
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2010, 2024)
    assert any("'Indexes=SCI-EXPANDED, SSCI' is not kept" in w for w in warnings), warnings
    assert [f for f in lint_text(text, "wos") if f.severity == "error"] == []


def test_ebsco_history_copied_with_its_columns_keeps_every_line() -> None:
    """EBSCOhost's search history table copies as 'S3 <tab> S1 OR S2 <tab> Limiters -
    Published Date: 20100101-20241231; English Language <tab> View Results (999)': the
    search became TX (S1 OR "S2 Limiters - …")."""
    modes = "Search modes - Boolean/Phrase"
    text = (f'S1\t(MH "Spirituality+")\t{modes}\tView Results (1,234)\n'
            f"S2\tTI ( spiritual* OR religio* ) OR AB ( spiritual* OR religio* )\t{modes}\t"
            "View Results (5,678)\n"
            "S3\tS1 OR S2\tLimiters - Published Date: 20100101-20241231; English Language; "
            "Peer Reviewed\tView Results (999)\n")
    strategy, warnings = parse_strategy(text, "cinahl")
    (block,) = strategy.blocks.values()
    assert [t.text for t in block.terms] == ["spiritual*", "religio*"]
    assert [h.name for h in block.headings["cinahl"]] == ["Spirituality"]
    limits = strategy.limits
    assert (limits.year_from, limits.year_to, limits.languages) == (2010, 2024, ["english"])
    assert any("'Peer Reviewed' is not kept" in w for w in warnings), warnings
    assert not any("Boolean/Phrase" in w for w in warnings)
