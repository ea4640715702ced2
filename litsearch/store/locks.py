"""Named locks kept in the review database: one dedup run at a time.

SQLite serialises single transactions, but a dedup run reads the review, matches for
seconds or minutes and then writes: two runs started together both read the same
records and both record a run. A lock row in ``meta`` (taken in a write transaction,
so two processes cannot both take it) makes the second one stop at once with one line.

A lock left by a process that died (SIGKILL, power loss) is taken over: on the same
machine when its process id no longer runs, from another machine (a shared folder)
once it is older than :data:`STALE_AFTER_S`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import StoreError
from .db import Store

#: A lock held from another machine is taken over after this long (no run takes hours).
STALE_AFTER_S = 6 * 3600

_F = TypeVar("_F", bound=Callable[..., Any])


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or the platform cannot tell)
    return True


def _held(holder: dict[str, Any]) -> bool:
    if holder.get("host") == socket.gethostname():
        return _running(int(holder.get("pid", 0)))
    return time.time() - float(holder.get("since", 0)) < STALE_AFTER_S


@contextmanager
def exclusive(store: Store, name: str, what: str) -> Iterator[None]:
    """Hold the lock ``name`` for the block; refuse at once if another process holds it.

    Args:
        store: The review database.
        name: The lock's name ("dedup").
        what: What holds it, for the message ("a dedup run").

    Raises:
        StoreError: Another live process holds the lock.
    """
    key = f"lock:{name}"
    mine = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()})
    with store.transaction():
        text = store.get_meta(key)
        holder = json.loads(text) if text else None
        if holder is not None and _held(holder):
            since = time.strftime("%H:%M:%S", time.localtime(float(holder.get("since", 0))))
            raise StoreError(f"{what} is already running on this review (process "
                             f"{holder.get('pid')} on {holder.get('host')}, since {since}).",
                             "Wait for it to finish; its result includes every record "
                             "imported before it started. Then run the command again.")
        store.set_meta(key, mine)
    try:
        yield
    finally:
        # Only our own row: a lock taken over from us (we were presumed dead) stays. A
        # release that fails (disk full) must not hide why the block failed; the row
        # names a process that has ended, so the next run takes it over.
        with contextlib.suppress(StoreError, sqlite3.Error), store.transaction():
            store.execute("DELETE FROM meta WHERE key = ? AND value = ?", (key, mine))


def holding(name: str, what: str) -> Callable[[_F], _F]:
    """Decorate a function whose first argument is a Store to run under :func:`exclusive`."""

    def decorate(func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(store: Store, *args: Any, **kwargs: Any) -> Any:
            with exclusive(store, name, what):
                return func(store, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
