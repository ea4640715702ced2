"""Notes on PRISMA boxes: what a count alone does not say about how it was reached.

When the reviewers stop title/abstract screening early (``litsearch screen stop``), the
records nobody screened are excluded by the stopping rule, an automation tool, and
counted in "Records excluded ... by automation tools". PRISMA 2020 asks how automation
was used: the box's note names the method, the recall target, the confidence and the
test's result (the reason the stopping rule stored with each exclusion, written by
:meth:`litsearch.screening.stopping.StopTest.summary`). Every rendering that has room
for a note shows it (text, Markdown, SVG and HTML, the R template CSV's tooltip, the
JSON), and so does PRISMA-S.
"""

from __future__ import annotations

from ..screening.early_stop import STAGE, STOPPING_REVIEWER
from ..screening.state import plain_rows, unit_map
from ..store import Store
from .flow import PrismaFlow

#: The box whose note says how the stopping rule excluded its records.
STOPPED_BOX = "records_excluded_automation"


def stopping_notes(store: Store, flow: PrismaFlow) -> list[str]:
    """Return one note per stopping test behind the box of records excluded by automation.

    Each note counts the records of the box the stopping rule excluded with that test
    (a review stopped, imported more records and stopped again has two), and gives the
    test as stored: method, target, confidence and result.
    """
    boxed = flow.boxes.get(STOPPED_BOX, [])
    if not boxed:
        return []
    rows = plain_rows(store, "SELECT record_id, reason FROM decisions WHERE reviewer = ? AND "
                             "stage = ? AND decision = 'exclude' ORDER BY id",
                      (STOPPING_REVIEWER, STAGE))
    if not rows:
        return []
    unit_of = unit_map(store)
    reason_of = {unit_of.get(rid, rid): reason or "" for rid, reason in rows}
    counts: dict[str, int] = {}
    for rid in boxed:
        reason = reason_of.get(unit_of.get(rid, rid))
        if reason is not None:
            counts[reason] = counts.get(reason, 0) + 1
    return [f"Title/abstract screening was stopped early: {n:,} record{'s' if n != 1 else ''} "
            f"nobody had screened {'were' if n != 1 else 'was'} excluded by the stopping rule "
            f"(an automation tool). Test: {reason or 'not recorded'}."
            for reason, n in counts.items()]


def box_notes(store: Store, flow: PrismaFlow) -> dict[str, list[str]]:
    """Return ``{box key: notes}`` for the boxes that need one (none: an empty dict)."""
    stopped = stopping_notes(store, flow)
    return {STOPPED_BOX: stopped} if stopped else {}


def numbered(flow: PrismaFlow, hidden: frozenset[str] = frozenset()) -> list[tuple[int, str, str]]:
    """Return ``(number, box key, note)`` for every note, numbered from 1 in box order.

    Notes on ``hidden`` boxes are left out (a blind page hides those boxes' counts).
    """
    found = [(key, text) for key, texts in flow.notes.items() if key not in hidden
             for text in texts]
    return [(i, key, text) for i, (key, text) in enumerate(found, start=1)]


def note_mark(flow: PrismaFlow, key: str | None,
              hidden: frozenset[str] = frozenset()) -> str:
    """Return "note 1" (or "notes 1, 2") for a box with notes, else ""."""
    ids = [str(i) for i, k, _ in numbered(flow, hidden) if k == key]
    if not ids:
        return ""
    return f"note{'s' if len(ids) > 1 else ''} {', '.join(ids)}"


def has_stopped(store: Store) -> bool:
    """Tell whether the stopping rule excluded any record (a cheap check before a flow)."""
    return store.execute("SELECT 1 FROM decisions WHERE reviewer = ? LIMIT 1",
                         (STOPPING_REVIEWER,)).fetchone() is not None
