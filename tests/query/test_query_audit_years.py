"""Audit findings on year limits read from a platform's string.

Years ORed together (Scopus's own refine export: LIMIT-TO(PUBYEAR, 2020) OR …) kept only
the last year, as "from that year to the present", and a single year (PY=2019) became
"2019 to the present": the rendered strings searched other years without a word.
"""

from __future__ import annotations

import pytest

from litsearch.query import lint_text, parse_strategy, render


@pytest.mark.parametrize("text, db, years", [
    ("TITLE-ABS-KEY ( spiritual* ) AND ( LIMIT-TO ( PUBYEAR , 2020 ) OR LIMIT-TO ( PUBYEAR , "
     "2021 ) OR LIMIT-TO ( PUBYEAR , 2022 ) )", "scopus", (2020, 2022)),
    ("TITLE-ABS-KEY ( spiritual* ) AND ( LIMIT-TO ( PUBYEAR , 2022 ) OR LIMIT-TO ( PUBYEAR , "
     "2021 ) )", "scopus", (2021, 2022)),
    ("TITLE-ABS-KEY ( spiritual* ) AND ( LIMIT-TO ( PUBYEAR , 2022 ) )", "scopus",
     (2022, 2022)),
    ("TS=(spiritual*) AND PY=2019", "wos", (2019, 2019)),
    ("TS=(spiritual*) AND (PY=2019 OR PY=2020)", "wos", (2019, 2020)),
    ("spiritual*[tiab] AND 2019[dp]", "pubmed", (2019, 2019)),
    ("spiritual*[tiab] AND (2015:2018[dp] OR 2019:2022[dp])", "pubmed", (2015, 2022)),
    ("spiritual*[tiab] AND 2010:3000[dp]", "pubmed", (2010, None)),
    ("TITLE-ABS-KEY(spiritual*) AND PUBYEAR > 2009 AND PUBYEAR < 2025", "scopus",
     (2010, 2024)),
    ("spiritual*[tiab] AND 2010:2024[dp] AND 2015:3000[dp]", "pubmed", (2015, 2024)),
])
def test_years_read_as_the_platform_searches_them(text: str, db: str, years: tuple) -> None:
    strategy, warnings = parse_strategy(text, db)
    assert (strategy.limits.year_from, strategy.limits.year_to) == years
    assert not [w for w in warnings if "year" in w]


def test_years_one_range_cannot_hold_are_named() -> None:
    text = ("TITLE-ABS-KEY ( spiritual* ) AND ( LIMIT-TO ( PUBYEAR , 2024 ) OR LIMIT-TO ( "
            "PUBYEAR , 2018 ) )")
    strategy, warnings = parse_strategy(text, "scopus")
    assert (strategy.limits.year_from, strategy.limits.year_to) == (2018, 2024)
    assert any("2018 or 2024" in w and "2018–2024" in w for w in warnings), warnings
    assert "PUBYEAR > 2017 AND PUBYEAR < 2025" in render(strategy, "scopus").text


@pytest.mark.parametrize("clause, years", [
    ("PUBYEAR AFT 2009", (2010, None)), ("PUBYEAR BEF 2025", (None, 2024)),
    ("PUBYEAR IS 2020", (2020, 2020)), ("pubyear aft 2009 AND pubyear bef 2025", (2010, 2024)),
])
def test_scopus_pubyear_words_are_years_not_search_terms(clause: str, years: tuple) -> None:
    text = f"TITLE-ABS-KEY(spiritual*) AND {clause}"
    strategy, warnings = parse_strategy(text, "scopus")
    assert (strategy.limits.year_from, strategy.limits.year_to) == years
    assert warnings == []
    assert [b.name for b in strategy.blocks.values()] == ["spiritual"]
    assert lint_text(text, "scopus") == []
