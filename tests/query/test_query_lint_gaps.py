"""Lint gaps found by new users: field tags, operator case, field copies, the platform
guess, Google Scholar's notes, and exit codes (issues 13 and 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litsearch.query import PLATFORMS, lint_text, render
from litsearch.query.detect import guess_platform
from litsearch.query.model import Block, Search, Strategy, Term

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "query" / "golden"

#: One misspelled field code in every platform's tag syntax (and the fix lint names).
MISSPELLED = [
    ("pubmed", "gambling[tiabb] OR harm[tiab]", "tiab"),
    ("medline", "(gambling or harm).tiab.", "ti,ab"),
    ("medline", "(gambling or harm).ti,abb.", "ab"),
    ("embase.com", "(gambling OR harm):tiab", "ti,ab"),
    ("cochrane", "(gambling OR harm):ti,abb", "ab"),
    ("wos", "TSS=(gambling OR harm)", "TS"),
    ("scopus", "TITLE-ABS-KEYS(gambling OR harm)", "TITLE-ABS-KEY"),
    ("europepmc", "TITEL:(gambling OR harm)", "TITLE"),
]


@pytest.mark.parametrize(("db", "text", "fix"), MISSPELLED)
def test_query_lint_misspelled_field_is_one_error(db: str, text: str, fix: str) -> None:
    findings = lint_text(text, db)
    assert [(f.code, f.severity) for f in findings] == [("Q110", "error")], findings
    assert f"write {fix!r}" in findings[0].fix


def test_query_lint_every_rendered_field_is_known() -> None:
    """What litsearch writes never trips its own field check (all platforms, all fields)."""
    for fld in ("ti", "ab", "tiab", "tiabkw", "all"):
        strategy = Strategy(blocks={"x": Block("x", [Term("gambling")], field=fld)},
                            searches=[Search("A", ["x"])])
        for db in PLATFORMS:
            for string in render(strategy, db).strings:
                assert not [f for f in lint_text(string, db) if f.code == "Q110"], (db, fld)


@pytest.mark.parametrize("db", ["pubmed", "europepmc", "cochrane", "embase.com"])
def test_query_lint_lowercase_and_is_one_finding(db: str) -> None:
    text = {"pubmed": "gambling[tiab] and harm[tiab]", "europepmc": "gambling and harm",
            "cochrane": "gambling and harm", "embase.com": "gambling and harm"}[db]
    findings = lint_text(text, db)
    assert [f.code for f in findings] == ["Q108"], findings
    assert "'and'" in findings[0].message and "write AND" in findings[0].fix


@pytest.mark.parametrize("db", ["wos", "scopus", "medline", "cinahl"])
def test_query_lowercase_and_is_an_operator_where_documented(db: str) -> None:
    text = {"wos": "TS=(gambling and harm)", "scopus": "TITLE-ABS-KEY(gambling and harm)",
            "medline": "(gambling and harm).ti.", "cinahl": "TI (gambling and harm)"}[db]
    assert lint_text(text, db) == []


def test_query_lint_no_finding_names_an_empty_operator() -> None:
    for text in ("a[tiab] b[tiab] OR c[tiab]", "a[tiab] and b[tiab] OR c[tiab]"):
        for f in lint_text(text, "pubmed"):
            assert " is mixed" not in f.message and "(at )" not in f.message
            assert "  " not in f.message


def test_query_lint_cinahl_field_copies_reported_once() -> None:
    text = ('(TI (cliënt OR care OR SME) OR AB (cliënt OR care OR SME)) AND '
            '(TI (care OR nurse) OR AB (care OR nurse))')
    codes = [f.code for f in lint_text(text, "cinahl")]
    assert sorted(codes) == ["Q203", "Q501", "Q502"]


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_query_guess_platform_from_syntax(path: Path) -> None:
    family = PLATFORMS[path.stem].family
    expected = {"ovid": "medline", "ebsco": "cinahl", "scholar": None}.get(family, path.stem)
    assert guess_platform(path.read_text(encoding="utf-8")) == expected


def test_query_guess_platform_says_nothing_for_plain_words() -> None:
    assert guess_platform('meaning OR "purpose in life" OR spirituality') is None


def test_query_cli_lint_names_the_platform_the_string_looks_like(tmp_path, cli) -> None:
    path = tmp_path / "search.txt"
    path.write_text("TITLE-ABS-KEY(harm W/3 family OR debt)\n", encoding="utf-8")
    code, out, _ = cli("query", "lint", str(path))
    assert code == 0
    assert "looks like Scopus syntax; linted as scopus" in out and "Q401" in out
    path.write_text("gambling OR harm\n", encoding="utf-8")
    code, out, _ = cli("query", "lint", str(path))
    assert "no platform's syntax recognised" in out


def test_query_cli_lint_exit_codes(tmp_path, cli) -> None:
    path = tmp_path / "pubmed.txt"
    path.write_text("gambling[tiabb] OR harm[tiab]\n", encoding="utf-8")
    code, out, err = cli("query", "lint", str(path))
    assert code == 1 and "error Q110" in out and "1 error" in err


def test_query_every_platform_note_is_a_sentence() -> None:
    for p in PLATFORMS.values():
        assert isinstance(p.notes, tuple) and all(len(n) > 20 for n in p.notes), p.id


def test_query_cli_scholar_notes_print_as_sentences(cli) -> None:
    code, out, _ = cli("query", "dbs")
    assert code == 0 and "No truncation, fields" in out
