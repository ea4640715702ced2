"""``litsearch agreement`` on an 80-column terminal: stage and reviewer names in full."""

from __future__ import annotations

import pytest
from rich.console import Console

from litsearch.cli import output
from litsearch.cli.screen import agreement_tables
from litsearch.project import Project
from litsearch.screening.agreement import Agreement

REVIEWERS = ("marieke-de-vries", "jan-willem-bakker")


@pytest.fixture
def two_stage_review(tmp_path, seeded, record_factory):
    """Two reviewers with long names who both screened four records at both stages."""
    project = Project.create(tmp_path / "wide", title="Wide", reviewers=list(REVIEWERS))
    ids = seeded(project.store, [record_factory(i) for i in range(4)])
    yield project, ids
    project.close()


def _lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.strip()]


def test_agreement_fits_80_columns(two_stage_review, cli, monkeypatch):
    project, ids = two_stage_review
    root = str(project.root)
    for who in REVIEWERS:
        for unit in ids:
            assert cli("screen", "decide", str(unit), "--include", "--reviewer", who,
                       "--review", root)[0] == 0
        for n, unit in enumerate(ids):
            verdict = ("--include",) if n < 2 or who == REVIEWERS[0] else \
                ("--exclude", "wrong population")
            code, _out, err = cli("screen", "decide", str(unit), *verdict, "--stage", "full-text",
                                  "--reviewer", who, "--review", root)
            assert code == 0, err
    monkeypatch.setattr(output.console, "_width", 80)
    code, out, err = cli("agreement", "--review", root)
    assert code == 0, err
    assert all(len(line) <= 80 for line in _lines(out)), out
    assert "…" not in out
    assert "title-abstract" in out and "full-text" in out
    words = out.split()
    assert all(name in words for name in REVIEWERS), out
    assert "100.0%" in out and "50.0%" in out


def test_tables_keep_the_stage_whole_at_width_80():
    rows = [Agreement(stage, "demo-reviewer-1", "demo-reviewer-2", 76, 82.9, 0.658, 0.658,
                      "almost perfect", {}) for stage in ("title-abstract", "full-text")]
    console = Console(width=80, record=True, color_system=None)
    for table in agreement_tables(rows):
        console.print(table)
    out = console.export_text()
    assert "Inter-rater agreement at title-abstract" in out
    assert "Inter-rater agreement at full-text" in out
    assert "…" not in out and "demo-reviewer-2" in out and "almost perfect" in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
