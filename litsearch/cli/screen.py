"""Screening commands: ``screen`` (app, --auto, decide, conflicts, import-decisions, stop)
and ``agreement``.

This module holds the app and ``decide``; the other subcommands live in
``screen_conflicts``, ``screen_import`` and ``screen_stop``, ``agreement`` in
``agreement``, and the options they share in ``screen_options``. They are registered
here, in the order ``--help`` lists them.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from ..errors import ScreeningError
from ..screening import actions
from ..wording import number, plural
from .agreement import agreement, agreement_notes, agreement_tables
from .output import ConfidenceOption, ReviewOption, TargetOption, console, lower, open_project
from .screen_conflicts import conflicts
from .screen_import import import_decisions
from .screen_options import (
    ExcludeOption,
    ReasonOption,
    ReviewerOption,
    StageOption,
    exclusion_reason,
)
from .screen_refused import refused
from .screen_stop import print_stopping, stop

#: Importable from here as before the split (tests/screening/test_cli_agreement_width.py).
__all__ = ["agreement", "agreement_notes", "agreement_tables", "register", "screen_app"]

screen_app = typer.Typer(no_args_is_help=False, invoke_without_command=True)


@screen_app.callback(invoke_without_command=True)
def screen(
    ctx: typer.Context,
    review: Path = ReviewOption,
    auto: bool = typer.Option(False, "--auto", help="Apply the rule criteria in "
                                                    "screening/criteria.toml and exit."),
    stage: str = StageOption,
    reviewer: str = ReviewerOption,
    blind: bool = typer.Option(False, "--blind", help="Hide other reviewers' decisions "
                                                      "(blind = true under \\[screening] in "
                                                      "review.toml hides them for everyone)."),
    order: str = typer.Option(None, "--order", callback=lower,
                              help="relevance (learned from your decisions), file, random "
                                   "or year. Default: \\[screening] order in review.toml, else "
                                   "relevance.", show_default=False),
    model: str = typer.Option(None, "--model", help="Ranking model for --order relevance "
                                                    "(see docs/ranking.md)."),
    stopping: bool = typer.Option(False, "--stopping", help="Print the stopping estimate "
                                                            "and test, and exit (the review's; "
                                                            "--reviewer's own; a blind "
                                                            "reviewer's own while blind "
                                                            "screening is unfinished)."),
    target: float = TargetOption,
    confidence: float = ConfidenceOption,
) -> None:
    """Screen records one at a time in a full-screen app, or apply the rule criteria.

    Keys: i include, e exclude (1-9 picks the reason), m maybe, s skip, u undo, n note.

    Also / search, l your decided records (to review or change), ? help, q quit; set
    others in review.toml (screening.keys table).

    Full text adds r (report not retrieved). Each decision is saved as it is keyed.

    The app reopens where you left off. By default the likeliest includes come first
    (a model retrained in the background on your own decisions); the header shows the
    includes found (maybes apart) and how many relevant are estimated to be left.

    Example:

        litsearch screen --stage title-abstract --reviewer reviewer1 --blind
        litsearch screen --stopping
    """
    if ctx.invoked_subcommand is not None:
        return
    if stopping:
        print_stopping(review, reviewer, target, confidence)
        return
    if auto:
        with open_project(review) as project, \
                Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task("Applying rule criteria", total=None)
            result = actions.auto_screen(
                project, lambda done, total: bar.update(task, completed=done, total=total))
        console.print(f"Checked {plural(result.checked, 'record')} against the rule criteria: "
                      f"{number(sum(result.excluded.values()))} excluded "
                      f"({number(result.newly_excluded)} new, {number(result.restored)} "
                      "restored to screening).")
        for rule, count in sorted(result.excluded.items()):
            console.print(f"  {rule}: {number(count)}", markup=False)
        if result.languages_detected:
            console.print(f"  languages detected from title/abstract: "
                          f"{number(result.languages_detected)}")
        if result.language_unsure:
            console.print(f"  language not certain, left to human screening: "
                          f"{number(result.language_unsure)} (a language field litsearch does not "
                          "know, or text too short, mixed or unclear to judge)")
        if not result.has_rules:
            console.print("No rule criteria are set: add year_min, languages, "
                          "exclude_publication_types or exclude_terms under [rules] in "
                          "screening/criteria.toml.", markup=False)
        return
    from ..tui.app import make_app

    app = make_app(review, stage=stage, reviewer=reviewer, blind=blind, order=order,
                   model=model)
    app.run()
    done = app.session.progress()
    kept = app.session.outbox.pending
    saved = "Every decision is saved." if not kept else (
        f"{plural(len(kept), 'decision')} not on the review server yet (it went away): "
        "they are "
        f"kept in {app.session.outbox.journal} and written the next time you open "
        "litsearch screen on this review.")
    console.print(f"{app.session.reviewer} at {app.session.stage}: "
                  f"{number(done.mine_done)} decided, {number(done.mine_left)} left. {saved}",
                  markup=False, soft_wrap=True)


@screen_app.command("decide")
def decide(
    record: str = typer.Argument(..., help="Record id, doi:10.… or pmid:…."),
    include: bool = typer.Option(False, "--include", help="Include the record."),
    exclude: str = ExcludeOption,
    reason: str = ReasonOption,
    maybe: bool = typer.Option(False, "--maybe", help="Undecided: goes on to full text."),
    not_retrieved: bool = typer.Option(False, "--not-retrieved",
                                       help="Full text only: the report could not be found."),
    reviewer: str = ReviewerOption,
    stage: str = StageOption,
    note: str = typer.Option(None, "--note", help="A note stored with the decision."),
    override_rule: bool = typer.Option(
        False, "--override-rule",
        help="The record was excluded by a rule criterion (screen --auto) and the rule is "
             "wrong for it: overrule it, for the reason given with --reason, then decide. "
             "The override is an event of its own in the audit trail."),
    review: Path = ReviewOption,
) -> None:
    """Record one screening decision from a script.

    The reason follows --exclude, or comes as --reason TEXT; at title-abstract it may
    be left out (--exclude --reviewer reviewer1). $LITSEARCH_REVIEWER names the
    reviewer for a whole script.

    A record a rule criterion excluded is screened only after a reviewer overrules the
    rule for it: --override-rule --reason "why"; PRISMA then counts it as screened.

    Example:

        litsearch screen decide 3 --include --reviewer reviewer1
        export LITSEARCH_REVIEWER=reviewer2
        litsearch screen decide 5 --exclude "wrong population"
    """
    overrule = None
    if override_rule:
        if not (reason or "").strip():
            raise ScreeningError("--override-rule needs a reason.",
                                 'Add --reason "why the rule is wrong for this record".')
        overrule, reason = reason, None
    decision, why = actions.one_decision(include, exclusion_reason(exclude, reason), maybe,
                                         not_retrieved)
    with open_project(review) as project:
        done = actions.decide(project, record, decision, why, reviewer, stage, note,
                              override=overrule)
    if overrule is not None:
        console.print(f"Record {done.record_id}: rule criterion overruled by {done.reviewer} "
                      f"({overrule}).", markup=False)
    console.print(f"Record {done.record_id}: {done.decision}"
                  + (f" ({done.reason})" if done.reason else "")
                  + f" by {done.reviewer} at {done.stage} (event {done.event_id})"
                  + (f"; {done.standing}" if done.standing else "") + ".", markup=False)


screen_app.command("conflicts")(conflicts)
screen_app.command("import-decisions")(import_decisions)
screen_app.command("stop")(stop)
screen_app.command("refused")(refused)


def register(app: typer.Typer) -> None:
    """Add the screening commands to the app."""
    app.add_typer(screen_app, name="screen")
    app.command("agreement")(agreement)
