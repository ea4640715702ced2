"""Accept every queued pair of one kind as "same", once a sample of it was checked.

A queue of many pairs of one kind ("same DOI, title and authors, volume
unreadable") is checked faster by deciding a sample one by one and accepting the
rest at once. The accept is refused until the reviewer has decided at least
:data:`SAMPLE` pairs of that kind (or all but one, for smaller kinds) and none of
them "different". Each accepted pair gets its own ``same`` row in
``dedup_decisions`` (one decision per pair, undoable one by one) with
``basis = 'bulk:<kind>'``; a pair a person looked at has no basis (NULL). Only those
count as the checked sample, never pairs accepted in bulk earlier, and the dedup
report, ``litsearch status`` and PRISMA-S say how many pairs were decided each way
(:func:`decision_counts`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import DedupError
from ..store import Store
from .decisions import decide_pair, decided_how, split_groups, standing_basis
from .membership import manual_decisions
from .queue import Pair, describe_kind, pair_kind, review_queue
from .trust_report import field_names, untrusted_by_record

#: Pairs of a kind a reviewer decides one by one before the rest may be accepted at once.
SAMPLE = 3
#: The ``dedup_decisions.basis`` of a pair accepted in bulk starts with this, then its kind.
BULK_PREFIX = "bulk:"


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


def _checked(store: Store) -> dict[str, Counter[str]]:
    """Count the standing decisions a person made on queued pairs, per kind.

    A pair accepted in bulk (basis ``bulk:...``) is not a checked pair: counting it
    would let an earlier bulk accept stand in for the sample of a later one.
    """
    decided = manual_decisions(store)
    bases = standing_basis(store)
    rules = dict(((a, b), rule) for a, b, rule in store.execute(
        "SELECT record_a, record_b, rule FROM dedup_pairs WHERE outcome = 'review'"))
    checked = [(pair, decision) for pair, (decision, _r, _t) in decided.items()
               if pair in rules and decision in ("same", "different")
               and bases.get(pair) is None]
    notes = untrusted_by_record(store, {r for (a, b), _d in checked for r in (a, b)})
    counts: dict[str, Counter[str]] = {}
    for (a, b), decision in checked:
        kind = pair_kind(rules[(a, b)], field_names(notes.get(a, ()) + notes.get(b, ())))
        counts.setdefault(kind, Counter())[decision] += 1
    return counts


def kind_sample(store: Store, kind: str, sample: int = SAMPLE) -> KindSample:
    """Count the queued pairs of one kind and those of it a person decided."""
    waiting = [p for p in review_queue(store, load=False, kinds=True) if p.kind == kind]
    counts = _checked(store).get(kind, Counter())
    result = KindSample(kind, waiting, same=counts["same"], different=counts["different"])
    result.needed = min(sample, max(1, result.same + len(waiting) - 1))
    return result


@dataclass
class DecisionCounts:
    """How the standing pair decisions were reached.

    Attributes:
        one_by_one: Pairs a person looked at, per decision ("same", "different"); a
            split's pairs are not among them.
        bulk: Per kind accepted in bulk: ``{"pairs": accepted in bulk, "sample": pairs
            of the kind a person decided}``.
        splits: Standing splits of a cluster of three or more records (a split of two
            is one "different" pair).
    """

    one_by_one: dict[str, int] = field(default_factory=dict)
    bulk: dict[str, dict[str, int]] = field(default_factory=dict)
    splits: int = 0

    def to_dict(self) -> dict[str, object]:
        """Return the counts under plain keys (for ``status --json``)."""
        return {"one_by_one": dict(self.one_by_one), "bulk": {
            kind: dict(counts) for kind, counts in self.bulk.items()}, "splits": self.splits}


def decision_counts(store: Store) -> DecisionCounts:
    """Count the standing decisions made one by one and in bulk (per kind, with sample)."""
    result = DecisionCounts(one_by_one={"same": 0, "different": 0})
    decided = manual_decisions(store)
    bulk: Counter[str] = Counter()
    standing_splits = set()
    for pair, how in decided_how(store).items():
        if how == "one by one":
            result.one_by_one[decided[pair][0]] += 1
        elif how == "split":
            standing_splits.add(decided[pair][1:])
        elif how.startswith(BULK_PREFIX):
            bulk[how[len(BULK_PREFIX):]] += 1
    result.splits = len(standing_splits & split_groups(store).keys())
    if bulk:
        checked = _checked(store)
        result.bulk = {kind: {"pairs": n, "sample": sum(checked.get(kind, Counter()).values())}
                       for kind, n in sorted(bulk.items())}
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
            decide_pair(store, pair.record_a, pair.record_b, "same", reviewer,
                        basis=BULK_PREFIX + kind)
        except DedupError as exc:
            refused.append(f"{pair.record_a}-{pair.record_b}: {exc}")
            continue
        done.append((pair.record_a, pair.record_b))
    return done, refused
