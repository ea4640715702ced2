"""Fault tests: the review server goes away in the middle of a screening session.

The app (under Pilot, connected as a reviewer) must say the connection was lost, keep
the decisions keyed meanwhile, write them when the server is back, and leave exactly
one row per keyed decision. The restart test stops a server of its own (stopping the
shared test server would break the tests running beside it); the cheaper test ends the
app's connections with pg_terminate_backend on the shared server.
"""

from __future__ import annotations

import functools
import os

import psycopg
import pytest
from pilot_helpers import screen_text as _text
from pilot_helpers import until

from litsearch.errors import ConnectionLostError
from litsearch.project import Project
from litsearch.store import Store
from litsearch.store.team import add_member
from litsearch.tui.app import make_app

#: A restarted server can take a while to answer again on a busy machine.
_until = functools.partial(until, seconds=30.0)

SIZE = (120, 40)


def _review(root, url, name, seeded_units, n=8):
    """A review at ``url`` with ``n`` records and ``name`` as a reviewer; its ids."""
    with Store(url) as admin:
        ids = seeded_units(admin, n)
        add_member(admin, name, "reviewer")
    Project.create(root, title="Fault test", reviewers=[name]).close()
    return ids


def _spy(app, monkeypatch):
    said: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return real(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return said


def _written(url):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT record_id, reviewer, decision, client_id FROM decisions "
                            "ORDER BY id").fetchall()


async def test_server_restart_mid_session_loses_and_doubles_nothing(
        private_server, tmp_path, tag, seeded_units, monkeypatch):
    url = private_server.url.rsplit("/", 1)[0] + "/review"
    with psycopg.connect(private_server.url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE review")
    alice = f"alice_{tag}"
    ids = _review(tmp_path / "review", url, alice, seeded_units)
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("litsearch.tui.live.POLL_SECONDS", 0.5)
    app = make_app(tmp_path / "review", order="file")
    said = _spy(app, monkeypatch)
    journal = app.session.outbox.journal
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "i")
        assert len(_written(url)) == 2
        private_server.halt()
        await pilot.press("m", "i")
        status = _text(app, "#status")
        assert "connection to the review server lost; 2 decisions kept here, retrying" \
            in status
        assert any("connection to the review server lost" in s for s in said)
        assert len(journal.read_text(encoding="utf-8").splitlines()) == 2
        assert f"#{ids[4]}" in _text(app, "#record")  # screening goes on, read in advance
        private_server.resume()
        assert await _until(pilot, lambda: not len(app.session.outbox)
                            and not app.session.offline)
        assert await _until(pilot, lambda: any("Back in touch" in s for s in said))
        await pilot.press("i")  # written at once again
        assert "connection to the review server lost" not in _text(app, "#status")
    rows = _written(url)
    assert [(r[0], r[2]) for r in rows] == [(ids[0], "include"), (ids[1], "include"),
                                            (ids[2], "maybe"), (ids[3], "include"),
                                            (ids[4], "include")]
    assert {r[1] for r in rows} == {alice}
    assert len({r[3] for r in rows}) == 5  # five keys, five client ids, five rows
    assert not journal.exists()


async def test_terminated_connections_are_taken_up_again(pg_admin, tmp_path, tag,
                                                         seeded_units, monkeypatch):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    alice = f"alice_{tag}"
    ids = _review(tmp_path / "review", url, alice, seeded_units)
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    app = make_app(tmp_path / "review", order="file")
    said = _spy(app, monkeypatch)
    database = url.rsplit("/", 1)[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "e", "enter")
        with psycopg.connect(pg_admin, autocommit=True) as admin:
            ended = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM "
                                  "pg_stat_activity WHERE datname = %s AND usename = %s",
                                  (database, alice)).fetchone()[0]
        assert ended >= 2  # the app's own and its live-progress thread's
        await pilot.press("m", "i", "i")
        # The live-progress thread finds its connection ended at its next look (a second).
        assert await _until(pilot, lambda: any("connection to the review server lost" in s
                                               for s in said))
        assert await _until(pilot, lambda: not len(app.session.outbox)
                            and not app.session.offline)
    rows = _written(url)
    assert [(r[0], r[2]) for r in rows] == [(ids[0], "include"), (ids[1], "exclude"),
                                            (ids[2], "maybe"), (ids[3], "include"),
                                            (ids[4], "include")]
    assert len({r[3] for r in rows}) == 5


def test_a_command_that_loses_its_connection_fails_in_one_line(pg_admin, project, seeded_units):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    database = url.rsplit("/", 1)[1]
    seeded_units(project.store, 1)
    project.close()
    with pytest.raises(ConnectionLostError) as caught:
        with Project.open(project.root) as opened:
            pid = opened.store.execute("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(pg_admin, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            opened.store.execute("SELECT count(*) FROM records").fetchone()
    text = str(caught.value)
    assert text.startswith(f"lost the connection to the review database {url}") \
        or "stopped the connection" in text
    assert "\n" not in text and database in text
    # The next statement connects again by itself.
    with Project.open(project.root) as again:
        assert again.store.execute("SELECT count(*) FROM records").fetchone()[0] == 1
