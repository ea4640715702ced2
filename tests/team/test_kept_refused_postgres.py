"""A kept decision the review server refuses for good does not hold back the later ones.

A reviewer screens (the app under Pilot, connected as a reviewer) while the server is
away; the app is closed with the decisions in its journal. Meanwhile a lead takes an
import back (``litsearch import --undo``) that brought records the reviewer decided, or
takes the reviewer off the team. When the app is opened again the refused decisions are
set aside, named in one line in the app and in ``litsearch status``, and the later
ones are written; a lost connection still only waits (tests/team/test_lost_connection_*).
"""

from __future__ import annotations

import functools
import threading

import psycopg
from pilot_helpers import screen_text as _text
from pilot_helpers import until

from litsearch.screening.outbox import refused_path
from litsearch.store import Store
from litsearch.store.team import add_member, group
from litsearch.tui import live
from litsearch.tui.app import make_app

_until = functools.partial(until, seconds=30.0)
SIZE = (120, 40)
RIS = ("TY  - JOUR\nTI  - Meaning making in outpatient care: {w}\nAU  - Smith, John\n"
       "PY  - 2020\nDO  - 10.1000/{w}\nER  - \n\n")


def _offline_session(private_server, tmp_path, tag, cli, monkeypatch):
    """A review of two imports; alice keys four decisions while the server is away.

    Returns (review folder, admin URL, alice's URL, the journal, record ids by run).
    """
    url = private_server.url.rsplit("/", 1)[0] + "/review"
    with psycopg.connect(private_server.url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE review")
    alice = f"alice_{tag}"
    alice_url = url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1)
    root = tmp_path / "review"
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)  # the lead sets the review up
    assert cli("init", str(root), "--title", "Kept decisions", "--reviewer", alice)[0] == 0
    for name, db, works in (("first.ris", "embase", "a1 a2"), ("second.ris", "psycinfo",
                                                                "b1 b2")):
        (tmp_path / name).write_text("".join(RIS.format(w=w) for w in works.split()),
                                     encoding="utf-8")
        assert cli("import", str(tmp_path / name), "--db", db, "--review", str(root))[0] == 0
    assert cli("dedup", "--review", str(root))[0] == 0
    with Store(url) as admin:
        add_member(admin, _role(alice_url), "reviewer")
        rows = admin.execute("SELECT id, search_run_id FROM records ORDER BY id").fetchall()
    runs = {run: [r[0] for r in rows if r[1] == run] for run in (1, 2)}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", alice_url)
    return root, url, alice_url, runs


async def _screen_offline(app, private_server):
    async with app.run_test(size=SIZE) as pilot:
        private_server.halt()
        await pilot.press("i", "m", "m", "i")  # a1, a2 (first import), b1, b2
        assert len(app.session.outbox) == 4
        stale = app.screen.team.reconnector._thread
    # The app is closed: its retry thread would end with the process; here it stays
    # behind in the test's process, so it is kept from writing (the journal is the point).
    real = live._open
    return lambda where: None if threading.current_thread() is stale else real(where)


async def _screen_offline_then_leave_the_team(root, url, alice_url, private_server,
                                              monkeypatch):
    """Alice keys her decisions with the server down; meanwhile the lead takes her off
    the team (she may still read). Returns her journal's path."""
    app = make_app(root, order="file")
    journal = app.session.outbox.journal
    monkeypatch.setattr(live, "_open", await _screen_offline(app, private_server))
    private_server.resume()
    alice = _role(alice_url)
    with Store(url) as admin:
        admin.execute(f'REVOKE "{group(admin, "reviewer")}" FROM "{alice}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{alice}"')
    return journal


def _role(url):
    return url.split("//", 1)[1].split("@", 1)[0]


def _written(url):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT record_id, decision FROM decisions ORDER BY id").fetchall()


