"""How far each field of an exported record can be trusted before it is compared.

Real exports fill fields badly: Embase truncates a volume to ``1)``, folds a
supplement into it (``10 SUPPL. 1``) or writes the meeting after the journal
(``Circulation. Conference: Resuscitation Science Symposium``); spreadsheets carry
a literal ``NA``; DOIs arrive as resolver URLs with ``%28``/``%29`` escapes. A field
that cannot be read for what it claims to be is *evidence of nothing*: it is
blanked for matching (it can neither merge nor veto a pair) and named in
:attr:`Reading.untrusted`, which the dedup report and PRISMA-S show per pair.

:data:`FIELD_VALUES` is the table of real-shaped values and what each is worth;
``tests/dedup/test_dedup_trust.py`` checks every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import normalise as norm
from ..placeholders import LOCATORS

#: A volume as journals print it: a number, optionally a letter ("12B") or a Roman
#: numeral; nothing else in the cell.
_VOLUME_RE = re.compile(r"^\s*(\d{1,5})\s*([A-Za-z])?\s*\.?\s*$")
#: A supplement written into the volume or issue: "10 SUPPL. 1", "63 Suppl 3", "1 SUPPL.",
#: "Supplement 1", "Suppl. 2", "S2", "SUPPL".
_SUPPLEMENT_RE = re.compile(
    r"^\s*(?:(\d{1,5})\s*[,.]?\s*)?(?:suppl(?:ement)?\.?|supp\.?|s)\s*(?:no\.?\s*)?"
    r"(\d{1,3}|[A-Z])?\s*\.?\s*$", re.I)
#: An issue: a number or range ("3", "1-3", "5 Pt 2", "14, Sp. Iss. SI", "1B").
_ISSUE_RE = re.compile(r"^\s*(\d{1,4})[A-Za-z]?(?:\s*[-/]\s*\d{1,4}[A-Za-z]?)?"
                       r"(?:\s*,?\s*(?:pt|part|sp\.? ?iss\.?|spec\.? ?iss\.?)\b.*)?\s*\.?\s*$",
                       re.I)
#: Embase writes the meeting after the journal: "Circulation. Conference: ...",
#: "Pediatric Nephrology.Conference: 44th Annual Scientific Meeting ...".
_CONFERENCE_SUFFIX_RE = re.compile(r"\s*[.,;:]?\s*\bConference\s*:\s*(.*)$", re.I | re.S)
_URL_RE = re.compile(r"^\s*(?:https?://|www\.)", re.I)


def blank(value: object) -> str:
    """Return a cell's text, or "" when it is empty or a placeholder of a locator cell
    (:data:`litsearch.placeholders.LOCATORS`).

    >>> blank(" NA "), blank("[No pagination]"), blank("In press"), blank("61")
    ('', '', '', '61')
    """
    text = "" if value is None else str(value).strip()
    return "" if text.lower() in LOCATORS else text


@dataclass(frozen=True, slots=True)
class Reading:
    """What matching may read of a record's fields, and which fields it may not.

    Attributes:
        doi: The normalised, well-formed DOI, or "".
        journal: The journal with any conference suffix removed.
        meeting: The meeting named in the journal's conference suffix, folded, or "".
        volume: The volume number ("" when missing or not trusted).
        issue: The issue number ("" when missing, a supplement only, or not trusted).
        supplement: "S" plus the supplement number ("S1", "S" for an unnumbered one), or "".
        start_page, end_page: The page fields with placeholders removed.
        year: The year, read from the volume and issue cells when a missing year was
            split across them (volume "19", issue "70"), else the record's own.
        untrusted: The fields that held a value matching may not use, as
            ``field=value`` strings (for the report).
    """

    doi: str = ""
    journal: str = ""
    meeting: str = ""
    volume: str = ""
    issue: str = ""
    supplement: str = ""
    start_page: str = ""
    end_page: str = ""
    year: int | None = None
    untrusted: tuple[str, ...] = field(default_factory=tuple)

    @property
    def conference(self) -> bool:
        """The journal cell named a conference (itself evidence of a meeting abstract)."""
        return bool(self.meeting)


def _number(text: str) -> str:
    return str(int(text)) if text else ""


def _supplement(match: re.Match[str]) -> str:
    return "S" + (_number(match.group(2)) if (match.group(2) or "").isdigit()
                  else (match.group(2) or "").upper())


def read_volume(value: object, year: int | None = None) -> tuple[str, str, bool]:
    """Read a volume cell: return ``(volume, supplement, trusted)``.

    >>> read_volume("61"), read_volume("10 SUPPL. 1"), read_volume("1)")
    (('61', '', True), ('10', 'S1', True), ('', '', False))
    >>> read_volume("Drug Discovery. 9"), read_volume("NA"), read_volume("2019", 2019)
    (('', '', False), ('', '', True), ('', '', True))
    """
    text = blank(value)
    if not text:
        return "", "", True
    match = _VOLUME_RE.match(text)
    if match:
        number = _number(match.group(1))
        # Cochrane and some conference series use the year as the volume: no evidence.
        return ("" if year and number == str(year) or number == "0" else number), "", True
    match = _SUPPLEMENT_RE.match(text)
    if match and match.group(1):
        return _number(match.group(1)), _supplement(match), True
    if match:
        return "", _supplement(match), True
    return "", "", False


def read_issue(value: object) -> tuple[str, str, bool]:
    """Read an issue cell: return ``(issue, supplement, trusted)``.

    >>> read_issue("Suppl. 1"), read_issue("Supplement 1"), read_issue("S2")
    (('', 'S1', True), ('', 'S1', True), ('', 'S2', True))
    >>> read_issue("1 SUPPL."), read_issue("5 Pt 2"), read_issue("12/04/2013")
    (('1', 'S', True), ('5', '', True), ('', '', False))
    """
    text = blank(value)
    if not text:
        return "", "", True
    match = _SUPPLEMENT_RE.match(text)
    if match:
        return _number(match.group(1) or ""), _supplement(match), True
    match = _ISSUE_RE.match(text)
    if match and not re.fullmatch(r"\s*\d{1,2}/\d{1,2}/\d{2,4}\s*", text):
        return _number(match.group(1)), "", True
    return "", "", False


def read_journal(value: object) -> tuple[str, str, bool]:
    """Read a journal cell: return ``(journal, meeting, trusted)``.

    >>> read_journal("Circulation. Conference: Resuscitation Science Symposium")
    ('Circulation', 'Resuscitation Science Symposium', True)
    >>> read_journal("https://clinicaltrials.gov/show/NCT02802501")
    ('', '', False)
    """
    text = blank(value)
    if not text:
        return "", "", True
    if _URL_RE.match(text):
        return "", "", False
    match = _CONFERENCE_SUFFIX_RE.search(text)
    if match and match.start() > 0:
        meeting = match.group(1).strip().rstrip(".") or "conference"
        return text[:match.start()].strip().rstrip("."), meeting, True
    return text, "", True


def read_doi(value: object) -> tuple[str, bool]:
    """Read a DOI cell: return ``(doi, trusted)``; resolver URLs and escapes are undone.

    >>> read_doi("http://dx.doi.org/10.1016/S0140-6736%2812%2961728-0")
    ('10.1016/s0140-6736(12)61728-0', True)
    >>> read_doi("NA"), read_doi("not a doi")
    (('', True), ('', False))
    """
    text = blank(value)
    if not text:
        return "", True
    doi = norm.doi(text)
    return (doi, True) if doi else ("", False)


def read_pages(start: object, end: object) -> tuple[str, str, bool]:
    """Read page cells: return ``(start, end, trusted)``; a page needs a digit.

    >>> read_pages("[No pagination]", None), read_pages("June", None), read_pages("S85", "S86")
    (('', '', True), ('', '', False), ('S85', 'S86', True))
    """
    first, last = blank(start), blank(end)
    trusted = not first or any(ch.isdigit() for ch in first)
    return (first, last, True) if trusted else ("", "", False)


def read_fields(*, doi: object, journal: object, volume: object, issue: object,
                start_page: object, end_page: object, year: int | None) -> Reading:
    """Judge a record's identity and locator fields; return what matching may read."""
    untrusted: list[str] = []
    split = _split_year(volume, issue) if year is None else None
    if split:
        # Some Ovid exports of old records put the century in the volume cell and the
        # rest of the year in the issue cell, with the real volume lost.
        untrusted.extend((f"volume={str(volume).strip()}", f"issue={str(issue).strip()}"))
        volume = issue = None
        year = split

    def mark(name: str, value: object, ok: bool) -> None:
        if not ok:
            untrusted.append(f"{name}={str(value).strip()}")

    doi_value, ok = read_doi(doi)
    mark("doi", doi, ok)
    journal_value, meeting, ok = read_journal(journal)
    mark("journal", journal, ok)
    vol, vol_supp, ok = read_volume(volume, year)
    mark("volume", volume, ok)
    iss, iss_supp, iss_ok = read_issue(issue)
    mark("issue", issue, iss_ok)
    supplement = iss_supp or vol_supp
    if vol == "1" and iss_supp and not iss:
        # A bare "1" beside a supplement is the supplement number landed in the volume.
        vol = ""
        untrusted.append(f"volume={str(volume).strip()}")
    first, last, ok = read_pages(start_page, end_page)
    mark("pages", start_page, ok)
    return Reading(doi=doi_value, journal=journal_value, meeting=meeting, volume=vol,
                   issue=iss, supplement=supplement, start_page=first, end_page=last,
                   year=year, untrusted=tuple(untrusted))


