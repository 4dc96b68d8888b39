"""The contract every Store must keep; run against each store implementation."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

import orjson
import pytest
from tests.conftest import EXCERPT_FORMATS, EXCERPTS

from stdbridge.importers.base import Row, registry
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.models import (
    ChangeEvent,
    ChangeKind,
    ClassEntry,
    Decision,
    Degree,
    DocType,
    Evidence,
    Relation,
    RelationType,
    Standard,
    Status,
    Verdict,
    standard_to_record,
)
from stdbridge.store import SourceRecord, SqlStore, Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store of each kind: SQLite, and PostgreSQL (``conftest.store_url``)."""
    s = SqlStore(store_url)
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


def test_several_lookup_keys_are_read_at_once_in_id_order(store: Store) -> None:
    new, old = iso_9001(2015), iso_9001(2008, Status.REPLACED)
    with store.transaction():  # saved newest first: the 2015 edition has the lower id
        store.save_standards([new, old], [("ISO90012015", "ISO9001"), ("ISO90012008", "ISO9001")])
    keys = ["ISO9001", "ISO90012015", "NOSUCHKEY"]
    found = store.standards_by_lookup_keys(keys)
    assert [s.edition_key for s in found["ISO9001"]] == ["ISO 9001:2015", "ISO 9001:2008"]
    assert [s.id for s in found["ISO90012015"]] == [new.id]
    assert "NOSUCHKEY" not in found
    key_by_key = Store.standards_by_lookup_keys(store, keys)  # the interface's own answer, one key at a time
    assert {k: [s.id for s in v] for k, v in found.items()} == {k: [s.id for s in v] for k, v in key_by_key.items()}


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


# the methods added for whole-catalogue passes, scoped linking, browsing, freshness and decisions, on real records


def excerpt(format_: str) -> dict[str, Standard]:
    """The standards of a bundled dataset's excerpt as its importer reads them, by edition key."""
    rows = registry()[format_]().read(EXCERPTS / EXCERPT_FORMATS[format_])
    return {r.item.edition_key: r.item for r in rows if isinstance(r, Row) and isinstance(r.item, Standard)}


def save(store: Store, *standards: Standard) -> None:
    store.save_standards(standards, [() for _ in standards])


def adoption(source: str, target: str, target_work: str, dataset: str = "gb-sample") -> Relation:
    return Relation(source, RelationType.ADOPTS, target, target, Degree.IDT, Evidence.DECLARED, dataset,
                    target_work_key=target_work, origin_key=source)  # fmt: skip


def test_work_sizes_count_every_document_of_each_work(store: Store) -> None:
    iso = excerpt("iso")
    save(store, *iso.values())
    expected = Counter(s.work_key for s in iso.values())
    assert expected["ISO 9001"] > 1  # editions and supplements
    assert store.work_sizes() == expected
    assert store.work_sizes(["ISO 9001", "ISO 14001", "ISO 9001", "JIS Q 9001"]) == {
        "ISO 9001": expected["ISO 9001"],
        "ISO 14001": expected["ISO 14001"],
    }
    assert store.work_sizes([]) == {}


def test_iter_records_pages_through_every_standard_as_its_record(store: Store) -> None:
    iso = excerpt("iso")
    save(store, *iso.values())
    seen = list(store.iter_records(batch=7))  # several pages, the last one short
    assert [i for i, _ in seen] == sorted({s.id or 0 for s in iso.values()})
    by_id = {s.id: s for s in iso.values()}
    for id_, record in seen:
        assert record == orjson.loads(orjson.dumps(standard_to_record(by_id[id_])))
    assert list(store.iter_records()) == seen
    assert [s.id for s in store.iter_standards(batch=7)] == [i for i, _ in seen]


def test_source_datasets_name_every_dataset_holding_an_edition(store: Store) -> None:
    iso, iec = excerpt("iso"), excerpt("iec")
    key = "ISO/IEC 27001:2022"
    assert key in iso and key in iec
    at = "2026-01-01T00:00:00+00:00"
    store.save_sources(
        [
            SourceRecord("iso", key, "h1", standard_to_record(iso[key]), at),
            SourceRecord("iec", key, "h2", standard_to_record(iec[key]), at),
            SourceRecord("iso", "ISO 9001:2015", "h3", standard_to_record(iso["ISO 9001:2015"]), at),
        ]
    )
    found = store.source_datasets([key, "ISO 9001:2015", "ISO 9001:1987"])
    assert {k: sorted(v) for k, v in found.items()} == {key: ["iec", "iso"], "ISO 9001:2015": ["iso"]}
    assert store.source_datasets([]) == {}


