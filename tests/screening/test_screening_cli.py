"""The screening commands: screen --auto, decide, conflicts, import-decisions, agreement."""

from __future__ import annotations

import json

from litsearch.screening.status import screening_status


def _criteria(project):
    project.criteria_path.write_text(
        project.criteria_path.read_text(encoding="utf-8").replace(
            "# year_min = 2010", "year_min = 2016"), encoding="utf-8")


def test_screen_auto(review, cli):
    project, ids = review
    _criteria(project)
    code, out, err = cli("screen", "--auto", "--review", str(project.root))
    assert code == 0, err
    assert "Checked 12 records" in out and "2 excluded" in out and "year: 2" in out
    assert "No rule criteria are set" not in out
    code, out, _ = cli("screen", "--auto", "--review", str(project.root))
    assert "(0 new, 0 restored" in out
    code, out, _ = cli("status", "--json", "--review", str(project.root))
    assert json.loads(out)["screening"]["auto_excluded"] == 2  # 2015 twice
    code, out, err = cli("screen", "decide", str(ids[0]), "--include", "--review",
                         str(project.root))
    assert code == 2 and "excluded by a rule criterion ('year')" in err
    assert "litsearch screen --auto" in err and len(err.strip().splitlines()) == 1


def test_screen_auto_without_rules_says_so(review, cli):
    project, _ = review
    code, out, err = cli("screen", "--auto", "--review", str(project.root))
    assert code == 0, err
    assert "0 excluded" in out and "No rule criteria are set" in out


def test_decide_and_errors(review, cli):
    project, ids = review
    root = str(project.root)
    code, out, err = cli("screen", "decide", str(ids[0]), "--exclude", "wrong topic",
                         "--reviewer", "bob", "--note", "animal study", "--review", root)
    assert code == 0, err
    assert f"Record {ids[0]}: exclude (wrong topic) by bob at title-abstract" in out
    code, out, err = cli("screen", "decide", "doi:10.1000/jmh.1", "--include", "--review", root)
    assert code == 0 and "by alice" in out
    for args, message in [
        (("999", "--include"), "unknown record '999'"),
        ((str(ids[2]), "--exclude", "nope"), "unknown reason label 'nope'"),
        ((str(ids[2]), "--include", "--maybe"), "exactly one of"),
        ((str(ids[2]), "--include", "--reviewer", "carol"), "unknown reviewer 'carol'"),
        ((str(ids[2]), "--not-retrieved"), "full-text outcome"),
        ((str(ids[2]), "--include", "--stage", "ta"), "unknown screening stage 'ta'"),
        ((str(ids[2]), "--include", "--stage", "full-text"), "has not been included at title"),
    ]:
        code, out, err = cli("screen", "decide", *args, "--review", root)
        assert code == 2 and message in err, (args, err)
        assert len(err.strip().splitlines()) == 1
    rows = project.store.execute("SELECT reviewer, decision, note FROM decisions").fetchall()
    assert [tuple(r) for r in rows] == [("bob", "exclude", "animal study"),
                                        ("alice", "include", None)]


def test_screen_without_dedup_says_run_dedup(project, cli, record_factory):
    from litsearch.store.records import SearchRun, add_records, add_search_run
    with project.store.transaction():
        run = add_search_run(project.store, SearchRun(database="pubmed"))
        add_records(project.store, run, [record_factory(0, database="pubmed")])
    for args in (("screen",), ("screen", "--auto"), ("screen", "decide", "1", "--include")):
        code, _, err = cli(*args, "--review", str(project.root))
        assert code == 2 and "Run 'litsearch dedup' first." in err


def test_conflicts_resolve_and_agreement(review, cli):
    project, ids = review
    root = str(project.root)
    for unit, alice, bob in ((ids[0], "--include", "--maybe"), (ids[1], "--include", None)):
        cli("screen", "decide", str(unit), alice, "--reviewer", "alice", "--review", root)
        bob_args = ("--exclude", "wrong topic") if bob is None else (bob,)
        cli("screen", "decide", str(unit), *bob_args, "--reviewer", "bob", "--review", root)
    code, out, _ = cli("screen", "conflicts", "--review", root)
    assert code == 0 and "1 conflict at title-abstract" in out
    assert "alice: include" in out and "bob: exclude (wrong topic)" in out
    code, out, _ = cli("agreement", "--review", root)
    assert "alice × bob" in out and "50.0%" in out
    code, out, err = cli("screen", "conflicts", "--resolve", str(ids[1]), "--include",
                         "--reviewer", "bob", "--review", root)
    assert code == 0 and f"Resolved record {ids[1]} at title-abstract: include by bob" in out
    code, out, _ = cli("screen", "conflicts", "--review", root)
    assert "No conflicts at title-abstract." in out
    assert screening_status(project.store)["title-abstract"]["maybe"] == 1


def test_import_decisions_command(review, cli, tmp_path):
    project, ids = review
    path = tmp_path / "asreview.csv"
    path.write_text("record_id,doi,asreview_label,asreview_user_name\n"
                    "0,10.1000/jmh.0,1,bob\n1,10.1000/jmh.1,0,bob\n2,10.1000/jmh.2,,\n",
                    encoding="utf-8")
    code, out, err = cli("screen", "import-decisions", str(path), "--review", str(project.root))
    assert code == 0, err
    assert "Imported 2 decisions from asreview.csv (exclude: 1, include: 1); 1 row without" in out
    path.write_text("litsearch_record_id,decision\n12345,include\n", encoding="utf-8")
    code, out, err = cli("screen", "import-decisions", str(path), "--review", str(project.root))
    assert code == 2 and "line 2: no work in the review has litsearch record id '12345'" in err


def test_import_counts_decisions_on_rule_excluded_records(review, cli, tmp_path):
    project, ids = review
    _criteria(project)
    root = str(project.root)
    assert cli("screen", "--auto", "--review", root)[0] == 0  # excludes ids[0] and ids[8]
    path = tmp_path / "rayyan.csv"
    path.write_text(f"key,decision\n{ids[0]},included\n{ids[1]},excluded\n", encoding="utf-8")
    code, out, err = cli("screen", "import-decisions", str(path), "--reviewer", "bob",
                         "--id-column", "key", "--review", root)
    assert code == 0, err
    assert "Imported 2 decisions" in out
    assert "1 of them are on records the rule criteria excluded" in out


def test_stage_words_are_checked_everywhere(review, cli):
    project, _ = review
    for args in (("agreement", "--stage", "ta"), ("screen", "conflicts", "--stage", "ft")):
        code, _, err = cli(*args, "--review", str(project.root))
        assert code == 2 and "unknown screening stage" in err, args