def _split_year(volume: object, issue: object) -> int | None:
    """Return the year a volume "19" and issue "70" spell, else None.

    >>> _split_year("19", "70"), _split_year("19", "7"), _split_year("31", "6")
    (1970, None, None)
    """
    vol, iss = blank(volume), blank(issue)
    if vol in ("18", "19", "20") and len(iss) == 2 and iss.isdigit():
        return int(vol + iss)
    return None


#: Real-shaped field values and what each is worth for matching: (field, value,
#: what matching reads, trusted). "" read from a trusted cell means "missing".
FIELD_VALUES: tuple[tuple[str, str, str, bool], ...] = (
    ("volume", "61", "61", True),
    ("volume", "1)", "", False),                       # Embase truncation
    ("volume", "10 SUPPL. 1", "10", True),             # supplement folded into the volume
    ("volume", "63 Suppl 3", "63", True),
    ("volume", "Drug Discovery. 9", "", False),        # series text in the volume cell
    ("volume", "77-78", "", False),                    # a range is not one volume
    ("volume", "[Epub ahead of print]", "", True),     # placeholder: missing
    ("volume", "Apr 25 [Epub ahead of print]", "", False),
    ("volume", "NA", "", True),
    ("issue", "Suppl. 1", "S1", True),
    ("issue", "Supplement 1", "S1", True),
    ("issue", "S2", "S2", True),
    ("issue", "1 SUPPL.", "1S", True),
    ("issue", "10 SUPPL. 1", "10S1", True),
    ("issue", "5 Pt 2", "5", True),
    ("issue", "14, Sp. Iss. SI", "14", True),
    ("issue", "12/04/2013", "", False),                # a date in the issue cell
    ("issue", "PROGRAM AND ABSTR. ISSUE", "", False),
    ("journal", "Circulation. Conference: Resuscitation Science Symposium", "Circulation", True),
    ("journal", "https://clinicaltrials.gov/show/NCT02802501", "", False),
    ("journal", "n/a", "", True),
    ("doi", "http://dx.doi.org/10.1016/S0140-6736%2812%2961728-0",
     "10.1016/s0140-6736(12)61728-0", True),
    ("doi", "https://doi.org/10.1000/ABC.123.", "10.1000/abc.123", True),
    ("doi", "NA", "", True),
    ("doi", "doi pending", "", False),
    ("pages", "[no pagination]", "", True),
    ("pages", "June", "", False),
    ("pages", "S353", "S353", True),
    ("pages", "e0137960", "e0137960", True),
    ("volume", "19 | issue 70 | no year", "", False),  # the year 1970 split over two cells
    # A record's only author cell (names.py reads it; family names, space-separated).
    ("authors", "SMITH J JONES AB BROWN C", "smith jones brown", True),  # separators lost
    ("authors", "SMITH JOHN JONES ANNE", "", False),   # which words are family names?
    ("authors", "WANG XIAOGUANG LI MING ZHANG WEI", "", False),  # full names, in capitals
)
