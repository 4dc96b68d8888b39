"""The audit log's part of the store contract, on SQLite and PostgreSQL: appends chain after the head, read back
as written, filtered and counted; appends of several processes at once queue and never fork the chain; an entry
rolled back leaves nothing."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge import audit
from stdbridge.audit.entry import GENESIS_PREV, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.models import Degree, Verdict
from stdbridge.store import SqlStore, Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def test_a_new_catalogue_starts_its_log_with_the_genesis_entry(store: Store) -> None:
    [genesis] = store.audit_entries(AuditQuery())
    assert (genesis.seq, genesis.action, genesis.prev_hash) == (1, audit.GENESIS, GENESIS_PREV)
    assert genesis.after == {"standards": 0, "decisions": 0, "imports": 0}
    assert genesis.computed_hash() == genesis.hash
    assert store.audit_head() == (1, genesis.hash)


def test_entries_chain_after_the_head_and_read_back_as_written(store: Store) -> None:
    with store.transaction():
        first = audit.record(store, "Aiko Sato", None, audit.ACCEPT, "JIS Q 9001:2015 -> ISO 9001:2015", None,
                             {"verdict": "accepted", "degree": "IDT", "note": "序言声明 IDT"})  # fmt: skip
    second = audit.record(store, "Li Wei", 7, audit.REJECT, "GB/T 22080-2016 -> ISO 9001:2015",
                          {"verdict": "accepted"}, {"verdict": "rejected", "score": 0.5})  # fmt: skip
    assert (first.seq, second.seq) == (2, 3)
    assert second.prev_hash == first.hash
    assert store.audit_head() == (3, second.hash)
    assert list(store.iter_audit(batch=2))[1:] == [first, second]  # paged, in order, exactly as appended
    newest = store.audit_entries(AuditQuery(limit=2))
    assert [e.seq for e in newest] == [3, 2]
    assert newest[1].after["note"] == "序言声明 IDT" and newest[0].actor_id == 7


def test_entries_are_filtered_by_time_actor_and_action_and_counted(store: Store) -> None:
    for name, action in (("ann", audit.ACCEPT), ("bob", audit.REJECT), ("ann", audit.REJECT)):
        audit.record(store, name, None, action, "a -> b", None, {"n": 1})
    assert [e.actor_name for e in store.audit_entries(audit.query_of(actor="ann", newest_first=False))] == ["ann"] * 2
    assert store.count_audit(audit.query_of(action="reject")) == 2
    assert store.count_audit(audit.query_of(actor="ann", action="reject")) == 1
    assert store.count_audit(audit.query_of(since="2000-01-01")) == 4
    assert store.count_audit(audit.query_of(since="2999-01-01")) == 0
    page = store.audit_entries(audit.query_of(offset=1, limit=2))
    assert [e.seq for e in page] == [3, 2]


def test_an_entry_rolled_back_with_its_change_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        audit.record(store, "ann", None, audit.IMPORT, "import 1", None, {"added": 1})
        raise RuntimeError("the change failed")
    assert store.audit_head()[0] == 1
    assert [e.seq for e in store.iter_audit()] == [1]
    assert audit.record(store, "ann", None, audit.IMPORT, "import 1", None, None).seq == 2


def test_appends_of_several_processes_at_once_never_fork_the_chain(store_url: str) -> None:
    """Two stores (two processes' connections) appending from four threads: every entry follows the one before."""
    stores = [SqlStore(store_url), SqlStore(store_url)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def append(store: Store, who: str) -> None:
        try:
            start.wait(10)
            for n in range(15):
                with store.transaction():
                    audit.record(store, who, None, audit.ACCEPT, f"pair {n}", None, {"n": n})
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(stores[i % 2], f"writer {i}")) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        entries = list(stores[0].iter_audit())
        assert [e.seq for e in entries] == list(range(1, 62))
        assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))
        found = audit.verify(stores[1])
        assert found.intact, found.broken
        assert found.head == (61, entries[-1].hash)
    finally:
        for s in stores:
            s.close()


def test_an_import_and_a_decision_record_on_every_store(store: Store, tmp_path: Path) -> None:
    catalog = Catalog(store, index_path=tmp_path / "index")
    catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path, by="Li Wei")
    catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path, by="Li Wei")
    catalog.decide("GB/T 19001-2008", "ISO 9001:2008", Verdict.ACCEPTED, by="Li Wei", degree=Degree.IDT)
    logged = store.audit_entries(audit.query_of(actor="Li Wei", newest_first=False))
    assert [(e.action, e.subject) for e in logged] == [
        ("import", "import 1"), ("import", "import 2"), ("accept", "GB/T 19001-2008 -> ISO 9001:2008")]  # fmt: skip
    assert logged[-1].after["degree"] == "IDT"
    assert audit.verify(store).intact
