"""Whole live searches against the local server: provenance, split, refresh, resume."""

from __future__ import annotations

from datetime import date

import pytest
from fake_eutils import FakeArticle, FakeEutils, make_corpus

from litsearch.errors import PubMedError
from litsearch.project import Project
from litsearch.search import (
    DEFAULT_BATCH_SIZE,
    PubMedSearchError,
    PubMedUnavailableError,
    SplitShortfallError,
    count_pubmed,
    rerun_pubmed,
    resume_pubmed,
    search_pubmed,
    unfinished_runs,
)
from litsearch.search.split import collect_ids
from litsearch.status import search_status
from litsearch.store import get_search_run, list_search_runs

TODAY = date(2026, 11, 28)
QUERY = '("spiritual care"[tiab] OR spirituality[mh]) AND "mental health"[tiab]'


def _stored(project: Project, run_id: int) -> list[str]:
    rows = project.store.execute(
        "SELECT r.pmid FROM run_records rr JOIN records r ON r.id = rr.record_id "
        "WHERE rr.search_run_id = ? ORDER BY rr.position", (run_id,)).fetchall()
    return [r[0] for r in rows]


def test_search_stores_records_with_full_provenance(project: Project, eutils: FakeEutils,
                                                    make_client) -> None:
    eutils.add_query(QUERY, translation="translated form",
                     warnings=[("QuotedPhraseNotFound", '"spiritual care"')])
    seen: list[tuple[int, int]] = []
    result = search_pubmed(project.store, make_client(eutils), QUERY,
                           query_source="queries/pubmed.txt", batch_size=50,
                           progress=lambda done, total: seen.append((done, total)), today=TODAY)
    assert (result.count, result.records, result.new, result.already) == (120, 120, 120, 0)
    assert seen == [(0, 120), (50, 120), (100, 120), (120, 120)]
    run = get_search_run(project.store, result.run_id)
    assert (run.database, run.platform, run.kind, run.status) == ("pubmed", "e-utilities",
                                                                  "api", "complete")
    assert run.query == QUERY and run.query_source == "queries/pubmed.txt"
    assert run.searched_on == "2026-11-28" and run.started_at and run.finished_at
    assert run.reported_count == 120 and run.translation == "translated form"
    assert run.messages == result.messages and "QuotedPhraseNotFound" in run.messages[0]
    pmids = _stored(project, result.run_id)
    assert len(pmids) == len(set(pmids)) == 120
    # The ESearch term went out exactly as written; the EFetches were POSTed batches.
    assert eutils.calls("esearch")[0]["term"] == QUERY
    fetches = [(m, p["id"].count(",") + 1) for _t, ep, m, p in eutils.log if ep == "efetch"]
    assert sorted(fetches) == [("GET", 20), ("GET", 50), ("GET", 50)]  # two fetch threads
    assert {p["rettype"] for p in eutils.calls("efetch")} == {"medline"}  # the default format
    assert run.limits["format"] == "medline" and run.limits["datetype"] == "edat"
    assert project.store.get_meta(f"pubmed_resume:{result.run_id}") is None
    assert {r[0] for r in project.store.execute("SELECT database FROM records")} == {"pubmed"}


def test_count_only_fetches_and_stores_nothing(project: Project, eutils: FakeEutils,
                                               make_client) -> None:
    eutils.add_query("care", errors=[("FieldNotFound", "notafield")])
    result = count_pubmed(make_client(eutils), "care")
    assert result.count == 120 and result.run_id is None
    assert result.messages[0].startswith("FieldNotFound: notafield")
    assert eutils.calls("efetch") == [] and eutils.calls("esearch")[0]["retmax"] == "0"
    assert project.store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0] == 0


