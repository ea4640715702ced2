"""Bulk accept of a kind of queued pair, and one count of pairs awaiting review.

Real pairs (``tests/data/dedup``) are copied so that one kind has several pairs.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses

import pytest
from dedup_fixtures import add, load_pairs

from litsearch.dedup import decide_pair, review_queue, run_dedup, write_report
from litsearch.dedup.bulk import bulk_accept, decision_counts, kind_sample
from litsearch.dedup.status import dedup_status
from litsearch.errors import DedupError
from litsearch.tui.dedup_review import make_app

CASES = {c["case"]: c for c in load_pairs()}


LEADS = ("Renal outcomes in a regional registry", "Complement genetics of siblings",
         "Plasma exchange before transplantation", "Long-term follow-up after dialysis",
         "Eculizumab dosing in children", "Biopsy findings at first relapse")


def _kind_of_four(store, count: int = 4) -> str:
    """Queue ``count`` pairs of one kind: one real pair, given unrelated leading titles."""
    case = CASES["pages-in-volume"]
    records = []
    for n, lead in enumerate(LEADS[:count]):
        for side in ("a", "b"):
            record = case[side]
            records.append(dataclasses.replace(
                record, title=f"{lead}: {record.title}", volume=str(int(record.volume) + 10 * n),
                start_page=_shift(record.start_page, n), end_page=_shift(record.end_page, n)))
    add(store, records)
    run_dedup(store)
    kinds = {p.kind for p in review_queue(store, load=False, kinds=True)}
    assert len(kinds) == 1
    return kinds.pop()


def _shift(page: str | None, n: int) -> str | None:
    return str(int(page) + 1000 * n) if page else page


def _same_rows(store) -> int:
    return store.execute("SELECT COUNT(*) FROM dedup_decisions WHERE decision = 'same'"
                         ).fetchone()[0]


def test_bulk_accept_needs_a_checked_sample_and_writes_one_decision_per_pair(store):
    kind = _kind_of_four(store)
    queue = review_queue(store, load=False, kinds=True)
    assert len(queue) == 4
    with pytest.raises(DedupError, match="sample"):
        bulk_accept(store, kind, "alice")
    for pair in queue[:3]:
        decide_pair(store, pair.record_a, pair.record_b, "same", "alice")
    assert kind_sample(store, kind).ready
    done, refused = bulk_accept(store, kind, "alice")
    assert done == [(queue[3].record_a, queue[3].record_b)] and refused == []
    assert _same_rows(store) == 4
    assert review_queue(store, load=False) == []


def test_bulk_accept_is_refused_once_a_sample_pair_was_different(store):
    kind = _kind_of_four(store)
    queue = review_queue(store, load=False, kinds=True)
    decide_pair(store, queue[0].record_a, queue[0].record_b, "different", "alice")
    for pair in queue[1:3]:
        decide_pair(store, pair.record_a, pair.record_b, "same", "alice")
    with pytest.raises(DedupError, match="different"):
        bulk_accept(store, kind, "alice")
    assert len(review_queue(store, load=False)) == 1


def test_review_app_accepts_a_kind_after_the_sample(store):
    kind = _kind_of_four(store)

    async def scenario():
        app = make_app(store, "alice")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("A")  # refused: nothing checked yet
            assert app.remaining == 4
            for _ in range(3):
                await pilot.press("s")
            await pilot.press("A")
            assert app.current is None
            await pilot.press("u")  # undoes the bulk-accepted pair alone
            assert app.remaining == 1
            await pilot.press("q")

    asyncio.run(scenario())
    rows = [tuple(r) for r in store.execute(
        "SELECT decision, basis FROM dedup_decisions ORDER BY id")]
    # The three pairs the reviewer looked at have no basis; the one accepted in bulk does.
    assert rows == [("same", None)] * 3 + [("same", f"bulk:{kind}"), ("undo", None)]


def test_report_and_status_count_the_same_pairs_awaiting_review(store, tmp_path):
    _kind_of_four(store)
    queue = review_queue(store, load=False)
    # A decided pair and a pair whose records were joined by another decision stay in
    # the report with outcome "review", but no longer await review.
    decide_pair(store, queue[0].record_a, queue[0].record_b, "different", "alice")
    path = write_report(store, tmp_path / "dedup-report.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    waiting = [r for r in rows if r["awaiting_review"] == "yes"]
    assert len(waiting) == dedup_status(store)["pairs_awaiting_review"] == 3
    assert len([r for r in rows if r["outcome"] == "review"]) == 4


def test_report_and_prisma_s_data_name_the_untrusted_fields(store, tmp_path):
    from litsearch.dedup.trust_report import trust_summary
    from litsearch.report.dedup_history import dedup_section

    base = CASES["erratum-suffix"]["b"]
    add(store, [base, dataclasses.replace(base, volume="1)", start_page="[no pagination]",
                                          end_page=None)])
    run_dedup(store)
    path = write_report(store, tmp_path / "dedup-report.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["untrusted_a"], r["untrusted_b"]) for r in rows] == [("", "volume=1)")]
    summary = trust_summary(store)
    assert summary["pairs_with_untrusted_fields"] == 1
    assert summary["by_field"] == {"volume": 1}
    assert summary["pairs"][0][5] == ("volume=1)",)
    section = "\n".join(dedup_section(store))
    assert ("- Pairs compared with a field judged untrustworthy in a record (read as "
            "evidence of neither a merge nor a veto): 1 of 1; per field: volume 1; per outcome: "
            f"{rows[0]['outcome']} 1; the fields and values of each pair: "
            "`outputs/dedup-report.csv` (columns `untrusted_a`, `untrusted_b`)") in section


def test_bulk_accept_records_its_basis_and_only_looked_at_pairs_are_the_sample(store):
    kind = _kind_of_four(store, 6)
    queue = review_queue(store, load=False, kinds=True)
    for pair in queue[:3]:
        decide_pair(store, pair.record_a, pair.record_b, "same", "alice")
    done, _refused = bulk_accept(store, kind, "alice")
    assert len(done) == 3
    rows = store.execute("SELECT basis FROM dedup_decisions ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [None] * 3 + [f"bulk:{kind}"] * 3
    assert decision_counts(store).to_dict() == {
        "one_by_one": {"same": 3, "different": 0},
        "bulk": {kind: {"pairs": 3, "sample": 3}}, "splits": 0}
    # Two checked pairs withdrawn: one person-checked "same" is left. The three pairs
    # accepted in bulk are no sample, so the two waiting again cannot be bulk accepted.
    for pair in queue[:2]:
        decide_pair(store, pair.record_a, pair.record_b, "undo", "alice")
    state = kind_sample(store, kind)
    assert (state.same, len(state.waiting), state.ready) == (1, 2, False)
    with pytest.raises(DedupError, match="sample"):
        bulk_accept(store, kind, "alice")


def test_status_report_and_prisma_s_count_pairs_decided_one_by_one_and_in_bulk(store,
                                                                             tmp_path):
    from litsearch.dedup.queue import describe_kind
    from litsearch.report.dedup_history import dedup_section

    kind = _kind_of_four(store)
    queue = review_queue(store, load=False, kinds=True)
    for pair in queue[:3]:
        decide_pair(store, pair.record_a, pair.record_b, "same", "alice")
    bulk_accept(store, kind, "bob")
    assert dedup_status(store)["pairs_decided"] == {
        "one_by_one": {"same": 3, "different": 0},
        "bulk": {kind: {"pairs": 1, "sample": 3}}, "splits": 0}
    with write_report(store, tmp_path / "r.csv").open(encoding="utf-8") as handle:
        how = {(int(r["record_a"]), int(r["record_b"])): r["decided_how"]
               for r in csv.DictReader(handle)}
    assert [how[(p.record_a, p.record_b)] for p in queue] == ["one by one"] * 3 + [
        f"bulk:{kind}"]
    section = "\n".join(dedup_section(store))
    assert ("4 (3 pairs judged the same work one by one; 0 pairs judged different works; "
            "1 pair accepted as the same work in bulk)") in section
    assert (f'- accepted in bulk: 1 pair of the kind "{describe_kind(kind)}", after a '
            "person checked 3 pairs of it one by one") in section


def test_html_report_tells_pairs_decided_one_by_one_from_pairs_accepted_in_bulk(project):
    from litsearch.report.html import render_html

    kind = _kind_of_four(project.store)
    for pair in review_queue(project.store, load=False)[:3]:
        decide_pair(project.store, pair.record_a, pair.record_b, "same", "alice")
    bulk_accept(project.store, kind, "alice")
    page = render_html(project)
    assert ("3 pairs decided by a person one by one, 1 accepted in bulk after a checked "
            "sample of their kind") in page
    assert page.count("<td>one by one</td>") == 3 and page.count(f"<td>bulk:{kind}</td>") == 1


def test_status_says_how_many_pairs_were_decided_one_by_one_and_in_bulk(project, cli):
    kind = _kind_of_four(project.store)
    for pair in review_queue(project.store, load=False)[:3]:
        decide_pair(project.store, pair.record_a, pair.record_b, "same", "alice")
    bulk_accept(project.store, kind, "alice")
    code, out, err = cli("status", "--review", str(project.root))
    assert code == 0, err
    out = " ".join(out.split())
    assert ("Dedup decisions: 3 same and 0 different decided one by one; 1 accepted in bulk"
            in out)
    assert "in bulk: 1 pair of the kind '" in out and "after 3 of it checked one by one" in out


def test_a_split_is_counted_as_a_split_everywhere_not_as_pairs_decided_one_by_one(project,
                                                                                    cli):
    # Splitting a cluster of three records writes a "different" row for each of its 3
    # pairs. PRISMA-S counted it as one split; status said "3 different decided one by
    # one", the dedup report's decided_how "one by one", and the web page "3 pairs decided
    # by a person one by one, 1 clusters split" beside PRISMA-S's "0 pairs judged different".
    from litsearch.dedup import split_cluster
    from litsearch.report.dedup_history import dedup_section
    from litsearch.report.html import render_html

    store = project.store
    record = CASES["pages-in-volume"]["a"]
    ids = add(store, [dataclasses.replace(record, doi="10.1000/split.1")] * 3)
    run_dedup(store)
    (cluster,) = {r[0] for r in store.execute("SELECT cluster_id FROM cluster_members")}
    split_cluster(store, cluster, "alice")

    decided = dedup_status(store)["pairs_decided"]
    assert decided["one_by_one"] == {"same": 0, "different": 0} and decided["splits"] == 1
    with write_report(store, project.root / "r.csv").open(encoding="utf-8") as handle:
        how = {r["decided_how"] for r in csv.DictReader(handle)
               if int(r["record_a"]) in ids and int(r["record_b"]) in ids}
    assert how == {"split"}
    assert "0 pairs judged different works; 1 cluster split" in "\n".join(dedup_section(store))
    page = render_html(project)
    assert "0 pairs decided by a person one by one, 1 clusters split" in page
    code, out, err = cli("status", "--review", str(project.root))
    assert code == 0, err
    assert ("Dedup decisions: 0 same and 0 different decided one by one; 0 accepted in bulk; "
            "1 cluster split") in " ".join(out.split())
