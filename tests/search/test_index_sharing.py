"""The search index shared by the processes of one machine and kept in step across nodes (``search.generations``,
``catalog.keeper``). Each test failed before its fix: a rebuild deleted the folder its readers were reading; the
stamp, written in place, read as "no index" while being written; two processes could write one index at once;
requests caught up (and rebuilt) the index themselves."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.catalog.ingest import import_path
from stdbridge.search import generations
from stdbridge.search.index import INDEX_VERSION, SearchIndex
from stdbridge.store import SqlStore


@pytest.fixture
def iso_catalog(tmp_path: Path) -> Iterator[Catalog]:
    """A catalogue of the ISO excerpt, its index built."""
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    catalog = Catalog(store, tmp_path / "node-a.search")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    catalog.rebuild_index()
    yield catalog
    store.close()


JIS_Q_9001_TITLE = "品質マネジメントシステム 要求事項"  # words only the index answers (an identifier reads the store)


def identifiers_found(catalog: Catalog, query: str) -> list[str]:
    return [hit.standard.identifier for hit in catalog.search(query).hits]


def test_a_rebuild_leaves_the_generation_its_readers_read(iso_catalog: Catalog) -> None:
    reader = Catalog(iso_catalog.store, iso_catalog.index.path)  # another process of the machine
    searcher = reader.index.searcher()
    assert identifiers_found(reader, "ISO 9001:2015")[0] == "ISO 9001:2015"
    first = generations.read_stamp(reader.index.path)
    assert first is not None
    iso_catalog.rebuild_index()  # a new generation, beside the one the reader holds
    second = generations.read_stamp(reader.index.path)
    assert second is not None and second.folder != first.folder
    assert (reader.index.path / first.folder).is_dir()
    assert searcher.num_docs == iso_catalog.index.searcher().num_docs  # the old generation still answers
    reader.index.reload()
    assert reader.index.generation == iso_catalog.index.generation  # the same state in both processes
    assert identifiers_found(reader, "quality management")
    # retired generations go once readers have had time to move on, and only then
    assert generations.clean(reader.index.path, second.folder) == []
    assert generations.clean(reader.index.path, second.folder, grace=0) == [first.folder]
    assert sorted(p.name for p in reader.index.path.iterdir() if p.is_dir()) == [second.folder]


def test_the_stamp_is_never_read_half_written(tmp_path: Path) -> None:
    stamp = generations.Stamp(INDEX_VERSION, "gen-1", 1, 1)
    generations.write_stamp(tmp_path, stamp)
    stop = threading.Event()

    def write() -> None:
        seq = 1
        while not stop.is_set():
            seq += 1
            generations.write_stamp(tmp_path, generations.Stamp(INDEX_VERSION, "gen-1", 1, seq))

    thread = threading.Thread(target=write)
    thread.start()
    try:
        seen = [generations.read_stamp(tmp_path) for _ in range(3000)]
    finally:
        stop.set()
        thread.join(10)
    assert None not in seen
    assert [p.name for p in tmp_path.iterdir()] == [generations.STAMP]  # no temporary file left behind


_HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_one_process_writes_the_index_at_a_time(iso_catalog: Catalog, tmp_path: Path) -> None:
    index_path = iso_catalog.index.path
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(index_path / generations.LOCK), "2"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        import_path(iso_catalog.store, iso_catalog.importer("jis"), EXCERPTS / "jis_catalog.jsonl", format="jis",
                    rejects_dir=tmp_path)  # fmt: skip
        before = iso_catalog.index.stamp
        assert iso_catalog.catch_up_index(wait=False) is False  # another process is the indexer: left to it
        assert iso_catalog.index.stamp == before
        started = time.monotonic()
        assert iso_catalog.catch_up_index() is True  # waits for it to finish, then writes
        assert time.monotonic() - started > 0.5
        assert iso_catalog.index.stamp == iso_catalog.store.latest_change() > before
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert identifiers_found(iso_catalog, JIS_Q_9001_TITLE)[0] == "JIS Q 9001:2015"


def test_a_served_catalogue_never_writes_its_index_in_a_request(
    iso_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Node B keeps its own index in step with the changes committed through node A, in its indexer thread."""
    writers: list[str] = []
    for name in ("update", "rebuild", "took_in"):
        method = getattr(SearchIndex, name)

        def recorded(self: SearchIndex, *args: object, _method: object = method, **kwargs: object) -> object:
            writers.append(threading.current_thread().name)
            return _method(self, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(SearchIndex, name, recorded)
    node_b = Catalog(SqlStore(iso_catalog.store.location), tmp_path / "node-b.search")
    node_b.keep_index(period=3600.0)  # its round comes when a change does: the periodic one is an hour away
    try:
        deadline = time.monotonic() + 60
        while not node_b.index.exists() and time.monotonic() < deadline:  # a node that was down catches up
            time.sleep(0.05)
        assert node_b.keeper is not None and node_b.keeper.rounds >= 1
        assert identifiers_found(node_b, JIS_Q_9001_TITLE) == []
        writers.clear()
        iso_catalog.import_path(EXCERPTS / "jis_catalog.jsonl", "jis", rejects_dir=tmp_path)  # through node A
        committed = time.monotonic()
        while time.monotonic() - committed < 30.0:  # the indexing's own time, however loaded the machine
            found = identifiers_found(node_b, JIS_Q_9001_TITLE)
            if found:
                break
            time.sleep(0.05)
        assert found[:1] == ["JIS Q 9001:2015"], "not found on node B: the change did not wake its indexer"
        assert set(writers) <= {"MainThread", "stdbridge-indexer"}
        assert "stdbridge-indexer" in writers  # node B's index was written by its indexer ...
        assert writers.count("MainThread") == 1  # ... node A's by the import itself, and no search wrote
    finally:
        node_b.stop_keeping_index()
        node_b.store.close()
