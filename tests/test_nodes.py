"""Two nodes over one PostgreSQL: ``stdbridge serve`` twice, each with its own search index, kept in step by the
change feed. A change committed through node A is found by search on node B within 2 s; a node that was down
catches up when it starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from tests.conftest import EXCERPTS
from tests.pg_cluster import Cluster, _free_port

from stdbridge.catalog import Catalog
from stdbridge.catalog.ingest import import_path
from stdbridge.store import SqlStore

_SERVE = "from stdbridge.cli import main; main()"
JIS_Q_9001 = ("JIS Q 9001:2015", "品質マネジメントシステム 要求事項")  # its Japanese title: only the index has it


class Node:
    """One ``stdbridge serve`` process with its own index folder."""

    def __init__(self, url: str, index: Path, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "STDBRIDGE_INDEX": str(index), "STDBRIDGE_LANG": "en"}
        self._log = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, "--db", url, "serve", "--port", str(self.port)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text(encoding="utf-8")
            try:
                self.search("ISO 9001")
                return
            except (URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"node on port {self.port} did not start: {log.read_text(encoding='utf-8')}")

    def search(self, query: str, **filters: str) -> dict[str, Any]:
        params = {"q": query, "limit": "100", "all_editions": "true", **filters}
        with urlopen(f"{self.base}/api/search?{urlencode(params)}", timeout=5) as answer:
            found: dict[str, Any] = json.load(answer)
        return found

    def finds(self, identifier: str, query: str, **filters: str) -> bool:
        """Whether searching the index for ``query`` (words: not the identifier, which the store answers without
        the index) finds ``identifier``."""
        found = self.search(query, **filters)
        return any(hit["identifier"] == identifier for hit in found["results"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture
def shared(postgres: Cluster, tmp_path: Path) -> Iterator[Catalog]:
    """A catalogue of the ISO excerpt in a new PostgreSQL database."""
    store = SqlStore(postgres.database())
    catalog = Catalog(store, tmp_path / "loader.search")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    yield catalog
    store.close()


def _until(check: object, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.02)
    return None


@pytest.mark.slow
def test_a_change_through_node_a_is_found_on_node_b_within_two_seconds(shared: Catalog, tmp_path: Path) -> None:
    url = shared.store.location
    a = Node(url, tmp_path / "a.search", tmp_path / "a.log")
    try:
        b = Node(url, tmp_path / "b.search", tmp_path / "b.log")
        try:
            assert not b.finds(*JIS_Q_9001)
            node_a = Catalog(SqlStore(url), tmp_path / "a.search")  # an import on node A's machine
            try:
                import_path(node_a.store, node_a.importer("jis"), EXCERPTS / "jis_catalog.jsonl", format="jis",
                            rejects_dir=tmp_path)  # fmt: skip  # committed when it returns
                waited = _until(lambda: b.finds(*JIS_Q_9001), 2.0)
                assert waited is not None, "node B did not find the change within 2 s"
                assert _until(lambda: a.finds(*JIS_Q_9001), 2.0) is not None
            finally:
                node_a.store.close()
        finally:
            b.stop()
        # node B is down while node A takes in another change; started again, B catches up
        import_path(shared.store, shared.importer("itu"), EXCERPTS / "itu_catalog.jsonl", format="itu",
                    rejects_dir=tmp_path)  # fmt: skip
        b = Node(url, tmp_path / "b.search", tmp_path / "b-again.log")
        try:
            assert (
                _until(lambda: b.finds("ITU-T X.509 (10/2019)", "attribute certificate frameworks", body="ITU"), 5.0)
                is not None
            )
        finally:
            b.stop()
    finally:
        a.stop()
