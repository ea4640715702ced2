"""One small real PubMed search (deselected by default; run with ``-m online``)."""

from __future__ import annotations

import os

import pytest

from litsearch.search import EutilsClient, count_pubmed, search_pubmed
from litsearch.store import Store

pytestmark = pytest.mark.online

#: A stable, small search: Biopython's own paper(s) in a closed date range.
QUERY = "biopython[tiab] AND 2009:2009[dp]"


def test_small_real_search() -> None:
    email = os.environ.get("NCBI_EMAIL") or "litsearch-tests@example.org"
    client = EutilsClient.from_env(email=email)
    counted = count_pubmed(client, QUERY)
    assert counted.count > 0 and counted.translation
    with Store(":memory:") as store:
        result = search_pubmed(store, client, QUERY, batch_size=5)
        pmids = [r[0] for r in store.execute("SELECT pmid FROM records")]
    assert result.records == counted.count == len(set(pmids))
    assert "19304878" in pmids  # Cock et al. 2009, Bioinformatics
