"""Item 16 of the PRISMA-S report: how records were deduplicated, from the store's state.

The counts are those of ``litsearch status`` and the PRISMA flow: records deduplicated
are the rows of ``cluster_members``, distinct records the clusters they form, and
duplicates the difference (:func:`litsearch.dedup.status.dedup_status`). They are read
from the clusters as they stand, so they include every run and every manual decision
since. The history comes from ``dedup_runs`` (one row per run, with its method,
version and settings) and ``dedup_decisions`` (the reviewers' calls, append-only).

Manual decisions are counted as they stand: the latest decision on each pair that no
``undo`` withdrew (:func:`litsearch.dedup.membership.manual_decisions`). A split of a
cluster writes a "different" row for every pair of its records with one reviewer and
one timestamp; it is counted as one action and named by its cluster. Pairs accepted in
bulk (``dedup_decisions.basis = 'bulk:<kind>'``) are counted apart from those decided one
by one, per kind with the sample a person checked (:func:`litsearch.dedup.bulk.decision_counts`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..dedup.bulk import decision_counts
from ..dedup.decisions import split_groups, standing_basis
from ..dedup.membership import manual_decisions
from ..dedup.queue import describe_kind
from ..dedup.status import dedup_status
from ..dedup.trust_report import trust_summary
from ..store import Store


@dataclass
class Split:
    """One ``--split`` of a cluster: its records were set apart from each other."""

    reviewer: str
    decided_at: str
    records: list[int]
    """The records the cluster held, smallest id first."""
    cluster: int | None = None
    """The cluster's id, when it still holds one of the records (ids are reused)."""
    standing: bool = True
    """False when every pair it set apart was undone or decided again later."""