def test_relations_from_and_relation_ends_read_one_type(store: Store) -> None:
    gb, iso = excerpt("gb-sample"), excerpt("iso")
    save(store, gb["GB/T 19001-2008"], iso["ISO 9001:2008"], iso["ISO 9001:2015"])
    adopts = adoption("GB/T 19001-2008", "ISO 9001:2008", "ISO 9001")
    open_end = adoption("GB/T 22080-2016", "ISO/IEC 27001:2013", "ISO/IEC 27001")
    replaces = Relation("ISO 9001:2015", RelationType.REPLACES, "ISO 9001:2008", "ISO 9001:2008", None,
                        Evidence.DECLARED, "iso", target_work_key="ISO 9001", origin_key="ISO 9001:2015")  # fmt: skip
    store.replace_relations(
        [("gb-sample", "GB/T 19001-2008"), ("gb-sample", "GB/T 22080-2016"), ("iso", "ISO 9001:2015")],
        [adopts, open_end, replaces],
    )
    assert store.link_relations() == 1  # GB/T 22080-2016 is not stored
    gb_id, old_id, new_id = (s.id or 0 for s in (gb["GB/T 19001-2008"], iso["ISO 9001:2008"], iso["ISO 9001:2015"]))
    (found,) = store.relations_from([gb_id], RelationType.ADOPTS)
    assert (found.source_key, found.target_key, found.target_id, found.degree) == (
        "GB/T 19001-2008",
        "ISO 9001:2008",
        old_id,
        Degree.IDT,
    )
    assert store.relations_from([gb_id], RelationType.REPLACES) == []
    assert store.adoption_targets([gb_id, new_id]) == [(gb_id, old_id, "ISO 9001")]
    assert store.adoption_targets([gb_id]) == Store.adoption_targets(store, [gb_id])  # the interface's own answer
    assert [r.target_id for r in store.relations_from([new_id, gb_id], RelationType.REPLACES)] == [old_id]
    assert store.relations_from([old_id], RelationType.REPLACES) == []  # the target's side is not "from"
    assert sorted(store.relation_ends(RelationType.ADOPTS), key=str) == sorted(
        [(gb_id, old_id, "IDT"), (None, None, "IDT")], key=str
    )
    assert list(store.relation_ends(RelationType.REPLACES)) == [(new_id, old_id, None)]
    assert list(store.relation_ends(RelationType.EQUIVALENT)) == []


def test_link_relations_given_editions_closes_only_their_ends(store: Store) -> None:
    gb, iso = excerpt("gb-sample"), excerpt("iso")
    declared = [
        adoption("GB/T 19001-2008", "ISO 9001:2008", "ISO 9001"),
        adoption("GB/T 22080-2016", "ISO/IEC 27001:2013", "ISO/IEC 27001"),
        Relation("GB/T 22080-2016", RelationType.REPLACES, "GB/T 22080-2008", "GB/T 22080-2008", None,
                 Evidence.DECLARED, "gb-sample", target_work_key="GB/T 22080", origin_key="GB/T 22080-2016"),
    ]  # fmt: skip
    store.replace_relations([("gb-sample", "GB/T 19001-2008"), ("gb-sample", "GB/T 22080-2016")], declared)
    save(store, gb["GB/T 19001-2008"], iso["ISO 9001:2008"], gb["GB/T 22080-2016"])
    gb_19001, iso_9001, gb_22080 = (s.id for s in (gb["GB/T 19001-2008"], iso["ISO 9001:2008"], gb["GB/T 22080-2016"]))

    assert store.link_relations(["GB/T 19001-2008"]) == 0  # both ends of what it declared are stored
    assert [r.target_id for r in store.relations_from([gb_19001 or 0], RelationType.ADOPTS)] == [iso_9001]
    assert store.relations_touching([gb_22080 or 0], []) == []  # not in scope: still unlinked

    assert store.link_relations(["GB/T 22080-2016"]) == 2  # ISO/IEC 27001:2013 and GB/T 22080-2008 are missing
    assert {r.target_key for r in store.relations_from([gb_22080 or 0], RelationType.ADOPTS)} == {"ISO/IEC 27001:2013"}

    # an edition arriving later closes the ends that name it, though another edition declared them
    save(store, gb["GB/T 22080-2008"])
    assert store.link_relations(["GB/T 22080-2008"]) == 0  # it declared nothing
    (replaces,) = store.relations_from([gb_22080 or 0], RelationType.REPLACES)
    assert replaces.target_id == gb["GB/T 22080-2008"].id
    assert store.link_relations(["GB/T 22080-2016"]) == 1  # only the ISO/IEC 27001:2013 end is left
    assert store.link_relations([]) == 0
    assert store.link_relations() == 1


