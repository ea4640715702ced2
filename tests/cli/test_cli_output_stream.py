"""Every ``-o FILE`` command says where it wrote on stderr, leaving stdout for data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: (arguments before -o, file name, words of the status line).
WRITERS = [
    (("prisma",), "prisma.svg", "Wrote the PRISMA 2020 flow (svg) to"),
    (("prisma", "--format", "json"), "prisma.json", "Wrote the PRISMA 2020 flow (json) to"),
    (("prisma", "--explain", "duplicates"), "duplicates.csv", "Wrote the 0 records behind"),
    (("report", "search"), "search-report.md", "Wrote the PRISMA-S search report to"),
    (("export", "decisions", "--format", "jsonl"), "decisions.jsonl",
     "Wrote 0 decision events (jsonl) to"),
    (("query", "parse", str(REPO / "queries/examples/pubmed-gp-care.txt"), "--db", "pubmed"),
     "strategy.toml", "Wrote the strategy to"),
]


@pytest.mark.parametrize(("args", "name", "said"), WRITERS, ids=[w[1] for w in WRITERS])
def test_status_line_goes_to_stderr(project, cli, tmp_path, args, name, said):
    target = tmp_path / "out" / name
    code, out, err = cli(*args, "-o", str(target), "--review", str(project.root)) \
        if args[0] != "query" else cli(*args, "-o", str(target))
    assert code == 0, err
    # An empty review: jsonl has no lines, every other file has content.
    assert target.is_file() and (target.stat().st_size > 0 or name.endswith(".jsonl"))
    assert said in err and str(target) in " ".join(err.split()), err
    assert "Wrote" not in out


def test_without_o_the_data_alone_is_on_stdout(project, cli):
    code, out, err = cli("export", "decisions", "--format", "csv", "--review", str(project.root))
    assert code == 0, err
    assert out.splitlines()[0].startswith("event_id,") and "Wrote" not in err


def test_unwritable_output_is_one_line(project, cli, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    code, out, err = cli("export", "decisions", "-o", str(blocked / "decisions.csv"),
                         "--review", str(project.root))
    assert code == 2 and "cannot write the file" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
