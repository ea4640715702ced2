"""Fetch a PubMed search's records: EFetch batches, parsed and stored one at a time.

:func:`search_and_fetch` collects the PMIDs of a split search in a thread
(:mod:`litsearch.search.feed`) while the batches found so far are fetched;
:func:`fetch_batches` fetches a list of batches (two in flight, :mod:`.prefetch`) and
stores each in its own transaction, so an interruption keeps every stored batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ..errors import PubMedError
from ..store import SearchRun, Store, update_search_run
from .client import EutilsClient
from .feed import FeedStopped, IdFeed, batch_plan, collect_in_background
from .parse import ESearchResult, parse_efetch
from .prefetch import abandon, prefetch
from .request import ESEARCH_MAX_IDS
from .split import Part, collect_ids
from .state import linked_pmids, save_state, store_batch
from .transport import MalformedResponse

Progress = Callable[[int, int], None]


def no_split(term: str, lo: str | None, hi: str | None) -> ESearchResult:
    """Stand in for ESearch where the first answer holds every hit (never called)."""
    raise PubMedError("a search under the ESearch cap was split.",
                      "Report this to the litsearch maintainers.")


def save_ids(store: Store, run: SearchRun, state: dict, pmids: list[str],
              parts: list[Part]) -> None:
    """Save the run's full PMID list (resume then asks for no ESearch again)."""
    state["pmids"] = pmids
    limits = {**run.limits, "parts": [p.to_json() for p in parts] if len(parts) > 1 else []}
    with store.transaction():
        save_state(store, run.id, state)  # type: ignore[arg-type]
        update_search_run(store, run.id, limits=limits)  # type: ignore[arg-type]


def search_and_fetch(store: Store, client: EutilsClient, run: SearchRun, state: dict,
                      first: ESearchResult, messages: list[str],
                      progress: Progress | None) -> None:
    """Split a search past 9,999 hits in a thread, fetching the PMIDs found so far.

    The PMID list is saved as soon as the split is complete; the caller then fetches
    whatever is left (nothing, unless the split finished after the last batch).
    """
    query, run_id = state["query"], int(run.id)  # type: ignore[arg-type]
    today = date.fromisoformat(state["today"])
    size = int(state["batch_size"])
    feed = IdFeed(size, have=linked_pmids(store, run_id))
    flush, feed_size = batch_plan(first.count, len(first.ids), size)
    feed.add(first.ids)  # hits whatever the split finds: fetch them at once
    if flush:
        feed.flush()
    feed.size = feed_size

    def search_part(term: str, lo: str | None, hi: str | None) -> ESearchResult:
        if feed.stopped.is_set():
            raise FeedStopped
        return client.esearch(term, retmax=ESEARCH_MAX_IDS, mindate=lo, maxdate=hi,
                              usehistory=False)

    def collect(target: IdFeed) -> list[Part]:
        return collect_ids(query, first, search_part, today, on_ids=target.add)[1]

    def save_when_complete() -> None:
        if feed.complete.is_set() and state.get("pmids") is None:
            save_ids(store, run, state, list(feed.pmids), feed.parts)

    thread = collect_in_background(feed, collect)
    try:
        fetch_batches(store, client, run_id, state["format"], feed, feed.positions, feed.have,
               first.count, messages, progress, after_batch=save_when_complete)
    except KeyboardInterrupt:
        feed.stop()
        raise
    except BaseException:
        feed.stop()
        thread.join()
        raise
    thread.join()
    save_when_complete()


def fetch_batches(store: Store, client: EutilsClient, run_id: int, fmt: str,
           batches: Iterable[list[str]], positions: Callable[[list[str]], dict[str, int]],
           have: set[str], total: int, messages: list[str], progress: Progress | None,
           after_batch: Callable[[], None] | None = None) -> None:
    """EFetch each batch of PMIDs and store it in its own transaction, in batch order."""
    if progress:
        progress(len(have), total)
    fetched = prefetch(lambda ids: client.efetch_raw(ids, fmt), batches)
    try:
        for batch, body in fetched:
            label = f"EFetch of PMIDs {batch[0]}–{batch[-1]}"
            try:
                records = parse_efetch(body, fmt, name=label)
            except MalformedResponse as exc:
                raise PubMedError(f"the answer to the {label} could not be read ({exc}).",
                                  "Run 'litsearch search pubmed --resume' to ask for it "
                                  "again.") from None
            with store.transaction():
                _added, _linked, skipped = store_batch(store, run_id, records, positions(batch),
                                                       have)
                if skipped:
                    messages.extend(skipped)
                    update_search_run(store, run_id, messages=messages)
            if after_batch:
                after_batch()
            if progress:
                progress(len(have), max(total, len(have)))
    except KeyboardInterrupt:
        abandon(fetched)  # exit now; the batch being stored was rolled back whole
        raise
    finally:
        if isinstance(batches, IdFeed):
            batches.stop()  # the ESearch thread must end before the fetch threads are joined
        fetched.close()
