"""The screening screen's link to its team: live progress, and a server that went away.

Kept apart from the screen so that the screen stays a mapping of keys to session calls.
The threads are in :mod:`litsearch.tui.live`; this class turns what they report into
what the reviewer sees: the team panel, one status line while the server is away
("connection to the review server lost; N decisions kept here, retrying"), and a
notice when it is back and every kept decision is written.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.text import Text

from ..errors import LitsearchError
from ..screening.outbox import count_lines
from ..screening.refused import REFUSED_HINT
from ..screening.team_progress import TeamProgress, team_progress
from ..screening.team_session import TeamSession
from ..store.failures import connection_lost
from .live import LiveProgress, Reconnector, location
from .widgets.team_panel import render_team


class TeamLink:
    """Keep a screening screen in touch with the team.

    Args:
        screen: The screening screen (``notify``, ``refresh_view``, ``show_team``,
            ``_post``).
        session: Its session.
    """

    def __init__(self, screen: Any, session: TeamSession) -> None:
        self.screen = screen
        self.session = session
        self.progress: TeamProgress | None = None
        self._seen_conflicts: frozenset[int] | None = None
        self.new_conflicts: set[int] = set()
        self._announced = False
        #: Kept decisions the server refused for good, set aside (this and earlier sessions).
        refused = session.outbox.refused_file
        self.set_aside = count_lines(refused) if refused is not None else 0
        where = location(session.store)
        self.live = LiveProgress(where, session.stage, self._delivered, self._lost,
                                 screen._post)
        self.reconnector = Reconnector(where, session.outbox, self._caught_up, self._refused,
                                       screen._post)

    def start(self) -> None:
        """Take a first reading, start the live thread, write decisions left from before."""
        try:
            self._delivered(team_progress(self.session.store, self.session.stage), quiet=True)
        except (sqlite3.Error, LitsearchError) as exc:
            if not connection_lost(exc):
                raise
            self.session.outbox.went_offline()
        self.live.start()
        kept = len(self.session.outbox)
        if self.session.outbox.unreadable:
            self.screen.notify(f"{self.session.outbox.unreadable} lines of "
                               f"{self.session.outbox.journal} could not be read (cut short "
                               "by a crash); check the decisions keyed just before it.",
                               severity="warning", timeout=15, markup=False)
        if self.set_aside:
            self.screen.notify(self._set_aside_line(), title="Not written",
                               severity="error", timeout=15, markup=False)
        if kept:
            self.screen.notify(f"{kept} decisions keyed earlier were not yet written to the "
                               "review server; writing them now.", timeout=6, markup=False)
        self.check()

    def stop(self) -> None:
        """Stop the live thread (a retry in progress finishes on its own)."""
        self.live.stop()

    def check(self) -> None:
        """After an action: retry in the background if decisions wait; say so once."""
        outbox = self.session.outbox
        if not (outbox.offline or len(outbox)):
            return
        self.reconnector.ensure_running()
        if outbox.offline and not self._announced:
            self._announced = True
            self.screen.notify(self.status_line().plain, title="Server away",
                               severity="warning", timeout=8, markup=False)

    def status_line(self) -> Text:
        """The status line's warning while decisions wait (empty otherwise)."""
        outbox = self.session.outbox
        kept = len(outbox)
        if not (outbox.offline or kept):
            return Text(self._set_aside_line(), style="bold red") if self.set_aside else Text()
        said = f"{kept} decision{'s' if kept != 1 else ''} kept here"
        if outbox.offline:
            return Text(f"connection to the review server lost; {said}, retrying",
                        style="bold reverse red")
        return Text(f"writing {said} to the review server", style="bold")

    def panel(self) -> Text:
        """The team panel's text."""
        s = self.session
        return render_team(self.progress, s.reviewer, s.queue.done, s.blind,
                           len(self.new_conflicts))

    def _delivered(self, progress: TeamProgress, quiet: bool = False) -> None:
        queue = self.session.queue
        if progress.stage != self.session.stage:
            return
        queue.reviewed = {u for u in progress.reviewed if u in queue.position} | set(queue.mine)
        if self._seen_conflicts is None:
            self._seen_conflicts = progress.conflicts
        fresh = progress.conflicts - self._seen_conflicts - self.new_conflicts
        self.new_conflicts = (self.new_conflicts | fresh) & set(progress.conflicts)
        self.progress = progress
        if fresh and not quiet and not self.session.blind:
            ids = ", ".join(f"#{u}" for u in sorted(fresh)[:5])
            self.screen.notify(f"New conflict{'s' if len(fresh) > 1 else ''}: {ids}",
                               timeout=5, markup=False)
        self.screen.show_team()

    def _lost(self) -> None:
        self.session.outbox.went_offline()
        self.check()
        self.screen.show_team()

    def _set_aside_line(self) -> str:
        n = self.set_aside
        return (f"{n} kept decision{'s' if n != 1 else ''} refused by the review server, "
                f"set aside in {self.session.outbox.refused_file} ({REFUSED_HINT})")

    def _caught_up(self, written: int) -> None:
        refused = self.session.outbox.take_refused()
        if refused:
            self.session.forget([item for item, _reason in refused])
            self.set_aside += len(refused)
            reasons = "; ".join(reason for _item, reason in refused[:3]) \
                + (f"; and {len(refused) - 3} more" if len(refused) > 3 else "")
            self.screen.notify(f"{self._set_aside_line()}: {reasons}. The decisions after "
                               "them were written.", title="Not written", severity="error",
                               timeout=20, markup=False)
        if written or self._announced:
            self.screen.notify(f"Back in touch with the review server: {written} kept "
                               f"decision{'s' if written != 1 else ''} written, none "
                               + ("doubled." if refused else "lost or doubled."),
                               title="Caught up", timeout=8, markup=False)
        self._announced = False
        self.check()  # keyed while the last ones were written: another round
        self.screen.refresh_view()

    def _refused(self, message: str) -> None:
        self.screen.notify(f"A kept decision could not be written yet: {message} It stays "
                           f"kept in {self.session.outbox.journal}, first in line, and is "
                           "tried again after your next decision.", title="Not written",
                           severity="error", timeout=15, markup=False)
