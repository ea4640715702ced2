"""Blocking finds every pair that shares a key, and only new pairs on incremental runs."""

from __future__ import annotations

from itertools import combinations

from dedup_fixtures import load_pairs

from litsearch.dedup.blocking import BLOCK_KEYS, candidate_pairs
from litsearch.dedup.normalise import prepare


def _naive(prepared):
    found = set()
    for _name, key in BLOCK_KEYS:
        for i, j in combinations(range(len(prepared)), 2):
            if key(prepared[i]) and key(prepared[i]) == key(prepared[j]):
                found.add((i, j))
    return found


def test_candidate_pairs_match_a_naive_all_pairs_scan():
    records = [c[k] for c in load_pairs() for k in ("a", "b")]
    prepared = [prepare(r) for r in records]
    pairs = {tuple(p) for p in candidate_pairs(prepared, max_block=1000).tolist()}
    assert pairs == _naive(prepared)
    assert len(pairs) >= len(load_pairs()) - 3


def test_incremental_blocking_only_returns_pairs_with_a_new_record():
    records = [c[k] for c in load_pairs() for k in ("a", "b")]
    prepared = [prepare(r) for r in records]
    new = [i % 2 == 1 for i in range(len(records))]
    pairs = {tuple(p) for p in candidate_pairs(prepared, new=new).tolist()}
    full = {tuple(p) for p in candidate_pairs(prepared).tolist()}
    assert pairs == {(i, j) for i, j in full if new[i] or new[j]}


def test_oversized_blocks_are_split_not_compared_all_by_all():
    base = load_pairs()[0]["a"]
    prepared = [prepare(base) for _ in range(120)]
    pairs = candidate_pairs(prepared, max_block=50)
    # 120 identical records cannot be split by title: the block is dropped, not exploded.
    assert len(pairs) < 120 * 119 // 2
