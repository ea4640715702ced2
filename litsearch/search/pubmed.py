"""Run a PubMed search live: count, split, fetch in batches, store, resume, refresh.

A search is recorded as one search run with its provenance (the exact string sent,
the date and time, PubMed's Count and QueryTranslation, every message PubMed gave).
PMIDs are collected first (split by Entrez date past 9,999 hits) and saved;
records are then fetched by PMID in POSTed EFetch batches, each batch stored in its
own transaction. Running the search again later records a new run: records already
in the review are linked to it, not added twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..errors import PubMedError
from ..runtime import gc_paused
from ..store import SearchRun, Store, add_search_run, get_search_run, now, update_search_run
from .client import EutilsClient
from .fetch import fetch_batches, no_split, save_ids, search_and_fetch
from .parse import ERROR_KINDS, ESearchResult, PubMedSearchError
from .request import DATETYPE, EFETCH_FORMATS, EFETCH_MAX_BATCH, ESEARCH_MAX_IDS
from .split import collect_ids
from .state import (
    COMPLETE,
    RUNNING,
    drop_state,
    linked_pmids,
    load_state,
    run_counts,
    save_state,
    unfinished_runs,
)
from .transport import PubMedUnavailableError

#: Records per EFetch (NCBI allows up to 10,000). At 2,000, with two fetches in flight,
#: a 25,000-record search runs within 10 % of the time the no-key rate limit allows for
#: its requests and faster than at 1,000 or 10,000; the progress bar still moves, and a
#: dropped connection loses at most 2,000 records' work (benchmarks/results/pubmed.md).
DEFAULT_BATCH_SIZE = 2_000
#: EFetch format. MEDLINE text fills the same record fields as PubMed XML
#: (tests/search/test_search_formats.py), keeps affiliations and dates in ``extra``, is a
#: third of the bytes and parses about four times faster; ``--format xml`` keeps MeSH
#: UIs, qualifier major-topic flags and inline markup in ``Record.original``.
DEFAULT_FORMAT = "medline"

Progress = Callable[[int, int], None]


@dataclass
class PubMedRunResult:
    """The outcome of a live PubMed search (or of ``--count-only``).

    Attributes:
        run_id: The search run recorded, or None for a count only.
        query: The exact string sent.
        count: PubMed's Count for the whole search.
        translation: PubMed's QueryTranslation.
        messages: PubMed's warnings and errors, one line each, plus litsearch's notes.
        records: Records linked to the run.
        new: Records the run added that the review did not hold yet.
        parts: Date (or PMID) parts the search was split into.
        requests: HTTP requests sent, retries included.
    """

    run_id: int | None
    query: str
    count: int
    translation: str | None
    messages: list[str] = field(default_factory=list)
    records: int = 0
    new: int = 0
    parts: int = 1
    requests: int = 0

    @property
    def already(self) -> int:
        """Records this run found that an earlier run had already added."""
        return self.records - self.new


def count_pubmed(client: EutilsClient, query: str) -> PubMedRunResult:
    """Return PubMed's Count, translation and messages for a query, fetching nothing."""
    result = client.esearch(_checked(query), retmax=0, usehistory=False)
    return PubMedRunResult(None, query, result.count, result.translation,
                           result.message_lines(), requests=client.requests_sent)


def search_pubmed(store: Store, client: EutilsClient, query: str, *,
                  query_source: str | None = None, fmt: str = DEFAULT_FORMAT,
                  batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
                  today: date | None = None) -> PubMedRunResult:
    """Run a PubMed search and store every record it finds as one new search run.

    Args:
        store: The review database.
        client: The E-utilities client (email, key, rate limit).
        query: The search string, sent exactly as given.
        query_source: Where the string came from (e.g. ``queries/pubmed.txt``).
        fmt: EFetch format: ``"medline"`` (MEDLINE text) or ``"xml"`` (PubMed XML).
        batch_size: PMIDs per EFetch (1–10,000).
        progress: Called with ``(records stored, records to store)`` after each batch.
        today: The date of the search (default: today, UTC).

    Returns:
        The run's counts and PubMed's messages.

    Raises:
        PubMedError: PubMed rejected the search or key, kept failing (the run is kept
            and ``resume_pubmed`` finishes it), or the records fall short of the Count.
    """
    query = _checked(query)
    if fmt not in EFETCH_FORMATS:
        raise PubMedError(f"unknown EFetch format {fmt!r}.",
                          f"Use one of: {', '.join(EFETCH_FORMATS)}.")
    if not 1 <= batch_size <= EFETCH_MAX_BATCH:
        raise PubMedError(f"--batch-size {batch_size} is outside 1–{EFETCH_MAX_BATCH}.",
                          f"NCBI returns at most {EFETCH_MAX_BATCH} records per EFetch.")
    today = today or datetime.now(UTC).date()
    first = client.esearch(query, retmax=ESEARCH_MAX_IDS)
    errors = [line for (kind, _text), line in zip(first.messages, first.message_lines(),
                                                  strict=True) if kind in ERROR_KINDS]
    if first.count == 0 and errors:
        # Nothing found *because* PubMed could not use part of the string: not a search
        # that found nothing, so no run is recorded (a typo must not pass as zero hits).
        raise PubMedSearchError(
            f"PubMed found no records and could not use part of the search: "
            f"{'; '.join(errors)}.",
            "Check the search string (--count-only shows PubMed's reading of it); "
            "nothing was stored.")
    run = SearchRun(database="pubmed", platform="e-utilities", kind="api", query=query,
                    query_source=query_source, searched_on=today.isoformat(), status=RUNNING,
                    reported_count=first.count, translation=first.translation,
                    messages=first.message_lines(),
                    limits={"format": fmt, "batch_size": batch_size, "datetype": DATETYPE,
                            "tool": client.tool, "api_key": bool(client.api_key),
                            "translation_set": [list(t) for t in first.translations]})
    with store.transaction():
        run_id = add_search_run(store, run)
        save_state(store, run_id, {"query": query, "format": fmt, "batch_size": batch_size,
                                   "today": today.isoformat(), "pmids": None})
    with gc_paused():  # parsing and storing thousands of records: see gc_paused
        return _finish(store, client, run_id, first, progress)


