"""What lets dedup run over a million records: streamed records, chunked screening,
batched cluster writes. Each must give exactly what the whole-at-once path gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from dedup_fixtures import RULE_PAIRS, add, load_pairs

from litsearch.dedup import dedupe_records, membership, parallel, run_dedup, scoring
from litsearch.dedup import packed as packed_module
from litsearch.dedup.blocking import block_keys, candidate_pairs, prepared_pairs
from litsearch.dedup.match import classify, compare
from litsearch.dedup.normalise import name_key, prepare
from litsearch.dedup.packed import Packed
from litsearch.dedup.settings import DedupSettings
from litsearch.models import Author, Record
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


def _every_screened_pair(monkeypatch):
    monkeypatch.setattr(scoring, "_decidable", lambda view, pairs, sims, s: np.arange(len(pairs)))


def test_pairs_dropped_before_comparing_are_pairs_no_rule_keeps(monkeypatch):
    # Places in print (volume 12, page 345) recur across journals as records grow:
    # 4,869 records share some 130 that no title, identifier or translation backs.
    made = generate_corpus(3000, seed=5, messy=True)
    records = [r for db in sorted(made) for r in made[db]]
    prepared = [prepare(r) for r in records]
    pairs = prepared_pairs(prepared)
    view = scoring.scoring_columns(prepared)
    todo, sims = scoring._screen(view, pairs, DedupSettings(), -1)
    kept = scoring._decidable(view, pairs[todo], sims, DedupSettings())
    assert len(kept) < len(todo)
    fast = scoring.score_pairs(prepared, pairs, DedupSettings())
    _every_screened_pair(monkeypatch)
    assert scoring.score_pairs(prepared, pairs, DedupSettings()) == fast


@pytest.mark.parametrize("case", load_pairs(RULE_PAIRS), ids=lambda c: c["case"])
def test_real_rule_pairs_score_the_same_with_or_without_the_drop(case, monkeypatch):
    # A translated title, a lost subtitle, an identifier: each decides below the title floor.
    prepared = [prepare(case["a"]), prepare(case["b"])]
    pairs = np.array([[0, 1]])
    fast = scoring.score_pairs(prepared, pairs, DedupSettings())
    _every_screened_pair(monkeypatch)
    assert scoring.score_pairs(prepared, pairs, DedupSettings()) == fast


def test_records_prepared_in_worker_processes_equal_records_prepared_here(corpus, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 40)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    sent = []

    class Counting(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            sent.append(len(args[0]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counting)
    read = []

    def stream():
        for record in corpus:
            read.append(1)
            yield record

    assert list(parallel.prepare_many(stream(), processes=2)) == [prepare(r) for r in corpus]
    assert len(read) == len(corpus) and sum(sent) == len(corpus) and max(sent) == 7
    sent.clear()
    assert list(parallel.prepare_many(corpus[:39], processes=2)) == [
        prepare(r) for r in corpus[:39]]
    assert sent == []  # too few to start workers for


def _scored_on_workers(monkeypatch, prepared, pairs, chunk):
    """score_many's results and the parts it sent, forced onto two workers."""
    monkeypatch.setattr(parallel, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(scoring, "SCREEN_CHUNK", chunk)
    monkeypatch.setattr(packed_module, "PACK_CHUNK", 64)
    sent, done = [], []

    class Counting(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            sent.append(args)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counting)
    results = parallel.score_many(prepared, pairs, DedupSettings(), processes=2,
                                  progress=lambda d, total: done.append((d, total)))
    assert sent == [(k, min(k + chunk, len(pairs))) for k in range(0, len(pairs), chunk)]
    assert done[-1] == (len(pairs), len(pairs)) and len(done) == len(sent)
    assert parallel._SCORING is None  # the records are not kept for the next run
    return results


def test_pairs_scored_on_worker_processes_equal_pairs_scored_here(monkeypatch):
    # A real-shaped corrupted corpus (4,869 records): merges, review pairs and vetoes.
    made = generate_corpus(3000, seed=5, messy=True)
    prepared = [prepare(r) for db in sorted(made) for r in made[db]]
    pairs = prepared_pairs(prepared)
    here = scoring.score_pairs(prepared, pairs, DedupSettings())
    assert {r.outcome for r in here} == {"merged", "review", "distinct"}
    assert _scored_on_workers(monkeypatch, prepared, pairs, 997) == here
    parallel.score_many(prepared, pairs, DedupSettings(), processes=2, consume=True)
    assert prepared == []  # let go once packed


def test_packed_records_read_back_as_prepared(corpus, monkeypatch):
    monkeypatch.setattr(packed_module, "PACK_CHUNK", 50)
    prepared = [prepare(r) for r in corpus]
    packed = Packed(prepared)
    records, view = packed.records(), scoring.scoring_columns(prepared)
    assert len(packed.blobs) == -(-len(prepared) // 50)
    assert [records[i] for i in reversed(range(len(prepared)))] == prepared[::-1]
    consumed = list(prepared)
    again = Packed(consumed, consume=True).records()
    assert [again[i] for i in range(len(prepared))] == prepared
    assert consumed == []
    names = packed.columns.records
    assert [(n.title, list(n.authors), list(n.swapped)) for n in names] == [
        (p.title, list(p.authors), list(p.swapped)) for p in prepared]
    assert packed.columns.titles == view.titles and packed.columns.titles[0] is not view.titles[0]
    for got, want in zip(packed.columns.locators, view.locators, strict=True):
        assert got.tolist() == want.tolist()
    assert packed.columns.accession.tolist() == view.accession.tolist()
    assert packed.columns.translated.tolist() == view.translated.tolist()


def test_labelled_pairs_scored_on_worker_processes_equal_pairs_scored_here(monkeypatch):
    cases = load_pairs(RULE_PAIRS)
    prepared = [prepare(r) for case in cases for r in (case["a"], case["b"])]
    pairs = np.arange(len(prepared), dtype=np.int32).reshape(-1, 2)
    here = scoring.score_pairs(prepared, pairs, DedupSettings())
    assert len(here) > len(cases) // 2
    assert _scored_on_workers(monkeypatch, prepared, pairs, 5) == here


def test_a_run_prepared_and_scored_on_two_cores_clusters_as_on_one(corpus, monkeypatch):
    once = dedupe_records(corpus)
    with Store(":memory:") as store:
        add(store, corpus)
        run_dedup(store)
        stored = _stored(store)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 40)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(scoring, "SCREEN_CHUNK", 11)
    assert _partition(dedupe_records(corpus)) == _partition(once)
    with Store(":memory:") as store:
        add(store, corpus)
        run_dedup(store)
        assert _stored(store) == stored


def test_workers_leave_when_their_parent_is_killed(tmp_path):
    # A parent killed outright shuts no pool down: its workers must not wait for ever.
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from litsearch.dedup import parallel\n"
        "from litsearch.models import Record\n"
        "parallel.PARALLEL_MIN = 2\n"
        "def stream():\n"
        "    yield from (Record(title=f'A study {k}') for k in range(10))\n"
        "    print(' '.join(str(p.pid) for p in __import__('multiprocessing')"
        ".active_children()), flush=True)\n"
        "    time.sleep(60)\n"
        "    yield from ()\n"
        "for _ in parallel.prepare_many(stream(), processes=2):\n"
        "    pass\n", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    left = [p for p in workers if _alive(p)]
    for pid in left:  # a failing run leaves no stray process behind
        os.kill(pid, 9)
    assert left == []


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def test_screening_passes_compare_the_title_similarity_unrounded():
    # One group's two papers in one journal volume and year: titles 89.92 % alike, under
    # the 0.90 merge threshold. Rounded to a whole percent (90) they merged unseen.
    def paper(drug):
        return Record(title=f"Long-term outcomes of {drug} treatment in late-life depression",
                      authors=[Author(family="Swinton-Hale", initials="P")], year=2019,
                      journal="Journal of Affective Disorders", volume="245")

    prepared = [prepare(paper("lithium")), prepare(paper("sertraline"))]
    alone = classify(compare(*prepared), DedupSettings())
    assert 0.899 < compare(*prepared).title < 0.90 and alone[0] == "review"
    [result] = scoring.score_pairs(prepared, np.array([[0, 1]]), DedupSettings())
    assert (result.outcome, result.rule, result.score) == (alone[0], alone[1], round(alone[2], 3))


def test_every_scored_pair_is_decided_as_compare_decides_it_alone():
    made = generate_corpus(3000, seed=5, messy=True)
    prepared = [prepare(r) for db in sorted(made) for r in made[db]]
    results = scoring.score_pairs(prepared, prepared_pairs(prepared), DedupSettings())
    assert len(results) > 1000
    for r in results:
        outcome, rule, score = classify(compare(prepared[r.i], prepared[r.j]), DedupSettings())
        assert (r.outcome, r.rule, r.score) == (outcome, rule, round(score, 3))
