"""RIS field maps as data: the common table plus one :class:`Dialect` per vendor or tool.

Every table was read from the real exports in ``shared/corpora/ris`` (see
``reference/formats.md`` §1). A record's dialect is picked from its own content
(DB/DP/UR/AN values, tell-tale tags), so a reference-manager library mixing
Embase and PubMed records maps each one right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Concept -> tags in priority order; the first non-blank value wins.
FIELD_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "T1", "CT"),
    "abstract": ("AB", "N2"),
    # Y2 is left out: Dimensions and Citavi use it for the access date.
    "year": ("PY", "Y1", "DA"),
    "journal": ("JF", "T2", "JO", "JA", "J2", "J1", "BT", "T3"),
    "volume": ("VL", "VO"),
    "issue": ("IS", "CP"),
    "start_page": ("SP",),
    "end_page": ("EP",),
    "issn_value": ("SN",),
    "isbn_value": ("SN", "BN"),
    "language": ("LA",),
    "url": ("UR", "LK", "L2"),
}

#: Reference types of the RIS specification (and the common tool additions): a damaged
#: ``TY`` line inside a record counts as a record start only with one of these.
RIS_TYPES = frozenset({
    "ABST", "ADVS", "AGGR", "ANCIENT", "ART", "BILL", "BLOG", "BOOK", "CASE", "CHAP", "CHART",
    "CLSWK", "COMP", "CONF", "CPAPER", "CTLG", "DATA", "DBASE", "DICT", "EBOOK", "ECHAP",
    "EDBOOK", "EJOUR", "ELEC", "ENCYC", "EQUA", "FIGURE", "GEN", "GOVDOC", "GRANT", "HEAR",
    "ICOMM", "INPR", "JFULL", "JOUR", "LEGAL", "MANSCPT", "MAP", "MGZN", "MPCT", "MULTI",
    "MUSIC", "NEWS", "PAMP", "PAT", "PCOMM", "RPRT", "SER", "SLIDE", "SOUND", "STAND", "STAT",
    "STD", "THES", "UNBILL", "UNPB", "VIDEO", "WEB"})

#: Tags whose repeated lines are separate values. An untagged continuation line
#: after one of these is a new value (EndNote's KW/DB/UR lists, Rayyan's KW);
#: after any other tag it continues the text (IEEE's wrapped TI, Lens's AB).
LIST_TAGS = frozenset({"AU", "A1", "A2", "A3", "A4", "KW", "DB", "UR", "L1", "L2", "L3", "L4",
                       "LK", "SN", "N1", "AD", "C3", "M1", "M2", "PT", "U1", "AI"})

#: Tags that may hold a DOI, tried in order after the dialect's own (value or URL).
DOI_TAGS = ("DO", "L3", "M3", "DI")
#: Free-text tags that count as a DOI only when the whole value is one ("doi: 10.x/y").
DOI_NOTE_TAGS = ("N1",)
#: URL tags searched for doi.org links.
URL_TAGS = ("UR", "L2", "L1", "L4", "LK")
#: (tag, pattern) pairs any dialect accepts for a PubMed ID (one group = the PMID).
PMID_PATTERNS: tuple[tuple[str, str], ...] = (
    ("PMID", r"^(\d{1,9})$"),
    ("PM", r"^(\d{1,9})$"),
    ("UR", r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})"),
    ("L2", r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})"),
    # Ovid links name the segment: D=medl/medp/prem/mesz... are MEDLINE and pmnm<n> is
    # "PubMed-not-MEDLINE"; in those AN is the PMID.
    ("L2", r"D=(?:me\w*|prem|pmnm\w*)&(?:[^&\s]*&)*?AN=(\d{1,9})\b"),
    ("UR", r"D=(?:me\w*|prem|pmnm\w*)&(?:[^&\s]*&)*?AN=(\d{1,9})\b"),
)
#: Values of SP/EP that mean "no page numbers" (Ovid PsycInfo: SP "No", EP "Specified").
NO_PAGES = {("No", "Specified"), ("no", "pagination")}
#: Tags kept in ``extra`` under readable names as well as verbatim.
TYPE_TAG = "TY"


@dataclass(frozen=True)
class Dialect:
    """How one vendor or tool writes RIS.

    Attributes:
        name: Short name, stored in ``extra["ris_dialect"]`` ("scopus", "ovid", ...).
        database: The database the records come from, when the dialect implies one.
        detect: (tag, regex) pairs; a record matching any of them is in this dialect.
        pmid: (tag, regex) pairs with one group holding the PMID.
        pmcid: (tag, regex) pairs with one group holding the PMCID.
        authors: Author tags, read in file order.
        record_id: Tags holding the database's accession number, in priority order.
        publication_types: Tags holding publication types (M3 is a type only in some).
        headings: Tags holding controlled subject headings rather than keywords.
        extra_doi: Tags that hold a DOI in this dialect besides the common ones.
    """

    name: str
    database: str | None = None
    detect: tuple[tuple[str, str], ...] = ()
    pmid: tuple[tuple[str, str], ...] = ()
    pmcid: tuple[tuple[str, str], ...] = ()
    authors: tuple[str, ...] = ("AU", "A1")
    record_id: tuple[str, ...] = ("AN", "ID")
    publication_types: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    extra_doi: tuple[str, ...] = ()


_DIGITS = r"^(\d{1,9})$"
_MEDLINE_DB = r"(?i)medline|pubmed|^NLM$"

#: Dialects in the order they are tried; the last one matches everything.
DIALECTS: tuple[Dialect, ...] = (
    # litsearch's own RIS export (litsearch.report.export): every field has one tag.
    # Exports before 0.2 wrote PMID, PMC, PT and MH; both forms are read. C8 (dedup
    # cluster) and U5 (screening status) describe the exporting review, not the work, so
    # they are left unmapped and kept in ``extra`` only.
    Dialect("litsearch", detect=(("DP", r"^litsearch$"),),
            pmid=(("C2", _DIGITS), ("PMID", _DIGITS)),
            pmcid=(("C3", r"^(PMC\d+)$"), ("PMC", r"^(PMC\d+)$")), record_id=("AN",),
            publication_types=("M3", "PT"), headings=("C4", "MH")),
    Dialect("citavi", detect=(("M4", r"(?i)citavi"),)),
    Dialect("rayyan", detect=(("AN", r"^rayyan-"),)),
    Dialect("eppi-reviewer", detect=(("KW", r"^eppi-reviewer"),)),
    Dialect("scopus", "scopus", detect=(("DB", r"^Scopus"), ("UR", r"scopus\.com/")),
            pmid=(("C2", _DIGITS),), record_id=("U2", "AN"), publication_types=("M3",)),
    Dialect("wos", "wos", detect=(("AN", r"^WOS:"), ("WE", r".")),
            pmid=(("PM", _DIGITS),), publication_types=()),
    Dialect("embase", "embase", detect=(("U2", r"^L\d{6,}"), ("UR", r"embase\.com/")),
            pmid=(("C5", _DIGITS),), record_id=("U2", "AN"), publication_types=("M3",)),
    Dialect("cochrane", "cochrane", detect=(("AN", r"^CN-\d"), ("UR", r"cochranelibrary\.com")),
            pmid=(("C3", r"PUBMED\s+(\d{1,9})"),)),
    # Ovid: classic (A1/T1/N2, record numbers) and newer (AU/TI/AB); ID/AN is the PMID
    # only in the MEDLINE segments, so it is checked against the DB value.
    Dialect("ovid", None, detect=(("DB", r"(?i)^ovid|<\d{4}|^APA PsycInfo|^Embase Classic"),
                                    ("L2", r"ovidsp\.|ovid\.com"), ("UR", r"ovidsp\.|ovid\.com")),
            authors=("AU", "A1"), record_id=("ID", "AN"), publication_types=("PT",),
            headings=("KW",)),
    # EBSCOhost bundles the record's details in N1 ("Accession Number: …. PMID: 33343428
    # …"; CINAHL writes "PMID: NLM33343428").
    Dialect("ebsco", detect=(("DP", r"(?i)ebsco"), ("UR", r"ebscohost\.com")),
            pmid=(("N1", r"\bPMID:\s*(?:NLM)?(\d{1,9})\b"),),
            extra_doi=("L3",), publication_types=("M3",)),
    Dialect("proquest", detect=(("UR", r"proquest\.com"),), publication_types=()),
    Dialect("ieee", "ieee", detect=(("UR", r"ieeexplore"), ("VO", r"."))),
    Dialect("lens", "lens", detect=(("UR", r"lens\.org"),)),
    Dialect("dimensions", "dimensions", detect=(("UR", r"dimensions\.ai"), ("AN", r"^pub\.\d")),
            pmid=(("U1", r"(\d{1,9})\s*\[PMID\]"),), pmcid=(("U1", r"(PMC\d+)\s*\[PMCID\]"),)),
    Dialect("apa-psycnet", "psycinfo", detect=(("PMID", r"."),)),
    Dialect("pubmed", "pubmed", detect=(("DB", r"(?i)^pubmed$|^medline$|^PMC$"),
                                        ("DP", r"^NLM$"))),
    Dialect("generic"),
)

#: Where a record with an all-digit AN/ID is a PubMed record (EndNote/Zotero/Ovid MEDLINE).
PMID_ACCESSION = (("AN", ("DB", "DP")), ("ID", ("DB", "DP")))
PMID_ACCESSION_DB = re.compile(_MEDLINE_DB)

#: Ovid DB values ("Ovid MEDLINE(R) <2022>", "APA PsycInfo <2021>") -> database name.
OVID_DATABASES: tuple[tuple[str, str], ...] = (
    (r"(?i)medline", "medline"), (r"(?i)psycinfo", "psycinfo"), (r"(?i)embase", "embase"),
    (r"(?i)^eric", "eric"), (r"(?i)\bcab\b", "cab"), (r"(?i)central|cochrane", "cochrane"),
)

# MULTILINE: a tag's values are searched as one newline-joined text (one search per tag,
# not per value: embase.com records carry dozens of KW values).
_COMPILED = {d.name: tuple((tag, re.compile(rx, re.MULTILINE)) for tag, rx in d.detect)
             for d in DIALECTS}


#: Text outside records that names the dialect of records that show no sign of their
#: own: Ovid's record numbers ("6. ") and "Link to the Ovid Full Text" lines.
FILE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bovid"), "ovid"),
    (re.compile(r"^\d+\.\s*$"), "ovid"),
)


#: Text vendors write between records, which is no record: Ovid's record numbers and
#: links, Cochrane's, Wiley's and JSTOR's per-record preambles. Blank lines and BOMs (AIP,
#: IEEE, files joined with ``cat``) never count. Any other text outside records (before the
#: first, between two, after the last) is said in a note with its lines: a CSV row, a
#: pasted paragraph or a second export loses no record unsaid.
OUTSIDE_TEXT: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*\d+\.\s*$"),
    re.compile(r"(?i)^\s*link to the "),
    re.compile(r"(?i)^\s*(?:provider|content|database)\s*:"),
    re.compile(r"(?i)^\s*record #\d+ of \d+\s*$"),
)

#: Tags vendors write on their own outside records, which make no record: Ovid's lone
#: ``NL  -`` (journal abbreviation) line after ``ER``. Tag lines outside records with any
#: other tag and no record tag are said in a note like other text outside records.
OUTSIDE_TAGS = frozenset({"NL"})


def detect(tags: dict[str, list[str]], hint: str | None = None) -> Dialect:
    """Return the dialect of one record from its tag values (``hint`` from the file)."""
    joined: dict[str, str] = {}
    for dialect in DIALECTS:
        for tag, pattern in _COMPILED[dialect.name]:
            if tag not in tags:
                continue
            text = joined.get(tag)
            if text is None:
                text = joined[tag] = "\n".join(tags[tag])
            if pattern.search(text):
                return dialect
    return by_name(hint) if hint else DIALECTS[-1]


def by_name(name: str) -> Dialect:
    """Return a dialect by name (the generic one for unknown names)."""
    return next((d for d in DIALECTS if d.name == name), DIALECTS[-1])
