"""Match a row of another tool's file to one work of the review, or say why not.

Other tools number records their own way: a Rayyan ``key``, ASReview's ``record_id``,
Covidence's ``Covidence #``. None of them is a litsearch record id, so a row is matched
on what identifies the work itself: DOI, then PMID, then normalised title with year.
A litsearch record id counts only from a column the file marks as one (the
``litsearch_record_id`` column litsearch's own exports write, or ``--id-column``).

Every identifier on the row must agree: the works each one points to must share one
work, and a DOI or PMID that points nowhere must not contradict the work the others
found (that work carries a different one). A title is not an identifier: it disagrees
only when it is the title of another work. Anything else is refused with the reason,
never attached to a work by a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import normalise
from ..store import Store
from .lookup import require_dedup, title_key

#: Identifier kinds, in the order they are tried and reported.
KINDS = ("id", "doi", "pmid", "title")
#: How each kind is named in messages.
KIND_LABELS = {"id": "litsearch record id", "doi": "DOI", "pmid": "PMID", "title": "title"}


@dataclass
class WorkIndex:
    """Each work (screening unit) of the review by its members' DOIs, PMIDs and titles.

    Attributes:
        unit_of: Record id -> the work (cluster representative) it belongs to.
        by: Kind -> normalised value -> works carrying it.
        years: Work -> the years its records give.
        values: Work -> kind -> the normalised values its records carry.
    """

    unit_of: dict[int, int]
    by: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    years: dict[int, set[int]] = field(default_factory=dict)
    values: dict[int, dict[str, set[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, unit_of: dict[int, int],
              rows: Iterable[tuple[int, str | None, str | None, str | None, int | None]]
              ) -> WorkIndex:
        """Index ``(record id, doi, pmid, title, year)`` rows by the work each belongs to."""
        index = cls(unit_of, {kind: {} for kind in KINDS[1:]})
        for rid, doi, pmid, title, year in rows:
            unit = unit_of.get(rid, rid)
            for kind, value in (("doi", normalise.doi(doi)), ("pmid", normalise.pmid(pmid)),
                                ("title", title_key(title))):
                if value:
                    index.by[kind].setdefault(value, set()).add(unit)
                    index.values.setdefault(unit, {}).setdefault(kind, set()).add(value)
            if year:
                index.years.setdefault(unit, set()).add(int(year))
        return index

    @classmethod
    def from_store(cls, store: Store) -> WorkIndex:
        """Index every record of the review (which must be deduplicated)."""
        return cls.build(require_dedup(store), store.execute(
            "SELECT id, doi, pmid, title, year FROM records"))


@dataclass(frozen=True)
class Match:
    """The work a row was matched to, or why it was refused.

    Attributes:
        unit: The work's id (its representative record), or None when refused.
        reason: Why the row was refused ("" when matched).
        how: The identifiers the match rests on ("DOI, title").
    """

    unit: int | None
    reason: str = ""
    how: str = ""


def row_keys(values: Mapping[str, str]) -> dict[str, str]:
    """Return the row's identifiers, normalised: kind -> value (empty ones left out)."""
    doi, pmid = values.get("doi", "").strip(), values.get("pmid", "").strip()
    # A value that does not normalise is kept as written: it matches nothing and is
    # reported, rather than dropped as if the cell were empty.
    keys = {"id": values.get("id", "").strip(),
            "doi": normalise.doi(doi) or doi.lower(),
            "pmid": normalise.pmid(pmid) or pmid,
            "title": title_key(values.get("title"))}
    return {kind: value for kind, value in keys.items() if value}


def _shown(values: Mapping[str, str], kind: str) -> str:
    raw = " ".join(str(values.get(kind, "")).split())
    return f"{KIND_LABELS[kind]} {raw[:60]!r}"


def _works(units: Iterable[int]) -> str:
    units = sorted(units)
    return f"record {units[0]}" if len(units) == 1 else \
        "records " + ", ".join(map(str, units))


def match_row(index: WorkIndex, values: Mapping[str, str]) -> Match:
    """Find the one work a row's identifiers point to.

    Args:
        index: The review's works.
        values: The row's cells by kind: ``id`` (only from a column the file marks as
            litsearch's record id), ``doi``, ``pmid``, ``title``, ``year``.
    """
    keys = row_keys(values)
    if not keys:
        return Match(None, "no DOI, PMID or title on this row")
    year = normalise.year(values.get("year"))
    found: dict[str, set[int]] = {}
    for kind, key in keys.items():
        if kind == "id":
            units = {index.unit_of[int(key)]} if key.isdigit() and int(key) in index.unit_of \
                else set()
        else:
            units = set(index.by.get(kind, {}).get(key, ()))
        if kind == "title" and year is not None and not any(found.values()):
            # A title alone identifies a work only with its year.
            units = {u for u in units if year in index.years.get(u, ())}
        found[kind] = units
    hits = {kind: units for kind, units in found.items() if units}
    if not hits:
        said = "; ".join(_shown(values, k) for k in keys)
        if set(keys) == {"title"} and found["title"] == set() and year is not None \
                and index.by.get("title", {}).get(keys["title"]):
            return Match(None, f"{said} is in the review, but not with year {year}")
        return Match(None, f"no work in the review has {said}")
    common = set.intersection(*hits.values())
    if not common:
        parts = [f"{_shown(values, k)} is {_works(u)}" for k, u in hits.items()]
        return Match(None, "its identifiers disagree: " + "; ".join(parts))
    if len(common) > 1:
        said = ", ".join(_shown(values, k) for k in hits)
        return Match(None, f"{said} matches {len(common)} works ({_works(common)}); "
                           "add a litsearch_record_id column to say which")
    unit = next(iter(common))
    for kind in ("id", "doi", "pmid"):
        if kind in keys and kind not in hits and index.values.get(unit, {}).get(kind):
            theirs = ", ".join(sorted(index.values[unit][kind]))
            by = ", ".join(KIND_LABELS[k] for k in hits)
            return Match(None, f"its identifiers disagree: {_works([unit])} (found by {by}) "
                               f"has {KIND_LABELS[kind]} {theirs}, the row "
                               f"{values.get(kind, '').strip()!r}")
        if kind == "id" and kind in keys and kind not in hits:
            return Match(None, f"no record in the review has id {keys['id']!r}")
    return Match(unit, how=", ".join(KIND_LABELS[k] for k in hits))
