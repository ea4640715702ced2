"""Lint: every defect the seed's Appendix 1 lists is found, clean strings pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litsearch.query import lint_text

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "query" / "seed"
GP_CARE = REPO / "queries" / "examples" / "pubmed-gp-care.txt"


def _seed(name: str) -> str:
    return (SEED / f"{name}.txt").read_text(encoding="utf-8")


def _at(text: str, findings, code: str, snippet: str) -> bool:
    """Whether a finding with ``code`` starts where ``snippet`` occurs in ``text``."""
    starts = {m.start() for m in re.finditer(re.escape(snippet), text)}
    return any(f.code == code and f.start in starts for f in findings)


@pytest.mark.parametrize("block,code,snippet", [
    ("meaning", "Q101", "“existentiële zorg\""),      # curly quote
    ("meaning", "Q102", "“existentiële zorg\""),      # opened curly, closed straight
    ("study-design", "Q102", "\"focus group”"),       # opened straight, closed curly
    ("ggz-a-professionals", "Q105", "OR \n"[:2]),
    ("study-design", "Q201", "integrative review"),   # unquoted multi-word term
    ("needs", "Q202", "“existential need*”"),         # the same term twice
    ("meaning", "Q204", "\"meaning in life\""),       # covered by meaning*
    ("needs", "Q204", "\"support need\""),            # covered by support*
    ("ggz-b-smi", "Q502", "SME"),                     # ambiguous acronyms
    ("ggz-b-smi", "Q502", "EPA"),
    ("meaning", "Q501", "“existentiële zorg\""),      # diacritic without a plain variant
    ("ggz-b-clients", "Q501", "cliënt*"),
])
def test_query_lint_finds_seed_defects(block: str, code: str, snippet: str) -> None:
    text = _seed(block)
    findings = lint_text(text, "plain")
    assert _at(text, findings, code, snippet), [str(f) for f in findings if f.code == code]


def test_query_lint_missing_space_position() -> None:
    text = _seed("ggz-a-professionals")
    finding = next(f for f in lint_text(text, "plain") if f.code == "Q105")
    assert text[finding.start - len("practice*”"):finding.start] == "practice*”"
    assert (finding.line, finding.col) == (1, text.index("”OR") + 2)


def test_query_lint_duplicate_across_blocks() -> None:
    text = "\n\n".join(_seed(n).strip() for n in ("meaning", "profession", "needs"))
    findings = [f for f in lint_text(text, "plain") if f.code == "Q203"]
    assert [text[f.start:f.end] for f in findings] == ["“spiritual care”"]
    assert findings[0].line == 5 and findings[0].severity == "info"


def test_query_lint_seed_pubmed_example() -> None:
    text = GP_CARE.read_text(encoding="utf-8")
    findings = lint_text(text, "pubmed")
    codes = {f.code for f in findings}
    assert {"Q301", "Q401", "Q402", "Q501", "Q201", "Q204", "Q502"} <= codes
    short = next(f for f in findings if f.code == "Q301")
    assert text[short.start:short.end] == "GP*" and short.severity == "error"
    precedence = next(f for f in findings if f.code == "Q401")
    assert text[precedence.start:precedence.end] == "NOT"
    untagged = [text[f.start:f.end] for f in findings if f.code == "Q402"]
    assert untagged == ["patient*", "need*", '"general practi*"', "Systematic",
                        '"Primary care"', "animal*"]
    assert all(f.line == 1 and f.col == f.start + 1 for f in findings)


@pytest.mark.parametrize("platform,text", [
    ("pubmed", 'meaning*[tiab] OR "purpose in life"[tiab] OR "Spirituality"[mh]'),
    ("pubmed", '("spiritual care"[tiab] OR chaplain*[tiab]) AND 2010:3000[dp]'),
    ("medline", "(exp Spirituality/ or (meaning* or wom#n).ti,ab.) and nurs*.ti,ab."),
    ("embase.com", "('spiritual care' OR (spiritual NEXT/1 counsel*)):ti,ab"),
    ("cochrane", '([mh "Spirituality"] OR (spiritual NEXT counsel*)):ti,ab,kw'),
    ("wos", 'TS=("spiritual care" OR chaplain*) AND PY=(2010-2026)'),
    ("scopus", "TITLE-ABS-KEY({spiritual care} OR chaplain*) AND NOT TITLE(rats)"),
    ("cinahl", '(MH "Spirituality+") OR TI ("spiritual care" OR wom?n)'),
    ("plain", 'meaning* OR "purpose in life"\n\nnurse* OR "mental health"'),
])
def test_query_lint_clean_strings(platform: str, text: str) -> None:
    assert lint_text(text, platform) == []


@pytest.mark.parametrize("platform,text,code,snippet", [
    ("pubmed", "(care[tiab] OR cure[tiab]", "Q104", "("),
    ("pubmed", 'care[tiab] OR "cure[tiab]', "Q103", '"'),
    ("pubmed", "(care OR cure)[tiab]", "Q107", "[tiab]"),
    ("pubmed", "care[tiab] or cure[tiab]", "Q108", "or"),
    ("pubmed", "wom?n[tiab]", "Q302", "wom?n"),
    ("pubmed", "car*s[tiab]", "Q302", "car*s"),
    ("cochrane", '"spiritual counsel*":ti,ab', "Q302", '"spiritual counsel*"'),
    ("embase.com", "'heart infarct*':ti,ab", "Q302", "'heart infarct*'"),
    ("cinahl", "TI colo?", "Q302", "colo?"),
    ("wos", "TS=(ab*)", "Q301", "ab*"),
    ("scopus", "TITLE-ABS(care) AND cure OR cost", "Q401", "OR"),
    ("pubmed", "care[tiab] cure[tiab]", "Q109", "cure[tiab]"),
])
def test_query_lint_platform_rules(platform: str, text: str, code: str, snippet: str) -> None:
    findings = lint_text(text, platform)
    assert any(f.code == code for f in findings), [str(f) for f in findings]
    finding = next(f for f in findings if f.code == code)
    assert text[finding.start:].startswith(snippet)


def test_query_lint_scholar_length() -> None:
    text = "short OR string\n" + " OR ".join(f"term{i}" for i in range(60))
    findings = lint_text(text, "google-scholar")
    assert [(f.code, f.line) for f in findings] == [("Q601", 2)]


def test_query_lint_never_raises_on_prose(shared_dir: Path) -> None:
    raw = (shared_dir / "seed" / "appendix1-raw.txt").read_text(encoding="utf-8")
    findings = lint_text(raw, "plain")
    lines = raw.split("\n")
    spot = next(f for f in findings if f.code == "Q105" and "practice*”" in lines[f.line - 1])
    assert lines[spot.line - 1][spot.col - 1:].startswith("OR")


def test_query_seed_strings_match_appendix(shared_dir: Path) -> None:
    appendix = (shared_dir / "seed" / "appendix1.md").read_text(encoding="utf-8")
    quoted = re.findall(r"`([^`]+)`\s*$", appendix, re.M)
    for path in sorted(SEED.glob("*.txt")):
        assert path.read_text(encoding="utf-8").rstrip("\n") in quoted, path.name
    example = re.search(r"```\n(.*?)\n```", appendix, re.S).group(1)
    assert GP_CARE.read_text(encoding="utf-8").rstrip("\n") == example


def test_query_lint_numbered_history_by_line() -> None:
    text = "1 exp Spirituality/\n2 (meaning* or “purpose in life”).ti,ab.\n3 1 or 2\n"
    findings = lint_text(text, "medline")
    assert [(f.code, f.line, f.col) for f in findings] == [("Q101", 2, 16)]
    assert lint_text("#1 care[tiab]\n#2 cure[tiab]\n#3 #1 OR #2\n", "pubmed") == []


def test_query_lint_strategy_file_points_at_toml_lines(tmp_path: Path) -> None:
    from litsearch.query.lint_strategy import lint_strategy

    shipped = REPO / "queries" / "strategy.toml"
    assert lint_strategy(shipped) == []
    source = shipped.read_text(encoding="utf-8")
    bad = source.replace('"faith", ', '"faith", "spirituality", "GP*", ').replace(
        '"client*", ', "")
    path = tmp_path / "strategy.toml"
    path.write_text(bad, encoding="utf-8")
    findings = lint_strategy(path)
    assert {(f.code, bad[f.start:f.end]) for f in findings} == {
        ("Q204", '"spirituality"'), ("Q301", '"GP*"'), ("Q502", '"GP*"'),
        ("Q501", '"cliënt*"')}
    for f in findings:
        assert bad.split("\n")[f.line - 1][f.col - 1:].startswith(bad[f.start:f.end])
        assert f.message.startswith("[blocks.")
