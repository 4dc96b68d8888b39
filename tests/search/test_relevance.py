"""The relevance of search on the judged queries (tests/data/relevance), against the whole bundled catalogue.

The floors sit a little under the figures measured when they were set (hit@1 0.79, hit@10 0.94, MRR 0.85;
`python bench/relevance.py` prints them with the misses), so that a change that makes search worse fails here.
"""

from __future__ import annotations

import pytest
from tests.test_relevance_set import QUERIES, relevance

from stdbridge.catalog import Catalog

FLOORS = {"hit@1": 0.75, "hit@10": 0.90, "MRR": 0.80}
IDENTIFIER_FLOORS = {"hit@1": 0.95, "hit@10": 0.98, "MRR": 0.95}


@pytest.mark.slow
def test_search_meets_the_relevance_floors(bundled_catalog: Catalog) -> None:
    metrics = relevance.score(QUERIES, relevance.search_run(bundled_catalog))
    overall = metrics.overall
    found = {"hit@1": overall.hit_at_1, "hit@10": overall.hit_at_10, "MRR": overall.mrr}
    assert all(found[name] >= floor for name, floor in FLOORS.items()), found
    named = metrics.by_kind["identifier"]
    found = {"hit@1": named.hit_at_1, "hit@10": named.hit_at_10, "MRR": named.mrr}
    assert all(found[name] >= floor for name, floor in IDENTIFIER_FLOORS.items()), found
