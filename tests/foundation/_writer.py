"""Child process for the kill test: commits batches of records and reports each commit."""

import sys

from litsearch.models import Record
from litsearch.store import SearchRun, Store, add_records, add_search_run

BATCH = 25

store = Store(sys.argv[1])
batch = 0
while True:
    with store.transaction():
        run = add_search_run(store, SearchRun(database="embase"))
        add_records(store, run, [Record(title=f"r{batch}-{i}", database="embase",
                                        original="x" * 2000) for i in range(BATCH)])
    batch += 1
    print(batch, flush=True)
