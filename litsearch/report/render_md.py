"""The flow as Markdown for papers and READMEs: tables per column and a Mermaid diagram."""

from __future__ import annotations

from .flow import PrismaFlow
from .notes import note_mark, numbered
from .progress import FlowProgress, flow_progress
from .rows import Row, box_label, flow_rows, is_box_row, pending_rows, short_ids


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_md(flow: PrismaFlow, title: str = "") -> str:
    """Return a Markdown document: one table per column, a Mermaid flowchart, the checks.

    An unfinished flow says so in its heading and below it, marks each box whose count
    will still change, and in the diagram draws those boxes dashed.
    """
    progress = flow_progress(flow)
    lines = [f"# {progress.title('PRISMA 2020 flow diagram')}", ""]
    if not progress.finished:
        lines += [f"**{_cell(progress.summary())}**", ""]
    if title:
        lines += [f"Review: {_cell(title)}", ""]
    if flow.previous:
        p = flow.previous
        lines += [f"Updated review: counts new records since version {p.number} "
                  f"(frozen {p.frozen_at[:10]}; records after id {p.max_record_id}).", ""]
    section = None
    for row in flow_rows(flow):
        if row.section != section:
            section = row.section
            lines += ["", f"## {_cell(section)}", "", "| Box | n | Explain key |",
                      "|---|---:|---|"]
        lines.append(_table_row(row, progress.mark(row.key) if is_box_row(flow, row) else "",
                                note_mark(flow, row.key)))
    notes = numbered(flow)
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"{i}. `{key}`: {_cell(text)}" for i, key, text in notes]
    lines += ["", "Key: pass it to `litsearch prisma --explain KEY` to list the records "
              "behind a box.", "", "## Diagram", "", "```mermaid", *mermaid(flow, progress), "```"]
    pending = pending_rows(flow)
    if pending:
        lines += ["", "## Records outside the final boxes", ""]
        lines += [f"- {_cell(label)}: {count:,} (`{key}`)" for key, label, count in pending]
    lines += ["", "## Checks", ""]
    if not flow.violations:
        lines.append("Every PRISMA 2020 arithmetic invariant holds.")
    for v in flow.violations:
        ids = f" Records: {short_ids(v.record_ids)}." if v.record_ids else ""
        lines.append(f"- **{v.severity}** `{v.code}`: {_cell(v.message)}.{ids}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _table_row(row: Row, mark: str = "", note: str = "") -> str:
    pad = "&nbsp;&nbsp;&nbsp;&nbsp;" * row.depth
    label = f"**{_cell(row.label)}**" if row.key is None else _cell(row.label)
    label += f" _({_cell(mark)})_" if mark else ""
    label += f" ({note})" if note else ""
    key = f"`{row.key}`" if row.key else ""
    return f"| {pad}{label} | {row.n:,} | {key} |"


def _node(ident: str, *parts: str) -> str:
    text = "<br/>".join(p.replace('"', "#quot;") for p in parts)
    return f'  {ident}["{text}"]'


def mermaid(flow: PrismaFlow, progress: FlowProgress | None = None) -> list[str]:
    """Return Mermaid flowchart lines drawing the PRISMA boxes and arrows.

    Boxes whose count will still change (see :mod:`progress`) are marked and dashed.
    """
    n = flow.n
    progress = progress or flow_progress(flow)

    def box(key: str) -> str:
        mark, note = progress.mark(key), note_mark(flow, key)
        return f"{box_label(flow, key)} (n = {n(key):,})" + (f" ({mark})" if mark else "") \
            + (f" ({note})" if note else "")

    ident = ["Records identified from:", box("database_results")]
    ident += [f"{k} (n = {v:,})" for k, v in flow.specific("database").items()]
    ident.append(box("register_results"))
    ident += [f"{k} (n = {v:,})" for k, v in flow.specific("register").items()]
    out = ["flowchart TD",
           _node("id", *ident),
           _node("rm", "Records removed before screening:", box("duplicates"),
                 box("excluded_automatic"), box("excluded_other")),
           _node("sc", box("records_screened")),
           _node("ex", box("records_excluded"), box("records_excluded_human"),
                 box("records_excluded_automation")),
           _node("so", box("dbr_sought_reports")), _node("nr", box("dbr_notretrieved_reports")),
           _node("ase", box("dbr_assessed")),
           _node("aex", box("dbr_excluded"),
                 *(f"{k} (n = {v:,})" for k, v in flow.reason_counts("dbr").items())),
           _node("inc", box("new_studies"), box("new_reports")),
           "  id --> rm", "  id --> sc", "  sc --> ex", "  sc --> so", "  so --> nr",
           "  so --> ase", "  ase --> aex", "  ase --> inc"]
    if flow.has_other:
        keys = ["website_results", "organisation_results", "citations_results"]
        keys += ["other_results"] if n("other_results") else []
        out += [_node("oid", "Records identified from:", *(box(k) for k in keys)),
                _node("oso", box("other_sought_reports")),
                _node("onr", box("other_notretrieved_reports")),
                _node("oas", box("other_assessed")),
                _node("oae", box("other_excluded"),
                      *(f"{k} (n = {v:,})" for k, v in flow.reason_counts("other").items())),
                "  oid --> oso", "  oso --> onr", "  oso --> oas", "  oas --> oae",
                "  oas --> inc"]
    if flow.updated:
        out += [_node("prev", box("previous_studies"), box("previous_reports")),
                _node("tot", box("total_studies"), box("total_reports")),
                "  prev --> tot", "  inc --> tot"]
    moving = [ident for ident, keys in _NODE_KEYS.items()
              if any(progress.mark(k) for k in keys) and f"  {ident}[" in "\n".join(out)]
    if moving:
        out += ["  classDef moving stroke-dasharray: 5 5", f"  class {','.join(moving)} moving"]
    return out


#: The box keys each Mermaid node shows (to dash the nodes still moving).
_NODE_KEYS = {
    "id": ("database_results", "register_results"),
    "rm": ("duplicates", "excluded_automatic", "excluded_other"),
    "sc": ("records_screened",), "ex": ("records_excluded",), "so": ("dbr_sought_reports",),
    "nr": ("dbr_notretrieved_reports",), "ase": ("dbr_assessed",), "aex": ("dbr_excluded",),
    "inc": ("new_studies", "new_reports"), "oid": ("website_results",),
    "oso": ("other_sought_reports",), "onr": ("other_notretrieved_reports",),
    "oas": ("other_assessed",), "oae": ("other_excluded",),
    "tot": ("total_studies", "total_reports"),
}
