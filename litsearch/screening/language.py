"""Detect a record's language from its title and abstract when the source gave none.

Detection is a fallback, and it is conservative: the title and each part of the
abstract are judged on their own (bilingual abstracts are common: an English
abstract followed by a Spanish "Resumen"), a record is taken to be written in a
language when any part is, and a verdict that could exclude a record is given only
when every part long enough to judge agrees with high confidence and a wide margin.
Anything else is "unsure", and an unsure record goes to human screening.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Below this many letters a part is too short to judge on its own.
MIN_LETTERS = 20
#: The lowest normalised probability that counts as a detection.
MIN_CONFIDENCE = 0.90
#: The least lead the best language must have over the second best.
MIN_MARGIN = 0.50
#: Share of letters in a second script above which a text counts as mixed.
MIXED_SCRIPT_SHARE = 0.20

#: Letters an abstract part gathers before it is judged (whole sentences are joined).
PART_LETTERS = 60

#: Where an abstract splits into parts: line breaks and sentence ends.
_PART_SPLIT_RE = re.compile(r"\n+|(?<=[.!?])\s+(?=[^\s])")


@dataclass(frozen=True)
class Detection:
    """A detected language.

    Attributes:
        language: ISO 639-1 code.
        confidence: Normalised probability (0-1) of the least confident part that
            agrees (the weakest link of the verdict).
        parts: How many parts of the title and abstract were judged.
    """

    language: str
    confidence: float
    parts: int = 1


@dataclass(frozen=True)
class LanguageFinding:
    """What detection found in a record's title and abstract.

    Attributes:
        languages: Every language a part was confidently detected in, first seen first.
        detection: The one language of the whole text when every judged part agrees
            with confidence, else None.
        unsure: Why no single language can be named ("too short", "mixed script",
            "low confidence", "parts disagree"), or "" when one can.
    """

    languages: tuple[str, ...] = ()
    detection: Detection | None = None
    unsure: str = ""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loading the model takes a moment; do it once per process, and only when needed.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def text_parts(title: str | None, abstract: str | None) -> list[str]:
    """Split a record's text into the parts judged one by one: the title, then the abstract.

    Sentences of the abstract are joined until a part has :data:`PART_LETTERS`
    letters, so a part is long enough to judge while a second language's run (which
    starts on a sentence of its own) stays mostly apart.
    """
    pieces: list[str] = []
    current, letters = "", 0
    for piece in _PART_SPLIT_RE.split(abstract or ""):
        current = f"{current} {piece.strip()}".strip()
        letters += _letters(piece)
        if letters >= PART_LETTERS:
            pieces.append(current)
            current, letters = "", 0
    if current and pieces and letters < MIN_LETTERS:
        pieces[-1] = f"{pieces[-1]} {current}"  # a short tail joins the part before it
    elif current:
        pieces.append(current)
    return ([title.strip()] if title and title.strip() else []) + pieces


#: One letter of any script (a word character that is not a digit or underscore).
_LETTER_RE = re.compile(r"[^\W\d_]")


def _letters(text: str) -> int:
    return len(_LETTER_RE.findall(text))


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    # The first word of a letter's Unicode name is its script ("LATIN", "CYRILLIC", "CJK").
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def mixed_script(text: str) -> bool:
    """Tell whether a text's letters come from two scripts in a real share each."""
    if text.isascii():
        return False  # Latin letters only: the common case, answered without a scan
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    if total == 0 or len(counts) < 2:
        return False
    second = sorted(counts.values(), reverse=True)[1]
    return second / total >= MIXED_SCRIPT_SHARE


def judge_part(text: str) -> tuple[str, float, str]:
    """Return (best language, its probability, why it is unsure or "") for one part."""
    if mixed_script(text):
        return "", 0.0, "mixed script"
    if not text.strip():
        return "", 0.0, "too short"
    ranked = _identifier().rank(text)
    (best, p_best), (_, p_second) = ranked[0], ranked[1]
    if _letters(text) < MIN_LETTERS:
        return str(best), float(p_best), "too short"
    if p_best < MIN_CONFIDENCE or p_best - p_second < MIN_MARGIN:
        return str(best), float(p_best), "low confidence"
    return str(best), float(p_best), ""


def find_languages(title: str | None, abstract: str | None,
                   accept: tuple[str, ...] = ()) -> LanguageFinding:
    """Judge the title and each part of the abstract, conservatively.

    A part judged with confidence names its language. A part too short or too
    uncertain to judge does not block a verdict when its best guess is the language
    the confident parts agree on (a short Spanish title above a Spanish abstract), but
    any other guess, or mixed script, leaves the record unsure.

    Args:
        title: The record's title.
        abstract: The record's abstract.
        accept: Languages that keep a record (the review's). When the whole text is
            confidently in one of them, the parts are not judged one by one: that is
            enough to keep the record, and most records end there at the cost of one
            guess. The whole text is never used to exclude (a bilingual abstract can
            read as its longer language).

    Returns:
        The languages found with confidence in any part, and a single detection only
        when at least one part was judged with confidence and every part agrees.
    """
    parts = text_parts(title, abstract)
    if sum(_letters(p) for p in parts) < MIN_LETTERS:
        return LanguageFinding(unsure="too short")
    if accept:
        whole, _, why = judge_part(" ".join(parts))
        if not why and whole in accept:
            return LanguageFinding((whole,))
    judged = [judge_part(part) for part in parts]
    found = tuple(dict.fromkeys(lang for lang, _, why in judged if not why))
    if len(found) > 1:
        return LanguageFinding(found, unsure="parts disagree")
    if not found:
        weak = next((why for _, _, why in judged if why != "too short"), "too short")
        return LanguageFinding(unsure=weak)
    odd = next((why for lang, _, why in judged if why and lang != found[0]), "")
    if odd:
        return LanguageFinding(found, unsure=odd)
    weakest = min(p for _, p, why in judged if not why)
    return LanguageFinding(found, Detection(found[0], round(weakest, 3), len(parts)))


def detect_language(title: str | None, abstract: str | None) -> Detection | None:
    """Return the one language of a record's title and abstract, or None when unsure.

    Returns:
        The detection, or None when the text is too short, mixes scripts, a part is
        uncertain, or parts are in different languages (a record whose language is
        uncertain is never excluded by the language rule).
    """
    return find_languages(title, abstract).detection
