"""Live PubMed search speed against the local E-utilities server, at NCBI's real rate limit.

Run: ``python -m benchmarks.pubmed_fetch [--records 25000] [--quick]``.

Every configuration searches the same synthetic corpus (``tests/search/fake_eutils.py``)
with a client at the no-key limit (3 requests a second). For each it reports the requests
sent (ESearch for the count and the date parts, EFetch batches), requests per 1,000
records, wall time, and the *floor*: the least time the rate limit allows for that many
requests, ``(requests - 1) / 3`` seconds. ``http only`` rows send the same requests
without parsing or storing (the transport's overhead alone); the others run
``search_pubmed`` end to end into a review database on disk. ``serial`` rows replace the
prefetching fetch loop (two fetches in flight) with a plain one, ``1 thread`` rows keep
one fetch in flight, to show what overlapping fetch and parse buys.
The server runs in its own process; each row is the fastest of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from litsearch.search import EutilsClient, fetch, search_pubmed
from litsearch.search.request import ESEARCH_MAX_IDS
from litsearch.search.split import collect_ids
from litsearch.search.transport import RATE_NO_KEY
from litsearch.store import Store

FAKE = Path(__file__).resolve().parents[1] / "tests" / "search" / "fake_eutils.py"
TODAY = date(2026, 11, 28)
#: Seconds the latency rows hold back each EFetch answer.
LATENCY = 0.5


def _serve(records: int, delay: float = 0.0) -> tuple[subprocess.Popen, str]:
    """Start the local E-utilities server in its own process; return it and its URL."""
    proc = subprocess.Popen([sys.executable, str(FAKE), str(records), "bench", str(delay)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def _serial(fetch, batches, ahead=1):  # noqa: ANN001, ANN202
    for batch in batches:
        yield batch, fetch(batch)


def http_only(url: str, batch: int, fmt: str) -> tuple[int, float, int]:
    """Send the search's requests (count, parts, EFetch) without parsing EFetch answers."""
    client = EutilsClient(email="bench@example.org", base_url=url)
    start = time.perf_counter()
    total = client.esearch("bench", retmax=ESEARCH_MAX_IDS)
    ids, _parts = collect_ids("bench", total, lambda t, lo, hi: client.esearch(
        t, retmax=ESEARCH_MAX_IDS, mindate=lo, maxdate=hi, usehistory=False), TODAY)
    searches = client.requests_sent
    for i in range(0, len(ids), batch):
        client.efetch_raw(ids[i:i + batch], fmt)
    return client.requests_sent, time.perf_counter() - start, searches


def end_to_end(url: str, batch: int, fmt: str, folder: Path, serial: bool | str = False
               ) -> tuple[int, float, int]:
    """Run ``search_pubmed`` into a fresh review database; return requests and seconds.

    ``serial``: False for the default fetch loop, True for a plain loop, ``"1 thread"``
    for the prefetching loop with one fetch in flight.
    """
    client = EutilsClient(email="bench@example.org", base_url=url)
    db = folder / f"bench-{batch}-{fmt}-{serial}-{time.monotonic_ns()}.db"
    original = fetch.prefetch
    if serial == "1 thread":
        fetch.prefetch = functools.partial(original, workers=1)
    elif serial:
        fetch.prefetch = _serial
    try:
        with Store(db) as store:
            start = time.perf_counter()
            result = search_pubmed(store, client, "bench", fmt=fmt, batch_size=batch,
                                   today=TODAY)
            seconds = time.perf_counter() - start
    finally:
        fetch.prefetch = original
    assert result.records == result.count, result
    return client.requests_sent, seconds, result.parts


def main(argv: list[str] | None = None) -> None:
    """Run the configurations and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=25_000)
    parser.add_argument("--quick", action="store_true", help="Only the default configuration.")
    parser.add_argument("--repeat", type=int, default=2,
                        help="Runs per configuration; the fastest is reported (shared machines "
                             "are noisy).")
    parser.add_argument("--batches", default="",
                        help="Only these batch sizes (comma-separated), http only and end to "
                             "end, MEDLINE, without and with the answer delay.")
    args = parser.parse_args(argv)
    configs = [("http only", 2_000, "medline", False), ("end to end", 2_000, "medline", False)]
    if args.batches:
        sizes = [int(b) for b in args.batches.split(",")]
        configs = [(mode, size, "medline", False) for size in sizes
                   for mode in ("http only", "end to end")]
        print(f"{args.records:,} records, rate limit {RATE_NO_KEY:g}/s (no API key)\n")
        _table(configs, args.records, args.repeat, 0.0)
        print(f"\nEFetch answers held back {LATENCY:g} s:\n")
        _table([c for c in configs if c[0] == "end to end"], args.records, args.repeat, LATENCY)
        return
    if not args.quick:
        configs += [("end to end", 2_000, "medline", "1 thread"),
                    ("end to end", 2_000, "medline", True),
                    ("end to end", 3_000, "medline", False),
                    ("http only", 1_000, "medline", False),
                    ("end to end", 1_000, "medline", False),
                    ("end to end", 1_000, "medline", True), ("end to end", 1_000, "xml", False),
                    ("http only", 10_000, "medline", False),
                    ("end to end", 10_000, "medline", False),
                    ("end to end", 10_000, "xml", False),
                    ("end to end", 5_000, "medline", False),
                    ("end to end", 2_000, "xml", False),
                    ("end to end", 500, "medline", False)]
    print(f"{args.records:,} records, rate limit {RATE_NO_KEY:g}/s (no API key)\n")
    _table(configs, args.records, args.repeat, 0.0)
    if not args.quick:
        print(f"\nThe same server holding back each EFetch answer {LATENCY:g} s "
              "(as a remote server building a batch would):\n")
        _table([("end to end", 2_000, "medline", False),
                ("end to end", 2_000, "medline", "1 thread"),
                ("end to end", 2_000, "medline", True), ("end to end", 2_000, "xml", False),
                ("end to end", 1_000, "medline", False),
                ("end to end", 10_000, "medline", False)],
               args.records, args.repeat, LATENCY)


def _table(configs: list[tuple[str, int, str, bool | str]], records: int, repeat: int,
           delay: float) -> None:
    print("| mode | batch | format | requests | per 1,000 records | wall s | floor s | "
          "wall / floor |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    proc, url = _serve(records, delay)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for mode, batch, fmt, serial in configs:
                _row(mode, batch, fmt, serial, url, Path(tmp), records, repeat)
    finally:
        proc.kill()
        proc.wait()


def _row(mode: str, batch: int, fmt: str, serial: bool | str, url: str, tmp: Path,
         records: int, repeat: int) -> None:
    runs = [http_only(url, batch, fmt) if mode == "http only"
            else end_to_end(url, batch, fmt, tmp, serial) for _ in range(repeat)]
    requests, seconds, _ = min(runs, key=lambda run: run[1])
    floor = (requests - 1) / RATE_NO_KEY
    label = mode + (f" ({serial})" if isinstance(serial, str) else " (serial)" if serial else "")
    print(f"| {label} | {batch:,} | {fmt} | {requests} | "
          f"{1000 * requests / records:.2f} | {seconds:.1f} | {floor:.1f} | "
          f"{seconds / floor:.2f} |", flush=True)


if __name__ == "__main__":
    main()
