"""Blocking finds every pair that shares a key, and only new pairs on incremental runs."""

from __future__ import annotations

from itertools import combinations

from dedup_fixtures import load_pairs

from litsearch.dedup import blocking
from litsearch.dedup.blocking import BLOCK_KEYS, BlockReport, block_keys, candidate_pairs
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


def _one_key_pairs(monkeypatch, prepared, column, cap, new=None):
    """Pairs through one blocking key alone, and the report of what its cap left out."""
    monkeypatch.setattr(blocking, "BLOCK_KEYS", (BLOCK_KEYS[column],))
    report = BlockReport()
    keys = [block_keys(p) for p in prepared]
    pairs = {tuple(p) for p in candidate_pairs(keys, new=new, max_block=cap,
                                                report=report).tolist()}
    monkeypatch.setattr(blocking, "BLOCK_KEYS", BLOCK_KEYS)
    return pairs, report


def test_pairs_a_split_block_does_not_give_are_counted_per_key(monkeypatch):
    # Titles from a few templates fill author-year and title blocks far over a cap of 12.
    records = [r for rs in generate_corpus(400, seed=2).values() for r in rs]
    prepared = [prepare(r) for r in records]
    new = [i % 7 == 0 for i in range(len(prepared))]
    counted = 0
    for column, (name, key) in enumerate(BLOCK_KEYS):
        sharing = {(i, j) for i, j in combinations(range(len(prepared)), 2)
                   if key(prepared[i]) and key(prepared[i]) == key(prepared[j])}
        for flags in (None, new):
            pairs, report = _one_key_pairs(monkeypatch, prepared, column, 12, flags)
            wanted = {p for p in sharing if flags is None or flags[p[0]] or flags[p[1]]}
            assert pairs <= wanted
            assert report.unpaired[name] == len(wanted - pairs)
            assert (report.split[name] > 0) == (report.unpaired[name] > 0)
            counted += report.unpaired[name]
    assert counted > 0


def test_a_block_of_identical_records_over_the_cap_is_reported_not_dropped_silently():
    base = load_pairs()[0]["a"]
    report, keys = BlockReport(), block_keys(prepare(base))
    assert len(candidate_pairs([keys] * 120, max_block=50, report=report)) == 0
    filled = [name for (name, _key), value in zip(BLOCK_KEYS, keys.values, strict=True) if value]
    assert len(filled) >= 3
    for name in filled:
        assert (report.unpaired[name], report.left_out[name]) == (120 * 119 // 2, 120)


def test_the_report_marks_exactly_the_records_in_a_block_over_the_cap():
    # Brute force: a record is in a block over the cap when, under some key, more than
    # `cap` records share its value; an incremental run marks only its new records.
    records = [r for rs in generate_corpus(400, seed=2).values() for r in rs]
    prepared = [prepare(r) for r in records]
    keys = [block_keys(p) for p in prepared]
    new = [i % 7 == 0 for i in range(len(keys))]
    marked = 0
    for cap in (4, 12, 50):
        big = set()
        for column in range(len(BLOCK_KEYS)):
            sizes: dict[str, int] = {}
            for k in keys:
                if k.values[column]:
                    sizes[k.values[column]] = sizes.get(k.values[column], 0) + 1
            big |= {i for i, k in enumerate(keys)
                    if k.values[column] and sizes[k.values[column]] > cap}
        for flags in (None, new):
            report = BlockReport()
            pairs = candidate_pairs(keys, new=flags, max_block=cap, report=report)
            wanted = big if flags is None else {i for i in big if flags[i]}
            assert set(report.in_split.nonzero()[0].tolist()) == wanted
            assert report.records_split == len(wanted)
            assert report.pairs == len(pairs)
        marked += len(big)
    assert marked > 0
