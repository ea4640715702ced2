"""Split a search with more hits than ESearch returns into disjoint parts.

ESearch on PubMed hands out at most 9,999 IDs per query. A larger search is cut
into Entrez-date ranges (``mindate``/``maxdate``, ``datetype=edat``, both bounds
inclusive), bisected until every part is under the cap; a single day that is still
too large is cut further by PMID range (``AND lo:hi[uid]``), which always ends.
Every record has exactly one Entrez date, a full day, so adjacent day ranges are
disjoint and records whose publication date is only a year or a season, or differs
between print and electronic issue, land in exactly one part (see
:data:`~litsearch.search.request.DATETYPE`). The union of the parts' PMIDs is then
checked against the total Count: a shortfall names the part or range that lost
records, never passes as a silently shorter result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from ..errors import PubMedError
from .parse import ESearchResult
from .request import ESEARCH_MAX_IDS

#: Publication-date window the first split covers; records dated outside it are a shortfall.
FIRST_DATE = date(1000, 1, 1)
#: Start of the range probed first: nearly all of PubMed is dated after it.
RECENT_START = date(1950, 1, 1)
LAST_DATE = date(2999, 12, 31)
#: PMID range the PMID split starts from (PMIDs are positive and below 10**8 today).
UID_RANGE = (1, 99_999_999)

#: ``esearch(term, mindate, maxdate) -> ESearchResult`` with up to 9,999 IDs.
Searcher = Callable[[str, str | None, str | None], ESearchResult]


class SplitShortfallError(PubMedError):
    """The parts of a split search do not add up to PubMed's total Count."""


@dataclass
class Part:
    """One disjoint slice of a search.

    Attributes:
        mindate: First Entrez date (``YYYY/MM/DD``) or None for no date limit.
        maxdate: Last Entrez date, inclusive.
        uid: ``(lo, hi)`` PMID range ANDed to the term, or None.
        count: Hits PubMed reported for this part.
    """

    mindate: str | None = None
    maxdate: str | None = None
    uid: tuple[int, int] | None = None
    count: int = 0

    def term(self, query: str) -> str:
        """Return the search string sent for this part."""
        return f"({query}) AND {self.uid[0]}:{self.uid[1]}[uid]" if self.uid else query

    def label(self) -> str:
        """Describe the part for messages ("2019/01/01–2019/06/30, PMIDs 1–5000")."""
        text = f"{self.mindate}–{self.maxdate}" if self.mindate else "all dates"
        return text + (f", PMIDs {self.uid[0]}–{self.uid[1]}" if self.uid else "")

    def to_json(self) -> dict[str, object]:
        """Return the part as JSON-ready data (for resume state)."""
        return asdict(self)


def _fmt(day: date) -> str:
    return day.strftime("%Y/%m/%d")


def _parse(text: str) -> date:
    year, month, day = (int(x) for x in text.split("/"))
    return date(year, month, day)


