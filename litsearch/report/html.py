"""``litsearch report html``: the whole review as one self-contained web page.

The page is for those who audit a review and do not run litsearch: the PRISMA 2020
diagram (the SVG of :mod:`~litsearch.report.render_svg`) with every box opening the
records behind it (the lists of ``prisma --explain``), the searches as run, the
deduplication, the screening with agreement and conflicts, and every record with its
decision trail, searchable and filterable offline. CSS, script and data are inline: the
file opens from a USB stick or an e-mail attachment, with no server and no network.

HTML comes from a Jinja2 template with autoescape on; data travels as JSON inside
``<script type="application/json">`` blocks, escaped so that no user text can close the
block (:func:`script_json`); the page's script writes user text with ``textContent``
only. Records are cut into chunks that the page parses when a record is opened, so a
review of 100,000 records opens quickly.

Blind screening: with ``blind = true`` in ``[screening]`` of review.toml (or
``--blind``) and screening unfinished, the page shows only the viewer's own votes and
the rules' (no agreement, conflicts, outcomes or screening box lists), and says so.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..errors import ReportError
from ..project import Project
from ..runtime import gc_paused
from ..screening.blind import check_viewer
from ..screening.policy import policy_from_config
from ..screening.status import record_statuses
from .decisions import stage_votes
from .explain import BLIND_KEYS, blind_explain, explain, explain_keys, hidden_keys
from .html_charts import bar_chart, line_chart, stacked_chart
from .html_records import CHUNK, DETAIL_FIELDS, INDEX_FIELDS, TRAIL_FIELDS, record_data
from .html_sections import dedup_section, progress_by_day, screening_section, searches_section
from .labels import BOX_LABELS, PENDING_LABELS, UNFINISHED
from .outputs import project_flow
from .prisma import PrismaFlow
from .prisma_s import search_report
from .render_svg import render_svg
from .rows import box_label, pending_rows

ASSETS = "html_assets"

#: Above this many records the index and record chunks are packed (gzip + base64): a
#: third of the bytes for the browser to parse, so a 100,000-record page opens fast.
#: Unpacking needs DecompressionStream (Chromium 80, Firefox 113, Safari 16.4); a smaller
#: page stays plain JSON and opens in any browser.
PACK_ABOVE = 5_000


@dataclass(frozen=True)
class View:
    """Whom the page is written for.

    Attributes:
        blind: Blind screening was asked for (review.toml or ``--blind``).
        reviewer: The reviewer the page is written for.
        unfinished: Screening is not finished (votes are hidden only then).
    """

    blind: bool = False
    reviewer: str | None = None
    unfinished: bool = False

    @property
    def hides_votes(self) -> bool:
        """True when other reviewers' votes are left out of the page."""
        return self.blind and self.unfinished


