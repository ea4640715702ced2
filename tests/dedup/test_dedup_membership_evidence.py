"""Clusters follow all the evidence: undoing a decision restores, review pairs wait.

Found by an audit: (1) a "same" decision that a veto contradicts pushes a true
duplicate out of its cluster, and undoing the decision left it out for good; (2) a
pair sent to review was merged anyway when a third record matched both; (3) two
different PMIDs were read as "unknown" rather than as a conflict.
"""

from __future__ import annotations

from dedup_fixtures import add

from litsearch.dedup import decide_pair, review_queue, run_dedup
from litsearch.dedup.match import compare
from litsearch.dedup.normalise import prepare
from litsearch.models import Author, Record
from litsearch.store import Store

AUTHORS = [Author("Pell", "JP"), Author("Haw", "S"), Author("Cobbe", "S")]
TITLE = "Smoke-free legislation and hospitalizations for acute coronary syndrome"


def _paper(**fields: object) -> Record:
    base = dict(title=TITLE, authors=list(AUTHORS), year=2008, journal="N Engl J Med",
                volume="359", issue="5", start_page="482", end_page="491",
                doi="10.1056/NEJMsa0706740", database="pubmed")
    return Record(**{**base, **fields})


def _clusters(store: Store) -> dict[int, int]:
    return dict(store.execute("SELECT record_id, cluster_id FROM cluster_members"))


def test_undoing_a_contradicted_same_decision_brings_the_pushed_out_duplicate_back() -> None:
    with Store(":memory:") as store:
        a, b = add(store, [_paper(), _paper(doi=None, database="embase")])
        # An erratum notice of the same paper: kept apart from both by a hard veto.
        (c,) = add(store, [_paper(title=f"Erratum: {TITLE}", doi=None, start_page="1000",
                                  end_page=None)])
        run_dedup(store)
        before = _clusters(store)
        assert before[a] == before[b] != before[c]
        decide_pair(store, a, c, "same", "alice")  # a mistaken call ...
        after = _clusters(store)
        assert after[a] == after[c] and after[b] != after[a]  # b cannot sit with the erratum
        decide_pair(store, a, c, "undo", "alice")  # ... taken back
        restored = _clusters(store)
        assert restored[a] == restored[b] != restored[c]
        run_dedup(store)  # and later runs keep it so
        assert _clusters(store)[a] == _clusters(store)[b]


def test_a_pair_waiting_for_review_is_not_merged_through_a_third_record() -> None:
    with Store(":memory:") as store:
        # One title and authors in the same journal eight years apart: a reviewer's call.
        old, new = add(store, [_paper(year=1988, volume="93", issue=None, start_page=None,
                                      end_page=None, doi=None),
                               _paper(year=1996, volume="109", issue=None, start_page=None,
                                      end_page=None, doi=None)])
        run_dedup(store)
        assert len(review_queue(store)) == 1
        # A record without a year matches both.
        (bridge,) = add(store, [_paper(year=None, volume=None, issue=None, start_page=None,
                                       end_page=None, doi=None, database="embase")])
        run_dedup(store)
        clusters = _clusters(store)
        assert clusters[old] != clusters[new]  # not merged behind the reviewer's back
        assert clusters[bridge] in (clusters[old], clusters[new])
        pairs = {(p.record_a, p.record_b) for p in review_queue(store)}
        assert (old, new) in pairs  # still waiting
        decide_pair(store, old, new, "same", "alice")
        clusters = _clusters(store)
        assert clusters[old] == clusters[new] == clusters[bridge]


def test_two_different_pmids_are_a_conflict_not_unknown() -> None:
    a = prepare(_paper(pmid="18389091", doi=None))
    b = prepare(_paper(pmid="18560622", doi=None))
    assert compare(a, b).pmid is False
    assert compare(a, prepare(_paper(pmid="18389091", doi=None))).pmid is True
    assert compare(a, prepare(_paper(pmid=None, doi=None))).pmid is None
    # A matching PMCID still counts as the same work.
    c = prepare(_paper(pmid="18389091", pmcid="PMC123", doi=None))
    assert compare(c, prepare(_paper(pmid="999", pmcid="PMC123", doi=None))).pmid is True


