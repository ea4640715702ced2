"""Screening-app rough edges a newcomer hit (issue 18): each test fails without its fix."""

from __future__ import annotations

from textual import events

from litsearch.screening.conflicts import resolve_conflict
from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import record_decision
from litsearch.screening.session import ScreeningSession
from litsearch.store import Store

SIZE = (120, 40)


def _events(project):
    with Store(project.db_path) as store:
        return [tuple(r) for r in store.execute(
            "SELECT record_id, reviewer, decision, reason FROM decisions ORDER BY id")]


def _text(app, selector):
    return str(app.screen.query_one(selector).render())


async def test_no_match_is_a_plain_message_and_the_next_key_goes_through(build_app,
                                                                          screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("/", *"qqq", "enter")
        await pilot.pause()
        # No modal in the way: the next / opens the search prompt at once.
        assert "ScreeningError" not in str(app.screen.query("*"))
        await pilot.press("/", *"wijk", "enter")
        assert f"#{ids[3]}" in _text(app, "#record")
        titles = [n.title for n in app._notifications]
        assert "ScreeningError" not in titles and "No match" in titles


async def test_after_a_search_hit_screening_goes_back_where_the_reviewer_was(build_app,
                                                                             screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")  # ids[0] done, ids[1] on screen
        assert f"#{ids[1]}" in _text(app, "#record")
        await pilot.press("/", *f"#{ids[2]}", "enter")
        assert f"#{ids[2]}" in _text(app, "#record")
        await pilot.press("m")  # decide the hit: back to ids[1], not on to ids[3]
        assert f"#{ids[1]}" in _text(app, "#record")
        await pilot.press("i")
    assert [e[0] for e in _events(project)] == [ids[0], ids[2], ids[1]]


async def test_undo_updates_the_review_wide_counter(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert "review: 1 screened / 3 left" in _text(app, "#status")
        await pilot.press("u")
        assert "review: 0 screened / 4 left" in _text(app, "#status")


async def test_revisiting_a_record_shows_my_earlier_decision(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "2")
        await pilot.press("/", *f"#{ids[0]}", "enter")
        await pilot.pause()
        # On the screen as drawn at 80x24, not below the abstract out of sight.
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert f"#{ids[0]}" in shown
        assert "Your decision: exclude (not about" in shown and "meaning-making)" in shown


async def test_a_resolution_is_shown_as_a_resolution_not_as_a_vote(screening_review):
    project, ids = screening_review
    with Store(project.db_path) as store:
        criteria = load_criteria(project.criteria_path)
        record_decision(store, ids[0], "title-abstract", "bob", "include")
        record_decision(store, ids[0], "title-abstract", "carol", "exclude",
                        reason="wrong population")
        resolve_conflict(store, criteria, ids[0], "title-abstract", "include", None, "dave")
    from litsearch.tui.app import make_app

    app = make_app(project.root, reviewer="alice", order="file")
    async with app.run_test(size=SIZE):
        others = _text(app, "#others")
    assert "dave" in others and "resolved" in others.lower()
    assert "bob" in others and "carol" in others
    # For dave himself, the resolution is not shown as a screening vote of his.
    with Store(project.db_path) as store:
        session = ScreeningSession(store, criteria, "title-abstract", "dave")
        session.current = ids[0]
        assert session.my_decision() == "include, as the resolution of a conflict"


async def test_e_and_a_digit_in_the_same_instant_keep_the_digit(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        # A fast typist: both keys reach the app before it has drawn the reason picker.
        for key in ("e", "3"):
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.press("e", "3")
        await pilot.pause()
    assert _events(project) == [(ids[0], "alice", "exclude", "no practice or instrument"),
                                (ids[1], "alice", "exclude", "no practice or instrument")]


async def test_decided_list_filters_opens_and_changes_a_decision(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "e", "1", "m")  # ids[3] on screen
        await pilot.press("l")
        listed = app.screen.query_one("#decided-list")
        assert listed.option_count == 3
        await pilot.press("e")  # only excludes
        assert listed.option_count == 1
        assert listed.get_option_at_index(0).id == str(ids[1])
        await pilot.press("a", "r")  # all, then the first reason used
        assert listed.option_count == 1
        await pilot.press("i")
        assert listed.option_count == 1 and listed.get_option_at_index(0).id == str(ids[0])
        await pilot.press("e", "enter")
        assert f"#{ids[1]}" in _text(app, "#record")
        assert "Your decision: exclude (wrong population)" in _text(app, "#record")
        await pilot.press("i")  # changed; screening goes on where it was
        assert f"#{ids[3]}" in _text(app, "#record")
    assert _events(project)[-1] == (ids[1], "alice", "include", None)
