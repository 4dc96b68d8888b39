"""E-mail digests through a local SMTP server (aiosmtpd on 127.0.0.1): a watchlist set to "daily" receives the
replacement of ISO 9001:2008 in one message with links to both records, not again the same day, and the next
notification after a day; one set to "none" receives nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from tests.watch.receiver import free_port

from stdbridge.catalog import Catalog
from stdbridge.watch.email import SmtpServer, send_due
from stdbridge.watch.model import EmailMode, ItemKind, Notification, WatchItem, Watchlist

NOW = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_daily_digest_is_sent_once_a_day(empty_catalog: Catalog, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    store = empty_catalog.store
    daily = Watchlist("QMS", "t1", NOW.isoformat(), 1, None, [WatchItem(ItemKind.ICS, "03.120.10")], EmailMode.DAILY,
                      "qa@example.org")  # fmt: skip
    silent = Watchlist("quiet", "t2", NOW.isoformat(), 1, None, [WatchItem(ItemKind.ICS, "03.120.10")])
    store.add_watchlists([daily, silent])
    for w in (daily, silent):
        store.add_notifications([Notification(w.id or 0, 1, "replaced", "ISO 9001:2008", "ISO 9001:2008",
                                              NOW.isoformat(), {}, "ISO 9001:2015")], NOW.isoformat())  # fmt: skip
    server = SmtpServer("127.0.0.1", port)
    assert send_due(store, server, "https://stdbridge.example.org", NOW) == 1
    [(to, message)] = inbox.messages
    assert to == ["qa@example.org"] and message["Subject"] == "stdbridge watchlist: QMS"
    body = message.get_payload()
    assert "ISO 9001:2008 was replaced by ISO 9001:2015" in body
    assert "https://stdbridge.example.org/standard?id=ISO+9001%3A2015" in body
    store.add_notifications([Notification(daily.id or 0, 2, "added", "ISO 9001:2015", "ISO 9001:2015",
                                          NOW.isoformat(), {})], NOW.isoformat())  # fmt: skip
    assert send_due(store, server, "https://stdbridge.example.org", NOW + dt.timedelta(hours=3)) == 0
    assert send_due(store, server, "https://stdbridge.example.org", NOW + dt.timedelta(days=1)) == 1
    body = inbox.messages[-1][1].get_payload()
    assert "ISO 9001:2015 was added" in body and "replaced" not in body
