"""PRISMA 2020 counts from reviews with known numbers: new, other methods, updated."""

from __future__ import annotations

import json

import pytest
from report_scenarios import (
    NEW_REVIEW,
    UPDATED,
    WITH_OTHER,
    add_other_methods,
    cluster,
    decide,
    new_review,
    run,
    update_after_freeze,
)

from litsearch.errors import ReportError
from litsearch.report.explain import explain
from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_csv import prisma_data
from litsearch.report.versions import freeze_version, load_versions
from litsearch.store import Store

REVIEWERS = ("alice", "bob")


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as db:
        yield db


def _assert_keys(data: dict, expected: dict) -> None:
    wrong = {k: (data[k], v) for k, v in expected.items() if data[k] != v}
    assert not wrong, f"(got, expected) per key: {wrong}"


def test_new_review_every_key(store: Store) -> None:
    new_review(store)
    flow = compute_flow(store, REVIEWERS)
    _assert_keys(prisma_data(flow), NEW_REVIEW)
    assert flow.n("records_excluded_human") == 2
    assert flow.n("records_excluded_automation") == 1
    assert flow.violations == []
    assert not flow.has_other and not flow.updated


def test_removed_for_other_reasons_needs_named_reviewers(store: Store) -> None:
    new_review(store)
    flow = compute_flow(store)  # nobody named: every auto-stage exclusion is automation
    assert (flow.n("excluded_automatic"), flow.n("excluded_other")) == (2, 0)
    assert flow.violations == []


def test_refresh_does_not_double_count(store: Store) -> None:
    ids = new_review(store)
    flow = compute_flow(store, REVIEWERS)
    # P1 and P2 were found again by the refresh run (is_new = 0): PubMed counts 7, not 9.
    assert flow.specific("database") == {"PubMed": 7, "Embase": 5}
    assert ids["P1"] in flow.sources["database"]["PubMed"]
    assert flow.sources["database"]["PubMed"].count(ids["P1"]) == 1


def test_other_methods_column(store: Store) -> None:
    ids = add_other_methods(store, new_review(store))
    flow = compute_flow(store, REVIEWERS)
    _assert_keys(prisma_data(flow), WITH_OTHER)
    assert flow.has_other
    assert flow.pending["other_duplicates"] == [ids["C1"]]
    assert flow.violations == []


