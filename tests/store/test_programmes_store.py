"""The programmes' part of the Store contract (programmes, parties, members, entries), on SQLite and PostgreSQL.
The pairs are from tests/data/excerpts/gb_records.jsonl (GB/T 24001-1996 adopts ISO 14001:1996 IDT; GB/T 22080-2016
adopts ISO/IEC 27001:2013 IDT)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest

from stdbridge.errors import UsageError
from stdbridge.recognition.model import (
    Assessment,
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    EntryState,
    Member,
    MemberRole,
    Origin,
    Party,
    Programme,
    RelationKind,
    Scope,
    Stage,
    Step,
    Visibility,
)
from stdbridge.store import SqlStore, Store

AT = "2026-12-04T09:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def _programme(store: Store, slug: str = "cn-iso-ems") -> Programme:
    programme = Programme(
        None, slug, {"en": "Environmental management", "zh": "环境管理"},
        (Party("CN", "China", "zh", ("SAC",)), Party("ISO", "ISO", "en", ("ISO", "IEC"))),
        Scope(ics=("13.020", "35.040"), committees=("ISO/TC 207",)), ConsensusRule(Fraction(3, 4), 3, 4), 7,
        visibility=Visibility.MEMBERS, review_period_months=36, created_at=AT,
    )  # fmt: skip
    with store.transaction():
        store.add_programme(programme)
    return programme


def _entries(programme_id: int) -> list[Entry]:
    ems = Entry(None, programme_id,
                (EntryStandard("CN", "GB/T 24001-1996", "GB/T 24001-1996"),
                 EntryStandard("ISO", "ISO 14001:1996", "ISO 14001:1996")),
                EntryDegree.IDT, Origin.DECLARED, Basis.ADOPTION,
                evidence=("GB/T 24001-1996 adopts ISO 14001:1996 IDT",),
                created_at=AT)  # fmt: skip
    isms = Entry(None, programme_id,
                 (EntryStandard("CN", "GB/T 22080-2016", "GB/T 22080-2016"),
                  EntryStandard("ISO", "ISO/IEC 27001:2013", "ISO/IEC 27001:2013")),
                 EntryDegree.MOD, Origin.SUGGESTED, Basis.ASSESSMENT, kind=RelationKind.RECOGNISED,
                 assessment=Assessment("equivalent with changes", "clause-by-clause comparison",
                                       ("Li Wei", "Aiko Sato")),
                 score=0.82, product_class="information security", transition_from="2026-01-01",
                 transition_until="2027-12-31", created_at=AT)  # fmt: skip
    return [ems, isms]


def test_programmes_are_kept_with_parties_scope_and_rule(store: Store) -> None:
    assert store.list_programmes() == []
    programme = _programme(store)
    assert programme.id is not None
    found = store.programme_by_slug("cn-iso-ems")
    assert found == programme and found.rule.share == Fraction(3, 4) and found.parties[0].bodies == ("SAC",)
    assert store.programme_by_id(programme.id) == programme and store.programme_by_slug("nope") is None
    with pytest.raises(UsageError, match="already a programme named 'cn-iso-ems'"):
        _programme(store)
    programme.step = Step.COMPARISON
    programme.parties = (*programme.parties, Party("RU", "Russia", "ru", ("GOST R",)))
    programme.scope = Scope(product_classes=("masks", "gloves"))
    with store.transaction():
        store.update_programme(programme)
    again = store.programme_by_id(programme.id)
    assert again is not None and again.step is Step.COMPARISON
    assert [p.code for p in again.parties] == ["CN", "ISO", "RU"]
    assert again.scope.product_classes == ("masks", "gloves") and again.scope.ics == ()
    _programme(store, "jis-iso-25")
    assert [p.slug for p in store.list_programmes()] == ["cn-iso-ems", "jis-iso-25"]


def test_members_are_added_changed_and_removed(store: Store) -> None:
    programme = _programme(store)
    assert programme.id is not None
    with store.transaction():
        assert not store.save_member(Member(programme.id, 7, MemberRole.COORDINATOR, None, "en"))
        assert not store.save_member(Member(programme.id, 8, MemberRole.EXPERT, "CN", "zh"))
        assert store.save_member(Member(programme.id, 8, MemberRole.EXPERT, "ISO", "ru"))
    assert store.members_of(programme.id) == [Member(programme.id, 7, MemberRole.COORDINATOR, None, "en"),
                                              Member(programme.id, 8, MemberRole.EXPERT, "ISO", "ru")]  # fmt: skip
    assert store.memberships_of(8) == [Member(programme.id, 8, MemberRole.EXPERT, "ISO", "ru")]
    assert store.remove_member(programme.id, 8) and not store.remove_member(programme.id, 8)
    assert [m.user_id for m in store.members_of(programme.id)] == [7]


def test_entries_are_kept_filtered_counted_and_found_by_the_standards_they_name(store: Store) -> None:
    programme = _programme(store)
    other = _programme(store, "jis-iso-25")
    assert programme.id is not None and other.id is not None
    ems, isms = _entries(programme.id)
    elsewhere = _entries(other.id)[0]
    with store.transaction():
        store.add_entries([ems, isms, elsewhere])
    assert ems.id and isms.id and elsewhere.id and len({ems.id, isms.id, elsewhere.id}) == 3
    found = store.entries_by_id([isms.id, ems.id])
    assert found == {ems.id: ems, isms.id: isms}
    assert found[isms.id].assessment == Assessment("equivalent with changes", "clause-by-clause comparison",
                                                   ("Li Wei", "Aiko Sato"))  # fmt: skip
    page, total = store.entries_of(programme.id)
    assert page == [ems, isms] and total == 2
    assert store.entries_of(programme.id, origin=Origin.SUGGESTED) == ([isms], 1)
    assert store.entries_of(programme.id, edition_key="ISO 14001:1996") == ([ems], 1)
    assert store.entries_of(programme.id, limit=1, offset=1) == ([isms], 2)
    ems.state, ems.stage, ems.degree = EntryState.SETTLED, Stage.SHARING, EntryDegree.IDT
    ems.needs_review = "ISO 14001:1996 was replaced by ISO 14001:2004"
    with store.transaction():
        store.update_entry(ems)
    assert store.entries_of(programme.id, needs_review=True) == ([ems], 1)
    assert store.entries_of(programme.id, needs_review=False) == ([isms], 1)
    assert store.entries_of(programme.id, state=EntryState.SETTLED, stage=Stage.SHARING) == ([ems], 1)
    assert [e.id for e in store.entries_naming(["ISO 14001:1996", "GB/T 19001-2016"])] == [ems.id, elsewhere.id]
    counts = store.entry_counts(programme.id)
    assert counts["stage"] == {"sharing": 1, "recognition": 1} and counts["needs_review"] == {"flagged": 1}
    assert counts["origin"] == {"declared": 1, "suggested": 1}
