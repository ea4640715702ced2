"""Incremental runs read the key cache, not every record, and change nothing they decide.

Each scenario runs twice side by side: once as the engine does (cached keys of
the stored records in ``dedup_keys``), and once with that cache emptied before
every run, which makes the run load and normalise every record as all runs did
before the cache. Pairs, clusters and the dedup report must be identical, and
the clusters must equal one whole-review run of the pure pipeline.
"""

from __future__ import annotations

import csv
import dataclasses
import random

import pytest
from dedup_fixtures import add, load_pairs, row_record

from litsearch.dedup import (
    DedupSettings,
    decide_pair,
    dedupe_records,
    engine,
    keycache,
    parallel,
    review_queue,
    run_dedup,
    split_cluster,
)
from litsearch.dedup.report import report_rows
from litsearch.models import Record
from litsearch.store import Store
from litsearch.synth import generate_corpus

CASES = {c["case"]: c for c in load_pairs()}

#: What a run leaves behind (the dedup report is compared separately).
OUTCOME_SQL = (
    "SELECT record_a, record_b, score, rule, outcome FROM dedup_pairs ORDER BY id",
    "SELECT record_id, cluster_id, rule, score FROM cluster_members ORDER BY record_id",
    "SELECT id, representative_id, merged FROM clusters ORDER BY id",
)


def _outcome(store):
    rows = [[tuple(r) for r in store.execute(sql)] for sql in OUTCOME_SQL]
    report = [{k: v for k, v in row.items() if k != "decided_at"} for row in report_rows(store)]
    return rows, report


def _partition(store, ids):
    index = {rid: i for i, rid in enumerate(ids)}
    groups: dict[int, set[int]] = {}
    for rid, cid in store.execute("SELECT record_id, cluster_id FROM cluster_members"):
        groups.setdefault(cid, set()).add(index[rid])
    return sorted(map(sorted, groups.values()))


class Twins:
    """Two stores fed the same imports: one dedups with the key cache, one without."""

    def __init__(self) -> None:
        self.cached, self.uncached = Store(":memory:"), Store(":memory:")
        self.ids: list[int] = []

    def add(self, records, database="pubmed"):
        ids = add(self.cached, records, database)
        assert add(self.uncached, records, database) == ids
        self.ids += ids
        return ids

    def run(self, settings=None, prepared=None):
        """Run dedup on both; return the summary and how many records each prepared."""
        counts = []
        self.uncached.execute("DELETE FROM dedup_keys")
        summaries = []
        for store in (self.cached, self.uncached):
            before = len(prepared) if prepared is not None else 0
            summaries.append(run_dedup(store, settings))
            counts.append((len(prepared) if prepared is not None else 0) - before)
        assert dataclasses.replace(summaries[0], seconds=0) == \
            dataclasses.replace(summaries[1], seconds=0)
        return summaries[0], counts

    def both(self, action):
        return action(self.cached), action(self.uncached)

    def assert_same(self):
        assert _outcome(self.cached) == _outcome(self.uncached)

    def close(self):
        self.cached.close()
        self.uncached.close()


@pytest.fixture
def twins():
    t = Twins()
    yield t
    t.close()


def _batches(records, shares, seed=0):
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    out, start = [], 0
    for share in shares:
        end = start + round(share * len(shuffled))
        out.append(shuffled[start:end])
        start = end
    out[-1] += shuffled[start:]
    return out


def _counting_prepare(monkeypatch):
    calls = []
    real = engine.prepare

    def counted(record):
        calls.append(1)
        return real(record)

    # Records read for blocking are prepared through parallel (here, below its minimum).
    monkeypatch.setattr(engine, "prepare", counted)
    monkeypatch.setattr(parallel, "prepare", counted)
    return calls


def _runs_equal_a_full_run(twins, batches, monkeypatch) -> None:
    """Add ``batches`` one run each: every run equals a full run of what is stored."""
    prepared = _counting_prepare(monkeypatch)
    for number, batch in enumerate(batches):
        twins.add(batch)
        _summary, (cached, uncached) = twins.run(prepared=prepared)
        twins.assert_same()
        assert uncached == len(twins.ids)
        if number:
            # The new records and the few stored ones they pair with, not the whole review.
            assert cached < len(batch) + len(twins.ids) // 4
    order = [r for batch in batches for r in batch]
    assert _partition(twins.cached, twins.ids) == sorted(map(sorted, dedupe_records(order)))


def test_incremental_runs_on_a_labelled_set_equal_a_full_run(twins, shared_dir, monkeypatch):
    path = shared_dir / "data" / "dedup" / "rathbone_cytology_screening.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        records = [row_record(row) for row in csv.DictReader(handle)]
    _runs_equal_a_full_run(twins, _batches(records, (0.7, 0.2, 0.1)), monkeypatch)


def test_incremental_runs_on_synthetic_data_equal_a_full_run(twins, monkeypatch):
    corpus = generate_corpus(1200, seed=3)
    records = [r for db in sorted(corpus) for r in corpus[db]]
    _runs_equal_a_full_run(twins, _batches(records, (0.85, 0.05, 0.05, 0.05), seed=1),
                           monkeypatch)


