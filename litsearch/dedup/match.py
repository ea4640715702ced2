"""Compare two records and decide: merge, review or distinct (identifiers, fuzzy fields, vetoes).

Pure functions on :class:`~litsearch.dedup.normalise.Prepared` records; the
vectorised pass over all candidate pairs is :mod:`litsearch.dedup.scoring`. The
compared pair is a :class:`~litsearch.dedup.comparison.Comparison`, which the
vetoes read too (its own module, so that ``match`` and ``vetoes`` do not import
each other).
"""


from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz

from .comparison import Comparison, issue_match
from .normalise import Prepared, key_count, name_key
from .pages import page_relation
from .settings import DedupSettings
from .vetoes import vetoes_for

__all__ = ["Comparison", "author_similarity", "classify", "compare", "journal_match",
           "title_floor"]


def _same(x: str, y: str) -> bool | None:
    return None if not x or not y else x == y


def journal_match(x: str, y: str) -> bool | None:
    """Return whether two folded journal names are the same journal, None if one is empty.

    Abbreviations match their full form word by word.

    >>> journal_match("n engl j med", "new england journal medicine")
    True
    >>> journal_match("frontiers pharmacology", "front pharmacol")
    True
    """
    if not x or not y:
        return None
    if x == y or fuzz.ratio(x, y) >= 85:
        return True
    xs, ys = x.split(), y.split()
    return _abbreviates(xs, ys) or _abbreviates(ys, xs)


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """True when each word of ``short`` opens a word of ``long``, in order."""
    if len(short) > len(long):
        return False
    pos = 0
    for word in short:
        while pos < len(long) and not long[pos].startswith(word):
            pos += 1
        if pos == len(long):
            return False
        pos += 1
    return True


def author_similarity(a: Prepared, b: Prepared) -> float | None:
    """Compare the first k family names of both lists (k = the shorter list), order-free.

    Either list may be read with given and family names swapped; the best reading counts.
    When one record names a single author, that one name is all the evidence: another
    first initial ("Johnson WG" vs "Johnson RR") makes them different people.
    """
    k = min(key_count(a.authors), key_count(b.authors))
    if k == 0:
        return None
    x, y = name_key(a.authors, k), name_key(b.authors, k)
    direct = fuzz.ratio(x, y)
    swapped = max(fuzz.ratio(x, name_key(b.swapped, k)), fuzz.ratio(name_key(a.swapped, k), y))
    if (k == 1 and x == y and a.initials[0] and b.initials[0]
            and a.initials[0] != b.initials[0]):
        return 0.0
    return max(direct, swapped) / 100.0


def _contained(x: str, y: str) -> bool:
    """True when the shorter title opens or ends the longer one (lost subtitle or lead-in)."""
    short, long = sorted((x, y), key=len)
    return len(short) >= 20 and short.count(" ") >= 2 and (
        long.startswith(short + " ") or long.endswith(" " + short))


def _same_volume_and_issue(a: Prepared, b: Prepared) -> bool:
    # Journals that number pages per issue reuse page numbers: only within one volume and
    # a not-contradicting issue can two page readings be one item.
    return bool(a.volume and a.volume == b.volume and issue_match(a, b) is not False)


def compare(a: Prepared, b: Prepared, title: float | None = None) -> Comparison:
    """Compare two prepared records field by field."""
    has_titles = bool(a.title and b.title)
    if title is None and has_titles:
        title = fuzz.ratio(a.title, b.title) / 100.0
    return Comparison(
        a=a, b=b,
        title=title if has_titles else None,
        prefix=has_titles and _contained(a.title, b.title),
        authors=author_similarity(a, b),
        year_gap=abs(a.year - b.year) if a.year and b.year else None,
        doi=_same(a.doi, b.doi), pmid=_either(_same(a.pmid, b.pmid), _same(a.pmcid, b.pmcid)),
        volume=_same(a.volume, b.volume),
        page=page_relation(a.pages, b.pages, _same_volume_and_issue(a, b)),
        issue=issue_match(a, b), journal=journal_match(a.journal, b.journal),
        end_page=_same(a.pages.last, b.pages.last),
        accession=bool(a.accession) and a.accession == b.accession,
    )


