"""Notices as people handle them: import TBT notifications, national notices and news (editors), write a news item
(editors), list them, and the notices of a country or a body (for the country profiles).

An import reads the whole file first (a file that cannot be read changes nothing), resolves the standards each
item cites, then keeps every item in one transaction with its audit entry: a failure leaves nothing half done.
The same key (a TBT symbol, an item's link) is the same item: a re-import updates what changed and leaves the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import NEWS_ADD, NOTICE_IMPORT
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.models import Rejected
from stdbridge.notices.citations import cited_in
from stdbridge.notices.countries import country_code
from stdbridge.notices.feeds import item_key
from stdbridge.notices.model import Notice, NoticeKind, NoticeQuery
from stdbridge.runtime import now_iso
from stdbridge.store import Store

MAX_TITLE = 500
MAX_TEXT = 20000


@dataclass(slots=True)
class NoticeImport:
    """What an import did: items added, changed, unchanged, and the rows rejected (file, line, value, reason)."""

    source: str
    added: int = 0
    changed: int = 0
    same: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "added": self.added, "changed": self.changed, "unchanged": self.same,
                "rejected": [{"source": r.source, "line": r.line, "value": r.value, "reason": r.reason}
                             for r in self.rejected]}  # fmt: skip


def with_citations(store: Store, notice: Notice) -> Notice:
    notice.citations = cited_in(store, [notice.title, notice.products, notice.text])
    return notice


def import_notices(store: Store, actor: Actor, items: Iterable[Notice | Rejected], source: str) -> NoticeImport:
    """Keep the items read from ``source``; editors only."""
    require(actor, Role.EDITOR)
    done = NoticeImport(source)
    read: list[Notice] = []
    for item in items:
        if isinstance(item, Rejected):
            done.rejected.append(item)
        else:
            read.append(with_citations(store, item))
    now = now_iso()
    with store.transaction():
        for notice in read:
            outcome = store.save_notice(notice, now)
            done.added += outcome == "added"
            done.changed += outcome == "changed"
            done.same += outcome == "same"
        audit.record(store, actor.name, actor.user_id, NOTICE_IMPORT, source, None,
                     {"added": done.added, "changed": done.changed, "unchanged": done.same,
                      "rejected": len(done.rejected)})  # fmt: skip
    return done


def add_news(
    store: Store, actor: Actor, *, title: str, country: str | None = None, body: str | None = None,
    date: str | None = None, text: str = "", link: str | None = None, ics: Iterable[str] = (),
    language: str | None = None, kind: NoticeKind = NoticeKind.NEWS,
) -> Notice:  # fmt: skip
    """A news item (or national notice) an editor writes; its standards are linked like an imported one's."""
    require(actor, Role.EDITOR)
    title, text = title.strip(), text.strip()
    if not title or len(title) > MAX_TITLE:
        raise UsageError(_("a news item needs a title of 1 to {most} characters").format(most=MAX_TITLE))
    if len(text) > MAX_TEXT:
        raise UsageError(_("the text is longer than {most} characters").format(most=MAX_TEXT))
    code = country_code(country) if country else None
    if country and code is None:
        raise UsageError(_("'{value}' is not a country").format(value=country))
    day = (date or "").strip() or now_iso()[:10]
    try:
        day = dt.date.fromisoformat(day).isoformat()
    except ValueError:
        raise UsageError(_("'{value}' is not a date such as 2026-12-04").format(value=date)) from None
    link = (link or "").strip() or None
    if link and not link.startswith(("http://", "https://")):
        raise UsageError(_("a link starts with http:// or https://, not '{value}'").format(value=link))
    if kind == NoticeKind.TBT:
        raise UsageError(_("TBT notifications are imported, not written"))
    notice = Notice(kind, item_key(link, title, day, code), title, day, code, (body or "").strip() or None, text,
                    ics=tuple(c.strip() for c in ics if c.strip()), links=(link,) if link else (),
                    language=(language or "").strip() or None, source=f"written by {actor.name}")  # fmt: skip
    with_citations(store, notice)
    with store.transaction():
        outcome = store.save_notice(notice, now_iso())
        audit.record(store, actor.name, actor.user_id, NEWS_ADD, f"notice {notice.id}", None,
                     {"title": title, "country": code, "link": link, "outcome": outcome})  # fmt: skip
    return notice


def notice(store: Store, notice_id: int) -> Notice:
    found = store.notice_by_id(notice_id)
    if found is None:
        raise NotFound(_("no notice {id}").format(id=notice_id))
    return found


def notices_of_country(store: Store, country: str, *, limit: int = 20) -> list[Notice]:
    """A country's notices and news, the newest first (for its profile)."""
    code = country_code(country) or country
    return store.find_notices(NoticeQuery(country=code, limit=limit))


def notices_of_body(store: Store, body: str, *, limit: int = 20) -> list[Notice]:
    """A body's news and notices (those it issued), the newest first."""
    return store.find_notices(NoticeQuery(body=body, limit=limit))


def describe(item: Notice, base_url: str = "") -> dict[str, Any]:
    """A notice as the API and ``--json`` give it."""
    return {
        "id": item.id, "kind": item.kind.value, "key": item.key, "symbol": item.symbol, "parent": item.parent_symbol,
        "title": item.title, "date": item.date, "country": item.country, "body": item.body, "text": item.text,
        "products": item.products, "hs": list(item.hs), "ics": list(item.ics),
        "comment_deadline": item.comment_deadline, "links": list(item.links), "language": item.language,
        "objective": item.objective, "type": item.notice_type, "url": f"{base_url.rstrip('/')}/notices/{item.id}",
        "cites": [{"text": c.text, "identifier": c.identifier, "in_catalogue": c.edition_key is not None}
                  for c in item.citations],
        "created_at": item.created_at, "updated_at": item.updated_at,
    }  # fmt: skip
