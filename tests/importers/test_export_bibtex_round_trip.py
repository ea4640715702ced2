"""A BibTeX export read back by litsearch gives the same keywords and text.

Real data: the PubMed records of a gambling-harms search saved by Zotero, whose MeSH
keywords hold commas ("Behavior, Addictive/*psychology") and one abstract an ASCII
tilde ("~July-August 2020", approximately).
"""

from __future__ import annotations

from pathlib import Path

from litsearch.importers.pipeline import import_file
from litsearch.report.export import export_records
from litsearch.store import Store

ZOTERO_PUBMED = "corpora/ris/zotero__citesource__20221207_gambling-harms_pubmed_176.ris"


def _round_trip(shared_dir: Path, tmp_path: Path, query: str) -> tuple[list, list]:
    with Store(":memory:") as first, Store(":memory:") as second:
        import_file(first, shared_dir / ZOTERO_PUBMED, "pubmed")
        out = tmp_path / "records.bib"
        export_records(first, "bibtex", out)
        import_file(second, out, "pubmed")
        return ([tuple(r) for r in first.execute(query)],
                [tuple(r) for r in second.execute(query)])


def test_bibtex_round_trip_keeps_keywords_with_commas(shared_dir: Path,
                                                      tmp_path: Path) -> None:
    before, after = _round_trip(shared_dir, tmp_path, "SELECT keywords FROM records ORDER BY id")
    assert any("Behavior, Addictive" in r[0] for r in before)
    assert after == before


def test_bibtex_round_trip_keeps_an_ascii_tilde(shared_dir: Path, tmp_path: Path) -> None:
    before, after = _round_trip(shared_dir, tmp_path,
                                "SELECT title, abstract FROM records ORDER BY id")
    assert any("~" in (r[1] or "") for r in before)
    assert after == before
