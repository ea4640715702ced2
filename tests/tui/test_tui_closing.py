"""The app closed while a background thread is still at work (a ranking being fitted, a
live reading of the team's progress): the thread's result has nowhere to go and is
dropped, without an exception in the thread or a coroutine left never awaited."""

from __future__ import annotations

import gc
import sys
import threading
import time
import warnings

import pytest

SIZE = (120, 40)


def _threads(prefix: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


@pytest.fixture
def trouble(monkeypatch):
    """Collect exceptions of other threads and unraisable ones (a coroutine never awaited)."""
    seen: list[str] = []
    monkeypatch.setattr(threading, "excepthook",
                        lambda args: seen.append(f"{args.thread.name}: {args.exc_value!r}"))
    monkeypatch.setattr(sys, "unraisablehook",
                        lambda args: seen.append(f"unraisable: {args.exc_value!r} "
                                                 f"{args.err_msg} {args.object!r}"))
    return seen


def _settle(prefix: str, seen: list[str]) -> None:
    end = time.monotonic() + 30
    while _threads(prefix) and time.monotonic() < end:
        time.sleep(0.05)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    seen += [str(w.message) for w in caught if "never awaited" in str(w.message)]


async def test_a_ranking_delivered_while_the_screen_is_taken_down_is_dropped(
        build_app, screening_review, trouble, monkeypatch):
    """The screen's widgets are gone (the app is closing) when a ranking thread hands
    over its result: seen in full test runs as NoMatches '#team' in litsearch-ranking."""
    from litsearch.tui import retrain

    real_close = retrain.BackgroundRanker.close

    def close(self):  # the screen's unmount: its widgets were removed before it
        screen = self.deliver.__self__
        late = threading.Thread(target=self.post, args=(screen.refresh_view,),
                                name="litsearch-ranking-late", daemon=True)
        late.start()
        late.join(0.3)
        real_close(self)

    monkeypatch.setattr(retrain.BackgroundRanker, "close", close)
    app = build_app(order="relevance")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
    _settle("litsearch-ranking", trouble)
    assert trouble == []


async def test_a_live_reading_that_ends_after_the_app_closed_is_dropped(
        build_app, screening_review, trouble, monkeypatch):
    from litsearch.tui import live

    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(live, "CHECK_SECONDS", 0.05)
    real = live.team_progress

    def slow(store, stage):
        reading = real(store, stage)
        time.sleep(1.5)  # longer than stop() waits for the thread
        return reading

    monkeypatch.setattr(live, "team_progress", slow)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause(0.3)
    _settle("litsearch-live", trouble)
    assert trouble == []
