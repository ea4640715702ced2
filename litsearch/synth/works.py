"""The true papers behind the synthetic corpus and the factory that composes them."""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
from dataclasses import dataclass

from ..models import Author
from . import abstracts, vocab
from .names import FAMILY_NAMES, GIVEN_NAMES, JOURNALS, Journal
from .text import americanise, capitalise

#: Share of regular works per topic group; "nl" and "de" are on-topic works in Dutch/German.
TOPIC_WEIGHTS = {"core": 45, "adjacent": 18, "off": 15, "animal": 9, "nl": 8, "de": 5}

_TEMPLATES = {"core": vocab.CORE_TITLES, "adjacent": vocab.ADJACENT_TITLES,
              "off": vocab.OFF_TITLES, "animal": vocab.ANIMAL_TITLES}
_SLOT_RE = re.compile(r"\{(\w+)\}")
_POOLS = {
    "construct": vocab.CONSTRUCTS, "needs": vocab.NEEDS, "population": vocab.POPULATIONS,
    "setting": vocab.SETTINGS, "professionals": vocab.PROFESSIONALS,
    "intervention": vocab.INTERVENTIONS, "outcome": vocab.OUTCOMES,
    "instrument": vocab.INSTRUMENTS, "quote": vocab.QUOTES, "drug": vocab.DRUGS,
    "disorder": vocab.DISORDERS, "compound": vocab.COMPOUNDS,
    "animal_behaviour": vocab.ANIMAL_BEHAVIOURS, "marker": vocab.MARKERS,
    "region": vocab.REGIONS,
}
#: Initials of each given name ("Anna-Lena" gives "AL", "Jan Willem" gives "JW").
_INITIALS = {g: "".join(p[0].upper() for p in re.split(r"[ \-]+", g) if p) for g in GIVEN_NAMES}
#: Spelling is swapped on the few distinct template pieces, not on every finished text.
_american = functools.lru_cache(maxsize=4096)(americanise)


@dataclass(frozen=True, slots=True)
class Work:
    """One true paper: what every database record of it is a view of.

    Attributes:
        work_id: Gold identifier ("W000001"), copied to ``Record.extra["synth_work_id"]``.
        title: Title as printed, in the language of the paper.
        authors: Authors with family name, given names and initials.
        year: Publication year (2000-2025).
        journal: Journal the paper appeared in.
        volume: Volume, or None.
        issue: Issue ("3", "Suppl 1"), or None.
        start_page: First page or article number ("e12345").
        end_page: Last page, or None for article numbers.
        doi: Lower-case DOI, or None.
        pmid: PubMed ID, or None when MEDLINE does not index the paper.
        language: ISO 639-1 code.
        publication_type: "article", "review", "trial", "erratum", "conference-abstract",
            "editorial" or "letter".
        abstract: Abstract, or None.
        title_en: English translation of a non-English title.
        topic: "core", "adjacent", "off" or "animal" (screening gold).
        keywords: Author keywords.
        trap: Kind of look-alike ("erratum", "conference-abstract", "part", "shared-title",
            "generic-title"), or None.
        related_to: Work id of the paper this one resembles.
    """

    work_id: str
    title: str
    authors: tuple[Author, ...]
    year: int
    journal: Journal
    volume: str | None
    issue: str | None
    start_page: str | None
    end_page: str | None
    doi: str | None
    pmid: str | None
    language: str
    publication_type: str
    abstract: str | None = None
    title_en: str | None = None
    topic: str = "core"
    keywords: tuple[str, ...] = ()
    trap: str | None = None
    related_to: str | None = None

    @property
    def english_title(self) -> str:
        """Return the English title (the translation for non-English papers)."""
        return self.title_en or self.title


