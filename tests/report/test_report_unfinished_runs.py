"""A search run that did not finish is reported as unfinished, and never counted twice."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from report_scenarios import run, screen_all, section, unfinished_search

from litsearch.errors import PubMedError, ReportError
from litsearch.project import Project
from litsearch.report.explain import explain
from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_csv import to_dict
from litsearch.report.prisma_s import search_report
from litsearch.report.render_svg import render_svg
from litsearch.report.searches import group_searches
from litsearch.report.versions import freeze_version
from litsearch.search import EutilsClient, RateLimiter, Transport, search_pubmed
from litsearch.status import review_status
from litsearch.store import Store, link_record, now, update_search_run

# The live-search tests' local E-utilities server, for one end-to-end test.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "search"))
from fake_eutils import FakeEutils, make_corpus  # noqa: E402

RESUME = "litsearch search pubmed --resume"
SVG = "{http://www.w3.org/2000/svg}"


def test_restarted_search_is_one_search_in_the_prisma_s_report() -> None:
    with Store(":memory:") as store:
        unfinished_search(store, restart=True)
        text = search_report(store)
    totals = section(text, "### 15. Total records")
    # 5 (run 1) + 8 (run 2) run links, but 9 distinct records: P1–P9.
    assert "| PubMed | database | 9 | 9 |" in totals
    assert "| **Total** | | 12 | 12 |" in totals
    assert "run 1: the same search was started again as run 2 before run 1 finished; the " \
           "runs are counted once, as one search (9 distinct records)" in totals
    assert "Of these, 1 was stored only by run 1 (run 2 did not return them)" in totals
    assert "| 1 | PubMed | PubMed | 2026-11-01 | 5 (unfinished; started again as run 2) |" in \
        section(text, "### 1. Database name")
    run1 = section(text, "#### Run 1: PubMed")
    assert "- Status: **unfinished**: 5 of 8 records fetched; the same search was started " \
           "again as run 2 before this run finished" in run1
    run2 = section(text, "#### Run 2: PubMed")
    assert "- Status: complete" in run2
    assert "Started while run 1 of the same search had not finished; together: 9 distinct " \
           "records (9 new to the review)" in run2
    assert "- Records stored only by run 1 (this run did not return them): 1" in run2
    assert "Each search was run once" in section(text, "### 12. Updates")
    assert "2026-11-01 (unfinished; started again as run 2)" in section(text, "### 13. Dates")
    # The search did finish (as run 2): no warning that the report is not final.
    assert "Unfinished search:" not in text


def test_resuming_the_stopped_run_after_restarting_still_counts_one_search() -> None:
    with Store(":memory:") as store:
        ids = unfinished_search(store, restart=True)
        with store.transaction():  # --resume later fetches P6–P8: all known, so linked
            for name in ("P6", "P7", "P8"):
                link_record(store, 1, ids[name])
            update_search_run(store, 1, status="complete", finished_at=now())
        text = search_report(store)
    assert "| PubMed | database | 9 | 9 |" in section(text, "### 15. Total records")
    assert "Each search was run once" in section(text, "### 12. Updates")
    assert "- Status: complete, but the same search was started again as run 2 before this " \
           "run finished" in section(text, "#### Run 1: PubMed")
    assert "| 1 | PubMed | PubMed | 2026-11-01 | 8 (started again as run 2 before it " \
           "finished) |" in text


def test_unfinished_search_is_marked_wherever_it_appears() -> None:
    with Store(":memory:") as store:
        unfinished_search(store)
        text = search_report(store)
    warning = text[:text.index("## Information sources")]
    assert f"**Unfinished search:** run 1 (PubMed) did not finish: 5 of 8 records fetched; " \
           f"finish it with `{RESUME}`" in warning
    assert "| 1 | PubMed | PubMed | 2026-11-01 | 5 (unfinished) |" in text
    assert f"- Status: **unfinished**: 5 of 8 records fetched; finish it with `{RESUME}`" in \
        section(text, "#### Run 1: PubMed")
    totals = section(text, "### 15. Total records")
    assert "| PubMed | database | 5 (unfinished) | 5 |" in totals
    assert "| **Total** | | 8 (unfinished) | 8 |" in totals
    assert "| 1 | PubMed | 2026-11-01 (unfinished) |" in section(text, "### 13. Dates")


def test_a_complete_search_run_again_later_is_an_update_not_one_search() -> None:
    query = "spirituality[mh]"
    with Store(":memory:") as store:
        with store.transaction():
            first, ids = run(store, "pubmed", ["A", "B"], kind="api", query=query,
                             searched_on="2026-01-01")
            later, _ = run(store, "pubmed", ["C"], kind="api", query=query,
                           searched_on="2026-06-01", status="running", reported_count=3)
        searches = group_searches(store)
        text = search_report(store)
    assert [[r.id for r in s.runs] for s in searches] == [[first], [later]]
    assert "PubMed: searched 2 times" in section(text, "### 12. Updates")
    assert "| PubMed | database | 3 (unfinished) | 3 |" in section(text, "### 15. Total records")
    assert "run 2 (PubMed) did not finish: 1 of 3 records fetched" in text


def test_status_marks_the_run_and_points_to_resume(project: Project, cli) -> None:
    unfinished_search(project.store)
    status = review_status(project)
    pubmed = status["search_runs"][0]
    assert (pubmed["status"], pubmed["unfinished"], pubmed["superseded_by"]) == (
        "running", True, None)
    assert (pubmed["progress"], pubmed["reported_count"]) == ("5 of 8 records fetched", 8)
    assert status["next"] == {"also": [], "command": RESUME,
                              "why": "search run 1 (pubmed) did not finish: 5 of 8 records "
                                     "fetched"}
    code, out, err = cli("status", "--review", str(project.root))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "│ api │ unfinished 5/8 │" in flat
    assert "Unfinished: search run 1 (pubmed) stopped at 5 of 8 records fetched" in flat
    assert f"Next: {RESUME}" in flat
    code, out, _ = cli("status", "--json", "--review", str(project.root))
    assert json.loads(out)["next"]["command"] == RESUME


def test_status_of_a_restarted_search_does_not_ask_for_resume(project: Project, cli) -> None:
    unfinished_search(project.store, restart=True)
    runs = review_status(project)["search_runs"]
    assert [(r["id"], r["unfinished"], r["superseded_by"]) for r in runs] == [
        (1, False, 2), (2, False, None), (3, False, None)]
    assert review_status(project)["next"]["command"] == "litsearch dedup"
    code, out, _ = cli("status", "--review", str(project.root))
    flat = " ".join(out.split())
    assert "unfinished, redone as 2" in flat and "Unfinished:" not in flat
    assert "Search run 1 (pubmed) was started again as run 2 before it finished" in flat


def test_prisma_flow_counts_the_records_once_and_names_the_unfinished_search(
        project: Project) -> None:
    ids = unfinished_search(project.store)
    screen_all(project.store, ids)
    flow = compute_flow(project.store, project.reviewers)
    assert flow.n("database_results") == 8
    assert flow.specific("database") == {"PubMed (search unfinished)": 5, "Embase": 3}
    pubmed = sorted(ids[f"P{i}"] for i in range(1, 6))
    assert sorted(flow.pending["unfinished_search"]) == pubmed
    assert [(v.code, v.severity) for v in flow.violations] == [("unfinished-search", "warning")]
    (warning,) = flow.violations
    assert warning.record_ids == pubmed
    assert "run 1 (PubMed): 5 of 8 records fetched; finish it with " \
           f"'{RESUME}'" in warning.message
    svg_text = " ".join(t.text or "" for t in ET.fromstring(render_svg(flow)).iter(f"{SVG}text"))
    assert "PubMed (search unfinished)" in " ".join(svg_text.split())
    data = to_dict(flow)
    assert data["database_specific_results"] == "PubMed (search unfinished), 5; Embase, 3"
    assert data["litsearch"]["unfinished_searches"] == {"1": warning.message.split(": ", 1)[1]}
    assert [r.record_id for r in explain(project.store, flow, "unfinished_search")] == pubmed
    with pytest.raises(ReportError, match="a search did not finish"):
        freeze_version(project.store, flow)
    assert freeze_version(project.store, flow, force=True).number == 1


def test_prisma_flow_of_a_restarted_search_holds_and_counts_each_record_once(
        project: Project) -> None:
    ids = unfinished_search(project.store, restart=True)
    screen_all(project.store, ids)
    flow = compute_flow(project.store, project.reviewers)
    assert flow.specific("database") == {"PubMed": 9, "Embase": 3}
    assert (flow.n("database_results"), flow.n("duplicates"), flow.n("records_screened")) == (
        12, 1, 11)
    assert flow.violations == [] and not flow.unfinished_searches
    assert "unfinished_searches" not in to_dict(flow)["litsearch"]


def test_cli_prisma_and_search_report_say_the_search_is_unfinished(project: Project,
                                                                    cli) -> None:
    ids = unfinished_search(project.store)
    screen_all(project.store, ids)
    code, out, err = cli("prisma", "--review", str(project.root))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "PubMed (search unfinished)" in flat and "unfinished-search (warning)" in flat
    assert "Outside the final boxes" not in flat  # the records are counted, in their boxes
    code, out, err = cli("report", "search", "--review", str(project.root))
    assert code == 0, err
    assert "**Unfinished search:** run 1 (PubMed)" in out
    code, _out, _err = cli("prisma", "--strict", "--review", str(project.root))
    assert code == 1  # --strict: a flow with an unfinished search is not final


def test_a_real_interrupted_search_started_again_is_reported_once(project: Project) -> None:
    query = '"spiritual care"[tiab] AND "mental health"[tiab]'
    with FakeEutils(make_corpus(60)) as server:
        server.add_query(query)

        def client() -> EutilsClient:
            transport = Transport(RateLimiter(None), max_tries=2, backoff=0.001,
                                  backoff_cap=0.002, timeout=10, sleep=lambda _s: None)
            return EutilsClient(email="test@example.org", base_url=server.url,
                                transport=transport)

        server.drop_efetch_after = 1  # the connection drops after the first batch
        with pytest.raises(PubMedError, match="--resume"):
            search_pubmed(project.store, client(), query, batch_size=20,
                          today=date(2026, 11, 1))
        status = review_status(project)
        stopped = status["search_runs"][0]
        assert stopped["unfinished"] and stopped["records"] < 60
        assert status["next"]["command"] == RESUME
        server.drop_efetch_after = None
        # The user starts the search again instead of resuming it.
        search_pubmed(project.store, client(), query, batch_size=20, today=date(2026, 11, 2))
    status = review_status(project)
    assert [(r["status"], r["superseded_by"]) for r in status["search_runs"]] == [
        ("running", 2), ("complete", None)]
    assert status["next"]["command"] == "litsearch dedup"
    totals = section(search_report(project.store), "### 15. Total records")
    assert "| PubMed | database | 60 | 60 |" in totals  # not 60 + the stopped run's records
    flow = compute_flow(project.store, project.reviewers)
    assert flow.specific("database") == {"PubMed": 60} and not flow.unfinished_searches


def test_an_imported_file_with_the_same_string_is_not_a_restart() -> None:
    """Audit: importing a PubMed file searched with the same string hid the unfinished search."""
    from litsearch.store import SearchRun, add_search_run

    with Store(":memory:") as store:
        ids = unfinished_search(store)
        run1 = ids.get("run") or 1
        with store.transaction():
            query = store.execute("SELECT query FROM search_runs WHERE id = ?",
                                  (run1,)).fetchone()[0]
            add_search_run(store, SearchRun(database="pubmed", kind="import", query=query,
                                            status="complete"))
        searches = group_searches(store)
        unfinished = [s for s in searches if s.unfinished]
        assert unfinished and unfinished[0].run.id == run1 and len(unfinished[0].runs) == 1
