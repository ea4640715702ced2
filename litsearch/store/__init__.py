"""The review's SQLite store: schema, migrations and record access."""

from .db import Store, now
from .migrations import SCHEMA_VERSION
from .records import (
    SearchRun,
    add_records,
    add_search_run,
    add_source_file,
    count_records,
    find_file_by_sha,
    get_record,
    get_search_run,
    iter_records,
    link_record,
    list_search_runs,
    update_search_run,
)

__all__ = [
    "SCHEMA_VERSION", "SearchRun", "Store", "add_records", "add_search_run", "add_source_file",
    "count_records", "find_file_by_sha", "get_record", "get_search_run", "iter_records",
    "link_record", "list_search_runs", "now", "update_search_run",
]
