"""Notices and news items reaching the watchlists they touch: those that watch a standard they cite (its edition
or its work), an ICS field of theirs (or a field above it), a product heading of theirs (HS, and the headings
above: watching ``1003`` hears of ``100310``), their country or body, or whose saved search their title and text
match. Each gets an inbox notification of kind ``notice`` that says what the notice is and links its page; the
webhooks and e-mail digests of the watchlist carry it like any other (``watch.webhooks``, ``watch.email``).

``fan_out_notices`` reads the notices added or changed since its cursor (``notices``: the last ``seq`` handled)
and writes their notifications and the cursor in one transaction. A watchlist hears only of notices added or
changed after it was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdbridge.notices.model import Notice
from stdbridge.runtime import now_iso
from stdbridge.store import Store
from stdbridge.watch.links import NOTICE
from stdbridge.watch.matching import WatchIndex, ics_prefixes, key_of
from stdbridge.watch.model import ItemKind, Notification

CURSOR = "notices"


@dataclass(slots=True)
class NoticeFanOut:
    notices: int = 0
    notifications: int = 0
    cursor: int = 0


def hs_prefixes(code: str) -> list[str]:
    """``100310`` -> ``10``, ``1003``, ``100310`` (chapter, heading, sub-heading); dots are left out."""
    digits = code.replace(".", "").strip()
    return [digits[:n] for n in range(2, len(digits) + 1, 2)] + ([digits] if len(digits) % 2 else [])


def touched(notice: Notice) -> list[tuple[ItemKind, str]]:
    """The watch items a notice concerns."""
    keys: list[tuple[ItemKind, str]] = []
    for c in notice.citations:
        keys.append((ItemKind.WORK, c.work_key))
        if c.edition_key:
            keys.append((ItemKind.EDITION, c.edition_key))
    keys += [(ItemKind.ICS, prefix) for code in notice.ics for prefix in ics_prefixes(code)]
    keys += [(ItemKind.HS, prefix) for code in notice.hs for prefix in hs_prefixes(code)]
    if notice.country:
        keys.append((ItemKind.COUNTRY, key_of(ItemKind.COUNTRY, notice.country)))
    if notice.body:
        keys.append((ItemKind.BODY, key_of(ItemKind.BODY, notice.body)))
    return keys


def notification(watchlist_id: int, notice: Notice) -> Notification:
    cited = [c.edition_key for c in notice.citations if c.edition_key]
    detail = {"notice": notice.id, "notice_kind": notice.kind.value, "title": notice.title[:300],
              "country": notice.country, "deadline": notice.comment_deadline,
              "cites": [c.identifier for c in notice.citations][:10],
              "changed": notice.created_at != notice.updated_at}  # fmt: skip
    return Notification(watchlist_id, 0, NOTICE, cited[0] if cited else "", notice.symbol or notice.title[:200],
                        notice.updated_at, detail)  # fmt: skip


def fan_out_notices(store: Store, *, batch: int = 1000) -> NoticeFanOut:
    """Notify the watchlists of every notice added or changed since the last run."""
    done = NoticeFanOut(cursor=int(store.watch_cursor(CURSOR) or 0))
    index: WatchIndex | None = None
    while True:
        found = store.notices_after(done.cursor, batch)
        if not found:
            return done
        if index is None:
            index = WatchIndex.of(store.all_watchlists())
        notes = []
        for _, notice in found:
            text = " ".join((notice.symbol or "", notice.title, notice.products, notice.text))
            facts = {"body": notice.body or "", "country": notice.country or ""}
            for watchlist_id in sorted(index.watchers_of_keys(touched(notice), text, facts)):
                if notice.updated_at >= index.created.get(watchlist_id, ""):
                    notes.append(notification(watchlist_id, notice))
        with store.transaction():
            done.notifications += store.add_notifications(notes, now_iso())
            store.set_watch_cursor(CURSOR, str(found[-1][0]))
        done.notices += len(found)
        done.cursor = found[-1][0]
