"""The records of watching: a watchlist and what it watches, the notifications it receives, the webhooks that
receive them too and each delivery to a webhook (its attempts: the delivery log)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from stdbridge.i18n import N_, _, in_every_language

# The name of the watchlist a record page's button makes for a person (``Watchlist.is_default``): stored as it is
# here, shown in the reader's language (a list made by an earlier release is stored in its maker's language).
DEFAULT_WATCHLIST = N_("My watchlist")


class ItemKind(StrEnum):
    """What a watchlist item names: one edition, a whole work, an ICS field (and everything under it), a
    committee, a body, a country, or a saved search (a query with filters)."""

    EDITION = "edition"
    WORK = "work"
    ICS = "ics"
    COMMITTEE = "committee"
    BODY = "body"
    COUNTRY = "country"
    SEARCH = "search"
    HS = "hs"  # a product heading (HS code) and everything under it: for notices (stdbridge.notices)


class EmailMode(StrEnum):
    """When a watchlist's notifications are sent by e-mail: never, at once, or as a daily or weekly digest."""

    NONE = "none"
    AT_ONCE = "at-once"
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt


@dataclass(slots=True)
class WatchItem:
    kind: ItemKind
    value: str  # an edition key, work key, ICS code, committee, body, country code, or a search query
    filters: dict[str, str] = field(default_factory=dict)  # a saved search's filters: body, country, status


@dataclass(slots=True)
class Watchlist:
    name: str
    feed_token: str  # the secret in the feed's URL: feed readers fetch it without a session
    created_at: str
    owner_user_id: int | None = None
    owner_org_id: int | None = None
    items: list[WatchItem] = field(default_factory=list)
    email: EmailMode = EmailMode.NONE
    email_to: str | None = None
    id: int | None = None

    def is_default(self) -> bool:
        """Whether this is the watchlist the record page's button made for its owner (``DEFAULT_WATCHLIST``)."""
        return self.name in in_every_language(DEFAULT_WATCHLIST)

    def shown_name(self) -> str:
        """Its name in the reader's language: the default watchlist's is translated, any other is as given."""
        return _(DEFAULT_WATCHLIST) if self.is_default() else self.name


@dataclass(slots=True)
class Notification:
    """One change that concerns one watchlist: what changed (``summary`` holds the event's kind and detail), what
    replaces it (when something does) and links to both records."""

    watchlist_id: int
    event_id: int
    kind: str  # a ``ChangeKind`` value, or ``in-force`` / ``withdrawn`` for a status reached on its date
    edition_key: str
    identifier: str
    at: str
    detail: dict[str, Any] = field(default_factory=dict)
    replaced_by: str | None = None  # the identifier of what replaces it
    read: bool = False
    id: int | None = None


@dataclass(slots=True)
class Webhook:
    watchlist_id: int
    url: str
    secret: str
    created_at: str
    id: int | None = None


@dataclass(slots=True)
class Delivery:
    """One notification to send to one webhook, and how its attempts went."""

    webhook_id: int
    notification_id: int
    next_attempt: str
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    response_code: int | None = None
    error: str | None = None
    delivered_at: str | None = None
    id: int | None = None
