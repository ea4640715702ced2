"""Rendering: golden files for the shipped strategy, and each platform's semantics."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from litsearch.errors import QueryError
from litsearch.query import (
    PLATFORMS,
    Block,
    Heading,
    Limits,
    Search,
    Strategy,
    Term,
    lint_text,
    load_strategy,
    render,
)

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "data" / "query" / "golden"
YEAR = 2026


@pytest.fixture(scope="module")
def shipped() -> Strategy:
    return load_strategy(REPO / "queries" / "strategy.toml")


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_query_render_matches_golden(shipped: Strategy, platform: str) -> None:
    text = render(shipped, platform, year=YEAR).text
    path = GOLDEN / f"{platform}.txt"
    if os.environ.get("LITSEARCH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_query_shipped_render_is_lint_clean(shipped: Strategy, platform: str) -> None:
    assert lint_text(render(shipped, platform, year=YEAR).text, platform) == []


def test_query_shipped_pubmed_is_valid_pubmed(shipped: Strategy) -> None:
    text = render(shipped, "pubmed", year=YEAR).strings[0]
    # Every term or phrase carries a tag: strip tagged items, only syntax remains.
    rest = re.sub(r'"[^"]*"\[[a-z:~0-9]+\]|[^\s()"]+\[[a-z:~0-9]+\]', "", text)
    assert re.sub(r"[()\s]|AND|OR|NOT", "", rest) == ""
    for stem in re.findall(r"([^\s(\"]+)\*", text):
        assert len(stem.split()[-1]) >= 4, stem
    # PubMed truncates only at the end of a term or phrase: * is followed by its tag.
    assert all(text[m.end():m.end() + 2] in ('"[', "[t") for m in re.finditer(r"\*", text))
    assert not re.search(r"[?$#]", text.replace("[", "").replace("]", ""))
    assert text.count("(") == text.count(")")
    assert text.count('"') % 2 == 0
    for phrase in re.finditer(r'"([^"]*)"', text):  # every phrase is closed, then tagged
        assert text[phrase.end()] == "[", phrase.group(0)
    assert "2010:3000[dp]" in text and "(english[la] OR dutch[la])" in text


def test_query_scholar_strings_fit(shipped: Strategy) -> None:
    rendered = render(shipped, "google-scholar", year=YEAR)
    assert len(rendered.strings) > 1
    assert all(len(s) <= 256 for s in rendered.strings)
    assert not any(c in s for s in rendered.strings for c in "*?$")
    assert any("256" in n for n in rendered.notes)


def _one(*terms: Term, field: str | None = None, limits: Limits | None = None,
         headings: dict | None = None, none: list[str] | None = None) -> Strategy:
    blocks = {"x": Block("x", list(terms), field=field, headings=headings or {})}
    if none:
        blocks["minus"] = Block("minus", [Term("animal*")])
    return Strategy(blocks=blocks, searches=[Search("A", ["x"], none=none or [])],
                    limits=limits or Limits())


PROXIMITY = {  # "spiritual" within 2 words of "care", either order
    "pubmed": '"spiritual care"[tiab:~2]', "medline": "(spiritual adj3 care).ti,ab.",
    "embase.com": "(spiritual NEAR/3 care):ti,ab", "cochrane": "(spiritual NEAR/2 care):ti,ab",
    "wos": "TS=(spiritual NEAR/2 care)", "scopus": "TITLE-ABS(spiritual W/2 care)",
    "cinahl": "(TI (spiritual N2 care) OR AB (spiritual N2 care))",
}


@pytest.mark.parametrize("platform,expected", PROXIMITY.items())
def test_query_proximity_distance_converted(platform: str, expected: str) -> None:
    term = Term("spiritual care", near=("spiritual", "care"), within=2)
    assert render(_one(term), platform).strings[0] == expected


WILDCARDS = {  # wom?n = one character, colo$r = zero or one
    "medline": "(wom#n or colo?r).ti,ab.",
    "cinahl": "(TI (wom?n OR colo#r) OR AB (wom?n OR colo#r))",
    "wos": "TS=(wom?n OR colo$r)", "embase.com": "(wom?n OR colo$r):ti,ab",
}


@pytest.mark.parametrize("platform,expected", WILDCARDS.items())
def test_query_wildcards_translated(platform: str, expected: str) -> None:
    assert render(_one(Term("wom?n"), Term("colo$r")), platform).strings[0] == expected


def test_query_pubmed_notes_missing_wildcard() -> None:
    rendered = render(_one(Term("wom?n")), "pubmed")
    assert rendered.strings[0] == "wom*n[tiab]"
    assert any("no single-character wildcard" in n for n in rendered.notes)


@pytest.mark.parametrize("platform,expected", {
    "cochrane": "(spiritual NEXT counsel*):ti,ab",
    "embase.com": "(spiritual NEXT/1 counsel*):ti,ab",
    "pubmed": '"spiritual counsel*"[tiab]',
    "scopus": 'TITLE-ABS("spiritual counsel*")',
}.items())
def test_query_truncated_phrase(platform: str, expected: str) -> None:
    assert render(_one(Term("spiritual counsel*")), platform).strings[0] == expected


def test_query_phrase_quoting() -> None:
    assert render(_one(Term("focus group")), "embase.com").strings[0] == "'focus group':ti,ab"
    exact = Term("focus group", exact=True)
    assert render(_one(exact), "scopus").strings[0] == "TITLE-ABS({focus group})"
    assert render(_one(exact), "wos").strings[0] == 'TS=("focus group")'


def test_query_not_and_parentheses_per_platform() -> None:
    s = _one(Term("care"), Term("cure"), none=["minus"])
    assert render(s, "scopus").strings[0] == \
        "TITLE-ABS(care OR cure) AND NOT TITLE-ABS(animal*)"
    assert render(s, "pubmed").strings[0] == "(care[tiab] OR cure[tiab]) NOT animal*[tiab]"
    assert render(s, "medline").strings[0] == "(care or cure).ti,ab. not animal*.ti,ab."


LIMITS = Limits(year_from=2010, languages=["english", "dutch"])


@pytest.mark.parametrize("platform,tail", {
    "pubmed": " AND 2010:3000[dp] AND (english[la] OR dutch[la])",
    "wos": " AND PY=(2010-2026) AND LA=(English OR Dutch)",
    "scopus": " AND PUBYEAR > 2009 AND LANGUAGE(english OR dutch)",
    "embase.com": " AND [2010-2026]/py AND ([english]/lim OR [dutch]/lim)",
    "medline": " and (english or dutch).lg.",
    "cinahl": " AND DT 2010-2026 AND LA (English OR Dutch)",
    "europepmc": ' AND PUB_YEAR:[2010 TO 3000] AND (LANG:"eng" OR LANG:"dut")',
}.items())
def test_query_limits_in_platform_syntax(platform: str, tail: str) -> None:
    assert render(_one(Term("care"), limits=LIMITS), platform, year=2026).strings[0] \
        .endswith(tail)


@pytest.mark.parametrize("platform", ["cochrane", "medline", "google-scholar"])
def test_query_limits_without_syntax_get_a_note(platform: str) -> None:
    rendered = render(_one(Term("care"), limits=LIMITS), platform, year=2026)
    assert "2010" not in rendered.strings[0]
    assert any("2010" in n for n in rendered.notes)


def test_query_headings_in_target_syntax_and_flagged() -> None:
    heads = {"mesh": [Heading("Spirituality"), Heading("Religion", explode=False, major=True)]}
    s = _one(Term("faith"), headings=heads)
    assert render(s, "pubmed").strings[0] == \
        '("Spirituality"[mh] OR "Religion"[majr:noexp] OR faith[tiab])'
    assert render(s, "medline").strings[0] == \
        "(exp Spirituality/ or *Religion/ or faith.ti,ab.)"
    assert render(s, "cochrane").strings[0].startswith('([mh "Spirituality"] OR [mh ^"Religion"]')
    assert render(s, "cinahl").strings[0].startswith('((MH "Spirituality+") OR (MM "Religion")')
    embase = render(s, "embase.com")
    assert embase.strings[0].startswith("('spirituality'/exp OR 'religion'/de/mj")
    assert any("No tool maps mesh to emtree" in n for n in embase.notes)
    wos = render(s, "wos")
    assert wos.strings[0] == "TS=(faith)"
    assert any("left out" in n for n in wos.notes)


def test_query_nothing_to_render() -> None:
    only_headings = _one(headings={"mesh": [Heading("Spirituality")]})
    with pytest.raises(QueryError, match="nothing to render for Scopus"):
        render(only_headings, "scopus")
    with pytest.raises(QueryError, match="nothing to render"):
        render(Strategy(), "pubmed")


def test_query_unknown_platform() -> None:
    with pytest.raises(QueryError, match="unknown database 'medlin'"):
        render(_one(Term("care")), "medlin")
