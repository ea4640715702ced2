"""Title text for matching: folding and database annotations (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .tables import ACCENTED_SCRIPTS, OPTIONAL_POINTING, TITLE_NOISE, TRANSLATION_NOISE

_NON_WORD_RE = re.compile(r"[\W_]+")
#: A "?" inside a word is a letter lost to a wrong encoding ("Ta?a?aj", "multic?ntrico").
_MOJIBAKE_RE = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])")
# Cheap pre-check: most titles carry no annotation.
_MAY_HAVE_NOISE_RE = re.compile(r"[\[(<]|^\s*(?:retracted|withdrawn)", re.I)


def fold(text: str | None) -> str:
    """Return text lower-cased, without accents or punctuation, words single-spaced.

    Letters of every script survive (a Cyrillic or Korean title never becomes empty).
    A "?" standing for a lost letter is dropped so the word stays one word.

    >>> fold("Désingularisation de métriques d'Einstein. I")
    'desingularisation de metriques d einstein i'
    >>> fold("ЗАЙНЯТІСТЬ І МОТИВАЦІЯ")
    'заинятість і мотивація'
    >>> fold("Ta?a?aj"), fold("Is it? Yes")
    ('taaaj', 'is it yes')
    """
    if not text:
        return ""
    if "?" in text:
        text = _MOJIBAKE_RE.sub("", text)
    if text.isascii():
        return " ".join(_NON_WORD_RE.sub(" ", text.lower()).split())
    text = unicodedata.normalize("NFKD", text)
    # Most titles are in the Basic Multilingual Plane, where a mark class matches fastest.
    accents, non_word = _mark_patterns(max(text) > "\uffff")
    stripped = _pointing_pattern().sub("", accents.sub("", text))
    # Recompose Hangul, which NFKD splits into jamo, so Korean titles compare as written.
    stripped = unicodedata.normalize("NFC", stripped).casefold()
    return " ".join(non_word.sub(" ", stripped).split())


@cache
def _mark_patterns(astral: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Build the patterns for accents and for non-word text (once per process).

    A run of combining marks is an accent when it sits on a Latin, Greek or Cyrillic
    letter ("é" -> "e", "й" -> "и") or on no letter at all. Marks on letters of other
    scripts are their vowel signs ("डा"): kept, and word characters, although
    Python's ``\\w`` excludes marks (categories Mn, Mc, Me). ``astral``: cover marks
    beyond U+FFFF too, which makes the classes slower.
    """
    ranges, start = [], None
    for code in range(0x300, 0x20000 if astral else 0x10000):
        is_mark = unicodedata.category(chr(code))[0] == "M"
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append((start, code - 1))
            start = None
    marks = _char_class(ranges)
    accented = _char_class(ACCENTED_SCRIPTS)
    # Match a whole run from its first mark, never from inside it ("ों" is two marks).
    accents = re.compile(f"(?=[{marks}])(?<![{marks}])(?:(?<![^\\W\\d_])|(?<=[{accented}]))"
                         f"[{marks}]+")
    return accents, re.compile(f"[^\\w{marks}]+|_+")


@cache
def _pointing_pattern() -> re.Pattern[str]:
    """Match the optional Hebrew and Arabic vowel points (dropped like accents)."""
    return re.compile(f"[{_char_class(OPTIONAL_POINTING)}]+")


def _char_class(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """Return a regex character class body for inclusive code-point ranges."""
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


def is_latin(text: str) -> bool:
    """Return True when most letters of a folded text are Latin (ASCII after folding)."""
    if text.isascii():
        return True
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(1 for c in letters if c.isascii()) >= 0.5 * len(letters)


def title_parts(title: str | None) -> tuple[str, bool]:
    """Return the title without database annotations, and whether it is marked translated.

    MEDLINE wraps a translated title in brackets; other sources append the original
    title in brackets or a language tag. Case is kept.

    >>> title_parts("[Narcotic mushrooms with LSD?]")
    ('Narcotic mushrooms with LSD?', True)
    >>> title_parts("Hallucinogens. V. Synthesis of psilocybin (Japanese)")
    ('Hallucinogens. V. Synthesis of psilocybin', True)
    >>> title_parts("Eculizumab in aHUS [Erratum appears in N Engl J Med. 2009 Jun 4]")
    ('Eculizumab in aHUS', False)
    """
    if not title:
        return "", False
    text = title.strip()
    if not _MAY_HAVE_NOISE_RE.search(text):
        return " ".join(text.split()), False
    translated = text.startswith("[")
    for pattern in TITLE_NOISE:
        text = pattern.sub(" ", text).strip()
    for pattern in TRANSLATION_NOISE:
        text, found = pattern.subn(" ", text)
        text = text.strip()
        translated = translated or bool(found)
    text = " ".join(text.split()).replace("( ", "(").replace(" )", ")")
    text = re.sub(r"(\w) (?=[,.;:?!])", r"\1", text)
    # MEDLINE wraps translated titles in brackets: "[Title in English]."
    if text.startswith("[") and text.rstrip(".").endswith("]"):
        text = text.rstrip(".")[1:-1]
    return text.strip(), translated


def clean_title(title: str | None) -> str:
    """Remove database annotations and wrapping brackets from a title (case kept).

    >>> clean_title("Eculizumab in aHUS [Erratum appears in N Engl J Med. 2009 Jun 4]")
    'Eculizumab in aHUS'
    >>> clean_title("[Are antimicrobials useful in closed thoracostomy?]")
    'Are antimicrobials useful in closed thoracostomy?'
    """
    return title_parts(title)[0]
