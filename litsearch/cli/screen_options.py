"""Options the ``screen`` subcommands share, and the one reading of an exclusion reason."""

from __future__ import annotations

import typer

from ..errors import ScreeningError
from .output import lower

StageOption = typer.Option("title-abstract", "--stage", callback=lower,
                           help="title-abstract or full-text.")
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


def exclusion_reason(exclude: str | None, reason: str | None) -> str | None:
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
