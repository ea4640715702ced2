"""Property: for any sequence of votes and any screening rules, the fold's counts
partition each stage's pool, and the PRISMA flow built on it keeps its invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litsearch.report.prisma import compute_flow
from litsearch.screening.status import screening_status
from litsearch.store import Store, now

REVIEWERS = ("alice", "bob", "carol", "stopping-rule")
STAGES = ("title-abstract", "full-text")
PARTS = ("awaiting", "awaiting_second", "include", "exclude", "maybe", "not-retrieved",
         "conflicts")

votes_rule = st.one_of(st.none(), st.sampled_from([1, 2]))
event = st.tuples(st.integers(0, 5), st.sampled_from(REVIEWERS), st.sampled_from(STAGES),
                  st.sampled_from(["include", "exclude", "maybe", "not-retrieved", "undo"]),
                  st.sampled_from([None, "wrong population", "wrong design"]),
                  st.integers(0, 9))


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(event, max_size=30), ta=votes_rule, ft=votes_rule)
def test_counts_partition_the_pool_for_any_votes(seeded, record_factory, events, ta, ft):
    with Store(":memory:") as store:
        votes = {stage: n for stage, n in (("title-abstract", ta), ("full-text", ft))
                 if n is not None}
        store.settings = {"screening": {"votes": votes}} if votes else {}
        ids = seeded(store, [record_factory(i) for i in range(6)])
        with store.transaction():
            for unit, who, stage, decision, reason, roll in events:
                if stage == "title-abstract" and decision == "not-retrieved":
                    decision = "maybe"
                store.execute(
                    "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, "
                    "resolution, source, decided_at) VALUES (?, ?, ?, ?, ?, ?, 'test', ?)",
                    (ids[unit], stage, who, decision, reason,
                     int(roll == 0 and decision != "undo"), now()))
        status = screening_status(store)
        for stage in STAGES:
            counts = status[stage]
            assert sum(counts[k] for k in PARTS) == counts["pool"], (stage, counts)
        assert status["title-abstract"]["pool"] == 6
        flow = compute_flow(store, ("alice", "bob", "carol"))
        assert not [v for v in flow.violations if v.severity == "error"], flow.violations
        screened = set(flow.boxes["records_screened"])
        decided = set(flow.boxes["records_excluded"]) | set(flow.boxes["dbr_sought_reports"])
        pending = set(flow.pending["awaiting_title_abstract"]) | \
            set(flow.pending["second_title_abstract"]) | \
            set(flow.pending["conflict_title_abstract"])
        assert screened == decided | pending and not decided & pending
