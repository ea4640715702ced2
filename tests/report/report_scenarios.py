"""Reviews with known PRISMA numbers, written straight into the store.

Records and runs go in through litsearch.store.records; clusters and decisions by
SQL, the way the dedup and screening stages write them. Each builder returns a dict
naming the record ids so tests can check --explain and violations.
"""

from __future__ import annotations

import re
from pathlib import Path

from litsearch.models import Record
from litsearch.store import SearchRun, Store, add_records, add_search_run, link_record, now


def run(store: Store, database: str, names: list[str], method: str = "database",
        platform: str | None = None, **extra) -> tuple[int, dict[str, int]]:
    """Add a search run with one record per name; return (run id, {name: record id})."""
    run_id = add_search_run(store, SearchRun(database=database, platform=platform,
                                             method=method, **extra))
    records = [Record(title=f"Study {name}: spiritual care", database=database,
                      original=name, position=i) for i, name in enumerate(names, 1)]
    return run_id, dict(zip(names, add_records(store, run_id, records), strict=True))


def cluster(store: Store, ids: list[int], rep: int | None = None) -> int:
    """Put records in one duplicate cluster with ``rep`` (default: first) as representative."""
    stamp = now()
    rep = ids[0] if rep is None else rep
    cid = store.execute("INSERT INTO clusters (representative_id, created_at, updated_at) "
                        "VALUES (?, ?, ?)", (rep, stamp, stamp)).lastrowid
    for rid in ids:
        store.execute("INSERT OR REPLACE INTO cluster_members (record_id, cluster_id, rule, "
                      "added_at) VALUES (?, ?, 'doi', ?)", (rid, cid, stamp))
    return int(cid)


def singletons(store: Store, ids: list[int]) -> None:
    """Give every record not yet in a cluster its own cluster, as dedup leaves them."""
    done = {r[0] for r in store.execute("SELECT record_id FROM cluster_members")}
    for rid in ids:
        if rid not in done:
            cluster(store, [rid])


def decide(store: Store, rid: int, stage: str, decision: str, reviewer: str = "alice",
           reason: str | None = None, source: str = "cli", resolution: int = 0) -> None:
    """Append one screening decision."""
    store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, reason, source, "
                  "resolution, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (rid, stage, reviewer, decision, reason, source, resolution, now()))


def dedup_run(store: Store) -> None:
    """Record a dedup run as the dedup stage would."""
    store.execute("INSERT INTO dedup_runs (started_at, method, version, settings, records_in, "
                  "clusters_out) VALUES (?, 'rules+fuzzy', '0.1.0', "
                  "'{\"title_threshold\": 0.9, \"year_window\": 1}', 14, 10)",
                  ("2026-11-20T10:00:00.000000Z",))


def single_screening(store: Store, root: Path | None = None) -> None:
    """Say the review screens singly (``[screening] votes = 1``): in the store's settings,
    and in ``root``'s review.toml for commands that open the review again."""
    store.settings = {**store.settings, "screening": {"votes": 1}}
    if root is not None:
        config = root / "review.toml"
        config.write_text(config.read_text(encoding="utf-8") + "\n[screening]\nvotes = 1\n",
                          encoding="utf-8")


