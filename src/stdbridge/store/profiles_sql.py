"""The country profiles' table (migration 0017) and its rows in ``SqlStore``: the facts of the profiles that the
catalogue cannot compute, one a row with its source and date (``stdbridge.profiles.facts``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import Column, Connection, Index, Integer, MetaData, String, Table, Text, delete, insert, select, update

from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS
from stdbridge.models import LinkEnds, RelationType
from stdbridge.profiles.model import ProfileFact
from stdbridge.store.connectivity_sql import one_of
from stdbridge.store.tables import relations, standards

profile_metadata = MetaData()
_TYPES = {t.value: t for t in RelationType}

profile_facts = Table(
    "profile_facts",
    profile_metadata,
    Column("id", Integer, primary_key=True),
    Column("country", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("value", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("date", String, nullable=False),
    Column("updated_by", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Index("ix_profile_facts_country", "country", "kind"),
)


def _fact(row: Any) -> ProfileFact:
    return ProfileFact(row.country, row.kind, row.value, row.source, row.date, row.id, row.updated_by,
                       row.updated_at)  # fmt: skip


def _row(fact: ProfileFact) -> dict[str, Any]:
    return {"country": fact.country, "kind": fact.kind, "value": fact.value, "source": fact.source,
            "date": fact.date, "updated_by": fact.updated_by, "updated_at": fact.updated_at}  # fmt: skip


class ProfileRows:
    """``SqlStore``'s profile facts (``Store``'s methods of that section)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    # what a profile reads of a country's many records and their relations, without making them whole
    def countries_of(self, ids: Iterable[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        with self._read() as conn:
            for condition, chunk in one_of(conn, standards.c.id, sorted(set(ids))):
                found.update(conn.execute(select(standards.c.id, standards.c.country).where(condition), chunk).all())
        return found

    def link_ends_touching(self, ids: Iterable[int], types: Sequence[RelationType]) -> list[LinkEnds]:
        wanted, kinds = sorted(set(ids)), [t.value for t in types]
        columns = (relations.c.id, relations.c.type, relations.c.source_id, relations.c.target_id,
                   relations.c.degree, relations.c.target_text)  # fmt: skip
        found: dict[int, LinkEnds] = {}
        with self._read() as conn:
            for end in (relations.c.source_id, relations.c.target_id):
                for condition, chunk in one_of(conn, end, wanted):
                    query = select(*columns).where(condition, relations.c.type.in_(kinds))
                    for rid, kind, source, target, degree, text in conn.execute(query, chunk).all():
                        found[rid] = LinkEnds(_TYPES[kind], source, target, degree, text)
        return [found[rid] for rid in sorted(found)]

    def foreign_versions_of(self, ids: Iterable[int]) -> dict[int, tuple[str, list[dict[str, Any]]]]:
        found: dict[int, tuple[str, list[dict[str, Any]]]] = {}
        # only the records whose text names the key are parsed: few records list foreign versions
        named = standards.c.record.like(f'%"{FOREIGN_VERSIONS}"%')
        with self._read() as conn:
            for condition, chunk in one_of(conn, standards.c.id, sorted(set(ids))):
                query = select(standards.c.id, standards.c.body, standards.c.record).where(condition, named)
                for sid, body, record in conn.execute(query, chunk).all():
                    versions = (orjson.loads(record).get("extra") or {}).get(FOREIGN_VERSIONS)
                    if versions:
                        found[int(sid)] = (str(body), list(versions))
        return found

    def profile_facts(self, country: str | None = None) -> list[ProfileFact]:
        query = select(profile_facts).order_by(profile_facts.c.country, profile_facts.c.kind, profile_facts.c.id)
        if country is not None:
            query = query.where(profile_facts.c.country == country)
        with self._read() as conn:
            return [_fact(r) for r in conn.execute(query)]

    def profile_fact(self, fact_id: int) -> ProfileFact | None:
        with self._read() as conn:
            row = conn.execute(select(profile_facts).where(profile_facts.c.id == fact_id)).first()
        return _fact(row) if row is not None else None

    def add_profile_facts(self, facts: Sequence[ProfileFact]) -> None:
        with self._connect() as conn:
            for fact in facts:
                query = insert(profile_facts).values(**_row(fact)).returning(profile_facts.c.id)
                fact.id = int(conn.execute(query).scalar_one())

    def update_profile_fact(self, fact: ProfileFact) -> None:
        with self._connect() as conn:
            conn.execute(update(profile_facts).where(profile_facts.c.id == fact.id).values(**_row(fact)))

    def delete_profile_fact(self, fact_id: int) -> bool:
        with self._connect() as conn:
            return bool(conn.execute(delete(profile_facts).where(profile_facts.c.id == fact_id)).rowcount)
