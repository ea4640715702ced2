"""``litsearch team list`` says who you are connected as, on the team or not."""

from __future__ import annotations

import os

from litsearch.project import Project


def test_team_list_marks_the_connected_role(pg_admin, tmp_path, tag, cli, monkeypatch):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    Project.create(root, title="Team", reviewers=["alice"]).close()
    alice, carol = f"alice_{tag}", f"carol_{tag}"
    for name, role in ((alice, "reviewer"), (carol, "lead")):
        code, _out, err = cli("team", "add", name, "--role", role, "-r", str(root))
        assert code == 0, err
    code, out, err = cli("team", "list", "-r", str(root))
    assert code == 0, err
    assert "(you)" not in out  # the admin is no member
    assert "You are connected as postgres, not on the team: the database's owner or an " \
        "administrator" in " ".join(out.split())
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{alice}@", 1))
    code, out, err = cli("team", "list", "-r", str(root))
    assert code == 0, err
    assert f"{alice} (you)" in out and f"{carol} (you)" not in out
    assert f"You are connected as {alice}, a reviewer of this review." in " ".join(out.split())


def test_team_add_by_a_lead_says_it_is_for_the_databases_owner(pg_admin, tmp_path, tag, cli,
                                                               monkeypatch):
    # A lead running 'team add' was told "Reviewers add their own decisions; imports ...
    # are for a lead": wrong for a lead, and silent on who may add people.
    url = os.environ["LITSEARCH_DATABASE_URL"]
    root = tmp_path / "review"
    Project.create(root, title="Team", reviewers=["alice"]).close()
    carol = f"carol_{tag}"
    code, _out, err = cli("team", "add", carol, "--role", "lead", "-r", str(root))
    assert code == 0, err
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{carol}@", 1))
    code, _out, err = cli("team", "add", f"dave_{tag}", "-r", str(root))
    flat = " ".join(err.split())
    assert code == 2 and "only the database's owner adds people" in flat
    assert "imports, dedup" not in flat and "owner" in flat
