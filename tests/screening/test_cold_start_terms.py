"""The cold start ranks by the review's own terms, truncated ones (gambl*) included."""

from __future__ import annotations

from litsearch.screening.order import RelevanceModel

TEXTS = [
    "Household budgets of older adults in rural areas",
    "Problem gambling and the partners of gamblers",
    "Soil erosion after forest fires",
    "Sports betting advertisements and adolescents who gamble",
    "Knee replacement outcomes",
]


def test_a_truncated_term_matches_the_words_it_stands_for():
    model = RelevanceModel([10, 11, 12, 13, 14], TEXTS, ["gambl*"])
    ranking = model.rank({})
    assert ranking.version == "cold-start/terms"
    assert set(ranking.order[:2]) == {11, 13}
    assert ranking.scores[12] == 0.0


def test_terms_found_in_no_record_fall_back_to_file_order_and_say_so():
    ranking = RelevanceModel([10, 11, 12], TEXTS[:3], ["wager*", "casino"]).rank({})
    assert ranking.version == "file" and ranking.order == [10, 11, 12]
