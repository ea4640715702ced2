"""Read limit clauses (years, languages, publication types) into :class:`Limits`."""

from __future__ import annotations

import re

from .codes import LANGUAGE_CODES
from .model import Limits
from .nodes import LimitNode

#: Scopus LIMIT-TO field → limit kind.
SCOPUS_LIMITS = {"LANGUAGE": "language", "DOCTYPE": "pubtype", "PUBYEAR": "years"}


def add_limit(node: LimitNode, limits: Limits) -> list[str]:
    """Add one limit clause to ``limits``; return warnings about what was not kept."""
    if node.kind == "limitto":  # Scopus LIMIT-TO(FIELD, "value") / EXCLUDE(…)
        how, code, value = (node.values + ["", "", ""])[:3]
        kind = "filter" if how == "EXCLUDE" else SCOPUS_LIMITS.get(code, "filter")
        node = LimitNode(node.start, node.end, kind=kind, values=[value or code])
    if node.kind in ("years", "pubyear"):
        add_years(node, limits)
    elif node.kind == "language":
        limits.languages += [LANGUAGE_CODES.get(v.lower(), v.lower()) for v in node.values
                             if v.lower() not in limits.languages]
    elif node.kind == "pubtype":
        limits.publication_types += node.values
    else:
        return [f"filter {' '.join(node.values)!r} is not kept: set it again when rendering "
                "or in the interface."]
    return []


def add_years(node: LimitNode, limits: Limits) -> None:
    """Set the year range from ``2010:2022[dp]``, ``PY=(2010-2022)``, ``PUBYEAR > 2009``…

    An end year of 2999 or later (PubMed's and Europe PMC's "3000") means the present.
    """
    values = node.values
    if node.kind == "pubyear":
        op, year = values[0], int(values[1])
        if ">" in op:
            limits.year_from = year + (0 if "=" in op else 1)
        elif "<" in op:
            limits.year_to = year - (0 if "=" in op else 1)
        else:
            limits.year_from = limits.year_to = year
        return
    years = [int(y) for y in re.findall(r"\d{4}", " ".join(values))]
    if years:
        limits.year_from = years[0]
        to = years[1] if len(years) > 1 else None
        limits.year_to = None if to is None or to >= 2999 else to