async def test_decisions_on_records_an_undone_import_removed_are_set_aside(
        private_server, tmp_path, tag, cli, monkeypatch):
    root, url, alice_url, runs = _offline_session(private_server, tmp_path, tag, cli,
                                                  monkeypatch)
    app = make_app(root, order="file")
    journal = app.session.outbox.journal
    monkeypatch.setattr(live, "_open", await _screen_offline(app, private_server))
    private_server.resume()
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
    code, _out, err = cli("import", "--undo", "1", "--review", str(root))  # the lead
    assert code == 0, err
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", alice_url)

    app = make_app(root, order="file")
    async with app.run_test(size=SIZE) as pilot:
        assert await _until(pilot, lambda: not len(app.session.outbox))
        assert await _until(pilot, lambda: "refused" in _text(app, "#status"))
        status = _text(app, "#status")
        assert "2 kept decisions refused by the review server, set aside in" in status
    assert _written(url) == [(runs[2][0], "maybe"), (runs[2][1], "include")]
    assert not journal.exists()
    lines = refused_path(journal).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all("is no longer in the review" in line for line in lines)

    code, out, _err = cli("status", "--review", str(root))
    assert code == 0
    assert "2 kept decisions refused by the review server, set aside in" in " ".join(
        out.split())


async def test_a_reviewer_taken_off_the_team_keeps_every_decision_aside(
        private_server, tmp_path, tag, cli, monkeypatch):
    root, url, alice_url, runs = _offline_session(private_server, tmp_path, tag, cli,
                                                  monkeypatch)
    journal = await _screen_offline_then_leave_the_team(root, url, alice_url, private_server,
                                                        monkeypatch)

    app = make_app(root, order="file")
    async with app.run_test(size=SIZE) as pilot:
        assert await _until(pilot, lambda: not len(app.session.outbox))
        assert await _until(pilot, lambda: "refused" in _text(app, "#status"))
        assert "4 kept decisions refused by the review server" in _text(app, "#status")
    assert _written(url) == []
    lines = refused_path(journal).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all("is not on this review's team" in line for line in lines)


async def test_the_refused_file_can_be_written_again_or_discarded_by_a_command(
        private_server, tmp_path, tag, cli, monkeypatch):
    """The user can act on the refused file: ``screen refused`` lists it, ``--retry``
    writes what the server now takes (each once), ``--discard`` drops the rest."""
    root, url, alice_url, runs = _offline_session(private_server, tmp_path, tag, cli,
                                                  monkeypatch)
    journal = await _screen_offline_then_leave_the_team(root, url, alice_url, private_server,
                                                        monkeypatch)
    app = make_app(root, order="file")
    async with app.run_test(size=SIZE) as pilot:
        assert await _until(pilot, lambda: "refused" in _text(app, "#status"))
        assert "litsearch screen refused" in _text(app, "#status")
    code, out, _err = cli("status", "--review", str(root))
    assert "litsearch screen refused" in " ".join(out.split())

    code, out, err = cli("screen", "refused", "--review", str(root))
    assert code == 0, err
    listing = " ".join(out.split())
    assert "4 kept decisions refused by the review server" in listing
    assert "Meaning making in outpatient care: a1" in listing and "--retry" in listing

    # Still off the team: a retry writes nothing, loses nothing.
    code, out, err = cli("screen", "refused", "--retry", "--review", str(root))
    assert code == 0, err
    assert "0 written; 4 still refused" in " ".join(out.split())
    assert len(refused_path(journal).read_text(encoding="utf-8").splitlines()) == 4

    # The lead takes an import back and puts alice on the team again.
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
    assert cli("import", "--undo", "1", "--review", str(root))[0] == 0
    with Store(url) as admin:
        add_member(admin, _role(alice_url), "reviewer")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", alice_url)
    code, out, err = cli("screen", "refused", "--retry", "--review", str(root))
    assert code == 0, err
    assert "2 written; 2 still refused" in " ".join(out.split())
    assert _written(url) == [(runs[2][0], "maybe"), (runs[2][1], "include")]
    assert cli("screen", "refused", "--retry", "--review", str(root))[0] == 0
    assert len(_written(url)) == 2  # nothing written twice

    code, out, err = cli("screen", "refused", "--discard", "--review", str(root))
    assert code == 0, err
    assert "Discarded 2 refused decisions" in " ".join(out.split())
    assert not refused_path(journal).exists()
    code, out, _err = cli("status", "--review", str(root))
    assert "refused by the review server" not in out
    code, out, _err = cli("screen", "refused", "--review", str(root))
    assert code == 0 and "No kept decision was refused" in " ".join(out.split())
