"""Exports: RIS round trip, CSV with cluster and status, BibTeX, --included, --where."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest

from litsearch.dedup.loading import work_record
from litsearch.demo.run import run_demo
from litsearch.errors import ImportFormatError, ReportError
from litsearch.importers.pipeline import import_file
from litsearch.models import Record
from litsearch.project import Project
from litsearch.report.export import CSV_COLUMNS, export_records
from litsearch.report.export_formats import (
    BIBTEX_CLUSTER_FIELD,
    BIBTEX_STATUS_FIELD,
    RIS_CLUSTER_TAG,
    RIS_STATUS_TAG,
)
from litsearch.screening.status import record_statuses
from litsearch.store import Store
from litsearch.store.db import now
from litsearch.store.records import iter_records

#: Fields a RIS export must carry through a re-import unchanged.
COMPARED = ("title", "abstract", "year", "journal", "volume", "issue", "start_page", "end_page",
            "doi", "pmid", "pmcid", "issn", "isbn", "language", "publication_types", "keywords",
            "subject_headings", "url", "source_record_id")

_MANIFEST = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "manifest.json"
#: Every corpus file (read from ../shared when present; the test skips without it).
ROUND_TRIP_FILES = ([e["file"] for e in json.loads(_MANIFEST.read_text(encoding="utf-8"))]
                    if _MANIFEST.is_file() else ["(no corpus)"])


def _key(record: Record) -> tuple:
    people = tuple((a.family, a.initials) for a in record.authors)
    return (*(getattr(record, f) for f in COMPARED), people)


@pytest.mark.parametrize("name", ROUND_TRIP_FILES)
def test_ris_export_round_trip(name: str, shared_dir: Path, tmp_path: Path) -> None:
    """Every corpus file that imports gives the same normalised records after RIS and back."""
    with Store(":memory:") as first, Store(":memory:") as second:
        try:
            import_file(first, shared_dir / "corpora" / name, "embase")
        except ImportFormatError:
            pytest.skip("not a file of records (ESearch XML)")
        out = tmp_path / "export.ris"
        count = export_records(first, "ris", out)
        assert count == first.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        summary = import_file(second, out, "embase")
        assert summary.format == "ris" and summary.read == count
        before = [_key(r) for _, r in iter_records(first)]
        after = [_key(r) for _, r in iter_records(second)]
        assert after == before
    # Only two-character tags: other readers take "PMID  - " as part of the line above.
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in
               out.read_text(encoding="utf-8").splitlines() if line.strip())


def _review_with_screening(store: Store, tmp_path: Path) -> None:
    text = "".join(f"TY  - JOUR\nTI  - Title {i}\nPY  - {2010 + i}\nER  - \n\n" for i in range(4))
    path = tmp_path / "x.ris"
    path.write_text(text, encoding="utf-8")
    import_file(store, path, "scopus")
    stamp = now()
    with store.transaction():
        # Records 1 and 2 are one cluster (2 is the duplicate); 3 and 4 singletons.
        for cluster_id, rep in ((1, 1), (2, 3), (3, 4)):
            store.execute("INSERT INTO clusters (id, representative_id, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?)", (cluster_id, rep, stamp, stamp))
        for record_id, cluster_id in ((1, 1), (2, 1), (3, 2), (4, 3)):
            store.execute("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                          "VALUES (?, ?, ?)", (record_id, cluster_id, stamp))
        for record_id, stage, decision in ((1, "title-abstract", "include"),
                                           (1, "full-text", "include"),
                                           (3, "title-abstract", "exclude")):
            store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (?, ?, 'alice', ?, ?)",
                          (record_id, stage, decision, stamp))


def test_csv_has_ids_cluster_and_status(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        _review_with_screening(store, tmp_path)
        buffer = io.StringIO()
        assert export_records(store, "csv", buffer) == 4
        rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["litsearch_record_id"], r["cluster_id"], r["status"]) for r in rows] == [
        ("1", "1", "included"), ("2", "1", "duplicate"), ("3", "2", "excluded-title-abstract"),
        ("4", "3", "unscreened")]
    assert rows[0]["search_run"] == "1" and rows[0]["database"] == "scopus"
    assert rows[2]["year"] == "2012"


def test_included_only_and_where(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        _review_with_screening(store, tmp_path)
        buffer = io.StringIO()
        assert export_records(store, "ris", buffer, included_only=True) == 1
        assert "TI  - Title 0" in buffer.getvalue() and "Title 1" not in buffer.getvalue()
        assert export_records(store, "csv", io.StringIO(), where="year >= 2012") == 2
        out = tmp_path / "never.csv"
        with pytest.raises(ReportError, match=r"--where 'yeer > 1' is not a valid SQL"):
            export_records(store, "csv", out, where="yeer > 1")
        assert not out.exists()
        with pytest.raises(ReportError, match=r"unknown export format 'xml'"):
            export_records(store, "xml", io.StringIO())


def test_bibtex_export_parses_back(shared_dir: Path, tmp_path: Path) -> None:
    with Store(":memory:") as store:
        import_file(store, shared_dir / "corpora" / "ris" / "lens__asreview___baseline.ris", "lens")
        out = tmp_path / "export.bib"
        assert export_records(store, "bibtex", out) == 100
        library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
        assert not library.failed_blocks
        assert len(library.entries) == 100
        first = library.entries[0]
        record = next(iter_records(store))[1]
        assert first["title"] == record.title and first["doi"] == record.doi
        assert len(library.entries[0]["author"].split(" and ")) == len(record.authors)


@pytest.mark.parametrize("fmt", ["ris", "csv"])
def test_export_import_export_is_byte_identical(fmt: str, shared_dir: Path,
                                                tmp_path: Path) -> None:
    source = shared_dir / "corpora" / "ris" / "wos__citesource__WoS_79.ris"
    with Store(":memory:") as first, Store(":memory:") as second:
        import_file(first, source, "wos")
        once = tmp_path / "once.ris"
        export_records(first, "ris", once)
        import_file(second, once, "wos")
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        export_records(first, fmt, a)
        export_records(second, fmt, b)
        assert a.read_bytes() == b.read_bytes()



def test_ris_and_bibtex_carry_the_dedup_cluster_and_status(tmp_path: Path) -> None:
    """The demo review (real imports, dedup run and screening): C8/U5 and
    litsearch-cluster/-status hold each record's cluster and screening status;
    re-imported, they land in ``extra`` and change no normalised field."""
    run_demo(tmp_path / "demo")
    with Project.open(tmp_path / "demo") as project, Store(":memory:") as second:
        first = project.store
        clusters = dict(first.execute("SELECT record_id, cluster_id FROM cluster_members"))
        statuses = record_statuses(first)
        assert len(set(clusters.values())) < len(clusters)  # duplicates were found
        out = tmp_path / "export.ris"
        assert export_records(first, "ris", out) == len(clusters)
        text = out.read_text(encoding="utf-8")
        assert text.count(f"\n{RIS_CLUSTER_TAG}  - ") == len(clusters)
        assert import_file(second, out, "embase").read == len(clusters)
        pairs = list(zip(iter_records(first), iter_records(second), strict=True))
        for (rid, _before), (_, after) in pairs:
            assert after.extra[RIS_CLUSTER_TAG] == str(clusters[rid])
            assert after.extra[RIS_STATUS_TAG] == statuses.get(rid, "unscreened")
            # Each record comes back as its work: gaps filled from its duplicates.
            assert _key(after) == _key(work_record(first, rid))
        bib = tmp_path / "export.bib"
        export_records(first, "bibtex", bib)
        entries = bibtexparser.parse_string(bib.read_text(encoding="utf-8")).entries
    assert [(e[BIBTEX_CLUSTER_FIELD], e[BIBTEX_STATUS_FIELD]) for e in entries] == [
        (str(clusters[rid]), statuses.get(rid, "unscreened")) for (rid, _), _ in pairs]
    assert {e[BIBTEX_STATUS_FIELD] for e in entries} >= {"included", "duplicate"}


def test_included_export_fills_the_representative_from_its_duplicates(tmp_path: Path) -> None:
    """Audit: the included work's PMID was only on its PubMed copy and was lost in included.ris."""
    from litsearch.dedup import run_dedup
    from litsearch.models import Author
    from litsearch.store import SearchRun, add_records, add_search_run

    paper = dict(title="Smoke-free legislation and hospitalizations for acute coronary syndrome",
                 authors=[Author("Pell", "JP"), Author("Haw", "S")], year=2008,
                 journal="N Engl J Med", volume="359", issue="5", start_page="482",
                 end_page="491", doi="10.1056/nejmsa0706740")
    with Store(":memory:") as store:
        with store.transaction():
            embase = add_search_run(store, SearchRun(database="embase"))
            (rep,) = add_records(store, embase, [Record(**paper, abstract="A long abstract.",
                                                        keywords=["smoking"], database="embase")])
            pubmed = add_search_run(store, SearchRun(database="pubmed"))
            add_records(store, pubmed, [Record(**paper, pmid="18669427", database="pubmed")])
        run_dedup(store)
        with store.transaction():
            for stage in ("title-abstract", "full-text"):
                store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                              "decided_at) VALUES (?, ?, 'alice', 'include', ?)",
                              (rep, stage, now()))
        out = tmp_path / "included.ris"
        assert export_records(store, "ris", out, included_only=True) == 1
        text = out.read_text(encoding="utf-8")
        assert "C2  - 18669427" in text and "A long abstract." in text
        full = tmp_path / "all.ris"
        export_records(store, "ris", full)  # both copies stand for the work: both carry it
        assert full.read_text(encoding="utf-8").count("C2  - 18669427") == 2
        assert store.execute("SELECT COUNT(pmid) FROM records").fetchone()[0] == 1


