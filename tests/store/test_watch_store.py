"""Watchlists in the store (SQLite and PostgreSQL): watchlists with their items, found by owner, organisation and
feed token; change events read after a cursor; notifications kept in bulk with a pending delivery for each
webhook, counted unread and marked read; the delivery log; removal of a watchlist with everything it holds.
Real identifiers of the ISO catalogue (ISO 9001 and its ICS field 03.120.10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stdbridge.models import ChangeEvent, ChangeKind
from stdbridge.store import SqlStore, Store
from stdbridge.watch.model import (
    DeliveryStatus,
    EmailMode,
    ItemKind,
    Notification,
    WatchItem,
    Watchlist,
    Webhook,
)

AT = "2026-12-04T20:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def quality_watchlist(owner: int | None = 7, org: int | None = None) -> Watchlist:
    items = [WatchItem(ItemKind.WORK, "iso:9001"), WatchItem(ItemKind.ICS, "03.120.10"),
             WatchItem(ItemKind.SEARCH, "quality management", {"body": "ISO"})]  # fmt: skip
    return Watchlist("Quality management", f"token-{owner}-{org}", AT, owner, org, items)


def test_watchlists_are_kept_with_their_items_and_found_by_owner_and_token(store: Store) -> None:
    mine, theirs = quality_watchlist(7), quality_watchlist(None, org=3)
    store.add_watchlist(mine)
    store.add_watchlists([theirs])
    assert mine.id is not None and theirs.id is not None and mine.id != theirs.id
    assert store.watchlist_by_id(mine.id) == mine
    assert store.watchlist_by_feed_token("token-None-3") == theirs
    assert store.watchlist_by_feed_token("nope") is None
    assert [w.id for w in store.watchlists_of(7)] == [mine.id]
    assert [w.id for w in store.watchlists_of(7, [3])] == [mine.id, theirs.id]
    assert [w.id for w in store.watchlists_of(8)] == []
    store.add_watch_item(mine.id, WatchItem(ItemKind.COMMITTEE, "ISO/TC 176/SC 2"))
    assert store.remove_watch_item(mine.id, WatchItem(ItemKind.ICS, "03.120.10")) == 1
    kinds = [i.kind for i in (store.watchlist_by_id(mine.id) or mine).items]
    assert kinds == [ItemKind.WORK, ItemKind.SEARCH, ItemKind.COMMITTEE]
    store.set_watchlist_email(mine.id, EmailMode.DAILY, "qa@example.org")
    assert (store.watchlist_by_id(mine.id) or mine).email == EmailMode.DAILY


def test_events_are_read_after_a_cursor_and_the_cursor_is_kept(store: Store) -> None:
    import_id = store.start_import("iso", "iso", "iso_catalog.jsonl", "0" * 64, AT)
    store.save_events(import_id, [
        ChangeEvent(ChangeKind.CHANGED, "iso:9001:2008", "ISO 9001:2008", AT, {"fields": ["status"]}),
        ChangeEvent(ChangeKind.WITHDRAWN, "iso:9001:2008", "ISO 9001:2008", AT, {"from": "in-force"}),
        ChangeEvent(ChangeKind.ADDED, "iso:9001:2015", "ISO 9001:2015", AT, {"status": "in-force"}),
    ])  # fmt: skip
    found = store.events_after(0)
    assert [e.kind for _, e in found] == [ChangeKind.CHANGED, ChangeKind.WITHDRAWN, ChangeKind.ADDED]
    assert [e.identifier for _, e in store.events_after(found[0][0], limit=1)] == ["ISO 9001:2008"]
    assert store.events_after(found[-1][0]) == []
    assert store.watch_cursor("events") is None
    store.set_watch_cursor("events", "2")
    store.set_watch_cursor("events", str(found[-1][0]))
    assert store.watch_cursor("events") == str(found[-1][0])


def test_notifications_get_a_delivery_per_webhook_and_are_read(store: Store) -> None:
    hooked, plain = quality_watchlist(7), quality_watchlist(8)
    store.add_watchlists([hooked, plain])
    assert hooked.id is not None and plain.id is not None
    hook = Webhook(hooked.id, "http://127.0.0.1:9/hook", "s3cret", AT)
    store.add_webhook(hook)
    assert hook.id is not None and store.webhooks_of(hooked.id) == [hook]
    notes = [Notification(w, 5, "withdrawn", "iso:9001:2008", "ISO 9001:2008", AT, {"from": "in-force"},
                          "ISO 9001:2015") for w in (hooked.id, plain.id)]  # fmt: skip
    assert store.add_notifications(notes, AT) == 2
    assert store.count_notifications() == 2
    assert store.unread_counts([hooked.id, plain.id, 999]) == {hooked.id: 1, plain.id: 1, 999: 0}
    inbox = store.notifications_of([plain.id])
    assert [(n.identifier, n.replaced_by, n.read) for n in inbox] == [("ISO 9001:2008", "ISO 9001:2015", False)]
    assert store.notification_by_id(inbox[0].id or 0) == inbox[0]
    assert store.mark_read(plain.id) == 1 and store.mark_read(plain.id) == 0
    assert store.notifications_of([plain.id], unread_only=True) == []
    due = store.due_deliveries(AT)
    assert [(d.webhook_id, n.identifier, h.url) for d, h, n in due] == [(hook.id, "ISO 9001:2008", hook.url)]
    assert store.due_deliveries("2026-12-04T19:59:59+00:00") == []
    delivery = due[0][0]
    delivery.attempts, delivery.response_code, delivery.status = 1, 204, DeliveryStatus.DELIVERED
    delivery.delivered_at = AT
    store.record_attempt(delivery)
    assert store.due_deliveries(AT) == []
    assert store.deliveries_of(hook.id) == [delivery]


def test_removing_a_watchlist_removes_what_it_holds(store: Store) -> None:
    watchlist = quality_watchlist(7)
    store.add_watchlist(watchlist)
    assert watchlist.id is not None
    store.add_webhook(Webhook(watchlist.id, "http://127.0.0.1:9/hook", "s3cret", AT))
    store.add_notifications([Notification(watchlist.id, 1, "added", "iso:9001:2015", "ISO 9001:2015", AT)], AT)
    store.remove_watchlist(watchlist.id)
    assert store.watchlist_by_id(watchlist.id) is None
    assert store.count_notifications() == 0 and store.due_deliveries(AT) == []
    assert store.webhooks_of(watchlist.id) == []
