"""Blocking finds every pair that shares a key, and only new pairs on incremental runs."""

from __future__ import annotations

from itertools import combinations

from dedup_fixtures import load_pairs

from litsearch.dedup.blocking import BLOCK_KEYS, block_keys, candidate_pairs
from litsearch.dedup.normalise import prepare
from litsearch.synth import generate_corpus


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
    keys = [block_keys(p) for p in prepared]
    pairs = {tuple(p) for p in candidate_pairs(keys, max_block=1000).tolist()}
    assert pairs == _naive(prepared)
    assert len(pairs) >= len(load_pairs()) - 3


def test_incremental_blocking_only_returns_pairs_with_a_new_record():
    records = [c[k] for c in load_pairs() for k in ("a", "b")]
    prepared = [prepare(r) for r in records]
    new = [i % 2 == 1 for i in range(len(records))]
    keys = [block_keys(p) for p in prepared]
    pairs = {tuple(p) for p in candidate_pairs(keys, new=new).tolist()}
    full = {tuple(p) for p in candidate_pairs(keys).tolist()}
    assert pairs == {(i, j) for i, j in full if new[i] or new[j]}


def test_oversized_blocks_are_split_not_compared_all_by_all():
    base = load_pairs()[0]["a"]
    pairs = candidate_pairs([block_keys(prepare(base))] * 120, max_block=50)
    # 120 identical records cannot be split by title: the block is dropped, not exploded.
    assert len(pairs) < 120 * 119 // 2


def test_blocking_a_neighbourhood_gives_the_pairs_of_blocking_everything():
    # Titles from a few templates make blocks far over the cap, split by longer prefixes
    # and endings: only the parts holding a new record may be formed, and exactly so.
    records = [r for rs in generate_corpus(400, seed=2).values() for r in rs]
    keys = [block_keys(prepare(r)) for r in records]
    new = [i % 37 == 0 for i in range(len(keys))]
    for cap in (4, 12, 50):
        every = candidate_pairs(keys, max_block=cap).tolist()
        full = [(i, j) for i, j in every if new[i] or new[j]]
        assert [tuple(p) for p in candidate_pairs(keys, new=new, max_block=cap).tolist()] == full
        shared = [{k.values[c] for k, n in zip(keys, new, strict=True) if n} - {""}
                  for c in range(len(BLOCK_KEYS))]
        near = [i for i, k in enumerate(keys)
                if new[i] or any(v in s for v, s in zip(k.values, shared, strict=True))]
        part = candidate_pairs([keys[i] for i in near], new=[new[i] for i in near],
                               max_block=cap)
        assert len(near) < len(keys)
        assert [(near[i], near[j]) for i, j in part.tolist()] == full
        assert len(full) > 0