def _either(pmid: bool | None, pmcid: bool | None) -> bool | None:
    """Combine the PMID and PMCID comparisons: a match wins, then a conflict, else unknown.

    ``pmid or pmcid`` would turn two different PMIDs with no PMCIDs into "unknown".
    """
    if pmid or pmcid:
        return True
    return False if pmid is False or pmcid is False else None


def _authors_ok(c: Comparison, level: float) -> bool:
    return c.authors is not None and c.authors >= level


def _near_year(c: Comparison, s: DedupSettings) -> bool:
    return c.year_gap is None or c.year_gap <= s.max_year_gap


def one_page(c: Comparison) -> bool:
    """One record is printed on a single page (222-222) and the other on no more.

    A letters page holds several items under one title (a letter and its reply, two
    letters on one paper): WoS indexes "Primary secretory otitis media in Cavalier King
    Charles spaniels", J Small Anim Pract 45(4):222-222, twice, by two authors. A first
    page alone says nothing of the length (many exports drop the last page).
    """
    ends = [p.pages.last for p in (c.a, c.b)]
    return (c.a.pages.first in ends
            and all(not last or last == c.a.pages.first for last in ends))


def _located(c: Comparison, s: DedupSettings) -> bool:
    """An agreeing locator beyond the journal, or the journal beside a near-equal title.

    The same journal is weak evidence: one group publishes "Long-term outcomes of lithium
    ..." and "... of aripiprazole ..." in one journal in one year.
    """
    strong = c.locators - (c.journal is True)
    return strong >= 1 or (c.journal is True and c.title is not None
                           and c.title >= s.title_strict)


#: Merge rules, tried in order after the vetoes: (name, condition).
MERGE_RULES: tuple[tuple[str, Callable[[Comparison, DedupSettings], bool]], ...] = (
    ("title+authors+locator", lambda c, s: c.title is not None and c.title >= s.title_merge
     and _authors_ok(c, s.author_merge) and _near_year(c, s) and _located(c, s)),
    ("title+authors+year", lambda c, s: c.title is not None and c.title >= s.title_strict
     and _authors_ok(c, s.author_strict) and c.year_gap == 0),
    # Same title at the same place: author lists may disagree (group authors, parse errors)
    # only when year and issue agree too, on a page range two papers cannot share.
    ("title+placement", lambda c, s: c.title is not None and c.title >= s.title_merge
     and _near_year(c, s) and c.placed and (
         c.authors is None or c.authors >= s.author_review
         or (c.title >= s.title_strict and c.year_gap == 0 and c.issue is not False
             and not one_page(c)))),
    ("title-contained", lambda c, s: c.prefix and _near_year(c, s) and (
        (_authors_ok(c, s.author_strict) and c.locators >= 1)
        or (_authors_ok(c, s.author_merge) and c.placed))),
    ("authors+placement", lambda c, s: c.title is not None and c.title >= s.title_evaluate
     and _authors_ok(c, s.author_strict) and c.year_gap == 0 and c.placed),
    # A translated title ("[Narcotic mushrooms with LSD?]") need not resemble the original
    # ("Hallucinogenic fungi containing lysergide"): the same authors, year, volume and
    # page in the same journal identify the paper.
    ("translation+placement", lambda c, s: (c.a.translated or c.b.translated)
     and _authors_ok(c, s.author_strict) and c.year_gap == 0 and c.volume is True
     and c.page is not False and (c.page or c.end_page) and c.journal is not False),
)


def title_floor(settings: DedupSettings) -> float:
    """Return the lowest title similarity at which :func:`classify` can merge or queue a
    pair on its fields.

    Every merge rule and review route reads the title against one of these thresholds,
    except the identifiers (DOI, PMID/PMCID, accession number), a title that the other
    contains, and a translated title: a pair below the floor with none of those is
    "distinct" whatever its other fields say (scoring drops it before comparing).
    """
    return min(settings.title_merge, settings.title_strict, settings.title_review,
               settings.title_evaluate)


def _merge_rule(c: Comparison, settings: DedupSettings) -> str:
    return next((name for name, cond in MERGE_RULES if cond(c, settings)), "")


#: Soft vetoes that strong identity evidence outweighs: a field that disagrees beside the
#: same DOI, title and authors is a data error (Embase volume 212 vs MEDLINE 213).
OUTWEIGHED = frozenset({"volume", "year", "pages-in-volume"})


