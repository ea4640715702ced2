"""Split a search with more hits than ESearch returns into disjoint parts.

ESearch on PubMed hands out at most 9,999 IDs per query. A larger search is cut
into publication-date ranges (``mindate``/``maxdate``, ``datetype=pdat``), bisected
until every part is under the cap; a single day that is still too large is cut
further by PMID range (``AND lo:hi[uid]``), which always ends. The union of the
parts is then checked against the total Count: a shortfall names the part or range
that lost records, never passes as a silently shorter result.
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
        mindate: First publication date (``YYYY/MM/DD``) or None for no date limit.
        maxdate: Last publication date, inclusive.
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


def split_parts(part: Part) -> list[Part]:
    """Cut a part in two: by date while it spans days, then by PMID range."""
    if part.mindate and part.maxdate and part.mindate != part.maxdate:
        lo, hi = _parse(part.mindate), _parse(part.maxdate)
        mid = lo + timedelta(days=(hi - lo).days // 2)
        return [Part(_fmt(lo), _fmt(mid), part.uid), Part(_fmt(mid + timedelta(days=1)),
                                                          _fmt(hi), part.uid)]
    lo_uid, hi_uid = part.uid or UID_RANGE
    if lo_uid >= hi_uid:
        raise SplitShortfallError(
            f"PubMed reports {part.count} records for the single PMID range {part.label()}.",
            "This cannot be split further; report it to the litsearch maintainers.")
    mid_uid = (lo_uid + hi_uid) // 2
    return [Part(part.mindate, part.maxdate, (lo_uid, mid_uid)),
            Part(part.mindate, part.maxdate, (mid_uid + 1, hi_uid))]


def collect_ids(query: str, total: ESearchResult, esearch: Searcher, today: date,
                cap: int = ESEARCH_MAX_IDS) -> tuple[list[str], list[Part]]:
    """Collect every PMID of a search, splitting it when it has more than ``cap`` hits.

    Args:
        query: The search string.
        total: The unsplit search's answer (its Count is the target; its IDs are used
            directly when it is under the cap).
        esearch: Runs one part: ``esearch(term, mindate, maxdate)`` with ``cap`` IDs.
        today: The first split is at this date, so the future range stays small.
        cap: Most IDs one ESearch returns.

    Returns:
        PMIDs in part order (each once) and the parts searched.

    Raises:
        SplitShortfallError: The parts' PMIDs do not add up to the total Count.
    """
    if total.count <= cap:
        _check_part(Part(count=total.count), total.ids)
        return _dedupe(total.ids), [Part(count=total.count)]
    pending = [Part(_fmt(FIRST_DATE), _fmt(today)),
               Part(_fmt(today + timedelta(days=1)), _fmt(LAST_DATE))]
    done: list[Part] = []
    ids: list[str] = []
    while pending:
        part = pending.pop(0)
        result = esearch(part.term(query), part.mindate, part.maxdate)
        part.count = result.count
        if result.count > cap:
            # Keep chronological order: the halves go back to the front of the queue.
            pending[:0] = split_parts(part)
            continue
        if result.count:
            _check_part(part, result.ids)
            ids.extend(result.ids)
            done.append(part)
    unique = _dedupe(ids)
    found = sum(p.count for p in done)
    if len(unique) != total.count or found != total.count:
        missing = total.count - len(unique)
        where = (f"records dated outside {_fmt(FIRST_DATE)}–{_fmt(LAST_DATE)} or undated"
                 if found < total.count else "PubMed's count changed while the parts were run")
        raise SplitShortfallError(
            f"PubMed reported {total.count} records but the date parts hold {len(unique)} "
            f"({missing:+d} missing: {where}).",
            "Run the search again; if it persists, narrow the search string.")
    return unique, done


def _check_part(part: Part, ids: list[str]) -> None:
    if len(ids) < part.count:
        raise SplitShortfallError(
            f"PubMed reported {part.count} records for {part.label()} but returned "
            f"{len(ids)} PMIDs ({part.count - len(ids)} missing in that range).",
            "Run the search again; if it persists, narrow the search string.")


def _dedupe(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
