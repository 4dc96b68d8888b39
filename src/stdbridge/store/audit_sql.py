"""The audit log's tables in SQL (migration 0005) and the statements that append to it and read it: ``SqlStore``'s
audit methods call these with their connection.

``audit_log`` holds the entries (``stdbridge.audit.entry`` describes each field and the hash); ``audit_head`` has
one row, the ``seq`` and ``hash`` of the last entry. An append raises the head's ``seq`` first (``UPDATE ...
RETURNING``): that locks the row until the transaction ends (PostgreSQL's row lock; SQLite's one writer), so
appends of several processes take their turns, each after the one before commits, and the chain never forks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    update,
)

from stdbridge.audit.entry import AuditEntry, AuditQuery, canonical_text, parsed
from stdbridge.errors import StoreError


def audit_tables(metadata: MetaData) -> tuple[Table, Table]:
    """The two tables of the audit log, on ``metadata``."""
    log = Table(
        "audit_log",
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("at", String, nullable=False, index=True),
        Column("actor_name", String, nullable=False, index=True),
        Column("actor_id", Integer),
        Column("action", String, nullable=False, index=True),
        Column("subject", String, nullable=False),
        Column("before_json", Text),
        Column("after_json", Text),
        Column("prev_hash", String, nullable=False),
        Column("hash", String, nullable=False),
        Index("ix_audit_log_hash", "hash"),
    )
    head = Table(
        "audit_head",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("seq", Integer, nullable=False),
        Column("hash", String, nullable=False),
    )
    return log, head


class Appending:
    """The three statements of an append, built once: building them afresh costs SQLAlchemy more than the
    database takes to run them."""

    def __init__(self, log: Table, head: Table) -> None:
        self.raise_head = (
            update(head).where(head.c.id == 1).values(seq=head.c.seq + 1).returning(head.c.seq, head.c.hash)
        )
        self.add_entry = insert(log)
        self.move_head = update(head).where(head.c.id == 1).values(hash=bindparam("new_hash"))


def append(conn: Connection, statements: Appending, seal: Callable[[int, str], AuditEntry]) -> AuditEntry:
    row = conn.execute(statements.raise_head).one_or_none()
    if row is None:  # pragma: no cover - migration 0005 writes the row
        raise StoreError("the catalogue has no audit log; run 'stdbridge db upgrade'")
    entry = seal(int(row.seq), str(row.hash))
    if entry.seq != row.seq or entry.prev_hash != row.hash:
        raise StoreError(f"audit entry {entry.seq} does not follow the head ({row.seq})")
    conn.execute(statements.add_entry, row_of(entry))
    conn.execute(statements.move_head, {"new_hash": entry.hash})
    return entry


def row_of(entry: AuditEntry) -> dict[str, Any]:
    """The row that stores ``entry``."""
    return {"seq": entry.seq, "at": entry.at, "actor_name": entry.actor_name, "actor_id": entry.actor_id,
            "action": entry.action, "subject": entry.subject, "before_json": canonical_text(entry.before),
            "after_json": canonical_text(entry.after), "prev_hash": entry.prev_hash, "hash": entry.hash}  # fmt: skip


def entry_of(r: Any) -> AuditEntry:
    return AuditEntry(r.seq, r.at, r.actor_name, r.actor_id, r.action, r.subject, parsed(r.before_json),
                      parsed(r.after_json), r.prev_hash, r.hash)  # fmt: skip


def _selected(log: Table, query: AuditQuery) -> list[Any]:
    where = []
    if query.since:
        where.append(log.c.at >= query.since)
    if query.actor:
        where.append(log.c.actor_name == query.actor)
    if query.action:
        where.append(log.c.action == query.action)
    return where


def entries(conn: Connection, log: Table, query: AuditQuery) -> list[AuditEntry]:
    order = log.c.seq.desc() if query.newest_first else log.c.seq
    statement = select(log).where(*_selected(log, query)).order_by(order).offset(query.offset)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return [entry_of(r) for r in conn.execute(statement).all()]


def count(conn: Connection, log: Table, query: AuditQuery) -> int:
    return int(conn.execute(select(func.count()).select_from(log).where(*_selected(log, query))).scalar() or 0)


def page_after(conn: Connection, log: Table, last: int, batch: int) -> list[AuditEntry]:
    statement = select(log).where(log.c.seq > last).order_by(log.c.seq).limit(batch)
    return [entry_of(r) for r in conn.execute(statement).all()]


def head_of(conn: Connection, head: Table) -> tuple[int, str]:
    row = conn.execute(select(head.c.seq, head.c.hash).where(head.c.id == 1)).one_or_none()
    if row is None:  # pragma: no cover - migration 0005 writes the row
        raise StoreError("the catalogue has no audit log; run 'stdbridge db upgrade'")
    return int(row.seq), str(row.hash)


def iterate(pages: Callable[[int], list[AuditEntry]]) -> Iterator[AuditEntry]:
    last = 0
    while page := pages(last):
        yield from page
        last = page[-1].seq