class WorkFactory:
    """Compose works from one random source; keeps identifiers unique.

    Args:
        rng: The only source of randomness (seeded by the caller).
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0
        self._pmids: set[str] = set()
        self._topics = list(TOPIC_WEIGHTS)
        self._topic_cum = list(itertools.accumulate(TOPIC_WEIGHTS.values()))
        # Pages and article numbers taken per (journal, volume): one place, one paper.
        self._ranges: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self._numbers: dict[tuple[str, str], set[str]] = {}
        self._years = list(range(2000, 2026))
        # More is published every year; weight later years up.
        self._year_cum = list(itertools.accumulate(y - 1994 for y in self._years))

    def next_id(self) -> str:
        """Return the next work id."""
        self.count += 1
        return f"W{self.count:06d}"

    def year(self) -> int:
        """Draw a publication year, later years more likely."""
        return self.rng.choices(self._years, cum_weights=self._year_cum)[0]

    def authors(self, low: int = 1, high: int = 9) -> tuple[Author, ...]:
        """Draw an author list (family, given names, initials)."""
        rng = self.rng
        out = []
        for _ in range(rng.randint(low, rng.randint(low, high))):
            given = rng.choice(GIVEN_NAMES)
            initials = _INITIALS[given]
            if rng.random() < 0.3:
                middle = rng.choice("ABCDEFGHJKLMNPRSTW")
                given, initials = f"{given} {middle}.", initials + middle
            out.append(Author(family=rng.choice(FAMILY_NAMES), initials=initials, given=given))
        return tuple(out)

    def pmid(self, year: int, chance: float = 0.85) -> str | None:
        """Draw a unique PMID that fits the year, or None for non-MEDLINE papers."""
        if self.rng.random() >= chance:
            return None
        while True:
            value = str(10_600_000 + (year - 2000) * 1_150_000 + self.rng.randint(0, 1_149_999))
            if value not in self._pmids:
                self._pmids.add(value)
                return value

    def doi(self, journal: Journal, year: int, chance: float = 0.9) -> str | None:
        """Compose a unique DOI under the Crossref test prefix, or None."""
        if self.rng.random() >= (chance if year >= 2008 else chance - 0.25):
            return None
        serial = f"{self.count:06d}"
        style = len(journal.doi_code) % 3
        if style == 0:
            return f"10.5555/{journal.doi_code}.{year}.{serial}"
        if style == 1:
            return f"10.5555/s{self.rng.randint(10000, 99999)}-{year % 100:02d}-{serial}-{year % 7}"
        return f"10.5555/{journal.doi_code}{serial}"

    def placement(self, journal: Journal, year: int) -> tuple[str, str | None, str, str | None]:
        """Draw volume, issue, first page and last page (or an article number)."""
        rng = self.rng
        volume = str(max(1, year - journal.founded + 1))
        issue = str(rng.randint(1, journal.issues)) if journal.issues > 1 else None
        if journal.article_numbers:
            number = f"e{rng.randint(10000, 99999)}" if rng.random() < 0.5 else str(
                rng.randint(100000, 999999))
            return volume, issue, self._free_number(journal.name, volume, number), None
        first = rng.randint(1, 1900)
        first, last = self._free_pages(journal.name, volume, first, first + rng.randint(5, 19))
        return volume, issue, str(first), str(last)

    def _free_pages(self, journal: str, volume: str, first: int, last: int) -> tuple[int, int]:
        """Return the drawn page range, or the pages after the volume's last paper if taken.

        Two papers never share a page of one volume, as in print; drawn pages clashed
        at a few hundred thousand works and made two works look like one (the gold
        called a same-place pair two works that no reader could tell apart). Draws
        nothing from the generator, so corpora without a clash are unchanged.
        """
        taken = self._ranges.setdefault((journal, volume), [])  # sorted, so ends are too
        at = bisect.bisect_left(taken, (first,))
        if (at and taken[at - 1][1] >= first) or (at < len(taken) and taken[at][0] <= last):
            first, last, at = taken[-1][1] + 1, taken[-1][1] + 1 + last - first, len(taken)
        taken.insert(at, (first, last))
        return first, last

    def _free_number(self, journal: str, volume: str, number: str) -> str:
        """Return the drawn article number, or the next one not yet given in the volume."""
        given = self._numbers.setdefault((journal, volume), set())
        prefix, digits = ("e", number[1:]) if number.startswith("e") else ("", number)
        while f"{prefix}{digits}" in given:
            digits = str(int(digits) + 1)
        given.add(f"{prefix}{digits}")
        return f"{prefix}{digits}"

    def fill(self, template: str) -> dict[str, str]:
        """Choose a word for every slot in ``template``."""
        rng = self.rng
        return {s: rng.choice(_POOLS[s]) for s in _SLOT_RE.findall(template) if s in _POOLS}

    def regular(self) -> Work:
        """Compose one ordinary paper of a random topic group."""
        rng = self.rng
        group = rng.choices(self._topics, cum_weights=self._topic_cum)[0]
        design, pub_type, method = rng.choice(vocab.DESIGNS)
        british = rng.random() < 0.45
        spell = str if british else _american
        title_en = None
        if group in ("nl", "de"):
            titles, words = ((vocab.DUTCH_TITLES, vocab.DUTCH_WORDS) if group == "nl"
                             else (vocab.GERMAN_TITLES, vocab.GERMAN_WORDS))
            original, english = rng.choice(titles)
            chosen = {k: rng.choice(v) for k, v in words.items()}
            title = capitalise(original.format(**{k: v[0] for k, v in chosen.items()}))
            title_en = capitalise(spell(english.format(**{k: v[1] for k, v in chosen.items()})))
            slots: dict[str, str] = {}
            topic, pub_type = "core", "article"
        else:
            template = spell(rng.choice(_TEMPLATES[group]))
            slots = {k: spell(v) for k, v in self.fill(template).items()}
            slots["design"] = spell(design)
            if "{design}" not in template:
                pub_type = "article"
            title = capitalise(template.format(**slots))
            topic = group
        text = abstracts.compose(rng, topic, method, slots, spell)
        year = self.year()
        journal = rng.choice(JOURNALS[group])
        work_id = self.next_id()
        volume, issue, first, last = self.placement(journal, year)
        keywords = tuple(rng.sample(vocab.KEYWORDS[topic], 4))
        return Work(
            work_id=work_id, title=title, authors=self.authors(), year=year, journal=journal,
            volume=volume, issue=issue, start_page=first, end_page=last,
            doi=self.doi(journal, year), pmid=self.pmid(year, 0.7 if title_en else 0.85),
            language=journal.language, publication_type=pub_type,
            abstract=text if rng.random() < 0.96 else None, title_en=title_en, topic=topic,
            keywords=keywords,
        )