@pytest.mark.parametrize("fmt", ["ris", "csv", "bibtex"])
def test_every_export_fills_a_work_from_its_duplicates(fmt: str, shared_dir: Path,
                                                        tmp_path: Path) -> None:
    """Issue 13 finding 8, on real exports of the same search: Covidence's CSV has no
    PMID; the embase.com copies of the same papers carry one (C5). Every export of the
    Covidence copies carries it."""
    from litsearch.dedup import run_dedup

    base = shared_dir / "corpora"
    with Store(":memory:") as store:
        import_file(store, base / "csv" / "covidence__citation-file-formatting___baseline_"
                    "covidence.csv", "covidence")
        import_file(store, base / "ris" / "embase__citation-file-formatting___baseline_"
                    "embase.ris", "embase")
        run_dedup(store)
        gaps = [rid for rid, in store.execute(
            "SELECT r.id FROM records r JOIN cluster_members m ON m.record_id = r.id WHERE "
            "r.database = 'covidence' AND r.pmid IS NULL AND (SELECT COUNT(*) FROM "
            "cluster_members o JOIN records e ON e.id = o.record_id WHERE o.cluster_id = "
            "m.cluster_id AND e.pmid IS NOT NULL) > 0")]
        assert len(gaps) >= 3  # the Covidence copies lack the PMID their duplicates have
        pmids = {rid: work_record(store, rid).pmid for rid in gaps}
        out = tmp_path / f"all.{fmt}"
        export_records(store, fmt, out)
        text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = {int(r["litsearch_record_id"]): r for r in csv.DictReader(io.StringIO(text))}
        assert {rid: rows[rid]["pmid"] for rid in gaps} == pmids
    elif fmt == "ris":
        entries = {int(e.split("\nID  - ")[1].split("\n")[0]): e for e in text.split("\nER  -")
                   if "\nID  - " in e}
        assert all(f"C2  - {pmids[rid]}" in entries[rid] for rid in gaps)
    else:
        entries = bibtexparser.parse_string(text).entries
        by_id = {int(e.key.rsplit("_", 1)[1]): e for e in entries}
        assert {rid: by_id[rid]["pmid"] for rid in gaps} == pmids
