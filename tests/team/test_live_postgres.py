"""Live team progress on PostgreSQL: a decision from any connection is shown within seconds."""

from __future__ import annotations

import os
import time

from pilot_helpers import screen_text as _text
from pilot_helpers import until as _until

from litsearch.project import Project
from litsearch.screening.decisions import record_decision
from litsearch.store import Store
from litsearch.tui.app import make_app

SIZE = (120, 40)


async def test_a_decision_from_another_connection_is_shown_within_seconds(
        pg_admin, tmp_path, seeded_units, monkeypatch):
    # Full readings once a minute: only the look at the decisions' mark (every second) can
    # bring the update within seconds. Bob's write is a plain record_decision: nothing in
    # it tells the app (no NOTIFY), as with any other writer (the CLI, an import).
    monkeypatch.setattr("litsearch.tui.live.POLL_SECONDS", 60.0)
    project = Project.create(tmp_path / "review", title="Live", reviewers=["alice", "bob"])
    ids = seeded_units(project.store, 6)
    project.close()
    app = make_app(project.root, reviewer="alice")  # relevance order: ranked on this server
    async with app.run_test(size=SIZE) as pilot:
        assert await _until(pilot, lambda: app.screen.team.live.readings >= 1)
        first = app.session.current
        await pilot.press("i")
        assert "bob" not in _text(app, "#team")
        with Store(os.environ["LITSEARCH_DATABASE_URL"]) as other:  # bob's litsearch
            record_decision(other, first, "title-abstract", "bob", "exclude")
            started = time.monotonic()
        assert await _until(pilot, lambda: "bob: 1 decided" in _text(app, "#team"))
        assert time.monotonic() - started < 5
        assert await _until(pilot, lambda: "conflicts: 1 (1 new)" in _text(app, "#team"))
        # The relevance ranking reads its texts from the server too.
        assert await _until(pilot, lambda: app.screen.ranker.fits >= 1, seconds=60)
    assert len(ids) == 6
