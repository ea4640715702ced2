"""Read limit clauses (years, languages, publication types) into :class:`Limits`."""

from __future__ import annotations

import re

from ..errors import QueryError
from .codes import LANGUAGE_CODES
from .model import Limits
from .nodes import LimitNode

#: Scopus LIMIT-TO field → limit kind.
SCOPUS_LIMITS = {"LANGUAGE": "language", "DOCTYPE": "pubtype", "PUBYEAR": "years"}


def _plain(node: LimitNode) -> LimitNode:
    """Return a Scopus ``LIMIT-TO(FIELD, "value")`` / ``EXCLUDE(…)`` clause as its kind."""
    if node.kind != "limitto":
        return node
    how, code, value = (node.values + ["", "", ""])[:3]
    kind = "filter" if how == "EXCLUDE" else SCOPUS_LIMITS.get(code, "filter")
    return LimitNode(node.start, node.end, kind=kind, values=[value or code])


def add_limit(node: LimitNode, limits: Limits, where: str = "") -> list[str]:
    """Add one limit clause to ``limits``; return warnings about what was not kept
    (``where`` names the clause in an error, see :func:`add_years`)."""
    node = _plain(node)
    if node.kind in ("years", "pubyear"):
        return add_years([year_range(node)], limits, where)
    if node.kind == "language":
        limits.languages += [LANGUAGE_CODES.get(v.lower(), v.lower()) for v in node.values
                             if v.lower() not in limits.languages]
    elif node.kind == "pubtype":
        limits.publication_types += node.values
    else:
        return [f"filter {' '.join(node.values)!r} is not kept: set it again when rendering "
                "or in the interface."]
    return []


YearRange = tuple[int | None, int | None]


def year_range(node: LimitNode) -> YearRange | None:
    """Return the years a clause searches (None: open), or None if it is no year clause.

    ``2010:2022[dp]``, ``PY=(2010-2022)`` and ``PUBYEAR > 2009`` are ranges; one year
    (``PY=2019``, ``LIMIT-TO(PUBYEAR, 2019)``) is that year only. An end year of 2999 or
    later (PubMed's and Europe PMC's "3000") means the present.
    """
    node = _plain(node)
    values = node.values
    if node.kind == "pubyear":
        # Scopus also writes AFT (after), BEF (before) and IS (in) for >, < and =.
        op = {"aft": ">", "bef": "<", "is": "="}.get(values[0].lower(), values[0])
        year = int(values[1])
        if ">" in op:
            return year + (0 if "=" in op else 1), None
        if "<" in op:
            return None, year - (0 if "=" in op else 1)
        return year, year
    if node.kind != "years":
        return None
    text = " ".join(values)
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if not years:
        return None, None
    if len(years) == 1 and re.search(r"\d{4}\s*[-:\u2013]\s*(?!\s*\d)", text):
        return years[0], None  # Ovid's 2010-Current: an open end
    to = years[1] if len(years) > 1 else years[0]
    return years[0], None if to >= 2999 else to


def add_years(ranges: list[YearRange | None], limits: Limits, where: str = "") -> list[str]:
    """Narrow ``limits`` to the union of ``ranges`` (clauses ORed; clauses ANDed are
    separate calls). Years one range cannot hold (2018 or 2024) are kept as the range
    around them, and a warning says so.

    Raises:
        QueryError: The years do not overlap those already in ``limits`` (2010–2012
            AND 2015–2020): the search would find nothing. ``where`` says where.
    """
    spans = sorted(((lo if lo is not None else -1, hi if hi is not None else 10**6)
                    for lo, hi in (r for r in ranges if r is not None)))
    if not spans:
        return []
    merged = [list(spans[0])]
    for lo, hi in spans[1:]:
        if lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    lo, hi = merged[0][0], merged[-1][1]
    lo_year, hi_year = (None if lo < 0 else lo), (None if hi >= 10**6 else hi)
    old_lo, old_hi = limits.year_from, limits.year_to
    if limits.year_from is not None and lo_year is not None:
        lo_year = max(lo_year, limits.year_from)
    limits.year_from = lo_year if lo_year is not None else limits.year_from
    if limits.year_to is not None and hi_year is not None:
        hi_year = min(hi_year, limits.year_to)
    limits.year_to = hi_year if hi_year is not None else limits.year_to
    if limits.year_from is not None and limits.year_to is not None and \
            limits.year_from > limits.year_to:
        old = _span(-1 if old_lo is None else old_lo, 10**6 if old_hi is None else old_hi)
        raise QueryError(f"{where + ': ' if where else ''}the year limits {old} and "
                         f"{_span(lo, hi)} do not overlap, so the search finds nothing.",
                         "Keep one year range, or OR them to search both.")
    if len(merged) == 1:
        return []
    parts = " or ".join(_span(a, b) for a, b in merged)
    return [f"the years {parts} cannot be held by one year range: kept as "
            f"{_span(lo, hi)}, which also searches the years between; set the years "
            "by hand in queries/<db>.txt if that matters."]


def _span(lo: int, hi: int) -> str:
    start = "…" if lo < 0 else str(lo)
    end = "present" if hi >= 10**6 else str(hi)
    return start if start == end else f"{start}–{end}"
