"""Query stage: parse, lint and render speed, side by side with search-query when given.

Run: ``python -m benchmarks.query_speed [--search-query-python PATH] [--repeat N]``.

litsearch is timed in-process on the seed's PubMed GP-care string (1,693 characters)
and on the shipped strategy (rendered for all 12 platforms). When the path of a
Python that has the ``search-query`` package installed is given, the same PubMed
string is parsed and linted there in the same run, and the codes each tool reports
are listed side by side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from litsearch.query import PLATFORMS, lint_text, load_strategy, parse_strategy, render

ROOT = Path(__file__).resolve().parents[1]
GP = ROOT / "queries" / "examples" / "pubmed-gp-care.txt"
STRATEGY = ROOT / "queries" / "strategy.toml"

_SEARCH_QUERY = r"""
import contextlib, io, json, sys, time
from search_query.linter import lint_query_string
from search_query.parser import parse
text, repeat = sys.argv[1], int(sys.argv[2])
with contextlib.redirect_stdout(io.StringIO()):
    t = time.perf_counter()
    for _ in range(repeat):
        parse(text, platform="pubmed")
    p = (time.perf_counter() - t) / repeat
    t = time.perf_counter()
    for _ in range(repeat):
        messages = lint_query_string(text, platform="pubmed")
    l = (time.perf_counter() - t) / repeat
print(json.dumps({"parse": p, "lint": l, "codes": sorted({m["code"] for m in messages})}))
"""


def _time(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def measure(repeat: int, other: str | None) -> dict:
    """Return timings (seconds per call) and lint codes."""
    text = GP.read_text(encoding="utf-8").strip()
    strategy = load_strategy(STRATEGY)
    rendered = {p: render(strategy, p, year=2026).text for p in PLATFORMS}
    out = {
        "parse_gp": _time(lambda: parse_strategy(text, "pubmed"), repeat),
        "lint_gp": _time(lambda: lint_text(text, "pubmed"), repeat),
        "render_all": _time(lambda: [render(strategy, p, year=2026) for p in PLATFORMS], repeat),
        "lint_all": _time(lambda: [lint_text(t, p) for p, t in rendered.items()], repeat),
        "codes": sorted({f.code for f in lint_text(text, "pubmed")}),
        "findings": len(lint_text(text, "pubmed")),
        "chars": sum(len(t) for t in rendered.values()),
    }
    if other:
        proc = subprocess.run([other, "-c", _SEARCH_QUERY, text, str(repeat)],
                              capture_output=True, text=True, check=True)
        out["search_query"] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    """Print a markdown table of the measurements."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--search-query-python", help="a python with search-query installed")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    m = measure(args.repeat, args.search_query_python)
    ms = lambda s: f"{s * 1000:.2f} ms"  # noqa: E731
    print("| task | litsearch | search-query | ratio |\n|---|---|---|---|")
    sq = m.get("search_query")
    for key, label, other in (("parse_gp", "parse seed PubMed string", "parse"),
                              ("lint_gp", "lint seed PubMed string", "lint")):
        theirs = sq[other] if sq else None
        ratio = f"{theirs / m[key]:.1f}× faster" if theirs else "–"
        print(f"| {label} | {ms(m[key])} | {ms(theirs) if theirs else '–'} | {ratio} |")
    print(f"| render shipped strategy, 12 platforms ({m['chars']} chars) | "
          f"{ms(m['render_all'])} | – | – |")
    print(f"| lint the 12 rendered strings | {ms(m['lint_all'])} | – | – |")
    print(f"\nlitsearch codes on the seed string ({m['findings']} findings): "
          f"{', '.join(m['codes'])}")
    if sq:
        print(f"search-query codes on the seed string: {', '.join(sq['codes'])}")


if __name__ == "__main__":
    main()
