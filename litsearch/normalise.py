"""Pure normalisers for identifiers, names, languages and pages.

Importers call these so that every record in the store is comparable, whatever
its source wrote. Nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from .models import Author

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_PMID_RE = re.compile(r"\d{1,9}")
_PMCID_RE = re.compile(r"PMC\s*(\d+)", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
_LANG_SPLIT_RE = re.compile(r"[;,/|]| and ")
_GIVEN_SPLIT_RE = re.compile(r"[\s.\-]+")
_CAPS_RE = re.compile(r"[A-Z]{1,4}")
_DOI_PREFIX_RE = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE
)


def doi(value: str | None) -> str | None:
    """Return the DOI lower-cased without resolver prefix, or None.

    >>> doi("https://doi.org/10.1000/ABC.123.")
    '10.1000/abc.123'
    >>> doi("DOI: 10.1002/(SICI)1097-4636")
    '10.1002/(sici)1097-4636'
    """
    if not value:
        return None
    # URL-encoded characters (%2F, %28, %29) and trailing punctuation come from copy-paste
    # and from DOIs written as URLs (Embase, Ovid).
    text = _DOI_PREFIX_RE.sub("", value.strip())
    if "%" in text:
        text = unquote(text)
    match = _DOI_RE.search(text)
    if not match:
        return None
    found = match.group(0).rstrip(".,;]")
    if found.endswith(")") and found.count("(") < found.count(")"):
        found = found[:-1]
    return found.lower()


def pmid(value: str | int | None) -> str | None:
    """Return a PubMed ID as digits only, or None.

    >>> pmid("PMID: 12345678 [Indexed for MEDLINE]")
    '12345678'
    """
    if value is None:
        return None
    match = _PMID_RE.search(str(value))
    if not match or int(match.group(0)) == 0:
        return None
    return str(int(match.group(0)))


def pmcid(value: str | None) -> str | None:
    """Return a PMCID as ``PMC`` plus digits, or None."""
    if not value:
        return None
    match = _PMCID_RE.search(value)
    return f"PMC{match.group(1)}" if match else None


def year(value: str | int | None) -> int | None:
    """Return the first plausible four-digit year (1500-2100) in a value, or None.

    >>> year("1998 Dec-1999 Jan")
    1998
    """
    if value is None:
        return None
    for match in _YEAR_RE.finditer(str(value)):
        return int(match.group(1))
    return None


#: Language names and codes as sources write them, mapped to ISO 639-1.
LANGUAGES = {
    "en": "en", "eng": "en", "english": "en",
    "nl": "nl", "dut": "nl", "nld": "nl", "dutch": "nl", "nederlands": "nl", "flemish": "nl",
    "de": "de", "ger": "de", "deu": "de", "german": "de",
    "fr": "fr", "fre": "fr", "fra": "fr", "french": "fr",
    "es": "es", "spa": "es", "spanish": "es",
    "it": "it", "ita": "it", "italian": "it",
    "pt": "pt", "por": "pt", "portuguese": "pt",
    "zh": "zh", "chi": "zh", "zho": "zh", "chinese": "zh",
    "ja": "ja", "jpn": "ja", "japanese": "ja",
    "ru": "ru", "rus": "ru", "russian": "ru",
    "pl": "pl", "pol": "pl", "polish": "pl",
    "sv": "sv", "swe": "sv", "swedish": "sv",
    "da": "da", "dan": "da", "danish": "da",
    "no": "no", "nor": "no", "norwegian": "no",
    "fi": "fi", "fin": "fi", "finnish": "fi",
    "ko": "ko", "kor": "ko", "korean": "ko",
    "tr": "tr", "tur": "tr", "turkish": "tr",
    "ar": "ar", "ara": "ar", "arabic": "ar",
    "he": "he", "heb": "he", "hebrew": "he",
    "cs": "cs", "cze": "cs", "ces": "cs", "czech": "cs",
    "hu": "hu", "hun": "hu", "hungarian": "hu",
    "el": "el", "gre": "el", "ell": "el", "greek": "el", "greek, modern": "el",
    "fa": "fa", "per": "fa", "fas": "fa", "persian": "fa",
}


#: Words that qualify the language named before them rather than name one.
_LANG_QUALIFIERS = frozenset({"modern", "ancient", "old", "middle", "classical"})


def languages(value: str | None) -> tuple[str, ...]:
    """Return every language a field names, as ISO 639-1 codes where known, in order.

    Sources put several languages in one field ("English; German", "eng ger",
    "English and Dutch"); each one counts, so a rule can keep a record written in any
    of them. A name litsearch does not know is kept lower-cased, never dropped.

    >>> languages("eng ger")
    ('en', 'de')
    >>> languages("English; Dutch")
    ('en', 'nl')
    >>> languages("Greek, Modern")
    ('el',)
    """
    if not value:
        return ()
    text = value.strip().lower()
    if text in LANGUAGES:
        return (LANGUAGES[text],)
    found: list[str] = []
    for part in _LANG_SPLIT_RE.split(text):
        part = part.strip()
        # A qualifier after a comma belongs to the name before it ("Greek, Modern (1453-)").
        if not part or (found and part.split()[0] in _LANG_QUALIFIERS):
            continue
        words = part.split()
        # "eng ger" lists two codes; "serbo croatian" is one name litsearch does not know.
        names = words if len(words) > 1 and all(w in LANGUAGES for w in words) else [part]
        for name in names:
            code = LANGUAGES.get(name, name)
            if code not in found:
                found.append(code)
    return tuple(found)


def language(value: str | None) -> str | None:
    """Return a language field as ISO 639-1 codes, several joined by "; ".

    >>> language("English")
    'en'
    >>> language("dut")
    'nl'
    >>> language("Dutch; English")
    'nl; en'
    """
    return "; ".join(languages(value)) or None


#: Lower-case words that start a family name ("van der Berg", "de la Cruz").
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "ter",
             "ten", "du", "dos", "das", "bin", "al", "el", "zu", "vander", "op", "het", "'t"}


#: Words that mark a group author ("WHO Collaborating Group", "Cochrane Consortium").
CORPORATE_RE = re.compile(
    r"\b(organi[sz]ation|group|association|society|committee|collaboration|consortium|"
    r"institute|network|team|council|foundation|university|investigators|department|"
    r"agency|ministry|centre|center|working party|task force)\b", re.IGNORECASE)
_INITIALS_RE = re.compile(r"(?:[A-Z]\.?-?){1,4}")
_ET_AL_RE = re.compile(r"(?i)et\.?\s*al\.?,?|and others|u\.\s*a\.|\[?\.\.\.\]?")
#: "et al." after the last name a cell holds ("Smith J et al"): the list was cut there.
_TRAILING_ET_AL_RE = re.compile(r"(?i)[\s,;]+(?:et\.?\s*al\.?|and others)[\s,;.]*$")


def without_et_al(text: str) -> str:
    """Drop an "et al." that ends a name ("Smith J et al" is Smith J, the list cut after).

    >>> without_et_al("Smith J. et al."), without_et_al("et al.")
    ('Smith J.', 'et al.')
    """
    if not text.rstrip(" .,;").lower().endswith(("al", "others")):
        return text  # the common case, without a regular expression
    return _TRAILING_ET_AL_RE.sub("", text) or text


def _initials(given: str) -> str:
    parts = _GIVEN_SPLIT_RE.split(given.strip())
    return "".join(p[0].upper() for p in parts if p and p[0].isalpha())


def author(raw: str) -> Author | None:
    """Split one author string into family name and initials.

    Handles "Smith, John A.", "Smith JA" (MEDLINE), "Smith, J.A.", "J. A. Smith",
    "van der Berg, M." and organisations (kept whole as the family name).

    >>> author("Smith, John A.")
    Author(family='Smith', initials='JA', given='John A.', raw='Smith, John A.')
    >>> author("Smith JA").initials
    'JA'
    >>> author("Liu R.").family, author("Brownstein C D").initials
    ('Liu', 'CD')
    >>> author("J. A. Smith").family
    'Smith'
    """
    text = " ".join(raw.replace("\u00a0", " ").split()).strip(" ;")
    if not text or _ET_AL_RE.fullmatch(text):
        return None  # "et al." marks a cut author list; it is nobody's name
    text = without_et_al(text)
    if "," in text:
        family, _, given = text.partition(",")
        family, given = family.strip(), given.strip()
        if not given:
            return Author(family=family, raw=raw)
        if _CAPS_RE.fullmatch(given.replace(".", "").replace(" ", "")) and len(given) <= 8:
            return Author(family=family, initials=given.replace(".", "").replace(" ", ""), raw=raw)
        return Author(family=family, initials=_initials(given), given=given, raw=raw)
    words = text.split(" ")
    if CORPORATE_RE.search(text):
        return Author(family=text, raw=raw)
    # MEDLINE and Embase style: family name, then initials ("Smith JA", "Liu R.",
    # "Brownstein C D", "Smith J.A.").
    tail = len(words)
    while tail > 1 and _INITIALS_RE.fullmatch(words[tail - 1]):
        tail -= 1
    if 0 < tail < len(words):
        initials = "".join(words[tail:]).replace(".", "").replace("-", "")
        return Author(family=" ".join(words[:tail]), initials=initials, raw=raw)
    if len(words) >= 2 and len(words) <= 5:
        # "John A. Smith" or "M. van der Berg": the family name starts at the first particle
        # after the given names, else it is the last word.
        start = len(words) - 1
        for i in range(1, len(words) - 1):
            if words[i].lower() in PARTICLES:
                start = i
                break
        given = " ".join(words[:start])
        return Author(family=" ".join(words[start:]), initials=_initials(given), given=given,
                      raw=raw)
    return Author(family=text, raw=raw)


def authors(values: list[str]) -> list[Author]:
    """Normalise a list of author strings, keeping their order and dropping blanks."""
    out = []
    for value in values:
        parsed = author(value)
        if parsed is not None:
            out.append(parsed)
    return out


def pages(value: str | None) -> tuple[str | None, str | None]:
    """Split a page range into first and last page, expanding "123-9" to "129".

    >>> pages("123-9")
    ('123', '129')
    >>> pages("e1234")
    ('e1234', None)
    """
    if not value:
        return None, None
    text = value.strip().replace("\u2013", "-").replace("\u2014", "-")
    first, sep, last = text.partition("-")
    first, last = first.strip() or None, last.strip() or None
    if not sep:
        return first, None
    if first and last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def text(value: str | None) -> str | None:
    """Collapse whitespace and strip; empty becomes None. NFC-normalises Unicode."""
    if value is None:
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return cleaned or None