def test_a_record_added_later_merges_with_its_old_twin(twins):
    background = [r for rs in generate_corpus(150, seed=5).values() for r in rs]
    dup = CASES["erratum-suffix"]
    old = twins.add([*background, dup["a"]])[-1]
    twins.run()
    new = twins.add([dup["b"]], database="embase")[0]
    summary, _counts = twins.run()
    assert summary.new_records == 1
    cluster = "SELECT cluster_id FROM cluster_members WHERE record_id = ?"
    for store in (twins.cached, twins.uncached):
        assert store.execute(cluster, (old,)).fetchone() == \
            store.execute(cluster, (new,)).fetchone()
    twins.assert_same()


def test_manual_decisions_and_splits_survive_cached_reruns(twins):
    review, dup, notice = CASES["pages-in-volume"], CASES["erratum-suffix"], CASES["notice"]
    background = [r for rs in generate_corpus(150, seed=6).values() for r in rs]
    ids = twins.add([*background, review["a"], review["b"], dup["a"], dup["b"]])
    twins.run()
    twins.assert_same()
    (ra, rb), (da, db) = ids[-4:-2], ids[-2:]
    assert [(p.record_a, p.record_b) for p in review_queue(twins.cached)
            if {p.record_a, p.record_b} == {ra, rb}]
    twins.both(lambda s: decide_pair(s, ra, rb, "same", "alice"))
    cluster = "SELECT cluster_id FROM cluster_members WHERE record_id = ?"
    split = twins.cached.execute(cluster, (da,)).fetchone()[0]
    twins.both(lambda s: split_cluster(s, split, "bob"))
    copies = [dataclasses.replace(r, database="scopus")
              for r in (review["a"], dup["a"], notice["a"], notice["b"])]
    twins.add(copies, database="scopus")
    twins.run()
    twins.assert_same()
    store = twins.cached
    assert store.execute(cluster, (ra,)).fetchone() == store.execute(cluster, (rb,)).fetchone()
    assert store.execute(cluster, (da,)).fetchone() != store.execute(cluster, (db,)).fetchone()
    decisions = [tuple(r) for r in store.execute(
        "SELECT decision, reviewer FROM dedup_decisions ORDER BY id")]
    assert decisions == [("same", "alice"), ("different", "bob")]


def _versions(store):
    return dict(store.execute("SELECT record_id, version FROM dedup_keys").fetchall())


def test_the_cache_is_remade_when_the_rules_version_changes(twins, monkeypatch):
    records = [r for rs in generate_corpus(120, seed=7).values() for r in rs]
    first, second = records[:-20], records[-20:]
    ids = twins.add(first)
    twins.run()
    version = keycache.keys_version(DedupSettings())
    assert _versions(twins.cached) == dict.fromkeys(ids, version)
    monkeypatch.setattr(keycache, "RULES_VERSION", "next")
    ids += twins.add(second)
    twins.run()
    remade = keycache.keys_version(DedupSettings())
    assert remade != version and remade.startswith("next:")
    assert _versions(twins.cached) == dict.fromkeys(ids, remade)
    twins.assert_same()


def test_the_cache_follows_the_settings_it_depends_on_and_only_those(twins, monkeypatch):
    records = [r for rs in generate_corpus(120, seed=8).values() for r in rs]
    twins.add(records[:-30])
    twins.run()
    before = _versions(twins.cached)
    # Thresholds and the block cap act after the cache: the rows stay, results agree.
    other = DedupSettings(title_review=0.8, max_block=8)
    twins.add(records[-30:-15])
    twins.run(other)
    assert {k: v for k, v in _versions(twins.cached).items() if k in before} == before
    twins.assert_same()
    # A setting listed in KEY_SETTINGS stamps the rows: changing it remakes every row.
    monkeypatch.setattr(keycache, "KEY_SETTINGS", ("max_block",))
    twins.add(records[-15:])
    twins.run(DedupSettings(max_block=9))
    assert set(_versions(twins.cached).values()) == {
        keycache.keys_version(DedupSettings(max_block=9))}
    twins.assert_same()


def test_a_changed_or_missing_cache_row_is_made_again(twins):
    records = [r for rs in generate_corpus(120, seed=9).values() for r in rs]
    ids = twins.add(records[:-10])
    twins.run()
    # A record edited after dedup loses its cached keys (trigger), and half the
    # rows are gone as after an upgrade: the next run makes them again.
    twins.both(lambda s: s.execute("UPDATE records SET title = 'Edited' WHERE id = ?",
                                   (ids[0],)))
    assert ids[0] not in _versions(twins.cached)
    twins.cached.execute("DELETE FROM dedup_keys WHERE record_id % 2 = 0")
    ids += twins.add(records[-10:])
    twins.run()
    assert set(_versions(twins.cached)) == set(ids)
    title = twins.cached.execute("SELECT title FROM dedup_keys WHERE record_id = ?",
                                 (ids[0],)).fetchone()[0]
    assert title == "edited"
    twins.assert_same()


def test_a_new_record_without_any_key_becomes_a_singleton(twins):
    records = [r for rs in generate_corpus(60, seed=10).values() for r in rs]
    twins.add(records)
    twins.run()
    blank = twins.add([Record(database="embase")])[0]
    summary, _counts = twins.run()
    assert summary.new_records == 1 and summary.pairs_merged == 0
    members = twins.cached.execute("SELECT rule FROM cluster_members WHERE record_id = ?",
                                   (blank,)).fetchone()
    assert tuple(members) == ("singleton",)
    twins.assert_same()
