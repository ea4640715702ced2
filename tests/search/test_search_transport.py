"""The transport over real HTTP to a local server: retries, rejections, rate limit."""

from __future__ import annotations

import pytest
from fake_eutils import FakeEutils, make_corpus

from litsearch.errors import PubMedError
from litsearch.search import EutilsClient, PubMedRejectedError, PubMedUnavailableError
from litsearch.search.transport import RateLimiter


def test_429_burst_is_retried_with_growing_backoff(eutils: FakeEutils, make_client) -> None:
    eutils.add_query("care")
    eutils.script["esearch"].extend([429, 429, 429])
    sleeps: list[float] = []
    client = make_client(eutils, sleeps=sleeps, max_tries=5)
    result = client.esearch("care", retmax=5)
    assert result.count == 120 and len(result.ids) == 5
    assert len(eutils.calls("esearch")) == 4 and client.requests_sent == 4
    assert len(sleeps) == 3 and sleeps[0] <= sleeps[2]
    assert client.transport.retries == ["HTTP 429"] * 3


@pytest.mark.parametrize("fault", [500, 502, 503, "drop", "cut", "malformed"])
def test_server_errors_and_dropped_connections_are_retried(eutils: FakeEutils, make_client,
                                                           fault) -> None:
    eutils.add_query("care")
    eutils.script["efetch"].append(fault)
    client = make_client(eutils)
    ids = [a for a in list(eutils.articles)[:30]]
    records = client.efetch(ids)
    assert sorted(r.pmid for r in records) == sorted(ids)
    assert len(eutils.calls("efetch")) == 2


def test_gives_up_after_max_tries_with_a_retry_hint(eutils: FakeEutils, make_client) -> None:
    eutils.script["efetch"].extend(["drop"] * 3)
    client = make_client(eutils, max_tries=3)
    with pytest.raises(PubMedUnavailableError, match="failed 3 times") as info:
        client.efetch(["30000001"])
    # The transport knows no search run: --resume is named where one exists (pubmed.py).
    assert "run the same command again" in str(info.value)
    assert len(eutils.calls("efetch")) == 3


@pytest.mark.parametrize("status", [400, 403, 404, 414])
def test_other_4xx_is_never_retried(eutils: FakeEutils, make_client, status: int) -> None:
    eutils.script["esearch"].append(status)
    with pytest.raises(PubMedRejectedError, match=f"HTTP {status}"):
        make_client(eutils).esearch("care")
    assert len(eutils.calls("esearch")) == 1


def test_invalid_api_key_is_one_clear_line(eutils: FakeEutils, make_client) -> None:
    eutils.valid_keys = {"good-key"}
    eutils.add_query("care")
    with pytest.raises(PubMedRejectedError) as info:
        make_client(eutils, api_key="bad-key").esearch("care")
    text = str(info.value)
    assert text.startswith("NCBI rejected the API key (API key invalid).")
    assert "\n" not in text and "NCBI_API_KEY" in text
    assert len(eutils.calls("esearch")) == 1
    assert make_client(eutils, api_key="good-key").esearch("care").count == 120


def test_top_level_error_reaches_the_caller(eutils: FakeEutils, make_client) -> None:
    eutils.add_query("broken", error="Search Backend failed: Exception: bad query")
    with pytest.raises(PubMedError, match="Search Backend failed"):
        make_client(eutils).esearch("broken")
    assert len(eutils.calls("esearch")) == 1


def test_client_reads_environment_and_requires_email(eutils: FakeEutils) -> None:
    env = {"NCBI_EMAIL": "env@example.org", "NCBI_API_KEY": "k",
           "LITSEARCH_EUTILS_URL": eutils.url}
    client = EutilsClient.from_env(env=env)
    assert (client.email, client.api_key, client.base_url, client.rate) == (
        "env@example.org", "k", eutils.url, 10.0)
    assert EutilsClient.from_env(email="a@b.org", env={}).rate == 3.0
    with pytest.raises(PubMedError, match="--email"):
        EutilsClient.from_env(env={})
    with pytest.raises(PubMedError, match="spaces"):
        EutilsClient(email="a@b.org", tool="my tool")


