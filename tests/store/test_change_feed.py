"""The change feed (migration 0006) on SQLite and on PostgreSQL: every import and decision is a numbered change,
written in its own transaction, numbered in commit order, and the waiter of another connection wakes on it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from stdbridge.models import ChangeEvent, ChangeKind, Decision, Verdict
from stdbridge.store import SqlStore

AT = "2026-12-01T00:00:00+00:00"


@pytest.fixture
def stores(store_url: str) -> Iterator[tuple[SqlStore, SqlStore]]:
    """Two stores on one catalogue, as two nodes have."""
    pair = (SqlStore(store_url), SqlStore(store_url))
    yield pair
    for store in pair:
        store.close()


def _import(store: SqlStore, *keys: str) -> int:
    with store.transaction():
        import_id = store.start_import("iso", "iso", "iso_catalog.jsonl", "00", AT)
        store.save_events(import_id, [ChangeEvent(ChangeKind.CHANGED, k, k, AT, {"fields": ["status"]}) for k in keys])
        store.finish_import(import_id, {"changed": len(keys)}, AT)
    return import_id


def _decide(store: SqlStore, source: str, target: str) -> None:
    store.save_decision(Decision(source, target, Verdict.ACCEPTED, "reviewer", AT))


def test_imports_and_decisions_are_numbered_changes_with_their_editions(stores: tuple[SqlStore, SqlStore]) -> None:
    store, other = stores
    assert store.latest_change() == 0
    assert store.changes_since(0) == (0, [])
    _import(store, "ISO 9001:2015", "ISO 9001:2008")
    _decide(store, "JIS Q 9001:2015", "ISO 9001:2015")
    _import(store)  # an import that changed nothing is still a change (a classification's titles may be new)
    assert other.latest_change() == 3
    assert other.changes_since(0) == (3, ["ISO 9001:2015", "ISO 9001:2008", "JIS Q 9001:2015"])
    assert other.changes_since(1) == (3, ["JIS Q 9001:2015", "ISO 9001:2015"])
    assert other.changes_since(2) == (3, [])
    assert other.changes_since(3) == (3, [])


def test_a_change_rolled_back_leaves_no_change(stores: tuple[SqlStore, SqlStore]) -> None:
    store = stores[0]
    with pytest.raises(RuntimeError, match="rolled back"), store.transaction():
        import_id = store.start_import("iso", "iso", "iso_catalog.jsonl", "00", AT)
        store.finish_import(import_id, {}, AT)
        raise RuntimeError("rolled back")
    assert store.changes_since(0) == (0, [])


def test_changes_commit_in_the_order_of_their_numbers(stores: tuple[SqlStore, SqlStore]) -> None:
    """A decision made while an import is open waits for it: the reader never sees change 2 before change 1,
    which a catch-up by the largest number seen would then skip for ever."""
    first, second = stores
    done = threading.Event()

    def decide() -> None:
        _decide(second, "JIS Q 9001:2015", "ISO 9001:2015")
        done.set()

    with first.transaction():
        import_id = first.start_import("iso", "iso", "first", "00", AT)
        first.save_events(import_id, [ChangeEvent(ChangeKind.ADDED, "ISO 9001:2015", "ISO 9001:2015", AT)])
        first.finish_import(import_id, {}, AT)
        thread = threading.Thread(target=decide)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()
        assert second.changes_since(0) == (0, [])
    thread.join(10)
    assert done.is_set()
    assert second.changes_since(0) == (2, ["ISO 9001:2015", "JIS Q 9001:2015"])
    assert second.changes_since(1) == (2, ["JIS Q 9001:2015", "ISO 9001:2015"])


def test_the_waiter_of_another_connection_wakes_on_a_commit(stores: tuple[SqlStore, SqlStore]) -> None:
    store, other = stores
    waiter = other.change_waiter()
    try:
        started = time.monotonic()
        assert waiter.wait(0.3) is False  # nothing changed: it waits its time
        assert time.monotonic() - started >= 0.25
        woke: list[float] = []

        def wait() -> None:
            if waiter.wait(10):
                woke.append(time.monotonic())

        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(0.3)
        committed = time.monotonic()
        _decide(store, "JIS Q 9001:2015", "ISO 9001:2015")
        thread.join(10)
        assert woke and woke[0] - committed < 2.0
    finally:
        waiter.close()
