"""IdFeed: PMIDs found by ESearch handed to EFetch in batches while the search goes on."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litsearch.errors import PubMedError
from litsearch.search.feed import FeedStopped, IdFeed, batch_plan, collect_in_background


def test_batches_fill_in_order_each_pmid_once_and_known_ones_left_out() -> None:
    feed = IdFeed(3, have={"5"})
    feed.add(["1", "2"])
    feed.add(["2", "3", "4", "5", "6"])  # "2" again; "5" already stored
    feed.add(["7"])
    feed.close()
    assert list(feed) == [["1", "2", "3"], ["4", "6", "7"]]
    assert feed.pmids == ["1", "2", "3", "4", "5", "6", "7"]
    assert feed.positions(["4", "6", "x"]) == {"4": 4, "6": 6}


def test_flush_hands_out_a_short_batch_and_close_the_rest() -> None:
    feed = IdFeed(10)
    feed.add(["1", "2"])
    feed.flush()
    feed.add(["3"])
    feed.close()
    assert list(feed) == [["1", "2"], ["3"]]


def test_an_error_while_collecting_reaches_the_fetch_side_after_earlier_batches() -> None:
    def collect(feed: IdFeed) -> list:
        feed.add(["1", "2"])
        raise PubMedError("ESearch failed", "Try again.")

    feed = IdFeed(2)
    thread = collect_in_background(feed, collect)
    got = []
    with pytest.raises(PubMedError, match="ESearch failed"):
        for batch in feed:
            got.append(batch)
    thread.join()
    assert got == [["1", "2"]] and not feed.complete.is_set()


def test_stopping_ends_the_collecting_thread_at_its_next_add() -> None:
    started, release = threading.Event(), threading.Event()

    def collect(feed: IdFeed) -> list:
        feed.add(["1"])
        started.set()
        release.wait(5)
        feed.add(["2"])  # raises FeedStopped: the fetch side has gone
        return []

    feed = IdFeed(5)
    thread = collect_in_background(feed, collect)
    started.wait(5)
    feed.stop()
    release.set()
    thread.join(5)
    assert not thread.is_alive() and not feed.complete.is_set()
    assert list(feed) == [["1"]]  # what was found is still handed out, then the end
    with pytest.raises(FeedStopped):
        feed.add(["3"])


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 10_000), first=st.integers(0, 9_999), extra=st.integers(0, 60_000))
def test_batch_plan_never_adds_a_request(size: int, first: int, extra: int) -> None:
    """Whatever the Count, first answer and batch size: ceil(Count / size) EFetch requests."""
    count = first + extra
    flush, rest_size = batch_plan(count, first, size)
    assert 1 <= rest_size <= size
    feed = IdFeed(size)
    feed.add([str(i) for i in range(first)])
    if flush:
        feed.flush()
    feed.size = rest_size
    feed.add([str(i) for i in range(first, count)])
    feed.close()
    batches = list(feed)
    assert len(batches) == -(-count // size)
    assert all(len(b) <= size for b in batches)
    assert [p for b in batches for p in b] == [str(i) for i in range(count)]


def test_batch_plan_examples() -> None:
    assert batch_plan(25_000, 9_999, 10_000) == (True, 7_501)  # 3 requests: 9,999 + 2 × 7,501
    assert batch_plan(12_000, 9_999, 2_000) == (False, 2_000)  # 1,999 wait for more PMIDs
    assert batch_plan(25_000, 9_999, 2_000) == (True, 1_876)   # 5 + 8 = 13 requests
