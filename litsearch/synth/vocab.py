"""Word lists and title templates for the synthetic corpus (data only).

The review topic is care for meaning-making and spirituality in outpatient mental
health care ("zingeving in de ambulante GGZ"). Text is written in British spelling;
:func:`litsearch.synth.text.americanise` turns it American where a work needs it.
Each topic group pairs title templates with the words that fill them, so the
generator can stay a small loop over tables.
"""

from __future__ import annotations

#: Things the review is about (fill ``{construct}``).
CONSTRUCTS = (
    "spiritual care", "meaning-making", "existential care", "spiritual needs",
    "religious coping", "meaning in life", "spiritual well-being", "existential concerns",
    "spirituality", "religion and spirituality", "sense of meaning", "hope and meaning",
    "spiritual distress", "existential distress", "life questions", "worldview and meaning",
)

#: Phrases that open "needs" titles.
NEEDS = ("Spiritual care needs", "Spiritual and existential needs", "Meaning-related needs",
         "Unmet spiritual needs", "Existential needs")

#: Who the review is about (fill ``{population}``).
POPULATIONS = (
    "outpatients with severe mental illness", "people with psychotic disorders",
    "adults with depression", "patients in community mental health care",
    "outpatients with personality disorders", "people with bipolar disorder",
    "service users in recovery-oriented care", "clients of community mental health teams",
    "patients with anxiety disorders", "refugees with post-traumatic stress disorder",
    "older adults with depression", "young people with first-episode psychosis",
    "outpatients with eating disorders", "people with long-term mental health problems",
)

#: Where care happens (fill ``{setting}``).
SETTINGS = (
    "outpatient mental health care", "community mental health services",
    "ambulatory psychiatry", "flexible assertive community treatment teams",
    "primary mental health care", "psychiatric day treatment",
    "outpatient psychotherapy", "community psychiatric nursing",
)

#: Who gives care (fill ``{professionals}``).
PROFESSIONALS = (
    "mental health nurses", "psychiatrists", "psychologists", "chaplains",
    "mental health professionals", "social workers", "psychotherapists",
    "community psychiatric nurses", "spiritual caregivers",
)

INTERVENTIONS = (
    "meaning-centred group psychotherapy", "a spiritual care training programme",
    "spiritually integrated psychotherapy", "a chaplain-led recovery group",
    "a brief existential intervention", "a spiritual assessment tool",
    "meaning-centred counselling", "a hope-focused programme",
)

OUTCOMES = ("depressive symptoms", "quality of life", "personal recovery", "hopelessness",
            "suicidal ideation", "psychological distress", "treatment engagement")

INSTRUMENTS = ("Spiritual Needs Questionnaire", "Meaning in Life Questionnaire",
               "Spiritual Well-Being Scale", "Existential Concerns Inventory")

QUOTES = ("It gives me something to hold on to", "Nobody ever asked me about it",
          "Finding my way back", "Where do I belong?", "More than my diagnosis")

#: (design phrase, publication type, methods key) in British spelling.
DESIGNS = (
    ("a qualitative study", "article", "qual"),
    ("a qualitative interview study", "article", "qual"),
    ("a focus group study", "article", "focus"),
    ("a cross-sectional survey", "article", "survey"),
    ("a cross-sectional study", "article", "survey"),
    ("a mixed-methods study", "article", "mixed"),
    ("a systematic review", "review", "review"),
    ("a scoping review", "review", "review"),
    ("a systematic review and meta-analysis", "review", "review"),
    ("a randomised controlled trial", "trial", "trial"),
    ("a pilot randomised controlled trial", "trial", "trial"),
    ("a feasibility study", "article", "qual"),
    ("a Delphi study", "article", "focus"),
    ("a longitudinal cohort study", "article", "survey"),
)

#: Titles on the review topic: the ones screening should keep.
CORE_TITLES = (
    "{needs} of {population}: {design}",
    "{construct} in {setting}: {design}",
    "Attending to {construct} in {setting}: perspectives of {professionals}",
    "{professionals}' views on addressing {construct} in {setting}: {design}",
    "The role of {construct} in the recovery of {population}",
    "Effectiveness of {intervention} for {population}: {design}",
    "{construct} and {outcome} among {population}: {design}",
    "How do {professionals} address {construct}? {design}",
    "Integrating {construct} into {setting}: {design}",
    "Measuring {construct} in {population}: psychometric properties of the {instrument}",
    "Barriers and facilitators to addressing {construct} in {setting}: {design}",
    "'{quote}': {construct} in {population}",
    "Talking about {construct} with {population}: {design}",
)

#: Spiritual care, but the wrong population or setting (excluded at screening).
ADJACENT_TITLES = (
    "{needs} of patients with advanced cancer in hospice care: {design}",
    "{construct} in intensive care units: {design}",
    "Chaplaincy support for family caregivers of people with dementia: {design}",
    "{construct} among medical students: {design}",
    "{construct} on acute inpatient psychiatric wards: {design}",
    "{construct} and {outcome} in patients with chronic heart failure",
)

DRUGS = ("aripiprazole", "sertraline", "esketamine", "lithium", "clozapine", "psilocybin")
DISORDERS = ("treatment-resistant depression", "schizophrenia", "bipolar disorder",
             "generalised anxiety disorder", "obsessive-compulsive disorder")

