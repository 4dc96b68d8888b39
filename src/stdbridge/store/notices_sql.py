"""The notices' tables (migration 0016) and their rows in ``SqlStore``: notices and news items, their HS and ICS
codes (one row each, for the listing's filters by a field or heading and everything under it), and the
standards each cites (by work and edition, for the record page: "notices citing this standard").

``seq`` grows with every notice added or changed: it is the counter ``notices`` of ``counters``, whose row stays
locked until the writing transaction ends, so that the numbers follow the order of the commits and the fan-out to
the watchlists, reading the notices after the last ``seq`` it handled, misses none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from stdbridge.notices.model import Citation, Notice, NoticeKind, NoticeQuery

notice_metadata = MetaData()

notices = Table(
    "notices",
    notice_metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("key", String, nullable=False, unique=True),
    Column("symbol", String, index=True),
    Column("parent_symbol", String, index=True),
    Column("title", Text, nullable=False),
    Column("date", String, index=True),
    Column("country", String, index=True),
    Column("body", String),
    Column("text", Text, nullable=False),
    Column("products", Text, nullable=False),
    Column("hs", Text, nullable=False),
    Column("ics", Text, nullable=False),
    Column("comment_deadline", String, index=True),
    Column("links", Text, nullable=False),
    Column("language", String),
    Column("objective", Text, nullable=False),
    Column("notice_type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("seq", Integer, nullable=False, index=True),
)

notice_codes = Table(
    "notice_codes",
    notice_metadata,
    Column("notice_id", Integer, nullable=False, index=True),
    Column("scheme", String, nullable=False),  # hs or ics
    Column("code", String, nullable=False),
    Index("ix_notice_codes_code", "scheme", "code"),
)

notice_citations = Table(
    "notice_citations",
    notice_metadata,
    Column("notice_id", Integer, nullable=False, index=True),
    Column("text", String, nullable=False),
    Column("identifier", String, nullable=False),
    Column("work_key", String, nullable=False, index=True),
    Column("edition_key", String, index=True),
)


def _row(n: Notice) -> dict[str, Any]:
    return {
        "kind": n.kind.value, "key": n.key, "symbol": n.symbol, "parent_symbol": n.parent_symbol, "title": n.title,
        "date": n.date, "country": n.country, "body": n.body, "text": n.text, "products": n.products,
        "hs": orjson.dumps(list(n.hs)).decode(), "ics": orjson.dumps(list(n.ics)).decode(),
        "comment_deadline": n.comment_deadline, "links": orjson.dumps(list(n.links)).decode(),
        "language": n.language, "objective": n.objective, "notice_type": n.notice_type, "source": n.source,
    }  # fmt: skip


def _notice(r: Any, cites: list[Citation]) -> Notice:
    return Notice(
        kind=NoticeKind(r.kind), key=r.key, title=r.title, date=r.date, country=r.country, body=r.body, text=r.text,
        symbol=r.symbol, parent_symbol=r.parent_symbol, products=r.products, hs=tuple(orjson.loads(r.hs)),
        ics=tuple(orjson.loads(r.ics)), comment_deadline=r.comment_deadline, links=tuple(orjson.loads(r.links)),
        language=r.language, objective=r.objective, notice_type=r.notice_type, source=r.source, citations=cites,
        created_at=r.created_at, updated_at=r.updated_at, id=r.id,
    )  # fmt: skip


NOTICE_COUNTER = "notices"  # the row of ``counters`` that numbers the notices' writes


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class NoticeRows:
    """``SqlStore``'s notices (``Store``'s methods of that section)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def save_notice(self, notice: Notice, now: str) -> str:
        """Keep ``notice``, or update the one of the same key: ``added``, ``changed`` or ``same``; sets its id."""
        from stdbridge.store.sql import _count  # the locked counter of store.sql: commit order

        with self._connect() as conn:
            old = conn.execute(select(notices).where(notices.c.key == notice.key)).first()
            if old is not None:
                before = _notice(old, self._citations(conn, [old.id]).get(old.id, []))
                notice.id, notice.created_at = old.id, old.created_at
                if before.content() == notice.content():
                    notice.updated_at = old.updated_at
                    return "same"
            seq = _count(conn, NOTICE_COUNTER)
            values = {**_row(notice), "updated_at": now, "seq": seq}
            notice.updated_at = now
            if old is None:
                notice.created_at = now
                query = insert(notices).values(**values, created_at=now).returning(notices.c.id)
                notice.id = int(conn.execute(query).scalar_one())
            else:
                conn.execute(update(notices).where(notices.c.id == old.id).values(**values))
                conn.execute(delete(notice_codes).where(notice_codes.c.notice_id == old.id))
                conn.execute(delete(notice_citations).where(notice_citations.c.notice_id == old.id))
            codes = [{"notice_id": notice.id, "scheme": "hs", "code": c} for c in dict.fromkeys(notice.hs)]
            codes += [{"notice_id": notice.id, "scheme": "ics", "code": c} for c in dict.fromkeys(notice.ics)]
            if codes:
                conn.execute(insert(notice_codes), codes)
            cites = [{"notice_id": notice.id, "text": c.text, "identifier": c.identifier, "work_key": c.work_key,
                      "edition_key": c.edition_key} for c in notice.citations]  # fmt: skip
            if cites:
                conn.execute(insert(notice_citations), cites)
            return "added" if old is None else "changed"

    def _citations(self, conn: Connection, ids: list[int]) -> dict[int, list[Citation]]:
        found: dict[int, list[Citation]] = {}
        if not ids:
            return found
        query = select(notice_citations).where(notice_citations.c.notice_id.in_(ids))
        for r in conn.execute(query):
            found.setdefault(r.notice_id, []).append(Citation(r.text, r.identifier, r.work_key, r.edition_key))
        return found

    def _notices(self, conn: Connection, query: Any) -> list[Notice]:
        rows = list(conn.execute(query))
        cites = self._citations(conn, [r.id for r in rows])
        return [_notice(r, cites.get(r.id, [])) for r in rows]

    def notice_by_id(self, notice_id: int) -> Notice | None:
        with self._read() as conn:
            found = self._notices(conn, select(notices).where(notices.c.id == notice_id))
        return found[0] if found else None

    def notice_by_key(self, key: str) -> Notice | None:
        with self._read() as conn:
            found = self._notices(conn, select(notices).where(notices.c.key == key))
        return found[0] if found else None

    def _filtered(self, query: Any, wanted: NoticeQuery) -> Any:
        if wanted.kinds:
            query = query.where(notices.c.kind.in_([k.value for k in wanted.kinds]))
        if wanted.country:
            query = query.where(func.upper(notices.c.country) == wanted.country.upper())
        if wanted.body:
            query = query.where(func.lower(notices.c.body) == wanted.body.lower())
        for scheme, code in (("hs", wanted.hs), ("ics", wanted.ics)):
            if code:
                under = or_(notice_codes.c.code == code, notice_codes.c.code.like(_escape(code) + "%", escape="\\"))
                query = query.where(notices.c.id.in_(
                    select(notice_codes.c.notice_id).where(notice_codes.c.scheme == scheme, under)))  # fmt: skip
        if wanted.date_from:
            query = query.where(notices.c.date >= wanted.date_from)
        if wanted.date_to:
            query = query.where(notices.c.date <= wanted.date_to + "\uffff")
        for word in (wanted.words or "").split():
            pattern = "%" + _escape(word.lower()) + "%"
            columns = (notices.c.title, notices.c.text, notices.c.products, notices.c.symbol, notices.c.objective)
            query = query.where(or_(*(func.lower(c).like(pattern, escape="\\") for c in columns)))
        if wanted.deadline_within is not None:
            today = dt.date.fromisoformat(wanted.today or dt.date.today().isoformat())
            until = today + dt.timedelta(days=wanted.deadline_within)
            query = query.where(notices.c.comment_deadline >= today.isoformat(),
                                notices.c.comment_deadline <= until.isoformat())  # fmt: skip
        return query

    def find_notices(self, wanted: NoticeQuery) -> list[Notice]:
        """The notices that pass the filters: the soonest final date for comments first when ``deadline_within``
        is set, else the newest first."""
        query = self._filtered(select(notices), wanted)
        if wanted.deadline_within is not None:
            query = query.order_by(notices.c.comment_deadline, notices.c.id)
        else:
            query = query.order_by(notices.c.date.desc(), notices.c.id.desc())
        with self._read() as conn:
            return self._notices(conn, query.limit(wanted.limit).offset(wanted.offset))

    def count_notices(self, wanted: NoticeQuery) -> int:
        query = self._filtered(select(func.count()).select_from(notices), wanted)
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def notices_citing(self, work_keys: Iterable[str], limit: int = 100) -> list[Notice]:
        """The notices that cite any edition of these works, the newest first."""
        keys = list(work_keys)
        if not keys:
            return []
        cited = select(notice_citations.c.notice_id).where(notice_citations.c.work_key.in_(keys))
        query = select(notices).where(notices.c.id.in_(cited)).order_by(notices.c.date.desc(), notices.c.id.desc())
        with self._read() as conn:
            return self._notices(conn, query.limit(limit))

    def notices_after(self, seq: int, limit: int = 1000) -> list[tuple[int, Notice]]:
        """The notices added or changed after ``seq``, with their ``seq``, in order."""
        query = select(notices).where(notices.c.seq > seq).order_by(notices.c.seq).limit(limit)
        with self._read() as conn:
            rows = list(conn.execute(query))
            cites = self._citations(conn, [r.id for r in rows])
        return [(int(r.seq), _notice(r, cites.get(r.id, []))) for r in rows]
