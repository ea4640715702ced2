"""A broken link taken up again on a reviewer's key gives up within seconds."""

from __future__ import annotations

import os
import socket
import sqlite3
import time

import pytest

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

