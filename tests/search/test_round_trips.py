"""How many statements one search sends to the database, on SQLite and PostgreSQL: a guard against the reads of
a search growing back (a read per result, a connection checked out and pinged per read), not a timing.

Before the reads were batched, a page of 20 results whose sources give no status (or say "replaced") read the
successors of each result on its own: two or three statements per result, each on a connection checked out (and,
on PostgreSQL, pinged) afresh. Now the page's standards, their successors, the works of those without a status and
the adoptions that order the page are each read once, all on one connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from tests.conftest import EXCERPTS

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.models import Status
from stdbridge.search import Filters, SearchRequest
from stdbridge.store import SqlStore

# at most: the page's standards, the adoptions that order it, the successors' relations, the replacing standards,
# the works' editions, and a spare for the titles of a facet code not seen before
MOST_STATEMENTS = 6
# an identifier query reads its lookups first (exact key, work, prefixes): a few more
MOST_STATEMENTS_NAMED = 10


class Counted:
    """The statements run on a catalogue's database, and the connections checked out of its pool, while it listens:
    only its own (threads that other tests of the process left running use databases of their own)."""

    def __init__(self, catalog: Catalog) -> None:
        store: Any = catalog.store
        # the store's engine, and on PostgreSQL the one it reads on (another pool)
        self.engines: list[Engine] = [e for e in (store.engine, store._reader) if e is not None]
        self.pools = list({id(e.pool): e.pool for e in self.engines}.values())
        self.statements: list[str] = []
        self.checkouts = 0

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def _checkout(self, *_args: Any) -> None:
        self.checkouts += 1

    def __enter__(self) -> Counted:
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._statement)
        for pool in self.pools:
            event.listen(pool, "checkout", self._checkout)
        return self

    def __exit__(self, *_exc: object) -> None:
        for engine in self.engines:
            event.remove(engine, "before_cursor_execute", self._statement)
        for pool in self.pools:
            event.remove(pool, "checkout", self._checkout)


@pytest.fixture
def searched(store_url: str, tmp_path: Path) -> Iterator[Catalog]:
    """The ISO and JIS excerpts (many editions with successors, and adoptions) in each store, indexed."""
    store = SqlStore(store_url)
    catalog = Catalog(store, tmp_path / "catalog.search")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    catalog.import_path(EXCERPTS / "jis_catalog.jsonl", "jis", rejects_dir=tmp_path)
    catalog.rebuild_index()
    yield catalog
    store.close()


def _every_edition(query: str, limit: int) -> SearchRequest:
    return SearchRequest(query, Filters(), "relevance", 0, limit, group=False)


def _counted_search(catalog: Catalog, query: str) -> tuple[Counted, int]:
    catalog.search(_every_edition(query, 20))  # the facets' titles are remembered, the index is opened
    with Counted(catalog) as counted:  # another page size: not answered from memory, the same facets
        found = catalog.search(_every_edition(query, 19))
    return counted, len(found.hits)


def test_a_keyword_search_reads_its_page_at_once_on_one_connection(searched: Catalog) -> None:
    counted, shown = _counted_search(searched, "quality management")
    assert shown >= 10
    page = searched.search(_every_edition("quality management", 19)).hits
    # the page holds results whose successors are read: a read per result would show
    assert sum(1 for hit in page if hit.standard.status in (Status.REPLACED, Status.UNKNOWN)) >= 3
    assert 2 <= len(counted.statements) <= MOST_STATEMENTS, counted.statements
    if searched.store.location.startswith("postgresql"):
        assert counted.checkouts == 1  # one connection, pinged once, for all the search's reads


def test_an_identifier_search_reads_on_one_connection(searched: Catalog) -> None:
    counted, shown = _counted_search(searched, "ISO 9001")
    assert shown >= 1
    assert 2 <= len(counted.statements) <= MOST_STATEMENTS_NAMED, counted.statements
    if searched.store.location.startswith("postgresql"):
        assert counted.checkouts == 1


def test_a_search_request_through_the_api_reads_on_two_connections_at_most(searched: Catalog) -> None:
    with TestClient(create_app(searched), base_url="http://127.0.0.1") as client:
        assert client.get("/api/search", params={"q": "quality management", "all_editions": "true"}).status_code == 200
        with Counted(searched) as counted:
            answer = client.get("/api/search", params={"q": "quality management", "all_editions": "true", "limit": 19})
    assert answer.status_code == 200 and len(answer.json()["results"]) >= 10
    # the search's own, and the access policy's setting (is anonymous reading allowed)
    assert len(counted.statements) <= MOST_STATEMENTS + 1, counted.statements
    if searched.store.location.startswith("postgresql"):
        assert counted.checkouts <= 2


def test_a_family_reads_its_replacement_chains_in_one_statement_each_way(searched: Catalog) -> None:
    family = searched.family("ISO 9001:2008")
    assert len(family.replaces_chain) >= 2 and family.replaced_by_chain  # 2000 ← 1994 ← 1987, and → 2015
    with Counted(searched) as counted:
        again = searched.family("ISO 9001:2008")
    assert [[s.edition_key for s in step] for step in again.replaces_chain] == [
        [s.edition_key for s in step] for step in family.replaces_chain
    ]
    # a server reads each way in one statement: a read per step would show (the chain back to 1987 alone took six
    # before); an embedded SQLite file, where a statement is no round trip, reads a step at a time (see
    # reads_sql.replacement_relations), the steps of the chains and no more
    chain_reads = [s for s in counted.statements if "WITH RECURSIVE" in s.upper()]
    if searched.store.location.startswith("postgresql"):
        assert len(chain_reads) == 2, counted.statements
        assert len(counted.statements) <= 14, counted.statements
    else:
        assert not chain_reads
        steps = len(family.replaces_chain) + len(family.replaced_by_chain)
        assert len(counted.statements) <= 14 + steps, counted.statements
