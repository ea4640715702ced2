"""``litsearch demo``: the whole pipeline, offline, on the bundled example exports.

The demo builds a fresh review of the zingeving report's topic, renders its search
strategy for every database, imports the synthetic exports in ``litsearch/demo/data`` (made by
``litsearch.synth``), deduplicates, applies the rule criteria, lets two scripted reviewers
screen (see :mod:`litsearch.demo.reviewers`), and writes the PRISMA 2020 flow, the PRISMA-S
search report, the review as a web page (``report.html``) and the exports to ``outputs/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..dedup.engine import run_dedup
from ..dedup.report import write_report
from ..errors import ProjectExistsError
from ..importers.pipeline import import_file
from ..outfiles import write_text
from ..project import CONFIG_NAME, Project
from ..query.files import render_files
from ..report.export import export_records
from ..report.html import render_html
from ..report.outputs import prisma_output
from ..report.prisma_s import search_report
from ..screening.actions import auto_screen
from ..screening.audit import export_decisions
from ..screening.conflicts import list_conflicts, resolve_conflict
from ..screening.criteria import load_criteria
from ..screening.decisions import record_decision
from ..screening.rules import AutoResult
from ..screening.state import stage_pool
from ..screening.status import screening_units
from ..status import review_status
from ..store.records import get_record
from .reviewers import RESOLVER, REVIEWERS, full_text_call, resolve_call, title_abstract_call

TITLE = "Care for meaning-making (zingeving) in outpatient mental-health care (demo)"
#: Bundled export -> (database, platform) as the demo imports it.
EXPORTS = (
    ("pubmed.nbib", "pubmed", "PubMed"),
    ("embase.ris", "embase", "Embase.com"),
    ("psycinfo.ris", "psycinfo", "Ovid"),
    ("scopus.csv", "scopus", "Scopus"),
    ("wos.txt", "wos", "Web of Science"),
)
#: Marks a folder as made by the demo, so ``--force`` never deletes a real review.
MARKER = ".litsearch-demo"
SEARCHED_ON = "2026-11-20"


@dataclass
class DemoResult:
    """What the demo did: one line per stage, the final status and the files written."""

    root: Path
    steps: list[tuple[str, str]] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)


def _fresh_root(out: Path, force: bool) -> Path:
    out = out.resolve()
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ProjectExistsError(f"{out} is not empty; the demo needs a fresh folder.",
                                     "Name another with --out, or add --force to replace an "
                                     "earlier demo there.")
        if not (out / MARKER).exists():
            raise ProjectExistsError(f"{out} holds something other than an earlier demo "
                                     f"({CONFIG_NAME} or other files); nothing was deleted.",
                                     "Name another folder with --out.")
        shutil.rmtree(out)
    return out


def run_demo(out: str | Path, force: bool = False,
             say: Callable[[str], None] | None = None) -> DemoResult:
    """Run the whole pipeline into a fresh review at ``out`` and return what happened.

    Args:
        out: The folder for the demo review (created).
        force: Replace an earlier demo in that folder (never anything else).
        say: Called with a line as each stage starts.

    Raises:
        ProjectExistsError: ``out`` holds something other than an earlier demo.
    """
    say = say or (lambda _line: None)
    root = _fresh_root(Path(out), force)
    project = Project.create(root, title=TITLE, reviewers=[*REVIEWERS, RESOLVER],
                             databases=[(db, platform) for _, db, platform in EXPORTS])
    write_text(root / MARKER, "made by 'litsearch demo'; safe to delete\n")
    result = DemoResult(root)
    try:
        _pipeline(project, result, say)
        result.status = review_status(project)
    finally:
        project.close()
    return result


def _pipeline(project: Project, result: DemoResult, say: Callable[[str], None]) -> None:
    bundled = resources.files("litsearch.demo")
    for name in ("criteria.toml", "strategy.toml"):
        target = project.criteria_path if name == "criteria.toml" else \
            project.queries_dir / "strategy.toml"
        write_text(target, bundled.joinpath("review", name).read_text(encoding="utf-8"))
    say("Rendering the search strategy for every database")
    rendered = render_files(project.queries_dir,
                            [(d["name"], d.get("platform", "")) for d in project.databases],
                            force=True)
    result.steps.append(("queries", f"{len(rendered)} search strings in queries/"))

    say("Importing the example exports")
    exports = project.root / "exports"
    exports.mkdir()
    total = 0
    for file_name, database, platform in EXPORTS:
        path = exports / file_name
        path.write_bytes(bundled.joinpath("data", file_name).read_bytes())
        summary = import_file(project, path, database, platform=platform,
                              searched_on=SEARCHED_ON)
        total += summary.imported
    result.steps.append(("import", f"{total} records from {len(EXPORTS)} databases"))

    say("Deduplicating")
    dedup = run_dedup(project.store)
    result.steps.append(("dedup", f"{dedup.records} records in {dedup.clusters} clusters, "
                                  f"{dedup.duplicates} duplicates removed, "
                                  f"{dedup.pairs_review} pairs for manual review"))

    say("Screening: rule criteria, then two scripted reviewers")
    auto = auto_screen(project)
    result.steps.append(("screen --auto", _auto_line(auto)))
    result.steps.append(("screen", _scripted_screening(project)))

    say("Writing the PRISMA 2020 flow, the PRISMA-S report and exports")
    result.outputs = _write_outputs(project)
    result.steps.append(("report", f"{len(result.outputs)} files in outputs/"))


def _auto_line(auto: AutoResult) -> str:
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(auto.excluded.items()))
    return f"{sum(auto.excluded.values())} of {auto.checked} records excluded by rule " \
           f"criteria ({rules})"


def _scripted_screening(project: Project) -> str:
    store = project.store
    criteria = load_criteria(project.criteria_path)
    units = screening_units(store)
    pool = stage_pool(store, "title-abstract", units)
    for unit in pool:
        record = get_record(store, unit)
        assert record is not None
        for index, reviewer in enumerate(REVIEWERS):
            call = title_abstract_call(record, index)
            record_decision(store, unit, "title-abstract", reviewer, call.decision,
                            reason=call.reason, source="demo")
    conflicts = list_conflicts(store, "title-abstract")
    for conflict in conflicts:
        record = get_record(store, conflict.record_id)
        assert record is not None
        call = resolve_call(record)
        resolve_conflict(store, criteria, conflict.record_id, "title-abstract", call.decision,
                         call.reason, RESOLVER, source="demo")
    full = stage_pool(store, "full-text", units)
    for index, unit in enumerate(full):
        record = get_record(store, unit)
        assert record is not None
        call = full_text_call(record, index)
        record_decision(store, unit, "full-text", REVIEWERS[0], call.decision,
                        reason=call.reason, source="demo")
    return (f"{len(pool)} records screened by 2 reviewers, {len(conflicts)} conflicts "
            f"resolved, {len(full)} reports assessed at full text")


def _write_outputs(project: Project) -> list[Path]:
    out = project.outputs_dir
    written = []
    for fmt, suffix in (("text", "txt"), ("md", "md"), ("svg", "svg"), ("csv", "csv"),
                        ("json", "json")):
        path = out / f"prisma.{suffix}"
        write_text(path, prisma_output(project, fmt).text)
        written.append(path)
    path = out / "prisma-s.md"
    write_text(path, search_report(project.store, project.title))
    written.append(path)
    path = out / "report.html"
    path.write_text(render_html(project), encoding="utf-8")
    written.append(path)
    for name, writer in (("dedup-report.csv", lambda p: write_report(project.store, p)),
                         ("records.csv", lambda p: export_records(project.store, "csv", p)),
                         ("included.ris", lambda p: export_records(project.store, "ris", p,
                                                                   included_only=True)),
                         ("decisions.csv", lambda p: export_decisions(project.store, "csv", p))):
        writer(out / name)
        written.append(out / name)
    return written
