"""Platform rules found in review, and parsing strings as other reviews write them.

Each render test pins one platform fact (reference/queries.md §2 or the vendor's
help): Scopus loose phrases with wildcards, no $ inside WoS quotes, EBSCO's dropped
trailing ?, PubMed's truncation rules. The parse tests use strategies written the
way published reviews write them: Ovid numbered lines, Scopus TITLE-ABS-KEY with
W/n, WoS TS= with NEAR/n, EBSCO S-lines with MH and Nn.
"""

from __future__ import annotations

import tomllib

import pytest

from litsearch.errors import QueryError
from litsearch.query import (
    PLATFORMS,
    Block,
    Heading,
    Search,
    Strategy,
    Term,
    dumps_strategy,
    lint_strategy,
    lint_text,
    parse_strategy,
    render,
)
from litsearch.query.strategy import strategy_from_dict


def _one(*terms: Term) -> Strategy:
    return Strategy(blocks={"x": Block("x", list(terms))}, searches=[Search("A", ["x"])])


def test_query_scopus_truncated_phrase_stays_a_loose_phrase() -> None:
    # Scopus takes wildcards inside "…" (a loose phrase), not inside {…}.
    rendered = render(_one(Term("peer-review*"), Term("focus group")), "scopus")
    assert rendered.strings[0] == 'TITLE-ABS("peer-review*" OR "focus group")'
    exact = render(_one(Term("mixed method*", exact=True)), "scopus")
    assert exact.strings[0] == 'TITLE-ABS("mixed method*")'
    assert any("literally" in n for n in exact.notes)
    assert render(_one(Term("focus group", exact=True)), "scopus").strings[0] == \
        "TITLE-ABS({focus group})"


def test_query_scopus_and_wos_single_bracketed_term_not_doubled() -> None:
    near = Term("spiritual care", near=("spiritual", "care"), within=2)
    assert render(_one(near), "wos").strings[0] == "TS=(spiritual NEAR/2 care)"
    assert render(_one(near, Term("faith")), "wos").strings[0] == \
        "TS=((spiritual NEAR/2 care) OR faith)"
    assert render(_one(Term("focus group")), "wos").strings[0] == 'TS=("focus group")'


def test_query_wos_no_zero_or_one_wildcard_in_quotes() -> None:
    rendered = render(_one(Term("colo$r therapy"), Term("colo$r")), "wos")
    assert rendered.strings[0] == 'TS=("colo*r therapy" OR colo$r)'
    assert any("$ inside quotes" in n for n in rendered.notes)


def test_query_ebsco_trailing_question_mark_noted() -> None:
    rendered = render(_one(Term("behavio?")), "cinahl")
    assert "behavio?" in rendered.strings[0]
    assert any("drops a ? at the end" in n for n in rendered.notes)
    assert not any("does not find" in n for n in render(_one(Term("wom?n")), "cinahl").notes)


@pytest.mark.parametrize("term,needle", [
    ("GP*", "at least 4 characters"),
    ("ernstig* psychiatrische aandoening", "only at the end"),
    ("colo*r", "only at the end"),
])
def test_query_pubmed_truncation_problems_noted(term: str, needle: str) -> None:
    assert any(needle in n for n in render(_one(Term(term)), "pubmed").notes)


def test_query_pubmed_valid_truncation_not_noted() -> None:
    notes = render(_one(Term("life question*"), Term("nurs*")), "pubmed").notes
    assert not any("only at the end" in n or "at least 4 characters before" in n
                   for n in notes)


def test_query_pubmed_hyphenated_phrase_noted_once() -> None:
    notes = render(_one(Term("face-to-face"), Term("semi-structured")), "pubmed").notes
    assert sum("hyphenated one" in n for n in notes) == 1


def test_query_cochrane_near_counting_noted() -> None:
    near = Term("spiritual care", near=("spiritual", "care"), within=3)
    rendered = render(_one(near), "cochrane")
    assert rendered.strings[0] == "(spiritual NEAR/3 care):ti,ab"
    assert any("how it counts" in n for n in rendered.notes)


# Strategies as published reviews write them -------------------------------------------

OVID_HISTORY = """\
1     exp Mental Disorders/ (1234567)
2     (mental* adj3 (ill* or disorder*)).ti,ab. (98765)
3     1 or 2 (1111111)
4     exp Spirituality/ or exp Religion/ (45678)
5     (spiritual* or religio* or existential*).ti,ab,kf.
6     4 or 5
7     3 and 6
8     limit 7 to (english language and yr="2010 -Current")
"""


