"""Group matched pairs into clusters; pick a representative and merge its missing fields.

Union-find with cannot-links: two clusters are never joined when any of their
records were declared different (by a reviewer or a hard veto), so one weak
link cannot chain unrelated records together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from typing import Any

from ..models import Record

#: Fields a representative takes from other members when its own is empty, in order.
MERGE_FIELDS = ("title", "abstract", "authors", "year", "journal", "volume", "issue",
                "start_page", "end_page", "doi", "pmid", "pmcid", "issn", "isbn", "language",
                "url")


class UnionFind:
    """Disjoint sets with cannot-link constraints between sets."""

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict[Hashable, Hashable] = {}
        self.cannot: dict[Hashable, set[Hashable]] = {}
        for item in items:
            self.add(item)

    def add(self, item: Hashable) -> None:
        """Add an item as its own set (no-op when present)."""
        if item not in self.parent:
            self.parent[item] = item

    def find(self, item: Hashable) -> Hashable:
        """Return the root of an item's set (path halving)."""
        self.add(item)
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def forbid(self, a: Hashable, b: Hashable) -> bool:
        """Declare that the sets of a and b must stay apart; False if already joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.cannot.setdefault(ra, set()).add(rb)
        self.cannot.setdefault(rb, set()).add(ra)
        return True

    def union(self, a: Hashable, b: Hashable) -> bool:
        """Join the sets of a and b unless forbidden; return whether they are now one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if rb in self.cannot.get(ra, ()):
            return False
        self.parent[rb] = ra
        moved = self.cannot.pop(rb, set())
        if moved:
            self.cannot.setdefault(ra, set()).update(moved)
            for other in moved:
                peers = self.cannot[other]
                peers.discard(rb)
                peers.add(ra)
        return True

    def groups(self) -> list[list[Hashable]]:
        """Return every set as a list, in first-seen order of its members."""
        out: dict[Hashable, list[Hashable]] = {}
        for item in self.parent:
            out.setdefault(self.find(item), []).append(item)
        return list(out.values())


#: Added to a merge's score when ordering the merges: between equally scored pairs an
#: identifier match is joined first, so a record with a cannot-link to one of two groups
#: it matches goes with the one its identifiers name (an accession number names one
#: database record; a PMID one PubMed record; a DOI one published item).
ID_PRIORITY = {"id:accession": 0.3, "id:pmid": 0.2, "id:doi": 0.1}


def merge_order(score: float | None, rule: str) -> float:
    """Return the key merges are joined by (strongest first): score, then identifier."""
    return (score or 0.0) + ID_PRIORITY.get(rule, 0.0)


def build_clusters(items: Iterable[Hashable], merges: Iterable[tuple[Hashable, Hashable, float]],
                   cannot: Iterable[tuple[Hashable, Hashable]] = (),
                   must: Iterable[tuple[Hashable, Hashable]] = (),
                   different: Iterable[tuple[Hashable, Hashable]] = ()) -> list[list[Hashable]]:
    """Return clusters from pairwise evidence.

    Args:
        items: Every item (singletons included).
        merges: Automatic matches ``(a, b, score)``; stronger ones are joined first.
        cannot: Pairs a hard veto keeps apart.
        must: Pairs a reviewer declared the same (joined before anything else).
        different: Pairs a reviewer declared different (beat everything).
    """
    uf = UnionFind(items)
    for a, b in different:
        uf.forbid(a, b)
    for a, b in must:
        uf.union(a, b)
    for a, b in cannot:
        uf.forbid(a, b)
    for a, b, _score in sorted(merges, key=lambda m: -m[2]):
        uf.union(a, b)
    return uf.groups()


def choose_representative(members: list[tuple[int, Record]]) -> int:
    """Return the id of the most complete record; the earliest imported wins ties."""
    return max(members, key=lambda m: (m[1].completeness(), -m[0]))[0]


def fill_gaps(record: Record, others: Iterable[Record]) -> Record:
    """Return ``record`` with its empty fields filled from ``others``, in their order.

    The representative of a cluster lacks what only its duplicates carry (a PMID found
    only in the PubMed copy): a work's citation should have it all.
    """
    filled = {}
    rest = list(others)
    for name in MERGE_FIELDS:
        if getattr(record, name) in (None, "", []):
            value = next((v for o in rest if (v := getattr(o, name)) not in (None, "", [])),
                         None)
            if value is not None:
                filled[name] = value
    return dataclasses.replace(record, **filled) if filled else record


def merge_fields(members: list[tuple[int, Record]], representative: int) -> dict[str, Any]:
    """Return the representative's fields with gaps filled from the other members.

    Also lists every member id, database, DOI and PMID so exports and PRISMA can
    count per database.
    """
    ordered = sorted(members, key=lambda m: (m[0] != representative, -m[1].completeness(), m[0]))
    merged: dict[str, Any] = {}
    filled_from: dict[str, int] = {}
    for name in MERGE_FIELDS:
        for record_id, record in ordered:
            value = getattr(record, name)
            if value not in (None, "", []):
                merged[name] = [a.display() for a in value] if name == "authors" else value
                if record_id != representative:
                    filled_from[name] = record_id
                break
    merged["record_ids"] = sorted(m[0] for m in members)
    merged["databases"] = sorted({m[1].database or "" for m in members} - {""})
    merged["dois"] = sorted({m[1].doi for m in members if m[1].doi})
    merged["pmids"] = sorted({m[1].pmid for m in members if m[1].pmid})
    merged["filled_from"] = filled_from
    return merged
