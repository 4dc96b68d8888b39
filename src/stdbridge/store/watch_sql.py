"""The watchlists' tables (migration 0015) and their rows in ``SqlStore``: watchlists and their items, the
notifications they received, the webhooks of each watchlist with the delivery log, and the cursors of the fan-out
(the last change event turned into notifications, the last date whose statuses were checked).

Notifications are written in bulk (an import of 10,000 changed records gives tens of thousands of them); those of
a watchlist with webhooks are written one by one in the same transaction, for the deliveries to name them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from stdbridge.models import ChangeEvent, ChangeKind
from stdbridge.store.reads_sql import chunks
from stdbridge.store.tables import events, standards
from stdbridge.watch.model import (
    Delivery,
    DeliveryStatus,
    EmailMode,
    ItemKind,
    Notification,
    WatchItem,
    Watchlist,
    Webhook,
)

watch_metadata = MetaData()

watchlists = Table(
    "watchlists",
    watch_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("feed_token", String, nullable=False, unique=True),
    Column("owner_user_id", Integer, index=True),
    Column("owner_org_id", Integer, index=True),
    Column("email", String, nullable=False),
    Column("email_to", String),
    Column("created_at", String, nullable=False),
)

watch_items = Table(
    "watch_items",
    watch_metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", Integer, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("value", String, nullable=False),
    Column("filters", Text, nullable=False),
)

notifications = Table(
    "watch_notifications",
    watch_metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", Integer, nullable=False),
    Column("event_id", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("edition_key", String, nullable=False),
    Column("identifier", String, nullable=False),
    Column("at", String, nullable=False),
    Column("detail", Text, nullable=False),
    Column("replaced_by", String),
    Column("read", Boolean, nullable=False),
    Index("ix_watch_notifications_list", "watchlist_id", "read", "id"),
)

webhooks = Table(
    "webhooks",
    watch_metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", Integer, nullable=False, index=True),
    Column("url", String, nullable=False),
    Column("secret", String, nullable=False),
    Column("created_at", String, nullable=False),
)

deliveries = Table(
    "webhook_deliveries",
    watch_metadata,
    Column("id", Integer, primary_key=True),
    Column("webhook_id", Integer, nullable=False, index=True),
    Column("notification_id", Integer, nullable=False),
    Column("status", String, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt", String, nullable=False),
    Column("response_code", Integer),
    Column("error", Text),
    Column("delivered_at", String),
    Index("ix_webhook_deliveries_due", "status", "next_attempt"),
)

watch_cursors = Table(
    "watch_cursors",
    watch_metadata,
    Column("name", String, primary_key=True),
    Column("value", String, nullable=False),
)


def _watchlist(row: Any, items: list[WatchItem]) -> Watchlist:
    return Watchlist(
        name=row.name, feed_token=row.feed_token, created_at=row.created_at, owner_user_id=row.owner_user_id,
        owner_org_id=row.owner_org_id, items=items, email=EmailMode(row.email), email_to=row.email_to, id=row.id,
    )  # fmt: skip


def _notification(row: Any) -> Notification:
    return Notification(
        watchlist_id=row.watchlist_id, event_id=row.event_id, kind=row.kind, edition_key=row.edition_key,
        identifier=row.identifier, at=row.at, detail=orjson.loads(row.detail), replaced_by=row.replaced_by,
        read=bool(row.read), id=row.id,
    )  # fmt: skip


def _delivery(row: Any) -> Delivery:
    return Delivery(
        webhook_id=row.webhook_id, notification_id=row.notification_id, next_attempt=row.next_attempt,
        status=DeliveryStatus(row.status), attempts=row.attempts, response_code=row.response_code, error=row.error,
        delivered_at=row.delivered_at, id=row.id,
    )  # fmt: skip


def _notification_row(n: Notification) -> dict[str, Any]:
    return {
        "watchlist_id": n.watchlist_id, "event_id": n.event_id, "kind": n.kind, "edition_key": n.edition_key,
        "identifier": n.identifier, "at": n.at, "detail": orjson.dumps(n.detail).decode(),
        "replaced_by": n.replaced_by, "read": n.read,
    }  # fmt: skip


class WatchRows:
    """``SqlStore``'s watchlists (``Store``'s methods of that section)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    # watchlists ------------------------------------------------------------------------------------------------
    def add_watchlist(self, watchlist: Watchlist) -> None:
        with self._connect() as conn:
            row = {"name": watchlist.name, "feed_token": watchlist.feed_token, "email": watchlist.email.value,
                   "owner_user_id": watchlist.owner_user_id, "owner_org_id": watchlist.owner_org_id,
                   "email_to": watchlist.email_to, "created_at": watchlist.created_at}  # fmt: skip
            watchlist.id = int(conn.execute(insert(watchlists).values(**row).returning(watchlists.c.id)).scalar_one())
            self._insert_items(conn, watchlist.id, watchlist.items)

    def add_watchlists(self, many: Sequence[Watchlist]) -> None:
        """Keep many watchlists at once (the benchmark's 10,000); sets their ids."""
        with self._connect() as conn:
            for watchlist in many:
                row = {"name": watchlist.name, "feed_token": watchlist.feed_token, "email": watchlist.email.value,
                       "owner_user_id": watchlist.owner_user_id, "owner_org_id": watchlist.owner_org_id,
                       "email_to": watchlist.email_to, "created_at": watchlist.created_at}  # fmt: skip
                query = insert(watchlists).values(**row).returning(watchlists.c.id)
                watchlist.id = int(conn.execute(query).scalar_one())
            rows = [{"watchlist_id": w.id, "kind": i.kind.value, "value": i.value,
                     "filters": orjson.dumps(i.filters).decode()} for w in many for i in w.items]  # fmt: skip
            if rows:
                conn.execute(insert(watch_items), rows)

    def _insert_items(self, conn: Connection, watchlist_id: int, items: Sequence[WatchItem]) -> None:
        rows = [{"watchlist_id": watchlist_id, "kind": i.kind.value, "value": i.value,
                 "filters": orjson.dumps(i.filters).decode()} for i in items]  # fmt: skip
        if rows:
            conn.execute(insert(watch_items), rows)

    def add_watch_item(self, watchlist_id: int, item: WatchItem) -> None:
        with self._connect() as conn:
            self._insert_items(conn, watchlist_id, [item])

    def remove_watch_item(self, watchlist_id: int, item: WatchItem) -> int:
        with self._connect() as conn:
            query = delete(watch_items).where(
                watch_items.c.watchlist_id == watchlist_id, watch_items.c.kind == item.kind.value,
                watch_items.c.value == item.value)  # fmt: skip
            return int(conn.execute(query).rowcount)

    def _watchlists_where(self, *conditions: Any) -> list[Watchlist]:
        with self._read() as conn:
            rows = list(conn.execute(select(watchlists).where(*conditions).order_by(watchlists.c.id)))
            ids = [r.id for r in rows]
            items: dict[int, list[WatchItem]] = {i: [] for i in ids}
            query = select(watch_items).order_by(watch_items.c.id)
            if len(ids) < 500:
                query = query.where(watch_items.c.watchlist_id.in_(ids))
            for r in conn.execute(query):
                if r.watchlist_id in items:
                    item = WatchItem(ItemKind(r.kind), r.value, orjson.loads(r.filters))
                    items[r.watchlist_id].append(item)
            return [_watchlist(r, items[r.id]) for r in rows]

    def watchlist_by_id(self, watchlist_id: int) -> Watchlist | None:
        found = self._watchlists_where(watchlists.c.id == watchlist_id)
        return found[0] if found else None

    def watchlist_by_feed_token(self, token: str) -> Watchlist | None:
        found = self._watchlists_where(watchlists.c.feed_token == token)
        return found[0] if found else None

    def watchlists_of(self, user_id: int | None, org_ids: Iterable[int] = ()) -> list[Watchlist]:
        orgs = list(org_ids)
        return self._watchlists_where(
            (watchlists.c.owner_user_id == user_id) | (watchlists.c.owner_org_id.in_(orgs) if orgs else False)
        )

    def all_watchlists(self) -> list[Watchlist]:
        return self._watchlists_where()

    def set_watchlist_email(self, watchlist_id: int, mode: EmailMode, to: str | None) -> None:
        with self._connect() as conn:
            query = update(watchlists).where(watchlists.c.id == watchlist_id)
            conn.execute(query.values(email=mode.value, email_to=to))

    def remove_watchlist(self, watchlist_id: int) -> None:
        with self._connect() as conn:
            hooks = select(webhooks.c.id).where(webhooks.c.watchlist_id == watchlist_id)
            conn.execute(delete(deliveries).where(deliveries.c.webhook_id.in_(hooks)))
            conn.execute(delete(webhooks).where(webhooks.c.watchlist_id == watchlist_id))
            conn.execute(delete(notifications).where(notifications.c.watchlist_id == watchlist_id))
            conn.execute(delete(watch_items).where(watch_items.c.watchlist_id == watchlist_id))
            conn.execute(delete(watchlists).where(watchlists.c.id == watchlist_id))

    # the fan-out's input and cursors ---------------------------------------------------------------------------
    def events_after(self, event_id: int, limit: int = 10000) -> list[tuple[int, ChangeEvent]]:
        query = select(events).where(events.c.id > event_id).order_by(events.c.id).limit(limit)
        with self._read() as conn:
            return [(r.id, event_of(r)) for r in conn.execute(query)]

    def events_of_records(
        self,
        since: str,
        *,
        after_id: int = 0,
        bodies: Sequence[str] = (),
        countries: Sequence[str] = (),
        ids: Collection[int] | None = None,
        limit: int = 1000,
    ) -> list[tuple[int, ChangeEvent, int]]:
        query = _events_of_records(select(events, standards.c.id.label("standard_id")), since, bodies, countries)
        query = query.where(events.c.id > after_id).order_by(events.c.id).limit(limit)
        with self._read() as conn:
            if ids is None:
                rows = conn.execute(query).all()
            else:  # the first of each piece of the records, then the first of them all
                rows = [
                    r for piece in chunks(sorted(ids)) for r in conn.execute(query.where(standards.c.id.in_(piece)))
                ]
                rows = sorted(rows, key=lambda r: r.id)[:limit]
            return [(r.id, event_of(r), r.standard_id) for r in rows]

    def count_events_of_records(
        self,
        since: str,
        *,
        bodies: Sequence[str] = (),
        countries: Sequence[str] = (),
        ids: Collection[int] | None = None,
    ) -> int:
        query = _events_of_records(select(func.count()).select_from(events), since, bodies, countries)
        with self._read() as conn:
            if ids is None:
                return int(conn.execute(query).scalar() or 0)
            pieces = chunks(sorted(ids))
            return sum(int(conn.execute(query.where(standards.c.id.in_(p))).scalar() or 0) for p in pieces)

    def watch_cursor(self, name: str) -> str | None:
        with self._read() as conn:
            return conn.execute(select(watch_cursors.c.value).where(watch_cursors.c.name == name)).scalar()

    def set_watch_cursor(self, name: str, value: str) -> None:
        with self._connect() as conn:
            if conn.execute(update(watch_cursors).where(watch_cursors.c.name == name).values(value=value)).rowcount:
                return
            conn.execute(insert(watch_cursors).values(name=name, value=value))

    # notifications ---------------------------------------------------------------------------------------------
    def add_notifications(self, found: Sequence[Notification], now: str) -> int:
        """Keep ``found``, and a pending delivery for each to each webhook of its watchlist; returns how many."""
        with self._connect() as conn:
            hooks: dict[int, list[int]] = {}
            for r in conn.execute(select(webhooks.c.id, webhooks.c.watchlist_id)):
                hooks.setdefault(r.watchlist_id, []).append(r.id)
            plain = [_notification_row(n) for n in found if n.watchlist_id not in hooks]
            if plain:
                conn.execute(insert(notifications), plain)
            pending = []
            for n in found:
                if n.watchlist_id in hooks:
                    query = insert(notifications).values(**_notification_row(n)).returning(notifications.c.id)
                    n.id = int(conn.execute(query).scalar_one())
                    pending += [{"webhook_id": h, "notification_id": n.id, "status": DeliveryStatus.PENDING.value,
                                 "attempts": 0, "next_attempt": now} for h in hooks[n.watchlist_id]]  # fmt: skip
            if pending:
                conn.execute(insert(deliveries), pending)
            return len(found)

    def notifications_of(
        self, watchlist_ids: Iterable[int], *, unread_only: bool = False, limit: int = 100, after_id: int = 0
    ) -> list[Notification]:
        """The newest first (ids above ``after_id`` only)."""
        query = select(notifications).where(notifications.c.watchlist_id.in_(list(watchlist_ids)))
        query = query.where(notifications.c.id > after_id)
        if unread_only:
            query = query.where(notifications.c.read.is_(False))
        with self._read() as conn:
            return [_notification(r) for r in conn.execute(query.order_by(notifications.c.id.desc()).limit(limit))]

    def notification_by_id(self, notification_id: int) -> Notification | None:
        with self._read() as conn:
            row = conn.execute(select(notifications).where(notifications.c.id == notification_id)).first()
            return _notification(row) if row else None

    def unread_counts(self, watchlist_ids: Iterable[int]) -> dict[int, int]:
        ids = list(watchlist_ids)
        query = (
            select(notifications.c.watchlist_id, func.count())
            .where(notifications.c.watchlist_id.in_(ids), notifications.c.read.is_(False))
            .group_by(notifications.c.watchlist_id)
        )
        with self._read() as conn:
            found = {int(w): int(n) for w, n in conn.execute(query)}
        return {i: found.get(i, 0) for i in ids}

    def mark_read(self, watchlist_id: int, notification_ids: Iterable[int] | None = None) -> int:
        """Mark the given notifications of a watchlist read (all of them when None); returns how many."""
        query = update(notifications).where(notifications.c.watchlist_id == watchlist_id)
        if notification_ids is not None:
            query = query.where(notifications.c.id.in_(list(notification_ids)))
        with self._connect() as conn:
            return int(conn.execute(query.where(notifications.c.read.is_(False)).values(read=True)).rowcount)

    def count_notifications(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(notifications)).scalar_one())

    # webhooks and the delivery log -----------------------------------------------------------------------------
    def add_webhook(self, webhook: Webhook) -> None:
        row = {"watchlist_id": webhook.watchlist_id, "url": webhook.url, "secret": webhook.secret,
               "created_at": webhook.created_at}  # fmt: skip
        with self._connect() as conn:
            webhook.id = int(conn.execute(insert(webhooks).values(**row).returning(webhooks.c.id)).scalar_one())

    def webhooks_of(self, watchlist_id: int) -> list[Webhook]:
        query = select(webhooks).where(webhooks.c.watchlist_id == watchlist_id).order_by(webhooks.c.id)
        with self._read() as conn:
            return [Webhook(r.watchlist_id, r.url, r.secret, r.created_at, r.id) for r in conn.execute(query)]

    def remove_webhook(self, webhook_id: int) -> None:
        with self._connect() as conn:
            conn.execute(delete(deliveries).where(deliveries.c.webhook_id == webhook_id))
            conn.execute(delete(webhooks).where(webhooks.c.id == webhook_id))

    def due_deliveries(self, now: str, limit: int = 100) -> list[tuple[Delivery, Webhook, Notification]]:
        """The pending deliveries whose next attempt is due, the oldest first, with their webhook and notification."""
        query = (
            select(
                deliveries,
                webhooks.c.watchlist_id,
                webhooks.c.url,
                webhooks.c.secret,
                webhooks.c.created_at,
                notifications,
            )
            .join(webhooks, webhooks.c.id == deliveries.c.webhook_id)
            .join(notifications, notifications.c.id == deliveries.c.notification_id)
            .where(deliveries.c.status == DeliveryStatus.PENDING.value, deliveries.c.next_attempt <= now)
            .order_by(deliveries.c.next_attempt, deliveries.c.id)
            .limit(limit)
        )
        found = []
        with self._read() as conn:
            for r in conn.execute(query):
                m = r._mapping
                delivery = Delivery(
                    m[deliveries.c.webhook_id], m[deliveries.c.notification_id], m[deliveries.c.next_attempt],
                    DeliveryStatus(m[deliveries.c.status]), m[deliveries.c.attempts], m[deliveries.c.response_code],
                    m[deliveries.c.error], m[deliveries.c.delivered_at], m[deliveries.c.id])  # fmt: skip
                hook = Webhook(m[webhooks.c.watchlist_id], m[webhooks.c.url], m[webhooks.c.secret],
                               m[webhooks.c.created_at], m[deliveries.c.webhook_id])  # fmt: skip
                note = Notification(
                    m[notifications.c.watchlist_id], m[notifications.c.event_id], m[notifications.c.kind],
                    m[notifications.c.edition_key], m[notifications.c.identifier], m[notifications.c.at],
                    orjson.loads(m[notifications.c.detail]), m[notifications.c.replaced_by],
                    bool(m[notifications.c.read]), m[notifications.c.id])  # fmt: skip
                found.append((delivery, hook, note))
        return found

    def record_attempt(self, delivery: Delivery) -> None:
        """Keep the outcome of an attempt: ``delivery``'s status, attempts, response, error and next attempt."""
        values = {"status": delivery.status.value, "attempts": delivery.attempts, "next_attempt": delivery.next_attempt,
                  "response_code": delivery.response_code, "error": delivery.error,
                  "delivered_at": delivery.delivered_at}  # fmt: skip
        with self._connect() as conn:
            conn.execute(update(deliveries).where(deliveries.c.id == delivery.id).values(**values))

    def deliveries_of(self, webhook_id: int, limit: int = 100) -> list[Delivery]:
        """The delivery log of a webhook, the newest first."""
        query = select(deliveries).where(deliveries.c.webhook_id == webhook_id)
        with self._read() as conn:
            return [_delivery(r) for r in conn.execute(query.order_by(deliveries.c.id.desc()).limit(limit))]


def _events_of_records(query: Select[Any], since: str, bodies: Sequence[str], countries: Sequence[str]) -> Select[Any]:
    """``query`` over the events since ``since`` of records held of those bodies and countries."""
    query = query.join(standards, standards.c.edition_key == events.c.edition_key).where(events.c.at >= since)
    if bodies:
        query = query.where(standards.c.body.in_(list(bodies)))
    if countries:
        query = query.where(standards.c.country.in_(list(countries)))
    return query


def event_of(row: Any) -> ChangeEvent:
    """The change event of a row of ``events``."""
    return ChangeEvent(ChangeKind(row.kind), row.edition_key, row.identifier, row.at, orjson.loads(row.detail))
