"""A node over PostgreSQL while the database stops and starts again: no request hangs, the API and the pages answer
``503`` with ``Retry-After`` during the outage, and the same app answers again once the server is back, its index
keeper catching up with changes made after the restart. A cluster of its own (not the session's): stopping it must
not disturb the other tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests import pg_cluster
from tests.conftest import EXCERPTS
from tests.pg_cluster import Cluster

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.catalog.ingest import import_path
from stdbridge.store import SqlStore

LOOKUP = "/api/standard?id=ISO%209001:2015"
PAGE = "/standard?id=ISO%209001:2015"
QUICKLY = 10.0  # seconds: a request during the outage is answered within this, never left hanging


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    bin_dir = pg_cluster.binaries()
    if bin_dir is None:
        if pg_cluster.REQUIRED:
            pytest.fail("PostgreSQL's binaries are missing and STDBRIDGE_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL is not installed (initdb/pg_ctl)")
    cluster = Cluster(bin_dir).start()
    yield cluster
    cluster.stop()


@pytest.fixture
def node(own_cluster: Cluster, tmp_path: Path) -> Iterator[tuple[TestClient, Catalog]]:
    store = SqlStore(own_cluster.database())
    catalog = Catalog(store, tmp_path / "node.search")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    catalog.rebuild_index()
    with TestClient(create_app(catalog, keep_index=True)) as client:
        yield client, catalog
    store.close()


def _timed(client: TestClient, path: str, **headers: str) -> tuple[float, object]:
    started = time.monotonic()
    answer = client.get(path, headers=headers)
    return time.monotonic() - started, answer


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_an_outage_answers_503_with_retry_after_and_the_node_recovers_without_restart(
    node: tuple[TestClient, Catalog], own_cluster: Cluster, tmp_path: Path, mode: str
) -> None:
    client, catalog = node
    assert client.get(LOOKUP).status_code == 200
    assert client.get(PAGE).status_code == 200
    own_cluster.halt(mode)
    try:
        took, api = _timed(client, LOOKUP)
        assert took < QUICKLY
        assert api.status_code == 503, api.text  # type: ignore[attr-defined]
        assert int(api.headers["Retry-After"]) > 0  # type: ignore[attr-defined]
        error = api.json()["error"]  # type: ignore[attr-defined]
        assert error["status"] == 503 and error["code"] == "catalogue-unavailable"
        assert "cannot be reached now" in error["message"]
        took, page = _timed(client, PAGE)
        assert took < QUICKLY
        assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0  # type: ignore[attr-defined]
        assert page.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
        assert "cannot be reached now" in page.text  # type: ignore[attr-defined]
        chinese = client.get(PAGE + "&lang=zh")
        assert chinese.status_code == 503 and "暂时无法连接" in chinese.text
    finally:
        own_cluster.resume()
    assert client.get(LOOKUP).status_code == 200  # the pool's broken connections were replaced, no restart
    assert client.get(PAGE).status_code == 200
    # the index keeper's feed connection came back too: a change made now reaches this node's search
    loader = SqlStore(catalog.store.location)
    try:
        import_path(loader, catalog.importer("jis"), EXCERPTS / "jis_catalog.jsonl", format="jis", rejects_dir=tmp_path)
    finally:
        loader.close()
    deadline = time.monotonic() + 15
    found = False
    while not found and time.monotonic() < deadline:
        hits = client.get("/api/search", params={"q": "品質マネジメントシステム 要求事項", "all_editions": "true"})
        found = any(hit["identifier"] == "JIS Q 9001:2015" for hit in hits.json()["results"])
        time.sleep(0.1)
    assert found, "the node's index did not catch up after the database came back"


def test_a_database_that_cannot_be_reached_is_refused_quickly(own_cluster: Cluster) -> None:
    from stdbridge.errors import DatabaseUnavailable

    url = own_cluster.database()
    SqlStore(url).close()  # a catalogue there
    own_cluster.halt("fast")
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as refused:
            SqlStore(url)
        assert time.monotonic() - started < QUICKLY
        assert refused.value.retry_after > 0
    finally:
        own_cluster.resume()


def test_a_read_stuck_behind_a_lock_gives_up_after_the_statement_limit(
    own_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from stdbridge.errors import DatabaseUnavailable

    monkeypatch.setenv("STDBRIDGE_DB_STATEMENT_TIMEOUT", "0.5")
    url = own_cluster.database()
    store = SqlStore(url)
    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as holder:
            holder.execute("LOCK TABLE standards IN ACCESS EXCLUSIVE MODE")  # as a long migration would
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable):
                store.standards_by_keys(["ISO 9001:2015"])
            assert time.monotonic() - started < 3
            holder.rollback()
        assert store.standards_by_keys(["ISO 9001:2015"]) == {}  # the lock gone, the same store reads again
    finally:
        store.close()
