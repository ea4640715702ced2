"""Decisions files as spreadsheets leave them: Excel's cells, delimiters and encodings.

A reviewer opens another tool's export in Excel and saves it again: a European locale
writes semicolons, "CSV" (not "CSV UTF-8") writes Windows-1252, protected cells read
``="10.1000/x"``; exports carry titles with HTML markup or entities. Each of these must
match the same works as the clean file, or be refused; never matched elsewhere.
"""

from __future__ import annotations

import pytest

from litsearch.screening.criteria import load_criteria
from litsearch.screening.imports import UnmatchedRowsError, import_decisions


def _import(project, path, **kw):
    return import_decisions(project.store, load_criteria(project.criteria_path), path,
                            project.reviewers, reviewer="alice", **kw)


def _decisions(project):
    return [tuple(r) for r in project.store.execute(
        "SELECT record_id, decision, note FROM decisions ORDER BY record_id")]


def test_excel_protected_doi_and_pmid_cells_match(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_text('DOI,PMID,Decision\n"=""10.1000/JMH.2""","=""1002""",include\n'
                    '="10.1000/jmh.3",,exclude\n', encoding="utf-8")
    assert _import(project, path).imported == 2
    assert _decisions(project) == [(ids[2], "include", None), (ids[3], "exclude", None)]


def test_semicolon_file_with_bom_and_crlf_is_read(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_bytes("\ufeffTitle;Year;DOI;Decision;Notes\r\n"
                     "Meaning-making in outpatient mental health care, study 4;2019;;"
                     "include;a, b\r\n;;10.1000/jmh.5;exclude;\r\n".encode())
    assert _import(project, path).imported == 2
    assert _decisions(project) == [(ids[4], "include", "a, b"), (ids[5], "exclude", None)]


def test_windows_1252_file_is_read_and_its_text_kept(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_bytes("doi,decision,note\n10.1000/jmh.1,include,café – ok\n".encode("cp1252"))
    result = _import(project, path)
    assert result.imported == 1 and "read as Windows-1252" in result.notes[0]
    assert "--encoding" not in result.notes[0]  # import-decisions has no such option
    assert _decisions(project) == [(ids[1], "include", "café – ok")]


def test_titles_with_markup_and_entities_match_their_work(project, seeded, record_factory,
                                                          tmp_path):
    ids = seeded(project.store, [
        record_factory(1, doi=None, pmid=None, year=2019,
                       title="The rise of <i>Kulindadromeus zabaikalicus</i>: feathers"),
        record_factory(2, doi=None, pmid=None, year=2020, title="R&D in burned forests"),
        record_factory(3, doi=None, pmid=None, year=2020, title="R and D in forests")])
    path = tmp_path / "d.csv"
    path.write_text('title,year,decision\n'
                    '"The rise of Kulindadromeus zabaikalicus: feathers",2019,include\n'
                    '"R&amp;D in burned forests!",2020,exclude\n', encoding="utf-8")
    assert _import(project, path).imported == 2
    assert _decisions(project) == [(ids[0], "include", None), (ids[1], "exclude", None)]


def test_a_line_separator_inside_a_cell_does_not_split_the_row(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_text("doi,decision,note\n10.1000/jmh.1,include,first\u2028second\n"
                    "10.1000/jmh.2,exclude,x\n", encoding="utf-8")
    result = _import(project, path)
    assert result.imported == 2 and result.skipped_blank == 0
    assert _decisions(project) == [(ids[1], "include", "first\u2028second"),
                                   (ids[2], "exclude", "x")]


def test_a_protected_doi_of_another_work_is_still_refused(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_text(f'doi,title,decision\n="10.1000/jmh.2","{_title(3)}",include\n',
                    encoding="utf-8")
    with pytest.raises(UnmatchedRowsError, match="its identifiers disagree"):
        _import(project, path)
    assert _decisions(project) == []


def _title(i):
    return f"Meaning-making in outpatient mental health care: study {i}"


def test_asreview_label_wins_over_the_datasets_own_label_column(review, tmp_path):
    """ASReview keeps the dataset's columns on export and adds asreview_label: a dataset
    that came labelled (``included`` from an earlier round) holds both, and the decisions
    made in ASReview are asreview_label's."""
    project, ids = review
    path = tmp_path / "asreview.csv"
    path.write_text("record_id,title,doi,included,asreview_label,asreview_user_name\n"
                    "0,x,10.1000/jmh.1,1,0,alice\n1,y,10.1000/jmh.2,0,1,alice\n"
                    "2,z,10.1000/jmh.3,1,,alice\n", encoding="utf-8")
    result = _import(project, path)
    assert _decisions(project) == [(ids[1], "exclude", None), (ids[2], "include", None)]
    assert result.skipped_blank == 1
    assert any("included" in n and "asreview_label" in n for n in result.notes)
