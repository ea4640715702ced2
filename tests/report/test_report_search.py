"""The PRISMA-S search report: what the store knows, and what the authors must add."""

from __future__ import annotations

import re

from report_scenarios import add_other_methods, new_review, run, section

from litsearch.project import Project
from litsearch.report.prisma_s import AUTHORS_NOTE, search_report
from litsearch.store import Store


def test_report_covers_the_sixteen_items() -> None:
    with Store(":memory:") as store:
        add_other_methods(store, new_review(store))
        text = search_report(store, "Spiritual care")
    for item in range(1, 17):
        assert re.search(rf"^### {item}\. ", text, re.M), item
    strategies = section(text, "### 8. Full search strategies")
    assert '"spiritual care"[tiab] AND "mental health"[mh]' in strategies
    assert "PubMed's translation" in strategies and "phrase not found: spirtual" in strategies
    assert "exp spirituality/ and exp mental health care/" in strategies
    assert "- Date searched: 2026-11-02" in strategies
    assert "- Records: 3 (1 new to the review)" in strategies  # the PubMed refresh
    # Settings stored beside a run are not limits: only what the string applies counts.
    assert "Run 1 (PubMed): none in the string" in section(text, "### 9. Limits")
    assert "| 4 | ClinicalTrials.gov | ClinicalTrials.gov | 2026-11-03 | 2 |" in section(
        text, "### 3. Study registries")
    assert "Citation searching" in section(text, "### 5. Citation searching")
    assert "searched 2 times" in section(text, "### 12. Updates")
    totals = section(text, "### 15. Total records")
    assert "| PubMed | database | 9 | 7 |" in totals
    assert "| **Total** | | 20 | 18 |" in totals
    dedup = section(text, "### 16. Deduplication")
    assert "software version: 0.1.0; method: rules+fuzzy" in dedup
    assert "- title_threshold: 0.9" in dedup
    for item in ("### 6. Contacts", "### 10. Search filters", "### 11. Prior work",
                 "### 14. Peer review"):
        assert AUTHORS_NOTE in section(text, item), item


def test_missing_strings_and_dates_are_flagged_not_invented() -> None:
    with Store(":memory:") as store:
        with store.transaction():
            run(store, "scopus", ["S1"], query="TITLE-ABS-KEY(```odd``` string)")
            run(store, "cinahl", ["C1"])
        text = search_report(store)
    assert "````text\nTITLE-ABS-KEY(```odd``` string)\n````" in text
    cinahl = section(text, "#### Run 2: CINAHL")
    assert "search string was not recorded" in cinahl and AUTHORS_NOTE in cinahl
    assert "(import date; search date not recorded)" in cinahl
    assert "Records have not been deduplicated yet" in text
    assert "Run 2 (CINAHL): unknown: the search string was not recorded" in text
    assert "No limits were recorded" not in text


def test_limits_are_read_from_the_string_as_run() -> None:
    """Issue 13 finding 4: "No limits were recorded" while the strings held year and
    language limits. Each platform's string is read with its own parser."""
    ovid = ("1 exp spirituality/\n2 (meaning adj3 life).ti,ab.\n3 1 or 2\n"
            '4 limit 3 to (english language and yr="2010 - 2020")')
    with Store(":memory:") as store:
        with store.transaction():
            run(store, "pubmed", ["P1"], platform="e-utilities",
                query='"spiritual care"[tiab] AND 2015:2024[dp] AND (english[la] OR dutch[la])')
            run(store, "embase", ["E1"], platform="Ovid", query=ovid)
            run(store, "scopus", ["S1"], query='TITLE-ABS-KEY("spiritual care") AND '
                                               'PUBYEAR > 2009 AND LIMIT-TO(LANGUAGE, "English")')
            run(store, "lens", ["L1"], query="spiritual care")
        limits = section(search_report(store), "### 9. Limits")
    assert "Run 1 (PubMed): years 2015–2024; languages english, dutch" in limits
    assert "Run 2 (Embase): years 2010–2020; languages english" in limits
    assert "Run 3 (Scopus): years 2010–present; languages english" in limits
    assert "Run 4 (Lens): not read: unknown database 'lens'" in limits  # its proper name
    assert "No limits were recorded" not in limits


def test_cli_writes_the_search_report(project: Project, cli) -> None:
    new_review(project.store)
    target = project.root / "outputs" / "search-report.md"
    code, out, err = cli("report", "search", "-o", str(target), "--review", str(project.root))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Search report (PRISMA-S)")
    code, out, err = cli("report", "search", "--review", str(project.root))
    assert code == 0 and "### 16. Deduplication" in out


def test_rows_read_are_never_reported_as_the_source_count() -> None:
    """Issue 13 finding 4: an import's rows read showed as "Records reported by the
    source", also in reviews whose runs were stored before the fix."""
    with Store(":memory:") as store:
        with store.transaction():
            run(store, "embase", ["E1", "E2"], platform="Ovid", reported_count=2)
            run(store, "pubmed", ["P1"], platform="e-utilities", kind="api", reported_count=40)
        text = search_report(store)
    assert "Records reported by the source: 2" not in text
    assert "Records reported by the source: 40" in section(text, "#### Run 2: PubMed")
