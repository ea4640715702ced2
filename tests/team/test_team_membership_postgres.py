"""Who is on a team review's team agrees with the server: a role in the reviewer group
through a group of its own (a lab's role) may screen, as the server lets it; the
database's owner or a superuser who screens is not called "off the team", and is asked
for second votes like anyone; only someone taken off (``team remove``) is off it."""

from __future__ import annotations

import json
import os

import psycopg

from litsearch.project import Project
from litsearch.store.team import add_member, group, on_team


def test_a_member_through_a_nested_group_is_on_the_team(pg_admin, tmp_path, tag, seeded_units,
                                                       cli, monkeypatch):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    alice, lab, dana = f"alice_{tag}", f"lab_{tag}", f"dana_{tag}"
    project = Project.create(tmp_path / "review", title="Team", reviewers=[alice, dana])
    ids = seeded_units(project.store, 2)
    add_member(project.store, alice, "reviewer")
    reviewers = group(project.store, "reviewer")
    project.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{lab}" NOLOGIN')
        conn.execute(f'GRANT "{reviewers}" TO "{lab}"')
        conn.execute(f'CREATE ROLE "{dana}" LOGIN')
        conn.execute(f'GRANT "{lab}" TO "{dana}"')
    monkeypatch.setenv("LITSEARCH_DATABASE_URL",
                       url.replace("postgresql://postgres@", f"postgresql://{dana}@", 1))
    with Project.open(tmp_path / "review") as project:
        assert on_team(project.store)
    code, _out, err = cli("screen", "decide", str(ids[0]), "--include",
                          "-r", str(tmp_path / "review"))
    assert code == 0, err


def test_the_superuser_who_screens_is_not_off_the_team(pg_admin, tmp_path, tag, seeded_units,
                                                       cli):
    alice, bob, carol = f"alice_{tag}", f"bob_{tag}", f"carol_{tag}"
    with psycopg.connect(os.environ["LITSEARCH_DATABASE_URL"]) as conn:
        admin = conn.info.user
    root = tmp_path / "review"
    project = Project.create(root, title="Team", reviewers=[alice, bob, carol])
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[screening]\nvotes = 2\n",
                      encoding="utf-8")
    ids = seeded_units(project.store, 3)
    for name in (alice, bob, carol):
        add_member(project.store, name, "reviewer")
    project.close()
    code, _out, err = cli("screen", "decide", str(ids[0]), "--include", "-r", str(root))
    assert code == 0, err  # as the admin (a superuser): filed under its own role
    code, _out, err = cli("screen", "decide", str(ids[1]), "--include", "--reviewer", bob,
                          "-r", str(root))
    assert code == 0, err
    code, out, err = cli("team", "remove", bob, "-r", str(root))
    assert code == 0, err

    code, out, err = cli("status", "--json", "-r", str(root))
    assert code == 0, err
    ta = json.loads(out)["screening"]["title-abstract"]
    assert ta["off_team"] == [bob]
    assert ta["second_votes_from"].get(admin) == 1
