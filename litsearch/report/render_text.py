"""A plain-text rendering of the flow for terminals, logs and golden files."""

from __future__ import annotations

from ..wording import plural
from .flow import PrismaFlow
from .notes import note_mark, numbered
from .progress import flow_progress
from .rows import flow_rows, is_box_row, pending_rows, short_ids

#: In place of the checks for a blind reviewer (their records tell the others' votes).
BLIND_CHECKS = "Checks: not shown while screening is blind and unfinished."
#: Width of the label column (labels longer than this push the count right).
LABEL_WIDTH = 64


def render_text(flow: PrismaFlow, title: str = "", hidden: frozenset[str] = frozenset()) -> str:
    """Return the flow as aligned plain text, then pending work and invariant checks.

    An unfinished flow says so in its title and on a line below it, and every box
    whose count will still change is marked. ``hidden`` boxes and lists (a blind
    reviewer's: counted from the votes) say "hidden", and the checks are left out.
    """
    progress = flow_progress(flow, hidden)
    lines = [progress.title(f"PRISMA 2020 flow diagram{': ' + title if title else ''}")]
    lines += [progress.summary(), ""] if not progress.finished else [""]
    section = band = None
    for row in flow_rows(flow):
        if row.section != section:
            if section is not None:
                lines.append("")
            section, band = row.section, None
            lines.append(row.section)
        if row.band != band and row.section != "Included":
            band = row.band
            lines.append(f"  {band}")
        indent = "    " + "  " * row.depth
        label = f"{indent}{row.label}"
        key = f"  [{row.key}]" if row.key else ""
        mark = progress.mark(row.key) if is_box_row(flow, row) else ""
        mark = f"  ({mark})" if mark else ""
        note = note_mark(flow, row.key, hidden)
        mark += f"  ({note})" if note else ""
        count = "hidden" if row.key in hidden else f"{row.n:,}"
        lines.append(f"{label:<{LABEL_WIDTH}} {count:>7}{key}{mark}")
    notes = numbered(flow, hidden)
    if notes:
        lines += ["", "Notes:"]
        lines += [f"  {i}. [{key}] {text}" for i, key, text in notes]
    pending = pending_rows(flow, hidden)
    if pending:
        lines += ["", "Records outside the final boxes:"]
        lines += [f"  {label}: {count:,}  [{key}]" for key, label, count in pending]
    lines += ["", *(check_lines(flow) if not hidden else [BLIND_CHECKS])]
    return "\n".join(lines) + "\n"


def check_lines(flow: PrismaFlow) -> list[str]:
    """Return the invariant check results, one violation per line with its records."""
    if not flow.violations:
        return ["Checks: every PRISMA invariant holds."]
    n = len(flow.violations)
    out = [f"Checks: {plural(n, 'invariant')} {'does' if n == 1 else 'do'} not hold:"]
    for v in flow.violations:
        out.append(f"  {v.severity.upper()} {v.code}: {v.message}")
        if v.record_ids:
            out.append(f"    records: {short_ids(v.record_ids)}")
    return out
