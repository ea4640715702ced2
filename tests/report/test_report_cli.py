"""``litsearch prisma``: formats, files, --explain and --freeze through the CLI."""

from __future__ import annotations

import csv
import io
import json

import defusedxml.ElementTree as ET
from report_scenarios import NEW_REVIEW, UPDATED, new_review, update_after_freeze

from litsearch.project import Project


def _prisma(cli, project: Project, *args: str) -> tuple[int, str, str]:
    return cli("prisma", "--review", str(project.root), *args)


def test_every_format_to_a_file(project: Project, cli) -> None:
    new_review(project.store, project.root)
    out_dir = project.root / "outputs"
    for suffix in ("txt", "md", "svg", "csv", "json"):
        code, out, err = _prisma(cli, project, "-o", str(out_dir / f"prisma.{suffix}"))
        assert code == 0, err
        assert "Wrote the PRISMA 2020 flow" in err
    assert json.loads((out_dir / "prisma.json").read_text())["records_screened"] == 8
    ET.fromstring((out_dir / "prisma.svg").read_text())
    rows = {r["data"]: r["n"] for r in csv.DictReader(io.StringIO(
        (out_dir / "prisma.csv").read_text()))}
    assert rows["dbr_excluded"] == NEW_REVIEW["dbr_excluded"]
    assert "Records screened" in (out_dir / "prisma.txt").read_text()
    assert "```mermaid" in (out_dir / "prisma.md").read_text()


def test_terminal_table_and_json_stdout(project: Project, cli) -> None:
    new_review(project.store, project.root)
    code, out, err = _prisma(cli, project)
    assert code == 0, err
    assert "records_screened" in out and "every PRISMA invariant holds" in out
    code, out, err = _prisma(cli, project, "--format", "json")
    assert json.loads(out)["duplicates"] == 4
    code, out, err = _prisma(cli, project, "--format", "pdf")
    assert code == 2 and "--format pdf" in err


def test_explain_formats(project: Project, cli) -> None:
    ids = new_review(project.store, project.root)
    code, out, err = _prisma(cli, project, "--explain", "records_excluded", "-f", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["record_id"] for r in rows) == sorted([ids["P6"], ids["P7"], ids["E4"]])
    assert {r["detail"] for r in rows} == {"excluded-title-abstract"}
    code, out, err = _prisma(cli, project, "--explain", "excluded_other", "-f", "csv")
    assert out.splitlines()[1].startswith(f"{ids['P5']},PubMed,Study P5")
    code, out, err = _prisma(cli, project, "--explain", "dbr_excluded")
    assert "Wrong study design" in out and "2 records" in out
    code, out, err = _prisma(cli, project, "--explain", "bogus")
    assert code == 2 and "no such box" in err


def test_freeze_then_update(project: Project, cli) -> None:
    ids = new_review(project.store, project.root)
    code, out, err = _prisma(cli, project, "--freeze", "--label", "published")
    assert code == 0, err
    assert "Froze version 1: 2 studies, 2 reports" in out
    update_after_freeze(project.store, ids)
    code, out, err = _prisma(cli, project, "-f", "json")
    data = json.loads(out)
    for key, expected in UPDATED.items():
        assert data[key] == expected, key
    assert data["litsearch"]["previous_version"]["label"] == "published"


def _explain_rows(cli, project: Project, key: str, name: str) -> list[dict[str, str]]:
    """Write ``--explain KEY`` to outputs/NAME; return the CSV rows it holds."""
    target = project.root / "outputs" / name
    code, out, err = _prisma(cli, project, "--explain", key, "-o", str(target))
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(target.read_text())))


def test_explain_to_a_file(project: Project, cli) -> None:
    ids = new_review(project.store, project.root)
    rows = _explain_rows(cli, project, "duplicates", "duplicates.csv")
    assert sorted(int(r["record_id"]) for r in rows) == sorted(
        [ids["E1"], ids["P2"], ids["E3"], ids["R1"]])


def test_user_mistakes_are_one_line_errors(project: Project, cli) -> None:
    new_review(project.store, project.root)
    blocked = project.root / "review.toml" / "prisma.svg"  # a folder that is a file
    for args in (("-o", str(blocked)),
                 ("--explain", "duplicates", "-o", str(blocked.with_suffix(".csv")))):
        code, out, err = _prisma(cli, project, *args)
        assert code == 2 and "cannot write the file" in err, args
        assert err.count("\n") == 1, err  # one line, no traceback
    code, out, err = cli("report", "search", "-o", str(blocked), "--review", str(project.root))
    assert code == 2 and "cannot write the file" in err
    code, out, err = _prisma(cli, project, "--explain", "duplicates", "-f", "svg")
    assert code == 2 and "--format svg" in err and "csv" in err
    code, out, err = _prisma(cli, project, "--explain", "bogus")
    assert code == 2 and "records_screened" in err and "dbr_excluded" in err
    code, out, err = _prisma(cli, project, "--force")
    assert code == 2 and "--freeze" in err
    code, out, err = _prisma(cli, project, "--explain", "duplicates", "--freeze")
    assert code == 2 and "cannot be combined" in err
    assert not (project.root / "outputs" / "prisma.svg").exists()


def test_freeze_with_json_on_stdout_keeps_it_parseable(project: Project, cli) -> None:
    new_review(project.store, project.root)
    code, out, err = _prisma(cli, project, "--freeze", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["new_studies"] == 2
    assert "Froze version 1" in err


def test_explain_to_a_txt_file_writes_csv(project: Project, cli) -> None:
    ids = new_review(project.store, project.root)
    rows = _explain_rows(cli, project, "excluded_other", "excluded.txt")
    assert [int(r["record_id"]) for r in rows] == [ids["P5"]]
