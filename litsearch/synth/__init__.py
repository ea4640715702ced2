"""A seeded generator of synthetic bibliographic exports for tests, benchmarks and the demo.

:func:`generate_works` composes the true papers (on meaning-making and spiritual
care in outpatient mental health care, plus off-topic and look-alike items);
:func:`generate_corpus` decides which databases find each one and builds their
records with the variation real databases show; :func:`write_exports` writes one
export file per database. Every record carries its gold work id in
``extra["synth_work_id"]``.

Example:
    >>> from litsearch.synth import generate_corpus
    >>> corpus = generate_corpus(50, seed=1)
    >>> sorted(corpus)
    ['embase', 'psycinfo', 'pubmed', 'scopus', 'wos']
"""

from .corpus import (
    DEMO_SEED,
    DEMO_WORKS,
    assign_databases,
    generate_corpus,
    generate_works,
    gold_map,
)
from .tables import DATABASES, FILE_NAMES
from .works import Work
from .writers import (
    WRITERS,
    write_embase_ris,
    write_exports,
    write_medline,
    write_ovid_ris,
    write_scopus_csv,
    write_wos,
)

__all__ = [
    "DATABASES", "DEMO_SEED", "DEMO_WORKS", "FILE_NAMES", "WRITERS", "Work",
    "assign_databases", "generate_corpus", "generate_works", "gold_map", "write_embase_ris",
    "write_exports", "write_medline", "write_ovid_ris", "write_scopus_csv", "write_wos",
]
