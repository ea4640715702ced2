"""Small pure string helpers shared by the generator and the writers."""

from __future__ import annotations

import re
import unicodedata
import zlib

#: British spellings in the word lists and their American forms.
AMERICAN = {
    "behaviour": "behavior", "behavioural": "behavioral", "behaviours": "behaviors",
    "randomised": "randomized", "analysed": "analyzed", "recognised": "recognized",
    "programme": "program", "programmes": "programs", "centred": "centered",
    "counselling": "counseling", "organisation": "organization", "organisations":
    "organizations", "characterised": "characterized", "prioritised": "prioritized",
    "generalised": "generalized", "signalling": "signaling", "hospitalisation":
    "hospitalization", "utilisation": "utilization", "operationalised": "operationalized",
}
_AMERICAN_RE = re.compile(r"\b(" + "|".join(AMERICAN) + r")\b", re.IGNORECASE)

#: Words kept lower-case inside Title Case, as publishers do.
SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or the to vs versus with".split()
)


def americanise(text: str) -> str:
    """Return ``text`` with the British spellings of :data:`AMERICAN` made American.

    >>> americanise("Behavioural programme")
    'Behavioral program'
    """
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = AMERICAN[word.lower()]
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return _AMERICAN_RE.sub(swap, text)


def capitalise(text: str) -> str:
    """Upper-case the first character and the first letter after ``? ``.

    >>> capitalise("how do nurses cope? a qualitative study")
    'How do nurses cope? A qualitative study'
    """
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return re.sub(r"([?!] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def capitalise_after_colon(text: str) -> str:
    """Upper-case the first letter after ``: `` (Embase, Scopus and PsycINFO do this).

    >>> capitalise_after_colon("Spirituality: a review")
    'Spirituality: A review'
    """
    return re.sub(r"(: ['‘\"]?)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def title_case(text: str) -> str:
    """Return ``text`` in publisher Title Case, keeping small words lower-case.

    >>> title_case("Spiritual care needs of outpatients: a qualitative study")
    'Spiritual Care Needs of Outpatients: A Qualitative Study'
    """
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        after_colon = i > 0 and words[i - 1].endswith((":", "?"))
        if word and (i == 0 or after_colon or word.lower() not in SMALL_WORDS):
            parts = word.split("-")
            word = "-".join(p[:1].upper() + p[1:] if p else p for p in parts)
        out.append(word)
    return " ".join(out)


def strip_diacritics(text: str) -> str:
    """Drop combining accents ("Müller" becomes "Muller").

    >>> strip_diacritics("Müller-Šimić")
    'Muller-Simic'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stable_int(text: str, modulo: int) -> int:
    """Return a number in ``range(modulo)`` that depends only on ``text``.

    Writers use it for cosmetic fields (citation counts, author IDs) so output is
    the same in every run; :func:`hash` is salted per process and would not be.
    """
    return zlib.crc32(text.encode("utf-8")) % modulo


def wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters at spaces.

    Faster than :mod:`textwrap` for the long abstracts the writers emit; a word
    longer than ``width`` gets a line to itself.
    """
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], -1
        current.append(word)
        length += 1 + len(word)
    if current:
        lines.append(" ".join(current))
    return lines


def end_page_short(first: str, last: str) -> str:
    """Abbreviate a last page the MEDLINE way ("123", "129" gives "9").

    >>> end_page_short("123", "129")
    '9'
    >>> end_page_short("99", "104")
    '104'
    """
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return last
    i = 0
    while i < len(last) - 1 and first[i] == last[i]:
        i += 1
    return last[i:]
