"""Cache what blocking and screening read of each record in ``dedup_keys``.

An incremental run matches new records against the records already
deduplicated. It needs the old ones only to learn which share a block with a
new record, which of those pairs are worth comparing, and then, for those few,
their fields. Normalising every stored record again for the first two steps made
a re-run cost as much as a first run. So each record's folded title, author
names, blocking keys and locators (:data:`~litsearch.dedup.scoring.LOCATOR_KEYS`)
are kept, stamped with the rules version that made them; a missing row, or one
with another stamp, is made again (a changed record loses its row by a trigger).

Every block that holds a new record consists of the records sharing its key
value, so blocking over the new records and those neighbours (SQLite picks them
from the cache) yields the same candidate pairs as blocking over the whole review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping

from ..store import Store
from .blocking import BLOCK_KEYS, Keys
from .loading import id_list
from .normalise import Prepared
from .scoring import LOCATOR_KEYS
from .settings import RULES_VERSION, DedupSettings

#: Cached values per record (blocking keys, then locators; a shared name is one value),
#: each a column of ``dedup_keys`` with ``-`` written ``_``.
CACHED_KEYS: tuple[tuple[str, Callable[[Prepared], str]], ...] = tuple(
    {**dict(BLOCK_KEYS), **dict(LOCATOR_KEYS)}.items())

#: ``DedupSettings`` fields the cached values depend on; a change of any makes them again.
#: None today: thresholds act on compared pairs, and ``max_block`` on how blocks are
#: split, which every run redoes from the cached titles.
KEY_SETTINGS: tuple[str, ...] = ()

_SEP = "\x1f"  # between author names; folding leaves no control character in a name
_NAMES = [name for name, _key in CACHED_KEYS]
_COLUMNS = {name: name.replace("-", "_") for name in _NAMES}
_BLOCK_COLUMNS = [_COLUMNS[name] for name, _key in BLOCK_KEYS]
_LOCATOR_COLUMNS = [_COLUMNS[name] for name, _key in LOCATOR_KEYS]
_ALL = ["record_id", "version", "title", "authors", "swapped", *_COLUMNS.values()]
_SAVE_SQL = (f"INSERT OR REPLACE INTO dedup_keys ({', '.join(_ALL)}) "
             f"VALUES ({', '.join('?' * len(_ALL))})")
_STALE_SQL = ("SELECT r.id FROM records r LEFT JOIN dedup_keys k ON k.record_id = r.id "
              "WHERE k.version IS NOT ? ORDER BY r.id")
# The new records and every record sharing one of their blocking-key values (NULL,
# "no key", never matches). SQLite scans the narrow table once, in C.
_NEIGHBOURS_SQL = (
    "WITH fresh AS (SELECT * FROM dedup_keys WHERE record_id IN "
    "(SELECT value FROM json_each(:ids))) "
    f"SELECT record_id, title, {', '.join(_BLOCK_COLUMNS)} FROM dedup_keys "
    "WHERE version = :version AND ("
    + " OR ".join(f"{c} IN (SELECT {c} FROM fresh)" for c in _BLOCK_COLUMNS)
    + ") ORDER BY record_id")
_SCREEN_SQL = (f"SELECT record_id, title, authors, swapped, {', '.join(_LOCATOR_COLUMNS)} "
               "FROM dedup_keys WHERE record_id IN (SELECT value FROM json_each(?)) "
               "ORDER BY record_id")


class Screen:
    """What screening reads of a cached record (see ``scoring.Screened``).

    The author names are split on first use: most cached records are screened out
    on their titles alone.
    """

    __slots__ = ("title", "locators", "_joined", "_names")

    def __init__(self, title: str, authors: str, swapped: str,
                 locators: tuple[str | None, ...]) -> None:
        self.title = title
        self.locators = locators
        self._joined = (authors, swapped)
        self._names: tuple[list[str], list[str]] | None = None

    def _split(self) -> tuple[list[str], list[str]]:
        if self._names is None:
            self._names = (_names(self._joined[0]), _names(self._joined[1]))
        return self._names

    @property
    def authors(self) -> list[str]:
        """The folded family names (``Prepared.authors``)."""
        return self._split()[0]

    @property
    def swapped(self) -> list[str]:
        """The swapped reading (``Prepared.swapped``)."""
        return self._split()[1]


def keys_version(settings: DedupSettings) -> str:
    """Return the stamp of values made now: the rules version and a digest of the rest.

    The digest covers the cached names and the :data:`KEY_SETTINGS` values, and
    keeps the stamp short (it is stored on every row).

    >>> keys_version(DedupSettings()).startswith(f"{RULES_VERSION}:")
    True
    """
    basis = [",".join(_NAMES), *(f"{name}={getattr(settings, name)!r}" for name in KEY_SETTINGS)]
    digest = hashlib.sha256("; ".join(basis).encode()).hexdigest()[:8]
    return f"{RULES_VERSION}:{digest}"


def stale_ids(store: Store, version: str) -> list[int]:
    """Return the ids of records without cached values of this version, in id order."""
    return [row[0] for row in store.execute(_STALE_SQL, (version,))]


def save(store: Store, version: str, prepared: Mapping[int, Prepared]) -> dict[int, Keys]:
    """Cache these records' values (call inside a transaction); return their blocking keys."""
    rows, keys = [], {}
    for rid, p in prepared.items():
        values = [key(p) or None for _name, key in CACHED_KEYS]
        rows.append((rid, version, p.title, _SEP.join(p.authors), _SEP.join(p.swapped),
                     *values))
        # CACHED_KEYS opens with BLOCK_KEYS, in order.
        keys[rid] = Keys(p.title_key, tuple(values[:len(BLOCK_KEYS)]))
    store.db.executemany(_SAVE_SQL, rows)
    return keys


def neighbourhood(store: Store, version: str, new: Collection[int]) -> dict[int, Keys]:
    """Return the blocking keys of the new records and of every record sharing one.

    Args:
        store: The review database; every record in ``new`` has values of ``version``.
        version: The current :func:`keys_version`.
        new: Ids of the records to be matched.

    Returns:
        ``{record_id: keys}`` in id order.
    """
    cursor = store.db.cursor()
    cursor.row_factory = None
    cursor.execute(_NEIGHBOURS_SQL, {"ids": id_list(new), "version": version})
    return {row[0]: Keys(row[1].replace(" ", ""), row[2:]) for row in cursor}


def screens(store: Store, ids: Collection[int]) -> dict[int, Screen]:
    """Return the cached screening view of these records, in id order."""
    cursor = store.db.cursor()
    cursor.row_factory = None
    cursor.execute(_SCREEN_SQL, (id_list(ids),))
    return {row[0]: Screen(row[1], row[2], row[3], row[4:]) for row in cursor}


def _names(joined: str) -> list[str]:
    return joined.split(_SEP) if joined else []
