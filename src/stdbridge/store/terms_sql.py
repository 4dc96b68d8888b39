"""The termbase's tables (migration 0012) and their rows in ``SqlStore``: concepts, and their terms by language.

The records are ``stdbridge.translation.model``'s ``Concept`` and ``Term``. A concept's definitions (by language) are
kept as JSON; each term is a row with its language, status, place among the concept's terms and a search key (the
term lower-cased, NFKC), so that terms are found by prefix or by a part of their text in any language.
``changed_at`` is stamped on every write, so that a termbase held in memory for recognition knows when to reload
(``termbase_stamp``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    update,
)

from stdbridge.translation.model import Concept, Term, TermStatus, UnitScope

term_metadata = MetaData()

term_concepts = Table(
    "term_concepts",
    term_metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", String, nullable=False),
    Column("owner_id", Integer),
    Column("definitions", Text, nullable=False),  # JSON {lang: definition}
    Column("source", Text),
    Column("domain", String),
    Column("origin", String, index=True),
    Column("changed_at", String, nullable=False),
)

term_entries = Table(
    "term_entries",
    term_metadata,
    Column("id", Integer, primary_key=True),
    Column("concept_id", Integer, ForeignKey("term_concepts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("lang", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("search_key", Text, nullable=False, index=True),
)

_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters
MATCHES = ("exact", "prefix", "contains")


def search_key(text: str) -> str:
    """The form a term is searched under: NFKC (full-width to half-width), lower-case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _concept_row(concept: Concept, changed_at: str) -> dict[str, Any]:
    return {"scope": concept.scope.value, "owner_id": concept.owner_id,
            "definitions": orjson.dumps(concept.definitions).decode(), "source": concept.source,
            "domain": concept.domain, "origin": concept.origin, "changed_at": changed_at}  # fmt: skip


def _term_rows(concept: Concept) -> list[dict[str, Any]]:
    return [{"concept_id": concept.id, "position": i, "lang": t.lang, "text": t.text, "status": t.status.value,
             "search_key": search_key(t.text)} for i, t in enumerate(concept.terms)]  # fmt: skip


def visible_to(user_id: int | None, organisation_ids: Sequence[int]) -> Any:
    """The condition on ``term_concepts`` of what a user sees: the platform's concepts, their own, and their
    organisations'; nobody signed in sees the platform's only."""
    seen = [term_concepts.c.scope == UnitScope.PLATFORM.value]
    if user_id is not None:
        seen.append(and_(term_concepts.c.scope == UnitScope.PERSONAL.value, term_concepts.c.owner_id == user_id))
    if organisation_ids:
        seen.append(and_(term_concepts.c.scope == UnitScope.ORGANISATION.value,
                         term_concepts.c.owner_id.in_(list(organisation_ids))))  # fmt: skip
    return or_(*seen)


