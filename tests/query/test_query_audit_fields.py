"""Audit findings: field codes a parse would silently change on the way back.

Strings as searchers write them (lower-case Scopus codes, Web of Science address
and source tags, PubMed text words, Ovid .tw./.af.): a parse either keeps the field,
refuses the string, or warns; it never renders another field without saying so.
"""

from __future__ import annotations

import re

import pytest

from litsearch.errors import QueryError
from litsearch.query import lint_text, parse_strategy, render

#: (platform, string written there, the field code that must not silently change)
CHANGED_FIELDS = [
    ("pubmed", "gambl*[tw] AND harm[tiab]", "tw"),
    ("medline", "gambl*.af. and harm.ti,ab.", "af"),
    ("medline", "gambl*.tw. and harm.ti,ab.", "tw"),
    ("scopus", "KEY(gambl*) AND TITLE(harm)", "KEY"),
    ("cinahl", "SU gambl* AND TI harm", "SU"),
    ("embase.com", "gambl*:kw AND harm:ti", "kw"),
]


@pytest.mark.parametrize(("db", "text", "code"), CHANGED_FIELDS)
def test_query_parse_warns_when_a_field_renders_as_another(db, text, code) -> None:
    strategy, warnings = parse_strategy(text, db)
    rendered = render(strategy, db).strings[0]
    assert any(repr(code) in w and "field" in w for w in warnings), (rendered, warnings)


@pytest.mark.parametrize(("db", "text"), [
    ("pubmed", "gambl*[ti] AND harm[tiab]"),
    ("pubmed", "gambl*[Title/Abstract] AND harm[Title]"),
    ("medline", "gambl*.ti,ab. and harm.ti."),
    ("cinahl", "(TI gambl* OR AB gambl* OR SU gambl*) AND TI harm"),
    ("scopus", "TITLE-ABS-KEY(gambl*) AND TITLE(harm)"),
    ("wos", "TS=gambl* AND TI=harm"),
])
def test_query_parse_fields_that_come_back_the_same_are_not_warned(db, text) -> None:
    _, warnings = parse_strategy(text, db)
    assert not [w for w in warnings if "field" in w], warnings


@pytest.mark.parametrize("text", [
    "title-abs-key(gambl*) and title(harm)",
    "Title-Abs-Key(gambl*) AND Title(harm)",
])
def test_query_parse_scopus_field_codes_in_any_case(text) -> None:
    # Scopus help (h_srchtips.htm): "The search is not case-sensitive."
    strategy, _ = parse_strategy(text, "scopus")
    assert render(strategy, "scopus").strings[0] == "TITLE-ABS-KEY(gambl*) AND TITLE(harm)"
    assert not [f for f in lint_text(text, "scopus") if f.code == "Q109"]


@pytest.mark.parametrize(("db", "text", "code"), [
    ("wos", "AD=(Leiden SAME Hosp) OR TS=cancer", "AD"),
    ("wos", "ts=gambl* AND so=(Addiction)", "SO"),
    ("scopus", "TITLE-ABS-KEY(gambl*) AND AFFIL(leiden)", "AFFIL"),
    ("scopus", "TITLE-ABS-KEY(gambl*) AND srctitle(addiction)", "SRCTITLE"),
])
def test_query_parse_refuses_a_field_it_cannot_keep_instead_of_searching_the_code(
        db, text, code) -> None:
    with pytest.raises(QueryError, match=f"field '{code}' cannot be kept"):
        parse_strategy(text, db)


@pytest.mark.parametrize(("db", "text", "code"), [
    ("wos", "TSS=(gambl*)", "TSS"),
    ("scopus", "TITEL(gambl*)", "TITEL"),
    ("scopus", "title-abs-kye(gambl*)", "TITLE-ABS-KYE"),
])
def test_query_lint_misspelled_prefix_code_is_an_error(db, text, code) -> None:
    found = [f for f in lint_text(text, db) if f.code == "Q110"]
    assert found and found[0].severity == "error" and code in found[0].message, found


def test_query_parse_europepmc_title_or_abstract_is_not_warned() -> None:
    _, warnings = parse_strategy("TITLE:gambl* OR ABSTRACT:gambl*", "europepmc")
    assert not [w for w in warnings if "field" in w], warnings


def test_query_render_scopus_doctype_name_is_flagged_not_silently_written() -> None:
    from litsearch.query import Block, Limits, Search, Strategy, Term
    blocks = {"gambling": Block(name="gambling", terms=[Term("gambl*")])}
    def rendered(types):
        strategy = Strategy(blocks=blocks, searches=[Search("A", all=["gambling"])],
                            limits=Limits(publication_types=types))
        return render(strategy, "scopus")
    named = rendered(["Journal Article"])
    assert any("DOCTYPE() takes two-letter codes" in n and "'Journal Article'" in n
               for n in named.notes), named.notes
    coded = rendered(["ar", "re"])
    assert "DOCTYPE(ar OR re)" in coded.strings[0]
    assert not any("DOCTYPE()" in n for n in coded.notes)


@pytest.mark.parametrize("tag", ["Mesh", "mh", "Majr", "MeSH Terms"])
def test_pubmed_heading_with_subheading_is_the_heading_and_a_warning(tag: str) -> None:
    """"Depressive Disorder/therapy"[Mesh] was kept as a heading named
    'Depressive Disorder/therapy': Ovid got 'exp Depressive Disorder/therapy/', CINAHL
    (MH "Depressive Disorder/therapy+"), headings no thesaurus has."""
    text = f'("Depressive Disorder/therapy"[{tag}] OR depress*[tiab]) AND nurs*[tiab]'
    strategy, warnings = parse_strategy(text, "pubmed")
    heading = strategy.blocks["depress"].headings["mesh"][0]
    assert heading.name == "Depressive Disorder"
    assert any("qualifier [therapy]" in w and "Depressive Disorder" in w for w in warnings)
    assert re.search(r"exp \*?Depressive Disorder/ or", render(strategy, "medline").text)


def test_ovid_mp_annotation_is_no_field_finding() -> None:
    """Ovid writes what .mp. searched after the term in every history it exports
    ('[mp=title, abstract, …]'): lint gave one Q110 warning per field listed (13 here)."""
    text = ("1 exp Spirituality/\n2 meaning making.mp. [mp=title, book title, abstract, "
            "original title, name of substance word, subject heading word, floating "
            "sub-heading word, keyword heading word, organism supplementary concept word, "
            "protocol supplementary concept word, rare disease supplementary concept word, "
            "unique identifier, synonyms]\n3 1 or 2\n")
    assert lint_text(text, "medline") == []
    strategy, _ = parse_strategy(text, "medline")
    (block,) = strategy.blocks.values()
    assert [t.text for t in block.terms] == ["meaning making"] and block.field == "all"


@pytest.mark.parametrize("text", [
    '("spiritual care"[tiab] OR "spiritual care"[tiab:~3]) AND nurs*[tiab]',
    '("spiritual care"[tiab:~3] OR "spiritual care"[tiab]) AND nurs*[tiab]',
])
def test_phrase_and_proximity_of_the_same_words_are_both_kept(text: str) -> None:
    """A phrase and a proximity search of the same words were one term: whichever came
    first was kept, so "spiritual care"[tiab:~3] could vanish (a narrower search)."""
    strategy, _ = parse_strategy(text, "pubmed")
    terms = strategy.blocks["spiritual-care"].terms
    assert sorted((t.text, t.near, t.within) for t in terms) == [
        ("spiritual care", (), 0), ("spiritual care", ("spiritual", "care"), 3)]
    assert '"spiritual care"[tiab:~3]' in render(strategy, "pubmed").text
