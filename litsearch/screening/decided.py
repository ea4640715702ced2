"""The records one reviewer has decided at a stage, filtered by decision and reason.

Behind the screening app's decided list (``l``): every decision can be found again,
opened, and changed by keying a new one (a new event; the old one stays in the log).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from .state import latest_votes, plain_rows


@dataclass(frozen=True)
class Decided:
    """One decided unit: its id, the reviewer's decision and reason, and its title."""

    unit: int
    decision: str
    reason: str | None
    title: str


def decided_records(store: Store, stage: str, reviewer: str, decision: str | None = None,
                    reason: str | None = None) -> list[Decided]:
    """Return ``reviewer``'s current decisions at ``stage``, latest first.

    Args:
        decision: Keep only this decision (include, exclude, maybe, not-retrieved).
        reason: Keep only this exclusion reason label.
    """
    mine = [(unit, votes[reviewer]) for unit, votes in latest_votes(store, stage).items()
            if reviewer in votes and not votes[reviewer].resolution]
    mine = [(u, v) for u, v in mine if (decision is None or v.decision == decision)
            and (reason is None or v.reason == reason)]
    mine.sort(key=lambda pair: pair[1].id, reverse=True)
    wanted = {u for u, _ in mine}
    # One read of every title (no IN list: a large review passes SQLite's variable limit).
    titles = {i: t for i, t in plain_rows(store, "SELECT id, title FROM records")
              if i in wanted} if wanted else {}
    return [Decided(u, v.decision, v.reason, titles.get(u) or "(no title)") for u, v in mine]


def reasons_used(rows: list[Decided]) -> list[str]:
    """The distinct exclusion reasons in ``rows``, in first-seen order."""
    return list(dict.fromkeys(r.reason for r in rows if r.reason))
