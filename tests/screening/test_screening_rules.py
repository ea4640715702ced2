"""Rule criteria applied by `screen --auto`: years, languages, publication types, terms."""

from __future__ import annotations

import pytest

from litsearch.errors import ScreeningError
from litsearch.screening.criteria import Rules, TermRule, parse_criteria
from litsearch.screening.language import detect_language
from litsearch.screening.rules import apply_rules, check_record
from litsearch.screening.status import screening_status

GERMAN = ("Die Bedeutung der Spiritualität in der psychiatrischen Versorgung",
          "Wir untersuchten die Bedeutung von Spiritualität bei Patienten mit schweren "
          "psychischen Erkrankungen in ambulanten Einrichtungen.")
DUTCH = ("Zingeving in de ambulante geestelijke gezondheidszorg: een kwalitatief onderzoek",
         "Wij interviewden hulpverleners over hun aandacht voor zingeving bij cliënten.")


def _row(**fields):
    base = {"title": "Spiritual care in mental health", "abstract": "", "year": 2015,
            "language": "en", "publication_types": [], "keywords": [], "subject_headings": []}
    base.update(fields)
    return base


def test_year_rule_and_missing_year():
    rules = Rules(year_min=2010, year_max=2022)
    assert check_record(_row(year=2009), rules).rule == "year"
    assert check_record(_row(year=2023), rules).detail == "published 2023, after 2022"
    assert check_record(_row(year=2010), rules) is None
    assert check_record(_row(year=None), rules) is None


def test_language_field_and_detection():
    rules = Rules(languages=("en", "nl"))
    assert check_record(_row(language="de"), rules).rule == "language"
    assert check_record(_row(language="nl"), rules) is None
    title, abstract = GERMAN
    verdict = check_record(_row(language=None, title=title, abstract=abstract), rules)
    assert verdict.rule == "language" and "'de' detected" in verdict.detail
    title, abstract = DUTCH
    assert check_record(_row(language=None, title=title, abstract=abstract), rules) is None
    # Too little text to tell: never excluded on a guess.
    assert check_record(_row(language=None, title="Effects of X", abstract=None), rules) is None
    assert detect_language(*DUTCH).language == "nl"


def test_publication_type_rules():
    rules = Rules(exclude_publication_types=("editorial", "conference*"))
    assert check_record(_row(publication_types=["Conference Abstract"]), rules).rule == \
        "publication-type"
    assert check_record(_row(publication_types=["Journal Article"]), rules) is None
    assert check_record(_row(publication_types=[]), rules) is None
    only = Rules(include_publication_types=("journal article", "review"))
    assert check_record(_row(publication_types=["Book Chapter"]), only) is not None
    assert check_record(_row(publication_types=["Review"]), only) is None


def test_exclusion_terms_with_unless():
    rule = TermRule("animal-only", ("rats", "mice", "animal model*"), ("patient*", "human*"))
    rules = Rules(exclude_terms=(rule,))
    hit = check_record(_row(title="Spirituality-like behaviour in rats", abstract="Mice too."),
                       rules)
    assert hit.rule == "animal-only" and "rats" in hit.detail
    assert check_record(_row(title="From mice to patients: translational models"), rules) is None
    assert check_record(_row(title="Pirates of meaning"), rules) is None  # word boundaries
    assert check_record(_row(abstract="An animal modelling study"), rules).rule == "animal-only"


CRITERIA = parse_criteria("""
[rules]
year_min = 2010
languages = ["en", "nl"]
exclude_publication_types = ["editorial"]
exclude_terms = ["rats"]
""")


def test_apply_rules_records_exclusions_and_is_idempotent(project, seeded, record_factory):
    records = [record_factory(0), record_factory(1, year=2001), record_factory(2, year=None),
               record_factory(3, language=None, title=GERMAN[0], abstract=GERMAN[1]),
               record_factory(4, publication_types=["Editorial"]),
               record_factory(5, title="Meaning in rats")]
    ids = seeded(project.store, records)
    first = apply_rules(project.store, CRITERIA)
    assert first.excluded == {"year": 1, "language": 1, "publication-type": 1, "exclude-terms": 1}
    assert first.newly_excluded == 4 and first.languages_detected == 1
    rows = project.store.execute(
        "SELECT record_id, stage, reviewer, criterion FROM decisions ORDER BY record_id").fetchall()
    assert [tuple(r) for r in rows] == [
        (ids[1], "auto", "litsearch-rules", "year"),
        (ids[3], "auto", "litsearch-rules", "language"),
        (ids[4], "auto", "litsearch-rules", "publication-type"),
        (ids[5], "auto", "litsearch-rules", "exclude-terms")]
    second = apply_rules(project.store, CRITERIA)
    assert second.newly_excluded == 0 and second.excluded == first.excluded
    assert project.store.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 4
    status = screening_status(project.store)
    assert status["auto_excluded"] == 4 and status["title-abstract"]["pool"] == 2


def test_loosened_criteria_return_records_to_screening(project, seeded, record_factory):
    seeded(project.store, [record_factory(0, year=2001), record_factory(1)])
    apply_rules(project.store, CRITERIA)
    result = apply_rules(project.store, parse_criteria("[rules]\nyear_min = 2000\n"))
    assert result.restored == 1
    assert screening_status(project.store)["title-abstract"]["pool"] == 2


def test_rules_need_dedup_first(project, seeded, record_factory):
    seeded(project.store, [record_factory(0)])
    from litsearch.store.records import SearchRun, add_records, add_search_run
    with project.store.transaction():
        run = add_search_run(project.store, SearchRun(database="embase"))
        add_records(project.store, run, [record_factory(1, database="embase")])
    with pytest.raises(ScreeningError, match="1 of 2 records have not been deduplicated"):
        apply_rules(project.store, CRITERIA)
