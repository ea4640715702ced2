"""``litsearch screen import-decisions``: decisions made in another tool, matched to works."""

from __future__ import annotations

from pathlib import Path

import typer

from ..screening import actions
from ..wording import number, plural
from .output import ReviewOption, console, lower, open_project

DecisionsFile = typer.Argument(..., help="CSV with a decision column (or Rayyan's notes) and "
                                          "DOI, PMID or title (+ year) columns; optional "
                                          "reason, reviewer, stage, note. Comma-, semicolon- "
                                          "or tab-separated; UTF-8, UTF-16 or Windows-1252.")


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
