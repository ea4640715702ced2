"""Live team progress in the screening app (a review.db: polled from a thread)."""

from __future__ import annotations

import time

from pilot_helpers import screen_text as _text
from pilot_helpers import until as _until

from litsearch.screening.decisions import record_decision
from litsearch.store import Store

SIZE = (120, 40)


async def test_another_reviewers_decision_shows_in_the_team_panel(build_app, screening_review,
                                                                  monkeypatch):
    monkeypatch.setattr("litsearch.tui.live.POLL_SECONDS", 0.3)
    project, ids = screening_review
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert "alice (you): 1 decided" in _text(app, "#team")
        assert "bob" not in _text(app, "#team")
        # bob, on another machine: another connection to the same review.
        with Store(project.db_path) as other:
            record_decision(other, ids[0], "title-abstract", "bob", "exclude")
        assert await _until(pilot, lambda: "bob: 1 decided" in _text(app, "#team"))
        assert await _until(pilot, lambda: "conflicts: 1 (1 new)" in _text(app, "#team"))
        started = time.monotonic()
        await pilot.press("i")  # a key is never held up by the thread's reading
        assert time.monotonic() - started < 1.0
        assert "alice (you): 2 decided" in _text(app, "#team")
    with Store(project.db_path) as store:
        client_ids = [r[0] for r in store.execute(
            "SELECT client_id FROM decisions WHERE reviewer = 'alice' ORDER BY id")]
    assert len(client_ids) == 2 and all(len(c) == 36 for c in client_ids)
    assert len(set(client_ids)) == 2


async def test_a_blind_reviewer_sees_counts_only(build_app, screening_review, monkeypatch):
    monkeypatch.setattr("litsearch.tui.live.POLL_SECONDS", 0.3)
    project, ids = screening_review
    app = build_app(blind=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        with Store(project.db_path) as other:
            record_decision(other, ids[0], "title-abstract", "bob", "exclude",
                            reason="not about meaning-making")
        assert await _until(pilot, lambda: "bob: 1 decided" in _text(app, "#team"))
        await pilot.press("u")  # back on the record bob excluded
        team, others = _text(app, "#team"), _text(app, "#others")
        assert "conflicts hidden while screening blind" in team
        assert "conflicts:" not in team
        for shown in (team, others):
            assert "exclude" not in shown and "meaning-making" not in shown


def test_stopping_the_live_thread_waits_until_its_connection_is_closed(screening_review):
    from litsearch.tui.live import LiveProgress

    project, _ids = screening_review
    readings = []
    live = LiveProgress(project.db_path, "title-abstract", readings.append, lambda: None,
                        lambda call, *args: call(*args), interval=0.2)
    live.start()
    end = time.monotonic() + 10
    while not readings and time.monotonic() < end:
        time.sleep(0.05)
    live.stop()
    assert readings and not live._thread.is_alive()