def test_query_parse_ovid_history_with_grouped_proximity() -> None:
    strategy, warnings = parse_strategy(OVID_HISTORY, "medline")
    first, second = strategy.blocks.values()
    assert first.headings == {"mesh": [Heading("Mental Disorders")]}
    assert [(t.near, t.within) for t in first.terms] == \
        [(("mental*", "ill*"), 2), (("mental*", "disorder*"), 2)]
    assert first.field == "tiab"
    assert [t.text for t in second.terms] == ["spiritual*", "religio*", "existential*"]
    assert second.field == "tiabkw"
    assert [h.name for h in second.headings["mesh"]] == ["Spirituality", "Religion"]
    assert strategy.limits.year_from == 2010 and strategy.limits.languages == ["english"]
    assert any("2 proximity terms" in w for w in warnings)
    # ADJ3 (2 words between) comes back as ADJ3, and as NEAR/2 on Web of Science.
    assert "(mental* adj3 ill*)" in render(strategy, "medline").strings[0]
    assert "(mental* NEAR/2 ill*)" in render(strategy, "wos").strings[0]


SCOPUS = ('TITLE-ABS-KEY((mental* W/3 (illness* OR disorder*)) OR "severe mental illness") '
          "AND TITLE-ABS-KEY(spiritual* OR religio* OR {meaning making}) AND PUBYEAR > 2009 "
          "AND LANGUAGE(english) AND NOT TITLE-ABS-KEY(child*)")


def test_query_parse_scopus_title_abs_key_with_w3() -> None:
    strategy, _ = parse_strategy(SCOPUS, "scopus")
    mental, spiritual, child = strategy.blocks.values()
    assert [(t.near, t.within) for t in mental.terms[:2]] == \
        [(("mental*", "illness*"), 3), (("mental*", "disorder*"), 3)]
    assert mental.terms[2].text == "severe mental illness" and mental.field == "tiabkw"
    assert spiritual.terms[2] == Term("meaning making", exact=True)
    assert strategy.searches[0].none == [child.name]
    assert strategy.limits.year_from == 2010 and strategy.limits.languages == ["english"]


def test_query_parse_scopus_not_before_and_explains_precedence() -> None:
    text = "TITLE-ABS-KEY(a*) AND NOT TITLE-ABS-KEY(b*) AND TITLE-ABS-KEY(c*)"
    # Scopus reads AND before AND NOT: the error points at that AND (column 45).
    with pytest.raises(QueryError, match=r"line 1:45: AND inside a block \(this platform "
                                         r"reads OR first, then W/n and PRE/n, then AND, "
                                         r"then AND NOT: bracket"):
        parse_strategy(text, "scopus")
    assert any(f.code == "Q401" for f in lint_text(text, "scopus"))


def test_query_parse_wos_ts_near() -> None:
    text = ('TS=((mental* NEAR/3 (illness* OR disorder*)) OR "severe mental illness") '
            'AND TS=(spiritual* OR religio* OR "meaning making") NOT TS=(child*) '
            "AND PY=(2010-2025)")
    strategy, _ = parse_strategy(text, "wos")
    mental = next(iter(strategy.blocks.values()))
    assert [t.within for t in mental.terms if t.near] == [3, 3]
    assert strategy.searches[0].none and len(strategy.searches[0].all) == 2
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2010, 2025)


EBSCO = (
    'S1 (MH "Mental Disorders+") OR TI (mental* N3 illness*) OR AB (mental* N3 illness*)\n'
    'S2 (MH "Spirituality") OR (MM "Religion and Religions") OR TI (spiritual* OR religio*)'
    " OR AB (spiritual* OR religio*)\n"
    "S3 S1 AND S2\n")


@pytest.mark.parametrize("platform,vocab", [("cinahl", "cinahl"), ("ebsco-psycinfo", "apa")])
def test_query_parse_ebsco_history_with_mh_and_n3(platform: str, vocab: str) -> None:
    strategy, _ = parse_strategy(EBSCO, platform)
    mental, spiritual = strategy.blocks.values()
    assert mental.headings == {vocab: [Heading("Mental Disorders", explode=True)]}
    assert mental.terms == [Term("mental* illness*", near=("mental*", "illness*"), within=3)]
    assert mental.field == "tiab"
    assert spiritual.headings[vocab] == [Heading("Spirituality", explode=False),
                                         Heading("Religion and Religions", explode=False,
                                                 major=True)]


