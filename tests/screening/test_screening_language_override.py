"""The language rule keeps every record written in a review language, and any rule
exclusion can be overruled for one record by a reviewer (issue 13, finding 1)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from litsearch.importers import loads
from litsearch.report.explain import explain
from litsearch.report.prisma import compute_flow
from litsearch.screening.criteria import Rules, parse_criteria
from litsearch.screening.rules import apply_rules, check_record
from litsearch.screening.state import stage_pool

#: MEDLINE (.nbib) as PubMed writes it: one LA line per language of the article.
MEDLINE_TWO_LANGUAGES = """PMID- 31234567
TI  - Family debt and depressive symptoms among older adults in Germany and the
      Netherlands: a longitudinal study.
AB  - Background: Household debt is associated with depression. Methods: We followed
      2,104 adults aged 60 years and older for six years. Results: Debt at baseline
      predicted depressive symptoms at follow-up.
LA  - eng
LA  - ger
PT  - Journal Article
DP  - 2019 Mar

PMID- 31234568
TI  - Schulden und Depression im Alter: eine Längsschnittstudie.
AB  - Hintergrund: Schulden sind mit Depression verbunden. Methoden: Wir begleiteten
      2104 Erwachsene über sechs Jahre.
LA  - ger
PT  - Journal Article
DP  - 2019 Mar

"""

#: RIS as EBSCO and Ovid write a multi-language field: all languages in one LA line.
RIS_ONE_LINE = """TY  - JOUR
TI  - Meaning in life and burnout among nurses: a cross-sectional survey
AB  - We surveyed 512 nurses in Flanders about meaning in life and burnout.
LA  - English; German
PY  - 2018
ER  - {space}

TY  - JOUR
TI  - Sinngebung und Burnout bei Pflegekräften: eine Querschnittstudie
AB  - Wir befragten 512 Pflegekräfte in Flandern zu Sinngebung und Burnout.
LA  - eng ger
PY  - 2018
ER  - {space}
""".format(space=" ")  # RIS ends a record with "ER  - " (trailing space)

#: A SciELO-style record without a language field: an English title and abstract,
#: followed by the Spanish abstract the journal prints with every article.
BILINGUAL_TITLE = "Household debt and mental health among older adults in Lima, Peru"
BILINGUAL_ABSTRACT = (
    "Objective: To describe household debt and depression among older adults. "
    "Methods: Cross-sectional survey of 1,200 households. "
    "Results: Debt was associated with depressive symptoms. "
    "Resumen: Objetivo: Describir el endeudamiento de los hogares y la depresión en los "
    "adultos mayores de Lima. Métodos: Estudio transversal en 1200 hogares de la ciudad, "
    "con entrevistas a los miembros de cada hogar sobre sus deudas, sus ingresos y su salud "
    "mental durante el último año. Resultados: El endeudamiento se asoció con síntomas "
    "depresivos, sobre todo entre las mujeres y entre quienes vivían solos. Conclusiones: "
    "Las políticas de protección financiera de las personas mayores deberían considerar "
    "la salud mental de los hogares endeudados.")

SPANISH_TITLE = "Endeudamiento de los hogares y salud mental de los adultos mayores en Lima"
SPANISH_ABSTRACT = BILINGUAL_ABSTRACT.split("Resumen: ", 1)[1]


DATA = Path(__file__).resolve().parents[1] / "data"

#: PubMed XML (EFetch) lists one <Language> element per language of the article.
PUBMED_XML = (DATA / "eutils" / "efetch_synthetic.xml").read_text(encoding="utf-8").replace(
    "<Language>eng</Language>", "<Language>eng</Language><Language>ger</Language>")


def _rows(text: str) -> list[dict]:
    return [{"title": r.title, "abstract": r.abstract, "year": r.year, "language": r.language,
             "publication_types": r.publication_types, "keywords": r.keywords,
             "subject_headings": r.subject_headings} for r in loads(text).records]


@pytest.mark.parametrize("text", [MEDLINE_TWO_LANGUAGES, RIS_ONE_LINE, PUBMED_XML],
                         ids=["medline-repeated-LA", "ris-one-line", "pubmed-xml"])
def test_a_field_naming_several_languages_counts_each(text):
    rows = _rows(text)
    english = Rules(languages=("en",))
    german = Rules(languages=("de",))
    assert check_record(rows[0], english) is None  # eng + ger: kept for an English review
    assert check_record(rows[0], german) is None  # ... and for a German one
    assert all(check_record(r, german) is None for r in rows)
    dutch = Rules(languages=("nl",))
    verdict = check_record(rows[0], dutch)
    assert verdict.rule == "language" and "en; de" in verdict.detail


def test_english_record_with_a_second_abstract_is_kept():
    rules = Rules(languages=("en",))
    row = {"title": BILINGUAL_TITLE, "abstract": BILINGUAL_ABSTRACT, "language": None}
    assert check_record(row, rules) is None
    from litsearch.screening.language import find_languages

    assert set(find_languages(BILINGUAL_TITLE, BILINGUAL_ABSTRACT).languages) >= {"en", "es"}
    # The same study published in Spanish only is excluded, and the note says on what.
    row = {"title": SPANISH_TITLE, "abstract": SPANISH_ABSTRACT, "language": None}
    verdict = check_record(row, rules)
    assert verdict.rule == "language" and "'es' detected" in verdict.detail


@pytest.mark.parametrize("row, why", [
    ({"title": "Grief in Peru", "abstract": None, "language": None}, "too short"),
    ({"title": "家庭债务与老年人心理健康 household debt and mental health", "abstract": None,
      "language": None}, "mixed script"),
    ({"title": BILINGUAL_TITLE, "abstract": BILINGUAL_ABSTRACT, "language": "und"},
     "names 'und'"),
], ids=["short", "mixed-script", "undetermined-field"])
def test_an_unsure_language_goes_to_people_not_out(row, why):
    assert check_record(row, Rules(languages=("nl",))) is None
    assert why in row["language_unsure"]


CRITERIA = """
[rules]
year_min = 2010
languages = ["en"]
include_publication_types = ["journal article", "review", "editorial"]
exclude_publication_types = ["editorial"]

