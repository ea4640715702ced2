"""Generate the true works and the per-database records that find them.

Everything is driven by :class:`random.Random` instances seeded from the caller's
``seed``; there is no module state, so the same arguments always give the same corpus.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from ..errors import ConfigError
from ..models import Record
from . import traps
from .corruptions import corrupt
from .tables import (
    AFFINITY,
    DATABASES,
    DIALECTS,
    FIND_WEIGHTS,
    FOUND_BY_COUNTS,
    FOUND_BY_WEIGHTS,
    INDEXES,
)
from .variants import build_record, in_press_twin
from .works import Work, WorkFactory

#: Arguments that made the demo's shipped exports (see ``litsearch/demo/data/README.md``).
DEMO_WORKS = 120
DEMO_SEED = 2028


def generate_works(n: int, seed: int = 0, messy: bool = False) -> list[Work]:
    """Compose ``n`` true papers on the review topic, look-alike traps included.

    Args:
        n: Number of works.
        seed: Random seed; the same seed always gives the same works.
        messy: Also give some conference abstracts a second meeting (the same abstract
            in another journal's supplement: a look-alike, not a duplicate).

    Returns:
        Works with ids "W000001" upwards. Regular works come first, then errata,
        conference abstracts, Part I/II pairs, shared-title pairs and generic titles
        (see :func:`litsearch.synth.traps.trap_counts`).
    """
    if n < 0:
        raise ConfigError(f"Cannot generate {n} works.", hint="Give a number of 0 or more.")
    factory = WorkFactory(random.Random(seed))
    counts = traps.trap_counts(n)
    works = [factory.regular() for _ in range(n - sum(counts.values()))]
    english = [w for w in works if w.language == "en" and w.publication_type != "erratum"]
    articles = [w for w in english if w.publication_type in ("article", "trial")
                and not w.journal.article_numbers] or english
    for original in factory.rng.sample(english, min(counts["erratum"], len(english))):
        works.append(traps.erratum(factory, original))
    for article in factory.rng.sample(articles, min(counts["conference-abstract"],
                                                    len(articles))):
        works.append(traps.conference_abstract(factory, article))
        if messy and factory.rng.random() < 0.5:
            works.append(traps.second_meeting(factory, works[-1]))
    for _ in range(counts["part"] // 2):
        works.extend(traps.part_pair(factory))
    for _ in range(counts["shared-title"] // 2):
        works.extend(traps.shared_title_pair(factory))
    while len(works) < n:
        works.append(traps.generic_title(factory))
    return works


def _indexes(database: str, work: Work) -> bool:
    """Tell whether ``database`` could find ``work`` at all."""
    if database == "pubmed" and not work.pmid:
        return False
    if work.publication_type in INDEXES and database not in INDEXES[work.publication_type]:
        return False
    if work.language == "nl" and database in ("psycinfo", "wos"):
        return False
    return not (work.language == "de" and database == "wos")


def assign_databases(work: Work, databases: Sequence[str], rng: random.Random,
                     near: Sequence[str] = ()) -> list[str]:
    """Choose which of ``databases`` find ``work`` (about a third of works get 2+).

    Args:
        work: The work to place.
        databases: The databases being simulated.
        rng: The corpus random source.
        near: Databases that found the work this one resembles. A look-alike usually
            sits in one of them too (an erratum is indexed where its article is),
            which is what makes it a trap for deduplication.

    Returns:
        The chosen databases in ``databases`` order; empty when none indexes the work.
    """
    allowed = [d for d in databases if _indexes(d, work)]
    if not allowed:
        return []
    wanted = min(rng.choices(FOUND_BY_COUNTS, FOUND_BY_WEIGHTS)[0], len(allowed))
    beside = [d for d in near if d in allowed]
    if beside and rng.random() < 0.8:
        chosen = [rng.choice(beside)]
    else:
        chosen = rng.choices(allowed, [FIND_WEIGHTS[d] for d in allowed])
    while len(chosen) < wanted:
        left = [d for d in allowed if d not in chosen]
        weights = [FIND_WEIGHTS[d] * max(AFFINITY.get(frozenset((c, d)), 1.0) for c in chosen)
                   for d in left]
        chosen.append(rng.choices(left, weights)[0])
    return [d for d in databases if d in chosen]


class _Accessions:
    """Hand out unique, plausible record ids per database."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counters = {"embase": rng.randint(600_000_000, 640_000_000),
                         "psycinfo": rng.randint(10_000, 20_000),
                         "scopus": rng.randint(84_000_000_000, 85_000_000_000),
                         "wos": rng.randint(270_000_000_000, 300_000_000_000)}

    def next(self, database: str, work: Work) -> str:
        if database == "pubmed":
            return work.pmid or ""
        # PsycINFO numbers have five digits per year block; smaller steps keep them unique.
        self.counters[database] += self.rng.randint(1, 300 if database == "psycinfo" else 4000)
        value = self.counters[database]
        if database == "embase":
            return f"L{value}"
        if database == "psycinfo":
            return f"{work.year}-{value % 100_000:05d}-{1 + value // 100_000 % 999:03d}"
        if database == "scopus":
            return f"2-s2.0-{value}"
        return f"WOS:{value:015d}"


