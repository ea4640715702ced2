"""The search strategy as data: terms, concept blocks, searches and limits.

A strategy is platform-neutral. Its wildcards follow one convention, the one most
platforms share (Web of Science, embase.com, Scopus): ``*`` any number of
characters, ``?`` exactly one character, ``$`` zero or one character. Each renderer
turns them into its platform's characters (Ovid and EBSCO swap ``?`` and ``#``).

Proximity is stored as ``within`` = the largest number of words allowed *between*
the terms; renderers convert it (Ovid ``ADJn`` and embase.com ``NEAR/n`` count n-1
words between, Web of Science, Scopus, EBSCO and PubMed count n).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as _field

#: The generic wildcard characters of a strategy file.
TRUNCATION = "*"
ONE_CHAR = "?"
ZERO_OR_ONE = "$"
WILDCARDS = frozenset(TRUNCATION + ONE_CHAR + ZERO_OR_ONE)

#: Generic fields a block or term can search, with what each means.
FIELDS = {
    "ti": "title",
    "ab": "abstract",
    "tiab": "title and abstract",
    "tiabkw": "title, abstract and keywords",
    "all": "all fields",
}

#: Subject-heading vocabularies a block can list headings for.
VOCABULARIES = {
    "mesh": "MeSH (PubMed, Ovid MEDLINE, Cochrane, Europe PMC)",
    "emtree": "Emtree (Embase on Ovid or embase.com)",
    "apa": "APA Thesaurus (PsycINFO)",
    "cinahl": "CINAHL Subject Headings",
}

# Characters that make a single word need quotes on most platforms.
_NEEDS_QUOTES = re.compile(r"[\s\-/&:.,;()'\"]")


@dataclass(frozen=True)
class Term:
    """One search term: a word, a phrase, or words near each other.

    Attributes:
        text: The word or phrase, with generic wildcards (``*``, ``?``, ``$``).
            Several words separated by spaces always form a phrase.
        field: A generic field (see :data:`FIELDS`) overriding the block's field.
        exact: An exact phrase (Scopus ``{…}``); other platforms quote it normally.
        near: Words that must occur near each other (a proximity term); ``text``
            is then the words joined by spaces.
        within: For a proximity term, the most words allowed between them.
        ordered: For a proximity term, whether the words must occur in this order.
    """

    text: str
    field: str | None = None
    exact: bool = False
    near: tuple[str, ...] = ()
    within: int = 0
    ordered: bool = False

    @property
    def words(self) -> list[str]:
        """The words of the term."""
        return list(self.near) if self.near else self.text.split()

    @property
    def is_phrase(self) -> bool:
        """Whether the term has several words (and is not a proximity term)."""
        return not self.near and len(self.text.split()) > 1

    @property
    def needs_quotes(self) -> bool:
        """Whether a renderer must quote it: several words or punctuation."""
        return self.exact or bool(_NEEDS_QUOTES.search(self.text))

    @property
    def has_wildcard(self) -> bool:
        """Whether any wildcard character appears in the term."""
        return any(c in WILDCARDS for c in self.text)

    def key(self) -> str:
        """Return a comparison key: case-folded text, field and proximity."""
        return f"{self.text.casefold()}|{self.field or ''}|{self.within if self.near else ''}"


@dataclass(frozen=True)
class Heading:
    """A controlled-vocabulary subject heading.

    Attributes:
        name: The heading as the thesaurus spells it (``Spirituality``).
        explode: Include narrower headings (MeSH ``[mh]``, Ovid ``exp``).
        major: Only where it is a major topic (``[majr]``, ``*X/``).
    """

    name: str
    explode: bool = True
    major: bool = False


@dataclass
class Block:
    """A concept block: synonyms ORed together.

    Attributes:
        name: The block's identifier, used by searches (``meaning``).
        terms: The free-text terms, in order.
        label: A human description.
        field: The generic field its terms search (default: the strategy's).
        headings: Subject headings per vocabulary (``{"mesh": [Heading…]}``).
        scholar: Short list of plain terms for Google Scholar (no wildcards).
    """

    name: str
    terms: list[Term] = _field(default_factory=list)
    label: str = ""
    field: str | None = None
    headings: dict[str, list[Heading]] = _field(default_factory=dict)
    scholar: list[str] = _field(default_factory=list)


@dataclass
class Search:
    """One search (branch): blocks ANDed, minus blocks NOTed.

    Attributes:
        name: Short identifier (``A``).
        all: Each entry is a block name, or a list of block names ORed together.
        none: Blocks whose records are removed (NOT). A list inside is a block minus
            the blocks after it: ``["animals", "humans"]`` removes animal-only
            records (``NOT (animals NOT humans)``).
        label: A human description.
    """

    name: str
    all: list[str | list[str]] = _field(default_factory=list)
    none: list[str | list[str]] = _field(default_factory=list)
    label: str = ""


@dataclass
class Limits:
    """Limits applied to every search.

    Attributes:
        year_from: First publication year, or None.
        year_to: Last publication year, or None for "to the present".
        languages: Language names in English (``english``, ``dutch``).
        publication_types: Publication types, as the platform names them.
    """

    year_from: int | None = None
    year_to: int | None = None
    languages: list[str] = _field(default_factory=list)
    publication_types: list[str] = _field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.year_from or self.year_to or self.languages or self.publication_types)


@dataclass
class Strategy:
    """A whole search strategy: blocks, the searches combining them, and limits.

    The searches are ORed into one string per platform.
    """

    blocks: dict[str, Block] = _field(default_factory=dict)
    searches: list[Search] = _field(default_factory=list)
    limits: Limits = _field(default_factory=Limits)
    title: str = ""
    default_field: str = "tiab"

    def block_field(self, block: Block, term: Term | None = None) -> str:
        """Return the generic field a term of ``block`` searches."""
        return (term.field if term and term.field else None) or block.field or self.default_field


def fold(text: str) -> str:
    """Return ``text`` without diacritics (``cliënt`` → ``client``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Return a short identifier made from ``text`` (for parsed block names)."""
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    return "-".join(words[:3]) or "block"
