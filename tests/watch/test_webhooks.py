"""Webhooks: a notification of ISO 9001:2008 replaced by ISO 9001:2015 is POSTed to a real receiver on
127.0.0.1, signed with HMAC-SHA256 that the receiver verifies; a receiver that is down gets it after it comes
back, at the attempt the back-off schedules, and the delivery log shows each attempt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from tests.watch.receiver import Receiver, free_port

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.store import Store
from stdbridge.watch.model import DeliveryStatus, Notification, WatchItem
from stdbridge.watch.service import Watching, parse_item
from stdbridge.watch.webhooks import FIRST_DELAY, LONGEST_DELAY, backoff, deliver_due, sign, verify

BASE = "https://stdbridge.example.org"
NOW = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver(free_port())
    yield found
    found.stop()


def replaced_9001(store: Store, watchlist_id: int) -> None:
    note = Notification(watchlist_id, 1, "replaced", "ISO 9001:2008", "ISO 9001:2008", NOW.isoformat(),
                        {"from": "in-force"}, "ISO 9001:2015")  # fmt: skip
    store.add_notifications([note], NOW.isoformat())


def test_backoff_doubles_up_to_six_hours() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [FIRST_DELAY, 2 * FIRST_DELAY, 4 * FIRST_DELAY]
    assert backoff(40) == LONGEST_DELAY
    assert verify("s", b"{}", sign("s", b"{}")) and not verify("t", b"{}", sign("s", b"{}"))


def test_a_delivery_is_signed_and_received(empty_catalog: Catalog, receiver: Receiver) -> None:
    store, watching = empty_catalog.store, Watching(empty_catalog.store)
    watchlist = watching.create(LOCAL_ADMIN, "ISO 9001", [WatchItem(parse_item("work", "ISO 9001").kind, "iso:9001")])
    hook = watching.add_webhook(LOCAL_ADMIN, watchlist.id or 0, receiver.start().url)
    replaced_9001(store, watchlist.id or 0)
    assert deliver_due(store, BASE, now=NOW).delivered == 1
    [(body, signature)] = receiver.received
    assert verify(hook.secret, body, signature)
    sent = orjson.loads(body)
    assert (sent["identifier"], sent["replaced_by"], sent["kind"]) == ("ISO 9001:2008", "ISO 9001:2015", "replaced")
    assert sent["url"] == BASE + "/standard?id=ISO+9001%3A2008"
    assert sent["replaced_by_url"] == BASE + "/standard?id=ISO+9001%3A2015"
    assert sent["summary"] == "ISO 9001:2008 was replaced by ISO 9001:2015"
    [logged] = store.deliveries_of(hook.id or 0)
    assert (logged.status, logged.attempts, logged.response_code) == (DeliveryStatus.DELIVERED, 1, 204)
    assert deliver_due(store, BASE, now=NOW + dt.timedelta(hours=1)).delivered == 0  # once


def test_a_receiver_that_is_down_gets_the_delivery_after_it_comes_back(empty_catalog: Catalog, tmp_path: Path) -> None:
    store, watching = empty_catalog.store, Watching(empty_catalog.store)
    receiver = Receiver(free_port())  # not started: the port refuses connections
    watchlist = watching.create(LOCAL_ADMIN, "ISO 9001", [WatchItem(parse_item("ics", "03.120.10").kind, "03.120.10")])
    hook = watching.add_webhook(LOCAL_ADMIN, watchlist.id or 0, receiver.url)
    replaced_9001(store, watchlist.id or 0)
    first = deliver_due(store, BASE, now=NOW)
    second = deliver_due(store, BASE, now=NOW + dt.timedelta(seconds=FIRST_DELAY))
    assert (first.failed, second.failed) == (1, 1)
    [logged] = store.deliveries_of(hook.id or 0)
    assert (logged.status, logged.attempts, logged.response_code) == (DeliveryStatus.PENDING, 2, None)
    assert "ConnectError" in (logged.error or "")
    assert logged.next_attempt == (NOW + dt.timedelta(seconds=FIRST_DELAY + 2 * FIRST_DELAY)).isoformat()
    try:
        receiver.start()
        assert deliver_due(store, BASE, now=NOW + dt.timedelta(seconds=FIRST_DELAY + 1)).delivered == 0  # not due
        assert deliver_due(store, BASE, now=NOW + dt.timedelta(seconds=3 * FIRST_DELAY)).delivered == 1
    finally:
        receiver.stop()
    [(body, signature)] = receiver.received
    assert verify(hook.secret, body, signature) and orjson.loads(body)["replaced_by"] == "ISO 9001:2015"
    [logged] = store.deliveries_of(hook.id or 0)
    assert (logged.status, logged.attempts, logged.response_code, logged.error) == (
        DeliveryStatus.DELIVERED, 3, 204, None)  # fmt: skip
