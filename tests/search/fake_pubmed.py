"""Synthetic PubMed records and how EFetch renders them (PubMed XML, MEDLINE text).

Used by the local E-utilities server (:mod:`fake_eutils`). Both renderings carry the
same data, as NCBI's do, so tests can compare what the two readers make of them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FAMILIES = ("Jansen", "de Vries", "Smith", "Okafor", "Nguyen", "Müller", "García", "Bakker")
GIVEN = ("Anna", "Pieter", "John", "Chidi", "Linh", "Jürgen", "María", "Sanne")
TOPICS = ("spiritual care", "meaning making", "outpatient mental health", "existential distress",
          "recovery", "chaplaincy", "psychotherapy", "religious coping")
#: Season -> (first month, last month) of the print date it stands for.
SEASONS = {"Spring": (3, 5), "Summer": (6, 8), "Fall": (9, 11), "Winter": (1, 2)}


@dataclass
class FakeArticle:
    """One synthetic PubMed record.

    Attributes:
        pmid: The PMID.
        pdat: Print publication date (the day; see ``dp`` for what is printed).
        title: Article title.
        abstract: Abstract text (rendered with BACKGROUND/METHODS-style labels in XML).
        authors: ``(family, given)`` pairs.
        epub: Electronic publication date, when it differs from print (PubMed's
            publication date [dp] matches either: the "publication echo").
        dp: How precise the print date is: ``"day"``, ``"year"`` (``DP - 2020``) or a
            season (``DP - 2020 Spring``).
        edat: Entrez date: the one day the record entered PubMed (default: ``pdat``).
    """

    pmid: str
    pdat: date
    title: str
    abstract: str
    authors: list[tuple[str, str]]
    epub: date | None = None
    dp: str = "day"
    edat: date | None = None

    @property
    def entrez_date(self) -> date:
        """The record's single Entrez date."""
        return self.edat or self.pdat

    def dp_text(self) -> str:
        """The publication date as MEDLINE prints it."""
        if self.dp == "year":
            return str(self.pdat.year)
        if self.dp != "day":
            return f"{self.pdat.year} {self.dp}"
        return f"{self.pdat.year} {MONTHS[self.pdat.month - 1]} {self.pdat.day}"

    def matches_pdat(self, lo: str, hi: str) -> bool:
        """Tell whether [dp] in ``lo``–``hi`` (ISO dates) finds this record.

        Modelled on PubMed's documented behaviour: the print date and the electronic
        date both count, and an imprecise print date matches every range it overlaps.
        """
        first, last = self.pdat, self.pdat
        if self.dp == "year":
            first, last = date(self.pdat.year, 1, 1), date(self.pdat.year, 12, 31)
        elif self.dp in SEASONS:
            start, end = SEASONS[self.dp]
            first = date(self.pdat.year, start, 1)
            last = date(self.pdat.year, end, 28)
        hit = first.isoformat() <= hi and last.isoformat() >= lo
        return hit or (self.epub is not None and lo <= self.epub.isoformat() <= hi)


def make_corpus(n: int, seed: int = 7, first_pmid: int = 30_000_000,
                years: tuple[int, int] = (1995, 2025)) -> list[FakeArticle]:
    """Make ``n`` synthetic articles, more of them in recent years (as PubMed grows).

    About 1 in 8 has an electronic date weeks before its print date, 1 in 25 a
    year-only print date and 1 in 50 a season; the Entrez date is the earlier of the
    electronic and print dates plus up to a week.
    """
    rng = random.Random(seed)
    odd = random.Random(seed + 1)  # a second stream keeps the main one as it was
    span = years[1] - years[0] + 1
    out = []
    for i in range(n):
        year = years[0] + min(span - 1, int(span * rng.random() ** 0.5))
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        topic = rng.choice(TOPICS)
        authors = [(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 4))]
        article = FakeArticle(str(first_pmid + i), day,
                              f"Synthetic study {i} of {topic} in adults",
                              f"Background: {topic} & care. Methods: study {i}. "
                              "Results: <none>. Conclusions: more research.", authors)
        roll = odd.random()
        if roll < 0.125:
            article.epub = day - timedelta(days=odd.randint(10, 120))
        elif roll < 0.165:
            article.dp = "year"
        elif roll < 0.185:
            article.dp = odd.choice(tuple(SEASONS))
        article.edat = min(day, article.epub or day) + timedelta(days=odd.randint(0, 7))
        out.append(article)
    return out


def _pub_date_xml(a: FakeArticle) -> str:
    if a.dp == "year":
        return f"<Year>{a.pdat.year}</Year>"
    if a.dp != "day":
        return f"<Year>{a.pdat.year}</Year><Season>{a.dp}</Season>"
    return (f"<Year>{a.pdat.year}</Year><Month>{MONTHS[a.pdat.month - 1]}</Month>"
            f"<Day>{a.pdat.day}</Day>")


def _pages(a: FakeArticle) -> tuple[str, str]:
    first = int(a.pmid) % 900 + 1
    return str(first), str(first + 8)


