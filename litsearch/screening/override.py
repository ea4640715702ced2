"""Overrule a rule criterion for one record: a reviewer's event of its own in the trail.

A rule (``screen --auto``) can be wrong about one record: an English paper whose
abstract carries a second language, a type field that mislabels a study. The
reviewer who sees it overrules the rule with a reason. The override is stored as an
``auto``-stage decision by that reviewer, marked as a resolution, with the rule it
overrules as its criterion and the reason as its note; the rules' own exclusion is
kept. From then on the record is screened by people like any other, so PRISMA counts
it as screened (and its outcome as theirs), not as removed by automation.

The override holds while the rule's exclusion stands unchanged; if the criteria
change and another rule (or the same rule anew) excludes the record, that newer
exclusion wins and the record can be overruled again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ScreeningError
from ..store import Store
from .decisions import record_decision
from .state import RULES_REVIEWER, latest_votes, unit_for


@dataclass(frozen=True)
class RuleExclusion:
    """The rule exclusion in force on a unit.

    Attributes:
        event_id: The rules' decision event.
        rule: The rule id (``language``, ``year``, ``publication-type`` or a term rule).
        detail: What the rule saw ("language field 'ger' names none of en").
    """

    event_id: int
    rule: str
    detail: str


def rule_exclusion(store: Store, unit: int) -> RuleExclusion | None:
    """Return the rule exclusion that keeps a unit out of screening, or None."""
    votes = latest_votes(store, "auto").get(unit, {})
    vote = votes.get(RULES_REVIEWER)
    if vote is None or vote.decision != "exclude":
        return None
    if any(v.resolution and v.id > vote.id for v in votes.values()):
        return None  # already overruled
    row = store.execute("SELECT note FROM decisions WHERE id = ?", (vote.id,)).fetchone()
    return RuleExclusion(vote.id, vote.reason or "", (row[0] if row else "") or "")


def override_rule(store: Store, record_id: int, reviewer: str, reason: str,
                  source: str = "cli") -> int:
    """Overrule the rule exclusion of one record and return the override's event id.

    Args:
        store: The review database.
        record_id: The record (any member of its duplicate cluster).
        reviewer: Who overrules (one of the review's reviewers).
        reason: Why the rule is wrong for this record; stored with the event.
        source: Where the override was made ("cli", "tui").

    Raises:
        ScreeningError: No reason, or no rule excludes the record.
    """
    why = " ".join((reason or "").split())
    if not why:
        raise ScreeningError("overruling a rule needs a reason.",
                             'Add --reason "English paper; the second abstract is Spanish".')
    unit = unit_for(store, record_id)
    found = rule_exclusion(store, unit)
    if found is None:
        raise ScreeningError(f"record {unit} is not excluded by a rule criterion, so there is "
                             "nothing to overrule.", "Leave out --override-rule.")
    return record_decision(store, unit, "auto", reviewer, "include", criterion=found.rule,
                           note=why, resolution=True, source=source)
