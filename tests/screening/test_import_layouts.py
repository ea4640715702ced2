"""Decisions from real tools' export layouts land on the right works, or are refused.

The layouts are the documented columns of each tool: Rayyan's CSV (the header of
shared/corpora/csv/rayyan__citation-file-formatting___baseline_rayyan.csv, decisions in
its notes as ``RAYYAN-INCLUSION: {"name"=>"Included"}``), ASReview LAB's export (the
dataset's columns plus ``record_id`` and ``asreview_label``, …; reference/screening.md
§1.6) and Covidence's reference export (the header of the Covidence CSV in the corpora).
Each tool numbers records its own way; those numbers collide with litsearch's ids here
on purpose.
"""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.screening.criteria import load_criteria
from litsearch.screening.imports import UnmatchedRowsError, import_decisions
from litsearch.screening.row_match import WorkIndex, match_row

RAYYAN = ["key", "title", "year", "month", "day", "journal", "issn", "volume", "issue", "pages",
          "authors", "url", "language", "publisher", "location", "abstract", "notes", "doi",
          "keywords", "pubmed_id", "pmc_id"]
ASREVIEW = ["record_id", "title", "abstract", "authors", "doi", "year", "asreview_label",
            "asreview_time", "asreview_note", "asreview_user_name", "asreview_user_email"]
COVIDENCE = ["Title", "Authors", "Abstract", "Published Year", "Published Month", "Journal",
             "Volume", "Issue", "Pages", "Accession Number", "DOI", "Ref", "Covidence #", "Study",
             "Notes", "Tags"]
TITLE = "Meaning-making in outpatient mental health care: study {}"


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    return path


def _decisions(project):
    return [tuple(r) for r in project.store.execute(
        "SELECT record_id, reviewer, decision, reason FROM decisions ORDER BY record_id, "
        "reviewer")]


def _import(project, path, **kw):
    return import_decisions(project.store, load_criteria(project.criteria_path), path,
                            project.reviewers, **kw)


def test_rayyan_key_is_not_a_litsearch_id(review, tmp_path):
    """Rayyan's numeric key equals another record's litsearch id: the DOI decides."""
    project, ids = review
    rows = [{"key": str(ids[3]), "title": TITLE.format(5), "year": "2020",
             "doi": "10.1000/jmh.5", "authors": "Jansen, A and de Vries, B",
             "notes": 'RAYYAN-INCLUSION: {"alice"=>"Included", "bob"=>"Excluded"} | '
                      "RAYYAN-EXCLUSION-REASONS: wrong population"},
            {"key": str(ids[6]), "title": TITLE.format(7), "year": "2022", "pubmed_id": "1007",
             "notes": 'RAYYAN-INCLUSION: {"alice"=>"Maybe"}'},
            {"key": "rayyan-42924189", "title": TITLE.format(2), "year": "2017", "notes": ""}]
    path = _write(tmp_path / "articles.csv", RAYYAN, rows)
    result = _import(project, path)
    assert _decisions(project) == [(ids[5], "alice", "include", None),
                                   (ids[5], "bob", "exclude", "wrong population"),
                                   (ids[7], "alice", "maybe", None)]
    assert result.skipped_blank == 1 and result.unread_id_columns == ["key"]


def test_asreview_record_id_is_not_a_litsearch_id(review, tmp_path):
    project, ids = review
    rows = [{"record_id": "0", "title": TITLE.format(4), "doi": "https://doi.org/10.1000/JMH.4",
             "asreview_label": "1", "asreview_user_name": "bob"},
            {"record_id": "1", "title": TITLE.format(9), "year": "2016", "asreview_label": "0",
             "asreview_user_name": "bob"},
            {"record_id": "2", "title": TITLE.format(3), "asreview_label": ""}]
    result = _import(project, _write(tmp_path / "asreview.csv", ASREVIEW, rows))
    assert result.imported == 2 and result.skipped_blank == 1
    assert _decisions(project) == [(ids[4], "bob", "include", None),
                                   (ids[9], "bob", "exclude", None)]


