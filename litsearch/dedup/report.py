"""The dedup report: every pair merged, reviewed or vetoed, with score and deciding rule.

``awaiting_review`` is "yes" on exactly the pairs that ``litsearch status`` counts as
awaiting review (:func:`litsearch.dedup.queue.review_queue`): a pair the matcher queued
stays in the report with outcome "review" after a reviewer decided it, or after its
records joined one cluster, or when another pair of the same two clusters is asked
instead, but it no longer awaits review. ``untrusted_a`` / ``untrusted_b`` name the
fields of each record that the matcher judged untrustworthy (:mod:`.trust`).
``decided_how`` says how the standing manual decision was reached: "one by one" (a
person looked at the pair), "split" (a pair of a cluster split with ``--split-cluster``)
or ``bulk:<kind>`` (accepted in bulk after a checked sample of its kind, :mod:`.bulk`);
empty when no decision stands.
"""

from __future__ import annotations

from pathlib import Path

from ..outfiles import dict_writer, replacing
from ..store import Store
from .decisions import decided_how
from .membership import manual_decisions, ordered
from .queue import review_queue
from .trust_report import untrusted_by_record

#: Columns of ``outputs/dedup-report.csv``, in order.
REPORT_COLUMNS = ("record_a", "record_b", "database_a", "database_b", "year_a", "year_b",
                  "title_a", "title_b", "score", "rule", "outcome", "manual_decision",
                  "reviewer", "decided_at", "cluster_a", "cluster_b", "dedup_run",
                  "awaiting_review", "untrusted_a", "untrusted_b", "decided_how")

_PAIRS_SQL = """
    SELECT p.record_a, p.record_b, p.score, p.rule, p.outcome, p.dedup_run_id,
           ra.database, rb.database, ra.year, rb.year, ra.title, rb.title,
           ma.cluster_id, mb.cluster_id
    FROM dedup_pairs p
    JOIN records ra ON ra.id = p.record_a
    JOIN records rb ON rb.id = p.record_b
    LEFT JOIN cluster_members ma ON ma.record_id = p.record_a
    LEFT JOIN cluster_members mb ON mb.record_id = p.record_b
    ORDER BY p.record_a, p.record_b
"""


def report_rows(store: Store) -> list[dict[str, object]]:
    """Return one row per pair the matcher judged or a reviewer decided."""
    decided = manual_decisions(store)
    hows = decided_how(store)

    def how(key: tuple[int, int]) -> str:
        return hows.get(key, "")

    waiting = {(p.record_a, p.record_b) for p in review_queue(store, load=False)}
    judged = store.execute(_PAIRS_SQL).fetchall()
    notes = untrusted_by_record(store, {r for row in judged for r in row[:2]}
                                | {r for pair in decided for r in pair})
    rows = []
    seen = set()
    for (a, b, score, rule, outcome, run, da, db, ya, yb, ta, tb, ca, cb) in judged:
        key = ordered(a, b)
        seen.add(key)
        manual = decided.get(key, ("", "", ""))
        rows.append(dict(zip(REPORT_COLUMNS, (a, b, da, db, ya, yb, ta, tb, score, rule, outcome,
                                              *manual, ca, cb, run,
                                              "yes" if key in waiting else "",
                                              "; ".join(notes.get(a, ())),
                                              "; ".join(notes.get(b, ())), how(key)),
                                 strict=True)))
    for (a, b), manual in sorted(decided.items()):
        if (a, b) in seen:
            continue
        info = {r[0]: r for r in store.execute(
            "SELECT r.id, r.database, r.year, r.title, m.cluster_id FROM records r "
            "LEFT JOIN cluster_members m ON m.record_id = r.id WHERE r.id IN (?, ?)", (a, b))}
        ia, ib = info[a], info[b]
        rows.append(dict(zip(REPORT_COLUMNS, (a, b, ia[1], ib[1], ia[2], ib[2], ia[3], ib[3],
                                              None, "manual", "manual", *manual, ia[4], ib[4],
                                              None, "", "; ".join(notes.get(a, ())),
                                              "; ".join(notes.get(b, ())), how((a, b))),
                                 strict=True)))
    return rows


def write_report(store: Store, path: str | Path) -> Path:
    """Write ``dedup-report.csv`` (UTF-8, header row) and return its path.

    Written whole or not at all, titles neutralised for spreadsheets (see
    :mod:`litsearch.outfiles`).
    """
    path = Path(path)
    with replacing(path, newline="") as handle:
        writer = dict_writer(handle, REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(report_rows(store))
    return path
