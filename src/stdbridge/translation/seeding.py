"""Seeding the platform's translation memory from what stdbridge holds.

- the catalogue: every record with a Chinese and an English title gives a zh→en unit (origin ``catalogue-title``,
  reference the record's identifier): the GB sample records, and any other record holding both;
- the lexicon's glossary of standardization vocabulary (source "G", reviewed by hand for stdbridge): each Chinese
  term with its first English equivalent (origin ``lexicon``).

The termbases in the shared data (IEC Electropedia, ISO/TC 211 glossary) are not seeded: SOURCES.md says their
licence is not cleared ("dev/tests only"), so their pairs do not go into a memory that is served and exported.
A termbase whose licence allows it is imported as TMX or through the termbase (``stdbridge memory import``).

Seeding again adds only what is new: a unit is kept once (``Store.add_units``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import MEMORY_SEED
from stdbridge.language.lexicon import Lexicon
from stdbridge.runtime import now_iso as now
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

_BATCH = 5000


@dataclass(frozen=True, slots=True)
class Seeded:
    """What a seeding found (units offered per origin) and how many were new to the memory."""

    offered: dict[str, int]
    added: int


def catalogue_units(memory: TranslationMemory) -> Iterator[TranslationUnit]:
    """A zh→en unit per catalogue record with both titles."""
    at = now()
    for standard in memory.store.iter_standards():
        zh, en = (standard.titles.get("zh") or "").strip(), (standard.titles.get("en") or "").strip()
        if zh and en:
            yield TranslationUnit("zh", "en", zh, en, UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE,
                                  reference=standard.identifier, created_at=at)  # fmt: skip


def glossary_units(lexicon: Lexicon) -> Iterator[TranslationUnit]:
    """A zh→en unit per term of the lexicon's glossary, with its first English equivalent."""
    at = now()
    for chinese, english in lexicon.entries("G"):
        if english and english[0].strip():
            yield TranslationUnit("zh", "en", chinese, english[0].strip(), UnitScope.PLATFORM, UnitOrigin.LEXICON,
                                  reference="stdbridge glossary", created_at=at)  # fmt: skip


def seed(memory: TranslationMemory, actor: Actor, lexicon: Lexicon | None = None) -> Seeded:
    """Seed the platform's memory (needs ``editor``; the audit log records it when anything was added)."""
    require(actor, Role.EDITOR)
    offered: dict[str, int] = {}
    added = 0
    store = memory.store
    with store.transaction():
        for origin, units in ((UnitOrigin.CATALOGUE_TITLE, catalogue_units(memory)),
                              (UnitOrigin.LEXICON, glossary_units(lexicon or Lexicon.bundled()))):  # fmt: skip
            batch: list[TranslationUnit] = []
            for unit in units:
                batch.append(unit)
                offered[origin.value] = offered.get(origin.value, 0) + 1
                if len(batch) >= _BATCH:
                    added += memory.add(batch)
                    batch = []
            added += memory.add(batch) if batch else 0
        if added:
            audit.record(store, actor.name, actor.user_id, MEMORY_SEED, "translation memory platform", None,
                         {"offered": offered, "added": added})  # fmt: skip
    return Seeded(offered, added)
