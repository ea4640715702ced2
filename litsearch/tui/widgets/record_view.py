"""The record being screened: metadata, identifiers and abstract, terms highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...models import Record
from ...screening.criteria import Criteria
from ...screening.terms import highlight_spans

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
    out.append_text(highlighted(record.title or "(no title)", criteria, "bold"))
    out.append("\n")
    authors = ", ".join(a.display() for a in record.authors[:12])
    if len(record.authors) > 12:
        authors += f" … (+{len(record.authors) - 12})"
    out.append((authors or "(no authors)") + "\n", style="italic")
    ids = [f"DOI {record.doi}" if record.doi else "", f"PMID {record.pmid}" if record.pmid else "",
           f"PMCID {record.pmcid}" if record.pmcid else ""]
    out.append("  ".join(i for i in ids if i) or "no DOI or PMID", style="cyan")
    out.append("\n")
    if record.url:
        out.append(f"URL {record.url}\n", style="cyan")
    details = [f"Type: {'; '.join(record.publication_types)}" if record.publication_types else "",
               f"Language: {record.language}" if record.language else "",
               f"Found in: {', '.join(sources)}" if sources else ""]
    out.append("  ·  ".join(d for d in details if d) + "\n\n", style="dim")
    out.append_text(highlighted(record.abstract or "(no abstract)", criteria))
    if record.keywords:
        out.append("\n\nKeywords: ", style="bold")
        out.append_text(highlighted("; ".join(record.keywords), criteria))
    if decision:
        out.append(f"\n\nYour decision: {decision}", style="bold reverse")
    return out


class RecordView(Static):
    """Shows one record (or a message when the queue is done)."""

    DEFAULT_CSS = ""
