"""``litsearch screen refused``: the kept decisions the review server refused for good."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import ScreeningError
from ..screening.outbox import journal_path, refused_path
from ..screening.refused import Refused, discard_refused, read_refused, retry_refused
from ..store import Store
from ..store.team import connected_role
from ..wording import plural
from .output import ReviewOption, console, open_project


def refused(
    retry: bool = typer.Option(False, "--retry",
                               help="Write them again: those the server now takes are "
                                    "written (each once), the others stay in the file."),
    discard: bool = typer.Option(False, "--discard",
                                 help="Drop the file (key again in 'litsearch screen' what "
                                      "still applies first)."),
    review: Path = ReviewOption,
) -> None:
    """List the decisions kept while the review server was away that it then refused.

    A decision keyed offline is refused for good when its record was taken out of the
    review (litsearch import --undo) or you were taken off the team meanwhile; it is set
    aside with the reason, on this machine, for the reviewer you are connected as.

    Example:

        litsearch screen refused
        litsearch screen refused --retry
    """
    if retry and discard:
        raise ScreeningError("--retry and --discard cannot be combined.",
                             "Run --retry first; --discard then drops what is left.")
    with open_project(review) as project:
        store = project.store
        role = connected_role(store)
        journal = journal_path(store.path, role) if role is not None else None
        entries = read_refused(journal) if journal is not None else []
        if journal is None or not refused_path(journal).is_file():
            console.print("No kept decision was refused by the review server on this "
                          "machine" + (f" (for {role})." if role else "."), markup=False)
            return
        where = refused_path(journal)
        if discard:
            n = discard_refused(journal)
            console.print(f"Discarded {plural(n, 'refused decision')} ({where} removed).",
                          markup=False, soft_wrap=True)
            return
        if retry:
            written, left = retry_refused(store, journal)
            console.print(f"{written} written; {len(left)} still refused"
                          + (f" (in {where}; the reasons: 'litsearch screen refused')."
                             if left else "."), markup=False, soft_wrap=True)
            return
        _print_list(store, entries, where)


def _print_list(store: Store, entries: list[Refused], where: Path) -> None:
    ids = sorted({e.item.record_id for e in entries})
    marks = ",".join("?" * len(ids))
    titles = dict(store.execute(f"SELECT id, title FROM records WHERE id IN ({marks})",
                                ids).fetchall()) if ids else {}
    for e in entries:
        title = titles.get(e.item.record_id)
        what = e.item.decision + (f" ({e.item.reason})" if e.item.reason else "")
        console.print(f"record {e.item.record_id} "
                      f"({title if title is not None else 'no longer in the review'}): "
                      f"{what} at {e.item.stage}, keyed {e.item.decided_at[:16]}; refused: "
                      f"{e.reason}", markup=False, highlight=False, soft_wrap=True)
    console.print(f"{plural(len(entries), 'kept decision')} refused by the review server, "
                  f"in {where}. --retry writes again those the server now takes (you were "
                  "put back on the team); key the others again in 'litsearch screen' if "
                  "they still apply, then --discard.", markup=False, soft_wrap=True)
