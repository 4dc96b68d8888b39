"""What the reads of a search cost the store: one connection for all of them, and the adoptions read from an index.

At 1.3 M records a search's reads were a fifth of its time (``bench/bench_engine_floor.py``): a connection taken
and a transaction begun for each, and a page read per adoption row on top of its index entry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from stdbridge.catalog import Catalog
from stdbridge.models import RelationType
from stdbridge.store.reads_sql import _ADOPTION_TARGETS
from stdbridge.store.sql import SqlStore


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    s = SqlStore(store_url)
    yield s
    s.close()


def checkouts(store: SqlStore) -> list[Any]:
    """The connections taken from the store's pools from now on (one entry each): the primary's, and on a server
    the pool of the reads of requests."""
    taken: list[Any] = []
    pools = {id(engine.pool): engine.pool for engine in (store.engine, store._reader) if engine is not None}
    for pool in pools.values():
        event.listen(pool, "checkout", lambda *args: taken.append(args[0]))
    return taken


def test_the_reads_of_one_request_share_one_connection_on_every_store(store: SqlStore) -> None:
    taken = checkouts(store)
    with store.reading():
        store.standards_by_ids([1, 2])
        store.adoption_targets([1, 2])
        store.classes("ICS", ["01"])
    assert len(taken) == 1
    store.standards_by_ids([1, 2])
    store.adoption_targets([1, 2])
    assert len(taken) == 3  # outside a request, each read takes its own


def test_reads_inside_a_write_transaction_are_its_own(store: SqlStore) -> None:
    taken = checkouts(store)
    with store.reading(), store.transaction():
        held = len(taken)  # the transaction's
        store.standards_by_ids([1])
        store.adoption_targets([1])
        assert len(taken) == held  # no read connection besides


def test_the_adoptions_of_results_are_read_from_the_index_alone(excerpts: Catalog) -> None:
    store = excerpts.store
    assert isinstance(store, SqlStore)
    adopters = [source for source, _target, _degree in store.relation_ends(RelationType.ADOPTS) if source]
    assert adopters, "the excerpts hold adoptions"
    assert {source for source, _target, _work in store.adoption_targets(adopters)} == set(adopters)
    bound = _ADOPTION_TARGETS.params(ids=adopters[:60])
    statement = bound.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}"))
    assert "COVERING INDEX ix_relations_source" in plan, plan