def test_changed_settings_rematch_every_record_and_keep_manual_decisions() -> None:
    from litsearch.dedup import DedupSettings

    with Store(":memory:") as store:
        # One paper as a 2007 online-first record and the 2009 print record.
        early, late = add(store, [_paper(year=2007, doi=None), _paper(year=2009, doi=None,
                                                                      database="embase")])
        (other,) = add(store, [_paper(title="A different study of something else entirely",
                                      doi=None, pmid="1")])
        first = run_dedup(store)
        assert first.rematched == "" and _clusters(store)[early] != _clusters(store)[late]
        decide_pair(store, early, other, "different", "alice")
        again = run_dedup(store)  # nothing new, nothing changed
        assert again.rematched == "" and again.new_records == 0
        kept = _clusters(store)
        wider = run_dedup(store, DedupSettings(max_year_gap=2))
        assert "max_year_gap" in wider.rematched and wider.new_records == 3
        clusters = _clusters(store)
        assert clusters[early] == clusters[late] != clusters[other]
        assert clusters[other] == kept[other] and clusters[early] == kept[early]  # ids kept
        assert run_dedup(store, DedupSettings(max_year_gap=2)).rematched == ""


def test_two_different_pmids_go_to_review_not_merged() -> None:
    """A monthly column under one title, same authors and volume, two issues and PMIDs."""
    from litsearch.dedup import DedupSettings
    from litsearch.dedup.match import classify

    column = dict(title="Gateways to clinical trials", year=2008, journal="Methods Find Exp "
                  "Clin Pharmacol", volume="30", doi=None, start_page=None, end_page=None)
    a = prepare(_paper(**column, issue="1", pmid="18389091"))
    b = prepare(_paper(**column, issue="3", pmid="18560622"))
    outcome, rule, _score = classify(compare(a, b), DedupSettings())
    assert outcome != "merged" and "pmid" in rule


def test_one_database_record_exported_twice_is_one_record_whatever_its_title(tmp_path) -> None:
    """Audit: the same Embase record ("Editorial") from two overlapping exports stayed apart."""
    from litsearch.dedup.normalise import accession
    from litsearch.importers.pipeline import import_file

    entry = ("TY  - JOUR\nDB  - Embase\nU2  - L2004567890\nT1  - Editorial\n"
             "JF  - Journal of Psychiatric Care\nY1  - 2004\nER  - \n\n")
    other = entry.replace("L2004567890", "L2004567999")  # another editorial, same journal
    with Store(":memory:") as store:
        for name, text in (("week1.ris", entry + other), ("week2.ris", entry)):
            (tmp_path / name).write_text(text, encoding="utf-8")
            import_file(store, tmp_path / name, "embase")
        run_dedup(store)
        clusters = _clusters(store)
        assert clusters[1] == clusters[3] != clusters[2]
        rule = store.execute("SELECT rule FROM dedup_pairs WHERE record_a = 1 AND record_b = 3"
                             ).fetchone()[0]
        assert rule == "id:accession"
    # Only numbers unique worldwide count: a reference manager's record number never does.
    assert accession("WOS:000258385600003") == "wos:WOS:000258385600003"
    assert accession("2-s2.0-85012345678").startswith("scopus:")
    assert accession("2015-12345-001").startswith("psycinfo:")
    assert accession("1234") == accession("") == accession(None) == ""


