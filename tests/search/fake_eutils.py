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
import re
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from fake_pubmed import (  # noqa: F401  (re-exported for the tests)
    SEASONS,
    FakeArticle,
    article_medline,
    article_xml,
    make_corpus,
)

ESEARCH_CAP = 9_999
_UID_RE = re.compile(r"^\((?P<q>.*)\) AND (?P<lo>\d+):(?P<hi>\d+)\[uid\]$", re.S)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client killed or interrupted mid-answer (the resume tests) is expected.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class QuerySpec:
    """How the server answers one search string."""

    pmids: list[str]
    translation: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: A top-level ERROR; sent alone when ``pmids`` is empty, else after Count and IdList.
    error: str | None = None
    #: PMIDs counted but left out of IdList (a part that loses records).
    hidden: set[str] = field(default_factory=set)


class FakeEutils:
    """The server: start with ``with FakeEutils(corpus) as server: server.url``.

    Attributes:
        queries: Search string -> :class:`QuerySpec`.
        script: Endpoint (``"esearch"``/``"efetch"``) -> queue of faults to play, one per
            request: an int HTTP status, ``"drop"`` (close without answering), ``"cut"``
            (send half the body), ``"echo"`` (HTTP 400 repeating the request),
            ``"malformed"`` (broken XML), or None (answer normally).
        drop_efetch_after: After this many good EFetch answers, drop every later EFetch.
        valid_keys: When set, an ``api_key`` not in it gets NCBI's "API key invalid".
        log: ``(arrival time, endpoint, method, params)`` per request.
    """

    def __init__(self, corpus: list[FakeArticle] | None = None) -> None:
        self.articles = {a.pmid: a for a in corpus or []}
        #: PMID -> MEDLINE text, filled by :meth:`prerender` (benchmarks: answering then
        #: costs the server next to no CPU, as NCBI's work does not run on the client's CPUs).
        self.medline_text: dict[str, str] = {}
        self.queries: dict[str, QuerySpec] = {}
        self.script: dict[str, deque] = {"esearch": deque(), "efetch": deque()}
        self.drop_efetch_after: int | None = None
        self.efetch_ok = 0
        #: Good EFetch requests let through while ``drop_efetch_after`` is set.
        self.efetch_admitted = 0
        #: Seconds each EFetch answer is held back (a slow connection).
        self.delay = 0.0
        self.valid_keys: set[str] | None = None
        self.log: list[tuple[float, str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
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

    def prerender(self) -> None:
        """Render every article's MEDLINE text once, so answers are only joined."""
        self.medline_text = {p: article_medline(a) for p, a in self.articles.items()}

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
        if spec.error and not spec.pmids:
            return _xml(f"<eSearchResult><ERROR>{escape(spec.error)}</ERROR></eSearchResult>")
        ids = [p for p in spec.pmids if lo_uid <= int(p) <= hi_uid]
        if params.get("mindate"):
            lo, hi = params["mindate"].replace("/", "-"), params["maxdate"].replace("/", "-")
            if params.get("datetype") == "edat":
                ids = [p for p in ids if lo <= self.articles[p].entrez_date.isoformat() <= hi]
            else:  # pdat: print or electronic date, imprecise dates match every overlap
                ids = [p for p in ids if self.articles[p].matches_pdat(lo, hi)]
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
            + (f"<ERROR>{escape(spec.error)}</ERROR>" if spec.error else "")
            + "</eSearchResult>")

    def efetch(self, params: dict[str, str]) -> bytes:
        """Answer one EFetch request."""
        ids = [p for p in params.get("id", "").split(",") if p in self.articles]
        if params.get("rettype") == "medline":
            text = self.medline_text
            return "\n".join(text.get(p) or article_medline(self.articles[p])
                             for p in ids).encode()
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
                    # Counted when let through, under the lock: counted when answered,
                    # a third request could pass while the first two were still being
                    # answered (under load), and three batches were stored, not two.
                    if server.efetch_admitted >= server.drop_efetch_after:
                        fault = "drop"
                    else:
                        server.efetch_admitted += 1
            key = params.get("api_key")
            if server.valid_keys is not None and key is not None and key not in server.valid_keys:
                answer = {"error": "API key invalid", "api-key": key, "type": "api-key",
                          "status": "unknown"}
                return self._send(400, json.dumps(answer).encode(), "application/json")
            if fault == "drop":
                self.close_connection = True
                return
            if fault == "echo":  # a 400 whose page repeats the request, key and all
                body = f"<html>Bad request: {self.path} {params}</html>".encode()
                return self._send(400, body, "text/html")
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
    server.prerender()
    print(server.url, flush=True)
    server.httpd.serve_forever(0.05)


if __name__ == "__main__":
    main()
