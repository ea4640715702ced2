"""Per-database tables: what each database indexes and how it words things (data only)."""

from __future__ import annotations

from dataclasses import dataclass

#: Databases the generator knows, in export order.
DATABASES = ("pubmed", "embase", "psycinfo", "scopus", "wos")

#: File name each database's export gets from :func:`litsearch.synth.write_exports`.
FILE_NAMES = {"pubmed": "pubmed.nbib", "embase": "embase.ris", "psycinfo": "psycinfo.ris",
              "scopus": "scopus.csv", "wos": "wos.txt"}

#: How likely a database is to be the one (or first) that finds a work.
FIND_WEIGHTS = {"pubmed": 28, "embase": 22, "psycinfo": 20, "scopus": 18, "wos": 12}

#: How much more likely a database joins once another one has found the work.
#: PubMed and Embase overlap most because Embase includes MEDLINE.
AFFINITY = {
    frozenset(("pubmed", "embase")): 20.0, frozenset(("embase", "scopus")): 1.3,
    frozenset(("pubmed", "scopus")): 1.6, frozenset(("psycinfo", "scopus")): 1.5,
    frozenset(("psycinfo", "wos")): 1.5, frozenset(("scopus", "wos")): 1.8,
}

#: Number of databases that find a work, and their weights (about a third find 2+).
FOUND_BY_COUNTS = (1, 2, 3, 4, 5)
FOUND_BY_WEIGHTS = (66, 16, 9, 5, 4)

#: Databases that index a publication type at all.
INDEXES = {
    "conference-abstract": ("embase", "scopus", "wos"),
    "erratum": ("pubmed", "embase", "scopus", "wos"),
}

#: Publication type of a work as each database labels it.
PUBLICATION_TYPES = {
    "article": {"pubmed": ["Journal Article"], "embase": ["Article"],
                "psycinfo": ["Journal", "Peer Reviewed Journal"], "scopus": ["Article"],
                "wos": ["Article"]},
    "review": {"pubmed": ["Journal Article", "Review"], "embase": ["Review"],
               "psycinfo": ["Journal", "Peer Reviewed Journal"], "scopus": ["Review"],
               "wos": ["Review"]},
    "trial": {"pubmed": ["Journal Article", "Randomized Controlled Trial"],
              "embase": ["Article"], "psycinfo": ["Journal", "Peer Reviewed Journal"],
              "scopus": ["Article"], "wos": ["Article"]},
    "erratum": {"pubmed": ["Published Erratum"], "embase": ["Erratum"],
                "psycinfo": ["Journal", "Peer Reviewed Journal"], "scopus": ["Erratum"],
                "wos": ["Correction"]},
    "conference-abstract": {"pubmed": ["Congress"], "embase": ["Conference Abstract"],
                            "psycinfo": ["Journal"], "scopus": ["Conference Paper"],
                            "wos": ["Meeting Abstract"]},
    "editorial": {"pubmed": ["Editorial"], "embase": ["Editorial"],
                  "psycinfo": ["Journal", "Peer Reviewed Journal"], "scopus": ["Editorial"],
                  "wos": ["Editorial Material"]},
    "letter": {"pubmed": ["Letter"], "embase": ["Letter"],
               "psycinfo": ["Journal", "Peer Reviewed Journal"], "scopus": ["Letter"],
               "wos": ["Letter"]},
}

#: Subject headings per topic group: (MeSH, Emtree, APA index terms, KeyWords Plus).
SUBJECT_HEADINGS = {
    "core": (("Humans", "*Spirituality", "Outpatients", "Mental Disorders/*psychology",
              "Community Mental Health Services", "Adult", "Female", "Male"),
             ("human", "spirituality", "outpatient", "mental disease", "adult", "female",
              "male", "article"),
             ("*Spirituality", "*Meaning", "Outpatient Treatment", "Mental Disorders",
              "Community Mental Health Services"),
             ("SPIRITUALITY", "RELIGION", "MENTAL-HEALTH", "RECOVERY")),
    "adjacent": (("Humans", "*Spirituality", "Palliative Care", "Hospice Care"),
                 ("human", "spiritual care", "palliative therapy", "article"),
                 ("*Spirituality", "*Palliative Care", "Chaplaincy"),
                 ("SPIRITUALITY", "PALLIATIVE CARE", "END-OF-LIFE")),
    "off": (("Humans", "Depressive Disorder/*drug therapy", "Adult", "Treatment Outcome"),
            ("human", "major clinical study", "drug efficacy", "article"),
            ("*Major Depression", "*Drug Therapy", "Treatment Outcomes"),
            ("DEPRESSION", "EFFICACY", "PLACEBO")),
    "animal": (("Animals", "Rats", "Male", "Behavior, Animal/*drug effects",
                "Stress, Psychological/*physiopathology"),
               ("animal experiment", "nonhuman", "rat", "male", "controlled study", "article"),
               ("*Animal Models", "*Stress", "Rats"),
               ("CHRONIC STRESS", "RATS", "BEHAVIOR")),
}

#: Index of each database's headings in :data:`SUBJECT_HEADINGS` (Scopus mixes MeSH in).
HEADING_COLUMN = {"pubmed": 0, "embase": 1, "psycinfo": 2, "scopus": 1, "wos": 3}


@dataclass(frozen=True)
class Dialect:
    """How one database varies a work when it builds its record.

    Attributes:
        period: Add a trailing period to titles (MEDLINE and Ovid do).
        colon_capital: Capitalise the first word after a colon.
        title_case: Keep the publisher's Title Case where the journal uses it.
        given_names: Whether the database keeps given names (else initials only).
        no_doi: Chance the record lacks the DOI the work has.
        no_abstract: Chance the record lacks the abstract the work has.
        pmid: Chance the record carries the PMID the work has.
        year_shift: Chance the record gives the online-first year (one earlier).
        spelling: Chance the title's spelling is changed (British/American swap).
        in_press_twin: Chance a second, "article in press" record of the work exists.
        keeps_foreign_title: Whether the record shows the original-language title.
    """

    period: bool = False
    colon_capital: bool = True
    title_case: bool = True
    given_names: bool = True
    no_doi: float = 0.1
    no_abstract: float = 0.05
    pmid: float = 0.0
    year_shift: float = 0.0
    spelling: float = 0.05
    in_press_twin: float = 0.0
    keeps_foreign_title: bool = False


DIALECTS = {
    "pubmed": Dialect(period=True, colon_capital=False, title_case=False, no_doi=0.08,
                      no_abstract=0.03, pmid=1.0, spelling=0.0),
    "embase": Dialect(given_names=False, no_doi=0.12, no_abstract=0.06, pmid=0.9,
                      year_shift=0.04, in_press_twin=0.004),
    "psycinfo": Dialect(period=True, title_case=False, no_doi=0.15, no_abstract=0.02,
                        spelling=0.1),
    "scopus": Dialect(no_doi=0.04, no_abstract=0.05, pmid=0.7, year_shift=0.03,
                      in_press_twin=0.01, keeps_foreign_title=True),
    "wos": Dialect(colon_capital=False, no_doi=0.07, no_abstract=0.08, pmid=0.6,
                   spelling=0.05, keeps_foreign_title=True),
}
