"""Whether a PRISMA flow is final, and which of its boxes are still moving while it is not.

A flow computed halfway through a review has the shape of a finished one: "Records
screened (n = 1,517)" counts every record that will be screened, though 23 have
been. Every rendering (text, Markdown, SVG, CSV, JSON, the terminal table) asks this
module whether the flow is unfinished, says so in its title, and marks each box whose
count will still change. One home for the rule, so the renderings cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..wording import plural
from .flow import PrismaFlow

_IDENTIFIED = ("database_results", "register_results", "website_results",
               "organisation_results", "citations_results", "other_results",
               "database_specific_results", "register_specific_results")
_REMOVED = ("duplicates", "excluded_automatic", "excluded_other")
_SCREENED = ("records_screened", "records_excluded", "records_excluded_human",
             "records_excluded_automation")
_SOUGHT = ("dbr_sought_reports", "other_sought_reports")
_RETRIEVED = ("dbr_notretrieved_reports", "other_notretrieved_reports", "dbr_assessed",
              "other_assessed")
_ASSESSED = ("dbr_excluded", "other_excluded")
_INCLUDED = ("new_studies", "new_reports", "total_studies", "total_reports")

#: Unfinished work (a pending list of the flow) -> the boxes whose counts it still moves.
MOVING: dict[str, tuple[str, ...]] = {
    "unfinished_search": (_IDENTIFIED + _REMOVED + _SCREENED + _SOUGHT + _RETRIEVED
                          + _ASSESSED + _INCLUDED),
    "not_deduplicated": _REMOVED + _SCREENED + _SOUGHT + _RETRIEVED + _ASSESSED + _INCLUDED,
    "awaiting_title_abstract": _SCREENED + _SOUGHT + _RETRIEVED + _ASSESSED + _INCLUDED,
    "conflict_title_abstract": _SCREENED + _SOUGHT + _RETRIEVED + _ASSESSED + _INCLUDED,
    "second_title_abstract": _SCREENED + _SOUGHT + _RETRIEVED + _ASSESSED + _INCLUDED,
    "awaiting_full_text": _RETRIEVED + _ASSESSED + _INCLUDED,
    # A full-text conflict or second vote may end as 'not retrieved' (include against
    # not-retrieved): the retrieval boxes move too.
    "conflict_full_text": _RETRIEVED + _ASSESSED + _INCLUDED,
    "second_full_text": _RETRIEVED + _ASSESSED + _INCLUDED,
    "maybe_full_text": _ASSESSED + _INCLUDED,
}

#: The unfinished work a blind reviewer is told of in place of the vote-derived kinds
#: (conflicts, second votes, records awaiting a vote: each tells how the others voted).
BLIND_WORK = "blind_screening"
#: Unfinished work that says nothing about any reviewer's vote.
_VOTE_FREE_WORK = ("unfinished_search", "not_deduplicated")

#: How each kind of unfinished work is described in a title: the noun counted (by
#: :func:`litsearch.wording.plural`), then what is said of one and of several.
_WHAT = {
    "unfinished_search": ("record", "from a search that did not finish", ""),
    "not_deduplicated": ("record", "not yet deduplicated", ""),
    "awaiting_title_abstract": ("record", "awaits title/abstract screening",
                                "await title/abstract screening"),
    "conflict_title_abstract": ("title/abstract conflict", "unresolved", ""),
    "second_title_abstract": ("record", "awaits a second reviewer at title/abstract",
                              "await a second reviewer at title/abstract"),
    "awaiting_full_text": ("report", "awaits full-text assessment",
                           "await full-text assessment"),
    "conflict_full_text": ("full-text conflict", "unresolved", ""),
    "second_full_text": ("report", "awaits a second reviewer at full text",
                         "await a second reviewer at full text"),
    "maybe_full_text": ("report", "marked 'maybe' at full text", ""),
}
#: Said of the blind reviewer's unfinished work, without a count.
_BLIND_TEXT = "screening is blind and unfinished: counts drawn from reviewers' votes are hidden"


def describe(key: str, n: int) -> str:
    """Describe ``n`` of one kind of unfinished work ("1 report awaits full-text ...")."""
    if key == BLIND_WORK:
        return _BLIND_TEXT
    noun, one, many = _WHAT[key]
    return f"{plural(n, noun)} {one if n == 1 else many or one}"


#: The word every rendering puts in its title while the flow is unfinished.
UNFINISHED_TITLE = "UNFINISHED"
#: The mark beside a box whose count will still change.
IN_PROGRESS = "in progress"


@dataclass(frozen=True)
class FlowProgress:
    """What is unfinished in a flow.

    Attributes:
        work: ``{pending key: count}`` of unfinished work, in stage order.
        moving: ``{box key: note}`` for every box whose count will still change.
    """

    work: dict[str, int] = field(default_factory=dict)
    moving: dict[str, str] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        """True when every stage is complete (no box will change)."""
        return not self.work

    def summary(self) -> str:
        """One line saying why the flow is unfinished ("" when it is finished)."""
        if self.finished:
            return ""
        parts = [describe(key, n) for key, n in self.work.items()]
        return (f"{UNFINISHED_TITLE}: not every stage is complete ({'; '.join(parts)}); "
                f"boxes marked '{IN_PROGRESS}' will change.")

    def title(self, base: str) -> str:
        """Return a rendering's title, with the unfinished mark when it applies."""
        return base if self.finished else f"{base} ({UNFINISHED_TITLE}: review in progress)"

    def mark(self, key: str | None) -> str:
        """Return the note for a box (e.g. "in progress: 23 of 1,517 decided"), or ""."""
        return self.moving.get(key or "", "")


def flow_progress(flow: PrismaFlow, hidden: frozenset[str] = frozenset()) -> FlowProgress:
    """Find the unfinished work in a flow and the boxes it keeps moving.

    ``hidden``: the boxes a blind reviewer may not see counted (explain.hidden_keys);
    when given, the vote-derived work is told of as one item, without counts.
    """
    if hidden:
        seen = flow_progress(flow)
        work = {key: n for key, n in seen.work.items() if key in _VOTE_FREE_WORK}
        if len(work) < len(seen.work):
            work[BLIND_WORK] = 1
        return FlowProgress(work, {key: IN_PROGRESS for key in seen.moving})
    work: dict[str, int] = {}
    if flow.unfinished_searches:
        work["unfinished_search"] = max(len(flow.pending.get("unfinished_search", [])), 1)
    for key in MOVING:
        if key != "unfinished_search" and flow.pending.get(key):
            work[key] = len(flow.pending[key])
    moving: dict[str, str] = {}
    for key in work:
        for box in MOVING[key]:
            moving.setdefault(box, IN_PROGRESS)
    if "records_screened" in moving:
        undecided = work.get("awaiting_title_abstract", 0) + \
            work.get("second_title_abstract", 0) + work.get("conflict_title_abstract", 0)
        total = flow.n("records_screened")
        moving["records_screened"] = f"{IN_PROGRESS}: {total - undecided:,} of {total:,} decided"
    return FlowProgress(work, moving)
