"""Audit: hostile ESearch answers from a local server (127.0.0.1).

A Count written with a thousands separator was a traceback; a negative Count was shown
as the search's count and stored as a run of 0 records; an IdList that repeats PMIDs
(Count 5, five Ids, three distinct) stored three records without a word.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from litsearch.search.client import EutilsClient
from litsearch.search.parse import parse_esearch
from litsearch.search.split import SplitShortfallError, collect_ids
from litsearch.search.transport import MalformedResponse, RateLimiter, Transport


def _esearch(count: str, ids: list[str]) -> bytes:
    id_list = "".join(f"<Id>{i}</Id>" for i in ids)
    return (f"<eSearchResult><Count>{count}</Count><RetMax>{len(ids)}</RetMax>"
            f"<IdList>{id_list}</IdList><QueryTranslation>x</QueryTranslation>"
            "</eSearchResult>").encode()


@pytest.mark.parametrize("count", ["1,234", "-3", "12abc", "", "1.5"])
def test_a_count_that_is_no_number_of_records_is_a_malformed_answer(count: str) -> None:
    with pytest.raises(MalformedResponse, match="Count"):
        parse_esearch(_esearch(count, []))


@pytest.mark.parametrize("pmid", ["abc", "", "10 3", "-5"])
def test_a_pmid_that_is_no_number_is_a_malformed_answer(pmid: str) -> None:
    with pytest.raises(MalformedResponse, match="PMID"):
        parse_esearch(_esearch("2", ["101", pmid]))


@pytest.fixture
def hostile() -> Iterator[tuple[str, list[bytes]]]:
    answers: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            if self.command == "POST":
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = answers[0] if len(answers) == 1 else answers.pop(0)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", answers
    finally:
        server.shutdown()
        server.server_close()


def test_repeated_pmids_do_not_pass_as_the_count(hostile) -> None:
    url, answers = hostile
    answers.append(_esearch("5", ["101", "102", "102", "103", "103"]))
    client = EutilsClient(email="a@b.org", base_url=url)
    total = client.esearch("q", retmax=9_999)
    with pytest.raises(SplitShortfallError, match="5 records.*3 distinct PMIDs"):
        collect_ids("q", total, lambda t, lo, hi: client.esearch(t, retmax=9_999),
                    date(2026, 1, 1))


@pytest.mark.parametrize("count", ["1,234", "-3"])
def test_a_hostile_count_from_the_server_is_an_error_not_a_traceback(hostile, count) -> None:
    from litsearch.errors import PubMedError

    url, answers = hostile
    answers.append(_esearch(count, []))
    transport = Transport(RateLimiter(100), max_tries=2, sleep=lambda s: None)
    client = EutilsClient(email="a@b.org", base_url=url, transport=transport)
    with pytest.raises(PubMedError, match="malformed answer.*Count"):
        client.esearch("q", retmax=0)
