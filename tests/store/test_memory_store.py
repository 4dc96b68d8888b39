"""The translation memory's rows in every store (SQLite and PostgreSQL): units kept once, read by id, text, owner
and page, counted, deleted, promoted, and the change numbers a process's index follows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.translation.memory_cases import gb_title_units

from stdbridge.store import SqlStore, Store
from stdbridge.translation.model import UnitOrigin, UnitScope


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def test_units_are_kept_once_and_read_back(store: Store) -> None:
    units = gb_title_units()
    assert store.memory_seq() == 0
    assert store.add_units(units) == 5
    again = gb_title_units()
    assert store.add_units(again) == 0  # seeding again keeps one row each
    assert [u.id for u in again] == [u.id for u in units]
    assert store.count_units() == 5 and store.count_units(UnitScope.PLATFORM) == 5
    found = store.units_by_ids([units[2].id or 0, 999])
    assert list(found) == [units[2].id]
    unit = found[units[2].id or 0]
    assert (unit.source, unit.target, unit.scope, unit.origin, unit.reference) == (
        "信息技术 安全技术 信息安全管理体系 要求",
        "Information technology -- Security techniques -- Information security management systems -- Requirements",
        UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE, "GB/T 22080-2016",
    )  # fmt: skip
    assert store.memory_figures() == {"platform/zh-en": 5}


def test_units_are_found_by_their_text_either_way(store: Store) -> None:
    store.add_units(gb_title_units())
    # GB/T 19000-2008 and -2016 share the Chinese title; their English titles differ by a dash
    both = store.units_with_text("质量管理体系  基础和术语", "zh", "en")
    assert [u.reference for u in both] == ["GB/T 19000-2008", "GB/T 19000-2016"]
    back = store.units_with_text("Quality management systems - Fundamentals and vocabulary", "en", "zh")
    assert [u.reference for u in back] == ["GB/T 19000-2008"]
    assert store.units_with_text("质量管理体系 基础和术语", "zh", "fr") == []


def test_owners_see_their_own_pages_and_counts(store: Store) -> None:
    store.add_units(gb_title_units())
    store.add_units(gb_title_units(UnitScope.PERSONAL, 7)[:3])
    store.add_units(gb_title_units(UnitScope.ORGANISATION, 2)[:2])
    assert store.count_units(UnitScope.PERSONAL, 7) == 3 and store.count_units(UnitScope.PERSONAL, 8) == 0
    assert store.count_units(UnitScope.ORGANISATION, 2) == 2 and store.count_units() == 10
    page = store.units_of(UnitScope.PERSONAL, 7, offset=1, limit=5)
    assert [u.reference for u in page] == ["GB/T 17626.2-2018", "GB/T 22080-2016"]
    assert len(list(store.iter_units(batch=3))) == 10
    assert [u.reference for u in store.iter_units(batch=2, scope=UnitScope.ORGANISATION, owner_id=2)] == [
        "GB/T 24001-1996", "GB/T 17626.2-2018"
    ]  # fmt: skip
    assert store.units_of(UnitScope.PLATFORM, None, source_lang="en") == []


def test_changes_are_numbered_for_the_index_to_follow(store: Store) -> None:
    units = gb_title_units()
    store.add_units(units[:2])
    first = store.memory_seq()
    assert first > 0
    latest, changed, removed = store.memory_changes_since(0)
    assert latest == first and {u.id for u in changed} == {u.id for u in units[:2]} and removed == []
    assert store.memory_changes_since(latest) == (latest, [], [])
    store.add_units(units[2:4])
    assert store.delete_units([units[0].id or 0, 12345]) == 1
    promoted = store.promote_unit(units[1].id or 0, UnitScope.ORGANISATION, 3, UnitOrigin.REVIEWED)
    assert promoted is not None and promoted.id not in (None, units[1].id)
    latest, changed, removed = store.memory_changes_since(first)
    assert latest == store.memory_seq() > first
    assert {u.id for u in changed} == {units[2].id, units[3].id, promoted.id}
    assert removed == [units[0].id]
    assert store.units_by_ids([units[1].id or 0])[units[1].id or 0].scope is UnitScope.PLATFORM  # kept
    assert store.promote_unit(999, UnitScope.PLATFORM, None, UnitOrigin.REVIEWED) is None
