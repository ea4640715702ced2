"""The PRISMA 2020 flow diagram as a standalone SVG, drawn by litsearch (no Graphviz).

Layout follows the PRISMA 2020 templates: blue side bands (Identification, Screening,
Included); the databases-and-registers column with its boxes and the boxes to their
right; the other-methods column when records came from other methods; the previous-
studies column and the total box in an updated review. Text is wrapped to the box
width and XML-escaped; every box is a ``<g>`` whose ``data-keys`` name the R package
data keys it shows.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .flow import PrismaFlow
from .labels import BANDS, COLUMN_TITLES
from .notes import note_mark, numbered
from .progress import FlowProgress, flow_progress
from .rows import box_label

FONT_SIZE = 11
LINE_H = 14
#: Average glyph width of an 11 px sans-serif font, used to wrap text to a box.
CHAR_W = 6.0
#: The same for bold text.
BOLD_W = 7.0
#: Rotated band labels need this much height per character (plus padding).
BAND_CHAR_H = 7.5
PAD = 8
BOX_W = 280
PREV_W = 200
GAP_X = 40
GAP_Y = 28
MARGIN = 16
BAND_W = 28

COLOURS = {"title": "#f5c242", "grey": "#d9d9d9", "band": "#a9c4eb", "box": "#ffffff",
           "unfinished": "#fde2e1"}


@dataclass
class _Box:
    ident: str
    keys: tuple[str, ...]
    parts: list[tuple[str, bool]]
    x: float
    w: float
    fill: str = COLOURS["box"]
    y: float = 0.0
    min_h: float = 0.0
    lines: list[tuple[str, bool]] = field(default_factory=list)
    #: Drawn dashed: its count will still change (the review is unfinished).
    moving: bool = False

    @property
    def h(self) -> float:
        return max(self.min_h, len(self.lines) * LINE_H + 2 * PAD)

    def wrap(self) -> None:
        self.lines = []
        for text, bold in self.parts:
            width = max(8, int((self.w - 2 * PAD) / (BOLD_W if bold else CHAR_W)))
            indent = text[:len(text) - len(text.lstrip(" "))]
            wrapped = textwrap.wrap(text, width, break_long_words=True,
                                    subsequent_indent=indent + "  ") or [""]
            self.lines += [(line.replace(NBSP, " "), bold) for line in wrapped]


#: Keeps "(n = 12)" on one line when a box label wraps.
NBSP = "\u00a0"


def _n(count: int) -> str:
    return f"(n{NBSP}={NBSP}{count:,})"


def _count(flow: PrismaFlow, key: str, progress: FlowProgress,
           hidden: frozenset[str] = frozenset()) -> tuple[str, bool]:
    if key in hidden:
        return (f"{box_label(flow, key)} (n{NBSP}={NBSP}hidden)", False)
    mark = progress.mark(key)
    return (f"{box_label(flow, key)} {_n(flow.n(key))}" + (f" ({mark})" if mark else ""), False)


def _items(pairs: dict[str, int], indent: str = "  ") -> list[tuple[str, bool]]:
    return [(f"{indent}{name} {_n(count)}", False) for name, count in pairs.items()]


def _layout(flow: PrismaFlow, progress: FlowProgress, hidden: frozenset[str] = frozenset()
            ) -> tuple[list[list[_Box]], dict[str, float], _Box | None]:
    """Place every box: rows, the x of each column, and the unfinished banner.

    ``hidden`` boxes show no count and no reasons.
    """
    xs: dict[str, float] = {}
    x = MARGIN + BAND_W + 16
    if flow.updated:
        xs["prev"] = x
        x += PREV_W + GAP_X
    xs["main"], xs["side"] = x, x + BOX_W + GAP_X
    x = xs["side"] + BOX_W
    if flow.has_other:
        xs["omain"] = x + GAP_X * 1.5
        xs["oside"] = xs["omain"] + BOX_W + GAP_X
        x = xs["oside"] + BOX_W
    xs["right"] = x
    upd = "_updated" if flow.updated else ""

    def c(key: str) -> tuple[str, bool]:
        text, bold = _count(flow, key, progress, hidden)
        note = note_mark(flow, key, hidden)
        return (f"{text} ({note})" if note else text, bold)

    def reasons(method: str) -> list[tuple[str, bool]]:
        return [] if f"{method}_excluded" in hidden else _items(flow.reason_counts(method))

    titles = [_Box("title-dbr", (), [(COLUMN_TITLES["dbr" + upd], True)], xs["main"],
                   xs["side"] + BOX_W - xs["main"], COLOURS["title"])]
    ident = [_Box("box-identified", ("database_results", "database_specific_results",
                                     "register_results", "register_specific_results"),
                  [("Records identified from:", True), c("database_results"),
                   *_items(flow.specific("database")), c("register_results"),
                   *_items(flow.specific("register"))], xs["main"], BOX_W,
                  min_h=len(BANDS[0]) * BAND_CHAR_H + 2 * PAD),
             _Box("box-removed", ("duplicates", "excluded_automatic", "excluded_other"),
                  [("Records removed before screening:", True), c("duplicates"),
                   c("excluded_automatic"), c("excluded_other")], xs["side"], BOX_W)]
    screen = [_Box("box-screened", ("records_screened",), [c("records_screened")],
                   xs["main"], BOX_W),
              _Box("box-excluded", ("records_excluded",),
                   [c("records_excluded"), ("  " + c("records_excluded_human")[0], False),
                    ("  " + c("records_excluded_automation")[0], False)], xs["side"], BOX_W)]
    sought = [_Box("box-dbr-sought", ("dbr_sought_reports",), [c("dbr_sought_reports")],
                   xs["main"], BOX_W),
              _Box("box-dbr-notretrieved", ("dbr_notretrieved_reports",),
                   [c("dbr_notretrieved_reports")], xs["side"], BOX_W)]
    assessed = [_Box("box-dbr-assessed", ("dbr_assessed",), [c("dbr_assessed")],
                     xs["main"], BOX_W),
                _Box("box-dbr-excluded", ("dbr_excluded",),
                     [(c("dbr_excluded")[0] + (":" if reasons("dbr") else ""), False),
                      *reasons("dbr")], xs["side"], BOX_W)]
    included = [_Box("box-included", ("new_studies", "new_reports"),
                     [c("new_studies"), c("new_reports")], xs["main"], BOX_W,
                     min_h=len(BANDS[2]) * BAND_CHAR_H + 2 * PAD)]
    if flow.has_other:
        okeys = ["website_results", "organisation_results", "citations_results"]
        okeys += ["other_results"] if flow.n("other_results") else []
        titles.append(_Box("title-other", (), [(COLUMN_TITLES["other" + upd], True)],
                           xs["omain"], xs["oside"] + BOX_W - xs["omain"], COLOURS["grey"]))
        ident.append(_Box("box-other-identified", tuple(okeys),
                          [("Records identified from:", True), *(c(k) for k in okeys)],
                          xs["omain"], BOX_W))
        sought += [_Box("box-other-sought", ("other_sought_reports",),
                        [c("other_sought_reports")], xs["omain"], BOX_W),
                   _Box("box-other-notretrieved", ("other_notretrieved_reports",),
                        [c("other_notretrieved_reports")], xs["oside"], BOX_W)]
        assessed += [_Box("box-other-assessed", ("other_assessed",), [c("other_assessed")],
                          xs["omain"], BOX_W),
                     _Box("box-other-excluded", ("other_excluded",),
                          [(c("other_excluded")[0] + (":" if reasons("other") else ""), False),
                           *reasons("other")], xs["oside"], BOX_W)]
    rows = [titles, ident, screen, sought, assessed, included]
    if flow.updated:
        titles.insert(0, _Box("title-previous", (), [(COLUMN_TITLES["previous"], True)],
                              xs["prev"], PREV_W, COLOURS["grey"]))
        ident.insert(0, _Box("box-previous", ("previous_studies", "previous_reports"),
                             [c("previous_studies"), c("previous_reports")], xs["prev"], PREV_W))
        rows.append([_Box("box-total", ("total_studies", "total_reports"),
                          [c("total_studies"), c("total_reports")], xs["main"], BOX_W)])
    y = MARGIN
    banner = None
    if not progress.finished:
        banner = _Box("banner-unfinished", (), [(progress.summary(), True)], xs["main"],
                      xs["right"] - xs["main"], COLOURS["unfinished"])
        banner.wrap()
        banner.y = y
        y += banner.h + GAP_Y
    for row in rows:
        for box in row:
            box.moving = any(progress.mark(k) for k in box.keys)
            box.wrap()
            box.y = y
        y += max(b.h for b in row) + GAP_Y
    xs["bottom"] = y - GAP_Y + MARGIN
    return rows, xs, banner


def render_svg(flow: PrismaFlow, title: str = "", hidden: frozenset[str] = frozenset()) -> str:
    """Return the flow diagram as an SVG document.

    An unfinished flow says so in its title and in a banner above the diagram, and
    the boxes whose counts will still change are dashed and marked "(in progress)".
    Boxes whose keys are in ``hidden`` say "n = hidden" and list no reasons (a blind
    page's screening boxes: their counts fold other reviewers' votes).
    """
    progress = flow_progress(flow, hidden)
    rows, xs, banner = _layout(flow, progress, hidden)
    notes = _notes_box(flow, xs, hidden)
    heading = progress.title("PRISMA 2020 flow diagram" + (": " + title if title else ""))
    boxes = {b.ident: b for row in rows for b in row}
    width, height = xs["right"] + MARGIN, xs["bottom"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Helvetica, Arial, sans-serif" '
           f'font-size="{FONT_SIZE}">',
           f"<title>{escape(heading)}"
           "</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
           'fill="#000"/></marker></defs>',
           f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>']
    spans = [(BANDS[0], rows[1], rows[1]), (BANDS[1], rows[2], rows[4]),
             (BANDS[2], rows[5], rows[-1])]
    for name, first, last in spans:
        top = min(b.y for b in first)
        bottom = max(b.y + b.h for b in last)
        out.append(_band(name, top, bottom))
    if banner is not None:
        out.append(_draw(banner))
    for row in rows:
        out += [_draw(box) for box in row]
    if notes is not None:
        out.append(_draw(notes))
    out += [_arrow(points) for points in _arrows(boxes)]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _notes_box(flow: PrismaFlow, xs: dict[str, float], hidden: frozenset[str]) -> _Box | None:
    """Place the boxes' notes (numbered as in the boxes) below the diagram; None: no notes."""
    notes = numbered(flow, hidden)
    if not notes:
        return None
    box = _Box("notes", (), [(f"Note {i}: {text}", False) for i, _key, text in notes],
               xs["main"], xs["right"] - xs["main"])
    box.wrap()
    box.y = xs["bottom"] - MARGIN + GAP_Y
    xs["bottom"] = box.y + box.h + MARGIN
    return box