def test_class_children_walk_the_classification_in_code_order(store: Store) -> None:
    entries = [r.item for r in IcsImporter().read(bundled_path(IcsImporter.bundled_file)) if isinstance(r, Row)]
    store.save_classes([e for e in entries if isinstance(e, ClassEntry)])
    top = store.class_children("ICS", None)
    assert [e.code for e in top] == sorted(e.code for e in entries if isinstance(e, ClassEntry) and not e.parent)
    assert top[0].code == "01" and top[0].parent is None
    quality = store.class_children("ICS", "03.120")
    assert [e.code for e in quality] == ["03.120.01", "03.120.10", "03.120.20", "03.120.30", "03.120.99"]
    assert quality[1].titles["en"] == "Quality management and quality assurance"
    assert store.class_children("ICS", "03.120.10") == []  # a leaf
    assert store.class_children("CCS", None) == []  # one scheme at a time


def test_changed_since_names_the_editions_of_later_imports(store: Store) -> None:
    assert store.changed_since(0) == (-1, [])
    at = "2026-01-01T00:00:00+00:00"

    def imported(*keys: str) -> int:
        import_id = store.start_import("iso", "iso", "iso_catalog.jsonl", "00", at)
        store.save_events(import_id, [ChangeEvent(ChangeKind.CHANGED, k, k, at, {"fields": ["status"]}) for k in keys])
        store.finish_import(import_id, {"changed": len(keys)}, at)
        return import_id

    first = imported("ISO 9001:2015", "ISO 9001:2008", "ISO 9001:2015")
    second = imported("ISO 14001:2015")
    empty = imported()
    assert store.changed_since(0) == (empty, ["ISO 9001:2015", "ISO 9001:2008", "ISO 14001:2015"])
    assert store.changed_since(first) == (empty, ["ISO 14001:2015"])
    assert store.changed_since(second) == (empty, [])
    assert store.changed_since(empty) == (empty, [])


def test_decisions_are_kept_in_order_and_found_by_either_work(store: Store) -> None:
    jis, iso = excerpt("jis"), excerpt("iso")
    pair = (jis["JIS Q 9001:2015"], iso["ISO 9001:2015"])
    accepted = Decision(
        pair[0].edition_key,
        pair[1].edition_key,
        Verdict.ACCEPTED,
        "reviewer",
        "2026-02-01T00:00:00+00:00",
        Degree.IDT,
        "same text",
        pair[0].work_key,
        pair[1].work_key,
    )
    other = Decision("JIS Q 9000:2015", "ISO 14001:2015", Verdict.REJECTED, "reviewer", "2026-01-01T00:00:00+00:00",
                     source_work="JIS Q 9000", target_work="ISO 14001")  # fmt: skip
    store.save_decision(accepted)
    store.save_decision(other)
    assert store.decisions_about(["ISO 9001"]) == [accepted]
    assert store.decisions_about(["JIS Q 9001"]) == [accepted]
    assert store.decisions_about(["ISO 9001", "JIS Q 9000"]) == [other, accepted]  # oldest first
    assert store.decisions_about(["ISO 27001"]) == []

    undone = Decision(accepted.source_key, accepted.target_key, Verdict.REJECTED, "second reviewer",
                      "2026-03-01T00:00:00+00:00", None, None, accepted.source_work, accepted.target_work)  # fmt: skip
    store.save_decision(undone)  # the same pair: the later decision stands, the earlier one stays in the history
    assert store.decisions_about(["ISO 9001"]) == [undone]
    assert store.decision_history(["JIS Q 9001"]) == [accepted, undone]
    assert store.decision_history(["ISO 9001", "JIS Q 9000"]) == [other, accepted, undone]  # oldest first
    assert accepted.id is not None and other.id is not None and undone.id is not None
    assert accepted.id < other.id < undone.id


