"""The PRISMA flow of a review built only through the CLI: import, dedup, rules, decisions.

The other report tests write clusters and decisions by SQL; this one lets the real
stages write them, so a change in how import, dedup or screening store their results
shows up here as a wrong PRISMA number.
"""

from __future__ import annotations

import json
from pathlib import Path

from litsearch.project import Project

#: (title, doi, year) per record; records sharing a DOI are duplicates.
WORKS = {
    "a": ("Spiritual care in outpatient psychiatry", "10.1000/a", 2019),
    "b": ("Chaplaincy and depression outcomes", "10.1000/b", 2020),
    "c": ("Meaning making in anxiety care", "10.1000/c", 2018),
    "d": ("Religious coping in mental health nursing", "10.1000/d", 2021),
    "e": ("Hope interventions in community mental health", "10.1000/e", 2017),
    "f": ("Faith based support groups for schizophrenia", "10.1000/f", 2019),
    "g": ("Spiritual assessment tools in psychiatric outpatients", "10.1000/g", 2025),
    "h": ("Guidance on spiritual care from a national health website", "10.1000/h", 2025),
    "z": ("Pastoral counselling in asylums: a history", "10.1000/z", 2012),
}


def _ris(path: Path, keys: str) -> Path:
    lines = []
    for key in keys:
        title, doi, year = WORKS[key]
        lines += ["TY  - JOUR", f"TI  - {title}", "AU  - Smith, John", f"PY  - {year}",
                  "JO  - Journal of Care", f"DO  - {doi}", "ER  - ", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _ok(cli, *args: str) -> str:
    code, out, err = cli(*args)
    assert code == 0, (args, out, err)
    return out


def _decide(cli, root: Path, key: str, *args: str, reviewer: str = "alice") -> None:
    _ok(cli, "screen", "decide", f"doi:{WORKS[key][1]}", *args, "--reviewer", reviewer,
        "-r", str(root))


def _flow(cli, root: Path) -> dict:
    return json.loads(_ok(cli, "prisma", "-f", "json", "-r", str(root)))


def test_new_then_updated_review_through_the_cli(project: Project, cli, tmp_path: Path) -> None:
    root, r = project.root, ("-r", str(project.root))
    criteria = project.criteria_path.read_text(encoding="utf-8")
    assert "\n[rules]\n" in criteria
    project.criteria_path.write_text(  # the rule marks z (2012) ineligible
        criteria.replace("\n[rules]\n", "\n[rules]\nyear_min = 2015\n", 1), encoding="utf-8")
    # alice screens, bob checks one record: single screening.
    config = root / "review.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[screening]\nvotes = 1\n",
                      encoding="utf-8")
    _ok(cli, "import", str(_ris(tmp_path / "pubmed.ris", "abcdz")), "--db", "pubmed",
        "--searched-on", "2026-11-01", *r)
    _ok(cli, "import", str(_ris(tmp_path / "embase.ris", "abe")), "--db", "embase",
        "--searched-on", "2026-11-02", *r)
    _ok(cli, "import", str(_ris(tmp_path / "refs.ris", "fc")), "--db", "reference lists",
        "--other-method", "citation", *r)
    _ok(cli, "dedup", *r)
    _ok(cli, "screen", "--auto", *r)
    for key, args in (("a", ["--include"]), ("b", ["--include"]),
                      ("c", ["--exclude", "wrong topic"]), ("d", ["--maybe"]),
                      ("e", ["--exclude", "wrong population"]), ("f", ["--include"])):
        _decide(cli, root, key, *args)
    _decide(cli, root, "a", "--include", reviewer="bob")
    for key, args in (("a", ["--include"]), ("b", ["--exclude", "wrong population"]),
                      ("d", ["--not-retrieved"]), ("f", ["--include"])):
        _decide(cli, root, key, *args, "--stage", "full-text")

    data = _flow(cli, root)
    expected = {
        "database_results": 8, "database_specific_results": "PubMed, 5; Embase, 3",
        "register_results": 0, "citations_results": 2, "website_results": 0,
        "duplicates": 2, "excluded_automatic": 1, "excluded_other": 0,
        "records_screened": 5, "records_excluded": 2,
        "dbr_sought_reports": 3, "dbr_notretrieved_reports": 1, "dbr_assessed": 2,
        "dbr_excluded": "Wrong population, 1",
        "other_sought_reports": 1, "other_notretrieved_reports": 0, "other_assessed": 1,
        "other_excluded": "0", "new_studies": 2, "new_reports": 2,
        "previous_studies": 0, "total_studies": 2,
    }
    assert {k: data[k] for k in expected} == expected
    details = data["litsearch"]
    assert (details["records_excluded_human"], details["records_excluded_automation"]) == (2, 0)
    # c from the reference lists duplicates c from PubMed: identified, never sought.
    assert details["pending"] == {"other_duplicates": 1}
    assert details["violations"] == []

    out = _ok(cli, "prisma", "--freeze", "--label", "v1", *r)
    assert "Froze version 1: 2 studies, 2 reports" in out
    _ok(cli, "import", str(_ris(tmp_path / "pubmed-2027.ris", "ag")), "--db", "pubmed",
        "--searched-on", "2027-05-01", *r)
    _ok(cli, "import", str(_ris(tmp_path / "web.ris", "h")), "--db", "nhs",
        "--other-method", "website", *r)
    _ok(cli, "dedup", *r)
    for key in ("g", "h"):
        _decide(cli, root, key, "--include")
    _decide(cli, root, "g", "--include", "--stage", "full-text")
    _decide(cli, root, "h", "--exclude", "wrong population", "--stage", "full-text")

    data = _flow(cli, root)
    expected = {
        "previous_studies": 2, "previous_reports": 2,
        "database_results": 2, "database_specific_results": "PubMed, 2",
        "website_results": 1, "citations_results": 0,
        "duplicates": 1, "excluded_automatic": 0, "records_screened": 1, "records_excluded": 0,
        "dbr_sought_reports": 1, "dbr_assessed": 1, "dbr_excluded": "0",
        "other_sought_reports": 1, "other_assessed": 1, "other_excluded": "Wrong population, 1",
        "new_studies": 1, "new_reports": 1, "total_studies": 3, "total_reports": 3,
    }
    assert {k: data[k] for k in expected} == expected
    assert data["litsearch"]["violations"] == []
    assert data["litsearch"]["previous_version"]["label"] == "v1"
