"""A reviewer's app left open while ``litsearch team remove`` takes them off a PostgreSQL
review: the server refuses their next key, and the app said "your database role may not
do this ... permission denied for table decisions. Reviewers add their own decisions;
imports, dedup ... are for a lead" (they were adding their own decision); the README
promises "not on this review's team". The kept decisions set aside said the same."""

from __future__ import annotations

import os

from pilot_helpers import until

from litsearch.project import Project
from litsearch.screening.outbox import Pending
from litsearch.store import Store
from litsearch.store.team import add_member, revoke_member
from litsearch.tui.app import make_app


async def test_the_open_app_says_its_reviewer_is_off_the_team(
        pg_admin, tmp_path, tag, seeded_units, monkeypatch):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    alice, bob = f"alice_{tag}", f"bob_{tag}"
    project = Project.create(tmp_path / "review", title="Open app", reviewers=[alice, bob])
    seeded_units(project.store, 4)
    for name in (alice, bob):
        add_member(project.store, name, "reviewer")
    project.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{bob}@", 1))
    notices: list[str] = []
    app = make_app(project.root, order="file")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        shown = screen.notify
        monkeypatch.setattr(screen, "notify",
                            lambda message, **kw: (notices.append(str(message)),
                                                   shown(message, **kw)))
        with Store(url) as admin:
            revoke_member(admin, bob)
        await pilot.press("i")
        assert await until(pilot, lambda: bool(notices))
        unit = app.session.current
        refused = Pending.keyed(record_id=unit, stage="title-abstract", reviewer=bob,
                                decision="include", source="tui")
        try:
            refused.write(app.session.store)
        except Exception as exc:  # noqa: BLE001 - the message is what is checked
            kept_reason = str(exc)
    said = " ".join(notices)
    assert f"{bob} is not on this review's team" in said, said
    assert "are for a lead" not in said
    assert f"{bob} is not on this review's team" in kept_reason
