"""The connectivity index's rows (migration 0018) in ``SqlStore``: the lean whole-catalogue reads the index sweeps
(the adoption and equivalence edges, the dated fields of standards), its answers kept under the catalogue's state,
and the saved groups of countries and bodies.

The answers are kept as JSON under a key naming the question and the state of the catalogue they were worked out
on (``analytics.connectivity.catalogue_state``); an answer of another state is never read, and keeping one removes
those of other states.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from stdbridge.models import DocType, RelationType, Standard, Status
from stdbridge.store.tables import relations, standards

if TYPE_CHECKING:
    from stdbridge.analytics.groups import SavedGroup

connectivity_metadata = MetaData()

connectivity_results = Table(
    "connectivity_results",
    connectivity_metadata,
    Column("key", String, primary_key=True),
    Column("state", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("body", Text, nullable=False),
)

connectivity_groups = Table(
    "connectivity_groups",
    connectivity_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("owner_user_id", Integer, index=True),  # None: shared, kept by editors
    Column("members", Text, nullable=False),  # JSON list of "kind:code"
    Column("created_by", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

_EDGES = select(
    relations.c.source_id, relations.c.target_id, relations.c.target_key, relations.c.target_work_key,
    relations.c.degree,
).where(relations.c.type == bindparam("type"), relations.c.source_id.is_not(None))  # fmt: skip
_EDGES_AROUND = select(
    relations.c.id, relations.c.source_id, relations.c.target_id, relations.c.target_key, relations.c.target_work_key,
    relations.c.degree,
).where(relations.c.type == bindparam("type"), relations.c.source_id.is_not(None))  # fmt: skip
_DATED = select(standards.c.id, standards.c.record, standards.c.imported_at)
_FIELDS = ("published", "implemented", "withdrawn", "ics", "extra.suffix", "number")
_DATED_SQLITE = select(
    standards.c.id, standards.c.identifier, standards.c.edition_key, standards.c.work_key, standards.c.body,
    standards.c.country, standards.c.doctype, standards.c.status, standards.c.year, standards.c.imported_at,
    *(func.json_extract(standards.c.record, f"$.{name}") for name in _FIELDS),
)  # fmt: skip
_STATUSES = {s.value: s for s in Status}
_DOCTYPES = {d.value: d for d in DocType}
_CHUNK = 20_000


def dated_from_record(sid: int, record: dict[str, Any], imported_at: str | None) -> Standard:
    """What the connectivity index reads of a stored record: its keys, type, status, dates and ICS fields."""
    suffix = (record.get("extra") or {}).get("suffix")
    return Standard(
        identifier=record["identifier"], edition_key=record["edition_key"], work_key=record["work_key"],
        body=record["body"], country=record["country"], doctype=_DOCTYPES[record["doctype"]], number=record["number"],
        year=record.get("year"), status=_STATUSES[record["status"]], published=record.get("published"),
        implemented=record.get("implemented"), withdrawn=record.get("withdrawn"), ics=tuple(record.get("ics") or ()),
        extra={"suffix": suffix} if suffix else {}, id=sid, imported_at=imported_at,
    )  # fmt: skip


def one_of(conn: Connection, column: Any, values: Sequence[Any]) -> Iterator[tuple[Any, dict[str, Any]]]:
    """``column IN values`` as conditions with their parameters, a chunk at a time: on SQLite one JSON array read
    by ``json_each`` (SQLAlchemy's rendering of 20,000 bound values cost more than the query), elsewhere an
    expanding list of at most ``_CHUNK`` values."""
    if conn.dialect.name == "sqlite":
        listed: Any = select(literal_column("value")).select_from(func.json_each(bindparam("values")))
        if values:
            yield column.in_(listed.scalar_subquery()), {"values": orjson.dumps(list(values)).decode()}
        return
    for start in range(0, len(values), _CHUNK):
        yield column.in_(bindparam("values", expanding=True)), {"values": list(values[start : start + _CHUNK])}


def dated_by(conn: Connection, column: Any, values: Sequence[Any]) -> list[Standard]:
    """The lean standards (``dated_from_record``'s fields) whose ``column`` (of ``standards``) is one of ``values``:
    SQLite's JSON functions pick the fields without the record being parsed in Python."""
    found: list[Standard] = []
    sqlite = conn.dialect.name == "sqlite"
    for condition, chunk in one_of(conn, column, values):
        if not sqlite:
            rows = conn.execute(_DATED.where(condition), chunk)
            found += [dated_from_record(r.id, orjson.loads(r.record), r.imported_at) for r in rows]
            continue
        for row in conn.execute(_DATED_SQLITE.where(condition), chunk).fetchall():
            sid, identifier, edition, work, body, country, doctype, status, year, imported_at = row[:10]
            published, implemented, withdrawn, ics, suffix, number = row[10:]
            found.append(Standard(
                identifier=identifier, edition_key=edition, work_key=work, body=body, country=country,
                doctype=_DOCTYPES[doctype], number=number or "", year=year, status=_STATUSES[status],
                published=published, implemented=implemented, withdrawn=withdrawn,
                ics=tuple(orjson.loads(ics)) if ics and ics != "[]" else (),
                extra={"suffix": suffix} if suffix else {}, id=sid, imported_at=imported_at,
            ))  # fmt: skip
    return found


class ConnectivityRows:
    """``SqlStore``'s rows of the connectivity index (``Store``'s methods of that section)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def relation_edges(self, type: RelationType) -> list[tuple[int, int | None, str, str, str | None]]:
        with self._read() as conn:
            rows = conn.execute(_EDGES, {"type": type.value}).all()
        return [(int(s), t, str(k), str(w), d) for s, t, k, w, d in rows]

    def relation_edges_around(
        self, type: RelationType, ids: Iterable[int]
    ) -> list[tuple[int, int | None, str, str, str | None]]:
        wanted = sorted(set(ids))
        found: dict[int, tuple[int, int | None, str, str, str | None]] = {}
        with self._read() as conn:
            for end in (relations.c.source_id, relations.c.target_id):
                for condition, chunk in one_of(conn, end, wanted):
                    rows = conn.execute(_EDGES_AROUND.where(condition), {"type": type.value, **chunk}).fetchall()
                    for rid, s, t, k, w, d in rows:
                        found[rid] = (s, t, k, w, d)
        return [found[rid] for rid in sorted(found)]

    def dated_standards(self, ids: Iterable[int]) -> dict[int, Standard]:
        with self._read() as conn:
            return {s.id: s for s in dated_by(conn, standards.c.id, sorted(set(ids))) if s.id is not None}

    def kept_answer(self, key: str, state: str) -> Any | None:
        query = select(connectivity_results.c.body).where(
            connectivity_results.c.key == key, connectivity_results.c.state == state
        )
        with self._read() as conn:
            body = conn.execute(query).scalar()
        return orjson.loads(body) if body is not None else None

    def keep_answer(self, key: str, state: str, body: Any, now: str) -> None:
        with self._connect() as conn:
            conn.execute(delete(connectivity_results).where(
                (connectivity_results.c.state != state) | (connectivity_results.c.key == key)))  # fmt: skip
            conn.execute(insert(connectivity_results).values(key=key, state=state, created_at=now,
                                                             body=orjson.dumps(body).decode()))  # fmt: skip

    def drop_kept_answers(self) -> None:
        with self._connect() as conn:
            conn.execute(delete(connectivity_results))

    def count_kept_answers(self) -> int:
        with self._read() as conn:
            return len(conn.execute(select(connectivity_results.c.key)).all())

    # saved groups ---------------------------------------------------------------------------------------------
    def save_group(self, group: SavedGroup) -> None:
        row = {"name": group.name, "owner_user_id": group.owner_user_id, "created_by": group.created_by,
               "members": orjson.dumps(group.members).decode(), "updated_at": group.updated_at}  # fmt: skip
        with self._connect() as conn:
            if group.id is None:
                query = insert(connectivity_groups).values(**row).returning(connectivity_groups.c.id)
                group.id = int(conn.execute(query).scalar_one())
            else:
                conn.execute(update(connectivity_groups).where(connectivity_groups.c.id == group.id).values(**row))

    def group_by_id(self, group_id: int) -> SavedGroup | None:
        with self._read() as conn:
            row = conn.execute(select(connectivity_groups).where(connectivity_groups.c.id == group_id)).first()
        return _group(row) if row is not None else None

    def groups_seen_by(self, user_id: int | None) -> list[SavedGroup]:
        owner = connectivity_groups.c.owner_user_id
        seen = owner.is_(None) if user_id is None else or_(owner.is_(None), owner == user_id)
        with self._read() as conn:
            rows = conn.execute(select(connectivity_groups).where(seen).order_by(connectivity_groups.c.name))
            return [_group(r) for r in rows]

    def remove_group(self, group_id: int) -> None:
        with self._connect() as conn:
            conn.execute(delete(connectivity_groups).where(connectivity_groups.c.id == group_id))


def _group(row: Any) -> SavedGroup:
    from stdbridge.analytics.groups import SavedGroup

    return SavedGroup(row.name, list(orjson.loads(row.members)), row.owner_user_id, row.created_by, row.updated_at,
                      row.id)  # fmt: skip
