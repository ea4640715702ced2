"""Names of people and journals for the synthetic corpus (data plus tiny builders).

Journal names are composed for this corpus; their ISSNs carry a valid check digit
and their DOIs use the Crossref test prefix ``10.5555`` so that nothing points at a
real article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .text import stable_int

FAMILY_NAMES = (
    "de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "van der Berg", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "Schouten", "Willems",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Schäfer", "Koch",
    "Richter", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger", "Hofmann",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
    "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "O'Brien", "McCarthy", "Murphy", "Kelly", "Sullivan", "Walsh", "MacDonald",
    "Johansson", "Andersson", "Nilsson", "Eriksson", "Larsen", "Hansen", "Nielsen",
    "Pedersen", "Lindqvist", "Virtanen", "Korhonen", "García", "Martínez", "López",
    "González", "Rodríguez", "Fernández", "Rossi", "Russo", "Ferrari", "Esposito",
    "Dubois", "Lefèvre", "Moreau", "Laurent", "Nowak", "Kowalski", "Wiśniewski",
    "Novák", "Horváth", "Kovačević", "Popescu", "Ivanova", "Papadopoulos", "Yılmaz",
    "Cohen", "Levi", "Haddad", "Khan", "Ahmed", "Ali", "Hussain", "Patel", "Sharma",
    "Singh", "Kumar", "Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao",
    "Kim", "Lee", "Park", "Choi", "Nguyen", "Tran", "Tanaka", "Suzuki", "Sato",
    "Okafor", "Mensah", "Osei", "da Silva", "Santos", "Oliveira", "Pereira", "Costa",
    "Koenig-Hartmann", "Pargament-Lowe", "Swinton-Hale", "Puchalski-Reed",
)

GIVEN_NAMES = (
    "Maria", "Anna", "Sophie", "Emma", "Julia", "Laura", "Sarah", "Eva", "Lisa", "Marieke",
    "Anouk", "Femke", "Inge", "Ingrid", "Karin", "Els", "Hanneke", "Mirjam", "Annelies",
    "Jan", "Pieter", "Johannes", "Hendrik", "Willem", "Maarten", "Bram", "Joost", "Koen",
    "Thomas", "Stefan", "Michael", "Andreas", "Markus", "Tobias", "Katharina", "Anja",
    "John", "James", "David", "Robert", "Mark", "Paul", "Peter", "Richard", "Christopher",
    "Elizabeth", "Jennifer", "Rachel", "Helen", "Catherine", "Margaret", "Susan", "Emily",
    "Lars", "Erik", "Ingrid", "Astrid", "Mikko", "Aino", "Carlos", "Javier", "Lucía",
    "Giulia", "Marco", "Luca", "Chiara", "Camille", "Pierre", "Agnieszka", "Tomasz",
    "Katarina", "Dimitra", "Mehmet", "Noa", "Yusuf", "Fatima", "Aisha", "Priya", "Rahul",
    "Wei", "Xiaoming", "Jing", "Min-jun", "Ji-woo", "Hiroshi", "Yuki", "Chidi", "Ama",
    "Ana", "João", "Beatriz", "Anna-Lena", "Jan Willem", "Marie-Claire", "Hans-Peter",
)


@dataclass(frozen=True)
class Journal:
    """A composed journal with everything the dialects print about it.

    Attributes:
        name: Full title in Title Case ("Journal of Community Mental Health Practice").
        iso_abbrev: ISO 4 abbreviation with periods ("J. Community Ment. Health Pract.").
        doi_code: Short code used in DOI suffixes.
        article_numbers: True when the journal uses e-numbers instead of pages.
        title_case: True when the publisher prints article titles in Title Case.
        founded: First publication year (volume 1).
        issues: Issues per year.
        language: ISO 639-1 code of the journal's language.
    """

    name: str
    iso_abbrev: str
    doi_code: str
    article_numbers: bool = False
    title_case: bool = False
    founded: int = 1990
    issues: int = 6
    language: str = "en"

    @cached_property
    def nlm_abbrev(self) -> str:
        """Return the NLM abbreviation (the ISO one without periods)."""
        return self.iso_abbrev.replace(".", "")

    @cached_property
    def nlm_title(self) -> str:
        """Return the NLM catalogue title, which is lower-case after the first word."""
        words = self.name.split(" ")
        keep = {"European", "Scandinavian", "Nordic", "GGZ", "Dutch", "FACT"}
        rest = [w if w in keep or self.language != "en" else w.lower() for w in words[1:]]
        return " ".join([words[0], *rest])

    @cached_property
    def issn(self) -> str:
        """Return an ISSN (with a valid check digit) derived from the name."""
        digits = f"{stable_int(self.name, 10_000_000):07d}"
        total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        return f"{digits[:4]}-{digits[4:]}{'X' if check == 10 else check}"


_j = Journal  # short alias keeps the table below readable


#: Journals by topic group; the generator picks one from the work's group.
JOURNALS = {
    "core": (
        _j("Journal of Community Mental Health Practice", "J. Community Ment. Health Pract.",
           "jcmhp", founded=1998),
        _j("International Journal of Spiritual Care and Psychiatry",
           "Int. J. Spiritual Care Psychiatry", "ijscp", founded=2004, issues=4),
        _j("Scandinavian Journal of Mental Health Nursing", "Scand. J. Ment. Health Nurs.",
           "sjmhn", founded=1992),
        _j("Mental Health, Religion and Meaning", "Ment. Health Relig. Mean.", "mhrm",
           title_case=True, founded=1999, issues=10),
        _j("Journal of Religion, Spirituality and Health Care",
           "J. Relig. Spiritual. Health Care", "jrshc", title_case=True, founded=1995),
        _j("Archives of Community Psychiatry", "Arch. Community Psychiatry", "acp",
           founded=1985, issues=12),
        _j("Journal of Outpatient Psychiatric Care", "J. Outpatient Psychiatr. Care", "jopc",
           founded=2001),
        _j("Psychiatric Rehabilitation Review", "Psychiatr. Rehabil. Rev.", "prr",
           title_case=True, founded=1996, issues=4),
        _j("Frontiers in Mental Health Care", "Front. Ment. Health Care", "fmhc",
           article_numbers=True, founded=2010, issues=1),
        _j("Open Mental Health Research", "Open Ment. Health Res.", "omhr",
           article_numbers=True, founded=2006, issues=12),
        _j("European Journal of Pastoral Psychiatry", "Eur. J. Pastor. Psychiatry", "ejpp",
           founded=2003, issues=4),
        _j("Journal of Recovery in Mental Health", "J. Recovery Ment. Health", "jrmh",
           founded=2008),
    ),
    "adjacent": (
        _j("Palliative Care Research and Practice", "Palliat. Care Res. Pract.", "pcrp",
           founded=1994),
        _j("Journal of Hospice Nursing Practice", "J. Hosp. Nurs. Pract.", "jhnp",
           title_case=True, founded=1999),
        _j("Critical Care Nursing Review", "Crit. Care Nurs. Rev.", "ccnr", founded=1990),
        _j("Medical Education Today", "Med. Educ. Today", "met", founded=1988, issues=12),
    ),
    "off": (
        _j("Journal of Clinical Psychopharmacology Research",
           "J. Clin. Psychopharmacol. Res.", "jcpr", founded=1981, issues=12),
        _j("Neuropsychiatric Disease Reports", "Neuropsychiatr. Dis. Rep.", "ndr",
           article_numbers=True, founded=2005, issues=1),
        _j("Acta Psychiatrica Epidemiologica", "Acta Psychiatr. Epidemiol.", "ape",
           founded=1970, issues=12),
    ),
    "animal": (
        _j("Behavioural Brain Studies", "Behav. Brain Stud.", "bbs", founded=1980, issues=24),
        _j("Stress and Neurobehaviour", "Stress Neurobehav.", "snb", founded=1997),
        _j("Journal of Experimental Neuropsychopharmacology", "J. Exp. Neuropsychopharmacol.",
           "jenp", founded=1993, issues=12),
    ),
    "nl": (
        _j("Tijdschrift voor Psychiatrische Zorg", "Tijdschr. Psychiatr. Zorg", "tpz",
           founded=1970, issues=12, language="nl"),
        _j("Nederlands Tijdschrift voor GGZ en Zingeving", "Ned. Tijdschr. GGZ Zingeving",
           "ntgz", founded=2002, issues=4, language="nl"),
    ),
    "de": (
        _j("Zeitschrift für Ambulante Psychiatrie", "Z. Ambul. Psychiatr.", "zap",
           founded=1985, issues=8, language="de"),
        _j("Psychiatrische Versorgung Heute", "Psychiatr. Versorg. Heute", "pvh",
           founded=1992, issues=6, language="de"),
    ),
}
