"""The record being screened: metadata, identifiers and abstract, terms highlighted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from ...models import Record
from ...screening.criteria import Criteria
from ...screening.terms import highlight_spans
from ...wording import number, plural

#: Rich styles for the two kinds of highlight term.
HIGHLIGHT_STYLES = {"include": "bold black on green", "exclude": "bold white on red"}

STAGE_NAMES = {"title-abstract": "title/abstract", "full-text": "full text"}


def highlighted(text: str, criteria: Criteria, style: str = "") -> Text:
    """Return ``text`` with on-topic terms green and off-topic terms red."""
    out = Text(text, style=style)
    for span in highlight_spans(text, criteria.highlight_include, criteria.highlight_exclude):
        out.stylize(HIGHLIGHT_STYLES[span.kind], span.start, span.end)
    return out


def render_record(unit: int, record: Record, criteria: Criteria, sources: list[str],
                  decision: str | None) -> Text:
    """Build the text shown for one record."""
    out = Text()
    meta = [f"#{unit}", str(record.year or "year unknown"), record.journal or "journal unknown"]
    out.append("  ·  ".join(meta) + "\n", style="dim")
    if decision:  # on top: a revisited record says at once how it was decided
        out.append(f"Your decision: {decision}", style="bold reverse")
        out.append("\n")
    for warning in record.extra.get("import_warnings") or ():
        # A record read from damaged text: the reviewer sees why before deciding on it.
        out.append(f"Import warning: {warning}\n", style="bold yellow")
    out.append_text(highlighted(record.title or "(no title)", criteria, "bold"))
    out.append("\n")
    authors = ", ".join(a.display() for a in record.authors[:12])
    if len(record.authors) > 12:
        authors += f" … (+{len(record.authors) - 12})"
    out.append((authors or "(no authors)") + "\n", style="italic")
    # Links make the identifiers clickable in terminals that support them (full-text lookup).
    links = [(f"DOI {record.doi}", f"https://doi.org/{record.doi}") if record.doi else None,
             (f"PMID {record.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/")
             if record.pmid else None,
             (f"PMCID {record.pmcid}", "") if record.pmcid else None]
    shown = [link for link in links if link]
    for i, (label, url) in enumerate(shown):
        out.append(("  " if i else "") + label, style=f"cyan link {url}" if url else "cyan")
    out.append(("" if shown else "no DOI or PMID") + "\n", style="cyan")
    if record.url:
        out.append(f"URL {record.url}\n", style=f"cyan link {record.url}")
    details = [f"Type: {'; '.join(record.publication_types)}" if record.publication_types else "",
               f"Language: {record.language}" if record.language else "",
               f"Found in: {', '.join(sources)}" if sources else ""]
    out.append("  ·  ".join(d for d in details if d) + "\n\n", style="dim")
    out.append_text(highlighted(record.abstract or "(no abstract)", criteria))
    if record.keywords:
        out.append("\n\nKeywords: ", style="bold")
        out.append_text(highlighted("; ".join(record.keywords), criteria))
    return out


def render_done(stage: str, mine: Mapping[int, str], pool: int, undo_keys: list[str],
                quit_keys: list[str]) -> Text:
    """Build the message shown when the reviewer has no record left to decide."""
    name = STAGE_NAMES[stage]
    if pool == 0:
        out = Text(f"No records have reached {name} screening yet.\n\n", style="bold")
        out.append("Records reach full text when title/abstract screening includes them "
                   "(or marks them maybe): litsearch screen --stage title-abstract."
                   if stage == "full-text" else
                   "Every record was excluded by the rule criteria (litsearch status).")
    else:
        counts = Counter(mine.values())
        tally = ", ".join(f"{number(n)} {d}" for d, n in sorted(counts.items()))
        every, have = ("The", "has") if pool == 1 else ("All", "have")
        out = Text(f"{every} {plural(pool, 'record')} at {name} {have} your decision "
                   f"({tally}).\n\n", style="bold")
        out.append("Next: " + ("litsearch screen conflicts, then litsearch screen --stage "
                               "full-text" if stage == "title-abstract" else
                               "litsearch screen conflicts --stage full-text, then "
                               "litsearch prisma") + ".\n")
    undo = f"Press {undo_keys[0]} to undo your last decision, " if undo_keys else ""
    out.append(f"\n{undo}or {quit_keys[0] if quit_keys else 'ctrl+c'} to quit.")
    return out


class RecordView(Static):
    """Shows one record (or a message when the queue is done)."""

    DEFAULT_CSS = ""
