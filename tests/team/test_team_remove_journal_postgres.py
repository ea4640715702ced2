"""Decisions a reviewer keyed while the server was away, then taken off the team with
``litsearch team remove`` before they were written: the server refuses them for good, the
app sets them aside as refused (named in its status line), nothing is written."""

from __future__ import annotations

import functools
import threading

import psycopg
from pilot_helpers import screen_text as _text
from pilot_helpers import until

from litsearch.screening.outbox import refused_path
from litsearch.store import Store
from litsearch.store.team import add_member
from litsearch.tui import live
from litsearch.tui.app import make_app

_until = functools.partial(until, seconds=30.0)
RIS = ("TY  - JOUR\nTI  - Meaning making in outpatient care: {w}\nAU  - Smith, John\n"
       "PY  - 2020\nDO  - 10.1000/{w}\nER  - \n\n")


async def test_kept_decisions_of_a_reviewer_taken_off_are_set_aside(
        private_server, tmp_path, tag, cli, monkeypatch):
    url = private_server.url.rsplit("/", 1)[0] + "/review"
    with psycopg.connect(private_server.url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE review")
    alice, dora = f"alice_{tag}", f"dora_{tag}"
    alice_url = url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1)
    root = tmp_path / "review"
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)  # the owner sets the review up
    assert cli("init", str(root), "--title", "Taken off", "--reviewer", alice,
               "--reviewer", dora)[0] == 0
    (tmp_path / "a.ris").write_text("".join(RIS.format(w=w) for w in "a1 a2 a3".split()),
                                    encoding="utf-8")
    assert cli("import", str(tmp_path / "a.ris"), "--db", "embase", "--review", str(root))[0] == 0
    assert cli("dedup", "--review", str(root))[0] == 0
    with Store(url) as admin:
        add_member(admin, alice, "reviewer")
        add_member(admin, dora, "reviewer")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", alice_url)

    app = make_app(root, order="file")
    journal = app.session.outbox.journal
    away = threading.Event()  # the app's retry thread waits while this is set
    real = live._open
    monkeypatch.setattr(live, "_open", lambda where: None if away.is_set() else real(where))
    async with app.run_test(size=(120, 40)) as pilot:
        away.set()
        private_server.halt()
        await pilot.press("i", "m")
        assert len(app.session.outbox) == 2
        private_server.resume()
        monkeypatch.setenv("LITSEARCH_DATABASE_URL", url)
        code, out, err = cli("team", "remove", alice, "--review", str(root))
        assert code == 0, err
        away.clear()
        assert await _until(pilot, lambda: not len(app.session.outbox))
        assert await _until(pilot, lambda: "refused" in _text(app, "#status"))
        assert "2 kept decisions refused by the review server" in _text(app, "#status")
        # Not written, so not done: the app counted them as decided ("you: 2 done")
        # and never showed those records again.
        assert app.session.progress().mine_done == 0
        assert app.session.queue.mine == {}
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    lines = refused_path(journal).read_text(encoding="utf-8").splitlines()
    # Said as the README says it (it said "permission denied ... are for a lead").
    assert len(lines) == 2 and all(f"{alice} is not on this review's team" in line
                                   for line in lines), lines
