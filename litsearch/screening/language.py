"""Detect a record's language from its title and abstract when the source gave none."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Below this many letters a guess is too unreliable to exclude a record on.
MIN_LETTERS = 20
#: The lowest normalised probability that counts as a detection.
MIN_CONFIDENCE = 0.90


@dataclass(frozen=True)
class Detection:
    """A detected language.

    Attributes:
        language: ISO 639-1 code.
        confidence: Normalised probability (0-1).
    """

    language: str
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loading the model takes a moment; do it once per process, and only when needed.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(title: str | None, abstract: str | None) -> Detection | None:
    """Guess the language of a record's title and abstract.

    Returns:
        The detection, or None when the text is too short or the guess too uncertain
        (a record whose language is unknown is never excluded by the language rule).
    """
    text = " ".join(t for t in (title, abstract) if t)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(text)
    if confidence < MIN_CONFIDENCE:
        return None
    return Detection(str(language), round(float(confidence), 3))
