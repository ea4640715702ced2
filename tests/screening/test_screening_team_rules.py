"""The team's screening rules of review.toml ([screening] votes, arbiter, blind).

Every test here opens its review through Project, so the PostgreSQL pass runs them
against the server as well.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from litsearch.errors import ConfigError, ScreeningError
from litsearch.project import Project
from litsearch.report.outputs import project_flow
from litsearch.screening.blind import HIDDEN_STATUS
from litsearch.screening.decisions import record_decision
from litsearch.screening.early_stop import STOPPING_REVIEWER
from litsearch.screening.state import AWAITING, stage_outcomes, stage_pool
from litsearch.screening.status import record_statuses, screening_status, screening_units
from litsearch.status import review_status

REPO = Path(__file__).resolve().parents[2]
TA, FT = "title-abstract", "full-text"


def _reopen(project: Project, rules: str = "", reviewers: str | None = None) -> Project:
    """Write ``rules`` under [screening] (and the reviewers) and open the review again."""
    config = project.root / "review.toml"
    text = config.read_text(encoding="utf-8")
    if reviewers is not None:
        text = text.replace('reviewers = ["alice", "bob"]', f"reviewers = {reviewers}")
    config.write_text(text + (f"\n[screening]\n{rules}\n" if rules else ""), encoding="utf-8")
    project.close()
    return Project.open(project.root)


@pytest.fixture
def seed(seeded, record_factory):
    """``seed(project, n)``: the repository's criteria and ``n`` records in singletons."""
    def _seed(project: Project, n: int = 4, start: int = 0) -> list[int]:
        shutil.copy(REPO / "screening" / "criteria.toml", project.criteria_path)
        return seeded(project.store, [record_factory(i) for i in range(start, start + n)])

    return _seed


def _vote(project: Project, unit: int, reviewer: str, decision: str, stage: str = TA,
          reason: str | None = None, resolution: bool = False) -> None:
    record_decision(project.store, unit, stage, reviewer, decision, reason=reason,
                    resolution=resolution, source="test")


def _two_reviewers(project: Project, seed) -> list[int]:
    """alice: r0 include, r1 include, r2 exclude; bob: r0 include, r3 exclude."""
    ids = seed(project)
    _vote(project, ids[0], "alice", "include")
    _vote(project, ids[1], "alice", "include")
    _vote(project, ids[2], "alice", "exclude", reason="wrong population")
    _vote(project, ids[0], "bob", "include")
    _vote(project, ids[3], "bob", "exclude")
    return ids


# --- review.toml: one-line errors with the nearest valid key -------------------------

@pytest.mark.parametrize(("rules", "message"), [
    ("vote = 2", r"unknown key 'vote' in \[screening\].*Did you mean 'votes'"),
    ("arbitre = ['alice']", "unknown key 'arbitre'.*Did you mean 'arbiter'"),
    ("votes = 3", "screening.votes = 3 is not valid.*1 .single screening. or 2"),
    ("votes = { title_abstract = 2 }", "unknown key 'title_abstract'.*'title-abstract'"),
    ("votes = { full-text = true }", "screening.votes.full-text = true is not valid"),
    ("blind = 'yes'", 'screening.blind = "yes" is not true or false'),
    ("arbiter = 3", "screening.arbiter = 3 is not a list of non-empty strings"),
    # Python compares 2.0 and true equal to 2 and 1: neither may pass as a count.
    ("votes = 2.0", r"screening.votes = 2.0 is not valid.*1 .single screening. or 2"),
    ("votes = true", r"screening.votes = true is not valid"),
    ("votes = { title-abstract = 1.0 }", r"screening.votes.title-abstract = 1.0 is not valid"),
    ("votes = '2'", r'screening.votes = "2" is not valid'),
    ("blind = 1", "screening.blind = 1 is not true or false"),
    ("order = 1", "screening.order = 1 is not a non-empty string"),
    ("model = true", "screening.model = true is not a non-empty string"),
    ("arbiter = 'alice'", r'screening.arbiter = "alice" is not a list.*arbiter = \["alice"\]'),
    ("arbiter = ['alice', 2]", "screening.arbiter = .* is not a list of non-empty strings"),
    # An empty list names no one: it means neither "anyone" nor "no one".
    ("arbiter = []", r"screening.arbiter = \[\] names no one.*Remove the line.*any reviewer"),
    ("arbiter = ['carol']", "arbiter 'carol' is not one of the review's reviewers"),
])
def test_bad_screening_rules_are_one_line_errors(project, cli, rules, message):
    root = project.root
    (root / "review.toml").write_text((root / "review.toml").read_text(encoding="utf-8")
                                      + f"\n[screening]\n{rules}\n", encoding="utf-8")
    project.close()
    with pytest.raises(ConfigError, match=message):
        Project.open(root)
    code, out, err = cli("status", "-r", str(root))
    assert code != 0 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


