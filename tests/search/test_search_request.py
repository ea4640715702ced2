"""The request builder: parameters, encoding, GET versus POST (pure, no I/O)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from litsearch.search.request import (
    EFETCH_MAX_BATCH,
    POST_CHARS,
    build_request,
    efetch_params,
    esearch_params,
)

BASE = "http://127.0.0.1:9/entrez/eutils"


def test_short_search_is_a_get_with_tool_email_and_key() -> None:
    req = build_request(BASE, "esearch.fcgi", esearch_params('"spiritual care" #1'),
                        tool="litsearch", email="me@example.org", api_key="k123")
    assert req.method == "GET" and req.body is None
    assert req.url.startswith(BASE + "/esearch.fcgi?")
    query = urlsplit(req.url).query
    # NCBI's rules: + for spaces, %22 for quotes, %23 for #.
    assert "term=%22spiritual+care%22+%231" in query
    params = dict(parse_qsl(query))
    assert params == {"db": "pubmed", "term": '"spiritual care" #1', "retmax": "0",
                      "usehistory": "y", "tool": "litsearch", "email": "me@example.org",
                      "api_key": "k123"}


def test_long_search_string_is_posted() -> None:
    term = " OR ".join(f'"term number {i}"[tiab]' for i in range(60))
    assert len(term) > POST_CHARS
    req = build_request(BASE, "esearch.fcgi", esearch_params(term), tool="t", email=None)
    assert req.method == "POST" and "?" not in req.url
    assert dict(parse_qsl(req.body.decode()))["term"] == term
    assert "email" not in dict(req.params)


@pytest.mark.parametrize(("n_ids", "method"), [(3, "GET"), (199, "POST"), (200, "POST")])
def test_efetch_posts_at_200_ids_or_long_urls(n_ids: int, method: str) -> None:
    ids = [str(10_000_000 + i) for i in range(n_ids)]
    req = build_request(BASE, "efetch.fcgi", efetch_params(ids), tool="t", email="e@x.org")
    # 199 eight-digit IDs already exceed 1000 encoded characters.
    assert req.method == method
    sent = dict(parse_qsl(req.body.decode() if req.body else urlsplit(req.url).query))
    assert sent["id"].split(",") == ids
    assert (sent["rettype"], sent["retmode"]) == ("abstract", "xml")


def test_200_short_ids_are_posted_even_when_the_url_is_short() -> None:
    req = build_request(BASE, "efetch.fcgi", efetch_params([str(i) for i in range(200)]),
                        tool="t", email=None)
    assert len(req.body or b"") < POST_CHARS and req.method == "POST"


def test_medline_format_and_date_range() -> None:
    assert efetch_params(["1"], "medline")["rettype"] == "medline"
    params = esearch_params("x", mindate="2020/01/01", maxdate="2020/12/31")
    assert params["datetype"] == "edat"  # one full day per record: disjoint ranges
    with pytest.raises(ValueError):
        esearch_params("x", mindate="2020/01/01")
    with pytest.raises(ValueError):
        efetch_params(["1"] * (EFETCH_MAX_BATCH + 1))