def test_zero_hits_because_a_phrase_was_not_found_is_an_error_not_an_empty_run(
        project: Project, eutils: FakeEutils, make_client) -> None:
    """PubMed dropped the only term ("PhraseNotFound"): that is not a search that found nothing."""
    with pytest.raises(PubMedSearchError, match=r"found no records and could not use part of "
                                                r"the search: PhraseNotFound: qzxwv"):
        search_pubmed(project.store, make_client(eutils), "qzxwv", today=TODAY)
    assert list_search_runs(project.store) == []
    counted = count_pubmed(make_client(eutils), "qzxwv")  # --count-only still shows it all
    assert counted.count == 0 and counted.messages[0].startswith("PhraseNotFound: qzxwv")
    assert counted.messages[1] == "OutputMessage: No items found."


def test_error_answer_raises_and_records_no_run(project: Project, eutils: FakeEutils,
                                                make_client) -> None:
    eutils.add_query("bad", pmids=[], error="Invalid query syntax")
    with pytest.raises(PubMedError, match=r"could not run the search: Invalid query syntax\."):
        search_pubmed(project.store, make_client(eutils), "bad", today=TODAY)
    # An ERROR that comes with a Count and IDs is still an error, not a result.
    eutils.add_query("partial", error="Search Backend failed: Exception: timeout")
    with pytest.raises(PubMedError, match=r"Backend failed.*also gave Count 120, not used"):
        search_pubmed(project.store, make_client(eutils), "partial", today=TODAY)
    with pytest.raises(PubMedError, match=r"Count 120, not used"):
        count_pubmed(make_client(eutils), "partial")
    assert project.store.execute("SELECT COUNT(*) FROM search_runs").fetchone()[0] == 0
    assert eutils.calls("efetch") == []


def test_25000_hits_split_by_date_into_disjoint_parts(make_client) -> None:
    corpus = make_corpus(25_000)
    odd = [a for a in corpus if a.dp != "day" or a.epub]
    # The corpus holds the dates that make publication-date parts overlap.
    assert {a.dp for a in odd} >= {"year", "Spring"} and sum(a.epub is not None for a in odd) > 2000
    with FakeEutils(corpus) as server:
        server.add_query("big")
        client = make_client(server)
        total = client.esearch("big", retmax=9_999)
        ids, parts = collect_ids("big", total, lambda t, lo, hi: client.esearch(
            t, retmax=9_999, mindate=lo, maxdate=hi, usehistory=False), TODAY)
        calls = server.calls("esearch")
    assert total.count == 25_000 and len(total.ids) == 9_999
    assert len(ids) == len(set(ids)) == 25_000 and set(ids) == set(server.articles)
    assert len(parts) >= 3 and all(0 < p.count <= 9_999 for p in parts)
    assert sum(p.count for p in parts) == 25_000
    spans = sorted((p.mindate, p.maxdate) for p in parts)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))  # disjoint date ranges
    assert all(c.get("datetype") == "edat" for c in calls[1:])
    for article in odd:  # year-only, season and e-pub records: each in exactly one part
        day = article.entrez_date.strftime("%Y/%m/%d")
        assert sum(p.mindate <= day <= p.maxdate for p in parts) == 1
    # The same ranges by publication date (as the server models [dp]) would overlap.
    iso = [(p.mindate.replace("/", "-"), p.maxdate.replace("/", "-")) for p in parts]
    assert sum(a.matches_pdat(lo, hi) for a in odd for lo, hi in iso) > len(odd)
    assert len(calls) <= 7  # the count, then at most 6 parts and probes


