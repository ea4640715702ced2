"""A decision is one round trip to the server and keeps its chain under concurrency."""

from __future__ import annotations

import os
import threading

from litsearch.screening.decisions import position_key, record_decision
from litsearch.store import Store


def test_two_apps_of_one_reviewer_keep_the_replaces_chain(pg_admin, seeded_units):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    with Store(url) as store:
        unit = seeded_units(store, 1)[0]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def app(word: str) -> None:  # one of alice's two open apps, keying as fast as it can
        try:
            with Store(url) as store:
                start.wait()
                for _ in range(40):
                    record_decision(store, unit, "title-abstract", "alice", word)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=app, args=(w,)) for w in ("include", "exclude")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    with Store(url) as store:
        rows = store.execute("SELECT id, replaces FROM decisions ORDER BY id").fetchall()
        place = store.get_meta(position_key("title-abstract", "alice"))
    assert len(rows) == 80
    # Each event replaces the one before it: none is lost from the chain, none forks it.
    assert rows[0][1] is None
    assert [r[1] for r in rows[1:]] == [r[0] for r in rows[:-1]]
    assert place == str(unit)


def test_a_retried_decision_is_not_doubled_and_moves_no_place(pg_admin, seeded_units):
    url = os.environ["LITSEARCH_DATABASE_URL"]
    with Store(url) as store:
        first, second = seeded_units(store, 2)
        event = record_decision(store, first, "title-abstract", "alice", "include",
                                client_id="c-1")
        record_decision(store, second, "title-abstract", "alice", "exclude", client_id="c-2")
        # The first write's answer was lost: the retry finds it, writes nothing.
        assert record_decision(store, first, "title-abstract", "alice", "include",
                               client_id="c-1") == event
        assert store.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 2
        assert store.get_meta(position_key("title-abstract", "alice")) == str(second)