[[rules.exclude_terms]]
id = "animal-only"
terms = ["rats"]
"""

#: One record per rule, each excluded by that rule only (field -> value it fires on).
EVERY_RULE = [
    ("year", {"year": 2004}, "published 2004"),
    ("language", {"language": "de"}, "language field 'de'"),
    ("language", {"language": None, "title": SPANISH_TITLE, "abstract": SPANISH_ABSTRACT},
     "'es' detected"),
    ("publication-type", {"publication_types": ["Editorial"]}, "'Editorial'"),
    ("publication-type", {"publication_types": ["Book Chapter"]}, "'Book Chapter' is not"),
    ("animal-only", {"title": "Meaning-making in rats"}, "mentions rats"),
]


@pytest.mark.parametrize("rule, fields, value", EVERY_RULE,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(EVERY_RULE)])
def test_every_rule_exclusion_can_be_overruled_for_one_record(review, cli, record_factory,
                                                              seeded, rule, fields, value):
    project, _ = review
    project.criteria_path.write_text(CRITERIA, encoding="utf-8")
    target, = seeded(project.store, [record_factory(40, **fields)])
    root = str(project.root)
    assert cli("screen", "--auto", "--review", root)[0] == 0
    flow = compute_flow(project.store, project.reviewers)
    assert target in flow.boxes["excluded_automatic"]
    # --explain names the rule and the value it fired on.
    shown = {row.record_id: row.detail for row in explain(project.store, flow,
                                                           "excluded_automatic")}
    assert shown[target].startswith(f"{rule}: ") and value in shown[target]
    # Refused without the override, as before.
    code, _, err = cli("screen", "decide", str(target), "--include", "--review", root)
    assert code == 2 and "--override-rule" in err
    code, _, err = cli("screen", "decide", str(target), "--include", "--override-rule",
                       "--review", root)
    assert code == 2 and "needs a reason" in err
    code, out, err = cli("screen", "decide", str(target), "--include", "--override-rule",
                         "--reason", "rule is wrong for this record", "--review", root)
    assert code == 0, err
    assert "overruled by alice" in out and f"Record {target}: include" in out
    # The override is an event of its own, beside the rule's exclusion.
    events = [tuple(r) for r in project.store.execute(
        "SELECT stage, reviewer, decision, criterion, note, resolution FROM decisions "
        "WHERE record_id = ? ORDER BY id", (target,))]
    assert events[0][:4] == ("auto", "litsearch-rules", "exclude", rule)
    assert events[1] == ("auto", "alice", "include", rule, "rule is wrong for this record", 1)
    assert events[2][:3] == ("title-abstract", "alice", "include")
    # PRISMA counts it as screened by a human, no longer as removed by automation.
    flow = compute_flow(project.store, project.reviewers)
    assert target not in flow.boxes["excluded_automatic"]
    assert target in flow.boxes["records_screened"]
    assert target in flow.boxes["dbr_sought_reports"]
    # Running the rules again keeps the override.
    assert cli("screen", "--auto", "--review", root)[0] == 0
    assert stage_pool(project.store, "title-abstract", [target]) == [target]
    # export decisions shows the rule, the value and the override.
    code, out, err = cli("export", "decisions", "--review", root)
    assert code == 0, err
    exported = [r for r in csv.DictReader(io.StringIO(out))
                if r["litsearch_record_id"] == str(target)]
    assert exported[0]["criterion"] == rule and value in exported[0]["note"]
    assert exported[1]["reviewer"] == "alice" and exported[1]["resolution"] == "1"


def test_a_newer_rule_exclusion_outranks_an_older_override(review, cli, record_factory, seeded):
    project, _ = review
    project.criteria_path.write_text(CRITERIA, encoding="utf-8")
    target, = seeded(project.store, [record_factory(41, year=2004)])
    root = str(project.root)
    cli("screen", "--auto", "--review", root)
    assert cli("screen", "decide", str(target), "--maybe", "--override-rule", "--reason",
               "year is the reprint's", "--review", root)[0] == 0
    project.criteria_path.write_text(CRITERIA.replace("year_min = 2010", "year_min = 2000")
                                     + "\n[[rules.exclude_terms]]\nid = \"spiritual\"\n"
                                       "terms = [\"spiritual\"]\n", encoding="utf-8")
    apply_rules(project.store, parse_criteria(project.criteria_path.read_text()))
    assert stage_pool(project.store, "title-abstract", [target]) == []
    code, _, err = cli("screen", "decide", str(target), "--include", "--override-rule",
                       "--reason", "about spiritual care, not animals", "--review", root)
    assert code == 0, err
    assert stage_pool(project.store, "title-abstract", [target]) == [target]


def test_override_of_a_record_no_rule_excluded_is_refused(review, cli):
    project, ids = review
    code, _, err = cli("screen", "decide", str(ids[0]), "--include", "--override-rule",
                       "--reason", "x", "--review", str(project.root))
    assert code == 2 and "not excluded by a rule criterion" in err


def test_the_rule_table_covers_every_rule_key():
    # The table above covers every kind of rule criteria.toml can set.
    from litsearch.screening.criteria import _RULE_KEYS
    covered = {"year_min", "year_max", "languages", "detect_language",
               "include_publication_types", "exclude_publication_types", "exclude_terms"}
    assert covered == set(_RULE_KEYS)
