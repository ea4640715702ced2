"""Helpers for tests that drive the screening app under Pilot (one home for every folder).

Imported as ``from pilot_helpers import ...`` (tests/ is on the path, as for ``seeding``);
conftest modules of different folders cannot import each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def screen_text(app, selector: str) -> str:
    """Return what the widget ``selector`` on the app's current screen shows."""
    return str(app.screen.query_one(selector).render())


async def until(pilot, check: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Let the app run until ``check()`` holds; return whether it did within ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        await pilot.pause(0.1)
    return check()
