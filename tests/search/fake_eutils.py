"""A local E-utilities server for tests and benchmarks (127.0.0.1, a free port).

It answers ``esearch.fcgi`` and ``efetch.fcgi`` in NCBI's own formats from a
synthetic corpus: ESearch XML (Count, IdList capped at 9,999, TranslationSet,
QueryTranslation, ErrorList, WarningList, top-level ERROR), EFetch PubMed XML and
MEDLINE text. Faults are scripted per endpoint (HTTP statuses, dropped connections,
answers cut mid-body, malformed XML), the API key can be checked, and every request
is logged with its arrival time so tests can check the client's rate.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

ESEARCH_CAP = 9_999
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FAMILIES = ("Jansen", "de Vries", "Smith", "Okafor", "Nguyen", "Müller", "García", "Bakker")
GIVEN = ("Anna", "Pieter", "John", "Chidi", "Linh", "Jürgen", "María", "Sanne")
TOPICS = ("spiritual care", "meaning making", "outpatient mental health", "existential distress",
          "recovery", "chaplaincy", "psychotherapy", "religious coping")
_UID_RE = re.compile(r"^\((?P<q>.*)\) AND (?P<lo>\d+):(?P<hi>\d+)\[uid\]$", re.S)


@dataclass
class FakeArticle:
    """One synthetic PubMed record."""

    pmid: str
    pdat: date
    title: str
    abstract: str
    authors: list[tuple[str, str]]


@dataclass
class QuerySpec:
    """How the server answers one search string."""

    pmids: list[str]
    translation: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None
    #: PMIDs counted but left out of IdList (a part that loses records).
    hidden: set[str] = field(default_factory=set)


def make_corpus(n: int, seed: int = 7, first_pmid: int = 30_000_000,
                years: tuple[int, int] = (1995, 2025)) -> list[FakeArticle]:
    """Make ``n`` synthetic articles, more of them in recent years (as PubMed grows)."""
    rng = random.Random(seed)
    span = years[1] - years[0] + 1
    out = []
    for i in range(n):
        year = years[0] + min(span - 1, int(span * rng.random() ** 0.5))
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        topic = rng.choice(TOPICS)
        authors = [(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 4))]
        out.append(FakeArticle(str(first_pmid + i), day,
                               f"Synthetic study {i} of {topic} in adults",
                               f"Background: {topic} & care. Methods: study {i}. "
                               "Results: <none>. Conclusions: more research.", authors))
    return out


def article_xml(a: FakeArticle) -> str:
    """Render one article as a PubmedArticle element."""
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{escape(f)}</LastName><ForeName>{escape(g)}</ForeName>'
        f"<Initials>{g[0]}</Initials></Author>" for f, g in a.authors)
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">'
        f'<PMID Version="1">{a.pmid}</PMID><Article PubModel="Print"><Journal>'
        f'<ISSN IssnType="Electronic">1234-5678</ISSN><JournalIssue CitedMedium="Internet">'
        f"<Volume>{a.pdat.year - 1990}</Volume><Issue>{a.pdat.month}</Issue><PubDate>"
        f"<Year>{a.pdat.year}</Year><Month>{MONTHS[a.pdat.month - 1]}</Month>"
        f"<Day>{a.pdat.day}</Day></PubDate></JournalIssue>"
        f"<Title>Journal of Synthetic Care</Title><ISOAbbreviation>J Synth Care"
        f"</ISOAbbreviation></Journal><ArticleTitle>{escape(a.title)}</ArticleTitle>"
        f"<Pagination><MedlinePgn>{int(a.pmid) % 900 + 1}-{int(a.pmid) % 900 + 9}"
        f"</MedlinePgn></Pagination><Abstract><AbstractText>{escape(a.abstract)}"
        f'</AbstractText></Abstract><AuthorList CompleteYN="Y">{authors}</AuthorList>'
        f'<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">'
        f"Journal Article</PublicationType></PublicationTypeList></Article>"
        f'<MeshHeadingList><MeshHeading><DescriptorName UI="D000068296" MajorTopicYN="Y">'
        f"Spirituality</DescriptorName></MeshHeading></MeshHeadingList></MedlineCitation>"
        f'<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{a.pmid}</ArticleId>'
        f'<ArticleId IdType="doi">10.9999/synth.{a.pmid}</ArticleId></ArticleIdList>'
        f"</PubmedData></PubmedArticle>")


def article_medline(a: FakeArticle) -> str:
    """Render one article as a MEDLINE record."""
    lines = [f"PMID- {a.pmid}", "OWN - NLM", "STAT- MEDLINE",
             f"DP  - {a.pdat.year} {MONTHS[a.pdat.month - 1]} {a.pdat.day}",
             f"TI  - {a.title}", f"AB  - {a.abstract}"]
    for family, given in a.authors:
        lines += [f"FAU - {family}, {given}", f"AU  - {family} {given[0]}"]
    lines += ["LA  - eng", "PT  - Journal Article", "TA  - J Synth Care",
              "JT  - Journal of Synthetic Care", f"AID - 10.9999/synth.{a.pmid} [doi]"]
    return "\n".join(lines) + "\n"


class FakeEutils:
    """The server: start with ``with FakeEutils(corpus) as server: server.url``.

    Attributes:
        queries: Search string -> :class:`QuerySpec`.
        script: Endpoint (``"esearch"``/``"efetch"``) -> queue of faults to play, one per
            request: an int HTTP status, ``"drop"`` (close without answering), ``"cut"``
            (send half the body), ``"malformed"`` (broken XML), or None (answer normally).
        drop_efetch_after: After this many good EFetch answers, drop every later EFetch.
        valid_keys: When set, an ``api_key`` not in it gets NCBI's "API key invalid".
        log: ``(arrival time, endpoint, method, params)`` per request.
    """

    def __init__(self, corpus: list[FakeArticle] | None = None) -> None:
        self.articles = {a.pmid: a for a in corpus or []}
        self.queries: dict[str, QuerySpec] = {}
        self.script: dict[str, deque] = {"esearch": deque(), "efetch": deque()}
        self.drop_efetch_after: int | None = None
        self.efetch_ok = 0
        #: Seconds each EFetch answer is held back (a slow connection).
        self.delay = 0.0
        self.valid_keys: set[str] | None = None
        self.log: list[tuple[float, str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the client."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/entrez/eutils/"

    def __enter__(self) -> FakeEutils:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_query(self, term: str, pmids: list[str] | None = None, **spec: object) -> None:
        """Make ``term`` find ``pmids`` (default: the whole corpus)."""
        ids = list(self.articles) if pmids is None else pmids
        self.queries[term] = QuerySpec(ids, **spec)  # type: ignore[arg-type]

    def calls(self, endpoint: str) -> list[dict[str, str]]:
        """Return the parameters of every request made to an endpoint."""
        return [params for _t, ep, _m, params in self.log if ep == endpoint]

    # Answers -------------------------------------------------------------------
    def esearch(self, params: dict[str, str]) -> bytes:
        """Answer one ESearch request."""
        term = params.get("term", "")
        lo_uid, hi_uid = 0, 10 ** 9
        match = _UID_RE.match(term)
        base = match.group("q") if match else term
        if match:
            lo_uid, hi_uid = int(match.group("lo")), int(match.group("hi"))
        spec = self.queries.get(base)
        if spec is None:
            spec = QuerySpec([], translation=base, errors=[("PhraseNotFound", base)])
        if spec.error:
            return _xml(f"<eSearchResult><ERROR>{escape(spec.error)}</ERROR></eSearchResult>")
        ids = [p for p in spec.pmids if lo_uid <= int(p) <= hi_uid]
        if params.get("mindate"):
            lo, hi = params["mindate"].replace("/", "-"), params["maxdate"].replace("/", "-")
            ids = [p for p in ids if lo <= self.articles[p].pdat.isoformat() <= hi]
        ids.sort(key=int, reverse=True)
        retmax = int(params.get("retmax", 20))
        shown = [p for p in ids if p not in spec.hidden][:min(retmax, ESEARCH_CAP)]
        warnings = list(spec.warnings) + ([] if ids else [("OutputMessage", "No items found.")])
        history = ("<QueryKey>1</QueryKey><WebEnv>MCID_fake</WebEnv>"
                   if params.get("usehistory") == "y" else "")
        return _xml(
            f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(shown)}</RetMax>"
            f"<RetStart>0</RetStart>{history}<IdList>"
            + "".join(f"<Id>{p}</Id>" for p in shown)
            + f"</IdList><TranslationSet/><QueryTranslation>{escape(spec.translation or base)}"
              f"</QueryTranslation>"
            + _list("ErrorList", spec.errors) + _list("WarningList", warnings)
            + "</eSearchResult>")

    def efetch(self, params: dict[str, str]) -> bytes:
        """Answer one EFetch request."""
        ids = [p for p in params.get("id", "").split(",") if p in self.articles]
        if params.get("rettype") == "medline":
            return "\n".join(article_medline(self.articles[p]) for p in ids).encode()
        body = "".join(article_xml(self.articles[p]) for p in ids)
        return _xml(f"<PubmedArticleSet>{body}</PubmedArticleSet>",
                    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
                    '2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')


def _xml(body: str, doctype: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" ?>\n' + doctype + body + "\n").encode()


def _list(tag: str, items: list[tuple[str, str]]) -> str:
    if not items:
        return ""
    return f"<{tag}>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in items) + f"</{tag}>"


def _handler(server: FakeEutils) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._answer(dict(parse_qsl(urlsplit(self.path).query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(dict(parse_qsl(self.rfile.read(length).decode())))

        def _answer(self, params: dict[str, str]) -> None:
            arrived = time.monotonic()
            endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1].split(".")[0]
            with server.lock:
                server.log.append((arrived, endpoint, self.command, params))
                queue = server.script.get(endpoint)
                fault = queue.popleft() if queue else None
                if endpoint == "efetch" and fault is None and server.drop_efetch_after is not None:
                    if server.efetch_ok >= server.drop_efetch_after:
                        fault = "drop"
            key = params.get("api_key")
            if server.valid_keys is not None and key is not None and key not in server.valid_keys:
                answer = {"error": "API key invalid", "api-key": key, "type": "api-key",
                          "status": "unknown"}
                return self._send(400, json.dumps(answer).encode(), "application/json")
            if fault == "drop":
                self.close_connection = True
                return
            if isinstance(fault, int):
                body = (b'{"error":"API rate limit exceeded","count":"4"}' if fault == 429
                        else b"<html><body>Service unavailable</body></html>")
                return self._send(fault, body, "text/html", {"Retry-After": "0"})
            if endpoint == "esearch":
                body = server.esearch(params)
            elif endpoint == "efetch":
                time.sleep(server.delay)
                body = server.efetch(params)
            else:
                return self._send(404, b"unknown utility", "text/plain")
            if fault == "malformed":
                body = body[: len(body) // 2]
            if fault == "cut":
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if endpoint == "efetch":
                with server.lock:
                    server.efetch_ok += 1
            self._send(200, body, "text/xml; charset=UTF-8")

        def _send(self, status: int, body: bytes, ctype: str,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main() -> None:
    """Serve a synthetic corpus until killed (``python fake_eutils.py RECORDS TERM [DELAY]``).

    Prints the base URL on the first line of stdout. Benchmarks run the server in its
    own process so that building answers does not compete with the client for the GIL.
    """
    import sys

    records, term = int(sys.argv[1]), sys.argv[2]
    server = FakeEutils(make_corpus(records))
    server.add_query(term)
    server.delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    print(server.url, flush=True)
    server.httpd.serve_forever(0.05)


if __name__ == "__main__":
    main()