def split_parts(part: Part, pieces: int = 2, sample: list[str] | None = None) -> list[Part]:
    """Cut a part into ``pieces``, newest first: by date while it spans days, then by PMID.

    Args:
        part: The part with too many hits.
        pieces: How many pieces to cut it into (at least 2).
        sample: PMIDs ESearch returned for the part; a PMID cut is placed at their
            quantiles so the pieces hold similar numbers of records.
    """
    pieces = max(2, pieces)
    if part.mindate and part.maxdate and part.mindate != part.maxdate:
        lo, hi = _parse(part.mindate), _parse(part.maxdate)
        days = (hi - lo).days + 1
        pieces = min(pieces, days)
        edges = [lo + timedelta(days=days * i // pieces) for i in range(pieces + 1)]
        out = [Part(_fmt(a), _fmt(b - timedelta(days=1)), part.uid)
               for a, b in zip(edges, edges[1:], strict=False)]
        out[-1].maxdate = _fmt(hi)
        return out[::-1]
    lo_uid, hi_uid = part.uid or UID_RANGE
    if lo_uid >= hi_uid:
        raise SplitShortfallError(
            f"PubMed reports {part.count} records for the single PMID range {part.label()}.",
            "This cannot be split further; report it to the litsearch maintainers.")
    known = sorted(n for n in (int(x) for x in sample or () if x.isdigit()) if lo_uid < n <= hi_uid)
    if len(known) >= pieces:
        cuts = [known[len(known) * i // pieces] for i in range(1, pieces)]
    else:
        cuts = [lo_uid + (hi_uid - lo_uid + 1) * i // pieces for i in range(1, pieces)]
    edges = sorted({lo_uid, *cuts, hi_uid + 1})
    out = [Part(part.mindate, part.maxdate, (a, b - 1))
           for a, b in zip(edges, edges[1:], strict=False)]
    return out[::-1]


def collect_ids(query: str, total: ESearchResult, esearch: Searcher, today: date,
                cap: int = ESEARCH_MAX_IDS, on_ids: Callable[[list[str]], None] | None = None
                ) -> tuple[list[str], list[Part]]:
    """Collect every PMID of a search, splitting it when it has more than ``cap`` hits.

    A part over the cap is cut into about ``count / (0.75 * cap)`` equal pieces, newest
    first. Pieces are probed in turn; once the probed pieces of a part add up to its
    count, the rest must be empty and are not asked about.

    Args:
        query: The search string.
        total: The unsplit search's answer (its Count is the target; its IDs are used
            directly when it is under the cap).
        esearch: Runs one part: ``esearch(term, mindate, maxdate)`` with ``cap`` IDs.
        today: Where the first cut goes, so the future and the distant past are
            probed last (and usually not at all).
        cap: Most IDs one ESearch returns.
        on_ids: Called with the PMIDs of each part as soon as the part is checked
            (so they can be fetched while later parts are searched).

    Returns:
        PMIDs (each once, newest part first) and the parts that held them.

    Raises:
        SplitShortfallError: The parts' PMIDs do not add up to the total Count.
    """
    if total.count <= cap:
        _check_part(Part(count=total.count), total.ids)
        if on_ids:
            on_ids(total.ids)
        return _dedupe(total.ids), [Part(count=total.count)]
    # The recent range holds nearly everything, so it is cut at once (no probe for a
    # count known to be too large); the future and the distant past come last.
    roots = [*split_parts(Part(_fmt(RECENT_START), _fmt(today)), _pieces(total.count, cap)),
             Part(_fmt(today + timedelta(days=1)), _fmt(LAST_DATE)),
             Part(_fmt(FIRST_DATE), _fmt(RECENT_START - timedelta(days=1)))]
    # Each queued part carries its parent's unexplained count (a shared one-item list);
    # once it reaches zero the remaining siblings must be empty and are not asked about.
    unexplained = [total.count]
    pending: list[tuple[Part, list[int]]] = [(p, unexplained) for p in roots]
    skipped: list[Part] = []
    done: list[Part] = []
    ids: list[str] = []
    while pending or skipped:
        if not pending:
            if len(set(ids)) >= total.count:
                break
            # Skipping assumed disjoint parts; records are still missing, so ask after all.
            pending, skipped = [(p, [total.count]) for p in skipped], []
        part, left = pending.pop(0)
        if left[0] <= 0:
            skipped.append(part)  # the siblings already hold every record of the parent
            continue
        result = esearch(part.term(query), part.mindate, part.maxdate)
        part.count = result.count
        left[0] -= result.count
        if result.count > cap:
            pieces = split_parts(part, _pieces(result.count, cap), result.ids)
            shared = [result.count]
            pending[:0] = [(p, shared) for p in pieces]
        elif result.count:
            _check_part(part, result.ids)
            if on_ids:
                on_ids(result.ids)
            ids.extend(result.ids)
            done.append(part)
    unique = _dedupe(ids)
    found = sum(p.count for p in done)
    if len(unique) != total.count:
        if len(unique) < total.count:
            where = (f"{total.count - len(unique)} dated outside {_fmt(FIRST_DATE)}–"
                     f"{_fmt(LAST_DATE)} or undated")
        else:
            where = f"PubMed's count changed while the parts were run (parts hold {found})"
        raise SplitShortfallError(
            f"PubMed reported {total.count} records but the date parts returned "
            f"{len(unique)} PMIDs ({where}).",
            "Run the search again; if it persists, narrow the search string.")
    return unique, done


def _pieces(count: int, cap: int) -> int:
    """Return how many equal pieces should leave each under the cap with room to spare."""
    return max(2, -(-count * 4 // (3 * cap)))


def _check_part(part: Part, ids: list[str]) -> None:
    distinct = len(set(ids))
    if distinct < part.count:
        repeated = f", {len(ids) - distinct} repeated" if distinct < len(ids) else ""
        raise SplitShortfallError(
            f"PubMed reported {part.count} records for {part.label()} but returned "
            f"{distinct} {'distinct ' if repeated else ''}PMIDs ({part.count - distinct} "
            "missing in that range"
            f"{repeated}).",
            "Run the search again; if it persists, narrow the search string.")


def _dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
