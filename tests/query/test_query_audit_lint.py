"""Audit findings on lint: one finding per mistake, another platform's syntax named."""

from __future__ import annotations

import pytest

from litsearch.query import lint_text


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
