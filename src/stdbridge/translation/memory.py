"""The translation memory: matches for a segment (``MemoryLookup``), a translator's confirmed segments into their
personal memory, reviewed units into an organisation's or the platform's.

Who sees what: the platform's units everyone, an organisation's units its members, a personal unit its owner.

A lookup answers, best first:

- *in-context* (101): the unit's source is the segment's, and so are the sources of the segments before and after
  it where it was translated;
- *exact* (100): the source is the segment's (read from the store by the text's key, so a unit written a moment
  ago by another process is found);
- *fuzzy* (0-99, ``similarity.score``): the candidates of the process's index (``memory_index``) scored, with the
  differences to highlight.

A unit answers both ways: a zh→en unit matches an en→zh segment by its target; the match then carries the unit
turned round (its ``source`` the English text, ``target`` the Chinese, same ``id``, no neighbours).

The store is the truth and each process's index follows it: built from the store on the first lookup, it takes in
what any process wrote (``Store.memory_changes_since``) when a lookup comes ``refresh_interval`` seconds (1 s)
after its last look, so a unit confirmed on another node is found within a second or two. The process's memory
(``TranslationMemory.of``) keeps its built index on disk (``snapshot_location``), stamped with the change number it
covers: the next process loads it and takes in what changed since, instead of reading every unit again; a
snapshot that cannot be trusted is built again, never used.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import MEMORY_PROMOTE
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.runtime import now_iso as now
from stdbridge.store.base import Store
from stdbridge.translation.memory_index import MemoryIndex, UnusableSnapshot
from stdbridge.translation.model import Match, MatchKind, TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.similarity import differences, score

log = logging.getLogger(__name__)
_CANDIDATES = 40  # candidates of the index scored per lookup
_MEMBERSHIPS_KEPT = 30.0  # seconds a user's organisations are remembered


def turned(unit: TranslationUnit) -> TranslationUnit:
    """The unit read the other way round (target as source), same id."""
    return TranslationUnit(unit.target_lang, unit.source_lang, unit.target, unit.source, unit.scope, unit.origin,
                           unit.owner_id, None, None, unit.reference, unit.created_by, unit.created_at,
                           unit.id)  # fmt: skip


def snapshot_location(location: str) -> Path | None:
    """Where the process's memory index of the catalogue at ``location`` is kept between processes: beside a
    catalogue file (``catalog.db`` -> ``catalog.memory-index.npz``); for a server catalogue, in the cache folder
    configured by ``STDBRIDGE_CACHE_DIR`` (one file per server and database), nowhere when none is; None for a
    catalogue held in memory.

    >>> snapshot_location("sqlite:////data/catalog.db").as_posix()
    '/data/catalog.memory-index.npz'
    >>> snapshot_location("sqlite://") is None
    True
    """
    if location.startswith("sqlite"):
        path = location.partition(":///")[2].split("?")[0]
        if not path or path == ":memory:" or path.startswith("file::memory:"):
            return None
        file = Path(path).expanduser()
        return file.with_name(file.stem + ".memory-index.npz")
    configured = os.environ.get("STDBRIDGE_CACHE_DIR")
    if "://" not in location or not configured:
        return None
    server = urlsplit(location)
    parts = [server.hostname or "local", str(server.port or ""), server.path.strip("/")]
    name = "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", part) for part in parts if part)
    return Path(configured).expanduser() / f"memory-index-{name}.npz"


_PER_STORE: weakref.WeakKeyDictionary[Store, TranslationMemory] = weakref.WeakKeyDictionary()
_PER_STORE_LOCK = threading.Lock()


class TranslationMemory:
    """The memory of a store: ``TranslationMemory.of(store)`` gives the process's one (it holds the index, built
    at the first lookup); ``TranslationMemory(store)`` a new one."""

    @classmethod
    def of(cls, store: Store) -> TranslationMemory:
        """This process's memory of ``store``, made at the first call."""
        with _PER_STORE_LOCK:
            found = _PER_STORE.get(store)
            if found is None:
                found = _PER_STORE[store] = cls(store, snapshot=snapshot_location(store.location))
            return found

    def __init__(self, store: Store, *, refresh_interval: float = 1.0, snapshot: Path | None = None) -> None:
        self.store = store
        self.refresh_interval = refresh_interval
        self.snapshot = snapshot  # where the built index is kept between processes (None: nowhere)
        self.index = MemoryIndex()
        self._seen: int | None = None  # the store's change number the index has taken in; None: not built
        self._looked = 0.0
        self._lock = threading.Lock()
        self._memberships: dict[int, tuple[float, tuple[int, ...]]] = {}

    # the index ------------------------------------------------------------------------------------
    def build(self) -> int:
        """Index every unit of the store afresh; returns how many."""
        with self._lock:
            self._build()
        self.refresh(force=True)  # what was written while the build read
        return len(self.index)

    def _build(self) -> None:
        index = MemoryIndex()
        seen = self.store.memory_seq()
        batch: list[TranslationUnit] = []
        for unit in self.store.iter_units(batch=20_000):
            batch.append(unit)
            if len(batch) >= 20_000:
                index.add(batch, merge=False)
                batch = []
        index.add(batch, merge=False)
        index.merge()
        self.index, self._seen, self._looked = index, seen, time.monotonic()
        if self.snapshot is not None:
            self.index.save(self.snapshot, seen, self.store.location)

    def _loaded(self) -> bool:
        """Take the index saved in ``snapshot`` and what the store changed since it was saved; False (nothing
        taken) when there is none, or it cannot be trusted: of another catalogue or format, unreadable, newer
        than the store, not holding as many units as the store once caught up, or units of other texts than the
        store's (a sample of them read again)."""
        if self.snapshot is None:
            return False
        try:
            index, seen = MemoryIndex.load(self.snapshot, self.store.location)
            if seen > self.store.memory_seq():
                raise UnusableSnapshot(f"{self.snapshot}: newer than the catalogue's memory")
            latest, changed, removed = self.store.memory_changes_since(seen)
            index.remove(removed)
            index.add(changed)
            if len(index) != sum(self.store.memory_figures().values()):
                raise UnusableSnapshot(f"{self.snapshot}: does not hold the catalogue's units")
            sampled = index.sample()
            read = self.store.units_by_ids(sampled)
            if len(read) != len(sampled) or not all(index.indexed_as(unit) for unit in read.values()):
                raise UnusableSnapshot(f"{self.snapshot}: its units are not the catalogue's (a database made again?)")
        except UnusableSnapshot as unusable:
            log.info("translation memory index built again: %s", unusable)
            return False
        self.index, self._seen, self._looked = index, latest, time.monotonic()
        if len(changed) + len(removed) > max(10_000, len(index) // 10):  # much caught up: keep that too
            self.index.save(self.snapshot, latest, self.store.location)
        return True

    def refresh(self, *, force: bool = False) -> int:
        """Take in what the store's memory changed since the index last looked (loading the saved index, else
        building it, the first time); how many units changed."""
        if not force and self._seen is not None and time.monotonic() - self._looked < self.refresh_interval:
            return 0
        with self._lock:
            if self._seen is None and not self._loaded():  # the process's first lookup (unless another thread's)
                self._build()
            if not force and time.monotonic() - self._looked < self.refresh_interval:
                return 0
            assert self._seen is not None
            self._looked = time.monotonic()
            latest, changed, removed = self.store.memory_changes_since(self._seen)
            self.index.remove(removed)
            self.index.add(changed)
            self._seen = latest
        return len(changed) + len(removed)

    def organisations_of(self, user_id: int | None) -> tuple[int, ...]:
        if user_id is None:
            return ()
        kept = self._memberships.get(user_id)
        if kept is not None and time.monotonic() - kept[0] < _MEMBERSHIPS_KEPT:
            return kept[1]
        found = tuple(o.id for o in self.store.organisations_of(user_id) if o.id is not None)
        self._memberships[user_id] = (time.monotonic(), found)
        return found

    # lookups --------------------------------------------------------------------------------------
    def matches(self, source: str, source_lang: str, target_lang: str, *, user_id: int | None = None,
                previous: str | None = None, following: str | None = None, minimum: int = 50,
                limit: int = 5) -> list[Match]:  # fmt: skip
        """The best matches for ``source``, best first (see the module's docstring)."""
        self.refresh()
        organisations = self.organisations_of(user_id)

        def visible(unit: TranslationUnit) -> bool:
            if unit.scope is UnitScope.PLATFORM:
                return True
            if unit.scope is UnitScope.ORGANISATION:
                return unit.owner_id in organisations
            return user_id is not None and unit.owner_id == user_id

        found: dict[int, Match] = {}
        text = source.strip()
        for unit in self.store.units_with_text(source, source_lang, target_lang):
            if not visible(unit) or unit.id is None:
                continue
            forward = unit.source_lang == source_lang and unit.source.strip() == text
            side = unit if unit.source_lang == source_lang else turned(unit)
            if forward and _in_context(unit, previous, following):
                found[unit.id] = Match(side, 101, MatchKind.IN_CONTEXT)
            elif side.source.strip() == text:
                found[unit.id] = Match(side, 100, MatchKind.EXACT)
        candidates = self.index.candidates(source, source_lang, target_lang, user_id=user_id,
                                           organisations=organisations, limit=_CANDIDATES)  # fmt: skip
        wanted = [c for c in candidates if c.unit_id not in found]
        units = self.store.units_by_ids(c.unit_id for c in wanted) if wanted else {}
        for candidate in wanted:
            read = units.get(candidate.unit_id)
            if read is None or not visible(read):  # deleted or moved since the index looked
                continue
            side = turned(read) if candidate.reversed else read
            points = score(text, side.source.strip())
            if points >= minimum:
                kind = MatchKind.EXACT if points == 100 else MatchKind.FUZZY
                found[candidate.unit_id] = Match(side, points, kind, differences(text, side.source.strip()))
        ranked = sorted(found.values(), key=_rank)
        answer: list[Match] = []
        given: set[tuple[str, str]] = set()
        for match in ranked:  # one match per source and translation: the closest scope first
            key = (match.unit.source.strip(), match.unit.target.strip())
            if key not in given:
                given.add(key)
                answer.append(match)
        return answer[:limit]

    # writing --------------------------------------------------------------------------------------
    def add(self, units: Sequence[TranslationUnit]) -> int:
        """Add units to the store (in the caller's transaction, if any) and to this process's index; how many were
        new. The caller checks who may (``confirm`` and ``promote`` do)."""
        for unit in units:
            _check(unit)
        added = self.store.add_units(units)
        if self._seen is not None:
            self.index.add(units)
        return added

    def confirm(self, actor: Actor, source: str, target: str, source_lang: str, target_lang: str, *,
                previous: str | None = None, following: str | None = None,
                reference: str | None = None) -> TranslationUnit:  # fmt: skip
        """A translator's confirmed segment into their personal memory (needs ``contributor``)."""
        require(actor, Role.CONTRIBUTOR)
        if actor.user_id is None:
            raise UsageError(_("only a signed-in user has a personal translation memory"))
        unit = TranslationUnit(source_lang, target_lang, source, target, UnitScope.PERSONAL, UnitOrigin.CONFIRMED,
                               actor.user_id, previous, following, reference, actor.user_id, now())  # fmt: skip
        self.add([unit])
        return unit

    def promote(
        self, actor: Actor, unit_id: int, scope: UnitScope, organisation_id: int | None = None
    ) -> TranslationUnit:
        """After review: copy a unit into an organisation's (``organisation_id``) or the platform's memory (needs
        ``editor``; the audit log records it)."""
        require(actor, Role.EDITOR)
        if scope is UnitScope.PERSONAL:
            raise UsageError(_("a unit is promoted into an organisation's or the platform's memory"))
        if (scope is UnitScope.ORGANISATION) != (organisation_id is not None):
            raise UsageError(_("name the organisation of an organisation's memory, and only then"))
        with self.store.transaction():
            found = self.store.promote_unit(unit_id, scope, organisation_id, UnitOrigin.REVIEWED)
            if found is None:
                raise UsageError(_("there is no translation unit {id}").format(id=unit_id))
            promoted = found
            audit.record(self.store, actor.name, actor.user_id, MEMORY_PROMOTE, f"memory unit {unit_id}", None,
                         {"unit": promoted.id, "scope": scope.value, "organisation": organisation_id})  # fmt: skip
        if self._seen is not None:
            self.index.add([promoted])
        return promoted

    def delete(self, actor: Actor, unit_ids: Iterable[int]) -> int:
        """Delete units of the actor's personal memory (their own only)."""
        require(actor, Role.CONTRIBUTOR)
        ids = list(unit_ids)
        units = self.store.units_by_ids(ids)
        for unit_id in ids:
            unit = units.get(unit_id)
            if unit is None or unit.scope is not UnitScope.PERSONAL or unit.owner_id != actor.user_id:
                raise UsageError(_("translation unit {id} is not in your personal memory").format(id=unit_id))
        gone = self.store.delete_units(ids)
        self.index.remove(ids)
        return gone


def unit_json(unit: TranslationUnit) -> dict[str, object]:
    return {"id": unit.id, "source_lang": unit.source_lang, "target_lang": unit.target_lang, "source": unit.source,
            "target": unit.target, "scope": unit.scope.value, "origin": unit.origin.value, "owner_id": unit.owner_id,
            "reference": unit.reference, "created_at": unit.created_at}  # fmt: skip


def match_json(match: Match) -> dict[str, object]:
    """A match as the API and ``stdbridge memory lookup --json`` give it."""
    return {"score": match.score, "kind": match.kind.value, "unit": unit_json(match.unit),
            "differences": [{"op": d.op, "segment": d.segment_text, "unit": d.unit_text}
                            for d in match.differences]}  # fmt: skip


def _in_context(unit: TranslationUnit, previous: str | None, following: str | None) -> bool:
    """The neighbours where the unit was translated are the segment's (at least one of them known)."""
    before, after = (previous or "").strip(), (following or "").strip()
    if not before and not after:
        return False
    return (unit.previous or "").strip() == before and (unit.following or "").strip() == after


_SCOPE_ORDER = {UnitScope.PERSONAL: 0, UnitScope.ORGANISATION: 1, UnitScope.PLATFORM: 2}


def _rank(match: Match) -> tuple[int, int, int]:
    return (-match.score, _SCOPE_ORDER[match.unit.scope], match.unit.id or 0)


def _check(unit: TranslationUnit) -> None:
    if not unit.source.strip() or not unit.target.strip():
        raise UsageError(_("a translation unit needs a source and a target text"))
    if unit.source_lang == unit.target_lang:
        raise UsageError(_("a translation unit's languages differ: {lang} twice").format(lang=unit.source_lang))
    if (unit.scope is UnitScope.PLATFORM) != (unit.owner_id is None):
        raise UsageError(_("a platform unit has no owner; a personal or organisation unit has one"))