def strong_identity(c: Comparison, settings: DedupSettings) -> bool:
    """The same title and authors, and the same DOI or the same place in print.

    The place is the same page range (first and last page), or the same first page in
    the same journal and year: two papers with one title and author list are not
    printed there twice.
    """
    if not (c.title is not None and c.title >= settings.title_strict
            and _authors_ok(c, settings.author_strict)):
        return False
    ranged = c.page and c.end_page and c.a.pages.last != c.a.pages.first
    return bool(c.doi or (not (c.a.abstract_page or c.b.abstract_page) and (
        ranged or (c.page and c.journal and c.year_gap == 0))))


def _short_item(p: Prepared) -> bool:
    """An item of at most one printed page, or in a supplement: what an abstract fills."""
    return bool(p.supplement or p.abstract_page
                or (p.pages.first and p.pages.last in ("", p.pages.first)))


def _same_abstract(c: Comparison, settings: DedupSettings) -> bool:
    """A conference abstract and a short item of the same journal, year, title and authors.

    One database marks the meeting ("J Thromb Haemost. Conference: 23rd Congress ..."),
    another indexes the same abstract in the journal's supplement ("9 (s2)"). A full
    paper of the same title (several pages, a regular issue) still goes to review.
    """
    journal_side = c.b if c.a.conference else c.a
    return bool(c.journal and c.year_gap == 0 and c.title is not None
                and c.title >= settings.title_strict and _authors_ok(c, settings.author_strict)
                and _short_item(journal_side))


def _outweighed(c: Comparison, veto: str, settings: DedupSettings) -> bool:
    if veto == "conference-journal":
        return _same_abstract(c, settings)
    if not strong_identity(c, settings):
        return False
    if veto == "doi-pages" and c.doi:
        # One DOI on two pages is a supplement's DOI on two abstracts, unless neither
        # record is a supplement or meeting item (then the pages are a numbering slip).
        return not any(p.conference or p.supplement or p.abstract_page for p in (c.a, c.b))
    return veto in OUTWEIGHED


def classify(c: Comparison, settings: DedupSettings) -> tuple[str, str, float]:
    """Decide one pair: return ``(outcome, rule, score)``.

    ``outcome`` is "merged", "review" or "distinct"; ``rule`` names what decided
    (``id:doi``, ``veto:pages``, ``title+authors+locator``, ``review:band`` ...).
    """
    score = c.title if c.title is not None else 0.0
    if c.accession:
        # One database record exported twice: no trap applies (a notice has its own number).
        return "merged", "id:accession", max(score, 1.0)
    vetoes = vetoes_for(c, settings)
    hard = [v for v in vetoes if v.hard]
    if hard:
        return "distinct", f"veto:{hard[0].name}", score
    if c.pmid:
        return "merged", "id:pmid", max(score, 1.0)
    soft = [v.name for v in vetoes if not _outweighed(c, v.name, settings)]
    rule = "id:doi" if c.doi else _merge_rule(c, settings)
    if rule and not soft:
        return "merged", rule, score
    if rule:
        return "review", f"{rule}+veto:{soft[0]}", score
    if "year" in soft:
        # ASySD sends would-be matches more than a year apart to review (a new version
        # of a Cochrane review, a late print year): check the rules without the year.
        rule = _merge_rule(c, replace(settings, max_year_gap=c.year_gap or 0))
        if rule:
            return "review", f"{rule}+veto:year", score
    if (c.placed and c.year_gap == 0 and c.title is not None
            and c.title >= settings.title_evaluate
            and (c.authors is None or c.authors >= settings.author_review)):
        # Same place in print, other wording (a second translation, a retitled record).
        return "review", "review:placement", score
    if (c.placed and c.year_gap == 0 and c.title is not None and c.title >= settings.title_strict
            and one_page(c)):
        # One title, one page, other authors: a letter and its reply, or one item twice.
        return "review", "review:one-page", score
    if (c.title is not None and c.title >= settings.title_review
            and (c.authors is None or c.authors >= settings.author_review)
            and _near_year(c, settings)):
        return "review", "review:band", score
    return "distinct", "no-match", score
