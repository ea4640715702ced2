"""Importing the same decisions file twice writes its rows once (client ids from the rows)."""

from __future__ import annotations

from litsearch.screening.criteria import load_criteria
from litsearch.screening.decisions import position_key, record_decision
from litsearch.screening.imports import import_decisions


def _import(project, path, **kw):
    return import_decisions(project.store, load_criteria(project.criteria_path), path,
                            project.reviewers, **kw)


def _events(project):
    return project.store.execute("SELECT record_id, reviewer, decision, client_id FROM "
                                 "decisions ORDER BY id").fetchall()


def test_the_same_file_again_writes_nothing_and_says_so(review, tmp_path):
    project, ids = review
    path = tmp_path / "rayyan.csv"
    path.write_text("litsearch_record_id,decision,reviewer\n"
                    f"{ids[0]},include,bob\n{ids[1]},exclude,bob\n{ids[1]},include,alice\n",
                    encoding="utf-8")
    first = _import(project, path)
    assert first.imported == 3 and first.already == 0
    events = _events(project)
    assert len({e[3] for e in events}) == 3 and all(e[3] for e in events)
    # bob changes his mind in the app; then the same file is imported again by mistake.
    record_decision(project.store, ids[0], "title-abstract", "bob", "exclude")
    again = _import(project, path)
    assert again.imported == 0 and again.already == 3
    assert any("3 decisions of rayyan.csv were imported before" in n for n in again.notes)
    assert len(_events(project)) == 4  # bob's later exclusion still stands
    # An edited file is new rows: written, each replacing the event before it.
    path.write_text("litsearch_record_id,decision,reviewer\n"
                    f"{ids[0]},include,bob\n{ids[1]},exclude,bob\n{ids[1]},exclude,alice\n",
                    encoding="utf-8")
    edited = _import(project, path)
    assert edited.imported == 3 and edited.already == 0
    assert len(_events(project)) == 7
    # An import moves nobody's place in the screening app.
    assert project.store.get_meta(position_key("title-abstract", "alice")) is None
