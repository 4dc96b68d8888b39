"""The memory index kept on disk between processes (SQLite and PostgreSQL): a process builds it and saves it
stamped with the change number it covers; the next process loads it, takes in what was written and deleted
since, and answers as a fresh build does; a snapshot cut short, of another catalogue, newer than the store, or
not holding the store's units is built again, never trusted. Units: the GB sample excerpts' real titles."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.translation.memory_cases import gb_title_units

from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory, snapshot_location
from stdbridge.translation.memory_index import MemoryIndex, UnusableSnapshot
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

QUERY = "信息技术 安全技术 信息安全控制措施"
CONTROLS = (
    "信息技术 安全技术 信息安全控制",
    "Information technology - Security techniques - Information security controls",
)


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    s = SqlStore(store_url)
    s.add_units(gb_title_units())
    yield s
    s.close()


def _answers(memory: TranslationMemory) -> list[tuple[int, str]]:
    return [(m.score, m.unit.source) for m in memory.matches(QUERY, "zh", "en")] + [
        (m.score, m.unit.source) for m in memory.matches("Quality management systems", "en", "zh")
    ]


def test_the_next_process_loads_the_index_and_catches_up(store: SqlStore, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    where = tmp_path / "memory-index.npz"
    first = TranslationMemory(store, refresh_interval=0, snapshot=where)
    before = _answers(first)
    assert where.exists()
    saved_seq = int(np.load(where)["header"][1])
    assert saved_seq == store.memory_seq()
    # written and deleted after the snapshot: the next process must take both in
    store.add_units([TranslationUnit("zh", "en", *CONTROLS, UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE)])
    gone = next(u for u in store.iter_units() if u.reference == "GB/T 24001-1996")
    store.delete_units([gone.id or 0])

    def no_build(self: TranslationMemory) -> None:
        raise AssertionError("built, not loaded")

    monkeypatch.setattr(TranslationMemory, "_build", no_build)
    second = TranslationMemory(store, refresh_interval=0, snapshot=where)
    loaded = _answers(second)
    monkeypatch.undo()
    fresh = _answers(TranslationMemory(store, refresh_interval=0))
    assert loaded == fresh != before
    assert loaded[0] == (87, CONTROLS[0])  # the unit written after the snapshot
    assert gone.id not in second.index.documents and len(second.index) == len(list(store.iter_units()))


@pytest.mark.parametrize("spoil", ["cut", "garbage", "other catalogue", "newer", "units missing", "other texts"])
def test_a_snapshot_that_cannot_be_trusted_is_built_again(store: SqlStore, tmp_path: Path, spoil: str) -> None:
    where = tmp_path / "memory-index.npz"
    expected = _answers(TranslationMemory(store, refresh_interval=0, snapshot=where))
    if spoil == "cut":
        where.write_bytes(where.read_bytes()[: where.stat().st_size // 2])
    elif spoil == "garbage":
        where.write_bytes(b"PK\x03\x04 not a numpy archive")
    elif spoil == "other catalogue":
        index, seq = MemoryIndex.load(where, store.location)
        index.save(where, seq, "sqlite:////elsewhere/catalog.db")
    elif spoil == "newer":
        index, seq = MemoryIndex.load(where, store.location)
        index.save(where, seq + 5, store.location)
    elif spoil == "units missing":  # a snapshot of fewer units stamped as if it covered them all
        index, seq = MemoryIndex.load(where, store.location)
        index.remove([next(iter(index.documents))])
        index.save(where, seq, store.location)
    else:  # the database made again under its name, with as many units of other texts under the same ids
        index, seq = MemoryIndex.load(where, store.location)
        others = [dataclasses.replace(u, source=u.target, target=u.source, source_lang=u.target_lang,
                                      target_lang=u.source_lang) for u in store.iter_units()]  # fmt: skip
        index.add(others)
        index.save(where, seq, store.location)
    if spoil in ("cut", "garbage", "other catalogue"):
        with pytest.raises(UnusableSnapshot):
            MemoryIndex.load(where, store.location)
    again = TranslationMemory(store, refresh_interval=0, snapshot=where)
    assert _answers(again) == expected
    assert MemoryIndex.load(where, store.location)[1] == store.memory_seq()  # built again and saved again
    assert len(again.index) == len(list(store.iter_units()))


def test_where_the_snapshot_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert snapshot_location(f"sqlite:///{tmp_path / 'catalog.db'}") == tmp_path / "catalog.memory-index.npz"
    assert snapshot_location("sqlite://") is None and snapshot_location("sqlite:///:memory:") is None
    monkeypatch.delenv("STDBRIDGE_CACHE_DIR", raising=False)
    assert snapshot_location("postgresql+psycopg://app:secret@db.example:5432/stdbridge") is None  # not configured
    monkeypatch.setenv("STDBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    server = snapshot_location("postgresql+psycopg://app:secret@db.example:5432/stdbridge")
    assert server == tmp_path / "cache" / "memory-index-db.example-5432-stdbridge.npz"
    assert TranslationMemory.of(SqlStore("sqlite://")).snapshot is None
