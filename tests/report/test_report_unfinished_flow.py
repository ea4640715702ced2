"""An unfinished review's PRISMA flow says so in every rendering (issue 13, finding 6).

With 23 of 1,540 records screened, the flow said "Records screened (n = 1,517)" and
looked finished. Every rendering must say "UNFINISHED" in its title and mark the boxes
whose counts will still change; ``prisma --strict`` fails with one line saying why.
"""

from __future__ import annotations

import csv
import io
import json

import defusedxml.ElementTree as ET
import pytest
from report_scenarios import decide, new_review, run, singletons

from litsearch.report.outputs import FORMATS
from litsearch.report.prisma import compute_flow
from litsearch.report.progress import flow_progress
from litsearch.store import Store

SVG = "{http://www.w3.org/2000/svg}"


def _unfinished(store: Store) -> int:
    """The finished scenario plus a new search of 25 records, 2 of them screened."""
    new_review(store)
    with store.transaction():
        _, got = run(store, "scopus", [f"S{i}" for i in range(25)], platform="Scopus")
        singletons(store, list(got.values()))
        decide(store, got["S0"], "title-abstract", "exclude", reason="wrong topic")
        decide(store, got["S1"], "title-abstract", "exclude", reason="wrong topic")
    return len(got)


def _title_and_screened(fmt: str, text: str) -> tuple[str, str, str]:
    """Return (title, the records-screened box's text, the databases box's text)."""
    if fmt == "text":
        lines = text.splitlines()
        return (lines[0], next(x for x in lines if "[records_screened]" in x),
                next(x for x in lines if "[database_results]" in x))
    if fmt == "md":
        lines = text.splitlines()
        return (lines[0], next(x for x in lines if "`records_screened`" in x),
                next(x for x in lines if "`database_results`" in x))
    if fmt == "svg":
        root = ET.fromstring(text)

        def box(key: str) -> str:
            group = next(g for g in root.iter(f"{SVG}g") if key in (g.get("data-keys") or ""))
            dashed = group.find(f"{SVG}rect").get("stroke-dasharray") or ""
            words = " ".join(t.text or "" for t in group.iter(f"{SVG}text")).split()
            return " ".join(words) + f" {dashed}"
        return root.find(f"{SVG}title").text, box("records_screened"), box("database_results")
    if fmt == "csv":
        rows = {r["data"] if r["data"] != "NA" else r["box"]: r
                for r in csv.DictReader(io.StringIO(text))}
        return (rows["newstud"]["boxtext"],
                f'{rows["records_screened"]["boxtext"]} {rows["records_screened"]["n"]}',
                rows["database_results"]["boxtext"])
    data = json.loads(text)
    moving = data["litsearch"].get("moving_boxes", {})
    return (data["litsearch"]["title"],
            f'records screened {data["records_screened"]} {moving.get("records_screened", "")}',
            f'databases {moving.get("database_results", "")}')


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_rendering_of_an_unfinished_flow_says_so(fmt):
    with Store(":memory:") as store:
        added = _unfinished(store)
        flow = compute_flow(store, ["alice", "bob"])
        text = FORMATS[fmt](flow, "Meaning-making review")
    screened = flow.n("records_screened")
    assert len(flow.pending["awaiting_title_abstract"]) == added - 2
    title, screened_box, databases_box = _title_and_screened(fmt, text)
    assert "UNFINISHED" in title, title
    assert f"in progress: {screened - added + 2:,} of {screened:,} decided" in screened_box
    assert "in progress" not in databases_box  # the searches are complete
    if fmt == "svg":
        assert "6 4" in screened_box and "6 4" not in databases_box


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_finished_flow_carries_no_mark(fmt):
    with Store(":memory:") as store:
        new_review(store)
        flow = compute_flow(store, ["alice", "bob"])
        assert flow_progress(flow).finished, flow.pending
        text = FORMATS[fmt](flow, "Meaning-making review")
    assert "UNFINISHED" not in text and "in progress" not in text


def test_the_terminal_table_and_strict(cli, project):
    with project.store.transaction():
        _, got = run(project.store, "pubmed", [f"P{i}" for i in range(5)], platform="PubMed")
        singletons(project.store, list(got.values()))
        decide(project.store, got["P0"], "title-abstract", "include")
    root = str(project.root)
    code, out, err = cli("prisma", "--review", root)
    assert code == 0, err
    assert "UNFINISHED" in out and "in progress: 1 of 5 decided" in " ".join(out.split())
    code, out, err = cli("prisma", "--strict", "--review", root)
    assert code == 1
    why = [line for line in err.splitlines() if line.startswith("error: --strict")]
    assert len(why) == 1 and "4 records await title/abstract screening" in why[0]
    code, out, err = cli("prisma", "--strict", "--format", "json", "--review", root)
    assert code == 1 and json.loads(out)["litsearch"]["status"] == "unfinished"


def test_unfinished_work_reads_in_the_right_number() -> None:
    """'1 reports await full-text assessment' was written for one report."""
    from litsearch.report.progress import describe

    assert describe("awaiting_full_text", 1) == "1 report awaits full-text assessment"
    assert describe("awaiting_full_text", 1200) == "1,200 reports await full-text assessment"
    assert describe("conflict_title_abstract", 1) == "1 title/abstract conflict unresolved"
    assert describe("not_deduplicated", 2) == "2 records not yet deduplicated"