# --- the fold ---------------------------------------------------------------------------

def test_a_single_reviewer_screens_as_before(project, seed):
    ids = seed(project)
    _vote(project, ids[0], "alice", "include")
    _vote(project, ids[1], "alice", "exclude")
    assert stage_outcomes(project.store, TA) == {ids[0]: "include", ids[1]: "exclude"}
    assert stage_pool(project.store, FT, screening_units(project.store)) == [ids[0]]
    ta = screening_status(project.store)[TA]
    assert (ta["include"], ta["exclude"], ta["awaiting"], ta["awaiting_second"]) == (1, 1, 2, 0)
    assert ta["votes_required"] == 1 and ta["screeners"] == ["alice"]


def test_two_reviewers_need_two_votes_by_default(project, seed):
    ids = _two_reviewers(project, seed)
    outcomes = stage_outcomes(project.store, TA)
    assert outcomes == {ids[0]: "include", ids[1]: AWAITING, ids[2]: AWAITING,
                        ids[3]: AWAITING}
    # Only the record with both votes moves on to full text.
    assert stage_pool(project.store, FT, screening_units(project.store)) == [ids[0]]
    with pytest.raises(ScreeningError, match="awaits a second reviewer at title-abstract"):
        from litsearch.screening.state import check_in_pool

        check_in_pool(project.store, ids[1], FT)
    ta = screening_status(project.store)[TA]
    assert ta["awaiting_second"] == 3 and ta["include"] == 1 and ta["exclude"] == 0
    assert ta["votes_required"] == 2 and ta["screeners"] == ["alice", "bob"]
    assert ta["second_votes_from"] == {"alice": 1, "bob": 2}
    statuses = record_statuses(project.store)
    assert statuses[ids[1]] == statuses[ids[2]] == "awaiting-second-title-abstract"
    # The second vote settles it: agreement includes, disagreement is a conflict.
    _vote(project, ids[1], "bob", "include")
    _vote(project, ids[2], "bob", "include")
    outcomes = stage_outcomes(project.store, TA)
    assert (outcomes[ids[1]], outcomes[ids[2]]) == ("include", "conflict")


def test_votes_one_is_single_screening_whoever_screens(project, seed):
    project = _reopen(project, "votes = 1")
    ids = _two_reviewers(project, seed)
    assert stage_outcomes(project.store, TA) == {
        ids[0]: "include", ids[1]: "include", ids[2]: "exclude", ids[3]: "exclude"}


def test_votes_two_needs_a_second_reviewer_even_before_one_screens(project, cli, seed):
    project = _reopen(project, 'votes = { "title-abstract" = 2 }')
    ids = seed(project)
    _vote(project, ids[0], "alice", "include")
    assert stage_outcomes(project.store, TA) == {ids[0]: AWAITING}
    # Full text keeps the default: one reviewer there, one vote.
    assert project.store.settings["screening"]["votes"] == {"title-abstract": 2}
    _vote(project, ids[1], "alice", "include")
    _vote(project, ids[1], "bob", "include")
    _vote(project, ids[1], "alice", "include", stage=FT)
    assert stage_outcomes(project.store, FT) == {ids[1]: "include"}
    nxt = review_status(project)["next"]
    assert nxt["command"] == "litsearch screen" and "awaiting a second reviewer" in nxt["why"]