def new_review(store: Store, root: Path | None = None) -> dict[str, int]:
    """A new review, databases and registers only; its numbers are listed in NEW_REVIEW.

    Alice screens alone and Bob checks a few records: single screening
    (``[screening] votes = 1``, written to ``root``'s review.toml when given), so a
    record one of them decided moves on.
    """
    single_screening(store, root)
    ids: dict[str, int] = {}
    with store.transaction():
        _, got = run(store, "pubmed", ["P1", "P2", "P3", "P4", "P5", "P6"], platform="PubMed",
                     kind="api", query='"spiritual care"[tiab] AND "mental health"[mh]',
                     searched_on="2026-11-01", translation='"spiritual care"[tiab]',
                     messages=["phrase not found: spirtual"], limits={"years": "2010-2026"})
        ids |= got
        _, got = run(store, "embase", ["E1", "E2", "E3", "E4", "E5"], platform="Ovid",
                     query="exp spirituality/ and exp mental health care/",
                     searched_on="2026-11-02")
        ids |= got
        refresh, got = run(store, "pubmed", ["P7"], platform="PubMed", kind="api",
                           searched_on="2026-11-15")
        ids |= got
        link_record(store, refresh, ids["P1"])
        link_record(store, refresh, ids["P2"])
        _, got = run(store, "clinicaltrials", ["R1", "R2"], method="register",
                     platform="ClinicalTrials.gov", searched_on="2026-11-03")
        ids |= got
        cluster(store, [ids["P1"], ids["E1"]])
        cluster(store, [ids["P2"], ids["E2"]], rep=ids["E2"])
        cluster(store, [ids["P3"], ids["E3"], ids["R1"]])
        singletons(store, list(ids.values()))
        dedup_run(store)
        decide(store, ids["P4"], "auto", "exclude", "rules", "publication type", source="auto")
        decide(store, ids["P5"], "auto", "exclude", "alice", "retracted")
        decide(store, ids["P6"], "title-abstract", "exclude", "alice", "wrong topic")
        decide(store, ids["P6"], "title-abstract", "exclude", "bob", "wrong topic")
        decide(store, ids["P7"], "title-abstract", "exclude", "asreview", source="model")
        decide(store, ids["E4"], "title-abstract", "maybe", "alice")
        decide(store, ids["E4"], "title-abstract", "exclude", "alice", "wrong population")
        for name in ("P1", "E2", "P3", "E5"):
            decide(store, ids[name], "title-abstract", "include", "alice")
        decide(store, ids["P1"], "title-abstract", "include", "bob")
        decide(store, ids["R2"], "title-abstract", "maybe", "bob")
        decide(store, ids["P1"], "full-text", "include", "alice")
        decide(store, ids["E2"], "full-text", "include", "alice")
        decide(store, ids["P3"], "full-text", "exclude", "alice", "wrong population")
        decide(store, ids["E5"], "full-text", "not-retrieved", "alice")
        decide(store, ids["R2"], "full-text", "exclude", "bob", "wrong study design")
        decide(store, ids["R2"], "full-text", "note", "bob", "pdf checked")
    return ids


#: The PRISMA numbers of new_review(), by R package key.
NEW_REVIEW = {
    "database_results": 12, "database_specific_results": "PubMed, 7; Embase, 5",
    "register_results": 2, "register_specific_results": "ClinicalTrials.gov, 2",
    "website_results": 0, "organisation_results": 0, "citations_results": 0,
    "duplicates": 4, "excluded_automatic": 1, "excluded_other": 1,
    "records_screened": 8, "records_excluded": 3,
    "dbr_sought_reports": 5, "dbr_notretrieved_reports": 1, "dbr_assessed": 4,
    "dbr_excluded": "Wrong population, 1; Wrong study design, 1",
    "other_sought_reports": 0, "other_notretrieved_reports": 0, "other_assessed": 0,
    "other_excluded": "0", "new_studies": 2, "new_reports": 2,
    "previous_studies": 0, "previous_reports": 0, "total_studies": 2, "total_reports": 2,
}


def add_other_methods(store: Store, ids: dict[str, int]) -> dict[str, int]:
    """Add citation-searching and website records to new_review(); see WITH_OTHER."""
    with store.transaction():
        _, got = run(store, "citation searching", ["C1", "C2", "C3"], method="citation")
        ids |= got
        _, got = run(store, "WHO website", ["W1"], method="website")
        ids |= got
        store.execute("INSERT INTO cluster_members (record_id, cluster_id, rule, added_at) "
                      "SELECT ?, cluster_id, 'doi', ? FROM cluster_members WHERE record_id = ?",
                      (ids["C1"], now(), ids["P1"]))
        singletons(store, [ids["C2"], ids["C3"], ids["W1"]])
        decide(store, ids["C2"], "full-text", "include", "alice")
        decide(store, ids["C3"], "full-text", "exclude", "alice", "wrong topic")
        decide(store, ids["W1"], "full-text", "not-retrieved", "alice")
    return ids


#: new_review() + add_other_methods(): the keys that change.
WITH_OTHER = NEW_REVIEW | {
    "website_results": 1, "citations_results": 3, "other_sought_reports": 3,
    "other_notretrieved_reports": 1, "other_assessed": 2, "other_excluded": "Wrong topic, 1",
    "new_studies": 3, "new_reports": 3, "total_studies": 3, "total_reports": 3,
}


