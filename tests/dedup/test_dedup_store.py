"""run_dedup over a real store: incremental runs, manual decisions, splitting, report."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest
from dedup_fixtures import add, load_pairs

from litsearch.dedup import (
    DedupSettings,
    decide_pair,
    dedupe_records,
    review_queue,
    run_dedup,
    split_cluster,
    write_report,
)
from litsearch.dedup.status import dedup_status
from litsearch.errors import DedupError

CASES = {c["case"]: c for c in load_pairs()}


def _cluster(store, record_id):
    return store.execute("SELECT cluster_id FROM cluster_members WHERE record_id = ?",
                         (record_id,)).fetchone()[0]


def _same(store, a, b):
    return _cluster(store, a) == _cluster(store, b)


def test_first_run_merges_duplicates_and_keeps_vetoed_pairs_apart(store):
    dup = CASES["erratum-suffix"]
    notice = CASES["notice"]
    ids = add(store, [dup["a"], dup["b"], notice["a"], notice["b"]])
    summary = run_dedup(store)
    assert summary.new_records == 4 and summary.clusters == 3 and summary.duplicates == 1
    assert _same(store, ids[0], ids[1]) and not _same(store, ids[2], ids[3])
    rows = dict(((r[0], r[1]), (r[2], r[3])) for r in store.execute(
        "SELECT record_a, record_b, rule, outcome FROM dedup_pairs"))
    assert rows[(ids[0], ids[1])] == ("title+authors+locator", "merged")
    assert rows[(ids[2], ids[3])] == ("veto:notice", "distinct")
    run = store.execute("SELECT method, version, settings, records_in, clusters_out "
                        "FROM dedup_runs").fetchone()
    assert run[0] == "litsearch-rules" and "rules" in run[1]
    assert json.loads(run[2])["title_merge"] == DedupSettings().title_merge
    assert (run[3], run[4]) == (4, 3)
    merged = json.loads(store.execute("SELECT merged FROM clusters WHERE id = ?",
                                      (_cluster(store, ids[0]),)).fetchone()[0])
    assert merged["record_ids"] == sorted(ids[:2])


def test_store_run_matches_the_pure_function():
    records = [c[k] for c in load_pairs() for k in ("a", "b")]
    from litsearch.store import Store
    with Store(":memory:") as store:
        ids = add(store, records)
        run_dedup(store)
        by_cluster = {}
        for i, rid in enumerate(ids):
            by_cluster.setdefault(_cluster(store, rid), set()).add(i)
    assert sorted(map(sorted, by_cluster.values())) == sorted(map(sorted, dedupe_records(records)))


def test_incremental_run_matches_only_new_records(store):
    dup = CASES["erratum-suffix"]
    first = add(store, [dup["a"], CASES["notice"]["a"]])
    run_dedup(store)
    before = dict(store.execute("SELECT record_id, cluster_id FROM cluster_members").fetchall())
    second = add(store, [dup["b"]], database="embase")
    assert dedup_status(store)["records_pending"] == 1
    summary = run_dedup(store)
    assert summary.new_records == 1
    assert _same(store, first[0], second[0])
    after = dict(store.execute("SELECT record_id, cluster_id FROM cluster_members").fetchall())
    assert {k: after[k] for k in before} == before  # earlier clusters keep their ids
    assert summary.removed_by_database == {"embase+pubmed": 1}
    again = run_dedup(store)
    assert again.new_records == 0 and again.pairs_merged == 0


def test_manual_decisions_survive_reruns_and_can_be_undone(store):
    review = CASES["pages-in-volume"]
    ids = add(store, [review["a"], review["b"]])
    run_dedup(store)
    queue = review_queue(store)
    assert [(p.record_a, p.record_b) for p in queue] == [tuple(ids)]
    decide_pair(store, ids[0], ids[1], "same", "alice")
    assert _same(store, *ids) and review_queue(store) == []
    add(store, [CASES["pages"]["a"]])
    run_dedup(store)
    assert _same(store, *ids)
    row = store.execute("SELECT decision, reviewer FROM dedup_decisions").fetchone()
    assert tuple(row) == ("same", "alice")
    decide_pair(store, ids[0], ids[1], "undo", "alice")
    assert not _same(store, *ids)
    assert [(p.record_a, p.record_b) for p in review_queue(store)] == [tuple(ids)]
    assert dedup_status(store)["pairs_awaiting_review"] == 1


def test_split_cluster_keeps_records_apart_in_later_runs(store):
    dup = CASES["erratum-suffix"]
    ids = add(store, [dup["a"], dup["b"]])
    run_dedup(store)
    cluster = _cluster(store, ids[0])
    clusters = split_cluster(store, cluster, "bob")
    assert len(clusters) == 2 and not _same(store, *ids)
    decisions = store.execute("SELECT record_a, record_b, decision FROM dedup_decisions")
    assert [tuple(r) for r in decisions] == [(ids[0], ids[1], "different")]
    third = add(store, [dataclasses.replace(dup["a"], database="scopus")])
    run_dedup(store)
    assert not _same(store, *ids)
    # The new copy joins one of them; never both.
    assert _same(store, third[0], ids[0]) != _same(store, third[0], ids[1])


def test_bad_requests_raise_dedup_errors(store):
    ids = add(store, [CASES["notice"]["a"]])
    run_dedup(store)
    with pytest.raises(DedupError, match="cluster 999"):
        split_cluster(store, 999, "bob")
    with pytest.raises(DedupError, match="single record"):
        split_cluster(store, _cluster(store, ids[0]), "bob")
    with pytest.raises(DedupError, match="record 12345"):
        decide_pair(store, ids[0], 12345, "same", "bob")
    with pytest.raises(DedupError, match="maybe"):
        decide_pair(store, ids[0], ids[0] + 1, "maybe", "bob")


def test_report_lists_every_judged_pair(store, tmp_path):
    records = [CASES[k][x] for k in ("erratum-suffix", "pages-in-volume", "notice")
               for x in ("a", "b")]
    ids = add(store, records)
    run_dedup(store)
    decide_pair(store, ids[2], ids[3], "different", "alice")
    path = write_report(store, tmp_path / "outputs" / "dedup-report.csv")
    with path.open(encoding="utf-8") as handle:
        rows = {(int(r["record_a"]), int(r["record_b"])): r for r in csv.DictReader(handle)}
    assert rows[(ids[0], ids[1])]["outcome"] == "merged"
    assert rows[(ids[2], ids[3])]["manual_decision"] == "different"
    assert rows[(ids[2], ids[3])]["reviewer"] == "alice"
    assert rows[(ids[4], ids[5])]["rule"] == "veto:notice"


def test_clusters_told_apart_once_are_not_asked_again(store):
    review = CASES["pages-in-volume"]
    copies = [dataclasses.replace(review[k], database="scopus") for k in ("a", "b")]
    ids = add(store, [review["a"], review["b"], *copies])
    run_dedup(store)
    assert _same(store, ids[0], ids[2]) and _same(store, ids[1], ids[3])
    queue = review_queue(store)
    assert len(queue) == 1  # four doubtful record pairs, one pair of clusters
    decide_pair(store, queue[0].record_a, queue[0].record_b, "different", "alice")
    assert review_queue(store) == []
