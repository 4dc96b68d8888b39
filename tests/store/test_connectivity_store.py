"""The connectivity index's rows in the store (SQLite and PostgreSQL): the lean whole-catalogue reads (adoption
edges, dated fields of standards), the answers kept under a state of the catalogue, the saved groups. Real
identifiers: GB/T 19001-2016 adopts ISO 9001:2015 (IDT); KS Q ISO 9001:2015 adopts the undated ISO 9001; the days
each edition is in force (migration 0019) as writes move them: GB/T 4706.1-2024 replaces GB 4706.1-2005."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.store.test_contract import iso_9001

from stdbridge.analytics.groups import SavedGroup
from stdbridge.catalog.lifecycle import in_force_span, successors_of_each
from stdbridge.models import Degree, DocType, Evidence, Relation, RelationType, Standard, Status
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


def gb(identifier: str, work: str, year: int, published: str | None, implemented: str | None) -> Standard:
    """A record of ``tests/data/gb/gb_official.csv`` (no status given: the dates and successors decide)."""
    return Standard(identifier=identifier, edition_key=identifier, work_key=work, body="SAC", country="CN",
                    doctype=DocType.STANDARD, number=work.split(" ", 1)[1], year=year,
                    titles={"zh": "家用和类似用途电器的安全 第1部分：通用要求"}, status=Status.UNKNOWN,
                    published=published, implemented=implemented, dataset="gb")  # fmt: skip


def spans(store: Store, *standards: Standard) -> list[tuple[str, str] | None]:
    found = {row.id: row.span for row in store.edition_spans(s.id or 0 for s in standards)}
    return [found.get(s.id or 0, "no row") for s in standards]  # type: ignore[misc]


def test_the_days_in_force_follow_every_write(store: Store) -> None:
    # GB/T 4706.1-2024 (published 2024-07-24, in force from 2026-08-01) replaces GB 4706.1-2005, another work
    old = gb("GB 4706.1-2005", "GB 4706.1", 2005, None, None)
    new = gb("GB/T 4706.1-2024", "GB/T 4706.1", 2024, "2024-07-24", "2026-08-01")
    store.save_standards([old, new], [("GB470612005",), ("GBT470612024",)])
    # no status, no date and no successor: never in force (lifecycle's rules)
    assert spans(store, old, new) == [None, ("2026-08-01", "9999-12-31")]
    replaces = Relation("GB/T 4706.1-2024", RelationType.REPLACES, "GB 4706.1-2005", "GB 4706.1-2005", None,
                        Evidence.DECLARED, "gb", target_work_key="GB 4706.1",
                        origin_key="GB/T 4706.1-2024")  # fmt: skip
    store.replace_relations([("gb", "GB/T 4706.1-2024")], [replaces])
    assert spans(store, old) == [None]  # not linked yet: no successor
    store.link_relations(["GB/T 4706.1-2024"])  # the relation's source names the edition it replaced
    assert spans(store, old) == [("2005-01-01", "2026-08-01")]
    store.replace_relations([("gb", "GB/T 4706.1-2024")], [])  # the source no longer says so
    assert spans(store, old) == [None]
    with store.transaction():  # the writes of an import: worked out once, as it commits
        store.replace_relations([("gb", "GB/T 4706.1-2024")], [replaces])
        store.link_relations(["GB/T 4706.1-2024"])
    assert spans(store, old) == [("2005-01-01", "2026-08-01")]
    new.implemented = "2026-09-01"  # the successor's own date moves the edition it replaced
    store.save_standards([new], [("GBT470612024",)])
    assert spans(store, old, new) == [("2005-01-01", "2026-09-01"), ("2026-09-01", "9999-12-31")]
    # a later edition of the same work ends one whose source gives no status; ICS fields by their first digits
    iso_2008, iso_2015 = iso_9001(2008, Status.UNKNOWN), iso_9001(2015)
    iso_2015.ics = ("03.120.10", "03.100.70")
    store.save_standards([iso_2008], [("ISO90012008",)])
    assert spans(store, iso_2008) == [("2008-09-01", "9999-12-31")]
    store.save_standards([iso_2015], [("ISO90012015",)])
    assert spans(store, iso_2008, iso_2015) == [("2008-09-01", "2015-09-01"), ("2015-09-01", "9999-12-31")]
    assert [row.fields for row in store.edition_spans([iso_2015.id or 0])] == [("03",)]
    # every row is what the lifecycle works out from the records and their successors
    every = list(store.iter_standards())
    successors = successors_of_each(store, every)
    assert spans(store, *every) == [in_force_span(s, successors.get(s.id or 0, ())) for s in every]