@dataclass
class ManualSummary:
    """The manual dedup decisions as they stand, and the size of the audit trail."""

    same: int = 0
    """Pairs standing as "same work" (decided one by one)."""
    bulk: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per kind accepted in bulk: ``{"pairs": n, "sample": pairs a person checked}``."""
    different: int = 0
    """Pairs standing as "different works" decided one by one (not by a split)."""
    splits: list[Split] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    rows: int = 0
    """Rows in ``dedup_decisions``: every call, undo and split pair."""
    undos: int = 0

    @property
    def actions(self) -> int:
        """Return the standing manual actions: pair decisions plus splits."""
        return self.same + self.different + sum(s.standing for s in self.splits) \
            + sum(k["pairs"] for k in self.bulk.values())


def _splits(store: Store) -> dict[tuple[str, str], Split]:
    """Find the splits (:func:`litsearch.dedup.decisions.split_groups`)."""
    return {key: Split(key[0], key[1], sorted({r for pair in pairs for r in pair}))
            for key, pairs in split_groups(store).items()}


def _name_cluster(store: Store, split: Split) -> None:
    # The rebuild after a split keeps the old id for one of the records and gives the
    # others new clusters created then; the one created before the split is the old one.
    row = store.execute(
        "SELECT MIN(c.id) FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id "
        "WHERE m.record_id IN (SELECT value FROM json_each(?)) AND c.created_at < ?",
        (json.dumps(split.records), split.decided_at)).fetchone()
    split.cluster = row[0] if row else None


def manual_summary(store: Store) -> ManualSummary:
    """Count the standing manual dedup decisions, a split as one action."""
    splits = _splits(store)
    summary = ManualSummary(splits=sorted(splits.values(), key=lambda s: s.decided_at))
    summary.rows, summary.undos = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN decision = 'undo' THEN 1 ELSE 0 END), 0) "
        "FROM dedup_decisions").fetchone()
    in_split: set[tuple[str, str]] = set()
    people: set[str] = set()
    bases = standing_basis(store)
    for pair, (decision, reviewer, at) in manual_decisions(store).items():
        people.add(reviewer)
        if bases.get(pair) is not None:
            continue  # accepted in bulk: counted per kind below
        if decision == "different" and (reviewer, at) in splits:
            in_split.add((reviewer, at))
        elif decision == "same":
            summary.same += 1
        else:
            summary.different += 1
    for key, split in splits.items():
        split.standing = key in in_split
        _name_cluster(store, split)
    summary.reviewers = sorted(people)
    summary.bulk = decision_counts(store).bulk
    return summary


@dataclass
class Configuration:
    """A method, version and settings that one or more dedup runs used."""

    method: str
    version: str
    settings: dict[str, Any]
    runs: list[dict[str, Any]] = field(default_factory=list)


def configurations(store: Store) -> list[Configuration]:
    """Group the dedup runs by method, version and settings, in order of first use."""
    found: dict[tuple[str, str, str], Configuration] = {}
    for row in store.execute("SELECT id, started_at, method, version, settings, records_in, "
                             "summary FROM dedup_runs ORDER BY id"):
        settings = json.loads(row["settings"] or "{}")
        key = (row["method"], row["version"], json.dumps(settings, sort_keys=True))
        config = found.setdefault(key, Configuration(row["method"], row["version"], settings))
        config.runs.append(dict(row))
    return list(found.values())


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _value(value: Any) -> str:
    return _cell(value if isinstance(value, str) else json.dumps(value))


def _run_list(runs: list[dict[str, Any]]) -> str:
    ids = ", ".join(str(r["id"]) for r in runs)
    days = sorted({r["started_at"][:10] for r in runs})
    when = days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"
    return f"run{'s' if len(runs) > 1 else ''} {ids} ({when})"


def _matched(run: dict[str, Any]) -> str:
    """Return how many records a run matched, and why all of them if it matched them again."""
    count = f"{run['records_in'] or 0:,}"
    again = json.loads(run["summary"] or "{}").get("rematched")
    return f"{count} (run {run['id']}: every record matched again, as {_cell(again)})" \
        if again else count


def _settings_lines(configs: list[Configuration]) -> list[str]:
    if len(configs) == 1:
        return [f"- {_cell(k)}: {_value(v)}" for k, v in configs[0].settings.items()]
    lines = ["The settings changed between runs; each set, with the runs that used it:", ""]
    for config in configs:
        settings = "; ".join(f"{_cell(k)}: {_value(v)}" for k, v in config.settings.items())
        lines.append(f"- {_run_list(config.runs)}: software version {_cell(config.version)}; "
                     f"method {_cell(config.method)}; {settings or 'no settings recorded'}")
    return lines


def _manual_lines(manual: ManualSummary) -> list[str]:
    if not manual.rows:
        return ["- Pairs decided by hand: 0"]
    parts = [f"{manual.same:,} pair{'s' if manual.same != 1 else ''} judged the same work "
             "one by one",
             f"{manual.different:,} pair{'s' if manual.different != 1 else ''} judged different "
             "works"]
    bulk = sum(k["pairs"] for k in manual.bulk.values())
    if bulk:
        parts.append(f"{bulk:,} pair{'s' if bulk != 1 else ''} accepted as the same work in "
                     "bulk")
    standing = [s for s in manual.splits if s.standing]
    if standing:
        parts.append(f"{len(standing):,} cluster{'s' if len(standing) != 1 else ''} split")
    by = f" (reviewers: {', '.join(_cell(r) for r in manual.reviewers)})" \
        if manual.reviewers else ""
    lines = [f"- Decided by hand, as the decisions stand now{by}: {manual.actions:,} "
             f"({'; '.join(parts)})"]
    for kind, counts in manual.bulk.items():
        lines.append(f"  - accepted in bulk: {counts['pairs']:,} pair"
                     f"{'s' if counts['pairs'] != 1 else ''} of the kind "
                     f"\"{_cell(describe_kind(kind))}\", after a person checked "
                     f"{counts['sample']:,} pair{'s' if counts['sample'] != 1 else ''} of it "
                     "one by one")
    for split in standing:
        name = f"cluster {split.cluster}" if split.cluster is not None else "a cluster"
        lines.append(f"  - {_cell(split.reviewer)} split {name} on {split.decided_at[:10]}: "
                     f"records {', '.join(map(str, split.records))} kept apart")
    lines.append(f"- Audit trail: {manual.rows:,} manual entr{'ies' if manual.rows != 1 else 'y'}"
                 f" recorded ({manual.undos:,} undo{'s' if manual.undos != 1 else ''}; a split "
                 "records one entry per pair of its records)")
    return lines


def dedup_section(store: Store) -> list[str]:
    """Return the lines of PRISMA-S item 16 (Deduplication)."""
    configs = configurations(store)
    if not configs:
        return ["Records have not been deduplicated yet (run `litsearch dedup`)."]
    runs = [r for c in configs for r in c.runs]
    state = dedup_status(store)
    last = configs[-1] if len(configs) == 1 else None
    how = (f"software version: {_cell(last.version)}; method: {_cell(last.method)}; "
           if last else "")
    count = f"{len(runs)} run{'s' if len(runs) > 1 else ''}"
    lines = [f"Records were deduplicated across all databases and sources by litsearch "
             f"({how}{count}, last run {runs[-1]['started_at'][:10]}), with "
             f"{'these settings' if last else 'the settings below'}:", "",
             *_settings_lines(configs), "",
             "Where deduplication stands now (after every run and manual decision):", "",
             f"- Records deduplicated: {state['records_deduplicated']:,}; distinct records: "
             f"{state['clusters']:,}; duplicates removed: {state['duplicates']:,}"]
    if len(runs) > 1:
        lines.append(f"- New records matched per run: {' + '.join(map(_matched, runs))}")
    if state["records_pending"]:
        lines.append(f"- Records not deduplicated yet (imported after the last run): "
                     f"{state['records_pending']:,}; run `litsearch dedup`")
    if state["pairs_awaiting_review"]:
        lines.append(f"- Doubtful pairs awaiting a decision: {state['pairs_awaiting_review']:,}"
                     "; kept apart until decided (`litsearch dedup review`)")
    return [*lines, *_manual_lines(manual_summary(store)), *trust_lines(store)]


#: Where the per-pair detail of untrustworthy fields is written (``litsearch dedup``).
PER_PAIR_DETAIL = "`outputs/dedup-report.csv` (columns `untrusted_a`, `untrusted_b`)"


def trust_lines(store: Store) -> list[str]:
    """Say how many judged pairs held a field the matcher judged untrustworthy, per field.

    Such a field (a volume ``1)``, a date in the issue cell, a URL for a journal) was
    evidence of nothing: it could neither merge a pair nor keep it apart
    (:mod:`litsearch.dedup.trust`).
    """
    summary = trust_summary(store)
    if not summary["pairs_with_untrusted_fields"]:
        return [f"- Pairs compared with a field judged untrustworthy: 0 of "
                f"{summary['pairs_judged']:,}"]
    fields = "; ".join(f"{_cell(name)} {n:,}" for name, n in summary["by_field"].items())
    outcomes = "; ".join(f"{_cell(name)} {n:,}" for name, n in summary["by_outcome"].items())
    return [f"- Pairs compared with a field judged untrustworthy in a record (read as "
            "evidence of neither a merge nor a veto): "
            f"{summary['pairs_with_untrusted_fields']:,} of "
            f"{summary['pairs_judged']:,}; per field: {fields}; per outcome: {outcomes}; "
            f"the fields and values of each pair: {PER_PAIR_DETAIL}"]
