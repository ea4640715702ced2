"""Pilot tests of the side-by-side review app: key presses land in dedup_decisions."""

from __future__ import annotations

import asyncio

from dedup_fixtures import add, load_pairs

from litsearch.dedup import review_queue, run_dedup
from litsearch.tui.dedup_review import highlight, make_app

CASES = {c["case"]: c for c in load_pairs()}


def _decisions(store):
    return [tuple(r) for r in store.execute(
        "SELECT record_a, record_b, decision, reviewer FROM dedup_decisions ORDER BY id")]


def _seed(store):
    ids = add(store, [CASES[k][x] for k in ("pages-in-volume", "volume") for x in ("a", "b")])
    run_dedup(store)
    return [tuple(sorted((p.record_a, p.record_b))) for p in review_queue(store)], ids


def test_keys_store_same_different_and_undo(store):
    queue, _ids = _seed(store)
    assert len(queue) == 2

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=(140, 40)) as pilot:
            first = (app.current.record_a, app.current.record_b)
            await pilot.press("s")
            second = (app.current.record_a, app.current.record_b)
            await pilot.press("d")
            assert app.current is None
            await pilot.press("u")
            assert (app.current.record_a, app.current.record_b) == second
            await pilot.press("q")
        return first, second

    first, second = asyncio.run(scenario())
    assert {first, second} == set(queue)
    assert _decisions(store) == [(*first, "same", "alice"), (*second, "different", "alice"),
                                 (*second, "undo", "alice")]
    assert [(p.record_a, p.record_b) for p in review_queue(store)] == [second]


def test_skip_leaves_pair_waiting(store):
    queue, _ids = _seed(store)

    async def scenario():
        app = make_app(store, "bob")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("k")
            await pilot.press("space")
            assert app.current is None
            await pilot.press("q")

    asyncio.run(scenario())
    assert _decisions(store) == []
    assert len(review_queue(store)) == len(queue)


def test_differences_are_highlighted():
    text = highlight("Effects of incretin on beta cells", "The effects of incretin on alpha cells")
    marked = [text.plain[s.start:s.end] for s in text.spans if s.style]
    assert marked == ["beta"]


def test_status_line_says_why_the_pair_waits(store):
    _seed(store)

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=(200, 40)) as pilot:
            text = str(app.query_one("#status").render())
            await pilot.press("q")
        return text

    assert "would merge (" in asyncio.run(scenario())
