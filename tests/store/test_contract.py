"""The contract every Store must keep; run against each store implementation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stdbridge.models import (
    ChangeEvent,
    ChangeKind,
    ClassEntry,
    Degree,
    DocType,
    Evidence,
    Relation,
    RelationType,
    Standard,
    Status,
)
from stdbridge.store import SourceRecord, SqlStore, Store


@pytest.fixture(params=["sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = SqlStore(f"sqlite:///{tmp_path / 'contract.db'}")
    yield s
    s.close()


def iso_9001(year: int, status: Status = Status.IN_FORCE) -> Standard:
    return Standard(
        identifier=f"ISO 9001:{year}",
        edition_key=f"ISO 9001:{year}",
        work_key="ISO 9001",
        body="ISO",
        country="INT",
        doctype=DocType.STANDARD,
        number="9001",
        year=year,
        titles={"en": "Quality management systems - Requirements"},
        status=status,
        published=f"{year}-09",
        dataset="iso",
    )


def test_save_and_read_back_by_key_id_work_and_lookup(store: Store) -> None:
    old, new = iso_9001(2008, Status.REPLACED), iso_9001(2015)
    with store.transaction():
        store.save_standards([old, new], [("ISO90012008", "ISO9001"), ("ISO90012015", "ISO9001")])
    assert old.id and new.id and old.id != new.id
    assert store.standards_by_keys(["ISO 9001:2015"])["ISO 9001:2015"].titles == new.titles
    assert store.standards_by_ids([old.id])[old.id].status == Status.REPLACED
    assert {s.edition_key for s in store.standards_of_work("ISO 9001")} == {"ISO 9001:2008", "ISO 9001:2015"}
    assert sorted(store.standard_ids_by_lookup_key("ISO9001")) == sorted([old.id, new.id])
    assert store.standard_ids_by_lookup_key("ISO90012015") == [new.id]
    assert set(store.standard_ids_by_lookup_prefix("ISO900120", 10)) == {old.id, new.id}


def test_saving_again_updates_in_place_and_replaces_lookup_keys(store: Store) -> None:
    first = iso_9001(2015)
    store.save_standards([first], [("ISO90012015", "OLDKEY")])
    again = iso_9001(2015, Status.WITHDRAWN)
    store.save_standards([again], [("ISO90012015",)])
    assert again.id == first.id
    assert store.standards_by_ids([first.id or 0])[first.id or 0].status == Status.WITHDRAWN
    assert store.standard_ids_by_lookup_key("OLDKEY") == []


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_standards([iso_9001(2015)], [("ISO90012015",)])
        raise RuntimeError("interrupted")
    assert store.standards_by_keys(["ISO 9001:2015"]) == {}
    assert store.counts()["total"]["standards"] == 0


def test_relations_link_when_their_ends_arrive(store: Store) -> None:
    gb = Relation(
        source_key="GB/T 19001-2016",
        type=RelationType.ADOPTS,
        target_key="ISO 9001:2015",
        target_text="ISO 9001:2015",
        degree=Degree.IDT,
        evidence=Evidence.DECLARED,
        dataset="gb",
        target_work_key="ISO 9001",
        origin_key="GB/T 19001-2016",
    )
    store.replace_relations([("gb", "GB/T 19001-2016")], [gb])
    assert store.link_relations() == 1  # neither end is stored yet
    iso = iso_9001(2015)
    store.save_standards([iso], [("ISO90012015",)])
    assert store.link_relations() == 1  # the source is still missing
    found = store.relations_touching([iso.id or 0], [])
    assert [(r.source_key, r.degree) for r in found] == [("GB/T 19001-2016", Degree.IDT)]
    store.replace_relations([("gb", "GB/T 19001-2016")], [])
    assert store.relations_touching([iso.id or 0], []) == []


def test_open_undated_targets_are_found_through_the_work(store: Store) -> None:
    ks = Relation(
        "KS Q ISO 9001:2015",
        RelationType.ADOPTS,
        "ISO 9001",
        "ISO 9001",
        Degree.IDT,
        Evidence.IDENTIFIER,
        "ks",
        target_work_key="ISO 9001",
        origin_key="KS Q ISO 9001:2015",
    )
    store.replace_relations([("ks", "KS Q ISO 9001:2015")], [ks])
    assert [r.source_key for r in store.relations_touching([], ["ISO 9001"])] == ["KS Q ISO 9001:2015"]


def test_sources_keep_their_first_import_time(store: Store) -> None:
    store.save_sources([SourceRecord("iso", "ISO 9001:2015", "h1", {"a": 1}, "2026-01-01T00:00:00+00:00")])
    store.save_sources([SourceRecord("iso", "ISO 9001:2015", "h2", {"a": 2}, "2026-06-01T00:00:00+00:00")])
    (record,) = store.sources_of(["ISO 9001:2015"])["ISO 9001:2015"]
    assert (record.content_hash, record.record, record.imported_at) == ("h2", {"a": 2}, "2026-01-01T00:00:00+00:00")
    assert store.source_hashes("iso") == {"ISO 9001:2015": "h2"}


def test_classes_events_and_imports(store: Store) -> None:
    store.save_classes([ClassEntry("ICS", "03.120.10", "03.120", {"en": "Quality management and quality assurance"})])
    assert store.classes("ICS", ["03.120.10", "99"])["03.120.10"].parent == "03.120"
    import_id = store.start_import("iso", "iso", "/x", "00", "2026-01-01T00:00:00+00:00")
    store.save_events(
        import_id,
        [
            ChangeEvent(
                ChangeKind.WITHDRAWN,
                "ISO 9001:2008",
                "ISO 9001:2008",
                "2026-01-01T00:00:00+00:00",
                {"from": "in-force"},
            )
        ],
    )
    store.finish_import(import_id, {"added": 0}, "2026-01-01T00:00:01+00:00")
    (event,) = store.events()
    assert (event.kind, event.detail) == (ChangeKind.WITHDRAWN, {"from": "in-force"})


def test_counts(store: Store) -> None:
    store.save_standards([iso_9001(2008, Status.REPLACED), iso_9001(2015)], [(), ()])
    counts = store.counts()
    assert counts["body"] == {"ISO": 2}
    assert counts["status"] == {"replaced": 1, "in-force": 1}
    assert counts["total"] == {"standards": 2}