def test_the_screened_work_shows_what_only_a_duplicate_carries(project) -> None:
    """The reviewer sees the work: the representative's gaps filled from its duplicates."""
    from litsearch.screening.criteria import load_criteria
    from litsearch.screening.session import ScreeningSession

    store = project.store
    (embase,) = add(store, [_paper(abstract=None, doi=None, database="embase", pmid=None,
                                   keywords=["smoking"], language="en", issn="0028-4793")])
    (pubmed,) = add(store, [_paper(abstract="Background: ...", pmid="18669427", doi=None)])
    run_dedup(store)
    session = ScreeningSession(store, load_criteria(project.criteria_path), "title-abstract",
                               "alice")
    shown = session.record()
    assert shown is not None and session.current in (embase, pubmed)
    assert shown.abstract == "Background: ..." and shown.pmid == "18669427"
    assert shown.keywords == ["smoking"] and shown.issn == "0028-4793"
    # The copies themselves stay as imported.
    assert store.execute("SELECT abstract, pmid FROM records WHERE id = ?",
                         (embase,)).fetchone()[:] == (None, None)


def test_a_split_is_taken_back_in_one_step() -> None:
    from litsearch.dedup import split_cluster, undo_split
    from litsearch.errors import DedupError

    with Store(":memory:") as store:
        ids = add(store, [_paper(), _paper(doi=None, database="embase"),
                          _paper(doi=None, database="scopus", pmid=None)])
        run_dedup(store)
        cluster = _clusters(store)[ids[0]]
        assert len(set(_clusters(store).values())) == 1
        split_cluster(store, cluster, "alice")
        assert len(set(_clusters(store).values())) == 3
        assert sorted(undo_split(store, ids[1], "alice")) == sorted(ids)
        assert len(set(_clusters(store).values())) == 1  # back together, by the evidence
        run_dedup(store)
        assert len(set(_clusters(store).values())) == 1
        try:
            undo_split(store, ids[1], "alice")
        except DedupError as exc:
            assert "no standing split" in exc.message
        else:
            raise AssertionError("a split undone twice must be refused")


def test_same_is_refused_for_works_screened_to_different_outcomes() -> None:
    """Audit: a "same" call made an included study a duplicate of an excluded one."""
    from litsearch.errors import DedupError
    from litsearch.store import now

    with Store(":memory:") as store:
        a, b = add(store, [_paper(year=1988, doi=None, issue=None, start_page=None,
                                  end_page=None, volume="93"),
                           _paper(year=1996, doi=None, issue=None, start_page=None,
                                  end_page=None, volume="109", database="embase")])
        run_dedup(store)
        with store.transaction():
            for rid, decision in ((a, "include"), (b, "exclude")):
                store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                              "decided_at) VALUES (?, 'title-abstract', 'alice', ?, ?)",
                              (rid, decision, now()))
        before = _clusters(store)
        try:
            decide_pair(store, a, b, "same", "alice")
        except DedupError as exc:
            assert "screened differently at title-abstract (include vs exclude)" in exc.message
        else:
            raise AssertionError("joining an included and an excluded work must be refused")
        assert _clusters(store) == before
        assert store.execute("SELECT COUNT(*) FROM dedup_decisions").fetchone()[0] == 0
        with store.transaction():  # once the screening agrees, the call is allowed
            store.execute("INSERT INTO decisions (record_id, stage, reviewer, decision, "
                          "decided_at) VALUES (?, 'title-abstract', 'alice', 'include', ?)",
                          (b, now()))
        decide_pair(store, a, b, "same", "alice")
        assert _clusters(store)[a] == _clusters(store)[b]


def test_a_copy_joins_the_record_its_accession_number_names_after_a_split() -> None:
    """Audit: copies of a split cluster's records all joined its lowest record (ties by id)."""
    from litsearch.dedup import split_cluster

    def embase(accession: str) -> Record:
        return _paper(doi=None, database="embase", source_record_id=accession)

    with Store(":memory:") as store:
        a, b, c = add(store, [embase("L2004567001"), embase("L2004567002"),
                              embase("L2004567003")])
        run_dedup(store)
        split_cluster(store, _clusters(store)[a], "alice")  # a reviewer: three works
        (copy_b,) = add(store, [embase("L2004567002")])  # B again, from a later export
        run_dedup(store)
        clusters = _clusters(store)
        assert clusters[copy_b] == clusters[b] != clusters[a]
        assert clusters[a] != clusters[c] != clusters[b]