def update_after_freeze(store: Store, ids: dict[str, int]) -> dict[str, int]:
    """A PubMed refresh after a freeze: one old record again, one new study, one duplicate."""
    with store.transaction():
        refresh, got = run(store, "pubmed", ["P8", "P9"], platform="PubMed", kind="api",
                           searched_on="2027-05-01")
        ids |= got
        link_record(store, refresh, ids["P1"])
        cid = store.execute("SELECT cluster_id FROM cluster_members WHERE record_id = ?",
                            (ids["P3"],)).fetchone()[0]
        store.execute("INSERT INTO cluster_members (record_id, cluster_id, added_at) "
                      "VALUES (?, ?, ?)", (ids["P9"], cid, now()))
        singletons(store, [ids["P8"]])
        decide(store, ids["P8"], "title-abstract", "include", "alice")
        decide(store, ids["P8"], "full-text", "include", "alice")
    return ids


#: new_review(), frozen, then update_after_freeze(). The refresh returned P1 (screened
#: in version 1), P8 and P9: three records identified, P1 and P9 removed as duplicates.
UPDATED = {
    "database_results": 3, "database_specific_results": "PubMed, 3",
    "register_results": 0, "register_specific_results": "0",
    "website_results": 0, "organisation_results": 0, "citations_results": 0,
    "duplicates": 2, "excluded_automatic": 0, "excluded_other": 0,
    "records_screened": 1, "records_excluded": 0,
    "dbr_sought_reports": 1, "dbr_notretrieved_reports": 0, "dbr_assessed": 1,
    "dbr_excluded": "0",
    "other_sought_reports": 0, "other_notretrieved_reports": 0, "other_assessed": 0,
    "other_excluded": "0", "new_studies": 1, "new_reports": 1,
    "previous_studies": 2, "previous_reports": 2, "total_studies": 3, "total_reports": 3,
}


#: The PubMed string of the unfinished-search scenarios.
UNFINISHED_QUERY = '"spiritual care"[tiab] AND "mental health"[mh]'


def unfinished_search(store: Store, restart: bool = False) -> dict[str, int]:
    """A PubMed search that stopped after 5 of its 8 records, and an Embase import.

    With ``restart``, the user started the same search again from the beginning (run 2)
    instead of resuming: run 2 finds P1–P4 again (linked, ``is_new = 0``) and adds P6–P9;
    P5 was returned only by the stopped run 1. Embase is then run 3.
    """
    with store.transaction():
        first, ids = run(store, "pubmed", ["P1", "P2", "P3", "P4", "P5"], platform="PubMed",
                         kind="api", query=UNFINISHED_QUERY, searched_on="2026-11-01",
                         status="running", reported_count=8)
        if restart:
            # The same string, re-wrapped: a re-run from the strategy file.
            again, got = run(store, "pubmed", ["P6", "P7", "P8", "P9"], platform="PubMed",
                             kind="api", query=UNFINISHED_QUERY.replace(" AND ", "\n  AND "),
                             searched_on="2026-11-02", reported_count=8)
            ids |= got
            for name in ("P1", "P2", "P3", "P4"):
                link_record(store, again, ids[name])
        _, got = run(store, "embase", ["E1", "E2", "E3"], platform="Ovid",
                     query="exp spirituality/", searched_on="2026-11-02")
        ids |= got
    return ids


def screen_all(store: Store, ids: dict[str, int]) -> None:
    """Deduplicate (P1 and E1 are one work) and screen every unit to a final decision."""
    with store.transaction():
        cluster(store, [ids["P1"], ids["E1"]])
        singletons(store, list(ids.values()))
        dedup_run(store)
        done = {r[0] for r in store.execute("SELECT representative_id FROM clusters")}
        for name, rid in ids.items():
            if rid in done:
                decision = "include" if name in ("P1", "P2") else "exclude"
                decide(store, rid, "title-abstract", decision, reason="wrong topic")
                if decision == "include":
                    decide(store, rid, "full-text", "include")


def section(text: str, heading: str) -> str:
    """Return a markdown report's part from ``heading`` to the next heading (## or ###)."""
    start = text.index(heading)
    nxt = re.search(r"^#{2,3} ", text[start + len(heading):], re.M)
    return text[start:start + len(heading) + (nxt.start() if nxt else len(text))]
