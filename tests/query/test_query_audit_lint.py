"""Audit findings on lint: one finding per mistake, another platform's syntax named."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.query import PLATFORMS, lint_text
from litsearch.query.nodes import Leaf
from litsearch.query.parse import parse_tree


@pytest.mark.parametrize("op", ["and", "And", "Or", "oR", "Not"])
def test_query_lint_mixed_case_operator_is_one_finding(op) -> None:
    text = f"gambl*[tiab] {op} harm[tiab]"
    codes = [f.code for f in lint_text(text, "pubmed")]
    assert codes == ["Q108"], codes


@pytest.mark.parametrize(("db", "text", "looks"), [
    ("scopus", "gambl*[tiab] AND harm[mh]", "PubMed"),
    ("wos", "gambl*.ti,ab. or harm.ti.", "Ovid"),
    ("pubmed", "TITLE-ABS-KEY(gambl*) AND TITLE-ABS-KEY(harm*)", "Scopus"),
    ("cinahl", "TS=(gambl*) AND TS=(harm*)", "Web of Science"),
    ("medline", "'gambling'/exp OR gambl*:ti,ab", "embase.com"),
])
def test_query_lint_names_another_platforms_syntax(db, text, looks) -> None:
    found = [f for f in lint_text(text, db) if f.code == "Q111"]
    assert len(found) == 1 and looks in found[0].message, lint_text(text, db)


@pytest.mark.parametrize(("db", "text"), [
    ("pubmed", '("Gambling"[Mesh] OR gambl*[tiab]) AND harm*[tiab]'),
    ("scopus", "TITLE-ABS-KEY(gambl* W/3 harm*) AND PUBYEAR > 2009"),
    ("wos", "TS=(gambl* NEAR/3 harm*)"),
    ("medline", "exp Gambling/ or gambl*.ti,ab."),
    ("cinahl", '(MH "Gambling+") OR TI gambl*'),
    ("embase.com", "'gambling'/exp OR gambl*:ti,ab"),
    ("cochrane", '[mh "Gambling"] OR gambl*:ti,ab,kw'),
    ("europepmc", "TITLE:gambl* OR ABSTRACT:gambl*"),
    ("pubmed", "gambling"),
])
def test_query_lint_own_syntax_is_not_called_foreign(db, text) -> None:
    assert not [f for f in lint_text(text, db) if f.code == "Q111"]


@pytest.mark.parametrize("text", [
    # PubMed's own QueryTranslation spellings (E-utilities esearch), as searchers copy them.
    '"proc natl acad sci u s a"[Journal] AND "97"[Volume]',
    '"cancer"[All Fields] AND 2025/09/27:2025/11/26[Date - Entry]',
    '"smith j"[Author - First] AND "aspirin"[Substance Name] AND "1"[Issue]',
])
def test_query_lint_pubmed_full_field_names_are_known(text) -> None:
    assert not [f for f in lint_text(text, "pubmed") if f.code == "Q110"], lint_text(text, "pubmed")


def test_query_lint_pubmed_query_translations_from_real_exports() -> None:
    import re
    from pathlib import Path
    corpora = Path(__file__).resolve().parents[3] / "shared" / "corpora"
    if not corpora.is_dir():
        pytest.skip("../shared/corpora is absent")
    found = 0
    for path in sorted(corpora.rglob("*.xml")):
        for text in re.findall(r"<QueryTranslation>([^<]+)", path.read_text("utf-8", "replace")):
            found += 1
            text = text.replace("&quot;", '"')
            assert not [f for f in lint_text(text, "pubmed") if f.code == "Q110"], text
    assert found


@pytest.mark.parametrize("db, text", [
    ("scopus", "TITLE-ABS-KEY ( spiritual* ) AND TITLE-ABS-KEY ( nurs* ) AND NOT "
               "TITLE-ABS-KEY ( child* )"),
    ("wos", "TS=(spiritual*) AND TS=(nurs*) NOT TS=(child*)"),
    ("medline", "(spiritual* and nurs* and care*).ti,ab."),
    ("cinahl", "TI spiritual* AND TI nurs* NOT TI child*"),
])
def test_mixed_operators_that_mean_the_same_either_way_are_no_finding(db: str,
                                                                     text: str) -> None:
    """A AND B AND NOT C is (A AND B) AND NOT C and A AND (B AND NOT C) alike: Scopus's own
    exported strings end that way, and every one drew a precedence warning."""
    assert [f for f in lint_text(text, db) if f.code == "Q401"] == []


@pytest.mark.parametrize("db, text", [
    ("scopus", "TITLE-ABS-KEY(a) AND NOT TITLE-ABS-KEY(b) AND TITLE-ABS-KEY(c)"),
    ("wos", "TS=(a) NOT TS=(b) AND TS=(c)"),
    ("pubmed", "a[tiab] OR b[tiab] AND c[tiab]"),
])
def test_mixed_operators_whose_reading_matters_are_still_a_finding(db: str, text: str) -> None:
    assert len([f for f in lint_text(text, db) if f.code == "Q401"]) == 1


@settings(max_examples=200, deadline=None)
@given(ops=st.lists(st.sampled_from(["AND", "OR", "NOT"]), min_size=2, max_size=6))
def test_no_precedence_finding_means_every_platform_reads_the_same(ops: list[str]) -> None:
    """Property: where lint says nothing about precedence, every platform's reading of the
    string finds the same records."""
    words = [f"q{chr(97 + i)}" for i in range(len(ops) + 1)]
    text = " ".join(w for pair in zip(words, [*ops, ""], strict=True) for w in pair).strip()
    written = {"scopus": text.replace("NOT", "AND NOT"), "wos": text, "medline": text.lower(),
               "pubmed": text, "cinahl": text}
    if any(f.code == "Q401" for f in lint_text(written["scopus"], "scopus")):
        return
    tables = set()
    for db, string in written.items():
        tree = parse_tree(string, PLATFORMS[db].family).tree
        tables.add(tuple(_truth(tree, dict(zip(words, row, strict=True)))
                         for row in itertools.product([False, True], repeat=len(words))))
    assert len(tables) == 1, text


def _truth(node, row: dict[str, bool]) -> bool:
    if isinstance(node, Leaf):
        return row[node.text]
    values = [_truth(c, row) for c in node.children]
    if node.op == "AND":
        return all(values)
    if node.op == "OR":
        return any(values)
    return values[0] and not any(values[1:])


@pytest.mark.parametrize("char, name", [("\u00ad", "soft hyphen"),
                                        ("\u200b", "zero width space"),
                                        ("\ufeff", "zero width no-break space")])
def test_invisible_character_pasted_into_a_term_is_found_and_dropped(char: str,
                                                                    name: str) -> None:
    """A soft hyphen or zero-width space from Word/PDF inside 'spiritual*' was kept in the
    rendered strings: the platform searched another word, and lint said nothing."""
    from litsearch.query import parse_strategy, render

    text = f"spiri{char}tual*[tiab] OR religio*[tiab]"
    (finding,) = [f for f in lint_text(text, "pubmed") if f.code == "Q112"]
    assert (finding.severity, finding.col) == ("error", 6)
    assert name in finding.message.lower()
    strategy, warnings = parse_strategy(text, "pubmed")
    assert [t.text for t in strategy.blocks["spiritual"].terms] == ["spiritual*", "religio*"]
    assert any(name in w.lower() for w in warnings)
    assert char not in render(strategy, "pubmed").text