def script_json(value: Any) -> Markup:
    """Return JSON safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, so writing them as
    ``\\u003c`` and so on keeps the value and makes ``</script>``, ``<!--`` and
    ``<script`` impossible in the element; U+2028/2029 are escaped for old parsers.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def packed_json(value: Any) -> Markup:
    """Return JSON gzipped and base64-encoded (the page unpacks it with DecompressionStream).

    Base64 has no ``<`` or ``&``, so the text is safe inside a ``<script>`` element.
    """
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Markup(base64.b64encode(gzip.compress(data, compresslevel=6, mtime=0)).decode("ascii"))


def blind_setting(project: Project, flag: bool | None = None) -> bool:
    """Return whether the page is blind: ``[screening] blind`` of review.toml, or ``flag``.

    Raises:
        ConfigError: ``flag`` is False (``--no-blind``) and review.toml says blind.
    """
    return policy_from_config(project.config).blind_for(flag)


def _boxes(project: Project, flow: PrismaFlow, view: View) -> dict[str, Any]:
    """Return ``{key: {label, ids, detail, details}}`` for every box with records."""
    out: dict[str, Any] = {}
    for key in explain_keys(flow):
        label = PENDING_LABELS.get(key) or (box_label(flow, key) if key in BOX_LABELS
                                            else key.replace("_", " ").capitalize())
        if view.hides_votes and key not in BLIND_KEYS:
            out[key] = {"label": label, "hidden": True}
            continue
        rows = blind_explain(project.store, flow, key) if view.hides_votes else \
            explain(project.store, flow, key)
        details: dict[str, int] = {}
        out[key] = {"label": label, "ids": [r.record_id for r in rows],
                    "detail": [details.setdefault(r.detail, len(details)) for r in rows],
                    "details": list(details)}
    return out


def _charts(dedup: dict[str, Any], screening: dict[str, Any],
            progress: dict[str, list[list]]) -> dict[str, Markup]:
    charts = {}
    per_database = dedup["per_database"]
    undeduplicated = any(row[3] for row in per_database.values())
    series = ["found by this database alone", "also found by another database"]
    rows = [(name, row[1:4] if undeduplicated else row[1:3])
            for name, row in per_database.items()]
    if rows:
        charts["databases"] = stacked_chart(
            "Records per database, and how many share a cluster with another database", rows,
            series + ["not deduplicated yet"] if undeduplicated else series)
    charts["progress"] = line_chart("Screening decisions over time (cumulative)", progress)
    for stage, items in screening.get("reasons", {}).items():
        if items:
            charts[f"reasons-{stage}"] = bar_chart(f"Reasons for exclusion at {stage}", items)
    return {k: Markup(v) for k, v in charts.items()}


#: Steps :func:`render_html` reports to its ``progress`` callback.
STEPS = ("flow", "votes", "records", "boxes", "sections", "page")


@gc_paused()
def render_html(project: Project, reviewer: str | None = None, blind: bool | None = None,
                generated: str | None = None,
                progress: Callable[[int, int, str], None] | None = None,
                pack: bool | None = None) -> str:
    """Return the review as one self-contained HTML page.

    Args:
        project: The open review.
        reviewer: The reviewer the page is written for (matters in a blind review).
        blind: Hide other reviewers' votes while screening is unfinished; None reads
            ``[screening] blind`` from review.toml, which False cannot override.
        generated: The time stamp shown (default: now, UTC).
        progress: Called with (steps done, steps in all, the next step's name).
        pack: Pack the records (see :data:`PACK_ABOVE`); None packs above that size.

    Raises:
        ReportError: ``reviewer`` is not one of the review's reviewers.
    """
    def step(name: str) -> None:
        if progress:
            progress(STEPS.index(name), len(STEPS), name)

    if reviewer is not None and project.reviewers and reviewer not in project.reviewers:
        raise ReportError(f"--reviewer {reviewer}: not a reviewer of this review.",
                          "Use one of: " + ", ".join(project.reviewers) + " (review.toml).")
    store = project.store
    check_viewer(store, reviewer)  # on PostgreSQL a reviewer's page is their own
    step("flow")
    flow = project_flow(project)
    unfinished = any(flow.pending[key] for key in UNFINISHED)
    view = View(blind_setting(project, blind), reviewer, unfinished)
    step("votes")
    votes = stage_votes(store)
    step("records")
    # Every record's status as exports give it: the flow's statuses cover only the units
    # it counts (after a freeze, the update's).
    records = record_data(store, record_statuses(store), votes, view.reviewer,
                          view.hides_votes)
    step("boxes")
    boxes = _boxes(project, flow, view)
    step("sections")
    dedup = dedup_section(store)
    screening = screening_section(store, votes, view.reviewer, view.hides_votes)
    by_day = progress_by_day(store, view.reviewer, view.hides_votes)
    step("page")
    hidden = hidden_keys(flow) if view.hides_votes else frozenset()
    pending = pending_rows(flow, hidden)
    meta = {"title": project.title, "boxes": boxes,
            "tables": records.tables(), "index_fields": INDEX_FIELDS,
            "detail_fields": DETAIL_FIELDS, "trail_fields": TRAIL_FIELDS,
            "merged": dedup.pop("merged"), "blind": view.hides_votes,
            "chunk": CHUNK}
    if pack is None:
        pack = len(records.index) > PACK_ABOVE
    meta["packed"] = pack
    encode = packed_json if pack else script_json
    env = Environment(loader=FileSystemLoader(str(resources.files(__package__) / ASSETS)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    asset = resources.files(__package__) / ASSETS
    page = env.get_template("report.html.j2").render(
        title=project.title, version=__version__, view=view,
        generated=generated or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        svg=Markup(render_svg(flow, project.title, hidden)), flow=flow,
        pending=pending, violations=[] if view.hides_votes else flow.violations,
        searches=searches_section(store), prisma_s=search_report(store, project.title),
        dedup=dedup, screening=screening, charts=_charts(dedup, screening, by_day),
        n_records=len(records.index), meta=meta, index=encode(records.index),
        chunks=[encode(chunk) for chunk in records.chunks()],
        data_type="application/gzip+base64" if pack else "application/json",
        css=Markup((asset / "report.css").read_text("utf-8")),
        js=Markup((asset / "report.js").read_text("utf-8")))
    if progress:
        progress(len(STEPS), len(STEPS), "done")
    return page
