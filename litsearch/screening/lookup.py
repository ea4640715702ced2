"""Find the screening unit a user means: by record id, DOI, PMID or title."""

from __future__ import annotations

import html
import re
import unicodedata

from .. import normalise
from ..errors import ScreeningError
from ..store import Store
from .state import unit_map


def check_dedup(store: Store) -> None:
    """Fail unless every record has been through dedup.

    Raises:
        ScreeningError: No records, or records that dedup has not seen (screening
            them would screen duplicates twice).
    """
    total = store.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    done = store.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
    if total == 0:
        raise ScreeningError("the review has no records to screen.",
                             "Import some with 'litsearch import FILE --db NAME'.")
    if total > done:
        raise ScreeningError(f"{total - done} of {total} records have not been deduplicated.",
                             "Run 'litsearch dedup' first.")


def require_dedup(store: Store) -> dict[int, int]:
    """Return the record-to-unit map after :func:`check_dedup`."""
    check_dedup(store)
    return unit_map(store)


#: Inline markup that exports leave in titles (Lens, Embase, Rayyan): <i>, <sup>, <jats:p>.
_MARKUP_RE = re.compile(r"</?[A-Za-z][\w:.-]{0,20}(?:\s[^<>]{0,200})?/?>")


def title_key(title: str | None) -> str:
    """Return a title reduced to lower-case letters and digits, for matching.

    HTML entities are read as the characters they stand for (Lens escapes its markup:
    ``&lt;i&gt;``), markup is dropped and Unicode is composed (NFC), so a title as one
    tool writes it matches the same title as another tool writes it:

    >>> title_key("R&amp;D of <i>Pinus</i>!") == title_key("R&D of Pinus")
    True
    """
    text = unicodedata.normalize("NFC", _MARKUP_RE.sub("", html.unescape(title or "")))
    return re.sub(r"[\W_]+", "", text.casefold())


def resolve_record(store: Store, ref: str, unit_of: dict[int, int] | None = None) -> int:
    """Return the screening unit for a record id, ``doi:…``/DOI, or ``pmid:…``.

    Raises:
        ScreeningError: Nothing matches, or the record is not deduplicated.
    """
    unit_of = require_dedup(store) if unit_of is None else unit_of
    text = ref.strip()
    if text.isdigit():
        rows = store.execute("SELECT id FROM records WHERE id = ?", (int(text),)).fetchall()
    elif text.lower().startswith("pmid:"):
        rows = store.execute("SELECT id FROM records WHERE pmid = ?",
                             (normalise.pmid(text[5:]),)).fetchall()
    elif normalise.doi(text.removeprefix("doi:")):
        rows = store.execute("SELECT id FROM records WHERE doi = ?",
                             (normalise.doi(text.removeprefix("doi:")),)).fetchall()
    else:
        rows = []
    units = {unit_of.get(r[0], r[0]) for r in rows}
    if not units:
        raise ScreeningError(f"unknown record '{ref}'.",
                             "Give a record id (see 'litsearch export'), doi:10.… or pmid:….")
    if len(units) > 1:
        raise ScreeningError(f"'{ref}' matches {len(units)} different records "
                             f"({', '.join(map(str, sorted(units)))}).",
                             "Give the record id instead.")
    return units.pop()