@pytest.mark.slow
def test_split_search_end_to_end(project: Project, make_client) -> None:
    with FakeEutils(make_corpus(12_000)) as server:
        server.add_query("big")
        result = search_pubmed(project.store, make_client(server), "big", fmt="medline",
                               today=TODAY)
        fetches = server.calls("efetch")
    assert (result.count, result.records, result.new) == (12_000, 12_000, 12_000)
    assert result.parts >= 2 and len(fetches) == -(-12_000 // DEFAULT_BATCH_SIZE)
    assert max(p["id"].count(",") + 1 for p in fetches) == DEFAULT_BATCH_SIZE
    pmids = _stored(project, result.run_id)
    assert len(set(pmids)) == 12_000
    assert get_search_run(project.store, result.run_id).limits["parts"][0]["count"] > 0


def test_split_search_fetches_while_it_is_still_splitting(project: Project, make_client) -> None:
    """Records found by the first ESearch are fetched before the last date part is searched."""
    with FakeEutils(make_corpus(12_000)) as server:
        server.add_query("huge")
        # A real rate limit (20 a second): requests queue for their slots as they would at
        # NCBI, so the EFetch of the first IDs goes out between the date parts' ESearches.
        result = search_pubmed(project.store, make_client(server, rate=20), "huge",
                               fmt="medline", batch_size=5_000, today=TODAY)
        order = [endpoint for _t, endpoint, _m, _p in server.log]
        fetches = server.calls("efetch")
    assert (result.records, result.new) == (12_000, 12_000) and result.parts >= 2
    assert order.index("efetch") < len(order) - 1 - order[::-1].index("esearch")
    # As few EFetch requests as one batch size allows (how the IDs fall into them depends
    # on when each date part's ESearch answers), each PMID asked for once.
    sizes = [p["id"].count(",") + 1 for p in fetches]
    assert len(sizes) == 3 and max(sizes) <= 5_000 and sum(sizes) == 12_000
    asked = [pmid for p in fetches for pmid in p["id"].split(",")]
    assert len(asked) == len(set(asked)) == 12_000
    run = get_search_run(project.store, result.run_id)
    assert run.status == "complete" and len(run.limits["parts"]) == result.parts
    positions = [r[0] for r in project.store.execute(
        "SELECT position FROM run_records WHERE search_run_id = ? ORDER BY position",
        (result.run_id,))]
    assert positions == list(range(1, 12_001))


def test_one_day_over_the_cap_is_split_by_pmid(make_client) -> None:
    corpus = [FakeArticle(str(1000 + i), date(2021, 3, 1), "t", "a", [("Smith", "J")])
              for i in range(12_000)]
    with FakeEutils(corpus) as server:
        server.add_query("day")
        client = make_client(server)
        ids, parts = collect_ids("day", client.esearch("day", retmax=9_999),
                                 lambda t, lo, hi: client.esearch(t, retmax=9_999, mindate=lo,
                                                                  maxdate=hi), TODAY)
    assert len(set(ids)) == 12_000
    assert all(p.uid and p.mindate == p.maxdate == "2021/03/01" for p in parts)
    assert "[uid]" in server.calls("esearch")[-1]["term"]


def test_shortfall_names_the_missing_range(project: Project, make_client) -> None:
    corpus = make_corpus(10_500)
    corpus[0].edat = date(999, 6, 1)  # outside every date part
    with FakeEutils(corpus) as server:
        server.add_query("old")
        with pytest.raises(SplitShortfallError, match=r"1 dated outside 1000/01/01–2999/12/31"):
            search_pubmed(project.store, make_client(server), "old", today=TODAY)
        server.add_query("lossy", hidden={corpus[5].pmid})
        with pytest.raises(SplitShortfallError, match=r"returned \d+ PMIDs \(1 missing in that "
                                                      r"range\)") as info:
            search_pubmed(project.store, make_client(server), "lossy", today=TODAY)
    assert "/" in info.value.message.split(" for ")[1]  # the range's dates are named


def test_refresh_links_known_records_and_counts_only_new_ones(
        project: Project, eutils: FakeEutils, make_client) -> None:
    pmids = list(eutils.articles)
    eutils.add_query(QUERY, pmids=pmids[:100])
    first = search_pubmed(project.store, make_client(eutils), QUERY, today=TODAY)
    eutils.add_query(QUERY, pmids=pmids[:100] + pmids[100:])  # 20 new papers since
    second = rerun_pubmed(project.store, make_client(eutils), first.run_id, batch_size=40)
    assert (second.records, second.new, second.already) == (120, 20, 100)
    assert project.store.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 120
    status = {r["id"]: r for r in search_status(project.store)}
    assert (status[first.run_id]["new_records"], status[second.run_id]["new_records"]) == (100, 20)
    assert status[second.run_id]["records"] == 120
    assert get_search_run(project.store, second.run_id).query == QUERY


def test_interrupted_run_resumes_with_the_same_records_none_twice(
        project: Project, eutils: FakeEutils, make_client) -> None:
    eutils.add_query(QUERY)
    eutils.drop_efetch_after = 2  # the network goes away after two batches
    with pytest.raises(PubMedUnavailableError, match="--resume"):
        search_pubmed(project.store, make_client(eutils, max_tries=2), QUERY, batch_size=25,
                      today=TODAY)
    (run_id,) = unfinished_runs(project.store)
    assert get_search_run(project.store, run_id).status == "running"
    stored = len(_stored(project, run_id))
    # Two fetch threads: which two batches were answered before the network went depends
    # on arrival order (under load the first batch's request can arrive third and fail);
    # batches are stored in order up to the first gap.
    assert stored in (0, 25, 50)
    eutils.drop_efetch_after = None
    before = len(eutils.calls("efetch"))
    result = resume_pubmed(project.store, make_client(eutils))
    assert result.run_id == run_id and result.records == 120 and result.new == 120
    # Only the PMIDs not yet stored are fetched again.
    assert len(eutils.calls("efetch")) - before == -(-(120 - stored) // 25)
    assert len(eutils.calls("esearch")) == 1  # the saved PMID list was used
    pmids = _stored(project, run_id)
    assert sorted(pmids) == sorted(eutils.articles) and len(pmids) == len(set(pmids))
    assert get_search_run(project.store, run_id).status == "complete"
    assert unfinished_runs(project.store) == []
    with pytest.raises(PubMedError, match="no unfinished PubMed search"):
        resume_pubmed(project.store, make_client(eutils))


def test_withdrawn_pmids_are_reported_not_hidden(project: Project, eutils: FakeEutils,
                                                 make_client) -> None:
    eutils.add_query("care", pmids=[*list(eutils.articles)[:10], "99999999"])
    with pytest.raises(PubMedError, match="reported 11 records but returned 10.*99999999"):
        search_pubmed(project.store, make_client(eutils), "care", today=TODAY)
    (run_id,) = unfinished_runs(project.store)
    assert "99999999" in get_search_run(project.store, run_id).messages[-1]


def test_bad_options_are_rejected_before_any_request(project: Project, eutils: FakeEutils,
                                                     make_client) -> None:
    with pytest.raises(PubMedError, match="batch-size"):
        search_pubmed(project.store, make_client(eutils), "care", batch_size=20_000)
    with pytest.raises(PubMedError, match="empty"):
        search_pubmed(project.store, make_client(eutils), "  ")
    assert eutils.log == []


def test_prefetch_keeps_order_and_hands_over_errors() -> None:
    from litsearch.search.prefetch import prefetch

    batches = [["1"], ["2"], ["3"], ["4"]]
    assert [b for b, _ in prefetch(lambda b: b[0] * 2, batches)] == batches
    assert [body for _, body in prefetch(lambda b: b[0] * 2, batches)] == ["11", "22", "33",
                                                                           "44"]

    def fail_on_three(batch: list[str]) -> str:
        if batch == ["3"]:
            raise PubMedUnavailableError("gone")
        return batch[0]

    got = []
    with pytest.raises(PubMedUnavailableError):
        for _batch, body in prefetch(fail_on_three, batches):
            got.append(body)
    assert got == ["1", "2"]


def test_interrupted_while_splitting_resumes_from_the_search(project: Project,
                                                            make_client) -> None:
    with FakeEutils(make_corpus(10_100)) as server:
        server.add_query("split")
        server.script["esearch"].extend([None, None, 503, 503])  # the third ESearch fails
        with pytest.raises(PubMedUnavailableError):
            search_pubmed(project.store, make_client(server, max_tries=2), "split",
                          fmt="medline", batch_size=10_000, today=TODAY)
        (run_id,) = unfinished_runs(project.store)
        assert project.store.get_meta(f"pubmed_resume:{run_id}").count('"pmids":null') == 1
        # The first ESearch's 9,999 IDs were fetched and stored while the split ran.
        (early,) = server.calls("efetch")
        assert early["id"].count(",") + 1 == 9_999 == len(_stored(project, run_id))
        result = resume_pubmed(project.store, make_client(server), run_id)
        (_early, rest) = server.calls("efetch")  # only the other 101 are fetched again
    assert rest["id"].count(",") + 1 == 101
    assert result.records == result.new == 10_100 and result.parts >= 2
    assert len(set(_stored(project, run_id))) == 10_100


def test_overlapping_parts_still_give_every_record_once() -> None:
    """Were parts ever to overlap (as [dp] ranges do), the union is checked, not the sum."""
    from litsearch.search import ESearchResult

    corpus = make_corpus(12_000)
    # Year-only 1988 records match both halves of the first cut (1988/06/15); the 1940
    # ones only the last range probed, which the overlap makes look empty.
    corpus += [FakeArticle(str(20_000_000 + i), date(1988, 3, 1), "t", "a", [("Smith", "J")],
                           dp="year") for i in range(5)]
    corpus += [FakeArticle(str(10_000_000 + i), date(1940, 5, 1), "t", "a", [("Smith", "J")])
               for i in range(3)]
    calls: list[tuple[str | None, str | None]] = []

    def by_publication_date(term: str, lo: str | None, hi: str | None) -> ESearchResult:
        calls.append((lo, hi))
        found = [a.pmid for a in corpus if lo is None or a.matches_pdat(
            lo.replace("/", "-"), hi.replace("/", "-"))]
        found.sort(key=int, reverse=True)
        return ESearchResult(len(found), found[:9_999])

    ids, parts = collect_ids("q", by_publication_date("q", None, None), by_publication_date,
                             TODAY)
    assert sorted(ids) == sorted(a.pmid for a in corpus) and len(ids) == len(set(ids))
    assert sum(p.count for p in parts) > len(corpus)  # the parts did overlap
    assert ("1000/01/01", "1949/12/31") in calls  # the range that looked empty was asked


def test_prefetch_keeps_two_requests_in_flight_but_yields_in_order() -> None:
    import threading
    import time

    from litsearch.search.prefetch import prefetch

    active, peak = [0], [0]
    lock = threading.Lock()

    def slow(batch: list[str]) -> str:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05 if batch[0] in "135" else 0.01)  # odd batches answer slower
        with lock:
            active[0] -= 1
        return batch[0]

    batches = [[str(i)] for i in range(1, 7)]
    assert [body for _b, body in prefetch(slow, batches, workers=2)] == list("123456")
    assert peak[0] == 2


def test_resume_skips_a_search_the_user_started_over(project: Project, eutils: FakeEutils,
                                                     make_client) -> None:
    from litsearch.search.state import unfinished_with_query

    pmids = list(eutils.articles)
    eutils.add_query("first", pmids=pmids[:60])
    eutils.add_query("second", pmids=pmids[60:])
    for term in ("first", "second"):  # both interrupted after one batch
        eutils.drop_efetch_after = eutils.efetch_ok + 1
        with pytest.raises(PubMedUnavailableError):
            search_pubmed(project.store, make_client(eutils, max_tries=1), term, batch_size=20,
                          today=TODAY)
    eutils.drop_efetch_after = None
    assert unfinished_with_query(project.store, " second ") == 2
    again = search_pubmed(project.store, make_client(eutils), "second", today=TODAY)  # run 3
    assert again.run_id == 3 and unfinished_with_query(project.store, "second") is None
    assert unfinished_runs(project.store) == [1, 2]
    assert unfinished_runs(project.store, restarted=False) == [1]
    assert resume_pubmed(project.store, make_client(eutils)).run_id == 1  # not run 2


def test_count_only_network_failure_does_not_suggest_resume(eutils: FakeEutils,
                                                           make_client) -> None:
    from litsearch.search.pubmed import count_pubmed

    eutils.add_query(QUERY)
    client = make_client(eutils, max_tries=1)
    client.base_url = "http://127.0.0.1:9/entrez/eutils/"  # nothing listens on port 9
    with pytest.raises(PubMedUnavailableError) as caught:
        count_pubmed(client, QUERY)
    assert "--resume" not in str(caught.value) and "again" in str(caught.value)
