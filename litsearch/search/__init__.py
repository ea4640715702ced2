"""Live PubMed searching through NCBI E-utilities.

Three layers: :mod:`.request` builds requests (pure), :mod:`.transport` sends them
within the rate limit with retries, :mod:`.parse` reads the answers; :mod:`.pubmed`
runs a whole search (split, fetch, store, resume, refresh) over a
:class:`~litsearch.store.Store`.
"""

from ..pubmed_settings import review_email
from .client import EutilsClient
from .parse import ESearchResult, PubMedSearchError, parse_efetch, parse_esearch
from .pubmed import (
                     DEFAULT_BATCH_SIZE,
                     DEFAULT_FORMAT,
                     PubMedRunResult,
                     count_pubmed,
                     rerun_pubmed,
                     resume_pubmed,
                     search_pubmed,
)
from .split import SplitShortfallError
from .state import unfinished_runs
from .transport import PubMedRejectedError, PubMedUnavailableError, RateLimiter, Transport

__all__ = [
    "DEFAULT_BATCH_SIZE", "DEFAULT_FORMAT", "ESearchResult", "EutilsClient", "PubMedRejectedError",
    "PubMedRunResult", "PubMedSearchError", "PubMedUnavailableError", "RateLimiter",
    "SplitShortfallError", "Transport", "count_pubmed", "parse_efetch", "parse_esearch",
    "rerun_pubmed", "resume_pubmed", "review_email", "search_pubmed", "unfinished_runs",
]