#: Mental health, but nothing about meaning or spirituality (excluded).
OFF_TITLES = (
    "{drug} versus placebo for {disorder}: {design}",
    "Prevalence of {disorder} in the general population: {design}",
    "Cognitive behavioural therapy for {disorder} in {setting}: {design}",
    "Long-term outcomes of {drug} treatment in {disorder}",
)

COMPOUNDS = ("fluoxetine", "ketamine", "oxytocin", "corticosterone", "diazepam", "resveratrol")
ANIMAL_BEHAVIOURS = ("anxiety-like behaviour", "depressive-like behaviour",
                     "social avoidance", "anhedonia", "spatial memory")
MARKERS = ("BDNF expression", "microglial activation", "dendritic spine density",
           "glucocorticoid receptor signalling")
REGIONS = ("prefrontal cortex", "hippocampus", "amygdala", "nucleus accumbens")

#: Animal studies (excluded).
ANIMAL_TITLES = (
    "Effects of {compound} on {animal_behaviour} in rats",
    "Chronic social defeat stress alters {marker} in the {region} of mice",
    "{compound} reverses stress-induced {animal_behaviour} in male Wistar rats",
    "Social isolation and {animal_behaviour} in zebrafish larvae",
)

#: Dutch titles paired with the English translation PubMed shows in brackets.
DUTCH_TITLES = (
    ("Zingeving in de ambulante GGZ: {design}",
     "Meaning-making in outpatient mental health care: {design}"),
    ("Aandacht voor zingeving en spiritualiteit bij {population}",
     "Attention to meaning and spirituality in {population}"),
    ("Spirituele zorg in de ambulante geestelijke gezondheidszorg: {design}",
     "Spiritual care in outpatient mental health care: {design}"),
    ("Levensvragen van {population}: {design}", "Life questions of {population}: {design}"),
    ("Zingevingsgesprekken door {professionals}: {design}",
     "Conversations about meaning by {professionals}: {design}"),
)
DUTCH_WORDS = {
    "population": (("mensen met ernstige psychische aandoeningen",
                    "people with severe mental illness"),
                   ("cliënten van FACT-teams", "clients of FACT teams"),
                   ("ouderen met een depressie", "older adults with depression")),
    "professionals": (("GGZ-verpleegkundigen", "mental health nurses"),
                      ("psychiaters", "psychiatrists"),
                      ("geestelijk verzorgers", "spiritual caregivers")),
    "design": (("een kwalitatief onderzoek", "a qualitative study"),
               ("een literatuuroverzicht", "a literature review"),
               ("een verkennende studie", "an exploratory study")),
}

GERMAN_TITLES = (
    ("Spiritualität und Sinnfindung in der ambulanten psychiatrischen Versorgung: {design}",
     "Spirituality and meaning-making in outpatient psychiatric care: {design}"),
    ("Religiöses Coping bei {population}: {design}",
     "Religious coping in {population}: {design}"),
    ("Existenzielle Fragen in der ambulanten Psychotherapie: {design}",
     "Existential questions in outpatient psychotherapy: {design}"),
)
GERMAN_WORDS = {
    "population": (("Patienten mit Depression", "patients with depression"),
                   ("Menschen mit schweren psychischen Erkrankungen",
                    "people with severe mental illness"),
                   ("Patienten mit Schizophrenie", "patients with schizophrenia")),
    "design": (("eine qualitative Studie", "a qualitative study"),
               ("eine Übersichtsarbeit", "a review"),
               ("eine Querschnittsstudie", "a cross-sectional study")),
}

#: Titles that recur across unrelated works (same title, other authors and years).
SHARED_TITLES = ("Spirituality and mental health", "Meaning in life and recovery",
                 "Spiritual care in psychiatry", "Religion, spirituality and psychosis",
                 "Existential issues in psychotherapy")

#: Titles that many unrelated items carry.
GENERIC_TITLES = (("Editorial", "editorial"), ("Introduction", "editorial"),
                  ("In this issue", "editorial"), ("Letter to the editor", "letter"),
                  ("Response to the letter", "letter"), ("Commentary", "editorial"))

#: (shared topic, part I subtitle, part II subtitle) for Part I / Part II pairs.
PART_SERIES = (
    ("Spiritual care in outpatient mental health care", "a conceptual framework",
     "implementation in daily practice"),
    ("Meaning-centred psychotherapy for severe mental illness", "development of the intervention",
     "evaluation in a community mental health service"),
    ("Existential care in ambulatory psychiatry", "theoretical background",
     "clinical applications"),
)

#: Author keywords per topic group.
KEYWORDS = {
    "core": ("spirituality", "meaning-making", "existential care", "mental health care",
             "outpatients", "recovery", "qualitative research", "severe mental illness",
             "chaplaincy", "religion", "meaning in life", "community mental health"),
    "adjacent": ("spiritual care", "palliative care", "chaplaincy", "nursing",
                 "spirituality", "end of life"),
    "off": ("depression", "schizophrenia", "pharmacotherapy", "randomised controlled trial",
            "epidemiology", "psychotherapy"),
    "animal": ("rat", "mouse", "chronic stress", "behaviour", "neuroinflammation",
               "animal model"),
}