def resume_pubmed(store: Store, client: EutilsClient, run_id: int | None = None, *,
                  progress: Progress | None = None) -> PubMedRunResult:
    """Finish an interrupted PubMed search run, fetching only PMIDs not yet stored.

    Args:
        store: The review database.
        client: The E-utilities client.
        run_id: The run to resume (default: the latest unfinished one).
        progress: As for :func:`search_pubmed`.

    Raises:
        PubMedError: There is nothing to resume, or the search fails again.
    """
    if run_id is None:
        # The newest unfinished search that was not started over as a later run.
        pending = unfinished_runs(store, restarted=False)
        if not pending:
            raise PubMedError("there is no unfinished PubMed search to resume.",
                              "Run 'litsearch search pubmed' to start one.")
        run_id = pending[-1]
    if load_state(store, run_id) is None:
        raise PubMedError(f"search run {run_id} has no PubMed search to resume.",
                          "Check the run number with 'litsearch status'.")
    with gc_paused():
        return _finish(store, client, run_id, None, progress)


def rerun_pubmed(store: Store, client: EutilsClient, run_id: int, **options: object
                 ) -> PubMedRunResult:
    """Run a stored PubMed search again as a new search run (a refresh).

    Records the earlier runs already found are linked to the new run, not added again;
    the new run's ``new`` count says what the refresh added.
    """
    old = get_search_run(store, run_id)
    if old is None or old.database != "pubmed" or not old.query:
        raise PubMedError(f"search run {run_id} is not a PubMed search with a stored query.",
                          "Pick a run listed by 'litsearch status' with database pubmed.")
    return search_pubmed(store, client, old.query, query_source=f"run {run_id}",
                         **options)  # type: ignore[arg-type]


def _finish(store: Store, client: EutilsClient, run_id: int, first: ESearchResult | None,
            progress: Progress | None) -> PubMedRunResult:
    try:
        return _fetch_run(store, client, run_id, first, progress)
    except PubMedUnavailableError as exc:
        # A run is registered by now: what it saved is kept, and --resume finishes it.
        # (Before a run exists, e.g. --count-only, "run it again" is the right advice.)
        exc.hint = (f"Check the network connection, then run 'litsearch search pubmed "
                    f"--resume' (search run {run_id}: the records saved so far are kept).")
        raise


def _fetch_run(store: Store, client: EutilsClient, run_id: int, first: ESearchResult | None,
               progress: Progress | None) -> PubMedRunResult:
    state = load_state(store, run_id) or {}
    run = get_search_run(store, run_id)
    assert run is not None
    messages = list(run.messages)
    streamed = False
    if state.get("pmids") is None:
        first = first or client.esearch(state["query"], retmax=ESEARCH_MAX_IDS)
        if first.count > ESEARCH_MAX_IDS:
            # Every batch was asked for while the split ran; what is missing now,
            # PubMed did not return (asking again would not change that).
            search_and_fetch(store, client, run, state, first, messages, progress)
            streamed = True
        else:
            pmids, _parts = collect_ids(state["query"], first, no_split,
                                        date.fromisoformat(state["today"]))
            save_ids(store, run, state, pmids, [])
    pmids = state["pmids"]
    if not streamed:
        positions = {pmid: i + 1 for i, pmid in enumerate(pmids)}
        have = linked_pmids(store, run_id) & positions.keys()
        size = int(state["batch_size"])
        pending = [p for p in pmids if p not in have]
        fetch_batches(store, client, run_id, state["format"],
               [pending[i:i + size] for i in range(0, len(pending), size)],
               lambda batch: positions, have, len(pmids), messages, progress)
    stored = linked_pmids(store, run_id)
    missing = [p for p in pmids if p not in stored]
    if missing:
        line = (f"PubMed returned no record for {len(missing)} PMIDs: "
                + ", ".join(missing[:20]) + ("…" if len(missing) > 20 else ""))
        messages += [line] if line not in messages else []
        with store.transaction():
            update_search_run(store, run_id, messages=messages)
        raise PubMedError(
            f"PubMed reported {len(pmids)} records but returned {len(pmids) - len(missing)} "
            f"(missing PMIDs: {', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}).",
            "Run 'litsearch search pubmed --resume' to ask for the missing ones again.")
    with store.transaction():
        update_search_run(store, run_id, status=COMPLETE, finished_at=now(), messages=messages)
        drop_state(store, run_id)
    records, new = run_counts(store, run_id)
    done = get_search_run(store, run_id) or run
    parts = len(done.limits.get("parts", [])) or 1
    return PubMedRunResult(run_id, done.query or "", done.reported_count or 0, done.translation,
                           messages, records, new, parts, client.requests_sent)


def _checked(query: str) -> str:
    if not query or not query.strip():
        raise PubMedError("the PubMed search string is empty.",
                          "Write it in queries/pubmed.txt or pass --query FILE.")
    return query
