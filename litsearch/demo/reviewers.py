"""Scripted reviewers for the demo, so the offline pipeline reaches a PRISMA flow.

Real reviews are screened by people (``litsearch screen``). The demo has no people, so two
scripted reviewers decide by transparent keyword rules on the zingeving report's topic. They
disagree on purpose where only the abstract (not the title) is on topic, so the demo shows
conflicts, their resolution and Cohen's kappa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Record

#: Terms for "meaning-making" (the zingeving report's meaning block, shortened).
MEANING = re.compile(r"\b(meaning\w*|spiritu\w*|existenti\w*|religi\w*|purpose in life|"
                     r"chaplain\w*|pastoral|zingeving|transcenden\w*|faith)\b", re.IGNORECASE)
#: Terms for the setting (mental-health care).
SETTING = re.compile(r"\b(mental\w*|psychiatr\w*|ggz|depress\w*|schizophreni\w*|psychos[ie]s|"
                     r"bipolar|outpatient\w*|psychotherap\w*|severe mental illness)\b",
                     re.IGNORECASE)

REVIEWERS = ("demo-reviewer-1", "demo-reviewer-2")
RESOLVER = "demo-lead"


@dataclass(frozen=True)
class Call:
    """One scripted decision."""

    decision: str
    reason: str | None = None


def _on_topic(text: str) -> bool:
    return bool(MEANING.search(text)) and bool(SETTING.search(text))


def title_abstract_call(record: Record, reviewer: int) -> Call:
    """Decide a record at title/abstract the way scripted reviewer 0 or 1 would.

    Reviewer 0 reads title and abstract; reviewer 1 is stricter and wants the topic in the
    title, except that both include what the title alone puts on topic.
    """
    title, abstract = record.title or "", record.abstract or ""
    if _on_topic(title):
        return Call("include")
    if reviewer == 0 and _on_topic(f"{title} {abstract}"):
        return Call("include")
    if not MEANING.search(f"{title} {abstract}"):
        return Call("exclude", "not about meaning-making")
    return Call("exclude", "wrong population")


def resolve_call(record: Record) -> Call:
    """Resolve a title/abstract conflict: the lead includes when the abstract is on topic."""
    if _on_topic(f"{record.title or ''} {record.abstract or ''}"):
        return Call("include")
    return Call("exclude", "not about meaning-making")


def full_text_call(record: Record, index: int) -> Call:
    """Decide a report at full text: some are not retrieved, some fail on type or design."""
    if index % 9 == 4:
        return Call("not-retrieved")
    types = " ".join(record.publication_types).lower()
    if any(t in types for t in ("editorial", "comment", "letter", "conference")):
        return Call("exclude", "not peer-reviewed")
    if index % 5 == 2:
        return Call("exclude", "not about meaning-making")
    if index % 7 == 3:
        return Call("exclude", "no practice or instrument")
    return Call("include")
