"""The storage interface of watching: watchlists, their notifications and webhooks, and the technical-regulation
notices and news that reach them (``stdbridge.watch``, ``stdbridge.notices``; rows in ``store.watch_sql`` and
``store.notices_sql``).

``Store`` (``store.base``) is made of these parts; ``SqlStore`` implements them all."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from stdbridge.models import ChangeEvent
from stdbridge.watch.model import Delivery, EmailMode, Notification, WatchItem, Watchlist, Webhook

if TYPE_CHECKING:  # used in annotations only
    from stdbridge.notices.model import Notice, NoticeQuery


class WatchingStore(ABC):
    """What ``Store`` keeps for watching and notices."""

    # watchlists and alerts (``stdbridge.watch``; rows in ``store.watch_sql``)
    @abstractmethod
    def add_watchlist(self, watchlist: Watchlist) -> None:
        """Keep a new watchlist with its items; sets its id."""

    @abstractmethod
    def add_watchlists(self, many: Sequence[Watchlist]) -> None: ...

    @abstractmethod
    def add_watch_item(self, watchlist_id: int, item: WatchItem) -> None: ...

    @abstractmethod
    def remove_watch_item(self, watchlist_id: int, item: WatchItem) -> int:
        """Remove the items of that kind and value; how many there were."""

    @abstractmethod
    def watchlist_by_id(self, watchlist_id: int) -> Watchlist | None: ...

    @abstractmethod
    def watchlist_by_feed_token(self, token: str) -> Watchlist | None: ...

    @abstractmethod
    def watchlists_of(self, user_id: int | None, org_ids: Iterable[int] = ()) -> list[Watchlist]:
        """The watchlists a user owns and those of the organisations ``org_ids``."""

    @abstractmethod
    def all_watchlists(self) -> list[Watchlist]: ...

    @abstractmethod
    def set_watchlist_email(self, watchlist_id: int, mode: EmailMode, to: str | None) -> None: ...

    @abstractmethod
    def remove_watchlist(self, watchlist_id: int) -> None:
        """Remove a watchlist with its items, notifications, webhooks and their deliveries."""

    @abstractmethod
    def events_after(self, event_id: int, limit: int = 10000) -> list[tuple[int, ChangeEvent]]:
        """The change events after ``event_id``, with their ids, in order."""

    @abstractmethod
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
        """The change events at or after ``since`` (an ISO date or moment) with an id above ``after_id``, oldest
        first, each with its id and the store id of its record, of records the catalogue holds of one of
        ``bodies``, of one of ``countries`` and among ``ids`` (any, when empty or None): a page of ``stdbridge
        changes``."""

    @abstractmethod
    def count_events_of_records(
        self,
        since: str,
        *,
        bodies: Sequence[str] = (),
        countries: Sequence[str] = (),
        ids: Collection[int] | None = None,
    ) -> int:
        """How many events ``events_of_records`` reads in all, on every page."""

    @abstractmethod
    def watch_cursor(self, name: str) -> str | None: ...

    @abstractmethod
    def set_watch_cursor(self, name: str, value: str) -> None: ...

    @abstractmethod
    def add_notifications(self, found: Sequence[Notification], now: str) -> int:
        """Keep ``found`` and a pending delivery of each to each webhook of its watchlist; how many were kept."""

    @abstractmethod
    def notifications_of(
        self, watchlist_ids: Iterable[int], *, unread_only: bool = False, limit: int = 100, after_id: int = 0
    ) -> list[Notification]: ...

    @abstractmethod
    def notification_by_id(self, notification_id: int) -> Notification | None: ...

    @abstractmethod
    def unread_counts(self, watchlist_ids: Iterable[int]) -> dict[int, int]: ...

    @abstractmethod
    def mark_read(self, watchlist_id: int, notification_ids: Iterable[int] | None = None) -> int: ...

    @abstractmethod
    def count_notifications(self) -> int: ...

    @abstractmethod
    def add_webhook(self, webhook: Webhook) -> None: ...

    @abstractmethod
    def webhooks_of(self, watchlist_id: int) -> list[Webhook]: ...

    @abstractmethod
    def remove_webhook(self, webhook_id: int) -> None: ...

    @abstractmethod
    def due_deliveries(self, now: str, limit: int = 100) -> list[tuple[Delivery, Webhook, Notification]]: ...

    @abstractmethod
    def record_attempt(self, delivery: Delivery) -> None: ...

    @abstractmethod
    def deliveries_of(self, webhook_id: int, limit: int = 100) -> list[Delivery]: ...

    # notices and news (``stdbridge.notices``; rows in ``store.notices_sql``)
    @abstractmethod
    def save_notice(self, notice: Notice, now: str) -> str:
        """Keep ``notice`` with its codes and citations, or update the one of the same key; says ``added``,
        ``changed`` or ``same`` (nothing written); sets its id."""

    @abstractmethod
    def notice_by_id(self, notice_id: int) -> Notice | None: ...

    @abstractmethod
    def notice_by_key(self, key: str) -> Notice | None: ...

    @abstractmethod
    def find_notices(self, wanted: NoticeQuery) -> list[Notice]:
        """The notices that pass the filters, the newest first (the soonest deadline first for that view)."""

    @abstractmethod
    def count_notices(self, wanted: NoticeQuery) -> int: ...

    @abstractmethod
    def notices_citing(self, work_keys: Iterable[str], limit: int = 100) -> list[Notice]:
        """The notices that cite any edition of these works, the newest first."""

    @abstractmethod
    def notices_after(self, seq: int, limit: int = 1000) -> list[tuple[int, Notice]]:
        """The notices added or changed after ``seq`` (the fan-out's cursor), with their ``seq``, in order."""