def test_covidence_list_with_one_decision(review, tmp_path):
    project, ids = review
    rows = [{"Title": TITLE.format(1), "Published Year": "2016", "DOI": "10.1000/jmh.1",
             "Covidence #": "#1", "Study": "Jansen 2016"},
            {"Title": TITLE.format(10), "Published Year": "2017", "Covidence #": f"#{ids[0]}",
             "Study": "Jansen 2017"}]
    path = _write(tmp_path / "covidence.csv", COVIDENCE, rows)
    _import(project, path, decision="include", reviewer="alice")
    assert _decisions(project) == [(ids[1], "alice", "include", None),
                                   (ids[10], "alice", "include", None)]


@pytest.mark.parametrize("row, why", [
    ({"doi": "10.1000/jmh.5", "title": TITLE.format(6)}, "its identifiers disagree"),
    ({"doi": "10.1000/jmh.5", "pubmed_id": "1006"}, "its identifiers disagree"),
    ({"doi": "10.9999/elsewhere", "title": TITLE.format(6), "year": "2021"},
     "has DOI 10.1000/jmh.6, the row '10.9999/elsewhere'"),
    ({"doi": "10.9999/elsewhere"}, "no work in the review has DOI '10.9999/elsewhere'"),
    ({"title": TITLE.format(6), "year": "1999"}, "is in the review, but not with year 1999"),
    ({"title": "A paper nobody imported", "year": "2020"}, "no work in the review has title"),
    ({"key": "3"}, "no DOI, PMID or title on this row"),
])
def test_rows_crafted_to_mismatch_are_refused_and_nothing_is_written(review, tmp_path, row,
                                                                     why):
    project, ids = review
    good = {"title": TITLE.format(1), "year": "2016", "doi": "10.1000/jmh.1",
            "notes": 'RAYYAN-INCLUSION: {"alice"=>"Included"}'}
    path = _write(tmp_path / "rayyan.csv", RAYYAN,
                  [good, {**row, "notes": 'RAYYAN-INCLUSION: {"alice"=>"Excluded"}'}])
    with pytest.raises(UnmatchedRowsError) as info:
        _import(project, path)
    assert info.value.rows[0][0] == 3 and why in info.value.rows[0][1]
    assert _decisions(project) == []
    result = _import(project, path, skip_unmatched=True)
    assert result.imported == 1 and result.skipped[0][0] == 3
    assert _decisions(project) == [(ids[1], "alice", "include", None)]


