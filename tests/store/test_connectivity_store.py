"""The connectivity index's rows in the store (SQLite and PostgreSQL): the lean whole-catalogue reads (adoption
edges, dated fields of standards), the answers kept under a state of the catalogue, the saved groups. Real
identifiers: GB/T 19001-2016 adopts ISO 9001:2015 (IDT); KS Q ISO 9001:2015 adopts the undated ISO 9001."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.store.test_contract import iso_9001

from stdbridge.analytics.groups import SavedGroup
from stdbridge.models import Degree, Evidence, Relation, RelationType, Status
from stdbridge.store import SqlStore, Store

AT = "2026-12-04T20:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def test_the_edges_and_dated_fields_are_read_lean(store: Store) -> None:
    old, new = iso_9001(2008, Status.REPLACED), iso_9001(2015)
    new.implemented, new.ics = "2015-09-15", ("03.120.10",)
    store.save_standards([old, new], [("ISO90012008",), ("ISO90012015",)])
    adoptions = [
        Relation("GB/T 19001-2016", RelationType.ADOPTS, "ISO 9001:2015", "ISO 9001:2015", Degree.IDT,
                 Evidence.DECLARED, "gb", target_work_key="ISO 9001", origin_key="GB/T 19001-2016"),
        Relation("KS Q ISO 9001:2015", RelationType.ADOPTS, "ISO 9001", "ISO 9001", Degree.IDT, Evidence.IDENTIFIER,
                 "ks", target_work_key="ISO 9001", origin_key="KS Q ISO 9001:2015"),
    ]  # fmt: skip
    store.replace_relations([("gb", "GB/T 19001-2016"), ("ks", "KS Q ISO 9001:2015")], adoptions)
    store.link_relations()
    assert store.relation_edges(RelationType.ADOPTS) == []  # neither source is held
    gb, ks = iso_9001(2016), iso_9001(2017)  # stand-ins for the adopting records, saved under their keys
    for standard, key in ((gb, "GB/T 19001-2016"), (ks, "KS Q ISO 9001:2015")):
        standard.identifier = standard.edition_key = key
        standard.work_key = key.rsplit("-", 1)[0].rsplit(":", 1)[0]
    store.save_standards([gb, ks], [("GBT190012016",), ("KSQISO90012015",)])
    store.link_relations()
    edges = sorted(store.relation_edges(RelationType.ADOPTS), key=lambda e: e[2])
    assert edges == [(ks.id, None, "ISO 9001", "ISO 9001", "IDT"), (gb.id, new.id, "ISO 9001:2015", "ISO 9001", "IDT")]
    dated = store.dated_standards([new.id or 0, old.id or 0, 999_999])
    assert set(dated) == {new.id, old.id}
    read = dated[new.id or 0]
    assert (read.identifier, read.work_key, read.status, read.published, read.implemented, read.ics) == (
        "ISO 9001:2015", "ISO 9001", Status.IN_FORCE, "2015-09", "2015-09-15", ("03.120.10",))  # fmt: skip
    assert read.imported_at is not None and dated[old.id or 0].status == Status.REPLACED


def test_answers_are_kept_per_state_and_groups_per_owner(store: Store) -> None:
    store.keep_answer("pair CN ISO", "1:2", {"points": [1]}, AT)
    store.keep_answer("matrix", "1:2", {"cells": []}, AT)
    assert store.kept_answer("pair CN ISO", "1:2") == {"points": [1]}
    assert store.kept_answer("pair CN ISO", "1:3") is None  # another state of the catalogue
    store.keep_answer("pair CN ISO", "1:3", {"points": [2]}, AT)  # the earlier state's answers go
    assert store.count_kept_answers() == 1 and store.kept_answer("matrix", "1:2") is None
    store.drop_kept_answers()
    assert store.count_kept_answers() == 0
    shared = SavedGroup("BRI partners", ["country:CN", "country:RU", "country:KZ"], None, "editor", AT)
    mine = SavedGroup("East Asia", ["country:CN", "country:JP", "country:KR"], 7, "Li Wei", AT)
    for group in (shared, mine):
        store.save_group(group)
    assert shared.id and mine.id and store.group_by_id(mine.id) == mine
    assert [g.name for g in store.groups_seen_by(7)] == ["BRI partners", "East Asia"]
    assert [g.name for g in store.groups_seen_by(8)] == ["BRI partners"]
    assert [g.name for g in store.groups_seen_by(None)] == ["BRI partners"]
    mine.members = ["country:CN", "country:JP"]
    store.save_group(mine)
    assert store.group_by_id(mine.id) == mine
    store.remove_group(mine.id)
    assert store.group_by_id(mine.id) is None
