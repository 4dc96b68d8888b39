"""Seeding the platform's memory from the catalogue's bilingual titles and the lexicon's glossary: once, however
often it runs, recorded in the audit log, and only by an editor."""

from __future__ import annotations

import pytest

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.audit.entry import MEMORY_SEED, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden
from stdbridge.language.lexicon import Lexicon
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import MatchKind, UnitOrigin, UnitScope
from stdbridge.translation.seeding import seed


def test_the_platform_memory_is_seeded_once(catalog: Catalog) -> None:
    store = catalog.store
    memory = TranslationMemory(store)
    glossary = len(Lexicon.bundled().entries("G"))
    done = seed(memory, LOCAL_ADMIN)
    # the GB excerpt holds five records with both titles; GB/T 19000-2008 and -2016 share their Chinese title
    assert done.offered == {"catalogue-title": 5, "lexicon": glossary} and done.added == 5 + glossary
    again = seed(memory, LOCAL_ADMIN)
    assert again.added == 0 and store.count_units(UnitScope.PLATFORM) == 5 + glossary
    [entry] = store.audit_entries(AuditQuery(action=MEMORY_SEED))
    assert entry.after == {"offered": done.offered, "added": done.added}
    titles = memory.matches("信息技术 安全技术 信息安全管理体系 要求", "zh", "en")
    assert (titles[0].score, titles[0].unit.reference, titles[0].unit.origin) == (
        100, "GB/T 22080-2016", UnitOrigin.CATALOGUE_TITLE)  # fmt: skip
    [term] = [m for m in memory.matches("通用要求", "zh", "en") if m.kind is MatchKind.EXACT]
    assert (term.unit.target, term.unit.origin) == ("general requirements", UnitOrigin.LEXICON)
    # and the other way round: the English title finds its Chinese one
    [back] = memory.matches("Quality management systems - Fundamentals and vocabulary", "en", "zh", limit=1)
    assert (back.score, back.unit.target) == (100, "质量管理体系 基础和术语")


def test_only_an_editor_seeds(catalog: Catalog) -> None:
    memory = TranslationMemory(catalog.store)
    contributor = Actor(5, "translator", frozenset({Role.READER, Role.CONTRIBUTOR}), signed_in=True)
    with pytest.raises(Forbidden):
        seed(memory, contributor)
    assert catalog.store.count_units() == 0
