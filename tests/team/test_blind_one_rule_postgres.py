"""One rule for who sees every vote while blind, on PostgreSQL: whoever may settle conflicts.

Before, the votes of conflicts were shown to a plain reviewer role review.toml names
arbiter (the server refuses that role a resolution, so it had no job to see them for,
and it is still screening: a leak), and hidden from the database's owner (who reads every
vote in the database anyway, and whose counts were already the team's: one rule for the
counts, another for the conflicts).
"""

from __future__ import annotations

import pgtest
import pytest

from litsearch.dedup import run_dedup
from litsearch.models import Record
from litsearch.screening.blind import conflict_votes_hidden, counts_viewer
from litsearch.screening.decisions import record_decision
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


def test_conflict_votes_and_counts_follow_who_may_settle(database, tag):
    alice, bob, lead = f"alice_{tag}", f"bob_{tag}", f"lead_{tag}"
    rules = {"review": {"reviewers": [alice, bob, lead]},
             "screening": {"arbiter": [alice], "blind": True, "votes": 2}}
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
        # The owner: the team's counts, and now the conflicts' votes too.
        assert counts_viewer(admin, None) is None
        assert not conflict_votes_hidden(admin, "title-abstract", None)
    with Store(_as(database, alice)) as store:  # named arbiter, a reviewer role
        store.settings = rules
        assert counts_viewer(store, alice) == alice
        assert conflict_votes_hidden(store, "title-abstract", alice)
    with Store(_as(database, lead)) as store:
        store.settings = rules
        assert counts_viewer(store, None) is None
        assert not conflict_votes_hidden(store, "title-abstract", None)
