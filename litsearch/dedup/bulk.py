"""Accept every queued pair of one kind as "same", once a sample of it was checked.

A queue of many pairs of one kind ("same DOI, title and authors, volume
unreadable") is checked faster by deciding a sample one by one and accepting the
rest at once. The accept is refused until the reviewer has decided at least
:data:`SAMPLE` pairs of that kind (or all but one, for smaller kinds) and none of
them "different". Each accepted pair gets its own ``same`` row in
``dedup_decisions`` (one decision per pair, undoable one by one), so the audit
trail and PRISMA-S count them like any other decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DedupError
from ..store import Store
from .decisions import decide_pair
from .membership import manual_decisions
from .queue import Pair, describe_kind, pair_kind, review_queue
from .trust_report import field_names, untrusted_by_record

#: Pairs of a kind a reviewer decides one by one before the rest may be accepted at once.
SAMPLE = 3


@dataclass
class KindSample:
    """How far a kind of queued pair has been checked.

    Attributes:
        kind: The kind (:func:`~litsearch.dedup.queue.pair_kind`).
        waiting: Pairs of the kind still in the queue.
        same, different: Pairs of the kind standing as decided same / different.
        needed: Pairs decided "same" needed before a bulk accept.
    """

    kind: str
    waiting: list[Pair] = field(default_factory=list)
    same: int = 0
    different: int = 0
    needed: int = SAMPLE

    @property
    def ready(self) -> bool:
        """True when the rest of the kind may be accepted at once."""
        return bool(self.waiting) and self.different == 0 and self.same >= self.needed


def kind_sample(store: Store, kind: str, sample: int = SAMPLE) -> KindSample:
    """Count the queued and decided pairs of one kind."""
    waiting = [p for p in review_queue(store, load=False, kinds=True) if p.kind == kind]
    decided = manual_decisions(store)
    rules = dict(((a, b), rule) for a, b, rule in store.execute(
        "SELECT record_a, record_b, rule FROM dedup_pairs WHERE outcome = 'review'"))
    checked = [(pair, decision) for pair, (decision, _r, _t) in decided.items()
               if pair in rules and decision in ("same", "different")]
    notes = untrusted_by_record(store, {r for (a, b), _d in checked for r in (a, b)})
    result = KindSample(kind, waiting)
    for (a, b), decision in checked:
        if pair_kind(rules[(a, b)], field_names(notes.get(a, ()) + notes.get(b, ()))) == kind:
            result.same += decision == "same"
            result.different += decision == "different"
    result.needed = min(sample, max(1, result.same + len(waiting) - 1))
    return result


def bulk_accept(store: Store, kind: str, reviewer: str,
                sample: int = SAMPLE) -> tuple[list[tuple[int, int]], list[str]]:
    """Decide every queued pair of ``kind`` "same", one decision row per pair.

    Returns:
        The pairs decided, and one line per pair that was refused (e.g. screened to
        different outcomes), which stays in the queue.

    Raises:
        DedupError: No pair of that kind waits, a checked pair of it was decided
            "different", or fewer than the sample were checked.
    """
    state = kind_sample(store, kind, sample)
    if not state.waiting:
        raise DedupError(f"no pair of the kind '{describe_kind(kind)}' awaits review.",
                         "Pick a kind from the pairs shown by 'litsearch dedup --review'.")
    if state.different:
        raise DedupError(
            f"{state.different} checked pair(s) of the kind '{describe_kind(kind)}' were "
            "decided different, so the kind does not stand for one answer.",
            "Decide the remaining pairs of this kind one by one.")
    if state.same < state.needed:
        raise DedupError(
            f"only {state.same} of the {state.needed} sample pairs of the kind "
            f"'{describe_kind(kind)}' were checked.",
            f"Decide {state.needed - state.same} more pair(s) of this kind one by one first.")
    done, refused = [], []
    for pair in state.waiting:
        try:
            decide_pair(store, pair.record_a, pair.record_b, "same", reviewer)
        except DedupError as exc:
            refused.append(f"{pair.record_a}-{pair.record_b}: {exc}")
            continue
        done.append((pair.record_a, pair.record_b))
    return done, refused