def _band(name: str, top: float, bottom: float) -> str:
    cx, cy = MARGIN + BAND_W / 2, (top + bottom) / 2
    return (f'<g class="band" id="band-{name.lower()}"><rect x="{MARGIN}" y="{top:.0f}" '
            f'width="{BAND_W}" height="{bottom - top:.0f}" rx="6" fill="{COLOURS["band"]}" '
            f'stroke="#000"/><text x="{cx:.0f}" y="{cy:.0f}" text-anchor="middle" '
            f'dominant-baseline="middle" font-weight="bold" transform="rotate(-90 {cx:.0f} '
            f'{cy:.0f})">{escape(name)}</text></g>')


def _draw(box: _Box) -> str:
    title = box.ident.startswith(("title-", "banner-"))
    dash = ' stroke-dasharray="6 4"' if box.moving else ""
    cls = "unfinished-banner" if box.ident.startswith("banner-") else "box"
    keys = quoteattr(" ".join(box.keys)) + (' data-moving="true"' if box.moving else "")
    parts = [f'<g class="{cls}" id={quoteattr(box.ident)} data-keys={keys}>',
             f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.w:.0f}" height="{box.h:.0f}" '
             f'rx="{6 if title else 0}" fill="{box.fill}" stroke="#000"{dash}/>']
    for i, (line, bold) in enumerate(box.lines):
        y = box.y + PAD + LINE_H * (i + 1) - 3
        if title:
            attrs = f'x="{box.x + box.w / 2:.0f}" text-anchor="middle"'
        else:
            attrs = f'x="{box.x + PAD:.0f}"'
        weight = ' font-weight="bold"' if bold else ""
        space = ' xml:space="preserve"' if line.startswith(" ") else ""
        parts.append(f'<text {attrs} y="{y:.0f}"{weight}{space}>{escape(line)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _arrows(b: dict[str, _Box]) -> list[list[tuple[float, float]]]:
    """Return each arrow as a polyline from its tail to its head."""
    def down(a: str, z: str) -> list[tuple[float, float]]:
        x = b[a].x + b[a].w / 2
        return [(x, b[a].y + b[a].h), (x, b[z].y)]

    def right(a: str, z: str) -> list[tuple[float, float]]:
        y = b[a].y + min(b[a].h, b[z].h) / 2
        return [(b[a].x + b[a].w, y), (b[z].x, y)]

    out = [down("box-identified", "box-screened"), right("box-identified", "box-removed"),
           down("box-screened", "box-dbr-sought"), right("box-screened", "box-excluded"),
           down("box-dbr-sought", "box-dbr-assessed"),
           right("box-dbr-sought", "box-dbr-notretrieved"),
           down("box-dbr-assessed", "box-included"),
           right("box-dbr-assessed", "box-dbr-excluded")]
    if "box-other-identified" in b:
        out += [down("box-other-identified", "box-other-sought"),
                right("box-other-sought", "box-other-notretrieved"),
                down("box-other-sought", "box-other-assessed"),
                right("box-other-assessed", "box-other-excluded")]
        src, inc = b["box-other-assessed"], b["box-included"]
        x, y = src.x + src.w / 2, inc.y + inc.h / 2
        out.append([(x, src.y + src.h), (x, y), (inc.x + inc.w, y)])
    if "box-total" in b:
        out.append(down("box-included", "box-total"))
        prev, tot = b["box-previous"], b["box-total"]
        x, y = prev.x + prev.w / 2, tot.y + tot.h / 2
        out.append([(x, prev.y + prev.h), (x, y), (tot.x, y)])
    return out


def _arrow(points: list[tuple[float, float]]) -> str:
    coords = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
    return (f'<polyline class="arrow" points="{coords}" fill="none" stroke="#000" '
            f'marker-end="url(#arrow)"/>')
