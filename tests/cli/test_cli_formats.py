"""Format and stage names are read in any case; an unknown one is a one-line error."""

from __future__ import annotations

import json

import pytest


def test_export_decisions_format_in_capitals(project, cli):
    code, out, err = cli("export", "decisions", "--format", "CSV", "--review", str(project.root))
    assert code == 0, err
    assert out.startswith("event_id,")
    code, out, err = cli("export", "decisions", "-f", "JsonL", "--review", str(project.root))
    assert code == 0 and out == "", err


@pytest.mark.parametrize("name", ["JSON", "Json", "json"])
def test_prisma_format_in_any_case(project, cli, name):
    code, out, err = cli("prisma", "--format", name, "--review", str(project.root))
    assert code == 0, err
    assert "records_screened" in json.loads(out)


def test_prisma_explain_format_in_capitals(project, cli):
    code, out, err = cli("prisma", "--explain", "duplicates", "-f", "CSV",
                         "--review", str(project.root))
    assert code == 0, err
    assert out.startswith("record_id,database,title,detail")


def test_agreement_stage_in_any_case(project, cli):
    code, out, err = cli("agreement", "--stage", "Title-Abstract", "--review", str(project.root))
    assert code == 0 and "No records were screened by two reviewers" in out, err
    code, out, err = cli("agreement", "--stage", "Title", "--review", str(project.root))
    assert code == 2 and "unknown screening stage 'title'" in err


@pytest.mark.parametrize(("args", "choices"), [
    (("prisma", "--format", "XML"), "text, md, svg, csv, json"),
    (("export", "decisions", "--format", "Xml"), "csv or --format jsonl"),
])
def test_unknown_format_is_one_line_with_the_choices(project, cli, args, choices):
    code, out, err = cli(*args, "--review", str(project.root))
    assert code == 2 and out == ""
    assert choices in err and len(err.strip().splitlines()) == 1, err
