"""``litsearch team remove``: a reviewer taken off the team records no more decisions;
their decisions stay, counted as before; records holding only their vote await another
reviewer (``status`` says so and no longer asks them). Before, no command did it: only
editing review.toml by hand (or SQL REVOKE on a server), with nothing said."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from litsearch.project import Project, load_config
from litsearch.screening.decisions import add_note

RIS = ("TY  - JOUR\nTI  - {title}\nAU  - Smith, John\nPY  - 2020\nDO  - 10.1000/{doi}\n"
       "AB  - Interviews with outpatients about meaning in life and care.\nER  - \n\n")
TITLES = ["Meaning making in outpatient psychiatry", "Chaplaincy and depression in older age",
          "Hope interventions in community teams", "Religious coping in nursing practice",
          "Existential distress in anxiety care"]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def review(cli, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("LITSEARCH_REVIEWER", raising=False)
    root = tmp_path / "review"
    assert cli("init", str(root), "--title", "Team", "--reviewer", "alice", "--reviewer",
               "bob", "--reviewer", "carol")[0] == 0
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[screening]\nvotes = 2\narbiter = ["carol"]  # settles conflicts\n',
                      encoding="utf-8")
    export = tmp_path / "embase.ris"
    export.write_text("".join(RIS.format(title=t, doi=i) for i, t in enumerate(TITLES)),
                      encoding="utf-8")
    assert cli("import", str(export), "--db", "embase", cwd=root)[0] == 0
    assert cli("dedup", cwd=root)[0] == 0
    for args in (("1", "--include", "--reviewer", "bob"), ("2", "--exclude", "--reviewer", "bob"),
                 ("3", "--include", "--reviewer", "bob"),
                 ("1", "--include", "--reviewer", "alice")):
        code, _out, err = cli("screen", "decide", *args, cwd=root)
        assert code == 0, err
    return root


def test_a_reviewer_taken_off_records_nothing_more_and_keeps_their_decisions(cli, review):
    before = (review / "review.toml").read_text(encoding="utf-8")
    code, out, err = cli("team", "remove", "bob", cwd=review)
    assert code == 0, err
    said = _flat(out)
    assert "bob is off the team" in said
    assert "Their 3 decisions stay in the review" in said
    assert "title-abstract: 2 records hold only bob's vote and now await another " \
           "reviewer's ('litsearch status' counts them as awaiting a second reviewer)" in said
    config = load_config(review / "review.toml")
    assert config["review"]["reviewers"] == ["alice", "carol"]
    assert config["screening"]["arbiter"] == ["carol"]
    after = (review / "review.toml").read_text(encoding="utf-8")
    assert "# settles conflicts" in after and after.count("#") == before.count("#")

    code, out, err = cli("screen", "decide", "4", "--include", "--reviewer", "bob", cwd=review)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("error: bob is not on the team any more") and "3 earlier" in err

    code, out, err = cli("status", "--json", cwd=review)
    assert code == 0, err
    status = json.loads(out)
    ta = status["screening"]["title-abstract"]
    assert ta["awaiting_second"] == 2
    assert ta["second_votes_from"] == {"alice": 2} and ta["off_team"] == ["bob"]
    assert status["screening"]["decisions_by_reviewer"]["bob"] == {"title-abstract": 3}
    assert "bob is off the team" in status["next"]["why"]
    assert "--reviewer bob" not in status["next"]["command"]
    # PRISMA and agreement count bob's decisions as before.
    code, out, err = cli("agreement", "--stage", "title-abstract", cwd=review)
    assert code == 0 and "alice × bob" in out, err


def test_the_only_arbiter_and_the_last_reviewer_are_refused(cli, review):
    code, _out, err = cli("team", "remove", "carol", cwd=review)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "carol is the only arbiter" in err and "--force" in err
    assert load_config(review / "review.toml")["review"]["reviewers"] == ["alice", "bob",
                                                                          "carol"]
    code, out, err = cli("team", "remove", "carol", "--force", cwd=review)
    assert code == 0 and "anyone may settle conflicts" in _flat(err)
    assert "arbiter" not in load_config(review / "review.toml")["screening"]

    code, _out, err = cli("team", "remove", "zed", cwd=review)
    assert code == 2 and "zed is not on this review's team" in err
    # votes = 2 with one reviewer left would be a review.toml litsearch refuses to open.
    code, _out, err = cli("team", "remove", "bob", cwd=review)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "taking bob off the team would leave review.toml invalid" in err
    assert "lists only 'alice'" in err
    assert load_config(review / "review.toml")["review"]["reviewers"] == ["alice", "bob"]


@pytest.mark.sqlite_only  # on a server the roles are the guard: review.toml may list none
def test_the_last_reviewer_a_review_db_lists_stays(cli, review):
    config = review / "review.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("votes = 2", "votes = 1"),
                      encoding="utf-8")
    assert cli("team", "remove", "bob", cwd=review)[0] == 0
    assert cli("team", "remove", "carol", "--force", cwd=review)[0] == 0
    # With no one listed any name could record decisions: the last one stays.
    code, _out, err = cli("team", "remove", "alice", cwd=review)
    assert code == 2 and "alice is the only reviewer review.toml lists" in err
    assert load_config(review / "review.toml")["review"]["reviewers"] == ["alice"]


def test_team_add_puts_a_reviewer_back_on_a_review_db(cli, review):
    """`team remove` on a review.db said nothing of how to undo it, and `team add bob`
    answered "team roles need a review on a PostgreSQL server ... store migrate"."""
    if os.environ.get("LITSEARCH_DATABASE_URL"):
        pytest.skip("a review.db's team is review.toml's reviewers; on PostgreSQL team add "
                    "makes a role (tests/team)")
    assert cli("team", "remove", "bob", cwd=review)[0] == 0
    code, out, err = cli("team", "add", "bob", cwd=review)
    assert code == 0, err
    assert "bob is on the team again" in " ".join(out.split())
    assert load_config(review / "review.toml")["review"]["reviewers"] == ["alice", "carol",
                                                                           "bob"]
    code, _out, err = cli("screen", "decide", "4", "--include", "--reviewer", "bob", cwd=review)
    assert code == 0, err
    code, _out, err = cli("team", "add", "dora", "--role", "lead", cwd=review)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "lead" in err, err


def test_notes_are_not_counted_as_decisions_by_remove_or_by_the_refusal(cli, review):
    with Project.open(review) as project:
        add_note(project.store, 1, "title-abstract", "bob", "ask carol about this one")
    code, out, err = cli("team", "remove", "bob", cwd=review)
    assert code == 0, err
    assert "Their 3 decisions stay in the review" in _flat(out)
    code, out, err = cli("screen", "decide", "4", "--include", "--reviewer", "bob", cwd=review)
    assert code == 2 and "3 earlier" in err, err



def test_one_decision_is_said_in_the_singular(cli, review):
    """alice holds one decision: "Their 1 decision stays … is counted" (was "stay")."""
    code, out, err = cli("team", "remove", "alice", cwd=review)
    assert code == 0, err
    assert "Their 1 decision stays in the review (who decided what) and is counted" \
        in _flat(out)
