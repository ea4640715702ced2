"""Build E-utilities requests: pure functions, no I/O.

The request builder knows NCBI's usage rules (which parameters, when to POST)
and nothing about sending; :mod:`litsearch.search.transport` sends what it builds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

#: NCBI's public E-utilities endpoint; ``LITSEARCH_EUTILS_URL`` overrides it.
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

#: Encoded parameters longer than this go in a POST body (Bio.Entrez uses the same limit).
POST_CHARS = 1000
#: Requests naming this many IDs or more are POSTed (the manual: "more than about 200 UIDs").
POST_IDS = 200
#: ESearch on PubMed returns at most this many IDs for one query, whatever retmax says.
ESEARCH_MAX_IDS = 9_999
#: EFetch returns at most this many records per call (the manual, EFetch ``retmax``).
EFETCH_MAX_BATCH = 10_000

#: EFetch parameters per record format, and the importer format that reads the reply.
EFETCH_FORMATS: dict[str, dict[str, str]] = {
    "xml": {"rettype": "abstract", "retmode": "xml", "importer": "pubmed-xml"},
    "medline": {"rettype": "medline", "retmode": "text", "importer": "medline"},
}

#: PubMed date field that ``mindate``/``maxdate`` restrict: the Entrez date, the one full
#: day a record entered PubMed. Not ``pdat``: a publication date matches both its print
#: and its electronic date (the "publication echo", up to 17.6 % of a year's articles), and
#: a year-only or season date ("2020", "2020 Spring") has no single day, so ``pdat``
#: ranges overlap and the parts of a split search would not be disjoint.
DATETYPE = "edat"


@dataclass(frozen=True)
class Request:
    """One HTTP request to an E-utility, ready to send.

    Attributes:
        endpoint: The utility, e.g. ``"esearch.fcgi"``.
        method: ``"GET"`` or ``"POST"``.
        url: Full URL (with the query string for GET).
        body: The form-encoded POST body, or None for GET.
        params: The parameters sent, in order (for logs and provenance).
    """

    endpoint: str
    method: str
    url: str
    body: bytes | None
    params: tuple[tuple[str, str], ...]


def build_request(base_url: str, endpoint: str, params: Mapping[str, object], *, tool: str,
                  email: str | None, api_key: str | None = None) -> Request:
    """Build a GET or POST request carrying ``tool``, ``email`` and ``api_key``.

    POST is chosen when the encoded parameters exceed :data:`POST_CHARS` or the
    ``id`` parameter names :data:`POST_IDS` or more IDs.

    Args:
        base_url: The E-utilities folder URL (ending in ``/`` or not).
        endpoint: The utility to call, e.g. ``"efetch.fcgi"``.
        params: Utility parameters; None values are left out, lists are joined by commas.
        tool: Name of the calling software (no spaces), sent on every request.
        email: Contact address sent on every request.
        api_key: NCBI API key, when the user has one.

    Returns:
        The request.
    """
    items: list[tuple[str, str]] = []
    id_count = 0
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            if key == "id":
                id_count = len(value)
            value = ",".join(str(v) for v in value)
        items.append((key, str(value)))
    items.append(("tool", tool))
    if email:
        items.append(("email", email))
    if api_key:
        items.append(("api_key", api_key))
    encoded = urlencode(items, safe=",")  # ID lists stay readable and short
    url = base_url.rstrip("/") + "/" + endpoint
    if len(encoded) > POST_CHARS or id_count >= POST_IDS:
        return Request(endpoint, "POST", url, encoded.encode("ascii"), tuple(items))
    return Request(endpoint, "GET", f"{url}?{encoded}", None, tuple(items))


def esearch_params(term: str, *, retmax: int = 0, usehistory: bool = True,
                   mindate: str | None = None, maxdate: str | None = None,
                   db: str = "pubmed") -> dict[str, object]:
    """Return ESearch parameters for a term, optionally restricted to Entrez dates.

    Args:
        term: The search string exactly as the user wrote it.
        retmax: How many IDs to return (0 for the count, translation and messages only).
        usehistory: Post the result set to the History server (``usehistory=y``).
        mindate: First date ``YYYY/MM/DD`` of :data:`DATETYPE` (needs ``maxdate``).
        maxdate: Last date ``YYYY/MM/DD``, inclusive (needs ``mindate``).
        db: The Entrez database.
    """
    params: dict[str, object] = {"db": db, "term": term, "retmax": retmax}
    if usehistory:
        params["usehistory"] = "y"
    if mindate or maxdate:
        if not (mindate and maxdate):
            raise ValueError("E-utilities need mindate and maxdate together")
        params.update(datetype=DATETYPE, mindate=mindate, maxdate=maxdate)
    return params


def efetch_params(ids: Sequence[str], fmt: str = "xml", db: str = "pubmed") -> dict[str, object]:
    """Return EFetch parameters for a batch of PMIDs in a record format.

    Args:
        ids: PMIDs to fetch (at most :data:`EFETCH_MAX_BATCH`).
        fmt: A key of :data:`EFETCH_FORMATS` (``"xml"`` or ``"medline"``).
        db: The Entrez database.
    """
    if len(ids) > EFETCH_MAX_BATCH:
        raise ValueError(f"EFetch takes at most {EFETCH_MAX_BATCH} IDs, got {len(ids)}")
    spec = EFETCH_FORMATS[fmt]
    return {"db": db, "id": list(ids), "rettype": spec["rettype"], "retmode": spec["retmode"]}
