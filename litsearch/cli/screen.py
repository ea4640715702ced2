"""Screening commands: ``screen`` (app, --auto, decide, conflicts, import-decisions) and
``agreement``."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from ..errors import ScreeningError
from ..screening import actions
from ..screening.agreement import Agreement
from ..screening.agreement import agreement as compute_agreement
from ..screening.blind import blind_note, conflict_votes_hidden, hidden_stages
from ..screening.conflicts import list_conflicts
from ..screening.decisions import REVIEWER_ENV
from ..wording import number, plural
from .output import ConfidenceOption, ReviewOption, TargetOption, console, lower, open_project

screen_app = typer.Typer(
                         no_args_is_help=False, invoke_without_command=True)

StageOption = typer.Option("title-abstract", "--stage", callback=lower,
                           help="title-abstract or full-text.")
DecisionsFile = typer.Argument(..., help="CSV with a decision column (or Rayyan's notes) and "
                                          "DOI, PMID or title (+ year) columns; optional "
                                          "reason, reviewer, stage, note. Comma-, semicolon- "
                                          "or tab-separated; UTF-8, UTF-16 or Windows-1252.")
#: ``--exclude`` may stand alone: the bracketed metavar tells the argument guard
#: (options.py) that ``--exclude --reviewer bob`` leaves the reason out, not "--reviewer".
ExcludeOption = typer.Option(None, "--exclude", metavar="[REASON]",
                             help="Exclude, for this reason (a label from criteria.toml). "
                                  "The reason may be left out at title-abstract.")
ReasonOption = typer.Option(None, "--reason",
                            help="The exclusion reason, as a separate option: "
                                 "--exclude --reason \"wrong population\".")
ReviewerOption = typer.Option(None, "--reviewer",
                              help="Who decides. Default: $LITSEARCH_REVIEWER, else the one "
                                   "reviewer review.toml lists (with several listed, naming "
                                   "one is required).", show_default=False)


def _reason(exclude: str | None, reason: str | None) -> str | None:
    """Merge ``--exclude [REASON]`` and ``--reason TEXT`` into the exclusion reason."""
    if reason is None:
        return exclude
    if exclude is None:
        raise ScreeningError(f"--reason {reason!r} goes with --exclude.",
                             f'Write --exclude "{reason}" (or --exclude --reason "{reason}").')
    if exclude and exclude != reason:
        raise ScreeningError(f"two reasons given: --exclude {exclude!r} and --reason {reason!r}.",
                             "Give the reason once.")
    return reason


@screen_app.callback(invoke_without_command=True)
def screen(
    ctx: typer.Context,
    review: Path = ReviewOption,
    auto: bool = typer.Option(False, "--auto", help="Apply the rule criteria in "
                                                    "screening/criteria.toml and exit."),
    stage: str = StageOption,
    reviewer: str = ReviewerOption,
    blind: bool = typer.Option(False, "--blind", help="Hide other reviewers' decisions "
                                                      "(blind = true under [screening] in "
                                                      "review.toml hides them for everyone)."),
    order: str = typer.Option(None, "--order", callback=lower,
                              help="relevance (learned from your decisions), file, random "
                                   "or year. Default: [screening] order in review.toml, else "
                                   "relevance.", show_default=False),
    model: str = typer.Option(None, "--model", help="Ranking model for --order relevance "
                                                    "(see docs/ranking.md)."),
    stopping: bool = typer.Option(False, "--stopping", help="Print the stopping estimate "
                                                            "and test, and exit."),
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
    includes found and how many are estimated to be left.

    Example:

        litsearch screen --stage title-abstract --reviewer reviewer1 --blind
        litsearch screen --stopping
    """
    if ctx.invoked_subcommand is not None:
        return
    if stopping:
        _print_stopping(review, reviewer, target, confidence)
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
    decision, why = actions.one_decision(include, _reason(exclude, reason), maybe, not_retrieved)
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


