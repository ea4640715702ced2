"""``litsearch import --undo RUN``: take back an import or live search before screening.

Real SQLite, real imports of small files written here, real dedup and PRISMA flow.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from litsearch.dedup import run_dedup
from litsearch.dedup.decisions import decide_pair
from litsearch.dedup.status import dedup_status
from litsearch.importers.pipeline import import_file
from litsearch.importers.undo import UndoError, undo_run
from litsearch.models import Record
from litsearch.project import Project
from litsearch.report.prisma import compute_flow
from litsearch.screening.decisions import record_decision, remember_position
from litsearch.search.state import load_state, save_state, store_batch
from litsearch.status import search_status
from litsearch.store import Store
from litsearch.store.records import SearchRun, add_search_run

#: (title, doi, pmid, year) per work; the same key in two files is the same work.
WORKS = {
    "a": ("Spiritual care in outpatient psychiatry: a cohort study", "10.1000/a", "31000001", 2019),
    "b": ("Chaplaincy and depression outcomes in older adults", "10.1000/b", "31000002", 2020),
    "c": ("Meaning making in anxiety care: a qualitative synthesis", "10.1000/c", "31000003",
          2018),
    "d": ("Religious coping in mental health nursing practice", "10.1000/d", "31000004", 2021),
    "e": ("Hope interventions in community mental health teams", "10.1000/e", "31000005", 2017),
}

#: Every table the undo may touch, for before/after row counts.
TABLES = ("search_runs", "source_files", "records", "run_records", "clusters", "cluster_members",
          "dedup_pairs", "dedup_keys", "dedup_decisions", "decisions", "meta")


def _ris(path: Path, keys: str) -> Path:
    lines = []
    for key in keys:
        title, doi, _pmid, year = WORKS[key]
        lines += ["TY  - JOUR", f"TI  - {title}", "AU  - Smith, John", "AU  - Okafor, Ada",
                  f"PY  - {year}", "JO  - Journal of Psychiatric Care", f"DO  - {doi}",
                  "ER  - ", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _nbib(path: Path, keys: str) -> Path:
    lines = []
    for key in keys:
        title, doi, pmid, year = WORKS[key]
        lines += [f"PMID- {pmid}", f"TI  - {title}", "FAU - Smith, John", "AU  - Smith J",
                  "FAU - Okafor, Ada", "AU  - Okafor A", f"DP  - {year}",
                  "JT  - Journal of Psychiatric Care", f"AID - {doi} [doi]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _pubmed_record(key: str) -> Record:
    title, doi, pmid, year = WORKS[key]
    return Record(title=title, doi=doi, pmid=pmid, year=year, database="pubmed",
                  original=f"PMID- {pmid}")


def _live_search(store: Store, keys: str) -> int:
    """Store a live PubMed run the way ``search pubmed`` does (known PMIDs are linked)."""
    with store.transaction():
        run_id = add_search_run(store, SearchRun(database="pubmed", platform="e-utilities",
                                                 kind="api", query="spiritual care"))
        positions = {WORKS[k][2]: n for n, k in enumerate(keys, 1)}
        store_batch(store, run_id, [_pubmed_record(k) for k in keys], positions, set())
    return run_id


def _counts(store: Store) -> dict[str, int]:
    return {t: store.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def _dois(store: Store, run_id: int) -> set[str]:
    return {r[0] for r in store.execute("SELECT doi FROM records WHERE search_run_id = ?",
                                        (run_id,))}


def _partition(store: Store) -> set[frozenset[tuple[str, str]]]:
    """Clusters as sets of (database, doi), comparable across reviews."""
    rows = store.execute("SELECT m.cluster_id, r.database, r.doi FROM cluster_members m "
                         "JOIN records r ON r.id = m.record_id").fetchall()
    groups: dict[int, set[tuple[str, str]]] = {}
    for cid, db, doi in rows:
        groups.setdefault(cid, set()).add((db, doi))
    return {frozenset(g) for g in groups.values()}


def test_undo_then_the_same_file_imports_again(project: Project, tmp_path: Path) -> None:
    store = project.store
    first = import_file(project, _ris(tmp_path / "pubmed.ris", "ab"), "pubmed")
    path = _ris(tmp_path / "embase.ris", "cde")
    wrong = import_file(project, path, "psycinfo")  # the wrong --db
    summary = undo_run(store, wrong.run_id)
    assert (summary.records_removed, summary.files, summary.database) == (3, ["embase.ris"],
                                                                          "psycinfo")
    assert summary.message() == "Removed search run 2 (psycinfo, embase.ris): 3 records, 1 file."
    assert _dois(store, first.run_id) == {"10.1000/a", "10.1000/b"}
    assert store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 2
    assert [r["id"] for r in search_status(store)] == [first.run_id]
    again = import_file(project, path, "embase")
    assert not again.already_imported and again.imported == 3
    assert _dois(store, again.run_id) == {"10.1000/c", "10.1000/d", "10.1000/e"}


def test_records_a_later_search_found_stay_credited_to_it(project: Project,
                                                          tmp_path: Path) -> None:
    store = project.store
    nbib = import_file(project, _nbib(tmp_path / "pubmed.nbib", "abc"), "pubmed")
    live = _live_search(store, "bcd")  # b and c are linked to the file's records, d is new
    kept = {r[0]: r[1] for r in store.execute(
        "SELECT doi, id FROM records WHERE doi IN ('10.1000/b', '10.1000/c')")}
    summary = undo_run(store, nbib.run_id)
    assert (summary.records_removed, summary.records_kept) == (1, 2)
    assert "2 records also found by a later run kept" in summary.message()
    rows = {r["doi"]: r for r in store.execute("SELECT * FROM records")}
    assert set(rows) == {"10.1000/b", "10.1000/c", "10.1000/d"}
    for doi, rid in kept.items():
        row = rows[doi]
        assert row["id"] == rid  # the same record, not a copy
        assert (row["search_run_id"], row["source_file_id"], row["database"]) == \
            (live, None, "pubmed")
        assert row["position"] == (1 if doi == "10.1000/b" else 2)  # its place in the live run
        note = json.loads(row["extra"])["read_from_undone_run"]
        assert note["run"] == nbib.run_id and note["files"] == ["pubmed.nbib"]
    links = store.execute("SELECT search_run_id, COUNT(*), SUM(is_new) FROM run_records "
                          "GROUP BY search_run_id").fetchall()
    assert [tuple(r) for r in links] == [(live, 3, 3)]
    assert [(r["id"], r["records"], r["new_records"]) for r in search_status(store)] == \
        [(live, 3, 3)]
    flow = compute_flow(store)
    assert flow.n("database_results") == 3
    assert not [v for v in flow.violations if v.severity == "error"]


def test_undo_a_live_search(project: Project, tmp_path: Path) -> None:
    store = project.store
    nbib = import_file(project, _nbib(tmp_path / "pubmed.nbib", "ab"), "pubmed")
    live = _live_search(store, "abe")  # a, b linked to the file's records; e new
    with store.transaction():
        save_state(store, live, {"query": "spiritual care", "pmids": ["31000001"]})
    summary = undo_run(store, live)
    assert summary.kind == "api" and summary.files == []
    assert (summary.records_removed, summary.links_removed) == (1, 2)
    assert summary.message() == ("Removed search run 2 (pubmed, live search): 1 record, 0 files; "
                                 "2 records it had found again stay, credited to the run that "
                                 "added them.")
    assert load_state(store, live) is None
    assert _dois(store, nbib.run_id) == {"10.1000/a", "10.1000/b"}
    assert [tuple(r) for r in store.execute(
        "SELECT search_run_id, COUNT(*), SUM(is_new) FROM run_records GROUP BY 1")] == \
        [(nbib.run_id, 2, 2)]


def test_undo_after_dedup_equals_a_review_without_the_file(project: Project,
                                                           tmp_path: Path, cli) -> None:
    store = project.store
    import_file(project, _ris(tmp_path / "pubmed.ris", "abc"), "pubmed")
    embase = import_file(project, _ris(tmp_path / "embase.ris", "abd"), "embase")
    import_file(project, _ris(tmp_path / "psycinfo.ris", "ae"), "psycinfo")
    run_dedup(store)
    assert dedup_status(store)["duplicates"] == 3  # a thrice, b twice
    remember_position(store, "title-abstract", "alice", _ids(store, embase.run_id)[0])
    summary = undo_run(store, embase.run_id)
    assert (summary.records_removed, summary.clusters_rebuilt) == (3, 2)  # a's, b's; not d's
    assert summary.message() == ("Removed search run 2 (embase, embase.ris): 3 records, 1 file; "
                                 "2 duplicate clusters rebuilt without its records.")
    assert store.get_meta("screening.position.title-abstract.alice") is None
    status = dedup_status(store)
    assert (status["records_pending"], status["clusters"], status["duplicates"]) == (0, 4, 1)
    again = run_dedup(store)
    assert again.new_records == 0 and again.clusters == 4

    fresh = Project.create(tmp_path / "fresh", title="Without embase", reviewers=["alice"])
    try:
        import_file(fresh, _ris(tmp_path / "pubmed.ris", "abc"), "pubmed")
        import_file(fresh, _ris(tmp_path / "psycinfo.ris", "ae"), "psycinfo")
        run_dedup(fresh.store)
        assert _partition(store) == _partition(fresh.store)
    finally:
        fresh.close()

    flow = compute_flow(store)
    assert (flow.n("database_results"), flow.n("duplicates")) == (5, 1)
    code, out, err = cli("prisma", "-r", str(project.root))
    assert code == 0, err
    assert "(error)" not in out and "Duplicate records removed" in out
    code, out, err = cli("status", "--json", "-r", str(project.root))
    data = json.loads(out)
    assert data["records"]["by_database"] == {"psycinfo": 2, "pubmed": 3}
    assert [r["database"] for r in data["search_runs"]] == ["pubmed", "psycinfo"]
    assert data["next"]["command"] != "litsearch dedup"


def _ids(store: Store, run_id: int) -> list[int]:
    return [r[0] for r in store.execute("SELECT id FROM records WHERE search_run_id = ? "
                                        "ORDER BY id", (run_id,))]


def test_a_failure_half_way_leaves_the_review_unchanged(project: Project,
                                                        tmp_path: Path) -> None:
    store = project.store
    nbib = import_file(project, _nbib(tmp_path / "pubmed.nbib", "abc"), "pubmed")
    import_file(project, _ris(tmp_path / "embase.ris", "ad"), "embase")
    _live_search(store, "b")
    run_dedup(store)

    def snapshot() -> tuple:
        return (_counts(store),
                [tuple(r) for r in store.execute("SELECT * FROM records ORDER BY id")],
                [tuple(r) for r in store.execute("SELECT * FROM run_records ORDER BY 1, 2")],
                [tuple(r) for r in store.execute("SELECT record_id, cluster_id FROM "
                                                 "cluster_members ORDER BY 1")])

    before = snapshot()
    # The last step fails (as a full disk would): records were re-credited and clusters
    # rebuilt by then, and all of it must roll back.
    store.db.execute("CREATE TRIGGER fail BEFORE DELETE ON search_runs "
                     "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        undo_run(store, nbib.run_id)
    assert snapshot() == before
    store.db.execute("DROP TRIGGER fail")
    assert undo_run(store, nbib.run_id).records_kept == 1


def test_refused_when_a_record_of_the_run_was_screened(project: Project, tmp_path: Path) -> None:
    store = project.store
    run = import_file(project, _ris(tmp_path / "embase.ris", "abc"), "embase").run_id
    run_dedup(store)
    ids = _ids(store, run)
    record_decision(store, ids[0], "title-abstract", "alice", "include")
    record_decision(store, ids[1], "title-abstract", "bob", "exclude", reason="population")
    before = _counts(store)
    with pytest.raises(UndoError) as caught:
        undo_run(store, run)
    assert str(caught.value) == (f"2 records of search run {run} have screening decisions "
                                 "(title-abstract); an import that has been screened cannot be "
                                 "undone.")
    assert _counts(store) == before


def test_refused_when_a_duplicate_in_another_run_was_screened(project: Project,
                                                              tmp_path: Path) -> None:
    store = project.store
    pubmed = import_file(project, _ris(tmp_path / "pubmed.ris", "ab"), "pubmed").run_id
    embase = import_file(project, _ris(tmp_path / "embase.ris", "bc"), "embase").run_id
    run_dedup(store)
    b_pubmed = _ids(store, pubmed)[1]
    record_decision(store, b_pubmed, "auto", "litsearch-rules", "exclude", reason="R1")
    before = _counts(store)
    with pytest.raises(UndoError, match=r"^1 duplicate of records of search run 2 has screening "
                                        r"decisions \(auto\); undoing would change"):
        undo_run(store, embase)
    assert _counts(store) == before
    # The unscreened pubmed run's own duplicate of b is screened itself: refused too.
    with pytest.raises(UndoError, match="1 record of search run 1 has screening decisions"):
        undo_run(store, pubmed)


def test_refused_after_a_manual_dedup_decision(project: Project, tmp_path: Path) -> None:
    store = project.store
    pubmed = import_file(project, _ris(tmp_path / "pubmed.ris", "a"), "pubmed").run_id
    embase = import_file(project, _ris(tmp_path / "embase.ris", "c"), "embase").run_id
    run_dedup(store)
    decide_pair(store, _ids(store, pubmed)[0], _ids(store, embase)[0], "different", "alice")
    before = _counts(store)
    with pytest.raises(UndoError, match="1 manual dedup decision involves records of search run"):
        undo_run(store, embase)
    assert _counts(store) == before


def test_unknown_frozen_and_other_runs_are_refused(project: Project, tmp_path: Path,
                                                  cli) -> None:
    store = project.store
    run = import_file(project, _ris(tmp_path / "embase.ris", "a"), "embase").run_id
    with store.transaction():
        other = add_search_run(store, SearchRun(database="experts", kind="manual"))
    with pytest.raises(UndoError, match="search run 99 does not exist"):
        undo_run(store, 99)
    with pytest.raises(UndoError, match="'manual' run, not an import"):
        undo_run(store, other)
    assert cli("prisma", "--freeze", "--force", "-r", str(project.root))[0] == 0
    before = _counts(store)
    with pytest.raises(UndoError, match=f"search run {run} is part of frozen review version 1"):
        undo_run(store, run)
    assert _counts(store) == before


def test_cli_undo_prints_one_line(project: Project, tmp_path: Path, cli) -> None:
    root = str(project.root)
    path = _ris(tmp_path / "embase.ris", "ab")
    assert cli("import", str(path), "--db", "embase", "-r", root)[0] == 0
    code, out, err = cli("import", "--undo", "1", "-r", root)
    assert code == 0, err
    assert out.strip() == "Removed search run 1 (embase, embase.ris): 2 records, 1 file."
    code, out, err = cli("import", str(path), "--db", "embase", "-r", root)
    assert code == 0 and "already imported" not in out


@pytest.mark.parametrize(("args", "expected"), [
    (("--undo", "7"), "error: search run 7 does not exist. 'litsearch status' lists"),
    (("--undo", "1", "x.ris", "--db", "embase"), "error: --undo takes no FILE, --db. See "
                                                 "'litsearch import --help'."),
    ((), "error: Missing argument 'FILE...' (or give --undo RUN). See 'litsearch import --help'."),
    (("x.ris",), "error: Missing option '--db'. See 'litsearch import --help'."),
])
def test_cli_errors_are_one_line(project: Project, cli, args: tuple[str, ...],
                                 expected: str) -> None:
    code, out, err = cli("import", *args, "-r", str(project.root))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith(expected), err


def test_help_shows_undo_with_an_example(cli) -> None:
    code, out, _ = cli("import", "--help")
    assert code == 0 and "--undo" in out and "litsearch import --undo 3" in out


def test_numbers_of_an_undone_run_are_never_handed_out_again(tmp_path: Path) -> None:
    """Audit: after undoing the latest run, the next import took its run and record ids."""
    with Store(":memory:") as store:
        import_file(store, _ris(tmp_path / "one.ris", "ab"), "embase")
        second = import_file(store, _ris(tmp_path / "two.ris", "cde"), "scopus")
        run_dedup(store)
        removed = _ids(store, second.run_id)
        top_cluster = store.execute("SELECT MAX(id) FROM clusters").fetchone()[0]
        undo_run(store, second.run_id)
        third = import_file(store, _ris(tmp_path / "three.ris", "cd"), "psycinfo")
        assert third.run_id > second.run_id
        assert min(_ids(store, third.run_id)) > max(removed)
        run_dedup(store)
        new_clusters = store.execute(
            "SELECT cluster_id FROM cluster_members WHERE record_id IN "
            "(SELECT record_id FROM run_records WHERE search_run_id = ?)",
            (third.run_id,)).fetchall()
        assert min(c[0] for c in new_clusters) > top_cluster
