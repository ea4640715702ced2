"""The pair review at 80x24: what decides a pair is above the fold, the rest scrolls, ? helps."""

from __future__ import annotations

import asyncio

import pytest
from dedup_fixtures import add, load_pairs

from litsearch.dedup import run_dedup
from litsearch.dedup.queue import differing_fields, explain
from litsearch.tui.dedup_review import KeysHelp, make_app

CASES = {c["case"]: c for c in load_pairs()}
SMALL, LARGE = (80, 24), (160, 45)


def _seed(store) -> None:
    add(store, [CASES[k][x] for k in ("pages-in-volume", "volume") for x in ("a", "b")])
    run_dedup(store)


async def _visible(app) -> str:
    lines = app.screen._compositor.render_strips()  # the screen as composed
    return "\n".join(line.text for line in lines)


def _words(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_reason_and_differing_fields_are_above_the_fold_at_80x24(store):
    _seed(store)

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause(0.2)
            pair = app.current
            shown = await _visible(app)
            differ = differing_fields(pair.a, pair.b)
            await pilot.press("q")
        return shown, pair, differ

    shown, pair, differ = asyncio.run(scenario())
    assert "Why queued" in shown and "Differs" in shown
    assert _words(explain(pair.rule))[:40] in _words(shown)
    # Every differing field's row, and the DOI row, are on the first screen.
    rows = [line.split()[1] for line in shown.splitlines() if len(line.split()) > 1]
    assert differ
    for label in ("DOI", "PMID"):
        assert label in rows, (label, shown)
    assert "≠" in shown


def test_arrows_page_keys_home_end_scroll_the_pair(store):
    _seed(store)

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause(0.2)
            pane = app.query_one("#pair")
            assert pane.max_scroll_y > 0  # the abstract is below the fold at 80x24
            seen = [pane.scroll_y]
            for key in ("down", "pagedown", "end", "up", "pageup", "home"):
                await pilot.press(key)
                await pilot.pause(0.05)
                seen.append(pane.scroll_y)
            end_text = await _visible(app)
            await pilot.press("q")
        return seen, pane.max_scroll_y, end_text

    seen, bottom, _ = asyncio.run(scenario())
    assert seen[0] == 0
    assert seen[1] == 1 and seen[2] > seen[1]
    assert seen[3] == bottom
    assert seen[4] == bottom - 1 and seen[5] < seen[4]
    assert seen[6] == 0


def test_question_mark_shows_help_and_any_key_closes_it(store):
    _seed(store)

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("question_mark")
            opened = isinstance(app.screen, KeysHelp)
            text = await _visible(app)
            await pilot.press("x")
            closed = not isinstance(app.screen, KeysHelp)
            await pilot.press("q")
        return opened, text, closed

    opened, text, closed = asyncio.run(scenario())
    assert opened and closed
    assert "same work" in text and "scroll the pair" in text and "Tab" in text


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_snapshot_pair_review(store, snap_compare, size):
    _seed(store)
    assert snap_compare(make_app(store, "alice"), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_snapshot_pair_review_help(store, snap_compare, size):
    _seed(store)
    assert snap_compare(make_app(store, "alice"), terminal_size=size, press=["question_mark"])


def test_tab_moves_focus_between_the_pair_and_the_panel_above_it(store):
    _seed(store)

    async def scenario():
        app = make_app(store, "alice")
        seen = []
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause(0.2)
            pair = app.query_one("#pair")
            seen.append(app.focused.id)
            await pilot.press("tab")
            seen.append(app.focused.id)
            await pilot.press("down", "pagedown")  # the panel has focus: the pair stays
            seen.append(pair.scroll_y)
            await pilot.press("tab")
            seen.append(app.focused.id)
            await pilot.press("down")
            seen.append(pair.scroll_y)
            await pilot.press("shift+tab")
            seen.append(app.focused.id)
            await pilot.press("q")
        return seen

    assert asyncio.run(scenario()) == ["pair", "why", 0, "pair", 1, "why"]
