"""Import speed: end-to-end import (parse, normalise, store) against bare parsers.

Run: ``python -m benchmarks.import_speed [--records 100000] [--repeat 3]``
(writes ``benchmarks/results/import.md``).

Writes a synthetic RIS (embase.com style) and MEDLINE file of N records with
:mod:`litsearch.synth`, then times, each in a fresh subprocess so peak memory
(max RSS) belongs to that step alone:

- ``rispy``: ``rispy.load`` of the RIS file (bare parse, no normalising);
- ``bio-medline``: ``list(Bio.Medline.parse(...))`` of the MEDLINE file;
- ``litsearch-parse``: litsearch's reader (parse + normalise), records discarded;
- ``litsearch-import``: :func:`litsearch.importers.pipeline.import_file` into a new
  on-disk review database (parse + normalise + store, one transaction).

The target is end-to-end within 2x the bare parse. Steps are run round-robin
(bare, parse, import, bare, ...) ``--repeat`` times and the median counts, so a
burst of load from other processes hits every step alike. Both wall-clock and
CPU seconds (user + system of the step's process) are reported: on a shared
machine CPU time is the steadier measure of the work done.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import in_fresh_process, peak_mib, write_results

STEPS = ("rispy", "bio-medline", "litsearch-parse", "litsearch-import", "baseline",
         "rispy-store", "bio-medline-store")
#: Bare-parse fields stored by the ``*-store`` steps: column -> (RIS key, MEDLINE tag).
BARE_COLUMNS = {"title": ("primary_title", "TI"), "abstract": ("abstract", "AB"),
                "year": ("year", "DP"), "journal": ("secondary_title", "JT"),
                "doi": ("doi", "LID"), "pmid": ("accession_number", "PMID")}


def _write_inputs(folder: Path, n: int) -> dict[str, Path]:
    from litsearch.synth import generate_corpus, write_embase_ris, write_medline

    corpus = generate_corpus(4000, databases=("embase", "pubmed"), seed=7)
    paths = {"ris": folder / "embase.ris", "medline": folder / "pubmed.nbib"}
    # The synthetic corpus is smaller than N: its records are cycled (positions and the
    # parse work are the same as for distinct records).
    write_embase_ris(itertools.islice(itertools.cycle(corpus["embase"]), n), paths["ris"])
    write_medline(itertools.islice(itertools.cycle(corpus["pubmed"]), n), paths["medline"])
    return paths


def _run_step(step: str, path: Path) -> dict[str, float]:
    """Run one step in this process and return its seconds, records and peak RSS (MiB)."""
    start = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    count = 0
    if step == "rispy":
        import rispy

        with path.open(encoding="utf-8-sig") as handle:
            count = len(rispy.load(handle, skip_unknown_tags=False))
    elif step == "bio-medline":
        from Bio import Medline

        with path.open(encoding="utf-8") as handle:
            count = sum(1 for _ in Medline.parse(handle))
    elif step in ("rispy-store", "bio-medline-store"):
        count = _bare_store(step, path)
    elif step == "litsearch-parse":
        from litsearch.importers import choose_reader
        from litsearch.importers.source import Source

        source = Source.from_path(path)
        count = sum(1 for _ in choose_reader(source).read(source))
    elif step == "litsearch-import":
        from litsearch.importers.pipeline import import_file
        from litsearch.store import Store

        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "review.db") as store:
            count = import_file(store, path, "embase").imported
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = peak_mib()
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime - cpu0,
            "records": count, "peak_mib": peak}


def _bare_store(step: str, path: Path) -> int:
    """Bare parse, then store each parsed dict as naively as an importer could.

    Six columns copied as parsed (no normalising), the authors as a JSON list and the
    whole parsed dict as JSON (so nothing is lost), one executemany per 2,000 records
    into the same schema, indexes and transaction as litsearch's import. This is the
    floor for any importer that keeps what it reads in SQLite.
    """
    import itertools

    from litsearch.store import SearchRun, Store, add_search_run

    if step == "rispy-store":
        import rispy

        handle = path.open(encoding="utf-8-sig")
        parsed, pick, authors = rispy.load(handle, skip_unknown_tags=False), 0, "authors"
    else:
        from Bio import Medline

        handle = path.open(encoding="utf-8")
        parsed, pick, authors = Medline.parse(handle), 1, "AU"
    columns = list(BARE_COLUMNS)
    sql = (f"INSERT INTO records (search_run_id, imported_at, database, {', '.join(columns)}, "
           f"authors, original) VALUES (?, ?, 'embase', {', '.join('?' * len(columns))}, ?, ?)")
    count = 0
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "review.db") as store:
        with store.transaction():
            run = add_search_run(store, SearchRun(database="embase", kind="import",
                                                  status="running"))
            iterator = iter(parsed)
            while chunk := list(itertools.islice(iterator, 2000)):
                rows = []
                for rec in chunk:
                    values = []
                    for keys in BARE_COLUMNS.values():
                        value = rec.get(keys[pick])
                        values.append(" ".join(value) if isinstance(value, list) else value)
                    rows.append((run, "2026-11-28", *values, json.dumps(rec.get(authors, [])),
                                 json.dumps(rec, ensure_ascii=False)))
                store.db.executemany(sql, rows)
                count += len(chunk)
    handle.close()
    return count


def _measure(step: str, path: Path) -> dict[str, float]:
    return in_fresh_process("benchmarks.import_speed", "--step", step, "--file", str(path))


def _table(n: int, size: dict[str, int], rows: dict[str, dict[str, dict[str, float]]],
           baseline: float) -> str:
    lines = [
        "# Import speed",
        "",
        f"{n:,} synthetic records per file (litsearch.synth, embase.com RIS "
        f"{size['ris'] / 2**20:.0f} MiB and PubMed MEDLINE {size['medline'] / 2**20:.0f} MiB), "
        "each step in a fresh Python process. Peak memory is the process's max RSS "
        f"(an empty interpreter with the imports needs about {baseline:.0f} MiB).",
        "Run with `python -m benchmarks.import_speed`.",
        "",
        "| file | step | wall s | CPU s | records/s (wall) | peak MiB | ratio wall | ratio CPU |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, bare in (("ris", "rispy"), ("medline", "bio-medline")):
        base = rows[kind][bare]
        for step in (bare, f"{bare}-store", "litsearch-parse", "litsearch-import"):
            r = rows[kind][step]
            lines.append(f"| {kind} | {step} | {r['seconds']:.2f} | {r['cpu']:.2f} | "
                         f"{r['records'] / r['seconds']:,.0f} | {r['peak_mib']:.0f} | "
                         f"{r['seconds'] / base['seconds']:.2f}x | "
                         f"{r['cpu'] / base['cpu']:.2f}x |")
    lines += [
        "",
        "- bare parse = rispy.load / Bio.Medline.parse: tags to dicts, nothing normalised or "
        "stored.",
        "- rispy-store / bio-medline-store = the bare parse, then each parsed dict stored "
        "unnormalised (six columns, the authors as JSON and the whole dict as JSON in place of "
        "the verbatim record) in the same schema and transaction: the floor for any importer "
        "that keeps what it reads in SQLite.",
        "- litsearch-parse = reader + normalisation (DOI, PMID, authors, year, language, "
        "dialect tables), records streamed and dropped.",
        "- litsearch-import = the same plus SQLite (WAL) writes of records, run links and "
        "provenance, in one transaction.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one step of it, for the subprocesses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/import.md"))
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--repeat", type=int, default=3,
                        help="Rounds of every step; the median counts (shared machines are noisy).")
    args = parser.parse_args(argv)
    if args.step:
        if args.step == "baseline":
            import litsearch.importers  # noqa: F401  (the imports every step pays for)

            result = {"seconds": 0.0, "records": 0,
                      "peak_mib": peak_mib()}
        else:
            result = _run_step(args.step, args.file)
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_inputs(Path(tmp), args.records)
        size = {k: p.stat().st_size for k, p in paths.items()}
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(args.repeat):
            for kind, bare in (("ris", "rispy"), ("medline", "bio-medline")):
                for step in (bare, f"{bare}-store", "litsearch-parse",
                             "litsearch-import"):
                    result = _measure(step, paths[kind])
                    runs.setdefault((kind, step), []).append(result)
                    print(kind, step, result, file=sys.stderr)
        rows: dict[str, dict[str, dict[str, float]]] = {"ris": {}, "medline": {}}
        for (kind, step), results in runs.items():
            rows[kind][step] = {key: statistics.median(r[key] for r in results)
                                for key in results[0]}
        baseline = _measure("baseline", paths["ris"])["peak_mib"]
    text = _table(args.records, size, rows, baseline)
    text += (f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end "
             f"of the run; median of {args.repeat} round-robin runs per step.\n")
    write_results(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