def article_xml(a: FakeArticle) -> str:
    """Render one article as a PubmedArticle element (the fields EFetch XML carries)."""
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{escape(f)}</LastName><ForeName>{escape(g)}</ForeName>'
        f"<Initials>{g[0]}</Initials><AffiliationInfo><Affiliation>Dept of Care, {escape(f)}"
        f" University</Affiliation></AffiliationInfo></Author>" for f, g in a.authors)
    first, last = _pages(a)
    abstract = "".join(f'<AbstractText Label="{label.upper()}">{escape(text.strip())}'
                       "</AbstractText>" for label, text in _abstract_parts(a))
    epub = (f'<ArticleDate DateType="Electronic"><Year>{a.epub.year}</Year><Month>'
            f"{a.epub.month:02d}</Month><Day>{a.epub.day:02d}</Day></ArticleDate>"
            if a.epub else "")
    edat = a.entrez_date
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{a.pmid}</PMID><Article PubModel="Print"><Journal>'
        f'<ISSN IssnType="Electronic">1234-5678</ISSN><JournalIssue CitedMedium="Internet">'
        f"<Volume>{a.pdat.year - 1990}</Volume><Issue>{a.pdat.month}</Issue><PubDate>"
        f"{_pub_date_xml(a)}</PubDate></JournalIssue>"
        f"<Title>Journal of Synthetic Care</Title><ISOAbbreviation>J Synth Care"
        f"</ISOAbbreviation></Journal><ArticleTitle>{escape(a.title)}</ArticleTitle>"
        f"<Pagination><MedlinePgn>{first}-{last}</MedlinePgn></Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">10.9999/synth.{a.pmid}</ELocationID>'
        f"<Abstract>{abstract}</Abstract>"
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList>'
        f'<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">'
        f"Journal Article</PublicationType></PublicationTypeList>{epub}</Article>"
        f"<MedlineJournalInfo><Country>Netherlands</Country><MedlineTA>J Synth Care"
        f"</MedlineTA><NlmUniqueID>9999999</NlmUniqueID><ISSNLinking>1234-5678</ISSNLinking>"
        f"</MedlineJournalInfo>"
        f'<MeshHeadingList><MeshHeading>'
        f'<DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading>'
        f'<MeshHeading><DescriptorName UI="D008603" MajorTopicYN="N">Mental Health'
        f'</DescriptorName><QualifierName UI="Q000706" MajorTopicYN="N">statistics &amp; '
        f"numerical data</QualifierName></MeshHeading><MeshHeading>"
        f'<DescriptorName UI="D000068296" MajorTopicYN="Y">Spirituality</DescriptorName>'
        f"</MeshHeading></MeshHeadingList>"
        f'<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">{escape(_topic(a))}</Keyword>'
        f'<Keyword MajorTopicYN="N">adults</Keyword></KeywordList></MedlineCitation>'
        f'<PubmedData><History><PubMedPubDate PubStatus="entrez"><Year>{edat.year}</Year>'
        f"<Month>{edat.month}</Month><Day>{edat.day}</Day><Hour>6</Hour><Minute>0</Minute>"
        f'</PubMedPubDate></History><PublicationStatus>ppublish</PublicationStatus>'
        f'<ArticleIdList><ArticleId IdType="pubmed">{a.pmid}</ArticleId>'
        f'<ArticleId IdType="doi">10.9999/synth.{a.pmid}</ArticleId></ArticleIdList>'
        f"</PubmedData></PubmedArticle>")


def _topic(a: FakeArticle) -> str:
    return a.title.split(" of ", 1)[1].rsplit(" in ", 1)[0]


def _abstract_parts(a: FakeArticle) -> list[tuple[str, str]]:
    """Split "Background: … Methods: …" into labelled sections."""
    parts = re.split(r"(?:^|\s)(Background|Methods|Results|Conclusions): ", a.abstract)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]


def _medline_wrap(tag: str, text: str) -> list[str]:
    """Wrap a long value the way PubMed's MEDLINE export does (continuation lines)."""
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 82:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [f"{tag:<4}- {lines[0]}", *(f"      {rest}" for rest in lines[1:])]


def article_medline(a: FakeArticle) -> str:
    """Render one article as a MEDLINE record (the fields EFetch MEDLINE carries)."""
    first, last = _pages(a)
    abstract = " ".join(f"{label.upper()}: {text.strip()}" for label, text in _abstract_parts(a))
    edat = a.entrez_date
    lines = [f"PMID- {a.pmid}", "OWN - NLM", "STAT- MEDLINE", "IS  - 1234-5678 (Electronic)",
             "IS  - 1234-5678 (Linking)", f"VI  - {a.pdat.year - 1990}", f"IP  - {a.pdat.month}",
             f"DP  - {a.dp_text()}", *_medline_wrap("TI", a.title), f"PG  - {first}-{last}",
             f"LID - 10.9999/synth.{a.pmid} [doi]", *_medline_wrap("AB", abstract)]
    for family, given in a.authors:
        lines += [f"FAU - {family}, {given}", f"AU  - {family} {given[0]}",
                  f"AD  - Dept of Care, {family} University"]
    lines += ["LA  - eng", "PT  - Journal Article"]
    if a.epub:
        lines.append(f"DEP - {a.epub:%Y%m%d}")
    lines += ["PL  - Netherlands", "TA  - J Synth Care", "JT  - Journal of Synthetic Care",
              "JID - 9999999", "SB  - IM", "MH  - Humans",
              "MH  - Mental Health/statistics & numerical data", "MH  - *Spirituality",
              f"OT  - {_topic(a)}", "OT  - adults", "OTO - NOTNLM",
              f"EDAT- {edat:%Y/%m/%d} 06:00", f"AID - 10.9999/synth.{a.pmid} [doi]",
              "PST - ppublish",
              f"SO  - J Synth Care. {a.dp_text()};{a.pdat.year - 1990}({a.pdat.month}):"
              f"{first}-{last}. doi: 10.9999/synth.{a.pmid}."]
    return "\n".join(lines) + "\n"
