"""Storing files: provenance, one transaction, re-import, warned records."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from litsearch.errors import ImportFormatError
from litsearch.importers.pipeline import ImportOptionError, import_file
from litsearch.project import Project
from litsearch.store import Store
from litsearch.store.records import get_record, list_search_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "import"

RIS = "TY  - JOUR\nTI  - One\nPY  - 2020\nER  - \n\nTY  - JOUR\nTI  - Two\nER  - \n"


def _counts(store: Store) -> tuple[int, int, int, int]:
    return tuple(store.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                 for t in ("search_runs", "source_files", "records", "run_records"))


#: The same two records as an Ovid Embase RIS export (its DB tag names the Ovid segment).
OVID_RIS = RIS.replace("TY  - JOUR\n", "TY  - JOUR\nDB  - Embase <1974 to 2024 May 01>\n")


def test_import_records_provenance(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "embase.ris"
    path.write_text(OVID_RIS, encoding="utf-8")
    (project.queries_dir / "embase.txt").write_text("'spiritual care'/exp\n", encoding="utf-8")
    summary = import_file(project, path, "Embase", searched_on="2024-05-02")
    assert (summary.read, summary.imported, summary.warned) == (2, 2, 0)
    assert not summary.already_imported and summary.format == "ris"
    run = list_search_runs(project.store)[0]
    assert (run.database, run.platform, run.searched_on, run.method, run.kind) == (
        "embase", "Ovid", "2024-05-02", "database", "import")
    assert run.query == "'spiritual care'/exp" and run.query_source == "queries/embase.txt"
    # An export holds records, not the count the source reported for the search.
    assert run.status == "complete" and run.reported_count is None
    row = dict(project.store.execute("SELECT * FROM source_files").fetchone())
    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (row["name"], row["format"], row["encoding"]) == ("embase.ris", "ris", "utf-8")
    assert (row["records_read"], row["records_imported"], row["records_warned"]) == (2, 2, 0)
    record = get_record(project.store, 1)
    assert record is not None and record.database == "embase" and record.position == 1
    assert project.store.execute("SELECT is_new FROM run_records").fetchall()[0][0] == 1


def test_query_flag_wins_and_date_is_never_today_by_default(project: Project,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    import_file(project, path, "scopus", query="TITLE-ABS-KEY(care)", query_source="q.txt",
                method="citation")
    run = list_search_runs(project.store)[0]
    assert (run.query, run.query_source, run.method) == ("TITLE-ABS-KEY(care)", "q.txt",
                                                         "citation")
    assert run.searched_on is None and run.started_at[:10] == date.today().isoformat()


def test_reimport_same_bytes_changes_nothing(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    first = import_file(project, path, "scopus")
    before = _counts(project.store)
    copy = tmp_path / "renamed.ris"
    copy.write_bytes(path.read_bytes())
    again = import_file(project, copy, "embase")
    assert again.already_imported and again.imported == 0 and again.run_id == first.run_id
    assert "already imported" in again.message()
    assert _counts(project.store) == before


def test_records_without_title_are_kept_and_counted(project: Project) -> None:
    summary = import_file(project, DATA / "no_title.ris", "medline")
    assert (summary.read, summary.imported, summary.warned) == (3, 3, 1)
    assert any("no title" in n for n in summary.notes)
    titles = [r[0] for r in project.store.execute("SELECT title FROM records ORDER BY id")]
    assert titles[1] is None and len(titles) == 3


def test_bad_record_imports_nothing(project: Project) -> None:
    with pytest.raises(ImportFormatError, match=r"bad_record\.nbib line 12"):
        import_file(project, DATA / "bad_record.nbib", "pubmed")
    assert _counts(project.store) == (0, 0, 0, 0)


def test_bad_record_after_a_full_batch_imports_nothing(project: Project, tmp_path: Path) -> None:
    # More records than one write batch, then a broken line: the batches already
    # written inside the transaction are rolled back too.
    good = "".join(f"PMID- {i}\nTI  - Title {i}\n\n" for i in range(1, 2600))
    path = tmp_path / "big.nbib"
    path.write_text(good + "PMID- 9\nbroken line\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"big\.nbib line 7799"):
        import_file(project, path, "pubmed")
    assert _counts(project.store) == (0, 0, 0, 0)
    # The same file fixed imports in full afterwards (the failed attempt left no hash).
    path.write_text(good, encoding="utf-8")
    assert import_file(project, path, "pubmed").imported == 2599


def test_bare_store_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    calls: list[tuple[int, int]] = []
    with Store(":memory:") as store:
        summary = import_file(store, path, "scopus", progress=lambda d, t: calls.append((d, t)))
        assert summary.imported == 2 and calls[-1] == (2, 2)
        assert list_search_runs(store)[0].query is None


def test_unknown_database_is_refused_unless_new_db(project: Project, tmp_path: Path) -> None:
    """Issue 13: --db accepted any name, so a typo became a source of its own."""
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    with pytest.raises(ImportOptionError, match=r"--db 'embsae' is not one of the review's "
                                                r"databases \(pubmed, medline, embase"):
        import_file(project, path, "embsae")
    assert _counts(project.store) == (0, 0, 0, 0)
    assert import_file(project, path, "Embase").imported == 2  # case does not matter
    copy = tmp_path / "y.ris"
    copy.write_text(RIS.replace("One", "Three"), encoding="utf-8")
    assert import_file(project, copy, "openalex", new_db=True).imported == 2
    assert import_file(project, tmp_path / "x.ris", "reference lists",
                       method="citation").already_imported


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"searched_on": "2024-13-01"}, r"--searched-on '2024-13-01' is not a real date"),
    ({"searched_on": "May 2024"}, r"--searched-on 'May 2024' is not a date"),
    ({"method": "guess"}, r"unknown method 'guess'"),
])
def test_bad_options_are_one_line_errors(project: Project, tmp_path: Path, kwargs: dict,
                                         pattern: str) -> None:
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    with pytest.raises(ImportOptionError, match=pattern):
        import_file(project, path, "scopus", **kwargs)
    assert _counts(project.store) == (0, 0, 0, 0)


def test_forced_format_that_does_not_fit_stores_nothing(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text(RIS, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"x\.ris line 1: not well-formed XML"):
        import_file(project, path, "scopus", format="pubmed-xml")
    assert _counts(project.store) == (0, 0, 0, 0)


def test_fast_row_values_match_record_to_row(shared_dir: Path) -> None:
    from litsearch.importers import load
    from litsearch.models import RECORD_FIELDS
    from litsearch.store.records import record_values as row_values

    for name in ("ris/embase__asreview__embase.ris", "nbib/pubmed__rispy__example_pubmed.txt"):
        for record in load(shared_dir / "corpora" / name).records:
            row = record.to_row()
            assert row_values(record) == tuple(row[f] for f in RECORD_FIELDS)


def test_gc_paused_restores_the_collector_whatever_happens() -> None:
    import gc

    from litsearch.runtime import gc_paused

    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


@pytest.mark.parametrize("text", [
    '<?xml version="1.0" encoding="UTX-8"?><PubmedArticleSet></PubmedArticleSet>',
    '<?xml version="1.0" encoding="UTX-8"?><xml><records><record></record></records></xml>',
])
def test_xml_declaring_an_unknown_encoding_is_a_clear_error(tmp_path: Path, text: str) -> None:
    from litsearch.errors import ImportFormatError
    from litsearch.importers import load

    path = tmp_path / "odd.xml"
    path.write_text(text, encoding="ascii")
    with pytest.raises(ImportFormatError, match=r"odd\.xml line 1: .*UTX-8"):
        load(path, format="pubmed-xml" if "Pubmed" in text else "endnote-xml")


def test_untitled_rows_of_a_spreadsheet_are_kept_and_warned(tmp_path: Path) -> None:
    from litsearch.importers import load

    path = tmp_path / "sheet.csv"
    path.write_text("Title,Authors,Year\nA paper,Smith J,2020\n,Jones K,2021\n", encoding="utf-8")
    result = load(path)
    assert [r.title for r in result.records] == ["A paper", None]
    assert result.records[1].warnings == ["no title"] and result.warned == 1