@pytest.mark.parametrize("platform,text,where", [
    ("medline", "1 exp Spirituality/\n2 (spiritual* or religio*.ti,ab.\n3 1 or 2", "line 2:3"),
    ("scopus", 'TITLE-ABS-KEY(spiritual* OR "religio*) AND TITLE-ABS-KEY(care)', "line 1:"),
    ("wos", "TS=(spiritual* OR religio*)) AND TS=(care)", "line 1:28"),
    ("cinahl", "S1 TI (spiritual* OR religio*)\nS2 AB (care OR\nS3 S1 AND S2", "line 2"),
])
def test_query_parse_realistic_errors_are_one_line_with_position(
        platform: str, text: str, where: str) -> None:
    with pytest.raises(QueryError, match=where) as err:
        parse_strategy(text, platform)
    assert "\n" not in err.value.args[0]


def test_query_parse_proximity_expansion_is_bounded() -> None:
    ors = " OR ".join(f"w{i}x" for i in range(9))
    with pytest.raises(QueryError, match="combinations"):
        parse_strategy(f"TS=(({ors}) NEAR/3 ({ors}))", "wos")


@pytest.mark.parametrize("platform,expected", [
    ("medline", '("severe mental" adj3 illness*).ti,ab.'),
    ("embase.com", "('severe mental' NEAR/3 illness*):ti,ab"),
    ("scopus", 'TITLE-ABS("severe mental" W/2 illness*)'),
    ("cinahl", '(TI ("severe mental" N2 illness*) OR AB ("severe mental" N2 illness*))'),
])
def test_query_proximity_phrase_operand_quoted_and_parsed_back(platform: str,
                                                               expected: str) -> None:
    term = Term("severe mental illness*", near=("severe mental", "illness*"), within=2)
    text = render(_one(term), platform).strings[0]
    assert text == expected
    parsed, _ = parse_strategy(text, platform)
    assert [t.near for b in parsed.blocks.values() for t in b.terms] == \
        [("severe mental", "illness*")]
    assert any("not kept together" in n for n in render(_one(term), "pubmed").notes)


COCHRANE_EXPORT = (
    "#1\tMeSH descriptor: [Spirituality] explode all trees\t1234\n"
    "#2\tMeSH descriptor: [Religion] this term only\t567\n"
    "#3\tMeSH descriptor: [Depression] explode all trees and with qualifier(s): "
    "[drug therapy - DT]\t89\n"
    "#4\t(spiritual* NEAR/3 (care OR need*)):ti,ab,kw\t890\n"
    "#5\t#1 OR #2 OR #3 OR #4\t2000\n")


def test_query_parse_cochrane_exported_history() -> None:
    strategy, warnings = parse_strategy(COCHRANE_EXPORT, "cochrane")
    (block,) = strategy.blocks.values()
    assert block.headings == {"mesh": [Heading("Spirituality"),
                                       Heading("Religion", explode=False),
                                       Heading("Depression")]}
    assert [t.near for t in block.terms] == [("spiritual*", "care"), ("spiritual*", "need*")]
    assert block.field == "tiabkw"
    # Offsets of a numbered history are not the file's: warnings quote the text instead.
    assert any(w.startswith("at '(spiritual* NEAR/3") for w in warnings)
    assert any("qualifier [drug therapy - DT]" in w for w in warnings)


def test_query_numbered_history_errors_quote_the_part() -> None:
    text = "1 exp Spirituality/\n2 (spiritual* or (faith and care)).ti,ab.\n3 1 or 2\n"
    with pytest.raises(QueryError, match=r"^at '\(faith and care\)': AND inside a block"):
        parse_strategy(text, "medline")


def test_query_numbered_history_or_of_and_lines_is_searches() -> None:
    # 1 or 2, where 2 ANDs two terms: two searches, as the platform reads it.
    text = "1 exp Spirituality/\n2 (spiritual* and care).ti,ab.\n3 1 or 2\n"
    strategy, _ = parse_strategy(text, "medline")
    assert [len(s.all) for s in strategy.searches] == [1, 2]


