"""``screen decide`` / ``screen conflicts``: an option never becomes the reason of --exclude."""

from __future__ import annotations


def _decisions(project):
    return [tuple(r) for r in project.store.execute(
        "SELECT record_id, reviewer, decision, reason FROM decisions ORDER BY id")]


def test_exclude_followed_by_an_option_has_no_reason(review, cli):
    project, ids = review
    root = str(project.root)
    code, out, err = cli("screen", "decide", str(ids[0]), "--exclude", "--reviewer", "bob",
                         "--review", root)
    assert code == 0, err
    assert f"Record {ids[0]}: exclude by bob at title-abstract" in out
    # --exclude last on the line: the same.
    code, out, err = cli("screen", "decide", str(ids[1]), "--reviewer", "bob", "--exclude",
                         "--review", root)
    assert code == 0, err
    assert _decisions(project) == [(ids[0], "bob", "exclude", None),
                                   (ids[1], "bob", "exclude", None)]


def test_reason_as_its_own_option_and_the_short_form(review, cli):
    project, ids = review
    root = str(project.root)
    code, out, err = cli("screen", "decide", str(ids[0]), "--exclude", "--reason",
                         "wrong population", "--reviewer", "bob", "--review", root)
    assert code == 0, err
    assert "exclude (wrong population) by bob" in out
    # The documented form (README): the word after --exclude is the reason.
    code, out, err = cli("screen", "decide", str(ids[1]), "--exclude", "wrong population",
                         "--reviewer", "bob", "--review", root)
    assert code == 0, err
    assert _decisions(project) == [(ids[0], "bob", "exclude", "wrong population"),
                                   (ids[1], "bob", "exclude", "wrong population")]


def test_full_text_exclusion_without_reason_says_which_reasons(review, cli):
    project, ids = review
    root = str(project.root)
    cli("screen", "decide", str(ids[0]), "--include", "--review", root)
    code, _out, err = cli("screen", "decide", str(ids[0]), "--exclude", "--stage", "full-text",
                          "--review", root)
    assert code == 2 and "full-text exclusion needs a reason" in err
    assert "wrong population" in err and len(err.strip().splitlines()) == 1


def test_value_option_followed_by_an_option_is_one_line(review, cli):
    project, ids = review
    root = str(project.root)
    for args, wanted in [
        (("decide", str(ids[0]), "--reviewer", "--include"),
         "--reviewer needs a value, but --include comes next"),
        (("conflicts", "--resolve", "--include"),
         "--resolve needs a value, but --include comes next"),
        (("decide", str(ids[0]), "--include", "--reason", "wrong population"),
         "--reason 'wrong population' goes with --exclude"),
        (("decide", str(ids[0]), "--exclude", "wrong population", "--reason", "other"),
         "two reasons given"),
    ]:
        code, out, err = cli("screen", *args, "--review", root)
        assert code == 2, (args, out, err)
        assert wanted in err and len(err.strip().splitlines()) == 1, (args, err)
    assert _decisions(project) == []


def test_conflict_resolved_as_exclude_without_reason(review, cli):
    project, ids = review
    root = str(project.root)
    cli("screen", "decide", str(ids[0]), "--include", "--reviewer", "alice", "--review", root)
    cli("screen", "decide", str(ids[0]), "--exclude", "--reviewer", "bob", "--review", root)
    code, out, err = cli("screen", "conflicts", "--resolve", str(ids[0]), "--exclude",
                         "--reviewer", "alice", "--review", root)
    assert code == 0, err
    assert f"Resolved record {ids[0]} at title-abstract: exclude by alice" in out


def test_stage_name_in_any_case(review, cli):
    project, ids = review
    code, out, err = cli("screen", "decide", str(ids[0]), "--include", "--stage",
                         "Title-Abstract", "--review", str(project.root))
    assert code == 0 and "at title-abstract" in out, err
    assert project.store.execute("SELECT stage FROM decisions").fetchone()[0] == "title-abstract"