def test_two_rows_giving_one_work_different_decisions_are_refused(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_text("doi,pmid,decision\n10.1000/jmh.2,,include\n,1002,exclude\n"
                    "10.1000/jmh.3,,include\n10.1000/jmh.3,1003,include\n", encoding="utf-8")
    with pytest.raises(UnmatchedRowsError) as info:
        _import(project, path, reviewer="alice")
    assert [line for line, _ in info.value.rows] == [2, 3]
    result = _import(project, path, reviewer="alice", skip_unmatched=True)
    assert result.imported == 1 and result.repeated == 1


def test_a_title_shared_by_two_works_is_ambiguous(project, seeded, record_factory, tmp_path):
    ids = seeded(project.store, [record_factory(1, doi=None, pmid=None, year=2020),
                                 record_factory(1, doi=None, pmid=None, year=2020,
                                                journal="Other journal")])
    path = tmp_path / "d.csv"
    path.write_text(f"title,year,decision\n{TITLE.format(1)},2020,include\n", encoding="utf-8")
    with pytest.raises(UnmatchedRowsError, match=f"matches 2 works .records {ids[0]}, {ids[1]}"):
        _import(project, path, reviewer="alice")
    path.write_text(f"litsearch_record_id,title,decision\n{ids[1]},{TITLE.format(1)},include\n",
                    encoding="utf-8")
    assert _import(project, path, reviewer="alice").imported == 1


def test_id_column_names_the_litsearch_ids(review, tmp_path):
    project, ids = review
    path = tmp_path / "d.csv"
    path.write_text(f"my id,doi,decision\n{ids[2]},10.1000/jmh.2,include\n"
                    f"{ids[3]},10.1000/jmh.4,include\n", encoding="utf-8")
    with pytest.raises(UnmatchedRowsError, match="line 3: its identifiers disagree"):
        _import(project, path, reviewer="alice", id_column="My ID")
    with pytest.raises(Exception, match="--id-column 'nope' is not a column"):
        _import(project, path, reviewer="alice", id_column="nope")


# --- the class: a table over every combination of identifiers, against an oracle ----------

DOIS = ["10.1000/a", "10.1000/b", "10.1000/c"]
PMIDS = ["11", "12", "13"]
TITLES = ["Alpha study", "Beta study", "Gamma study"]
YEARS = [2001, 2002]

_record = st.tuples(st.sampled_from([*DOIS, None]), st.sampled_from([*PMIDS, None]),
                    st.sampled_from([*TITLES, None]), st.sampled_from([*YEARS, None]))
_cell = st.sampled_from


def _oracle(records, groups, row):
    """The one work every identifier on the row allows, written from the records directly."""
    unit_of = {rid: min(g) for g in groups for rid in g}
    works = {}
    for rid, (doi, pmid, title, year) in records.items():
        w = works.setdefault(unit_of[rid], {"doi": set(), "pmid": set(), "title": set(),
                                            "year": set(), "id": set()})
        for kind, value in (("doi", doi), ("pmid", pmid), ("title", title), ("year", year),
                            ("id", str(rid))):
            if value is not None:
                w[kind].add(value.lower() if kind == "title" else value)
    keys = {k: (row[k].lower() if k == "title" else row[k]) for k in ("id", "doi", "pmid",
                                                                     "title") if row.get(k)}
    year = int(row["year"]) if row.get("year") else None
    strong = {u for u, w in works.items() for k in ("id", "doi", "pmid")
              if keys.get(k) in w[k]}
    hit = {k: {u for u, w in works.items() if v in w[k]} for k, v in keys.items()}
    if "title" in hit and not strong and year is not None:
        hit["title"] = {u for u in hit["title"] if year in works[u]["year"]}
    hits = {k: v for k, v in hit.items() if v}
    if not hits:
        return None
    common = set.intersection(*hits.values())
    if len(common) != 1:
        return None
    (unit,) = common
    for k in ("id", "doi", "pmid"):
        if k in keys and k not in hits and (k == "id" or works[unit][k]):
            return None
    return unit


@settings(max_examples=300, deadline=None)
@given(records=st.lists(_record, min_size=1, max_size=6), data=st.data())
def test_match_row_agrees_with_the_oracle(records, data):
    numbered = {i + 1: r for i, r in enumerate(records)}
    ids = list(numbered)
    groups, rest = [], ids[:]
    while rest:
        size = data.draw(st.integers(1, len(rest)))
        groups.append(rest[:size])
        rest = rest[size:]
    unit_of = {rid: min(g) for g in groups for rid in g}
    index = WorkIndex.build(unit_of, [(rid, d, p, t, y) for rid, (d, p, t, y) in
                                      numbered.items()])
    row = {"id": data.draw(_cell(["", "", "1", "2", "99"])),
           "doi": data.draw(_cell(["", *DOIS, "10.1000/zzz"])),
           "pmid": data.draw(_cell(["", *PMIDS, "99"])),
           "title": data.draw(_cell(["", *TITLES, "Delta study"])),
           "year": data.draw(_cell(["", "2001", "2002", "1990"]))}
    found = match_row(index, row)
    assert found.unit == _oracle(numbered, groups, row), found.reason
    assert (found.unit is None) == bool(found.reason)


def test_litsearch_own_decisions_export_is_read_back_by_its_id_column(review, tmp_path):
    from litsearch.screening.audit import export_decisions
    from litsearch.screening.decisions import record_decision

    project, ids = review
    record_decision(project.store, ids[2], "title-abstract", "bob", "include")
    out = tmp_path / "decisions.csv"
    export_decisions(project.store, "csv", out)
    assert open(out, encoding="utf-8").readline().startswith("event_id,litsearch_record_id,")
    result = _import(project, out)
    assert result.imported == 1 and result.unread_id_columns == []