def test_the_stopping_rules_exclusions_need_no_second_vote(project, seed):
    ids = _two_reviewers(project, seed)
    _vote(project, ids[1], "bob", "include")
    _vote(project, ids[2], "bob", "exclude")
    _vote(project, ids[3], "alice", "exclude")
    seed_more = seed(project, 1, start=9)
    _vote(project, seed_more[0], STOPPING_REVIEWER, "exclude", reason="stopping rule")
    outcomes = stage_outcomes(project.store, TA)
    assert outcomes[seed_more[0]] == "exclude"
    assert screening_status(project.store)[TA]["screeners"] == ["alice", "bob"]


# --- PRISMA and status --------------------------------------------------------------

def test_prisma_and_status_count_records_awaiting_a_second_reviewer(project, cli, seed):
    ids = _two_reviewers(project, seed)
    flow = project_flow(project)
    assert flow.pending["second_title_abstract"] == sorted(ids[1:])
    assert flow.boxes["records_excluded"] == []  # one exclusion of two is not an exclusion
    assert flow.boxes["dbr_sought_reports"] == [ids[0]]
    codes = {v.code: v for v in flow.violations}
    assert codes["screening"].severity == "warning"  # unfinished, not a wrong diagram
    assert codes["screening"].record_ids == sorted(ids[1:])
    code, out, err = cli("prisma", "-r", str(project.root))
    assert code == 0, err
    assert "3 records await a second reviewer at title/abstract" in " ".join(out.split())
    code, out, err = cli("prisma", "--explain", "second_title_abstract", "-r", str(project.root))
    assert code == 0, err
    assert out.count("awaiting-second-title-abstract") == 3
    code, out, err = cli("status", "-r", str(project.root))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "2nd = awaiting second reviewer" in flat
    assert "title-abstract 2 (2 screening: alice, bob)" in flat
    assert "litsearch screen --reviewer bob" in flat
    assert "3 records awaiting a second reviewer" in flat and "bob: 2, alice: 1" in flat
    # Full text: a second vote missing there is counted as assessed, not included.
    _vote(project, ids[1], "bob", "include")
    _vote(project, ids[0], "alice", "include", stage=FT)
    _vote(project, ids[1], "bob", "exclude", stage=FT, reason="wrong population")
    flow = project_flow(project)
    assert flow.pending["second_full_text"] == ids[:2]
    assert flow.boxes["dbr_assessed"] == ids[:2]
    assert flow.boxes["new_studies"] == flow.boxes["dbr_excluded"] == []


def test_screen_decide_says_where_the_record_stands(project, cli, seed):
    ids = seed(project)
    _vote(project, ids[0], "bob", "exclude")
    code, out, err = cli("screen", "decide", str(ids[1]), "--include", "--reviewer", "alice",
                         "-r", str(project.root))
    assert code == 0, err
    assert "awaiting second reviewer (1 of 2 votes)" in out
    code, out, err = cli("screen", "decide", str(ids[0]), "--include", "--reviewer", "alice",
                         "-r", str(project.root))
    assert "in conflict" in out


# --- arbiters -----------------------------------------------------------------------

def test_only_an_arbiter_settles_a_conflict(project, cli, seed):
    project = _reopen(project, 'arbiter = ["carol"]', '["alice", "bob", "carol"]')
    ids = seed(project)
    _vote(project, ids[0], "alice", "include")
    _vote(project, ids[0], "bob", "exclude")
    root = str(project.root)
    code, out, err = cli("screen", "conflicts", "--resolve", str(ids[0]), "--include",
                         "--reviewer", "alice", "-r", root)
    assert code != 0
    assert err.startswith("error: alice may not settle conflicts: review.toml names the "
                          "arbiter (carol)") and len(err.strip().splitlines()) == 1, err
    assert stage_outcomes(project.store, TA)[ids[0]] == "conflict"
    code, out, err = cli("screen", "conflicts", "--resolve", str(ids[0]), "--include",
                         "--reviewer", "carol", "-r", root)
    assert code == 0, err
    assert stage_outcomes(project.store, TA)[ids[0]] == "include"


