"""``litsearch status`` and its documented JSON object."""

from __future__ import annotations

import json

from litsearch.models import Record
from litsearch.project import Project
from litsearch.store import SearchRun, add_records, add_search_run, now
from litsearch.store.records import link_record

STATUS_KEYS = {"review", "records", "search_runs", "search_report_gaps", "dedup", "screening",
               "stopping", "kept_decisions", "next"}
RUN_KEYS = {"id", "database", "platform", "method", "kind", "searched_on", "status", "records",
            "new_records", "files", "reported_count", "unfinished", "superseded_by", "progress",
            "query_recorded", "warned"}


def _fill(project: Project) -> list[int]:
    store = project.store
    with store.transaction():
        emb = add_search_run(store, SearchRun(database="embase", platform="Ovid",
                                              searched_on="2026-11-01"))
        ids = add_records(store, emb, [Record(title=f"E{i}", database="embase", original="x")
                                       for i in range(3)])
        pub = add_search_run(store, SearchRun(database="pubmed", kind="api"))
        ids += add_records(store, pub, [Record(title="P", database="pubmed", original="x")])
        refresh = add_search_run(store, SearchRun(database="pubmed", kind="api"))
        link_record(store, refresh, ids[-1])
        ids += add_records(store, refresh, [Record(title="P2", database="pubmed", original="x")])
    return ids


def test_status_json_shape_and_counts(project: Project, cli) -> None:
    _fill(project)
    code, out, err = cli("status", "--json", "--review", str(project.root))
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == STATUS_KEYS
    assert data["records"] == {"total": 5, "by_database": {"embase": 3, "pubmed": 2}}
    assert all(set(run) == RUN_KEYS for run in data["search_runs"])
    refresh = data["search_runs"][2]
    assert (refresh["records"], refresh["new_records"]) == (2, 1)
    assert data["dedup"]["records_pending"] == 5
    assert data["next"]["command"] == "litsearch dedup"


def test_status_follows_the_pipeline(project: Project) -> None:
    from litsearch.status import review_status

    assert review_status(project)["next"]["command"].startswith("litsearch import")
    ids = _fill(project)
    store = project.store
    with store.transaction():
        for rid in ids:  # every record its own cluster, as dedup would leave them
            cid = store.execute("INSERT INTO clusters (representative_id, created_at, updated_at)"
                                " VALUES (?, ?, ?)", (rid, now(), now())).lastrowid
            store.execute("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                          "VALUES (?, ?, ?)", (rid, cid, now()))
    assert review_status(project)["next"]["command"] == "litsearch screen --auto"
    with store.transaction():
        for rid in ids:
            store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (?, 'title-abstract', 'alice', 'exclude', ?)",
                          (rid, now()))
    status = review_status(project)
    assert status["screening"]["title-abstract"]["exclude"] == 5
    assert status["screening"]["decisions_by_reviewer"] == {"alice": {"title-abstract": 5}}
    assert status["next"]["command"] == "litsearch prisma"


def test_status_renders_as_tables(project: Project, cli) -> None:
    _fill(project)
    code, out, _ = cli("status", cwd=project.root / "outputs")
    assert code == 0
    assert "embase" in out and "Next:" in out and "litsearch dedup" in out


def test_status_keys_are_documented(project: Project) -> None:
    from pathlib import Path

    from litsearch.status import review_status

    _fill(project)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "status.md").read_text()
    status = review_status(project)
    keys = set(status) | set(status["search_runs"][0]) | set(status["dedup"]) | \
        set(status["screening"]) | set(status["screening"]["title-abstract"])
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"docs/status.md does not explain: {missing}"
