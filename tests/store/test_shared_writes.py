"""Several threads and processes writing one catalogue: each of them on SQLite and on PostgreSQL.

Each test failed before its fix: a thread read another's uncommitted rows (one connection per store, handed to
every thread); an import could commit after a later one, which the index catch-up then skipped for ever (it reads
by the largest import id), and two imports merged the same editions at once; concurrent decisions lost counts
(read, then written back plus one).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from tests.store.test_contract import excerpt

from stdbridge import identifiers
from stdbridge.models import Decision, Verdict
from stdbridge.store import SqlStore

AT = "2026-12-01T00:00:00+00:00"


@pytest.fixture
def stores(store_url: str) -> Iterator[tuple[SqlStore, SqlStore]]:
    """Two stores on one catalogue, as two processes have."""
    pair = (SqlStore(store_url), SqlStore(store_url))
    yield pair
    for store in pair:
        store.close()


def test_a_thread_never_reads_what_another_has_not_committed(stores: tuple[SqlStore, SqlStore]) -> None:
    store = stores[0]
    iso = excerpt("iso")["ISO 9001:2015"]
    written, read = threading.Event(), threading.Event()
    seen: list[object] = []

    def reader() -> None:  # a page handler in the thread pool, while a decision is written on the event loop
        written.wait(10)
        seen.append(store.standards_by_keys([iso.edition_key]))
        read.set()

    thread = threading.Thread(target=reader)
    thread.start()
    with pytest.raises(RuntimeError, match="rolled back"), store.transaction():
        store.save_standards([iso], [identifiers.lookup_keys(iso)])
        written.set()
        read.wait(10)
        raise RuntimeError("rolled back")
    thread.join(10)
    assert seen == [{}]
    assert store.standards_by_keys([iso.edition_key]) == {}


def test_imports_commit_in_the_order_of_their_ids_one_at_a_time(stores: tuple[SqlStore, SqlStore]) -> None:
    """A second import waits for the first to commit before it reads anything: the index catch-up, reading the
    changes after the largest import id it has seen, misses none; no two imports merge the same edition at once."""
    first, second = stores
    iso = excerpt("iso")
    started: list[int] = []
    done = threading.Event()

    def import_again() -> None:
        with second.transaction():
            import_id = second.start_import("iso", "iso", "again", "01", AT)
            started.append(import_id)
            second.save_events(import_id, [])
        done.set()

    with first.transaction():
        first_id = first.start_import("iso", "iso", "first", "00", AT)
        thread = threading.Thread(target=import_again)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()  # waiting for the first import to commit
        assert second.changed_since(-1) == (-1, [])  # nothing committed yet
        standard = iso["ISO 9001:2015"]
        first.save_standards([standard], [identifiers.lookup_keys(standard)])
        from stdbridge.models import ChangeEvent, ChangeKind

        first.save_events(first_id, [ChangeEvent(ChangeKind.ADDED, standard.edition_key, standard.identifier, AT)])
    thread.join(10)
    assert done.is_set()
    assert started == [first_id + 1]
    latest, keys = second.changed_since(-1)
    assert (latest, keys) == (first_id + 1, ["ISO 9001:2015"])


def test_concurrent_decisions_are_each_counted(stores: tuple[SqlStore, SqlStore]) -> None:
    pairs = [("JIS Q 9001:2015", "ISO 9001:2015"), ("GB/T 19001-2008", "ISO 9001:2008")]
    before = stores[0].revision()[1]
    threads_each, rounds = 4, 8

    def decide(store: SqlStore, index: int) -> None:
        for round_ in range(rounds):
            source, target = pairs[(index + round_) % len(pairs)]
            works = {"source_work": source.split(":")[0].rsplit("-", 1)[0], "target_work": target.split(":")[0]}
            store.save_decision(Decision(source, target, Verdict.REJECTED, f"reviewer {index}", AT, **works))

    threads = [threading.Thread(target=decide, args=(stores[i % 2], i)) for i in range(threads_each)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert stores[1].revision()[1] == before + threads_each * rounds
