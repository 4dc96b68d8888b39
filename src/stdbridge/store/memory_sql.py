"""The translation memory's tables (migration 0011) and their rows in ``SqlStore``.

``memory_units`` holds one row per ``TranslationUnit`` (``stdbridge.translation.model``). ``digest`` (SHA-256 of
the scope, owner, languages, source and target) is unique, so that adding a unit twice (seeding again, importing
the same TMX again) keeps one row. ``source_key`` / ``target_key`` hash the normalised texts: the exact matches are
read by them, in either direction.

Every write takes the next value of the ``memory`` counter (its row stays locked until the transaction commits, so
the values are taken in commit order) and stamps it on the rows it adds or changes (``seq``), and on the ids it
deletes (``memory_removed``). A process's fuzzy index (``translation.memory``) asks for what changed after the last
value it took in (``memory_changes_since``) and so follows what any process of any node wrote.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Column, Connection, Index, Integer, MetaData, String, Table, Text, delete, func, or_, select

from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

memory_metadata = MetaData()

memory_units = Table(
    "memory_units",
    memory_metadata,
    Column("id", Integer, primary_key=True),
    Column("source_lang", String, nullable=False),
    Column("target_lang", String, nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("scope", String, nullable=False),
    Column("owner_id", Integer),
    Column("origin", String, nullable=False),
    Column("previous", Text),
    Column("following", Text),
    Column("reference", Text),
    Column("created_by", Integer),
    Column("created_at", String, nullable=False),
    Column("digest", String, nullable=False, unique=True),
    Column("source_key", String, nullable=False),
    Column("target_key", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Index("ix_memory_units_source_key", "source_key"),
    Index("ix_memory_units_target_key", "target_key"),
    Index("ix_memory_units_owner", "scope", "owner_id"),
    Index("ix_memory_units_seq", "seq"),
)

memory_removed = Table(
    "memory_removed",
    memory_metadata,
    Column("unit_id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False, index=True),
)

MEMORY_COUNTER = "memory"  # the row of ``counters`` that numbers the memory's writes
_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


def text_key(text: str) -> str:
    """The key of a text for exact matching: NFC, inner whitespace runs as one space, no outer whitespace."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode()).hexdigest()[:32]


def unit_digest(unit: TranslationUnit) -> str:
    """What makes two units one: the same scope and owner, languages, source and target."""
    parts = (unit.scope.value, str(unit.owner_id or ""), unit.source_lang, unit.target_lang,
             " ".join(unit.source.split()), " ".join(unit.target.split()))  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _row(unit: TranslationUnit, seq: int) -> dict[str, Any]:
    return {"source_lang": unit.source_lang, "target_lang": unit.target_lang, "source": unit.source,
            "target": unit.target, "scope": unit.scope.value, "owner_id": unit.owner_id,
            "origin": unit.origin.value, "previous": unit.previous, "following": unit.following,
            "reference": unit.reference, "created_by": unit.created_by, "created_at": unit.created_at or "",
            "digest": unit_digest(unit), "source_key": text_key(unit.source), "target_key": text_key(unit.target),
            "seq": seq}  # fmt: skip


