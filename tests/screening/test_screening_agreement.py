"""Percent agreement, Cohen's kappa and PABAK; conflicts and their resolution."""

from __future__ import annotations

import pytest

from litsearch.errors import ScreeningError
from litsearch.screening.agreement import agreement, kappa_stats, landis_koch
from litsearch.screening.conflicts import list_conflicts, resolve_conflict
from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import record_decision
from litsearch.screening.status import screening_status


def test_kappa_on_a_known_table():
    # The textbook table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> po 0.7, pe 0.5.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + \
            [("no", "no")] * 15
    n, observed, kappa, pabak = kappa_stats(pairs)
    assert n == 50 and observed == pytest.approx(0.7)
    assert kappa == pytest.approx(0.4) and pabak == pytest.approx(0.4)
    assert landis_koch(kappa) == "fair"


def test_kappa_under_extreme_prevalence():
    pairs = [("no", "no")] * 95 + [("yes", "no")] * 3 + [("no", "yes")] * 2
    _, observed, kappa, pabak = kappa_stats(pairs)
    assert observed == pytest.approx(0.95)
    # pe = (3*2 + 97*98) / 100**2 = .9512 -> kappa = (.95 - .9512) / .0488
    assert kappa == pytest.approx(-0.0246, abs=1e-4)
    assert pabak == pytest.approx(0.9)
    assert landis_koch(kappa) == "poor"
    assert kappa_stats([("no", "no")] * 4)[2] is None  # one category: kappa undefined


def _vote(store, unit, reviewer, decision, reason=None, stage="title-abstract", **kw):
    return record_decision(store, unit, stage, reviewer, decision, reason=reason, **kw)


def test_agreement_from_the_store(review):
    project, ids = review
    plan = [("include", "maybe"), ("exclude", "exclude"), ("include", "exclude"),
            ("exclude", "exclude"), ("maybe", "include")]
    for unit, (a, b) in zip(ids, plan, strict=False):
        _vote(project.store, unit, "alice", a)
        _vote(project.store, unit, "bob", b)
    _vote(project.store, ids[5], "alice", "include")  # only one reviewer: not counted
    (row,) = agreement(project.store)
    assert (row.stage, row.reviewer_a, row.reviewer_b, row.n) == ("title-abstract", "alice",
                                                                  "bob", 5)
    assert row.percent == 80.0
    # yes/yes 2, yes/no 1, no/no 2: po .8, pe (3*2 + 2*3)/25 = .48 -> kappa .615
    assert row.kappa == pytest.approx(0.615, abs=1e-3)
    assert row.band == "substantial"
    resolve_conflict(project.store, load_criteria(project.criteria_path), ids[2],
                     "title-abstract", "include", None, "alice")
    assert agreement(project.store)[0].percent == 80.0  # resolutions do not count


def test_conflicts_listed_and_resolved(review):
    project, ids = review
    criteria = load_criteria(project.criteria_path)
    _vote(project.store, ids[0], "alice", "include")
    _vote(project.store, ids[0], "bob", "exclude", "wrong topic")
    _vote(project.store, ids[1], "alice", "include")
    _vote(project.store, ids[1], "bob", "maybe")
    (conflict,) = list_conflicts(project.store, "title-abstract")
    assert conflict.record_id == ids[0]
    assert conflict.votes == {"alice": ("include", None), "bob": ("exclude", "wrong topic")}
    assert screening_status(project.store)["title-abstract"]["conflicts"] == 1
    with pytest.raises(ScreeningError, match="has no conflict"):
        resolve_conflict(project.store, criteria, ids[1], "title-abstract", "include", None,
                         "alice")
    resolve_conflict(project.store, criteria, ids[0], "title-abstract", "exclude",
                     "wrong topic", "alice")
    assert list_conflicts(project.store, "title-abstract") == []
    row = project.store.execute("SELECT reviewer, decision, resolution FROM decisions "
                                "ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(row) == ("alice", "exclude", 1)
    counts = screening_status(project.store)["title-abstract"]
    assert (counts["exclude"], counts["maybe"], counts["conflicts"]) == (1, 1, 0)


def test_full_text_reasons_must_agree(review):
    project, ids = review
    for reviewer in ("alice", "bob"):
        _vote(project.store, ids[0], reviewer, "include")
    _vote(project.store, ids[0], "alice", "exclude", "wrong topic", stage="full-text")
    _vote(project.store, ids[0], "bob", "exclude", "wrong population", stage="full-text")
    assert [c.record_id for c in list_conflicts(project.store, "full-text")] == [ids[0]]


def test_agreement_counts_first_decisions_and_reports_later_changes(review, cli):
    """Issue 13, finding 7: 41.7 % agreement must not become 50 % after one changed vote."""
    project, ids = review
    alice = ["include"] * 6 + ["exclude"] * 6
    bob = ["include", "exclude", "exclude", "include", "exclude", "include",
           "include", "include", "exclude", "include", "include", "exclude"]
    for unit, a, b in zip(ids, alice, bob, strict=True):
        _vote(project.store, unit, "alice", a)
        _vote(project.store, unit, "bob", b)
    (before,) = agreement(project.store)
    assert before.percent == 41.7 and before.changed == 0
    # After the discussion bob changes one vote, then undoes and re-keys another.
    _vote(project.store, ids[1], "bob", "include")
    _vote(project.store, ids[4], "bob", "undo")
    _vote(project.store, ids[4], "bob", "exclude")
    (after,) = agreement(project.store)
    assert (after.percent, after.kappa, after.table) == (before.percent, before.kappa,
                                                         before.table)
    assert after.changed == 1 and after.current_percent == 50.0
    code, out, err = cli("agreement", "--review", str(project.root))
    assert code == 0, err
    assert "41.7%" in out and "first decision" in out
    assert "1 of 12 records changed since; current votes agree on 50.0%" in " ".join(out.split())


def test_agreement_counts_first_decisions_keyed_with_the_other_vote_on_screen(review):
    from litsearch.screening.session import ScreeningSession

    project, ids = review
    criteria = load_criteria(project.criteria_path)
    _vote(project.store, ids[0], "alice", "include")
    _vote(project.store, ids[1], "alice", "include")
    seeing = ScreeningSession(project.store, criteria, "title-abstract", "bob")
    seeing.current = ids[0]
    seeing.decide("exclude")
    blind = ScreeningSession(project.store, criteria, "title-abstract", "bob", blind=True)
    blind.current = ids[1]
    blind.decide("exclude")
    (row,) = agreement(project.store)
    assert row.n == 2 and row.could_see == 1