# --- blind for everyone -------------------------------------------------------------

def test_blind_in_review_toml_hides_votes_in_every_command(project, cli, seed):
    project = _reopen(project, 'blind = true\narbiter = ["carol"]',
                      '["alice", "bob", "carol"]')
    ids = seed(project, 3)
    root = str(project.root)
    _vote(project, ids[0], "bob", "exclude", reason="wrong population")
    _vote(project, ids[1], "bob", "include")
    _vote(project, ids[1], "alice", "include")
    code, out, err = cli("screen", "decide", str(ids[0]), "--include", "--reviewer", "alice",
                         "-r", root)
    assert code == 0, err
    assert "conflict" not in out and "awaiting" not in out and "bob" not in out
    code, out, err = cli("agreement", "-r", root)
    assert code == 0, err
    assert "blind and unfinished" in out and "kappa" not in out.lower()
    code, out, err = cli("screen", "conflicts", "--reviewer", "alice", "-r", root)
    assert code == 0, err
    assert "blind and unfinished" in out and "bob: exclude" not in out
    assert "1 conflict" not in out and "No conflicts" not in out
    code, out, err = cli("screen", "conflicts", "--reviewer", "carol", "-r", root)
    assert "bob: exclude" in out  # the arbiter sees what she settles
    code, out, err = cli("report", "html", "--no-blind", "-r", root)
    assert code != 0 and "no session can switch it off" in err
    code, out, err = cli("export", "decisions", "-r", root)
    assert code != 0 and out == ""
    assert "export decisions would show every reviewer's votes" in err
    # Every record has its two votes: screening at title/abstract is finished.
    for unit in ids[1:]:
        for who in ("alice", "bob"):
            _vote(project, unit, who, "include")
    _vote(project, ids[2], "alice", "include")
    code, out, err = cli("agreement", "--stage", "title-abstract", "-r", root)
    assert "blind and unfinished" not in out and "alice × bob" in out
    # Full text has not started: nothing there to hide, so the trail is exported.
    code, out, err = cli("export", "decisions", "-r", root)
    assert code == 0 and "bob" in out
    _vote(project, ids[1], "bob", "include", stage=FT)
    code, out, err = cli("export", "decisions", "-r", root)
    assert code != 0 and "screening at full-text is blind and unfinished" in err


def test_a_blind_records_export_shows_no_outcome_a_vote_made(project, cli, seed):
    """The records export's status column told alice 'conflict' (bob voted the other way)
    and 'awaiting-second' (only bob had voted) while screening was blind."""
    project = _reopen(project, "blind = true")
    ids = seed(project, 3)
    root = str(project.root)
    _vote(project, ids[0], "bob", "exclude", reason="wrong population")
    _vote(project, ids[0], "alice", "include")
    _vote(project, ids[1], "bob", "include")
    code, out, err = cli("export", "-f", "csv", "-r", root)
    assert code == 0, err
    statuses = [row["status"] for row in csv.DictReader(io.StringIO(out))]
    assert "conflict" not in statuses and not any("awaiting" in s for s in statuses)
    assert statuses.count(HIDDEN_STATUS) == 2 and statuses.count("unscreened") == 1
    code, out, err = cli("export", "--included", "-r", root)
    assert code != 0 and "blind and unfinished" in err
    # Without blind the same review shows the outcomes.
    (project.root / "review.toml").write_text(
        (project.root / "review.toml").read_text(encoding="utf-8").replace(
            "blind = true", "blind = false"), encoding="utf-8")
    code, out, err = cli("export", "-f", "csv", "-r", root)
    assert "conflict" in out
