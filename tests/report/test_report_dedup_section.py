"""PRISMA-S item 16 counts dedup as it stands: every run, every manual decision.

Real reviews: the demo pipeline (real import, real ``run_dedup``, scripted screening),
then more imports, re-runs and manual decisions through the dedup library.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from litsearch.dedup import DedupSettings, decide_pair, run_dedup, split_cluster
from litsearch.dedup.settings import METHOD
from litsearch.demo.run import run_demo
from litsearch.importers.pipeline import import_file
from litsearch.project import Project
from litsearch.report.dedup_history import dedup_section, manual_summary
from litsearch.report.prisma import compute_flow
from litsearch.report.prisma_s import search_report
from litsearch.status import review_status

_STATE = re.compile(r"- Records deduplicated: ([\d,]+); distinct records: ([\d,]+); "
                    r"duplicates removed: ([\d,]+)")


@pytest.fixture
def demo(tmp_path: Path) -> Project:
    """The demo review: 204 records imported from five databases, deduplicated, screened."""
    run_demo(tmp_path / "demo")
    project = Project.open(tmp_path / "demo")
    yield project
    project.close()


def _section(project: Project) -> str:
    text = search_report(project.store, project.title)
    return text[text.index("### 16. Deduplication"):]


def _reported(project: Project) -> tuple[int, int, int]:
    found = _STATE.search(_section(project))
    assert found, _section(project)
    return tuple(int(g.replace(",", "")) for g in found.groups())  # type: ignore[return-value]


def _assert_agrees(project: Project) -> None:
    """The PRISMA-S numbers are those of ``litsearch status`` and ``litsearch prisma``."""
    status = review_status(project)["dedup"]
    flow = compute_flow(project.store, project.reviewers)
    assert _reported(project) == (status["records_deduplicated"], status["clusters"],
                                  status["duplicates"])
    assert status["duplicates"] == flow.n("duplicates")
    assert status["records_deduplicated"] == review_status(project)["records"]["total"]


def _ris(path: Path, n: int, tag: str) -> Path:
    path.write_text("".join(
        f"TY  - JOUR\nTI  - {tag} unrelated study number {i} of quantum widgets\n"
        f"AU  - Nobody{tag}, A{i}\nPY  - 2021\nDO  - 10.9999/{tag}.{i}\nER  - \n\n"
        for i in range(n)), encoding="utf-8")
    return path


def test_rerun_with_nothing_new_reports_the_whole_review(demo: Project) -> None:
    before = _reported(demo)
    run_dedup(demo.store)
    assert _reported(demo) == before  # not "Records in: 0"
    section = _section(demo)
    assert "2 runs" in section and "- New records matched per run: 204 + 0" in section
    _assert_agrees(demo)


def test_import_after_a_run_counts_every_record(demo: Project, tmp_path: Path) -> None:
    import_file(demo.store, _ris(tmp_path / "more.ris", 16, "more"), "scopus")
    assert "- Records not deduplicated yet (imported after the last run): 16" in _section(demo)
    run_dedup(demo.store)
    deduplicated, clusters, duplicates = _reported(demo)
    assert deduplicated == 204 + 16  # not "Records in: 16"
    assert duplicates == deduplicated - clusters
    assert "not deduplicated yet" not in _section(demo)
    _assert_agrees(demo)


def test_manual_decisions_count_as_they_stand(demo: Project) -> None:
    store = demo.store
    before = _reported(demo)
    big = store.execute("SELECT cluster_id FROM cluster_members GROUP BY cluster_id "
                        "HAVING COUNT(*) >= 3 ORDER BY cluster_id LIMIT 1").fetchone()[0]
    members = [r[0] for r in store.execute(
        "SELECT record_id FROM cluster_members WHERE cluster_id = ?", (big,))]
    alone = [r[0] for r in store.execute(
        "SELECT MIN(record_id) FROM cluster_members GROUP BY cluster_id "
        "HAVING COUNT(*) = 1 ORDER BY cluster_id LIMIT 4")]
    decide_pair(store, alone[0], alone[1], "same", "alice")
    decide_pair(store, alone[2], alone[3], "same", "bob")
    decide_pair(store, alone[2], alone[3], "undo", "bob")
    split_cluster(store, big, "alice")
    # One merge (-1 cluster) and a split of n records (+n-1 clusters).
    assert _reported(demo)[1] == before[1] - 1 + len(members) - 1
    _assert_agrees(demo)
    section = _section(demo)
    assert ("- Decided by hand, as the decisions stand now (reviewers: alice): 2 (1 pair "
            "judged the same work one by one; 0 pairs judged different works; 1 cluster "
            "split)") in section
    assert (f"alice split cluster {big} on " in section
            and f"records {', '.join(map(str, sorted(members)))} kept apart" in section)
    pairs = len(members) * (len(members) - 1) // 2
    assert f"- Audit trail: {3 + pairs} manual entries recorded (1 undo;" in section
    # Undo the split's pairs one by one: the split no longer stands.
    for a, b in ((x, y) for i, x in enumerate(sorted(members)) for y in sorted(members)[i + 1:]):
        decide_pair(store, a, b, "undo", "alice")
    summary = manual_summary(store)
    assert summary.actions == 1 and not any(s.standing for s in summary.splits)
    assert _reported(demo) == (before[0], before[1] - 1, before[2] + 1)
    _assert_agrees(demo)


def test_changed_settings_list_each_set_with_its_runs(demo: Project, tmp_path: Path) -> None:
    import_file(demo.store, _ris(tmp_path / "more.ris", 3, "later"), "scopus")
    run_dedup(demo.store, DedupSettings(title_merge=0.95))
    run_dedup(demo.store)
    lines = dedup_section(demo.store)
    assert "The settings changed between runs" in "\n".join(lines)
    first = next(line for line in lines if line.startswith("- runs 1, 3 ("))
    second = next(line for line in lines if line.startswith("- run 2 ("))
    assert "title_merge: 0.9;" in first and "title_merge: 0.95;" in second
    assert f"method {METHOD}" in second


def test_cli_report_status_and_prisma_agree_after_a_rerun(tmp_path: Path, cli) -> None:
    """The audit's steps: demo, ``dedup`` again with nothing new, ``report search``."""
    root = tmp_path / "demo"
    code, _, err = cli("demo", "--out", str(root), "--force")
    assert code == 0, err
    code, _, err = cli("dedup", cwd=root)
    assert code == 0, err
    code, report, err = cli("report", "search", cwd=root)
    assert code == 0, err
    found = _STATE.search(report)
    assert found, report
    code, status, _ = cli("status", "--json", cwd=root)
    code, prisma, _ = cli("prisma", "-f", "json", cwd=root)
    dedup = json.loads(status)["dedup"]
    assert tuple(int(g.replace(",", "")) for g in found.groups()) == (
        dedup["records_deduplicated"], dedup["clusters"], dedup["duplicates"])
    assert json.loads(prisma)["duplicates"] == dedup["duplicates"]
    assert dedup["records_deduplicated"] == json.loads(status)["records"]["total"] > 0