def test_query_lint_strategy_flags_wildcard_inside_phrase(tmp_path) -> None:
    path = tmp_path / "strategy.toml"
    path.write_text('[blocks.smi]\nterms = ["ernstig* psychiatrische aandoening", '
                    '"severe mental illness*"]\n[[searches]]\nname = "A"\nall = ["smi"]\n',
                    encoding="utf-8")
    findings = lint_strategy(path)
    assert [(f.code, f.line, f.col) for f in findings] == [("Q302", 2, 10)]


def test_query_parse_ovid_subheadings_and_major() -> None:
    text = "1 exp Depression/dt,px\n2 *Spirituality/\n3 (spiritual$ or religio$).tw.\n4 or/1-3\n"
    strategy, warnings = parse_strategy(text, "medline")
    (block,) = strategy.blocks.values()
    assert block.headings["mesh"] == [Heading("Depression"),
                                      Heading("Spirituality", explode=False, major=True)]
    assert [t.text for t in block.terms] == ["spiritual*", "religio*"]
    assert any("qualifier [dt,px]" in w for w in warnings)
    assert lint_text(text, "medline") == []


def test_query_parse_pubmed_search_details_long_tags() -> None:
    text = ('("mental disorders"[MeSH Terms] OR "mental illness*"[Title/Abstract] OR '
            '"severe mental"[Title/Abstract:~2]) AND ("spirituality"[MeSH Terms:noexp] OR '
            'spiritual*[Title/Abstract]) AND (english[Language]) AND (2010:2025[pdat]) '
            'NOT ("animals"[MeSH Terms] NOT "humans"[MeSH Terms])')
    strategy, _ = parse_strategy(text, "pubmed")
    mental, spiritual, animals, humans = strategy.blocks.values()
    assert mental.terms[1] == Term("severe mental", near=("severe", "mental"), within=2)
    assert spiritual.headings["mesh"] == [Heading("spirituality", explode=False)]
    assert strategy.searches[0].none == [[animals.name, humans.name]]
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2010, 2025)
    assert render(strategy, "pubmed").strings[0].endswith(
        ' NOT ("animals"[mh] NOT "humans"[mh])) AND 2010:2025[dp] AND english[la]')


def test_query_lint_wos_dollar_in_quotes() -> None:
    findings = lint_text('TS=("colo$r therapy" OR colo$r)', "wos")
    assert [(f.code, f.col) for f in findings] == [("Q302", 5)]


@pytest.mark.parametrize("platform,text,join", [
    ("embase.com", "'life question*':ti,ab", "NEXT/1"),
    ("cochrane", '"life question*":ti,ab', "NEXT"),
])
def test_query_lint_wildcard_in_quotes_fix_names_platform_operator(
        platform: str, text: str, join: str) -> None:
    (finding,) = [f for f in lint_text(text, platform) if f.code == "Q302"]
    assert f"join the words with {join} " in finding.fix


def test_query_lint_scopus_wildcards_in_loose_phrase_only() -> None:
    assert not lint_text('TITLE-ABS-KEY("wind turbine*")', "scopus")
    (finding,) = lint_text("TITLE-ABS-KEY({wind turbine*})", "scopus")
    assert finding.code == "Q302" and "literally" in finding.message


#: A truncated phrase in each platform's own quoting, and whether it refuses it.
TRUNCATED_PHRASES = {
    "pubmed": ('"wind turbine*"[tiab]', False), "medline": ('"wind turbine*".ti,ab.', False),
    "embase.com": ("'wind turbine*':ti,ab", True), "cochrane": ('"wind turbine*":ti,ab', True),
    "wos": ('TS=("wind turbine*")', False), "scopus": ('TITLE-ABS("wind turbine*")', False),
    "cinahl": ('TI ("wind turbine*")', False), "europepmc": ('TITLE:"wind turbine*"', True),
}


@pytest.mark.parametrize(("db", "case"), TRUNCATED_PHRASES.items())
def test_query_lint_wildcard_in_phrase_follows_each_platform(db: str, case: tuple) -> None:
    text, refused = case
    flagged = any(f.code == "Q302" for f in lint_text(text, db))
    assert flagged == refused == (not PLATFORMS[db].phrase_wildcards)


def test_query_dumped_proximity_terms_fit_on_one_line() -> None:
    strategy = _one(Term("faith"), Term('spiritual "care', near=("spiritual", '"care'),
                                            within=3))
    text = dumps_strategy(strategy)
    assert '{ near = ["spiritual", "\\"care"], within = 3 }' in text
    assert strategy_from_dict(tomllib.loads(text)).blocks["x"].terms == \
        strategy.blocks["x"].terms
