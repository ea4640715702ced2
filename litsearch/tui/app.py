"""The screening app and the one factory the CLI and the tests build it with."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from ..errors import ScreeningError
from ..project import Project
from ..screening.criteria import load_criteria
from ..screening.decisions import check_stage
from ..screening.identity import reviewer_for
from ..screening.keymap import load_keymap
from ..screening.order import ORDERS, has_text
from ..screening.outbox import Outbox, journal_path
from ..screening.policy import policy_from_config
from ..screening.roster import still_listed
from ..screening.team_session import TeamSession
from .screens.screening import ScreeningScreen


class ScreeningApp(App[None]):
    """Full-screen screening of one stage by one reviewer."""

    CSS_PATH = "app.tcss"
    TITLE = "litsearch screen"

    def __init__(self, project: Project, session: TeamSession,
                 keymap: dict[str, str], model: str | None = None, notice: str = "") -> None:
        super().__init__()
        self.project = project
        self.session = session
        self.keymap = keymap
        self.model = model
        #: A line the reviewer reads when the app opens (why the order is not the asked one).
        self.notice = notice

    def on_mount(self) -> None:
        """Show the screening screen."""
        self.push_screen(ScreeningScreen(self.session, self.keymap, self.project.title,
                                         root=self.project.root, model=self.model))
        if self.notice:
            self.notify(self.notice, severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        """Close the database."""
        self.project.close()


def make_app(project_path: str | Path | None, stage: str = "title-abstract",
             reviewer: str | None = None, blind: bool = False, order: str | None = None,
             model: str | None = None) -> ScreeningApp:
    """Open a review and build its screening app.

    Args:
        project_path: The review folder (None: discover it like every command).
        stage: "title-abstract" or "full-text".
        reviewer: Who screens (default $LITSEARCH_REVIEWER, else the one reviewer
            review.toml lists; with several listed, one must be named). On a team
            review (PostgreSQL): the connected role, and no one else's name.
        blind: Hide other reviewers' decisions (review.toml's ``blind = true`` hides
            them whatever this says).
        order: relevance, file, random or year (default: ``[screening] order`` in
            review.toml, else relevance).
        model: The ranking model (default: ``[screening] model``, else the default).

    Raises:
        LitsearchError: No review, bad criteria or keys, unknown reviewer, or a review
            that has not been deduplicated (raised before any window opens).
    """
    project = Project.open(project_path)
    try:
        check_stage(stage)
        criteria = load_criteria(project.criteria_path)
        keymap = load_keymap(project.config)
        who = reviewer_for(project.store, project.reviewers, reviewer)
        settings = project.config.get("screening", {})
        settings = settings if isinstance(settings, dict) else {}
        chosen = order or str(settings.get("order", "relevance"))
        if order is None and chosen not in ORDERS:
            raise ScreeningError(f"review.toml: [screening] order = {chosen!r} is not a "
                                 "screening order.", f"Set it to one of: {', '.join(ORDERS)}.")
        # On a team review, decisions keyed while the server is away wait in a journal
        # (this person's cache folder); a review.db is written at once, always.
        journal = journal_path(project.store.path, who) \
            if project.store.engine == "postgresql" else None
        # review.toml's blind = true holds for everyone; --blind only adds it.
        outbox = Outbox(journal)
        session = TeamSession(project.store, criteria, stage, who,
                              blind=policy_from_config(project.config).blind_for(
                                  blind or None), order=chosen, outbox=outbox)
        notice = ""
        if chosen == "relevance" and session.queue.ids \
                and not has_text(project.store, session.queue.ids):
            # Nothing to learn from: file order, stored as such with each decision.
            session = TeamSession(project.store, criteria, stage, who,
                                  blind=session.blind, order="file", outbox=outbox)
            notice = ("Relevance order: no title or abstract in any record at this stage "
                      "to rank by, so the records are shown in file order.")
        from_config = model is None
        model = model or settings.get("model")
        if model is not None:
            from ..screening.ranking import MODELS

            if model not in MODELS:
                where = "review.toml: [screening] model = " if from_config else "--model "
                raise ScreeningError(f"{where}{model!r} is not a ranking model.",
                                     f"Choose one of: {', '.join(MODELS)}.")
        if project.store.engine != "postgresql":  # on a server, the server refuses
            session.on_team = still_listed(project.root, who)
    except BaseException:
        project.close()
        raise
    return ScreeningApp(project, session, keymap, model, notice)
