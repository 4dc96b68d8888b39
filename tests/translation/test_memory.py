"""The translation memory's lookups on real titles (the GB sample excerpts): exact, in-context, fuzzy with scores
and differences, both directions, who sees which units, and a second process's index following the first's
writes; confirming and promoting, refused without the role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.translation.memory_cases import gb_title_units

from stdbridge.accounts.records import Organisation, OrganisationKind, User
from stdbridge.accounts.roles import Actor, Role
from stdbridge.audit.entry import MEMORY_PROMOTE, AuditQuery
from stdbridge.errors import Forbidden, UsageError
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.memory_index import MemoryIndex
from stdbridge.translation.model import Difference, MatchKind, UnitScope
from stdbridge.translation.similarity import score

ISMS_ZH = "信息技术 安全技术 信息安全管理体系 要求"
ISMS_EN = "Information technology -- Security techniques -- Information security management systems -- Requirements"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    s = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    s.add_units(gb_title_units())
    yield s
    s.close()


def translator(store: SqlStore, name: str, *roles: Role) -> Actor:
    user = User(name, roles=frozenset(roles))
    store.add_user(user)
    assert user.id is not None
    return Actor(user.id, name, frozenset(roles), signed_in=True)


def test_an_exact_match_scores_100_and_in_context_101(store: SqlStore) -> None:
    memory = TranslationMemory(store, refresh_interval=0)
    [exact] = memory.matches(ISMS_ZH, "zh", "en")
    assert (exact.score, exact.kind, exact.unit.target) == (100, MatchKind.EXACT, ISMS_EN)
    actor = translator(store, "translator", Role.CONTRIBUTOR)
    memory.confirm(
        actor,
        "质量管理体系 基础和术语",
        "Quality management systems — Fundamentals and vocabulary",
        "zh",
        "en",
        previous="前言",
        following="1 范围",
    )
    found = memory.matches("质量管理体系 基础和术语", "zh", "en", user_id=actor.user_id, previous="前言",
                           following="1 范围", limit=10)  # fmt: skip
    assert [(m.score, m.kind, m.unit.scope) for m in found] == [
        (101, MatchKind.IN_CONTEXT, UnitScope.PERSONAL), (100, MatchKind.EXACT, UnitScope.PLATFORM),
        (100, MatchKind.EXACT, UnitScope.PLATFORM)]  # fmt: skip
    # another translator does not see the personal unit
    assert [m.score for m in memory.matches("质量管理体系 基础和术语", "zh", "en", user_id=99)] == [100, 100]


def test_a_fuzzy_match_has_a_score_people_trust_and_its_differences(store: SqlStore) -> None:
    memory = TranslationMemory(store, refresh_interval=0)
    [fuzzy] = memory.matches("环境管理体系 要求及使用指南", "zh", "en")
    # two characters of thirteen replaced (规范 -> 要求): 11/13 of the characters stay
    assert (fuzzy.score, fuzzy.kind, fuzzy.unit.source) == (84, MatchKind.FUZZY, "环境管理体系 规范及使用指南")
    assert fuzzy.differences == (
        Difference("equal", "环境管理体系 ", "环境管理体系 "),
        Difference("replace", "要求", "规范"),
        Difference("equal", "及使用指南", "及使用指南"),
    )
    # English is counted in words: "Requirements" dropped, 8 of 9 words stay (88), one point for the dashes; the
    # zh→en unit answers an en→zh segment turned round
    [back] = memory.matches(ISMS_EN.replace(" -- Requirements", ""), "en", "zh")
    assert (back.score, back.unit.source, back.unit.target) == (87, ISMS_EN, ISMS_ZH)
    assert memory.matches("电气设备的安全", "zh", "en") == []


def test_punctuation_whitespace_and_case_cost_a_point_each() -> None:
    assert score(ISMS_EN, ISMS_EN) == 100
    assert score(ISMS_EN.replace(" -- ", " - "), ISMS_EN) == 99  # punctuation
    assert score(ISMS_ZH.replace(" ", "  "), ISMS_ZH) == 99  # whitespace
    assert score(ISMS_EN.lower(), ISMS_EN) == 99  # case
    assert score("<g1>" + ISMS_ZH + "</g1>", ISMS_ZH) == 99  # tags
    assert score("信息技术 安全技术 信息安全管理体系 要求。", ISMS_ZH) == 99
    assert score("质量管理体系 要求", ISMS_ZH) < 50


def test_who_sees_which_units(store: SqlStore) -> None:
    memory = TranslationMemory(store, refresh_interval=0)
    member = translator(store, "member", Role.CONTRIBUTOR)
    outsider = translator(store, "outsider", Role.CONTRIBUTOR)
    editor = translator(store, "editor", Role.CONTRIBUTOR, Role.EDITOR)
    organisation = Organisation("SAC/TC 260", OrganisationKind.STANDARDS_BODY, "CN")
    store.add_organisation(organisation)
    assert organisation.id is not None
    store.add_membership(member.user_id or 0, organisation.id)
    text = "电磁兼容 试验和测量技术 射频电磁场辐射抗扰度试验"
    unit = memory.confirm(member, text, "Electromagnetic compatibility - Testing and measurement techniques - "
                          "Radiated, radio-frequency, electromagnetic field immunity test", "zh", "en")  # fmt: skip
    assert [m.score for m in memory.matches(text, "zh", "en", user_id=member.user_id)][:1] == [100]
    assert [m.score for m in memory.matches(text, "zh", "en", user_id=outsider.user_id)] == [73]  # GB/T 17626.2
    with pytest.raises(Forbidden):
        memory.promote(member, unit.id or 0, UnitScope.ORGANISATION, organisation.id)
    promoted = memory.promote(editor, unit.id or 0, UnitScope.ORGANISATION, organisation.id)
    assert promoted.scope is UnitScope.ORGANISATION and promoted.owner_id == organisation.id
    [entry] = store.audit_entries(AuditQuery(action=MEMORY_PROMOTE))
    assert entry.actor_name == "editor" and entry.after == {"unit": promoted.id, "scope": "organisation",
                                                             "organisation": organisation.id}  # fmt: skip
    assert [m.score for m in memory.matches(text, "zh", "en", user_id=outsider.user_id)] == [73]
    memory.promote(editor, unit.id or 0, UnitScope.PLATFORM)
    assert [m.score for m in memory.matches(text, "zh", "en", user_id=outsider.user_id)] == [100, 73]
    with pytest.raises(UsageError, match="organisation"):
        memory.promote(editor, unit.id or 0, UnitScope.ORGANISATION)


def test_confirming_needs_a_contributor(store: SqlStore) -> None:
    memory = TranslationMemory(store)
    reader = translator(store, "reader", Role.READER)
    with pytest.raises(Forbidden):
        memory.confirm(reader, ISMS_ZH, ISMS_EN, "zh", "en")
    assert store.count_units(UnitScope.PERSONAL, reader.user_id) == 0


def test_another_process_finds_a_unit_confirmed_a_moment_ago(store: SqlStore, tmp_path: Path) -> None:
    here = TranslationMemory(store, refresh_interval=0)
    elsewhere_store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")  # another process's connection
    elsewhere = TranslationMemory(elsewhere_store, refresh_interval=0)
    text = "信息技术 安全技术 信息安全控制"
    assert [m.score for m in here.matches(text, "zh", "en")] == [66]  # GB/T 22080 only
    actor = translator(elsewhere_store, "translator", Role.CONTRIBUTOR)
    elsewhere.confirm(actor, text, "Information security, cybersecurity and privacy protection - "
                      "Information security controls", "zh", "en")  # fmt: skip
    admin = Actor(None, "local", frozenset(Role), signed_in=False)
    elsewhere.promote(admin, elsewhere_store.units_of(UnitScope.PERSONAL, actor.user_id)[0].id or 0,
                      UnitScope.PLATFORM)  # fmt: skip
    # the fuzzy index of this process takes it in at its next lookup
    found = here.matches("信息技术 安全技术 信息安全控制措施", "zh", "en")
    assert (found[0].score, found[0].unit.source) == (87, text)
    deleted = elsewhere_store.units_of(UnitScope.PLATFORM, None, offset=5)[0]
    elsewhere_store.delete_units([deleted.id or 0])
    assert deleted.source == text  # the unit just promoted, deleted by the other process
    assert [m.unit.source for m in here.matches(text, "zh", "en")] == [ISMS_ZH]
    assert deleted.id not in here.index.documents
    elsewhere_store.close()


def test_the_index_finds_units_before_and_after_a_merge_and_forgets_removed_ones(store: SqlStore) -> None:
    units = list(store.iter_units())
    index = MemoryIndex()
    index.add(units[:3])  # in the delta
    index.add(units[3:], merge=False)  # aside until the merge
    query = "信息技术 安全技术 信息安全管理体系"

    def found(text: str, lang: str = "zh", other: str = "en") -> list[tuple[str | None, bool]]:
        """The candidates' records, and whether their target side matched, best first."""
        hits = index.candidates(text, lang, other, user_id=None, organisations=())
        by_id = {u.id: u for u in units}
        return [(by_id[c.unit_id].reference, c.reversed) for c in hits]

    # the three units in the delta: GB/T 24001, 17626.2 and 22080 share grams with the query, 22080 most
    assert found(query) == [("GB/T 22080-2016", False), ("GB/T 24001-1996", False), ("GB/T 17626.2-2018", False)]
    english = [r for r, _reversed in found("Quality management systems", "en", "zh")]
    assert english == ["GB/T 22080-2016", "GB/T 24001-1996"]  # GB/T 19000 is aside until the merge
    index.merge()
    assert found("Quality management systems", "en", "zh")[:2] == [("GB/T 19000-2008", True), ("GB/T 19000-2016", True)]
    assert found(query)[0] == ("GB/T 22080-2016", False)
    index.remove([units[2].id or 0])
    index.merge()
    assert "GB/T 22080-2016" not in [r for r, _reversed in found(query)] and len(index) == 4
    assert found(query, "zh", "fr") == []