def test_method_other_is_kept_apart_from_the_template_keys(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():
        _, got = run(store, "expert contact", ["X1"], method="other")
        decide(store, got["X1"], "full-text", "include")
    flow = compute_flow(store, REVIEWERS)
    assert flow.n("other_results") == 1 and flow.n("website_results") == 0
    assert flow.n("other_sought_reports") == 1 and flow.n("new_studies") == 3
    assert ids  # the databases column is unchanged
    _assert_keys(prisma_data(flow), {"records_screened": 8, "duplicates": 4})


def test_updated_review_after_freeze(store: Store) -> None:
    ids = new_review(store)
    version = freeze_version(store, compute_flow(store, REVIEWERS), label="published")
    assert (version.number, version.studies, version.reports) == (1, 2, 2)
    assert version.max_record_id == max(ids.values())
    assert version.max_search_run_id == 4
    update_after_freeze(store, ids)
    flow = compute_flow(store, REVIEWERS)
    assert flow.updated and flow.previous.label == "published"
    _assert_keys(prisma_data(flow), UPDATED)
    # P1 (version 1) found again by the refresh: identified once, removed as a duplicate.
    assert sorted(flow.boxes["duplicates"]) == sorted([ids["P1"], ids["P9"]])
    assert sorted(flow.sources["database"]["PubMed"]) == sorted(
        [ids["P1"], ids["P8"], ids["P9"]])
    assert sorted(flow.boxes["total_studies"]) == sorted([ids["P1"], ids["E2"], ids["P8"]])
    assert flow.violations == []


def test_second_freeze_accumulates(store: Store) -> None:
    ids = new_review(store)
    freeze_version(store, compute_flow(store, REVIEWERS))
    update_after_freeze(store, ids)
    second = freeze_version(store, compute_flow(store, REVIEWERS))
    assert (second.number, second.studies) == (2, 3)
    assert [v.number for v in load_versions(store)] == [1, 2]
    flow = compute_flow(store, REVIEWERS)
    assert (flow.n("previous_studies"), flow.n("new_studies"), flow.n("total_studies")) == (3, 0, 3)
    assert flow.n("database_results") == 0


def test_freeze_refuses_unfinished_screening(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():
        decide(store, ids["E5"], "full-text", "include", "bob")  # conflicts with not-retrieved
    flow = compute_flow(store, REVIEWERS)
    with pytest.raises(ReportError, match="--force"):
        freeze_version(store, flow)
    assert load_versions(store) == []
    assert freeze_version(store, flow, force=True).number == 1


def test_broken_versions_meta_is_a_report_error(store: Store) -> None:
    with store.transaction():
        store.set_meta("prisma_versions", json.dumps({"not": "a list"}))
    with pytest.raises(ReportError, match="prisma_versions"):
        compute_flow(store)


def test_explain_lists_the_records_behind_a_box(store: Store) -> None:
    ids = new_review(store)
    flow = compute_flow(store, REVIEWERS)
    rows = explain(store, flow, "dbr_excluded")
    assert [(r.record_id, r.detail) for r in rows] == [
        (ids["P3"], "Wrong population"), (ids["R2"], "Wrong study design")]
    assert rows[0].database == "PubMed" and rows[0].title == "Study P3: spiritual care"
    dups = explain(store, flow, "duplicates")
    assert sorted(r.record_id for r in dups) == sorted(
        [ids["E1"], ids["P2"], ids["E3"], ids["R1"]])
    per_db = explain(store, flow, "database_specific_results")
    assert sum(r.detail == "Embase" for r in per_db) == 5
    auto = explain(store, flow, "records_excluded_automation")
    assert [r.record_id for r in auto] == [ids["P7"]]
    with pytest.raises(ReportError, match="records_screened"):
        explain(store, flow, "no_such_box")


def test_every_box_count_matches_its_explain_list(store: Store) -> None:
    add_other_methods(store, new_review(store))
    flow = compute_flow(store, REVIEWERS)
    for key in flow.boxes:
        assert len(explain(store, flow, key)) == flow.n(key), key


def test_decision_on_a_duplicate_counts_for_its_cluster(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():  # E1 is the copy of P1 (P1 represents the cluster)
        decide(store, ids["E1"], "full-text", "exclude", "bob", "wrong setting", resolution=1)
    flow = compute_flow(store, REVIEWERS)
    assert flow.reasons["dbr"]["Wrong setting"] == [ids["P1"]]
    assert ids["P1"] not in flow.boxes["new_studies"]
    assert flow.violations == []


def test_undo_returns_a_record_to_the_queue(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():
        decide(store, ids["P6"], "title-abstract", "undo", "alice")
        decide(store, ids["P6"], "title-abstract", "undo", "bob")
    flow = compute_flow(store, REVIEWERS)
    assert flow.n("records_excluded") == 2
    assert flow.pending["awaiting_title_abstract"] == [ids["P6"]]
    assert [v.code for v in flow.violations] == ["screening"]


def test_freeze_watermark_is_the_flows_snapshot(store: Store) -> None:
    ids = new_review(store)
    flow = compute_flow(store, REVIEWERS)
    with store.transaction():  # imported while the flow was on screen
        _, late = run(store, "scopus", ["S1"])
    version = freeze_version(store, flow)
    assert version.max_record_id == max(ids.values()) < late["S1"]
    after = compute_flow(store, REVIEWERS)
    assert after.boxes["database_results"] == [late["S1"]]
    with pytest.raises(ReportError, match="newer version"):
        freeze_version(store, flow)


def test_decisions_changed_after_a_freeze_are_flagged(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():
        _, got = run(store, "scopus", ["S1"])
        decide(store, got["S1"], "title-abstract", "include", "alice")  # awaits full text
    flow = compute_flow(store, REVIEWERS)
    assert flow.pending["awaiting_full_text"] == [got["S1"]]
    freeze_version(store, flow, force=True)
    with store.transaction():
        decide(store, got["S1"], "full-text", "include", "alice")  # included after the freeze
        decide(store, ids["E2"], "full-text", "exclude", "bob", "wrong setting", resolution=1)
    flow = compute_flow(store, REVIEWERS)
    assert sorted(flow.pending["changed_since_freeze"]) == sorted(
        [got["S1"], ids["E2"], ids["P2"]])  # E2's cluster holds P2
    found = {v.code: v for v in flow.violations}
    assert found["changed-since-freeze"].severity == "warning"
    assert flow.n("new_studies") == 0 and flow.n("previous_studies") == 2


def test_a_citation_record_representing_a_database_cluster(store: Store) -> None:
    ids = new_review(store)
    with store.transaction():
        _, got = run(store, "reference lists", ["C1"], method="citation")
        _, db = run(store, "scopus", ["S1"])
        cluster(store, [got["C1"], db["S1"]], rep=got["C1"])  # dedup kept the citation record
        decide(store, got["C1"], "title-abstract", "include", "alice")
        decide(store, got["C1"], "full-text", "include", "alice")
    flow = compute_flow(store, REVIEWERS)
    # Screened in the databases column, listed as the Scopus record; C1 is the duplicate.
    assert db["S1"] in flow.boxes["records_screened"] and db["S1"] in flow.boxes["new_studies"]
    assert got["C1"] not in flow.boxes["records_screened"] + flow.boxes["other_sought_reports"]
    assert flow.pending["other_duplicates"] == [got["C1"]]
    assert flow.statuses[db["S1"]] == "included"
    assert (flow.n("records_screened"), flow.n("new_studies")) == (9, 3)
    assert flow.violations == [] and ids
