"""A reviewer's app left open on a review.db while ``litsearch team remove`` takes them off
the team: review.toml no longer lists them, yet every key they pressed was still written
as a vote (a review.db has no server to refuse it), counted in dual screening."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from pilot_helpers import until

from litsearch.tui.app import make_app

RIS = "".join(f"TY  - JOUR\nTI  - Meaning in life study {i}\nAB  - Outpatients and meaning "
              f"making {i}.\nPY  - 2020\nDO  - 10.1000/x{i}\nER  - \n\n" for i in range(6))


async def test_an_open_app_records_nothing_once_its_reviewer_is_off_the_team(
        cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("LITSEARCH_REVIEWER", raising=False)
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Open app", "--reviewer", "alice",
               "--reviewer", "bob", "--reviewer", "carol")[0] == 0
    (tmp_path / "a.ris").write_text(RIS, encoding="utf-8")
    assert cli("import", str(tmp_path / "a.ris"), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    notices: list[str] = []
    app = make_app(root, reviewer="bob", order="file")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        shown = screen.notify
        monkeypatch.setattr(screen, "notify",
                            lambda message, **kw: (notices.append(str(message)),
                                                   shown(message, **kw)))
        await pilot.press("i")
        assert await until(pilot, lambda: app.session.progress().mine_done == 1)
        done = subprocess.run([sys.executable, "-m", "litsearch", "team", "remove", "bob"],
                              cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        await pilot.press("i")
        assert await until(pilot, lambda: bool(notices))
    with sqlite3.connect(root / "review.db") as conn:
        votes = conn.execute("SELECT reviewer, record_id FROM decisions").fetchall()
    assert votes == [("bob", 1)]
    assert any("bob is not on the team any more" in n for n in notices), notices