@screen_app.command("conflicts")
def conflicts(
    stage: str = StageOption,
    resolve: str = typer.Option(None, "--resolve", metavar="RECORD",
                                help="Resolve this record's conflict."),
    include: bool = typer.Option(False, "--include", help="Resolve as include."),
    exclude: str = ExcludeOption,
    reason: str = ReasonOption,
    maybe: bool = typer.Option(False, "--maybe", help="Resolve as maybe."),
    not_retrieved: bool = typer.Option(False, "--not-retrieved", help="Resolve as not retrieved."),
    reviewer: str = ReviewerOption,
    review: Path = ReviewOption,
) -> None:
    """List reviewers' disagreements at a stage, or resolve one.

    A resolution is a decision event of its own; the reviewers' votes are kept. With
    arbiter = [...] under [screening] in review.toml only they resolve (on PostgreSQL a
    lead too); with blind = true the votes are listed only to them until every record
    has its votes (docs/screening.md).

    Example:

        litsearch screen conflicts --resolve 5 --include --reviewer reviewer1
    """
    with open_project(review) as project:
        if resolve is not None:
            decision, why = actions.one_decision(include, _reason(exclude, reason), maybe,
                                                 not_retrieved)
            done = actions.resolve(project, resolve, decision, why, reviewer, stage)
            console.print(f"Resolved record {done.record_id} at {done.stage}: {done.decision}"
                          + (f" ({done.reason})" if done.reason else "")
                          + f" by {done.reviewer}.", markup=False)
            return
        found = list_conflicts(project.store, stage)
        viewer = reviewer or os.environ.get(REVIEWER_ENV)
        hidden = found and conflict_votes_hidden(project.store, stage, viewer)
        left = hidden_stages(project.store).get(stage, 0) if hidden else 0
    if not found:
        console.print(f"No conflicts at {stage}.")
        return
    table = Table(title=f"{plural(len(found), 'conflict')} at {stage}", title_justify="left",
                  expand=True)
    table.add_column("record", justify="right")
    table.add_column("title", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("votes", ratio=2)
    for c in found:
        votes = "hidden (blind)" if hidden else "\n".join(
            f"{r}: {d}" + (f" ({why})" if why else "") for r, (d, why) in c.votes.items())
        # Titles and reasons are text: a translated title "[Spiritual care]" is not markup.
        table.add_row(str(c.record_id), Text(c.title), Text(votes))
    console.print(table)
    if hidden:
        console.print(blind_note(stage, left) + " The arbiters named in review.toml see "
                      "them (--reviewer NAME).", markup=False)
    console.print(f"Resolve with: litsearch screen conflicts --stage {stage} --resolve RECORD "
                  "--include|--exclude [REASON] --reviewer NAME")


@screen_app.command("import-decisions")
def import_decisions(
    file: Path = DecisionsFile,
    stage: str = typer.Option("title-abstract", "--stage", callback=lower,
                              help="Stage for rows without one."),
    reviewer: str = typer.Option(None, "--reviewer", help="Reviewer for rows without one."),
    id_column: str = typer.Option(None, "--id-column",
                                  help="A column holding litsearch record ids (a "
                                       "litsearch_record_id column is read without it). "
                                       "Other tools' ids (Rayyan key, ASReview record_id) "
                                       "are not litsearch's."),
    decision: str = typer.Option(None, "--decision", callback=lower,
                                 help="Decision for every row of a file without a decision "
                                      "column (a Covidence export of one list)."),
    skip_unmatched: bool = typer.Option(False, "--skip-unmatched",
                                        help="Import the rows that match one work and list "
                                             "the rest, instead of importing nothing."),
    review: Path = ReviewOption,
) -> None:
    """Import decisions made elsewhere (Rayyan, ASReview, Covidence, a spreadsheet).

    Rows are matched to works by DOI, then PMID, then title and year; a record id
    counts only from a litsearch_record_id column or --id-column. Rayyan's decisions
    are read from its notes column. The file is checked whole: a row that matches
    nothing, several works, or whose identifiers disagree is listed, and nothing is
    written unless every row matches (or --skip-unmatched).

    Example:

        litsearch screen import-decisions rayyan.csv --reviewer reviewer2
    """
    with open_project(review) as project:
        result = actions.import_file(project, file, stage, reviewer, id_column=id_column,
                                     decision=decision, skip_unmatched=skip_unmatched)
    for note in result.notes:
        console.print(f"note: {note}", markup=False, soft_wrap=True)
    parts = ", ".join(f"{k}: {number(v)}" for k, v in sorted(result.by_decision.items()))
    console.print(f"Imported {plural(result.imported, 'decision')} from {file.name}"
                  + (f" ({parts})" if parts else "")
                  + (f"; {plural(result.skipped_blank, 'row')} without a decision skipped"
                     if result.skipped_blank else "") + ".", markup=False)
    if result.repeated:
        console.print(f"{plural(result.repeated, 'row')} repeated another row's decision "
                      "on the same "
                      "work; written once.", markup=False)
    if result.unread_id_columns:
        columns = result.unread_id_columns
        console.print(f"{'Column' if len(columns) == 1 else 'Columns'} {', '.join(columns)} "
                      f"{'was' if len(columns) == 1 else 'were'} not read as "
                      "litsearch record ids (another tool's numbering); rows were matched by "
                      "DOI, PMID and title.", markup=False)
    if result.skipped:
        console.print(f"{plural(len(result.skipped), 'row')} "
                      f"{'was' if len(result.skipped) == 1 else 'were'} skipped "
                      "(--skip-unmatched):",
                      markup=False)
        for line, why in result.skipped:
            console.print(f"  line {line}: {why}", markup=False, soft_wrap=True)
    if result.on_auto_excluded:
        console.print(f"{number(result.on_auto_excluded)} of them are on records the rule criteria "
                      "excluded (screen --auto): kept, but they do not count.", markup=False)
    if result.before_full_text:
        console.print(f"{result.before_full_text} of them are full-text decisions on records "
                      "that have not reached full text (not included at title-abstract, or "
                      "awaiting a second reviewer there): kept, but they count only once the "
                      "record is included at title-abstract (litsearch status).", markup=False)


def agreement(
    stage: str = typer.Option(None, "--stage", callback=lower,
                              help="Only this stage (default: both)."),
    review: Path = ReviewOption,
) -> None:
    """Print percent agreement, Cohen's kappa and PABAK per stage and reviewer pair.

    Computed from each reviewer's first decision on each record, so a vote changed
    later cannot raise agreement after the fact; the changes and the agreement of the
    current votes are reported beside it. Include and maybe count as agreement;
    resolutions are left out.

    Example:

        litsearch agreement --stage title-abstract
    """
    with open_project(review) as project:
        rows = compute_agreement(project.store, stage)
        hidden = hidden_stages(project.store)
    for name, left in hidden.items():
        if stage in (None, name):
            console.print(blind_note(name, left) + " Agreement is computed from them, so it "
                          "is shown then too.", markup=False)
    rows = [a for a in rows if a.stage not in hidden]
    if not rows and hidden:
        return
    if not rows:
        console.print("No records were screened by two reviewers yet.")
        return
    for table in agreement_tables(rows):
        console.print(table)
    for line in agreement_notes(rows):
        console.print(line, markup=False)


def agreement_notes(rows: list[Agreement]) -> list[str]:
    """Say what the numbers are computed from, and what changed since the first votes."""
    lines = ["Computed from each reviewer's first decision on each record."]
    for a in rows:
        if a.changed:
            current = "" if a.current_percent is None else (
                f"; current votes agree on {a.current_percent}%"
                + ("" if a.current_kappa is None else f" (kappa {a.current_kappa:.3f})"))
            lines.append(f"{a.stage}, {a.reviewer_a} × {a.reviewer_b}: {number(a.changed)} of "
                         f"{plural(a.n, 'record')} changed since{current}.")
        if a.could_see:
            lines.append(f"{a.stage}, {a.reviewer_a} × {a.reviewer_b}: "
                         f"{plural(a.could_see, 'first decision')} "
                         f"{'was' if a.could_see == 1 else 'were'} keyed with the other's "
                         "vote on screen (screen "
                         "without --blind), so they may not be independent.")
    return lines


def agreement_tables(rows: list[Agreement]) -> list[Table]:
    """Lay out agreement as one table per stage, readable on an 80-column terminal.

    The stage is in each table's title rather than a column, so neither the stage
    nor the reviewers' names have to be cut short to fit.
    """
    tables = []
    for stage in dict.fromkeys(a.stage for a in rows):
        pairs = [f"{a.reviewer_a} × {a.reviewer_b}" for a in rows if a.stage == stage]
        table = Table(title=f"Inter-rater agreement at {stage}", title_justify="left")
        # A long pair breaks after the "×" rather than pushing the table past the edge.
        table.add_column("reviewers", overflow="fold")
        for col in ("records", "agreement", "kappa", "PABAK"):
            table.add_column(col, justify="right", no_wrap=True)
        table.add_column("Landis & Koch")
        for pair, a in zip(pairs, (a for a in rows if a.stage == stage), strict=True):
            table.add_row(Text(pair), number(a.n), f"{a.percent}%",
                          "–" if a.kappa is None else f"{a.kappa:.3f}",
                          "–" if a.pabak is None else f"{a.pabak:.3f}", a.band)
        tables.append(table)
    return tables


def _print_stopping(review: Path | None, reviewer: str | None, target: float,
                    confidence: float) -> None:
    from ..screening.early_stop import stopping_report

    with open_project(review) as project:
        report = stopping_report(project.store, reviewer, target, confidence)
    t = report.test
    console.print(f"Stopping estimate for {report.who} at title-abstract: "
                  f"{number(t.screened)} of {plural(t.total, 'record')} screened, "
                  f"{number(t.found)} relevant found.", markup=False)
    console.print("  estimated relevant still unscreened: "
                  f"{number(round(t.remaining_estimate))} (median estimate; errs high early, "
                  "as ranked records are richer than the rest; at most "
                  f"{number(t.remaining_upper)} at {confidence:.0%} confidence)", markup=False)
    console.print(f"  test: {t.summary()}", markup=False)
    if t.stop:
        console.print(f"  → the {target:.0%} recall target is reached; "
                      f"{plural(len(report.unscreened), 'record')} "
                      f"{'is' if len(report.unscreened) == 1 else 'are'} unscreened "
                      "(litsearch screen stop records them as excluded by the stopping rule).",
                      markup=False)
    else:
        more = ("more than the records left" if t.more_to_screen is None
                else f"at least {plural(t.more_to_screen, 'more record')}")
        console.print(f"  → not yet: screen {more} (if none of them is relevant) before the "
                      "test can pass.", markup=False)
    console.print("  heuristic (no guarantee): "
                  f"{plural(report.irrelevant_in_a_row, 'irrelevant record')} in a row.",
                  markup=False)


@screen_app.command("stop")
def stop(
    target: float = TargetOption,
    confidence: float = ConfidenceOption,
    force: bool = typer.Option(False, "--force", help="Stop even though the test has not "
                                                      "reached the target (said in PRISMA)."),
    review: Path = ReviewOption,
) -> None:
    """Stop title/abstract screening: the records nobody screened are excluded by the
    stopping rule, with its method, target, confidence and result, and PRISMA counts them
    as excluded by automation tools.

    Example:

        litsearch screen stop --target 0.95 --confidence 0.95
    """
    from ..screening.early_stop import stop_screening

    with open_project(review) as project:
        report = stop_screening(project.store, target, confidence, force)
    console.print(f"{plural(len(report.unscreened), 'unscreened record')} excluded by the "
                  "stopping rule: "
                  f"{report.test.summary()}.", markup=False)


def register(app: typer.Typer) -> None:
    """Add the screening commands to the app."""
    app.add_typer(screen_app, name="screen")
    app.command("agreement")(agreement)
