"""Process settings the bulk stages share while they run."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for bulk work, then restore its state.

    Also usable as a decorator. An import, a PubMed fetch or a dedup run allocates
    millions of small strings, lists and records that form no reference cycles
    (reference counting frees them as usual); the collector's repeated passes over
    them cost 7 % of an import's CPU time and 12 % of a 30k-record dedup run
    (benchmarks/results/import.md, dedup.md). A caller that had it off keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
