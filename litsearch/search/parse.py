"""Read ESearch and EFetch answers: counts, translations, PubMed's messages, records.

PubMed reports trouble inside a normal-looking answer: a phrase it could not find,
a field tag it did not know, or a top-level ``ERROR`` with no count at all. Every one
of them is kept and shown; an ``ERROR`` is raised, never read as zero hits.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import ImportFormatError, PubMedError
from ..models import Record
from .request import EFETCH_FORMATS
from .transport import MalformedResponse

#: ESearch ``ErrorList``/``WarningList`` elements, with what each means for the user.
MESSAGE_MEANINGS: dict[str, str] = {
    "PhraseNotFound": "term matched nothing and was dropped from the search",
    "FieldNotFound": "unknown field tag; the term was searched in all fields",
    "QuotedPhraseNotFound": "quoted phrase is not in PubMed's phrase index; quotes were "
                            "ignored and automatic term mapping applied",
    "PhraseIgnored": "phrase or stop word ignored",
    "OutputMessage": "PubMed says",
}

#: Which of :data:`MESSAGE_MEANINGS` PubMed files under ``ErrorList``.
ERROR_KINDS = ("PhraseNotFound", "FieldNotFound")


_RECORD_RE = re.compile(rb"<Pubmed(Book)?Article[\s>]")


class PubMedSearchError(PubMedError):
    """PubMed answered the search with a top-level ERROR instead of results."""


@dataclass
class ESearchResult:
    """What one ESearch call returned.

    Attributes:
        count: Total hits PubMed reports (even when only 9,999 IDs are retrievable).
        ids: PMIDs returned, in PubMed's order.
        translation: ``QueryTranslation``: the search PubMed actually ran.
        messages: ``(kind, text)`` pairs from ``ErrorList`` and ``WarningList``.
        translations: ``(from, to)`` pairs from ``TranslationSet``.
        webenv: History server environment, when ``usehistory=y`` was sent.
        query_key: History server key of this result set.
    """

    count: int
    ids: list[str] = field(default_factory=list)
    translation: str | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)
    translations: list[tuple[str, str]] = field(default_factory=list)
    webenv: str | None = None
    query_key: str | None = None

    def message_lines(self) -> list[str]:
        """Return each PubMed message as one line for the user and the run's provenance."""
        return [f"{kind}: {text} ({MESSAGE_MEANINGS.get(kind, 'PubMed message')})"
                if kind != "OutputMessage" else f"OutputMessage: {text}"
                for kind, text in self.messages]


def parse_esearch(data: bytes) -> ESearchResult:
    """Parse an ESearch XML answer.

    Raises:
        MalformedResponse: The XML is broken or is not an eSearchResult.
        PubMedSearchError: PubMed returned a top-level ERROR.
    """
    root = _xml_root(data, "ESearch")
    if root.tag != "eSearchResult":
        raise MalformedResponse(f"expected eSearchResult, got <{root.tag}>")
    error = root.findtext("ERROR")
    count_text = root.findtext("Count")
    if error is not None or count_text is None:
        # An ERROR beside a Count still means the search did not run as written: the
        # count is shown, never used, and never read as the search's result.
        besides = f" (its answer also gave Count {count_text.strip()}, not used)" \
            if error is not None and count_text is not None else ""
        raise PubMedSearchError(
            f"PubMed could not run the search: {(error or 'no Count in its answer').strip()}"
            f"{besides}.",
            "Check the search string (run with --count-only to see PubMed's reading of it).")
    count_text = count_text.strip()
    # 1,234 / -3 would be read as another count; '²' passes isdigit() and int() fails on it
    if not (count_text.isascii() and count_text.isdigit()):
        raise MalformedResponse(f"ESearch Count {count_text!r} is not a number of "
                                "records")
    ids = [(e.text or "").strip() for e in root.iterfind("IdList/Id")]
    if bad := [i for i in ids if not (i.isascii() and i.isdigit())]:
        raise MalformedResponse(f"ESearch IdList holds {bad[0]!r}, which is not a PMID")
    messages: list[tuple[str, str]] = []
    for group in ("ErrorList", "WarningList"):
        for element in root.iterfind(group + "/*"):
            messages.append((element.tag, (element.text or "").strip()))
    return ESearchResult(
        count=int(count_text),
        ids=ids,
        translation=root.findtext("QueryTranslation"),
        messages=messages,
        translations=[(t.findtext("From") or "", t.findtext("To") or "")
                      for t in root.iterfind("TranslationSet/Translation")],
        webenv=root.findtext("WebEnv"),
        query_key=root.findtext("QueryKey"),
    )


def parse_efetch(data: bytes, fmt: str = "xml", name: str = "efetch") -> list[Record]:
    """Parse an EFetch answer into records marked as from PubMed.

    Args:
        data: The response body.
        fmt: The format asked for (a key of ``EFETCH_FORMATS``).
        name: A label for messages (e.g. ``"efetch batch 3"``).

    Raises:
        MalformedResponse: The answer is cut short or not in the format asked for.
        PubMedSearchError: NCBI returned an ERROR instead of records.
    """
    from ..importers import loads

    check_efetch(data, fmt)
    if not _has_records(data, fmt):
        return []  # every PMID asked for was withdrawn; the caller reports them missing
    try:
        result = loads(data, format=EFETCH_FORMATS[fmt]["importer"], name=name)
    except ImportFormatError as exc:
        raise MalformedResponse(str(exc)) from None
    for record in result.records:
        record.database = "pubmed"
    return list(result.records)


def _has_records(data: bytes, fmt: str) -> bool:
    if fmt == "xml":
        return _RECORD_RE.search(data) is not None
    return bool(data.strip())


def check_efetch(data: bytes, fmt: str) -> None:
    """Reject an EFetch answer that is an error or visibly truncated.

    Raises:
        MalformedResponse: The answer is cut short or not in the format asked for.
        PubMedSearchError: NCBI returned an ERROR instead of records.
    """
    head = data[:512].lstrip()
    if b"<ERROR>" in data[:2048] or head.startswith(b"<eFetchResult"):
        text = data.decode("utf-8", "replace")
        start = text.find("<ERROR>")
        detail = text[start + 7:text.find("</ERROR>")] if start >= 0 else text[:200]
        raise PubMedSearchError(f"NCBI returned an error instead of records: {detail.strip()}.",
                                "Run the same command with --resume to try again.")
    if fmt == "xml":
        tail = data[-64:].rstrip()
        if not head.startswith(b"<?xml") and not head.startswith(b"<!DOCTYPE") \
                and not head.startswith(b"<PubmedArticleSet"):
            raise MalformedResponse("EFetch answer is not PubMed XML")
        if not tail.endswith(b"</PubmedArticleSet>") and not tail.endswith(b"<PubmedArticleSet/>"):
            raise MalformedResponse("EFetch answer ends before </PubmedArticleSet>")
    elif head and not head.startswith(b"PMID-"):
        raise MalformedResponse("EFetch answer is not MEDLINE text")


def _xml_root(data: bytes, what: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise MalformedResponse(f"{what} answer is not well-formed XML ({exc})") from None