def _unit(r: Any) -> TranslationUnit:
    return TranslationUnit(r.source_lang, r.target_lang, r.source, r.target, UnitScope(r.scope), UnitOrigin(r.origin),
                           r.owner_id, r.previous, r.following, r.reference, r.created_by, r.created_at or None,
                           r.id)  # fmt: skip


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MemoryRows:
    """The translation memory's part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _bulk(self, conn: Connection, statement: Any, rows: Sequence[dict[str, Any]]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _memory_seq(self, conn: Connection) -> int:
        from stdbridge.store.sql import _count  # the locked counter of store.sql: commit order

        return _count(conn, MEMORY_COUNTER)

    def add_units(self, units: Sequence[TranslationUnit]) -> int:
        if not units:
            return 0
        with self._connect() as conn:
            seq = self._memory_seq(conn)
            rows: dict[str, dict[str, Any]] = {}
            for unit in units:
                row = _row(unit, seq)
                rows.setdefault(row["digest"], row)
            if conn.dialect.name == "postgresql":
                found, added = self._insert_returning(conn, rows)
            else:
                found, added = self._insert_then_read(conn, rows)
        for unit in units:
            unit.id = found[unit_digest(unit)]
        return added

    def _insert_then_read(self, conn: Connection, rows: dict[str, dict[str, Any]]) -> tuple[dict[str, int], int]:
        """SQLite: the rows not there yet, with the driver's executemany compiled once (``SqlStore._bulk``)."""
        found = self._ids_of(conn, list(rows))
        new = [row for digest, row in rows.items() if digest not in found]
        self._bulk(conn, memory_units.insert(), new)
        found.update(self._ids_of(conn, [r["digest"] for r in new]))
        return found, len(new)

    def _insert_returning(self, conn: Connection, rows: dict[str, dict[str, Any]]) -> tuple[dict[str, int], int]:
        """PostgreSQL: ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` (1,000 rows a statement), then the ids of
        the rows that were there already. Reading back what this transaction wrote would be planned with the
        statistics of before it (a sequential scan per chunk of keys)."""
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(memory_units).on_conflict_do_nothing(index_elements=["digest"])
        returned = conn.execute(statement.returning(memory_units.c.digest, memory_units.c.id), list(rows.values()))
        found = {str(d): int(i) for d, i in returned}
        added = len(found)
        found.update(self._ids_of(conn, [d for d in rows if d not in found]))
        return found, added

    @staticmethod
    def _ids_of(conn: Connection, digests: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(digests):
            query = select(memory_units.c.digest, memory_units.c.id).where(memory_units.c.digest.in_(chunk))
            found.update((d, int(i)) for d, i in conn.execute(query))
        return found

    def units_by_ids(self, ids: Iterable[int]) -> dict[int, TranslationUnit]:
        found: dict[int, TranslationUnit] = {}
        with self._read() as conn:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                found.update(
                    (r.id, _unit(r)) for r in conn.execute(select(memory_units).where(memory_units.c.id.in_(chunk)))
                )
        return found

    def units_with_text(self, text: str, lang: str, other_lang: str) -> list[TranslationUnit]:
        key = text_key(text)
        forward = (
            (memory_units.c.source_key == key)
            & (memory_units.c.source_lang == lang)
            & (memory_units.c.target_lang == other_lang)
        )
        backward = (
            (memory_units.c.target_key == key)
            & (memory_units.c.target_lang == lang)
            & (memory_units.c.source_lang == other_lang)
        )
        with self._read() as conn:
            rows = conn.execute(select(memory_units).where(or_(forward, backward)).order_by(memory_units.c.id))
            return [_unit(r) for r in rows]

    def units_of(self, scope: UnitScope, owner_id: int | None, *, offset: int = 0, limit: int = 100,
                 source_lang: str | None = None, target_lang: str | None = None) -> list[TranslationUnit]:  # fmt: skip
        query = select(memory_units).where(*self._owned(scope, owner_id, source_lang, target_lang))
        with self._read() as conn:
            rows = conn.execute(query.order_by(memory_units.c.id).offset(offset).limit(limit))
            return [_unit(r) for r in rows]

    def count_units(self, scope: UnitScope | None = None, owner_id: int | None = None) -> int:
        query = select(func.count()).select_from(memory_units)
        if scope is not None:
            query = query.where(*self._owned(scope, owner_id, None, None))
        with self._read() as conn:
            return int(conn.execute(query).scalar() or 0)

    def memory_figures(self) -> dict[str, int]:
        key = memory_units.c.scope + "/" + memory_units.c.source_lang + "-" + memory_units.c.target_lang
        query = select(key, func.count()).group_by(key).order_by(key)
        with self._read() as conn:
            return {str(k): int(n) for k, n in conn.execute(query)}

    @staticmethod
    def _owned(scope: UnitScope, owner_id: int | None, source_lang: str | None, target_lang: str | None) -> list[Any]:
        where = [memory_units.c.scope == scope.value]
        if scope is not UnitScope.PLATFORM:
            where.append(memory_units.c.owner_id == owner_id)
        if source_lang is not None:
            where.append(memory_units.c.source_lang == source_lang)
        if target_lang is not None:
            where.append(memory_units.c.target_lang == target_lang)
        return where

    def iter_units(self, *, after_id: int = 0, batch: int = 5000, scope: UnitScope | None = None,
                   owner_id: int | None = None, source_lang: str | None = None,
                   target_lang: str | None = None) -> Iterator[TranslationUnit]:  # fmt: skip
        where = [] if scope is None else self._owned(scope, owner_id, source_lang, target_lang)
        last = after_id
        while True:
            query = select(memory_units).where(memory_units.c.id > last, *where).order_by(memory_units.c.id)
            with self._read() as conn:
                page = [_unit(r) for r in conn.execute(query.limit(batch))]
            yield from page
            if len(page) < batch:
                return
            last = page[-1].id or 0

    def delete_units(self, ids: Iterable[int]) -> int:
        wanted = list(dict.fromkeys(ids))
        gone = 0
        with self._connect() as conn:
            seq = self._memory_seq(conn)
            for chunk in _chunks(wanted):
                there = [
                    int(i)
                    for i in conn.execute(select(memory_units.c.id).where(memory_units.c.id.in_(chunk))).scalars()
                ]
                if not there:
                    continue
                conn.execute(delete(memory_units).where(memory_units.c.id.in_(there)))
                conn.execute(delete(memory_removed).where(memory_removed.c.unit_id.in_(there)))
                conn.execute(memory_removed.insert(), [{"unit_id": i, "seq": seq} for i in there])
                gone += len(there)
        return gone

    def promote_unit(
        self, unit_id: int, scope: UnitScope, owner_id: int | None, origin: UnitOrigin
    ) -> TranslationUnit | None:
        found = self.units_by_ids([unit_id]).get(unit_id)
        if found is None:
            return None
        promoted = TranslationUnit(found.source_lang, found.target_lang, found.source, found.target, scope, origin,
                                   owner_id, found.previous, found.following, found.reference, found.created_by,
                                   found.created_at)  # fmt: skip
        self.add_units([promoted])
        return promoted

    def memory_changes_since(self, seq: int) -> tuple[int, list[TranslationUnit], list[int]]:
        with self._read() as conn:
            latest = int(conn.execute(select(func.max(memory_units.c.seq))).scalar() or 0)
            removed_latest = int(conn.execute(select(func.max(memory_removed.c.seq))).scalar() or 0)
            latest = max(latest, removed_latest)
            if latest <= seq:
                return seq, [], []
            query = (select(memory_units).where(memory_units.c.seq > seq, memory_units.c.seq <= latest)
                     .order_by(memory_units.c.seq, memory_units.c.id))  # fmt: skip
            changed = [_unit(r) for r in conn.execute(query)]
            removed_query = select(memory_removed.c.unit_id).where(memory_removed.c.seq > seq,
                                                                    memory_removed.c.seq <= latest)  # fmt: skip
            removed = [int(i) for i in conn.execute(removed_query).scalars()]
        return latest, changed, removed

    def memory_seq(self) -> int:
        with self._read() as conn:
            units_latest = conn.execute(select(func.max(memory_units.c.seq))).scalar() or 0
            removed_latest = conn.execute(select(func.max(memory_removed.c.seq))).scalar() or 0
            return max(int(units_latest), int(removed_latest))
