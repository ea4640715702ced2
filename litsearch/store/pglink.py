"""The link to a PostgreSQL server: opened with libpq's timeouts, and its TCP user timeout.

A dropped network fails within seconds rather than hangs: TCP keepalives and a send
timeout (:data:`LINK_DEFAULTS`, unless the URL sets them) on every link, a shorter
connection attempt when a broken link is taken up again on a reviewer's key
(:data:`RECONNECT_TIMEOUT`), and a shorter send timeout for one block
(:func:`user_timeout`, while a reviewer's decision is written).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from .pgurl import redact, redact_urls, scrub

#: libpq settings for a team review's link, used unless the URL gives its own: fail a
#: connection attempt after 10 s, a write whose packets go unacknowledged after 5 s, and
#: notice a silent peer (a dropped network) within about 20 s.
LINK_DEFAULTS = {"connect_timeout": "10", "keepalives": "1", "keepalives_idle": "10",
                 "keepalives_interval": "5", "keepalives_count": "2",
                 "tcp_user_timeout": "5000"}
#: Seconds a connection attempt may take when a broken link is taken up again on a
#: reviewer's key (libpq's least): the key waits no longer before the decision is kept.
RECONNECT_TIMEOUT = "2"


def connect(psycopg: Any, url: str, again: bool = False) -> Any:
    """Open the psycopg connection to ``url`` (LINK_DEFAULTS under the URL's own settings).

    ``again``: a broken link taken up again (:data:`RECONNECT_TIMEOUT`).
    """
    from psycopg.types.numeric import FloatLoader, IntDumper

    try:
        defaults = {**LINK_DEFAULTS, "connect_timeout": RECONNECT_TIMEOUT} if again \
            else LINK_DEFAULTS
        params = {**defaults, **psycopg.conninfo.conninfo_to_dict(url)}
        raw = psycopg.connect(autocommit=True, **params)
    except psycopg.Error as exc:
        # libpq's reason and its hint are on lines of their own ("Connection
        # refused" / "Is the server running ...?"): one line, both kept.
        reason = " ".join(str(exc).split()) or "refused"
        raise StoreError(f"cannot connect to the review database {redact(url)}: "
                         f"{scrub(redact_urls(reason), url)}",
                         "Check the server, the database name and your role; the "
                         "password comes from PGPASSWORD or ~/.pgpass.") from None

    class _NumericLoader(FloatLoader):
        """SUM() over integers is numeric in PostgreSQL: read whole numbers as int."""

        def load(self, data: Any) -> Any:
            value = float(bytes(data))
            return int(value) if value.is_integer() else value

    raw.adapters.register_loader("numeric", _NumericLoader)
    # SQLite stores a Python bool as 0/1; so do litsearch's INTEGER columns here.
    raw.adapters.register_dumper(bool, IntDumper)
    # A record's verbatim original (~2.5 KB) is compressed as it is stored: lz4 costs
    # the server less than the default pglz (measured on an import: about a sixth of
    # its CPU). Asked for only where the server has it (PostgreSQL 14+, built with
    # lz4); values stored either way read the same.
    raw.execute("SELECT set_config('default_toast_compression', 'lz4', false) FROM "
                "pg_settings WHERE name = 'default_toast_compression' AND "
                "'lz4' = ANY(enumvals)")
    return raw


@contextmanager
def user_timeout(connection: Any, ms: int) -> Iterator[None]:
    """Give the link's TCP_USER_TIMEOUT ``ms`` for a block (unless the URL sets one).

    ``connection``: a :class:`~litsearch.store.postgres.PgConnection`.
    """
    option = getattr(socket, "TCP_USER_TIMEOUT", None)
    if option is None or "tcp_user_timeout" in connection.url:
        yield
        return
    try:
        link = socket.socket(fileno=os.dup(connection.raw.pgconn.socket))
    except (OSError, connection.psycopg.Error):
        yield
        return
    try:
        try:
            link.setsockopt(socket.IPPROTO_TCP, option, ms)
        except OSError:  # not TCP (a Unix socket): nothing to time out
            pass
        yield
    finally:
        try:
            link.setsockopt(socket.IPPROTO_TCP, option,
                            int(LINK_DEFAULTS["tcp_user_timeout"]))
        except OSError:
            pass
        link.close()  # the duplicate descriptor: libpq's own stays open
