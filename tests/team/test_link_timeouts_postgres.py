"""A broken link taken up again on a reviewer's key gives up within seconds."""

from __future__ import annotations

import os
import socket
import sqlite3
import time

import pytest

from litsearch.screening.decisions import record_decision
from litsearch.store import Store


def test_a_key_on_a_broken_link_waits_about_two_seconds_for_a_silent_server(pg_admin):
    # A server that takes the connection and never answers (a host gone silent): without
    # a short connect timeout on the retry, the keyed decision waited 10 s.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        with Store(os.environ["LITSEARCH_DATABASE_URL"]) as store:
            port = silent.getsockname()[1]
            store.db.url = f"postgresql://postgres@127.0.0.1:{port}/review"
            store.db.raw.close()  # the link broke
            started = time.monotonic()
            with pytest.raises(sqlite3.OperationalError) as caught:
                store.execute("SELECT 1")
            waited = time.monotonic() - started
        assert caught.value.sqlstate == "08006"  # read as a lost server: the key is kept
        assert 1.5 < waited < 4.0
    finally:
        silent.close()



def test_a_decision_is_written_with_a_short_user_timeout(pg_admin, seeded_units, monkeypatch):
    # A dropped network fails a keyed decision after 1.5 s (the kernel's TCP_USER_TIMEOUT
    # while it is written), and the rest of the link keeps its 5 s (a bulk COPY to a busy
    # server may wait on its receive window).
    option = getattr(socket, "TCP_USER_TIMEOUT", None)
    if option is None:
        pytest.skip("TCP_USER_TIMEOUT is Linux's")

    def timeout(store: Store) -> int:
        link = socket.socket(fileno=os.dup(store.db.raw.pgconn.socket))
        try:
            return link.getsockopt(socket.IPPROTO_TCP, option)
        finally:
            link.close()

    with Store(os.environ["LITSEARCH_DATABASE_URL"]) as store:
        unit = seeded_units(store, 1)[0]
        seen = []
        pipeline = type(store.db.raw).pipeline

        def watched(raw, *args, **kwargs):
            seen.append(timeout(store))
            return pipeline(raw, *args, **kwargs)

        monkeypatch.setattr(type(store.db.raw), "pipeline", watched)
        record_decision(store, unit, "title-abstract", "alice", "include")
        assert seen == [1500]
        assert timeout(store) == 5000
