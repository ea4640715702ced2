"""Broken PRISMA invariants are reported with the records that break them."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_scenarios import cluster, decide, new_review, run

from litsearch.project import Project
from litsearch.report.prisma import compute_flow
from litsearch.store import Store, now

REVIEWERS = ("alice", "bob")


def _unfinished(store: Store, root: Path | None = None) -> dict[str, int]:
    """new_review() plus one record in every unfinished state."""
    ids = new_review(store, root)
    with store.transaction():
        _, got = run(store, "scopus", ["S1", "S2", "S3", "S4", "S5"])
        ids |= got
        for name in ("S1", "S2", "S3", "S4"):
            cluster(store, [ids[name]])
        decide(store, ids["S1"], "title-abstract", "include", "alice")   # conflict at TA
        decide(store, ids["S1"], "title-abstract", "exclude", "bob")
        decide(store, ids["S2"], "title-abstract", "include", "alice")   # awaits full text
        decide(store, ids["S3"], "title-abstract", "include", "alice")   # conflict at FT
        decide(store, ids["S3"], "full-text", "include", "alice")
        decide(store, ids["S3"], "full-text", "exclude", "bob", "wrong population")
        # S4: never screened; S5: never deduplicated (and never screened)
    return ids


def _by_code(flow) -> dict[str, object]:
    return {v.code: v for v in flow.violations}


def test_unfinished_screening_names_each_record() -> None:
    with Store(":memory:") as store:
        ids = _unfinished(store)
        flow = compute_flow(store, REVIEWERS)
    found = _by_code(flow)
    assert found["screening"].severity == "warning"
    assert found["screening"].record_ids == sorted([ids["S1"], ids["S4"], ids["S5"]])
    assert found["retrieval-dbr"].record_ids == [ids["S2"]]
    assert found["eligibility-dbr"].record_ids == [ids["S3"]]
    assert found["not-deduplicated"].record_ids == [ids["S5"]]
    assert "identification" not in found
    assert flow.pending["conflict_title_abstract"] == [ids["S1"]]
    assert flow.pending["conflict_full_text"] == [ids["S3"]]
    # Conflicts are never counted as exclusions or inclusions.
    assert ids["S1"] not in flow.boxes["records_excluded"]
    assert ids["S3"] not in flow.boxes["dbr_excluded"] + flow.boxes["new_reports"]


def test_cluster_without_representative_breaks_identification() -> None:
    with Store(":memory:") as store:
        ids = new_review(store)
        with store.transaction():
            _, got = run(store, "scopus", ["S1", "S2"])
            stamp = now()
            cid = store.execute("INSERT INTO clusters (representative_id, created_at, updated_at)"
                                " VALUES (?, ?, ?)", (ids["P6"], stamp, stamp)).lastrowid
            for rid in got.values():
                store.execute("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                              "VALUES (?, ?, ?)", (rid, cid, stamp))
        flow = compute_flow(store, REVIEWERS)
    found = _by_code(flow)
    assert found["identification"].severity == "error"
    assert found["identification"].record_ids == sorted(got.values())
    assert "16 − 7 ≠ 8" in found["identification"].message
    assert found["cluster-representative"].record_ids == sorted(got.values())


def test_unknown_status_is_not_silently_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    import litsearch.report.prisma as prisma

    with Store(":memory:") as store:
        ids = new_review(store)
        real = prisma.record_statuses

        def with_new_status(db: Store) -> dict[int, str]:
            out = real(db)
            out[ids["E5"]] = "on-hold"
            return out

        monkeypatch.setattr(prisma, "record_statuses", with_new_status)
        flow = compute_flow(store, REVIEWERS)
    assert _by_code(flow)["unknown-status"].record_ids == [ids["E5"]]
    assert ids["E5"] not in flow.boxes["dbr_notretrieved_reports"]


def test_cli_prints_violations_with_records_and_strict_fails(project: Project, cli) -> None:
    ids = _unfinished(project.store, project.root)
    code, out, err = cli("prisma", "--review", str(project.root))
    assert code == 0, err
    assert "invariant screening (warning)" in out
    assert f"record {ids['S1']} (Scopus, conflict): Study S1" in out
    assert f"record {ids['S3']} (Scopus, conflict)" in out
    code, out, err = cli("prisma", "--review", str(project.root), "--strict")
    assert code == 1
    code, out, err = cli("prisma", "--review", str(project.root), "-f", "json")
    assert code == 0
    assert out.lstrip().startswith("{") and "invariant eligibility-dbr" in err


def test_maybe_at_full_text_is_unfinished_not_wrong() -> None:
    with Store(":memory:") as store:
        ids = new_review(store)
        with store.transaction():
            decide(store, ids["E2"], "full-text", "maybe", "bob")  # include + maybe: undecided
        flow = compute_flow(store, REVIEWERS)
    assert flow.pending["maybe_full_text"] == [ids["E2"]]
    assert ids["E2"] in flow.boxes["dbr_assessed"]
    assert ids["E2"] not in flow.boxes["new_studies"] + flow.boxes["dbr_excluded"]
    found = _by_code(flow)
    assert found["eligibility-dbr"].record_ids == [ids["E2"]]
    assert found["eligibility-dbr"].severity == "warning"
    assert found["eligibility-dbr"].message.endswith("(screening unfinished)")
    assert set(found) == {"eligibility-dbr"}


def test_other_method_records_excluded_at_title_abstract_are_not_sought() -> None:
    with Store(":memory:") as store:
        new_review(store)
        with store.transaction():
            _, got = run(store, "reference lists", ["C1", "C2"], method="citation")
            for rid in got.values():
                cluster(store, [rid])
            decide(store, got["C1"], "title-abstract", "exclude", "alice", "wrong topic")
            decide(store, got["C2"], "title-abstract", "include", "alice")
        flow = compute_flow(store, REVIEWERS)
    assert flow.n("citations_results") == 2
    assert flow.boxes["other_sought_reports"] == [got["C2"]]
    assert flow.pending["other_excluded_at_screening"] == [got["C1"]]
    assert flow.pending["awaiting_full_text"] == [got["C2"]]
    assert _by_code(flow)["retrieval-other"].severity == "warning"


def test_strict_fails_while_screening_is_unfinished(project: Project, cli) -> None:
    ids = new_review(project.store, project.root)
    code, out, err = cli("prisma", "--review", str(project.root), "--strict")
    assert code == 0, err
    with project.store.transaction():
        decide(project.store, ids["E2"], "full-text", "maybe", "bob")
    code, out, err = cli("prisma", "--review", str(project.root), "--strict")
    assert code == 1
    assert "(screening unfinished)" in out
