"""What lets dedup run over a million records: streamed records, chunked screening,
batched cluster writes. Each must give exactly what the whole-at-once path gives."""

from __future__ import annotations

import json

import pytest
from dedup_fixtures import add

from litsearch.dedup import dedupe_records, membership, run_dedup, scoring
from litsearch.dedup.blocking import block_keys, candidate_pairs, prepared_pairs
from litsearch.dedup.normalise import name_key, prepare
from litsearch.dedup.settings import DedupSettings
from litsearch.store import Store
from litsearch.synth import generate_corpus


@pytest.fixture(scope="module")
def corpus():
    made = generate_corpus(300, seed=5, messy=True)
    return [r for db in sorted(made) for r in made[db]]


def _partition(clusters):
    return sorted(sorted(c) for c in clusters)


def test_dedupe_records_reads_a_stream_once_and_clusters_as_from_a_list(corpus):
    read = []

    def stream():
        for record in corpus:
            read.append(1)
            yield record

    clusters = dedupe_records(stream())
    assert len(read) == len(corpus)
    assert sum(len(c) for c in clusters) == len(corpus)
    assert _partition(clusters) == _partition(dedupe_records(list(corpus)))
    assert any(len(c) > 1 for c in clusters)


def _results(corpus):
    prepared = [prepare(r) for r in corpus]
    pairs = candidate_pairs([block_keys(p) for p in prepared])
    return scoring.score_pairs(prepared, pairs, DedupSettings())


def test_pairs_screened_in_small_chunks_score_as_in_one(corpus, monkeypatch):
    whole = _results(corpus)
    monkeypatch.setattr(scoring, "SCREEN_CHUNK", 7)
    assert _results(corpus) == whole
    assert any(r.outcome == "merged" for r in whole)


def test_blocking_one_key_column_at_a_time_gives_the_pairs_of_all_keys_at_once(corpus):
    prepared = [prepare(r) for r in corpus]
    for cap in (3, 50):
        pairs = prepared_pairs(prepared, max_block=cap)
        expected = candidate_pairs([block_keys(p) for p in prepared], max_block=cap)
        assert pairs.tolist() == expected.tolist() and len(pairs) > len(corpus) // 2


def test_author_keys_made_on_demand_read_the_first_k_names_in_any_order():
    names = ["nguyen", "smith", "abbott", "zhou"]
    assert [name_key(names, k) for k in range(1, 5)] == [
        "nguyen", "nguyen smith", "abbott nguyen smith", "abbott nguyen smith zhou"]
    # Two lists of other lengths are compared over the shorter one, order-free.
    assert name_key(["smith", "nguyen", "okafor"], 2) == name_key(names, 2)


def _stored(store):
    rows = store.execute("SELECT c.representative_id, c.merged, m.record_id, m.rule "
                         "FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id "
                         "ORDER BY m.record_id").fetchall()
    return [(r[0], json.loads(r[1]), r[2], r[3]) for r in rows]


def test_clusters_written_in_batches_equal_clusters_written_at_once(corpus, monkeypatch):
    with Store(":memory:") as once, Store(":memory:") as batched:
        add(once, corpus)
        add(batched, corpus)
        run_dedup(once)
        monkeypatch.setattr(membership, "_WRITE_BATCH", 13)
        summary = run_dedup(batched)
        assert _stored(batched) == _stored(once)
        assert summary.duplicates > 0
        assert batched.execute("SELECT COUNT(*) FROM clusters").fetchone()[0] == summary.clusters
