"""Author lists run together without separators: read when unambiguous, else untrusted.

Real shapes: MEDLINE-style names whose separators a CSV or an older Embase export lost
("Smith J Jones AB Brown C"), the same in capitals, EndNote's "Adeli K.Lewis G. F."
(Diabetes set), and full names in capitals ("SMITH JOHN JONES ANNE") where no reader
can tell family names from given names. A guess must never make a merge.
"""

from __future__ import annotations

import pytest
from dedup_fixtures import add
from hypothesis import assume, example, given
from hypothesis import strategies as st

from litsearch import normalise as norm
from litsearch.dedup.names import split_author_list
from litsearch.dedup.normalise import prepare
from litsearch.dedup.pipeline import find_pairs
from litsearch.dedup.settings import DedupSettings
from litsearch.models import Record

#: (the only author cell, family names matching reads, judged untrustworthy).
AUTHOR_CELLS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("Smith J Jones AB Brown C", ("smith", "jones", "brown"), False),
    ("SMITH J JONES AB BROWN C", ("smith", "jones", "brown"), False),
    ("LI J WU X ZHANG YH", ("li", "wu", "zhang"), False),          # short family names
    ("van der Berg M Smith J", ("berg", "smith"), False),
    ("de la Cruz M Smith J", ("cruz", "smith"), False),
    ("Khan M García AL Osei LB Mensah A", ("khan", "garcia", "osei", "mensah"), False),
    ("VAN DEN BERGH L M J", ("bergh",), False),                    # one name (WoS BIOSIS)
    ("LI J DE LA CRUZ M", ("li", "cruz"), False),
    ("O'Brien K McDonald AJ", ("brien", "mcdonald"), False),
    ("Sberro-Soussan R Legendre C", ("soussan", "legendre"), False),
    ("Smith J.A. Jones B.", ("smith", "jones"), False),
    ("Adeli K.Lewis G. F.", ("adeli", "lewis"), False),            # EndNote, Diabetes set
    ("Hollister LE, Sjoberg BM", ("hollister", "sjoberg"), False),  # a Vancouver list
    ("Brownstein C D", ("brownstein",), False),                   # one name, spaced initials
    ("SMITH A B C", ("smith",), False),
    ("John A. Smith", ("smith",), False),
    ("Maria del Carmen Garcia", ("garcia",), False),
    ("WHO Collaborating Group on Diabetes Prevention Trials",
     ("who collaborating group on diabetes prevention trials",), False),
    ("SMITH JOHN JONES ANNE", (), True),                           # family or given?
    ("MARTIN DE SOUZA M", (), True),                               # one name, or two?
    ("John A Smith Mary B Jones", (), True),                       # given names first
    # Full names in capitals, as some Chinese-database exports write them: the 2-3
    # letter given names look like initials, and "WANG XIAOGUANG" like a double surname.
    ("WANG XIAOGUANG LI MING ZHANG WEI", (), True),
    ("CHEN JIANHUA LIU YANG", (), True),
    ("GARCIA LOPEZ J MARTIN AB", (), True),                        # double surname, or not?
)


@pytest.mark.parametrize(("cell", "families", "untrusted"), AUTHOR_CELLS)
def test_author_cell_is_read_as_names_or_judged_untrustworthy(cell, families, untrusted):
    prepared = prepare(Record(title="x", authors=norm.authors([cell])))
    if families and " " in families[0]:  # a group author is kept whole
        assert prepared.authors and prepared.authors[0] == families[0].split()[-1]
    else:
        assert prepared.authors == families
    assert prepared.untrusted == ((f"authors={cell}",) if untrusted else ())


def test_a_name_among_separated_names_is_never_judged_a_run_together_list():
    # Only a record's only author cell can hold a whole list.
    prepared = prepare(Record(title="x", authors=norm.authors(["SMITH JOHN JONES ANNE",
                                                                "Patel, Ravi"])))
    assert prepared.untrusted == () and "patel" in prepared.authors


def test_an_unreadable_author_list_makes_no_merge():
    # Read the old way, "SMITH JOHN JONES ANNE" gave the family name "jones", which
    # merged two records of one title and year in different journals by their authors.
    title = "Outcomes of early mobilisation after hip fracture surgery in older adults"
    a = Record(title=title, year=2019, journal="Age and Ageing", database="embase",
               authors=norm.authors(["SMITH JOHN JONES ANNE"]))
    b = Record(title=title, year=2019, journal="Osteoporosis International", database="pubmed",
               authors=norm.authors(["Jones, Anne", "Patel, Ravi"]))
    outcomes = {r.outcome for r in find_pairs([prepare(a), prepare(b)], DedupSettings())}
    assert "merged" not in outcomes


def test_a_run_together_list_read_as_names_matches_its_separated_copy():
    title = "Plasma exchange before kidney transplantation in sensitised recipients"
    a = Record(title=title, year=2018, journal="Transplantation", volume="102", issue="4",
               start_page="611", end_page="618", database="embase",
               authors=norm.authors(["SMITH J JONES AB BROWN C"]))
    b = Record(title=title, year=2018, journal="Transplantation", volume="102", issue="4",
               start_page="611", end_page="618", database="pubmed",
               authors=norm.authors(["Smith J", "Jones AB", "Brown C"]))
    (pair,) = find_pairs([prepare(a), prepare(b)], DedupSettings())
    assert pair.outcome == "merged" and "authors" in pair.rule


_PARTICLE_WORDS = {p.capitalize() for p in norm.PARTICLES}
_family = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda w: w not in _PARTICLE_WORDS)
_initials = st.from_regex(r"[A-Z]{1,3}", fullmatch=True)
_names = st.lists(st.tuples(st.lists(_family, min_size=1, max_size=2), _initials),
                  min_size=2, max_size=8)