def test_revision_changes_with_every_import_and_decision(store: Store) -> None:
    at = "2026-01-01T00:00:00+00:00"
    seen = [store.revision()]
    assert seen[0] == (-1, 0)
    store.start_import("iso", "iso", "iso_catalog.jsonl", "00", at)
    seen.append(store.revision())
    decision = Decision("JIS Q 9001:2015", "ISO 9001:2015", Verdict.ACCEPTED, "reviewer", at, Degree.IDT,
                        source_work="JIS Q 9001", target_work="ISO 9001")  # fmt: skip
    store.save_decision(decision)
    seen.append(store.revision())
    store.save_decision(Decision(decision.source_key, decision.target_key, Verdict.REJECTED, "reviewer", at,
                                 source_work="JIS Q 9001", target_work="ISO 9001"))  # fmt: skip
    seen.append(store.revision())  # the same pair decided again is a new state too
    import_id = store.start_import("jis", "jis", "jis_catalog.jsonl", "01", at)
    seen.append(store.revision())
    assert len(set(seen)) == len(seen)
    assert seen[-1][0] == import_id


def test_revision_is_seen_by_another_connection(store: Store) -> None:
    assert isinstance(store, SqlStore)  # another process opens the same catalogue
    other = SqlStore(store.location)
    try:
        before = other.revision()
        store.start_import("iso", "iso", "iso_catalog.jsonl", "00", "2026-01-01T00:00:00+00:00")
        assert other.revision() != before
        store.save_decision(Decision("JIS Q 9001:2015", "ISO 9001:2015", Verdict.REJECTED, "reviewer", "2026"))
        assert other.revision() == store.revision()
    finally:
        other.close()


def test_replacement_relations_are_those_a_walk_a_step_at_a_time_meets(store: Store) -> None:
    # ISO 9001 from 1987 to 2015, 2000 also replacing ISO 9002:1994 (a split read backwards), and a junk relation
    # that closes a cycle (1987 "replaces" 2015): the store's reading (SQL: an index look-up a step) meets what the
    # interface's own walk meets, in both directions, as far as asked and no further
    editions = {year: iso_9001(year, Status.REPLACED) for year in (1987, 1994, 2000, 2008, 2015)}
    iso_9002 = dataclasses.replace(iso_9001(1994), identifier="ISO 9002:1994", edition_key="ISO 9002:1994",
                                   work_key="ISO 9002", number="9002")  # fmt: skip
    save(store, *editions.values(), iso_9002)

    def replaces(new: str, old: str, work: str = "ISO 9001") -> Relation:
        return Relation(new, RelationType.REPLACES, old, old, None, Evidence.DECLARED, "iso",
                        target_work_key=work, origin_key=new)  # fmt: skip

    chain = [replaces(f"ISO 9001:{new}", f"ISO 9001:{old}") for old, new in ((1987, 1994), (1994, 2000),
                                                                               (2000, 2008), (2008, 2015))]  # fmt: skip
    made = [*chain, replaces("ISO 9001:2000", "ISO 9002:1994", "ISO 9002"), replaces("ISO 9001:1987", "ISO 9001:2015")]
    store.replace_relations([("iso", r.source_key) for r in made], made)
    assert store.link_relations() == 0

    def met(relations: list[Relation]) -> list[tuple[str, str]]:
        return sorted((r.source_key, r.target_key) for r in relations)

    for start in [*editions.values(), iso_9002]:
        for forward in (True, False):
            for steps in (1, 2, 60):
                assert start.id is not None
                own = store.replacement_relations(start.id, forward=forward, steps=steps)
                assert met(own) == met(Store.replacement_relations(store, start.id, forward=forward, steps=steps))
    assert editions[2008].id is not None and iso_9002.id is not None
    assert met(store.replacement_relations(editions[2008].id, forward=False, steps=1)) == [
        ("ISO 9001:2008", "ISO 9001:2000")
    ]
    assert len(store.replacement_relations(iso_9002.id, forward=True, steps=60)) == 6  # every one, the cycle once