def generate_corpus(n_works: int, databases: Iterable[str] = DATABASES,
                    seed: int = 0, messy: bool = False) -> dict[str, list[Record]]:
    """Generate ``n_works`` works and the records each database holds for them.

    Args:
        n_works: Number of true works (expect about 1.6 records per work).
        databases: Which databases to simulate, from :data:`DATABASES`.
        seed: Random seed; the same arguments always give the same corpus.
        messy: Corrupt fields the way real exports do, at per-vendor rates
            (:mod:`litsearch.synth.corruptions`), and add abstracts given at two meetings.

    Returns:
        Records per database, in the (shuffled) order the export lists them, each
        with ``position`` set and ``extra["synth_work_id"]`` naming its true work.

    Raises:
        ConfigError: A database name is unknown.
    """
    names = tuple(databases)
    unknown = [d for d in names if d not in DATABASES]
    if unknown:
        raise ConfigError(f"Unknown database {unknown[0]!r} for the synthetic corpus.",
                          hint=f"Choose from {', '.join(DATABASES)}.")
    rng = random.Random(f"litsearch-synth-corpus-{seed}")
    ids = _Accessions(rng)
    corpus: dict[str, list[Record]] = {d: [] for d in names}
    found: dict[str, list[str]] = {}
    messy_rng = random.Random(f"litsearch-synth-messy-{seed}")
    for work in generate_works(n_works, seed, messy):
        near = found.get(work.related_to or "", ())
        found[work.work_id] = assign_databases(work, names, rng, near)
        for database in found[work.work_id]:
            record = build_record(work, database, ids.next(database, work), rng)
            if messy:
                meeting = (f"{work.year} Annual Meeting of the {work.journal.name} Society"
                           if work.publication_type == "conference-abstract" else None)
                corrupt(record, database, messy_rng, meeting)
            corpus[database].append(record)
            twin = DIALECTS[database].in_press_twin
            if twin and work.volume and rng.random() < twin:
                corpus[database].append(in_press_twin(record, ids.next(database, work)))
    for records in corpus.values():
        rng.shuffle(records)
        for position, record in enumerate(records, 1):
            record.position = position
    return corpus


def gold_map(corpus: dict[str, list[Record]]) -> dict[tuple[str, str], str]:
    """Return ``(database, source_record_id) -> work id`` for scoring deduplication.

    The record ids survive export and import (PMID, Embase L-number, PsycINFO
    accession, Scopus EID, WoS UT), so imported records can be matched to the gold.
    """
    return {(db, r.source_record_id or ""): str(r.extra["synth_work_id"])
            for db, records in corpus.items() for r in records}
