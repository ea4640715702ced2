"""Deduplication thresholds, with defaults and the ``[dedup]`` section of review.toml."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import ConfigError

#: Name and version of the matching method, recorded in ``dedup_runs`` for PRISMA-S.
#: Bump the version whenever normalisation or a key changes: the keys cached in
#: ``dedup_keys`` carry it and are made again when it differs.
METHOD = "litsearch-rules"
# 7: six-digit pages are article numbers; 6: capitals full names untrusted, WHO = World
# Health Organization; 5: run-together author lists, "Smith J et al", placement across issues.
RULES_VERSION = "7"


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
    def from_config(cls, config: dict[str, Any] | None) -> DedupSettings:
        """Build settings from a parsed review.toml; ``[dedup]`` keys override defaults.

        Raises:
            ConfigError: An unknown key or a value of the wrong type.
        """
        section = (config or {}).get("dedup", {}) or {}
        if not isinstance(section, dict):
            raise ConfigError("review.toml: [dedup] must be a table.",
                              "Write it as a [dedup] section with key = value lines.")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in section.items():
            if key not in known:
                raise ConfigError(f"review.toml: unknown setting dedup.{key}.",
                                  f"Known settings: {', '.join(known)}.")
            default = getattr(cls, key)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            else:
                ok = isinstance(value, int | float) and not isinstance(value, bool) \
                    and 0.0 <= float(value) <= 1.0
            if not ok:
                raise ConfigError(
                    f"review.toml: dedup.{key} = {value!r} is not valid.",
                    f"Use a value like the default, {key} = {str(default).lower()}.")
            values[key] = float(value) if isinstance(default, float) else value
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict (stored with each run)."""
        return asdict(self)