@given(_names, st.booleans())
@example([(["Garcia"], "AL"), (["Osei"], "LB")], False)  # initials that spell a particle
@example([(["Smith"], "J"), (["Li"], "WU"), (["Wu"], "X")], False)
def test_a_run_together_list_is_read_right_or_not_split(names, capitals):
    # Whatever the names, a split is the true one; an ambiguous cell stays whole. In
    # capitals a short word is initials unless it stands alone as a family name or is a
    # particle: a family name of several words is read only with words of 4+ letters
    # (names.py's stated assumption; "DE LA CRUZ" is read through its particles).
    assume(not capitals or all(len(family) == 1 or min(map(len, family)) > 3
                               for family, _ in names))
    cell = " ".join(f"{' '.join(family)} {initials}" for family, initials in names)
    cell = cell.upper() if capitals else cell
    author = norm.author(cell)
    read = split_author_list(author)
    truth = [(" ".join(family), initials) for family, initials in names]
    if capitals:
        truth = [(family.upper(), initials) for family, initials in truth]
    assert read == [author] or [(a.family, a.initials) for a in read] == truth
    if not capitals:
        assert [(a.family, a.initials) for a in read] == truth  # mixed case is never in doubt


def test_a_review_deduplicated_by_the_reader_before_is_matched_again(store, monkeypatch):
    # Rules 4 first shipped reading "SMITH JOHN JONES ANNE" as the family name "jones"
    # (no cell was judged unreadable), and its runs and cached keys say "rules 4". The
    # reader of run-together lists changes what matching reads of such cells, so a
    # review deduplicated before it must be matched again, not kept as the old reader
    # left it (a merge of two different works behind a correct-looking run).
    from litsearch.dedup import engine, names, run_dedup
    title = "Outcomes of early mobilisation after hip fracture surgery in older adults"
    a = Record(title=title, year=2019, journal="Age and Ageing", database="embase",
               authors=norm.authors(["SMITH JOHN JONES ANNE"]))
    b = Record(title=title, year=2019, journal="Osteoporosis International", database="pubmed",
               authors=norm.authors(["Jones, Anne", "Patel, Ravi"]))
    add(store, [a, b])
    with monkeypatch.context() as old_reader:
        old_reader.setattr(names, "unreadable_authors", lambda authors: ())
        old_reader.setattr(names, "_read_unseparated", lambda words: ([], 0))
        run_dedup(store)
    with store.transaction():  # what that release wrote
        store.execute("UPDATE dedup_runs SET version = 'litsearch 0.1.0, rules 4'")
        store.execute("UPDATE dedup_keys SET version = '4' || substr(version, instr(version, ':'))")
    count = "SELECT COUNT(DISTINCT cluster_id) FROM cluster_members"
    assert store.execute(count).fetchone()[0] == 1  # the old reader's merge

    summary = run_dedup(store)
    assert summary.rematched and "rules 4" in summary.rematched
    assert store.execute(count).fetchone()[0] == 2 and engine.RULES_VERSION != "4"


@pytest.mark.parametrize(("cell", "family"), [
    ("Smith J et al", "Smith"), ("Smith J. et al.", "Smith"), ("Smith, J. et al.", "Smith"),
    ("Smith JA and others", "Smith")])
def test_a_cut_author_list_is_read_as_its_first_author_not_as_et_al(cell, family):
    assert norm.author(cell).family == family


def test_two_first_authors_each_followed_by_et_al_are_not_one_author():
    # "Smith J et al" was read as the family name "al", first initial S: so was
    # "Sanders K et al", and two works of one title and year merged on "the same authors".
    title = "Effects of a school-based exercise programme on depressive symptoms in adolescents"
    a = Record(title=title, year=2017, database="embase", authors=norm.authors(["Smith J et al"]))
    b = Record(title=title, year=2017, database="pubmed",
               authors=norm.authors(["Sanders K et al"]))
    outcomes = {r.outcome for r in find_pairs([prepare(a), prepare(b)], DedupSettings())}
    assert "merged" not in outcomes
    # Stored before the fix (family "al", the cell kept as raw): read from the raw cell.
    from litsearch.models import Author
    old = Record(title=title, year=2017, database="embase",
                 authors=[Author(family="al", initials="SJE", raw="Smith J et al")])
    assert prepare(old).authors == ("smith",)


def test_full_names_in_capitals_make_no_merge_and_no_veto():
    # "WANG XIAOGUANG LI MING ZHANG WEI" was read as "Wang Xiaoguang LI" and "Ming Zhang
    # WEI" (family names xiaoguang, zhang), trusted, and compared with the separated
    # copy's wang, li, zhang as a different author list. Judged untrustworthy, it is
    # evidence of nothing: the pair is decided by its other fields, and reported.
    title = "Acupuncture for post-stroke shoulder pain: a randomised controlled trial"
    fields = dict(title=title, year=2016, journal="Chinese Journal of Rehabilitation",
                  volume="31", issue="2", start_page="121", end_page="125")
    a = prepare(Record(**fields, database="cnki",
                       authors=norm.authors(["WANG XIAOGUANG LI MING ZHANG WEI"])))
    b = prepare(Record(**fields, database="embase",
                       authors=norm.authors(["Wang X", "Li M", "Zhang W"])))
    assert a.authors == () and a.untrusted == ("authors=WANG XIAOGUANG LI MING ZHANG WEI",)
    (pair,) = find_pairs([a, b], DedupSettings())
    assert pair.outcome != "distinct"
