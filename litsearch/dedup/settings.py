"""Deduplication thresholds, with defaults and the ``[dedup]`` section of review.toml."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..configcheck import boolean, known_keys, number, raiser, table

#: Name and version of the matching method, recorded in ``dedup_runs`` for PRISMA-S.
#: Bump the version whenever normalisation or a key changes: the keys cached in
#: ``dedup_keys`` carry it and are made again when it differs.
METHOD = "litsearch-rules"
# 7: six-digit pages are article numbers; 6: capitals full names untrusted, WHO = World
# Health Organization; 5: run-together author lists, "Smith J et al", placement across issues.
RULES_VERSION = "7"

#: The sensible range of each whole-number setting, and what it counts. A year gap past a
#: few years is no longer the same report (online-first vs print is 1, a preprint and
#: its journal version a few); a negative one would merge nothing on years. A block of
#: 0 or 1 records compares no pair at all (every duplicate missed); blocks are compared
#: pairwise, so one of thousands is millions of pairs.
WHOLE_RANGES = {
    "max_year_gap": (0, 5, "years between two records of one report"),
    "max_block": (2, 1000, "records in a block compared pairwise"),
}


@dataclass(frozen=True)
class DedupSettings:
    """Thresholds of the matcher. Similarities are rapidfuzz ``ratio`` / 100.

    Attributes:
        title_merge: Title similarity for a merge when authors and one locator agree.
        title_strict: Title similarity for a merge on title, authors and year alone.
        author_merge: Author-list similarity for a merge.
        author_strict: Author-list similarity for merges with less locator evidence.
        title_review: Title similarity from which a doubtful pair goes to review.
        author_review: Author-list similarity from which a doubtful pair goes to review.
        title_evaluate: Candidate pairs below this title similarity are not scored further.
        max_year_gap: Largest year difference for a merge (1 allows online-first vs print).
        merge_preprints: Merge a preprint with its published version (ASySD and
            Rathbone say no; many Cochrane reviewers say yes).
        max_block: Largest blocking block compared pairwise.
    """

    title_merge: float = 0.90
    title_strict: float = 0.97
    author_merge: float = 0.75
    author_strict: float = 0.90
    title_review: float = 0.85
    author_review: float = 0.50
    title_evaluate: float = 0.50
    max_year_gap: int = 1
    merge_preprints: bool = False
    max_block: int = 50

    @classmethod
    def from_config(cls, config: dict[str, Any] | None,
                    where: str = "review.toml") -> DedupSettings:
        """Build settings from a parsed review.toml; ``[dedup]`` keys override defaults.

        Args:
            config: The parsed review.toml.
            where: The file's path, for the error message.

        Raises:
            ConfigError: An unknown key, or a value of the wrong kind or out of its range
                (one line naming the file, the key and the valid range).
        """
        fail = raiser(where)
        section = table((config or {}).get("dedup", {}) or {}, "dedup", fail)
        known = {f.name: f for f in fields(cls)}
        known_keys(section, known, "[dedup]", fail)
        values: dict[str, Any] = {}
        for key, value in section.items():
            default = getattr(cls, key)
            name = f"dedup.{key}"
            if isinstance(default, bool):
                values[key] = boolean(value, name, fail)
            elif isinstance(default, int):
                low, high, what = WHOLE_RANGES[key]
                values[key] = int(number(value, name, fail, low, high, whole=True,
                                         hint=f"{what}; default {default}"))
            else:
                values[key] = float(number(value, name, fail, 0.0, 1.0,
                                           hint=f"a similarity; default {default}"))
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict (stored with each run)."""
        return asdict(self)
