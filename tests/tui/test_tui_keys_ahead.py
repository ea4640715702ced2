"""Keys typed faster than the app draws decide the records in the order shown.

A terminal hands the app a burst of keys at once when the reviewer types ahead (or the
machine is busy): here they are posted to the app in one go, with no pause between them
for the app to draw, as the pseudo-terminal test types them (test_tui_typed_ahead.py).
"""

from __future__ import annotations

from textual import events

from litsearch.store import Store

SIZE = (120, 40)


def _decisions(project) -> list[tuple[int, str, str | None]]:
    with Store(project.db_path) as store:
        return [tuple(r) for r in store.execute(
            "SELECT record_id, decision, reason FROM decisions ORDER BY id")]


def _burst(app, keys: str) -> None:
    """Post every key to the app at once, as the terminal driver does with typed-ahead
    keys (``pilot.press`` waits for the app between keys; a student does not)."""
    for key in keys:
        app.post_message(events.Key(key, key))


async def _settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause()


async def test_a_burst_of_include_exclude_keys_lands_in_order(build_app, screening_review):
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        _burst(app, "ie1ie2")
        await _settle(pilot)
    assert _decisions(project) == [
        (ids[0], "include", None), (ids[1], "exclude", "wrong population"),
        (ids[2], "include", None), (ids[3], "exclude", "not about meaning-making")]


async def test_a_reason_typed_with_e_excludes_the_record_shown_at_e(build_app,
                                                                   screening_review):
    """A refresh between ``e`` and its reason (a ranking or team update redraws the
    screen) does not change which record the exclusion is for."""
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        _burst(app, "e")
        await _settle(pilot)
        screen.session.current = ids[2]  # e.g. a hand-over that moved the shown record
        screen.refresh_view()
        _burst(app, "2m")
        await _settle(pilot)
    assert _decisions(project)[0] == (ids[0], "exclude", "not about meaning-making")
