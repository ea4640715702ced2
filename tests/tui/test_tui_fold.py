"""The screening app at 80x24 and 160x45: it scrolls by keys, ? helps, the counts stay in view."""

from __future__ import annotations

import pytest

from litsearch.store import Store

SMALL, LARGE = (80, 24), (160, 45)


def _screen(app) -> str:
    return "\n".join(s.text for s in app.screen._compositor.render_strips())


def _long_abstract(project, record_id) -> None:
    with Store(project.db_path) as store:
        store.execute("UPDATE records SET abstract = ? WHERE id = ?",
                      (" ".join(f"Sentence {n} about spiritual care." for n in range(400)),
                       record_id))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
async def test_arrows_pages_home_end_scroll_the_record(build_app, screening_review, size):
    project, ids = screening_review
    _long_abstract(project, ids[0])
    app = build_app()
    async with app.run_test(size=size) as pilot:
        pane = app.screen.query_one("#record-pane")
        assert pane.max_scroll_y > 0
        seen = []
        for key in ("down", "pagedown", "end", "up", "pageup", "home"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(pane.scroll_y)
        bottom = pane.max_scroll_y
    assert seen[0] == 1 and seen[1] > 1
    assert seen[2] == bottom and seen[3] == bottom - 1 and seen[4] < seen[3]
    assert seen[5] == 0


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
async def test_question_mark_help_lists_every_key_and_closes(build_app, size):
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = _screen(app)
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("x")
        assert app.screen.__class__.__name__ == "ScreeningScreen"
    for words in ("include", "exclude", "undo", "search", "Home End", "PgUp PgDn"):
        assert words in shown, (words, shown)


async def test_review_counts_stay_in_view_at_80_columns(build_app):
    app = build_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("i")
        await pilot.pause()
        first_lines = " ".join(" ".join(_screen(app).splitlines()[:2]).split())
    assert "you: 1 done / 3 left" in first_lines
    assert "review: 1 screened / 3 left" in first_lines


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_snapshot_screening(build_app, snap_compare, size):
    assert snap_compare(build_app(), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_snapshot_screening_help(build_app, snap_compare, size):
    assert snap_compare(build_app(), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_snapshot_decided_list(build_app, snap_compare, size):
    assert snap_compare(build_app(), press=["i", "e", "1", "m", "l"], terminal_size=size)
