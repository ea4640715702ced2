"""Look-alike works that are *not* duplicates: errata, conference abstracts, series parts,
shared titles and generic titles. Deduplication must keep each of them apart.
"""

from __future__ import annotations

import dataclasses

from . import abstracts, vocab
from .names import JOURNALS, Journal
from .text import capitalise
from .works import Work, WorkFactory


def trap_counts(n: int) -> dict[str, int]:
    """Return how many works of each trap kind a corpus of ``n`` works gets.

    Corpora under 20 works get none; larger ones get at least one of each.
    """
    if n < 20:
        return {"erratum": 0, "conference-abstract": 0, "part": 0, "shared-title": 0,
                "generic-title": 0}
    return {
        "erratum": max(1, n // 60),
        "conference-abstract": max(1, n // 50),
        "part": 2 * max(1, n // 100),
        "shared-title": 2 * max(1, n // 100),
        "generic-title": max(1, n // 60),
    }


def erratum(f: WorkFactory, original: Work) -> Work:
    """Return a correction notice for ``original``, with its own DOI and PMID."""
    rng = f.rng
    year = min(2025, original.year + rng.choice((0, 0, 1)))
    work_id = f.next_id()
    volume, issue, first, _ = f.placement(original.journal, year)
    prefix = rng.choice(("Erratum: ", "Correction to: ", "Erratum to: "))
    return Work(
        work_id=work_id, title=prefix + original.english_title,
        authors=original.authors if rng.random() < 0.5 else (), year=year,
        journal=original.journal, volume=volume, issue=issue, start_page=first, end_page=None,
        doi=f.doi(original.journal, year, 0.95), pmid=f.pmid(year, 0.9 if original.pmid else 0),
        language=original.language, publication_type="erratum", topic=original.topic,
        trap="erratum", related_to=original.work_id,
    )


def conference_abstract(f: WorkFactory, article: Work) -> Work:
    """Return the meeting abstract that preceded ``article`` (near-identical title)."""
    rng = f.rng
    title = article.title
    head, sep, _ = title.partition(": ")
    choice = rng.random()
    if sep and choice < 0.35:
        title = head
    elif choice < 0.6 and ": a " in title:
        title = title.replace(": a ", ": preliminary results of a ", 1)
    elif choice < 0.6:
        title += ": preliminary findings"
    year = max(2000, article.year - rng.choice((0, 1, 1)))
    base = article.journal
    if rng.random() < 0.5:
        journal = dataclasses.replace(base, name=f"{base.name} Conference Abstracts",
                                      iso_abbrev=f"{base.iso_abbrev} Conf. Abstr.",
                                      article_numbers=False)
        issue = None
    else:
        journal, issue = base, rng.choice(("Suppl 1", "Suppl 2", "S1"))
    work_id = f.next_id()
    page = rng.randint(10, 480)
    authors = article.authors[:1] + tuple(
        a for a in article.authors[1:] if rng.random() < 0.6)
    return Work(
        work_id=work_id, title=title, authors=authors, year=year, journal=journal,
        volume=str(max(1, year - base.founded + 1)), issue=issue, start_page=f"S{page}",
        end_page=f"S{page + rng.choice((0, 1))}", doi=f.doi(journal, year, 0.3), pmid=None,
        language=article.language, publication_type="conference-abstract",
        abstract=abstracts.compose(rng, article.topic, "qual", {}), topic=article.topic,
        keywords=article.keywords, trap="conference-abstract", related_to=article.work_id,
    )


def second_meeting(f: WorkFactory, abstract: Work) -> Work:
    """Return the same abstract given again at another meeting (another journal's supplement).

    Same title, authors and year; other journal and pages. PRISMA counts two records.
    """
    rng = f.rng
    # Another journal: neither the abstract's own nor the one its conference abstracts
    # belong to ("X Conference Abstracts" is printed by X).
    journal = rng.choice([j for j in JOURNALS["core"]
                          if not abstract.journal.name.startswith(j.name)])
    page = rng.randint(500, 990)
    return dataclasses.replace(
        abstract, work_id=f.next_id(), journal=journal,
        volume=str(max(1, abstract.year - journal.founded + 1)),
        issue=rng.choice(("Suppl 1", "Suppl 2")), start_page=f"S{page}", end_page=None,
        doi=None, trap="second-meeting", related_to=abstract.work_id)


def part_pair(f: WorkFactory) -> tuple[Work, Work]:
    """Return Part I and Part II of a two-part paper (same authors, journal, series title)."""
    rng = f.rng
    if rng.random() < 0.5:
        series, sub1, sub2 = rng.choice(vocab.PART_SERIES)
    else:
        series = capitalise(f"{rng.choice(vocab.CONSTRUCTS)} in {rng.choice(vocab.SETTINGS)}")
        sub1, sub2 = "a conceptual framework", "implementation in daily practice"
    one, two = rng.choice(((", part I: ", ", part II: "), (" (Part 1): ", " (Part 2): "),
                           (". Part I. ", ". Part II. ")))
    if one.endswith(". "):
        sub1, sub2 = capitalise(sub1), capitalise(sub2)
    journal = rng.choice(JOURNALS["core"])
    authors = f.authors(1, 5)
    year = f.year()
    works = []
    for number, (mark, sub) in enumerate(((one, sub1), (two, sub2))):
        work_id = f.next_id()
        volume, issue, first, last = f.placement(journal, min(2025, year + number))
        works.append(Work(
            work_id=work_id, title=f"{series}{mark}{sub}", authors=authors,
            year=min(2025, year + number), journal=journal, volume=volume, issue=issue,
            start_page=first, end_page=last, doi=f.doi(journal, year), pmid=f.pmid(year),
            language="en", publication_type="article",
            abstract=abstracts.compose(rng, "core", "review", {}), topic="core",
            keywords=tuple(rng.sample(vocab.KEYWORDS["core"], 4)), trap="part",
            related_to=works[0].work_id if works else None,
        ))
    return works[0], works[1]


def shared_title_pair(f: WorkFactory) -> tuple[Work, Work]:
    """Return two unrelated papers that carry the same title in different years."""
    rng = f.rng
    if rng.random() < 0.3:
        title = rng.choice(vocab.SHARED_TITLES)
    else:
        title = capitalise(f"{rng.choice(vocab.CONSTRUCTS)} in {rng.choice(vocab.SETTINGS)}")
    first_year = rng.randint(2000, 2019)
    journals: list[Journal] = rng.sample(JOURNALS["core"], 2)
    works = []
    for year, journal in ((first_year, journals[0]),
                          (rng.randint(first_year + 3, 2025), journals[1])):
        work_id = f.next_id()
        volume, issue, first, last = f.placement(journal, year)
        pub_type = rng.choice(("article", "review", "editorial"))
        works.append(Work(
            work_id=work_id, title=title, authors=f.authors(1, 4), year=year, journal=journal,
            volume=volume, issue=issue, start_page=first, end_page=last,
            doi=f.doi(journal, year), pmid=f.pmid(year), language="en",
            publication_type=pub_type,
            abstract=None if pub_type == "editorial" else abstracts.compose(
                rng, "core", "review", {}),
            topic="core", trap="shared-title",
            related_to=works[0].work_id if works else None,
        ))
    return works[0], works[1]


def generic_title(f: WorkFactory) -> Work:
    """Return an editorial or letter with a title many other items share ("Editorial")."""
    rng = f.rng
    title, pub_type = rng.choice(vocab.GENERIC_TITLES)
    journal = rng.choice(JOURNALS["core"] + JOURNALS["adjacent"])
    year = f.year()
    work_id = f.next_id()
    volume, issue, first, _ = f.placement(journal, year)
    last = str(int(first) + 1) if first.isdigit() else None
    return Work(
        work_id=work_id, title=title, authors=f.authors(1, 2), year=year, journal=journal,
        volume=volume, issue=issue, start_page=first, end_page=last,
        doi=f.doi(journal, year, 0.7), pmid=f.pmid(year, 0.6), language="en",
        publication_type=pub_type, topic="core", trap="generic-title",
    )
