"""Folding keeps every script's letters: only accents (and optional vowel points) go.

The Hindi, Bengali, Thai and Tamil titles are ours: short survey titles ("prevalence of
obesity / of epilepsy in school children") of the kind those literatures publish. The
other scripts' expected folds are what ``fold`` gave before abugida marks were kept.
"""

from __future__ import annotations

import dataclasses

import pytest
from dedup_fixtures import load_pairs

from litsearch.dedup.match import classify, compare
from litsearch.dedup.normalise import fold, prepare
from litsearch.dedup.settings import DedupSettings

ABUGIDA = [
    "डायनासोर का विकास",                               # Hindi (Devanagari)
    "भारत में बच्चों में मोटापे की व्यापकता",
    "বাংলাদেশে শিশুদের মধ্যে স্থূলতার প্রাদুর্ভাব",           # Bengali
    "ความชุกของภาวะอ้วนในเด็กนักเรียน",                   # Thai
    "பள்ளிக் குழந்தைகளில் உடல் பருமன் பரவல்",             # Tamil
]

#: Obesity vs epilepsy in children: the same frame, another disease.
DIFFERENT = [
    ("भारत में बच्चों में मोटापे की व्यापकता", "भारत में बच्चों में मिर्गी की व्यापकता"),
    ("বাংলাদেশে শিশুদের মধ্যে স্থূলতার প্রাদুর্ভাব", "বাংলাদেশে শিশুদের মধ্যে মৃগীরোগের প্রাদুর্ভাব"),
    ("ความชุกของภาวะอ้วนในเด็กนักเรียน", "ความชุกของโรคลมชักในเด็กนักเรียน"),
    ("பள்ளிக் குழந்தைகளில் உடல் பருமன் பரவல்", "பள்ளிக் குழந்தைகளில் வலிப்பு நோய் பரவல்"),
]

UNCHANGED = {
    "Désingularisation de métriques d'Einstein. I": "desingularisation de metriques d einstein i",
    "Über Größe": "uber grosse",
    "Søren Ærø Łódź straße": "søren ærø łodz strasse",
    "Ångström ﬁnal": "angstrom final",
    "Παχυσαρκία στα παιδιά": "παχυσαρκια στα παιδια",
    "Ожирение у детей: эпидемиология": "ожирение у детеи эпидемиология",
    "ЗАЙНЯТІСТЬ І МОТИВАЦІЯ": "заинятість і мотивація",
    "Ёлка и йод": "елка и иод",
    "儿童肥胖症的流行病学研究": "儿童肥胖症的流行病学研究",
    "小児肥満の疫学研究": "小児肥満の疫学研究",
    "ハンバーガー": "ハンバーガー",
    "ｶﾞｲﾄﾞﾗｲﾝ": "ガイドライン",
    "소아 비만의 역학 연구": "소아 비만의 역학 연구",
    "السمنة لدى الأطفال": "السمنة لدى الأطفال",
    "השמנת ילדים בישראל": "השמנת ילדים בישראל",
}


@pytest.mark.parametrize("title", ABUGIDA, ids=["hindi", "hindi-2", "bengali", "thai", "tamil"])
def test_abugida_vowel_signs_are_kept(title):
    assert fold(title) == title


def test_the_example_of_the_audit_folds_to_itself():
    assert fold("डायनासोर का विकास") != "ड यन स र क व क स"


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=["hindi", "bengali", "thai", "tamil"])
def test_another_disease_in_the_same_frame_stays_below_the_merge_threshold(a, b):
    c = compare(prepare_title(a), prepare_title(b))
    assert c.title < DedupSettings().title_merge


def test_hindi_titles_of_two_diseases_are_not_merged():
    # Same authors, journal, volume and year: only the title can tell them apart.
    base = load_pairs()[0]["a"]
    obesity, epilepsy = (dataclasses.replace(base, title=t, start_page=None, end_page=None)
                         for t in DIFFERENT[0])
    outcome, _rule, _ = classify(compare(prepare(obesity), prepare(epilepsy)), DedupSettings())
    assert outcome != "merged"


@pytest.mark.parametrize(("title", "folded"), UNCHANGED.items(),
                         ids=[f"unchanged-{i}" for i in range(len(UNCHANGED))])
def test_latin_greek_cyrillic_and_cjk_fold_as_before(title, folded):
    assert fold(title) == folded


def test_optional_hebrew_and_arabic_points_are_dropped_like_accents():
    assert fold("הַשְׁמָנַת ילדים") == fold("השמנת ילדים")
    assert fold("الْسُّمْنَة لدى الأطفال") == fold("السمنة لدى الأطفال")


def test_a_mark_without_a_letter_is_dropped():
    assert fold("\u0301obesity \u0308in children") == "obesity in children"


def prepare_title(title):
    """Prepare a record that has only a title."""
    return prepare(dataclasses.replace(load_pairs()[0]["a"], title=title))
