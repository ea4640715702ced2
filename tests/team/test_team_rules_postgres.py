"""The screening rules on PostgreSQL: a lead may always settle conflicts, whoever
review.toml names as arbiter; anyone else not named is refused."""

from __future__ import annotations

import uuid

import pgtest
import pytest

from litsearch.errors import ScreeningError
from litsearch.models import Record
from litsearch.screening.conflicts import resolve_conflict
from litsearch.screening.criteria import Criteria
from litsearch.screening.decisions import record_decision
from litsearch.screening.state import stage_outcomes
from litsearch.store import Store
from litsearch.store.records import SearchRun, add_records, add_search_run
from litsearch.store.team import add_member


@pytest.fixture
def database():
    server = pgtest.admin_url()
    if server is None:
        pytest.skip("needs the test PostgreSQL server: make test's PostgreSQL pass starts it "
                    "(tests/pg_server.sh)")
    url, name = pgtest.fresh_database(server)
    yield url
    pgtest.drop_database(server, name)


def _as(url: str, user: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{user}@", 1)


def test_a_lead_settles_conflicts_whoever_is_named_arbiter(database):
    tag = uuid.uuid4().hex[:6]
    alice, bob, lead = f"alice_{tag}", f"bob_{tag}", f"lead_{tag}"
    rules = {"screening": {"arbiter": ["dora"]}}
    with Store(database) as admin:
        with admin.transaction():
            run = add_search_run(admin, SearchRun(database="pubmed"))
            ids = add_records(admin, run, [Record(title=f"Study {i}", year=2020,
                                                  database="pubmed") for i in range(2)])
        for name, role in ((alice, "reviewer"), (bob, "reviewer"), (lead, "lead")):
            add_member(admin, name, role)
        admin.settings = rules
        for unit in ids:
            record_decision(admin, unit, "title-abstract", alice, "include", source="test")
            record_decision(admin, unit, "title-abstract", bob, "exclude", source="test")
        # The owner is not a lead member and not named: refused like anyone else.
        with pytest.raises(ScreeningError, match=r"erin may not settle conflicts.*\(dora\)"):
            resolve_conflict(admin, Criteria(), ids[0], "title-abstract", "include", None,
                             "erin")
    with Store(_as(database, lead)) as store:
        store.settings = rules
        resolve_conflict(store, Criteria(), ids[0], "title-abstract", "include", None, lead)
        assert stage_outcomes(store, "title-abstract") == {ids[0]: "include",
                                                           ids[1]: "conflict"}
    with Store(_as(database, alice)) as store:
        store.settings = rules
        with pytest.raises(ScreeningError, match=f"{alice} may not settle conflicts"):
            resolve_conflict(store, Criteria(), ids[1], "title-abstract", "include", None,
                             alice)


def test_a_reviewer_cannot_see_blind_votes_by_naming_the_arbiter(database):
    """Blind and unfinished: alice, logged in as herself, passes --reviewer dora (the
    arbiter) to read the conflicts' votes; on PostgreSQL she is who she logs in as."""
    from litsearch.dedup import run_dedup
    from litsearch.screening.blind import check_viewer, conflict_votes_hidden

    tag = uuid.uuid4().hex[:6]
    alice, bob, lead = f"alice_{tag}", f"bob_{tag}", f"lead_{tag}"
    rules = {"screening": {"arbiter": ["dora"], "blind": True}}
    with Store(database) as admin:
        with admin.transaction():
            run = add_search_run(admin, SearchRun(database="pubmed"))
            ids = add_records(admin, run, [Record(title=f"Study {i}", year=2020,
                                                  database="pubmed") for i in range(3)])
            run_dedup(admin)
        for name, role in ((alice, "reviewer"), (bob, "reviewer"), (lead, "lead")):
            add_member(admin, name, role)
        admin.settings = rules
        record_decision(admin, ids[0], "title-abstract", alice, "include", source="test")
        record_decision(admin, ids[0], "title-abstract", bob, "exclude", source="test")
        check_viewer(admin, "dora")  # the owner may look as anyone
    with Store(_as(database, alice)) as store:
        store.settings = rules
        with pytest.raises(ScreeningError, match=f"connected to the review as {alice}"):
            conflict_votes_hidden(store, "title-abstract", "dora")
        assert conflict_votes_hidden(store, "title-abstract", alice)
        check_viewer(store, alice)
        check_viewer(store, None)
    with Store(_as(database, lead)) as store:
        store.settings = rules
        check_viewer(store, alice)  # a lead sees every vote anyway
        assert not conflict_votes_hidden(store, "title-abstract", None)