class TermRows:
    """The termbase's part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def add_concepts(self, concepts: Sequence[Concept], changed_at: str) -> None:
        with self._connect() as conn:
            for concept in concepts:
                key = conn.execute(
                    insert(term_concepts).values(**_concept_row(concept, changed_at))
                ).inserted_primary_key
                assert key is not None
                concept.id = int(key[0])
            rows = [row for concept in concepts for row in _term_rows(concept)]
            for start in range(0, len(rows), _CHUNK):
                conn.execute(insert(term_entries), rows[start : start + _CHUNK])
            self._set_term_ids(conn, concepts)

    def _set_term_ids(self, conn: Connection, concepts: Sequence[Concept]) -> None:
        by_id = {c.id: c for c in concepts}
        ids = list(by_id)
        for start in range(0, len(ids), _CHUNK):
            query = select(term_entries.c.id, term_entries.c.concept_id, term_entries.c.position).where(
                term_entries.c.concept_id.in_(ids[start : start + _CHUNK])
            )
            for r in conn.execute(query):
                by_id[r.concept_id].terms[r.position].id = int(r.id)

    def update_concept(self, concept: Concept, changed_at: str) -> bool:
        assert concept.id is not None
        with self._connect() as conn:
            query = update(term_concepts).where(term_concepts.c.id == concept.id)
            if not conn.execute(query.values(**_concept_row(concept, changed_at))).rowcount:
                return False
            conn.execute(delete(term_entries).where(term_entries.c.concept_id == concept.id))
            conn.execute(insert(term_entries), _term_rows(concept))
            self._set_term_ids(conn, [concept])
        return True

    def delete_concept(self, concept_id: int) -> bool:
        with self._connect() as conn:
            conn.execute(delete(term_entries).where(term_entries.c.concept_id == concept_id))
            return bool(conn.execute(delete(term_concepts).where(term_concepts.c.id == concept_id)).rowcount)

    def _concepts(self, conn: Connection, rows: Sequence[Any]) -> list[Concept]:
        terms: dict[int, list[Term]] = {}
        ids = [r.id for r in rows]
        for start in range(0, len(ids), _CHUNK):
            query = (select(term_entries).where(term_entries.c.concept_id.in_(ids[start : start + _CHUNK]))
                     .order_by(term_entries.c.concept_id, term_entries.c.position))  # fmt: skip
            for t in conn.execute(query):
                terms.setdefault(t.concept_id, []).append(Term(t.lang, t.text, TermStatus(t.status), int(t.id)))
        return [Concept(terms.get(r.id, []), orjson.loads(r.definitions), r.source, r.domain, UnitScope(r.scope),
                        r.owner_id, r.origin, int(r.id)) for r in rows]  # fmt: skip

    def concepts_by_id(self, concept_ids: Iterable[int]) -> dict[int, Concept]:
        ids = list(dict.fromkeys(concept_ids))
        found: dict[int, Concept] = {}
        with self._connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                query = select(term_concepts).where(term_concepts.c.id.in_(ids[start : start + _CHUNK]))
                found.update((int(c.id), c) for c in self._concepts(conn, conn.execute(query).all()) if c.id)
        return found

    def find_concepts(self, text: str, *, lang: str | None = None, match: str = "prefix",
                      user_id: int | None = None, organisation_ids: Sequence[int] = (),
                      limit: int = 50) -> list[Concept]:  # fmt: skip
        key = search_key(text)
        if match not in MATCHES:
            raise ValueError(f"match is one of {MATCHES}, not {match!r}")
        column = term_entries.c.search_key
        if match == "exact":
            found = column == key
        else:
            found = column.like(("%" if match == "contains" else "") + _like(key) + "%", escape="\\")
        where = [found, visible_to(user_id, organisation_ids)] if key else [false()]
        if lang is not None:
            where.append(term_entries.c.lang == lang)
        # shortest term first: an exact hit before the longer terms it begins
        query = (select(term_entries.c.concept_id, func.min(func.length(column)).label("shortest"))
                 .select_from(term_entries.join(term_concepts, term_concepts.c.id == term_entries.c.concept_id))
                 .where(*where).group_by(term_entries.c.concept_id)
                 .order_by("shortest", term_entries.c.concept_id).limit(limit))  # fmt: skip
        with self._connect() as conn:
            ids = [int(r.concept_id) for r in conn.execute(query)]
        concepts = self.concepts_by_id(ids)
        return [concepts[i] for i in ids if i in concepts]

    def iter_concepts(self, *, scope: UnitScope | None = None, owner_id: int | None = None,
                      origin: str | None = None, batch: int = 2000) -> Iterator[Concept]:  # fmt: skip
        where: list[Any] = []
        if scope is not None:
            where.append(term_concepts.c.scope == scope.value)
        if owner_id is not None:
            where.append(term_concepts.c.owner_id == owner_id)
        if origin is not None:
            where.append(term_concepts.c.origin == origin)
        after = 0
        while True:
            query = (select(term_concepts).where(term_concepts.c.id > after, *where)
                     .order_by(term_concepts.c.id).limit(batch))  # fmt: skip
            with self._connect() as conn:
                rows = conn.execute(query).all()
                if not rows:
                    return
                concepts = self._concepts(conn, rows)
            yield from concepts
            after = int(rows[-1].id)

    def count_concepts(self, *, origin: str | None = None) -> int:
        query = select(func.count()).select_from(term_concepts)
        if origin is not None:
            query = query.where(term_concepts.c.origin == origin)
        with self._connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def termbase_stamp(self) -> tuple[int, int, str]:
        query = select(func.count(), func.coalesce(func.max(term_concepts.c.id), 0),
                       func.coalesce(func.max(term_concepts.c.changed_at), ""))  # fmt: skip
        with self._connect() as conn:
            row = conn.execute(query).one()
        return int(row[0]), int(row[1]), str(row[2])
