"""``litsearch team remove`` on PostgreSQL: the role leaves the review's groups, so the
server refuses the reviewer's next decision (one line says why); their decisions stay."""

from __future__ import annotations

import json
import os

import psycopg
import pytest

from litsearch.project import Project
from litsearch.store.team import add_member


@pytest.fixture
def team(pg_admin, tmp_path, tag, seeded_units, monkeypatch):
    """Reviewers alice and bob, lead carol; two votes a record; bob decided two records."""
    url = os.environ["LITSEARCH_DATABASE_URL"]
    alice, bob, carol = f"alice_{tag}", f"bob_{tag}", f"carol_{tag}"
    project = Project.create(tmp_path / "review", title="Team", reviewers=[alice, bob, carol])
    config = project.root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[screening]\nvotes = 2\n",
                      encoding="utf-8")
    ids = seeded_units(project.store, 4)
    for name, role in ((alice, "reviewer"), (bob, "reviewer"), (carol, "lead")):
        add_member(project.store, name, role)
    project.close()
    as_ = {name: url.replace("postgresql://postgres@", f"postgresql://{name}@", 1)
           for name in (alice, bob, carol)}
    return project.root, ids, (alice, bob, carol), as_, url


def _decisions(url):
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT record_id, reviewer FROM decisions ORDER BY id").fetchall()


def test_a_removed_reviewer_is_refused_by_the_server(team, cli, monkeypatch):
    root, ids, (alice, bob, carol), as_, admin = team
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[bob])
    for unit in ids[:2]:
        code, _out, err = cli("screen", "decide", str(unit), "--include", "-r", str(root))
        assert code == 0, err
    # A reviewer may not take anyone off.
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[alice])
    code, _out, err = cli("team", "remove", bob, "-r", str(root))
    assert code == 2 and "only the database's owner takes people off the team" in err

    monkeypatch.setenv("LITSEARCH_DATABASE_URL", admin)
    code, out, err = cli("team", "remove", bob, "-r", str(root))
    assert code == 0, err
    said = " ".join(out.split())
    assert f"{bob} is off the team: the review server now refuses their decisions" in said
    assert "Their 2 decisions stay" in said and "2 records hold only" in said
    code, out, _err = cli("team", "list", "-r", str(root))
    assert bob not in out and alice in out

    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[bob])
    code, out, err = cli("screen", "decide", str(ids[2]), "--include", "-r", str(root))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {bob} is not on this review's team (taken off it") and \
        "Traceback" not in err
    # The server is the guard, not only that message: bob may read, not write.
    with psycopg.connect(as_[bob]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 2
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO decisions (record_id, stage, reviewer, decision) "
                         "VALUES (%s, 'title-abstract', %s, 'include')", (ids[2], bob))
    assert _decisions(admin) == [(ids[0], bob), (ids[1], bob)]  # kept, nothing added

    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[alice])
    code, out, err = cli("status", "--json", "-r", str(root))
    assert code == 0, err
    ta = json.loads(out)["screening"]["title-abstract"]
    assert ta["awaiting_second"] == 2 and ta["off_team"] == [bob]
    assert bob not in ta["second_votes_from"]

    # Put back (a role of the team again, and listed again): bob decides again.
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", admin)
    assert cli("team", "add", bob, "-r", str(root))[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f'reviewers = ["{alice}", "{carol}"]', f'reviewers = ["{alice}", "{bob}", "{carol}"]'),
        encoding="utf-8")
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[bob])
    code, _out, err = cli("screen", "decide", str(ids[2]), "--include", "-r", str(root))
    assert code == 0, err


def test_the_last_lead_is_removed_only_with_force(team, cli, monkeypatch):
    root, _ids, (_alice, _bob, carol), _as, admin = team
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", admin)
    code, _out, err = cli("team", "remove", carol, "-r", str(root))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"{carol} is the review's last lead" in err and "--force" in err
    code, out, err = cli("team", "remove", carol, "--force", "-r", str(root))
    assert code == 0 and "warning: the team has no lead" in err
    code, out, _err = cli("team", "list", "-r", str(root))
    assert carol not in out
