"""Small inline SVG charts for the HTML report, drawn here (no chart library, no script).

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, and the template
puts the same numbers in a table beside it, so a screen reader and a printout get them
too. Every label is XML-escaped. Hand-written because a few rectangles and a polyline
do not justify shipping a plotting library inside every report.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

#: Colours with at least 4.5:1 contrast against white (WCAG AA for text and marks).
COLOURS = ("#1f5fa8", "#a0441a", "#2f6b2f", "#6b3fa0", "#8a5a00", "#0d6b6b")
ROW_H = 22
LABEL_W = 190
BAR_W = 300
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _open(width: float, height: float, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
            f'{FONT}><title>{escape(title)}</title><desc>{escape(desc)}</desc>']


def _clip(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def bar_chart(title: str, items: list[tuple[str, int]], desc: str = "") -> str:
    """Return a horizontal bar chart of ``(label, value)`` pairs."""
    top = max((v for _, v in items), default=0) or 1
    height = ROW_H * max(len(items), 1) + 8
    out = _open(LABEL_W + BAR_W + 70, height, title, desc or title)
    for i, (label, value) in enumerate(items):
        y = 4 + i * ROW_H
        w = BAR_W * value / top
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end">'
                   f'<title>{escape(label)}</title>{escape(_clip(label))}</text>'
                   f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" '
                   f'fill="{COLOURS[0]}"/>'
                   f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}">{value:,}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_chart(title: str, rows: list[tuple[str, list[int]]], series: list[str],
                  desc: str = "") -> str:
    """Return horizontal bars split into ``series`` parts, with a legend."""
    top = max((sum(parts) for _, parts in rows), default=0) or 1
    height = ROW_H * (len(rows) + 1) + 12
    out = _open(LABEL_W + BAR_W + 70, height, title, desc or title)
    for i, (label, parts) in enumerate(rows):
        y, x = 4 + i * ROW_H, float(LABEL_W)
        out.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end">'
                   f'{escape(_clip(label))}</text>')
        for j, value in enumerate(parts):
            w = BAR_W * value / top
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" '
                       f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(series[j])}: '
                       f'{value:,}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(parts):,}</text>')
    y = 8 + len(rows) * ROW_H
    x = float(LABEL_W)
    for j, name in enumerate(series):
        out.append(f'<rect x="{x:.0f}" y="{y}" width="12" height="12" '
                   f'fill="{COLOURS[j % len(COLOURS)]}"/>'
                   f'<text x="{x + 16:.0f}" y="{y + 11}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    out.append("</svg>")
    return "".join(out)


def line_chart(title: str, series: dict[str, list[list]], desc: str = "") -> str:
    """Return cumulative counts over days, one line per series (``[[day, n], ...]``)."""
    days = sorted({d for points in series.values() for d, _ in points})
    if len(days) == 1:  # a line needs two days: show that day's counts as bars
        return bar_chart(f"{title}: every decision was made on {days[0]}",
                         [(name, sum(n for _, n in points))
                          for name, points in sorted(series.items())], desc)
    width, height, left, bottom = 520, 220, 56, 40
    out = _open(width, height, title, desc or title)
    if not days:
        out.append('<text x="10" y="20">No decisions yet.</text></svg>')
        return "".join(out)
    totals = {name: sum(n for _, n in points) for name, points in series.items()}
    top = max(totals.values()) or 1
    step = (width - left - 20) / max(len(days) - 1, 1)
    xs = {d: left + i * step for i, d in enumerate(days)}
    plot_h = height - bottom - 16
    out.append(f'<line x1="{left}" y1="{16 + plot_h}" x2="{width - 10}" y2="{16 + plot_h}" '
               f'stroke="#333"/><line x1="{left}" y1="16" x2="{left}" y2="{16 + plot_h}" '
               f'stroke="#333"/><text x="{left - 4}" y="20" text-anchor="end">{top:,}</text>'
               f'<text x="{left - 4}" y="{16 + plot_h}" text-anchor="end">0</text>'
               f'<text x="{left}" y="{height - 22}">{escape(days[0])}</text>'
               f'<text x="{width - 10}" y="{height - 22}" text-anchor="end">'
               f'{escape(days[-1])}</text>')
    for j, (name, points) in enumerate(sorted(series.items())):
        running, coords = 0, []
        for day, n in points:
            running += n
            coords.append(f"{xs[day]:.1f},{16 + plot_h - plot_h * running / top:.1f}")
        colour = COLOURS[j % len(COLOURS)]
        if len(coords) == 1:
            x, y = coords[0].split(",")
            out.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>')
        out.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{colour}" '
                   f'stroke-width="2"/><rect x="{left + 150 * j}" y="{height - 14}" width="12" '
                   f'height="12" fill="{colour}"/><text x="{left + 16 + 150 * j}" '
                   f'y="{height - 4}">{escape(name)} ({totals[name]:,})</text>')
    out.append("</svg>")
    return "".join(out)
