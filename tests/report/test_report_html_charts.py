"""The report page's inline SVG charts: valid XML, escaped labels, the numbers drawn."""

from __future__ import annotations

from xml.etree import ElementTree

from litsearch.report.html_charts import bar_chart, line_chart, stacked_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_bar_chart_escapes_labels_and_scales_bars() -> None:
    root = _parse(bar_chart("Reasons <b>", [("<script>x</script>", 10), ("b & c", 5)]))
    assert root.find(f"{SVG}title").text == "Reasons <b>"
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts == ["<script>x</script>" * 2, "10", "b & c" * 2, "5"]  # hover title + label


def test_stacked_chart_parts_add_up() -> None:
    root = _parse(stacked_chart("Databases", [("PubMed", [3, 1]), ("Embase", [0, 2])],
                                ["alone", "shared"]))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "alone: 3" in titles and "shared: 2" in titles
    assert [t.text for t in root.iter(f"{SVG}text")].count("4") == 1


def test_line_chart_draws_cumulative_lines_over_days() -> None:
    series = {"title-abstract": [["2026-11-01", 10], ["2026-11-03", 30]],
              "full-text": [["2026-11-03", 4]]}
    root = _parse(line_chart("Progress", series))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    ta = [p.split(",") for p in lines[1].get("points").split()]
    assert float(ta[0][1]) > float(ta[1][1])  # higher count, higher up
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "title-abstract (40)" in texts and "2026-11-01" in texts


def test_one_day_of_decisions_is_drawn_as_bars() -> None:
    root = _parse(line_chart("Progress", {"title-abstract": [["2026-11-01", 7]]}))
    assert "2026-11-01" in root.find(f"{SVG}title").text
    assert not list(root.iter(f"{SVG}polyline"))
