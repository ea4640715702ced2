"""The audit-trail export over a review the demo screened."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from litsearch.demo.run import run_demo


def test_export_decisions_csv_and_jsonl(cli, tmp_path: Path) -> None:
    root = run_demo(tmp_path / "d").root
    code, out, err = cli("export", "decisions", "--review", str(root))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["stage"] for r in rows} == {"auto", "title-abstract", "full-text"}
    assert any(r["resolution"].lower() in ("true", "1") for r in rows)
    target = tmp_path / "decisions.jsonl"
    code, _, err = cli("export", "decisions", "--format", "jsonl", "-o", str(target),
                       "--review", str(root))
    assert code == 0, err
    events = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(events) == len(rows)
    assert [e["event_id"] for e in events] == sorted(e["event_id"] for e in events)


def test_export_decisions_bad_format_is_one_line(cli, tmp_path: Path) -> None:
    root = run_demo(tmp_path / "d").root
    code, _, err = cli("export", "decisions", "--format", "xml", "--review", str(root))
    assert code == 2 and err.strip().startswith("error:") and len(err.strip().splitlines()) == 1
