"""``litsearch screen conflicts``: list the reviewers' disagreements at a stage, or settle one."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from ..screening import actions
from ..screening.blind import blind_note, conflict_votes_hidden, hidden_stages
from ..screening.conflicts import list_conflicts
from ..screening.decisions import REVIEWER_ENV
from ..wording import plural
from .output import ReviewOption, console, open_project
from .screen_options import (
    ExcludeOption,
    ReasonOption,
    ReviewerOption,
    StageOption,
    exclusion_reason,
)


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
    arbiter = [...] under \\[screening] in review.toml only they resolve (on PostgreSQL a
    lead too); with blind = true the conflicts are listed only to them until every
    record has its votes (docs/screening.md).

    Example:

        litsearch screen conflicts --resolve 5 --include --reviewer reviewer1
    """
    with open_project(review) as project:
        if resolve is not None:
            decision, why = actions.one_decision(include, exclusion_reason(exclude, reason), maybe,
                                                 not_retrieved)
            done = actions.resolve(project, resolve, decision, why, reviewer, stage)
            console.print(f"Resolved record {done.record_id} at {done.stage}: {done.decision}"
                          + (f" ({done.reason})" if done.reason else "")
                          + f" by {done.reviewer}.", markup=False)
            return
        found = list_conflicts(project.store, stage)
        viewer = reviewer or os.environ.get(REVIEWER_ENV)
        hidden = conflict_votes_hidden(project.store, stage, viewer)
        left = hidden_stages(project.store).get(stage, 0) if hidden else 0
    if hidden:
        # Which records are in conflict (even whether any is, or how many) and your own
        # vote tell the other reviewer's vote: nothing is listed until the stage is done.
        console.print(blind_note(stage, left) + " Conflicts are listed then; an arbiter "
                      "named in review.toml (on a team server, a lead) sees them now.",
                      markup=False)
        return
    if not found:
        console.print(f"No conflicts at {stage}.")
        return
    table = Table(title=f"{plural(len(found), 'conflict')} at {stage}", title_justify="left",
                  expand=True)
    table.add_column("record", justify="right")
    table.add_column("title", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("votes", ratio=2)
    for c in found:
        votes = "\n".join(f"{r}: {d}" + (f" ({why})" if why else "")
                          for r, (d, why) in c.votes.items())
        # Titles and reasons are text: a translated title "[Spiritual care]" is not markup.
        table.add_row(str(c.record_id), Text(c.title), Text(votes))
    console.print(table)
    console.print(f"Resolve with: litsearch screen conflicts --stage {stage} --resolve RECORD "
                  "--include|--exclude [REASON] --reviewer NAME")
