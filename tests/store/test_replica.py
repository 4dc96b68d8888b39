"""Reads from a streaming replica, writes to the primary: a real hot standby made by ``pg_basebackup -R`` of a
throwaway primary. Its replay is paused to show where each read goes: outside a write transaction the store reads
what the replica has replayed; inside one, the primary's rows; every write reaches the primary (the replica would
refuse it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests import pg_cluster
from tests.conftest import EXCERPTS
from tests.pg_cluster import Cluster

from stdbridge.catalog import Catalog
from stdbridge.store import SqlStore, open_store


@pytest.fixture(scope="module")
def primary_and_replica() -> Iterator[tuple[Cluster, Cluster]]:
    bin_dir = pg_cluster.binaries()
    if bin_dir is None:
        if pg_cluster.REQUIRED:
            pytest.fail("PostgreSQL's binaries are missing and STDBRIDGE_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL is not installed (initdb/pg_ctl)")
    primary = Cluster(bin_dir).start()
    replica = primary.streaming_replica()
    yield primary, replica
    replica.stop()
    primary.stop()


def _replay(replica: Cluster, paused: bool) -> None:
    with psycopg.connect(f"host=127.0.0.1 port={replica.port} user=stdbridge dbname=postgres", autocommit=True) as c:
        c.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def _until(check: object, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_reads_go_to_the_replica_and_writes_to_the_primary(
    primary_and_replica: tuple[Cluster, Cluster], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    primary, replica = primary_and_replica
    url = primary.database()
    SqlStore(url).close()  # the schema, made on the primary
    on_replica = url.replace(f":{primary.port}/", f":{replica.port}/")
    monkeypatch.setenv("STDBRIDGE_DB_REPLICA", on_replica)
    store = open_store(url)
    assert isinstance(store, SqlStore) and store.read_engine is not None
    try:
        catalog = Catalog(store, tmp_path / "index")
        catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)  # writes: the primary
        assert _until(lambda: bool(store.standards_by_keys(["ISO 9001:2015"])))  # replayed on the replica
        _replay(replica, paused=True)
        try:
            catalog.import_path(EXCERPTS / "jis_catalog.jsonl", "jis", rejects_dir=tmp_path)
            assert store.standards_by_keys(["JIS Q 9001:2015"]) == {}  # the replica has not replayed it yet
            revision = store.revision()
            with store.transaction():  # inside a write transaction: the primary's rows
                assert "JIS Q 9001:2015" in store.standards_by_keys(["JIS Q 9001:2015"])
                assert store.revision() > revision
        finally:
            _replay(replica, paused=False)
        assert _until(lambda: bool(store.standards_by_keys(["JIS Q 9001:2015"])))
    finally:
        store.close()


def test_a_replica_needs_a_server_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stdbridge.errors import StoreError

    monkeypatch.setenv("STDBRIDGE_DB_REPLICA", "postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="STDBRIDGE_DB_REPLICA"):
        open_store(tmp_path / "catalog.db")
