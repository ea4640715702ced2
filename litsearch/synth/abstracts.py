"""Compose plausible abstracts from sentence templates (British spelling)."""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable

from . import vocab

BACKGROUND = {
    "core": (
        "{Construct} is increasingly recognised as a dimension of personal recovery, yet it "
        "receives little attention in {setting}.",
        "Although {population} often raise questions of meaning and faith, these are rarely "
        "addressed in routine {setting}.",
        "Little is known about how {professionals} attend to {construct} in everyday practice.",
    ),
    "adjacent": (
        "{Construct} is a core component of holistic care for seriously ill patients.",
        "Spiritual needs are common at the end of life but are often unmet.",
    ),
    "off": (
        "{Disorder} is a leading cause of disability worldwide.",
        "Treatment options for {disorder} remain limited and response rates are modest.",
    ),
    "animal": (
        "Chronic stress is a major risk factor for mood disorders, but the underlying "
        "mechanisms are incompletely understood.",
        "Rodent models are widely used to study the neurobiology of {animal_behaviour}.",
    ),
}

AIM = {
    "core": ("This study aimed to explore {construct} from the perspective of {population}.",
             "We examined how {professionals} address {construct} in {setting}.",
             "The aim was to describe experiences with {construct} in {setting}."),
    "adjacent": ("We explored {construct} among patients and their relatives.",),
    "off": ("We evaluated the efficacy and safety of {drug} in {disorder}.",
            "This study estimated the burden of {disorder}."),
    "animal": ("We investigated the effects of {compound} on {animal_behaviour} and "
               "{marker} in the {region}.",),
}

METHODS = {
    "qual": ("Semi-structured interviews were held with {n} participants recruited from {k} "
             "services. Transcripts were analysed thematically.",),
    "focus": ("{k} focus groups were conducted with a total of {n} participants and analysed "
              "using qualitative content analysis.",),
    "survey": ("A questionnaire was completed by {n} respondents. Associations were analysed "
               "with multiple regression.",),
    "mixed": ("We combined a survey among {n} respondents with interviews in {k} teams.",),
    "review": ("We searched PubMed, Embase, PsycINFO and CINAHL from inception. {k} studies "
               "met the inclusion criteria and were appraised for quality.",),
    "trial": ("{n} participants were randomised to {intervention} or treatment as usual and "
              "followed up for {k} months.",),
    "animal": ("Adult male rats (n = {n}) were exposed to {k} weeks of unpredictable stress "
               "and treated with {compound} or vehicle.",),
}

RESULTS = {
    "core": ("Participants described {construct} as a source of hope, identity and "
             "connectedness, but felt professionals seldom raised the topic.",
             "Three themes emerged: searching for meaning, feeling heard, and fear of being "
             "misunderstood.",
             "{Construct} was associated with {outcome} (r = 0.{d2}, p < 0.01).",
             "Professionals reported a lack of training, time and a shared language."),
    "adjacent": ("Most patients wished to discuss spiritual concerns, yet few had done so.",),
    "off": ("Response rates were {d2}% versus {d1}% with placebo.",
            "The pooled prevalence was {d1}.{d1}% (95% CI {d1}.0-{d2}.0)."),
    "animal": ("{Compound} reduced {animal_behaviour} and normalised {marker} "
               "(p < 0.05).",),
}

CONCLUSION = {
    "core": ("Attention to {construct} should become a routine part of {setting}.",
             "Training that helps {professionals} to discuss meaning and spirituality is "
             "needed.",
             "Our findings support a recovery-oriented approach that includes existential "
             "concerns."),
    "adjacent": ("Structured spiritual assessment may improve end-of-life care.",),
    "off": ("Further research with longer follow-up is warranted.",),
    "animal": ("These findings point to a role of {marker} in stress-related behaviour.",),
}

_NUMBERS = {"n": (8, 420), "k": (3, 24), "d1": (1, 9), "d2": (11, 68)}
_POOLS = {
    "construct": vocab.CONSTRUCTS, "population": vocab.POPULATIONS, "setting": vocab.SETTINGS,
    "professionals": vocab.PROFESSIONALS, "intervention": vocab.INTERVENTIONS,
    "outcome": vocab.OUTCOMES, "drug": vocab.DRUGS, "disorder": vocab.DISORDERS,
    "compound": vocab.COMPOUNDS, "animal_behaviour": vocab.ANIMAL_BEHAVIOURS,
    "marker": vocab.MARKERS, "region": vocab.REGIONS,
}


@functools.lru_cache(maxsize=256)
def _slots(template: str) -> frozenset[str]:
    return frozenset(re.findall(r"\{(\w+)\}", template))


#: Structured-abstract headings as publishers print them.
HEADINGS = ("BACKGROUND", "AIMS", "METHODS", "RESULTS", "CONCLUSIONS")


def compose(rng: random.Random, group: str, method: str, slots: dict[str, str],
            spell: Callable[[str], str] = str) -> str:
    """Return an abstract for a work of topic ``group`` and design ``method``.

    Args:
        rng: The generator's random source.
        group: "core", "adjacent", "off" or "animal" (languages use "core").
        method: A methods key from :data:`litsearch.synth.vocab.DESIGNS`.
        slots: Words already chosen for the title, reused so text and title agree.
        spell: Applied to each template and word before filling (e.g. a cached
            :func:`litsearch.synth.text.americanise`); the default keeps British spelling.

    Returns:
        Five sentences, structured with headings about half of the time.
    """
    if group == "animal":
        method = "animal"
    parts = (
        rng.choice(BACKGROUND[group]),
        rng.choice(AIM[group]),
        rng.choice(METHODS.get(method, METHODS["qual"])),
        rng.choice(RESULTS[group]),
        rng.choice(CONCLUSION[group]),
    )
    fill = {k: spell(v) for k, v in slots.items()}
    # Draw words only for the slots these five sentences use (most of the time is here).
    for slot in sorted(set().union(*(_slots(p) for p in parts))):
        if slot in fill:
            continue
        if slot in _NUMBERS:
            low, high = _NUMBERS[slot]
            fill[slot] = str(rng.randint(low, high))
            continue
        key = slot.lower()
        value = fill.get(key) or spell(rng.choice(_POOLS[key]))
        fill[key] = value
        if slot != key:
            fill[slot] = value[:1].upper() + value[1:]
    sentences = [spell(p).format(**fill) for p in parts]
    if rng.random() < 0.5:
        return " ".join(f"{h}: {s}" for h, s in zip(HEADINGS, sentences, strict=True))
    return " ".join(sentences)
