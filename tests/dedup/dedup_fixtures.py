"""Helpers for dedup tests: the committed real record pairs and a small import helper.

A module with a unique name (not ``conftest``) so that tests can import it
whatever other test folders hold a ``conftest.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from litsearch import normalise as norm
from litsearch.models import Record
from litsearch.store import Store
from litsearch.store.records import SearchRun, add_records, add_search_run

PAIRS = Path(__file__).resolve().parents[1] / "data" / "dedup" / "veto_pairs.csv"
RULE_PAIRS = PAIRS.with_name("rule_pairs.csv")


def row_record(row: dict[str, str], database: str = "pubmed") -> Record:
    """Map bib-dedupe style columns (title, author, year, journal, pages, ...) to a Record."""
    start, end = norm.pages((row.get("pages") or "").replace("--", "-"))
    authors = [a.strip() for a in (row.get("author") or "").split(" and ") if a.strip()]
    return Record(
        title=norm.text(row.get("title")), authors=norm.authors(authors),
        year=norm.year(row.get("year")),
        journal=norm.text(row.get("journal")) or norm.text(row.get("booktitle")),
        volume=norm.text(row.get("volume")), issue=norm.text(row.get("number")),
        start_page=start, end_page=end, doi=norm.doi(row.get("doi")),
        publication_types=["conference paper"]
        if (row.get("ENTRYTYPE") or "") in ("inproceedings", "proceedings") else [],
        database=database)


def load_pairs(path: Path = PAIRS) -> list[dict[str, object]]:
    """Return the committed real pairs, each with ``a`` and ``b`` Records."""
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            a = row_record({k[2:]: v for k, v in row.items() if k.startswith("a_")}, "embase")
            b = row_record({k[2:]: v for k, v in row.items() if k.startswith("b_")}, "pubmed")
            out.append({**row, "a": a, "b": b})
    return out


def add(store: Store, records: Sequence[Record], database: str = "pubmed") -> list[int]:
    """Import records as one search run; return their ids."""
    with store.transaction():
        run = add_search_run(store, SearchRun(database=database))
        return add_records(store, run, records)
