"""The programmes' tables (migration 0008) and their rows in ``SqlStore``: mutual-recognition programmes, their
parties and members, and the entries of their draft catalogues with one row per party's standard.

The records are ``stdbridge.recognition.model``'s; a programme's title and scope, an entry's assessment and
evidence are kept as JSON, the consensus rule's share as a fraction's text (``2/3``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from fractions import Fraction
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from stdbridge.errors import UsageError
from stdbridge.i18n import _
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

programme_metadata = MetaData()

programmes = Table(
    "programmes",
    programme_metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("rule_share", String, nullable=False),
    Column("rule_min_answers", Integer, nullable=False),
    Column("rule_max_rounds", Integer, nullable=False),
    Column("coordinator_id", Integer),
    Column("step", String, nullable=False),
    Column("visibility", String, nullable=False),
    Column("review_period_months", Integer),
    Column("signing_key_id", String),
    Column("created_at", String, nullable=False),
)

programme_parties = Table(
    "programme_parties",
    programme_metadata,
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", String, nullable=False),
    Column("language", String, nullable=False),
    Column("bodies", Text, nullable=False),
)

programme_members = Table(
    "programme_members",
    programme_metadata,
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, primary_key=True),
    Column("role", String, nullable=False),
    Column("party", String),
    Column("language", String, nullable=False),
)

programme_entries = Table(
    "programme_entries",
    programme_metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("proposed", String, nullable=False),
    Column("origin", String, nullable=False),
    Column("basis", String, nullable=False),
    Column("state", String, nullable=False),
    Column("stage", String, nullable=False),
    Column("degree", String),
    Column("kind", String),
    Column("assessment", Text),
    Column("score", Float),
    Column("evidence", Text, nullable=False),
    Column("product_class", String),
    Column("differences", Text, nullable=False),
    Column("transition_from", String),
    Column("transition_until", String),
    Column("needs_review", Text),
    Column("rounds_taken", Integer, nullable=False),
    Column("created_at", String, nullable=False),
    Column("positions", Text),  # JSON (migration 0009): the positions held, for an entry that reached no consensus
)

entry_standards = Table(
    "entry_standards",
    programme_metadata,
    Column("entry_id", Integer, ForeignKey("programme_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("party", String, primary_key=True),
    Column("edition_key", String, nullable=False, index=True),
    Column("identifier", String, nullable=False),
)

_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _programme_row(p: Programme) -> dict[str, Any]:
    scope = {"ics": list(p.scope.ics), "committees": list(p.scope.committees), "standards": list(p.scope.standards),
             "product_classes": list(p.scope.product_classes)}  # fmt: skip
    return {"slug": p.slug, "title": _json(p.title), "scope": _json(scope), "rule_share": str(p.rule.share),
            "rule_min_answers": p.rule.min_answers, "rule_max_rounds": p.rule.max_rounds,
            "coordinator_id": p.coordinator_id, "step": p.step.value, "visibility": p.visibility.value,
            "review_period_months": p.review_period_months, "signing_key_id": p.signing_key_id,
            "created_at": p.created_at}  # fmt: skip


def _party_rows(p: Programme) -> list[dict[str, Any]]:
    return [{"programme_id": p.id, "code": party.code, "position": i, "name": party.name,
             "language": party.language, "bodies": _json(list(party.bodies))}
            for i, party in enumerate(p.parties)]  # fmt: skip


def _entry_row(e: Entry) -> dict[str, Any]:
    assessment = None if e.assessment is None else _json(
        {"verdict": e.assessment.verdict, "evidence": e.assessment.evidence,
         "assessors": list(e.assessment.assessors)})  # fmt: skip
    return {"programme_id": e.programme_id, "proposed": e.proposed.value, "origin": e.origin.value,
            "basis": e.basis.value, "state": e.state.value, "stage": e.stage.value,
            "degree": None if e.degree is None else e.degree.value,
            "kind": None if e.kind is None else e.kind.value, "assessment": assessment, "score": e.score,
            "evidence": _json(list(e.evidence)), "product_class": e.product_class, "differences": e.differences,
            "transition_from": e.transition_from, "transition_until": e.transition_until,
            "needs_review": e.needs_review, "rounds_taken": e.rounds_taken, "created_at": e.created_at}  # fmt: skip


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class ProgrammeRows:
    """The programmes' part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    # programmes ------------------------------------------------------------------------------
    def add_programme(self, programme: Programme) -> None:
        with self._connect() as conn:
            if conn.execute(select(programmes.c.id).where(programmes.c.slug == programme.slug)).first() is not None:
                raise UsageError(_("there is already a programme named {slug!r}").format(slug=programme.slug))
            key = conn.execute(insert(programmes).values(**_programme_row(programme))).inserted_primary_key
            assert key is not None
            programme.id = int(key[0])
            conn.execute(insert(programme_parties), _party_rows(programme))

    def update_programme(self, programme: Programme) -> None:
        assert programme.id is not None
        with self._connect() as conn:
            conn.execute(update(programmes).where(programmes.c.id == programme.id)
                         .values(**_programme_row(programme)))  # fmt: skip
            conn.execute(delete(programme_parties).where(programme_parties.c.programme_id == programme.id))
            conn.execute(insert(programme_parties), _party_rows(programme))

    def _programmes(self, where: Any = None) -> list[Programme]:
        query = select(programmes).order_by(programmes.c.slug)
        if where is not None:
            query = query.where(where)
        with self._connect() as conn:
            rows = conn.execute(query).all()
            if not rows:
                return []
            ids = [r.id for r in rows]
            parties: dict[int, list[Party]] = {}
            party_query = (select(programme_parties).where(programme_parties.c.programme_id.in_(ids))
                           .order_by(programme_parties.c.programme_id, programme_parties.c.position))  # fmt: skip
            for r in conn.execute(party_query):
                party = Party(r.code, r.name, r.language, tuple(orjson.loads(r.bodies)))
                parties.setdefault(r.programme_id, []).append(party)
        found = []
        for r in rows:
            scope = orjson.loads(r.scope)
            found.append(Programme(
                r.id, r.slug, orjson.loads(r.title), tuple(parties.get(r.id, ())),
                Scope(tuple(scope["ics"]), tuple(scope["committees"]), tuple(scope["standards"]),
                      tuple(scope["product_classes"])),
                ConsensusRule(Fraction(r.rule_share), r.rule_min_answers, r.rule_max_rounds), r.coordinator_id,
                Step(r.step), Visibility(r.visibility), r.review_period_months, r.signing_key_id, r.created_at,
            ))  # fmt: skip
        return found

    def programme_by_slug(self, slug: str) -> Programme | None:
        found = self._programmes(programmes.c.slug == slug)
        return found[0] if found else None

    def programme_by_id(self, programme_id: int) -> Programme | None:
        found = self._programmes(programmes.c.id == programme_id)
        return found[0] if found else None

    def list_programmes(self) -> list[Programme]:
        return self._programmes()

    # members ---------------------------------------------------------------------------------
    def save_member(self, member: Member) -> bool:
        row = {"role": member.role.value, "party": member.party, "language": member.language}
        with self._connect() as conn:
            changed = conn.execute(
                update(programme_members)
                .where(programme_members.c.programme_id == member.programme_id,
                       programme_members.c.user_id == member.user_id)
                .values(**row)
            ).rowcount  # fmt: skip
            if not changed:
                conn.execute(insert(programme_members).values(
                    programme_id=member.programme_id, user_id=member.user_id, **row))  # fmt: skip
        return bool(changed)

    def remove_member(self, programme_id: int, user_id: int) -> bool:
        query = delete(programme_members).where(
            programme_members.c.programme_id == programme_id, programme_members.c.user_id == user_id
        )
        with self._connect() as conn:
            return bool(conn.execute(query).rowcount)

    def _members(self, where: Any) -> list[Member]:
        query = (
            select(programme_members)
            .where(where)
            .order_by(programme_members.c.programme_id, programme_members.c.user_id)
        )
        with self._connect() as conn:
            return [Member(r.programme_id, r.user_id, MemberRole(r.role), r.party, r.language)
                    for r in conn.execute(query)]  # fmt: skip

    def members_of(self, programme_id: int) -> list[Member]:
        return self._members(programme_members.c.programme_id == programme_id)

    def memberships_of(self, user_id: int) -> list[Member]:
        return self._members(programme_members.c.user_id == user_id)

    # entries ---------------------------------------------------------------------------------
    def add_entries(self, entries: Sequence[Entry]) -> None:
        with self._connect() as conn:
            for entry in entries:
                key = conn.execute(insert(programme_entries).values(**_entry_row(entry))).inserted_primary_key
                assert key is not None
                entry.id = int(key[0])
            rows = [{"entry_id": e.id, "party": s.party, "edition_key": s.edition_key, "identifier": s.identifier}
                    for e in entries for s in e.standards]  # fmt: skip
            for chunk in _chunks(rows):
                conn.execute(insert(entry_standards), list(chunk))

    def update_entry(self, entry: Entry) -> None:
        assert entry.id is not None
        with self._connect() as conn:
            conn.execute(update(programme_entries).where(programme_entries.c.id == entry.id)
                         .values(**_entry_row(entry)))  # fmt: skip
            conn.execute(delete(entry_standards).where(entry_standards.c.entry_id == entry.id))
            if entry.standards:
                conn.execute(insert(entry_standards), [
                    {"entry_id": entry.id, "party": s.party, "edition_key": s.edition_key,
                     "identifier": s.identifier} for s in entry.standards])  # fmt: skip

    def _entries(self, conn: Connection, rows: Sequence[Any]) -> list[Entry]:
        standards: dict[int, list[EntryStandard]] = {}
        for chunk in _chunks([r.id for r in rows]):
            query = select(entry_standards).where(entry_standards.c.entry_id.in_(chunk))
            for s in conn.execute(query):
                standards.setdefault(s.entry_id, []).append(EntryStandard(s.party, s.edition_key, s.identifier))
        found = []
        for r in rows:
            a = None if r.assessment is None else orjson.loads(r.assessment)
            found.append(Entry(
                r.id, r.programme_id, tuple(standards.get(r.id, ())), EntryDegree(r.proposed), Origin(r.origin),
                Basis(r.basis), EntryState(r.state), Stage(r.stage),
                None if r.degree is None else EntryDegree(r.degree),
                None if r.kind is None else RelationKind(r.kind),
                None if a is None else Assessment(a["verdict"], a["evidence"], tuple(a["assessors"])),
                r.score, tuple(orjson.loads(r.evidence)), r.product_class, r.differences, r.transition_from,
                r.transition_until, r.needs_review, r.rounds_taken, r.created_at,
            ))  # fmt: skip
        return found

    def entries_by_id(self, entry_ids: Iterable[int]) -> dict[int, Entry]:
        ids = list(dict.fromkeys(entry_ids))
        found: dict[int, Entry] = {}
        with self._connect() as conn:
            for chunk in _chunks(ids):
                rows = conn.execute(select(programme_entries).where(programme_entries.c.id.in_(chunk))).all()
                found.update((e.id, e) for e in self._entries(conn, rows) if e.id is not None)
        return found

    def _entry_filter(self, programme_id: int, state: EntryState | None, stage: Stage | None,
                      needs_review: bool | None, origin: Origin | None,
                      edition_key: str | None) -> list[Any]:  # fmt: skip
        where: list[Any] = [programme_entries.c.programme_id == programme_id]
        if state is not None:
            where.append(programme_entries.c.state == state.value)
        if stage is not None:
            where.append(programme_entries.c.stage == stage.value)
        if needs_review is not None:
            column = programme_entries.c.needs_review
            where.append(column.is_not(None) if needs_review else column.is_(None))
        if origin is not None:
            where.append(programme_entries.c.origin == origin.value)
        if edition_key is not None:
            naming = select(entry_standards.c.entry_id).where(entry_standards.c.edition_key == edition_key)
            where.append(programme_entries.c.id.in_(naming))
        return where

    def entries_of(self, programme_id: int, *, state: EntryState | None = None, stage: Stage | None = None,
                   needs_review: bool | None = None, origin: Origin | None = None, edition_key: str | None = None,
                   offset: int = 0, limit: int | None = None) -> tuple[list[Entry], int]:  # fmt: skip
        where = self._entry_filter(programme_id, state, stage, needs_review, origin, edition_key)
        query = select(programme_entries).where(*where).order_by(programme_entries.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(programme_entries).where(*where)).scalar() or 0)
            return self._entries(conn, conn.execute(query).all()), total

    def entries_naming(self, edition_keys: Iterable[str]) -> list[Entry]:
        keys = list(dict.fromkeys(edition_keys))
        ids: set[int] = set()
        with self._connect() as conn:
            for chunk in _chunks(keys):
                query = select(entry_standards.c.entry_id).where(entry_standards.c.edition_key.in_(chunk))
                ids.update(int(i) for i in conn.execute(query).scalars())
        entries = self.entries_by_id(sorted(ids))
        return [entries[i] for i in sorted(entries)]

    def entry_counts(self, programme_id: int) -> dict[str, dict[str, int]]:
        columns = {"stage": programme_entries.c.stage, "state": programme_entries.c.state,
                   "origin": programme_entries.c.origin}  # fmt: skip
        counts: dict[str, dict[str, int]] = {}
        with self._connect() as conn:
            for name, column in columns.items():
                query = (select(column, func.count()).where(programme_entries.c.programme_id == programme_id)
                         .group_by(column))  # fmt: skip
                counts[name] = {str(value): int(n) for value, n in conn.execute(query)}
            flagged = select(func.count()).where(programme_entries.c.programme_id == programme_id,
                                                 programme_entries.c.needs_review.is_not(None))  # fmt: skip
            counts["needs_review"] = {"flagged": int(conn.execute(flagged).scalar() or 0)}
        return counts
