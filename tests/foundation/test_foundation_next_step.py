"""``status``'s Next: follows what actually blocks the review."""

from __future__ import annotations

import pytest

from litsearch.status import next_step


def _screening(ta_pool=10, ta_awaiting=10, ta_conflicts=0, ft_awaiting=0, ft_conflicts=0,
               decided=False, auto=0):
    stage = {"pool": ta_pool, "awaiting": ta_awaiting, "conflicts": ta_conflicts}
    return {"auto_excluded": auto, "title-abstract": stage,
            "full-text": {"pool": 0, "awaiting": ft_awaiting, "conflicts": ft_conflicts},
            "decisions_by_reviewer": {"alice": {"title-abstract": 3}} if decided else {}}


CASES = [
    # (pending, pairs, screening, auto_ran) -> command, also
    ((0, 0, _screening(), False), "litsearch screen --auto", []),
    ((5, 3, _screening(), False), "litsearch dedup", []),
    ((0, 3, _screening(), True), "litsearch dedup review", []),
    ((0, 3, _screening(ta_awaiting=7, decided=True), True), "litsearch screen",
     ["litsearch dedup review"]),
    ((0, 0, _screening(ta_awaiting=0, ta_conflicts=2, decided=True), True),
     "litsearch screen conflicts", []),
    ((0, 0, _screening(ta_awaiting=0, ft_awaiting=4, decided=True), True),
     "litsearch screen --stage full-text", []),
    ((0, 0, _screening(ta_awaiting=0, ft_conflicts=1, decided=True), True),
     "litsearch screen conflicts --stage full-text", []),
    ((0, 2, _screening(ta_awaiting=0, decided=True), True), "litsearch dedup review", []),
    ((0, 0, _screening(ta_awaiting=0, decided=True), True), "litsearch prisma", []),
]


@pytest.mark.parametrize(("state", "command", "also"), CASES)
def test_next_step_follows_what_blocks(state, command, also):
    pending, pairs, screening, auto_ran = state
    dedup = {"records_pending": pending, "pairs_awaiting_review": pairs}
    step = next_step(100, dedup, screening, auto_ran=auto_ran)
    assert step["command"] == command
    assert [s["command"] for s in step["also"]] == also


def test_counts_read_in_the_right_number():
    dedup = {"records_pending": 1, "pairs_awaiting_review": 0}
    assert next_step(1, dedup, _screening())["why"] == "1 record not yet deduplicated"
    dedup = {"records_pending": 1200, "pairs_awaiting_review": 0}
    assert next_step(1, dedup, _screening())["why"] == "1,200 records not yet deduplicated"
