"""The data of a PRISMA 2020 flow: the records behind every box, and frozen versions.

Kept apart from the computation (prisma.py) so that the modules the computation calls
(identify.py, invariants.py, versions.py) and every rendering can use the types without
importing the computation: no import circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .labels import BOX_LABELS, OTHER_METHOD_KEYS, PENDING_LABELS


@dataclass
class Version:
    """One frozen version of the review.

    Attributes:
        number: 1 for the first published version, then 2, 3, ...
        frozen_at: UTC time of the freeze.
        max_search_run_id: The highest search run id when frozen (the watermark).
        max_record_id: The highest record id when frozen; later records are "new".
        study_ids: Record ids of the included studies (all versions so far).
        report_ids: Record ids of the reports of included studies (all versions so far).
        label: A free label ("published 2026-05, doi:...").
    """

    number: int
    frozen_at: str
    max_search_run_id: int
    max_record_id: int
    study_ids: list[int] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)
    label: str = ""

    @property
    def studies(self) -> int:
        """Studies included up to this version."""
        return len(self.study_ids)

    @property
    def reports(self) -> int:
        """Reports of studies included up to this version."""
        return len(self.report_ids)


@dataclass
class PrismaFlow:
    """The PRISMA 2020 flow of a review.

    Attributes:
        boxes: Record ids behind each box, by R package data key (see BOX_LABELS).
        sources: ``{method: {source name: record ids}}`` for the identification boxes.
        reasons: ``{"dbr"|"other": {reason: record ids}}`` for the reports-excluded boxes.
        pending: Unfinished records by PENDING_LABELS key.
        statuses: Screening status of every unit counted.
        previous: The frozen version this flow updates, or None for a new review.
        violations: Arithmetic invariants that do not hold (see invariants.py).
        unfinished_searches: ``{run id: how far it got}`` for every search whose last run
            did not finish (its records are counted, and listed as ``unfinished_search``).
        notes: ``{box key: notes}``: how a box's count was reached where the count alone
            does not say (an early stop by the stopping rule, see notes.py).
    """

    boxes: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in BOX_LABELS})
    sources: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    reasons: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {"dbr": {}, "other": {}})
    pending: dict[str, list[int]] = field(
        default_factory=lambda: {k: [] for k in PENDING_LABELS})
    statuses: dict[int, str] = field(default_factory=dict)
    previous: Version | None = None
    violations: list[Any] = field(default_factory=list)
    unfinished_searches: dict[int, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    #: Highest search run and record ids in the snapshot the flow was computed from.
    max_search_run_id: int = 0
    max_record_id: int = 0

    @property
    def updated(self) -> bool:
        """True for an updated review (a version was frozen before)."""
        return self.previous is not None

    @property
    def has_other(self) -> bool:
        """True when records were identified by other methods."""
        return any(self.boxes[k] for k in OTHER_METHOD_KEYS.values()) or bool(
            self.boxes["other_sought_reports"])

    def n(self, key: str) -> int:
        """Return the count in a box."""
        return len(self.boxes[key])

    def specific(self, method: str) -> dict[str, int]:
        """Return ``{source name: count}`` for one identification method."""
        return {name: len(ids) for name, ids in self.sources.get(method, {}).items()}

    def reason_counts(self, column: str) -> dict[str, int]:
        """Return ``{reason: count}`` of reports excluded in a column, largest first."""
        items = self.reasons[column].items()
        return {r: len(ids) for r, ids in sorted(items, key=lambda kv: (-len(kv[1]), kv[0]))}
