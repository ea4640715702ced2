"""Reviewers are who they log in as: Python refuses another name up front, the database too."""

from __future__ import annotations

import os

import psycopg
import pytest

from litsearch.errors import ScreeningError
from litsearch.project import Project
from litsearch.store.team import add_member


@pytest.fixture
def team(pg_admin, tmp_path, tag, seeded_units, monkeypatch):
    """A review on the test server with reviewers alice and bob and a lead, carol."""
    url = os.environ["LITSEARCH_DATABASE_URL"]
    alice, bob, carol = f"alice_{tag}", f"bob_{tag}", f"carol_{tag}"
    project = Project.create(tmp_path / "review", title="Team", reviewers=[alice, bob, carol])
    ids = seeded_units(project.store, 4)
    for name, role in ((alice, "reviewer"), (bob, "reviewer"), (carol, "lead")):
        add_member(project.store, name, role)
    project.close()
    as_ = {name: url.replace("postgresql://postgres@", f"postgresql://{name}@", 1)
           for name in (alice, bob, carol)}
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[alice])
    return project.root, ids, (alice, bob, carol), as_, url


def _decisions(admin_url):
    with psycopg.connect(admin_url) as conn:
        return conn.execute("SELECT record_id, reviewer, decision FROM decisions "
                            "ORDER BY id").fetchall()


def test_alice_cannot_decide_as_bob_and_is_told_up_front(team, cli, monkeypatch):
    root, ids, (alice, bob, _carol), _as, admin = team
    code, _out, err = cli("screen", "decide", str(ids[0]), "--include", "--reviewer", bob,
                          "-r", str(root))
    assert code == 2
    assert err.startswith(f"error: --reviewer {bob} is not who you are connected as ({alice}")
    assert err.count("\n") == 1 and "Traceback" not in err
    monkeypatch.setenv("LITSEARCH_REVIEWER", bob)
    code, _out, err = cli("screen", "decide", str(ids[0]), "--include", "-r", str(root))
    assert code == 2 and f"$LITSEARCH_REVIEWER={bob} is not who you are connected" in err
    assert _decisions(admin) == []
    monkeypatch.delenv("LITSEARCH_REVIEWER")
    # Without a name the connected role decides (review.toml lists three: no guess needed).
    code, out, err = cli("screen", "decide", str(ids[0]), "--include", "-r", str(root))
    assert code == 0, err
    assert f"by {alice}" in out
    assert _decisions(admin) == [(ids[0], alice, "include")]


def test_the_app_import_and_conflicts_refuse_another_name(team, cli, tmp_path):
    root, ids, (alice, bob, _carol), _as, admin = team
    from litsearch.tui.app import make_app

    with pytest.raises(ScreeningError, match=f"--reviewer {bob} is not who you are"):
        make_app(root, reviewer=bob)
    app = make_app(root, order="file")  # no name: the connected role
    assert app.session.reviewer == alice
    app.project.close()
    sheet = tmp_path / "bob.csv"
    sheet.write_text(f"litsearch_record_id,decision,reviewer\n{ids[1]},include,{alice}\n"
                     f"{ids[2]},exclude,{bob}\n", encoding="utf-8")
    code, _out, err = cli("screen", "import-decisions", str(sheet), "-r", str(root))
    # The name came from the file's column, not from --reviewer: the message says so.
    assert code == 2 and err.startswith(f"error: {sheet} line 3: reviewer {bob} (column "
                                        f"'reviewer') is not who you are connected as ({alice}")
    assert "--reviewer" not in err and "Import only your own rows" in err
    assert _decisions(admin) == []  # the file is checked whole: nothing written
    code, _out, err = cli("screen", "conflicts", "--resolve", str(ids[0]), "--include",
                          "-r", str(root))
    assert code == 2 and "settling conflicts is for a lead" in err


def test_a_lead_may_file_for_a_listed_reviewer(team, cli, monkeypatch):
    root, ids, (_alice, bob, carol), as_, admin = team
    monkeypatch.setenv("LITSEARCH_DATABASE_URL", as_[carol])
    code, _out, err = cli("screen", "decide", str(ids[3]), "--maybe", "--reviewer", bob,
                          "-r", str(root))
    assert code == 0, err
    assert _decisions(admin) == [(ids[3], bob, "maybe")]


def test_the_database_refuses_a_raw_insert_under_another_name(team):
    _root, ids, (alice, bob, _carol), as_, admin = team
    with psycopg.connect(as_[alice], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege,
                           match=f"{alice} may not file a decision as {bob}"):
            conn.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                         "resolution, source, decided_at) VALUES (%s, 'title-abstract', %s, "
                         "'include', 0, 'sql', '2026-01-01T00:00:00Z')", (ids[0], bob))
    assert _decisions(admin) == []