def test_rate_limiter_spaces_slots_on_a_fake_clock() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3, clock=lambda: now[0], sleep=sleep)
    for _ in range(7):
        limiter.wait()
    assert waits == pytest.approx([0.35] * 6)
    now[0] += 5  # idle time is not banked into a burst
    limiter.wait()
    assert len(waits) == 6


def test_real_rate_never_exceeds_three_a_second_across_retries() -> None:
    """Timestamps taken by the server: no 1-second window holds more than 3 requests."""
    with FakeEutils(make_corpus(10)) as server:
        server.add_query("care")
        server.script["esearch"].extend([429, 503])
        client = EutilsClient.from_env(email="t@example.org", env={"LITSEARCH_EUTILS_URL":
                                                                   server.url})
        client.transport.backoff = 0.0  # only the rate limiter spaces these requests
        released = _record_releases(client.transport.limiter)
        for _ in range(3):
            client.esearch("care")
        client.efetch(list(server.articles)[:3])
        client.efetch(list(server.articles)[3:6])
        arrived = sorted(t for t, *_ in server.log)
    assert len(arrived) == 7 == len(released)
    _at_most_three_a_second(sorted(released), arrived)


def _record_releases(limiter) -> list[float]:
    """Make ``limiter`` note when it lets each request go; return the list it fills."""
    released: list[float] = []
    wait = limiter.wait

    def timed_wait() -> None:
        wait()
        released.append(limiter.clock())

    limiter.wait = timed_wait
    return released


#: How much later than the limiter let it go a request may reach the local server when
#: the machine is busy (thread scheduling, not the limiter's to remove; the limiter's
#: margin covers network jitter at NCBI).
ARRIVAL_JITTER = 0.1


def _at_most_three_a_second(released: list[float], arrived: list[float]) -> None:
    """No 1-second window of releases holds more than 3 requests; the server's arrival
    times show the same, within :data:`ARRIVAL_JITTER`."""
    for i in range(len(released) - 3):
        assert released[i + 3] - released[i] > 1.0, released
        assert arrived[i + 3] - arrived[i] > 1.0 - ARRIVAL_JITTER, arrived


def test_long_search_string_is_posted_and_understood(eutils: FakeEutils, make_client) -> None:
    term = " OR ".join(f'"spiritual care {i}"[tiab]' for i in range(50))
    eutils.add_query(term)
    result = make_client(eutils).esearch(term, retmax=3)
    (_t, _ep, method, params), = eutils.log
    assert method == "POST" and params["term"] == term and result.count == 120


def test_api_key_is_blanked_out_of_a_rejection_that_echoes_the_request(
        eutils: FakeEutils, make_client) -> None:
    eutils.script["esearch"].append("echo")
    with pytest.raises(PubMedRejectedError, match="HTTP 400") as info:
        make_client(eutils, api_key="secret-key-7731").esearch("care")
    assert "secret-key-7731" not in str(info.value) and "***" in str(info.value)
    assert eutils.calls("esearch")[0]["api_key"] == "secret-key-7731"  # it was sent


def test_whole_search_with_prefetch_and_retries_stays_under_three_a_second(
        project, eutils: FakeEutils) -> None:
    """ESearch, prefetched EFetch and their retries share one limiter (server timestamps)."""
    from litsearch.search import search_pubmed

    eutils.add_query("care", pmids=list(eutils.articles)[:90])
    eutils.script["efetch"].extend([None, 429, "drop"])
    client = EutilsClient.from_env(email="t@example.org", env={"LITSEARCH_EUTILS_URL":
                                                               eutils.url})
    client.transport.backoff = 0.0
    released = _record_releases(client.transport.limiter)
    result = search_pubmed(project.store, client, "care", batch_size=30)
    assert result.records == 90
    # 1 ESearch, 3 EFetch, 2 retries
    assert len(eutils.log) == 6 == result.requests == len(released)
    _at_most_three_a_second(sorted(released), sorted(t for t, *_ in eutils.log))
