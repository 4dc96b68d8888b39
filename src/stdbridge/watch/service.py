"""Watching, as people do it: create a watchlist, add and remove what it watches, its webhooks and e-mail
setting, read its inbox. Every change needs a signed-in user (a reader at least; the local administrator at the
keyboard too), a watchlist of an organisation needs its membership, and each change is written to the audit log
in its transaction. A watchlist is seen only by its owner (or its organisation's members)."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role, require
from stdbridge.audit.entry import WATCH_ADD, WATCH_CHANGE, WATCH_REMOVE, WEBHOOK_ADD, WEBHOOK_REMOVE
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.runtime import now_iso as _now
from stdbridge.store import Store
from stdbridge.watch.model import EmailMode, ItemKind, Notification, WatchItem, Watchlist, Webhook

MAX_NAME = 200


def _item_json(item: WatchItem) -> dict[str, Any]:
    return {"kind": item.kind.value, "value": item.value, "filters": item.filters}


class Watching:
    def __init__(self, store: Store) -> None:
        self.store = store

    # who may -----------------------------------------------------------------------------------------------------
    def _signed_in(self, actor: Actor) -> None:
        if actor is not LOCAL_ADMIN and not actor.signed_in:
            raise Unauthenticated(_("sign in to watch standards"), role=Role.READER.value)
        require(actor, Role.READER)

    def _org_ids(self, actor: Actor) -> list[int]:
        if actor.user_id is None:
            return []
        return [o.id for o in self.store.organisations_of(actor.user_id) if o.id is not None]

    def _may_use(self, actor: Actor, watchlist: Watchlist) -> None:
        if actor is LOCAL_ADMIN:
            return
        if watchlist.owner_user_id is not None and watchlist.owner_user_id == actor.user_id:
            return
        if watchlist.owner_org_id is not None and watchlist.owner_org_id in self._org_ids(actor):
            return
        raise Forbidden(_("{name} may not see or change this watchlist").format(name=actor.name))

    def watchlist(self, actor: Actor, watchlist_id: int) -> Watchlist:
        self._signed_in(actor)
        found = self.store.watchlist_by_id(watchlist_id)
        if found is None:
            raise NotFound(_("no watchlist {id}").format(id=watchlist_id))
        self._may_use(actor, found)
        return found

    def watchlists(self, actor: Actor) -> list[Watchlist]:
        self._signed_in(actor)
        if actor is LOCAL_ADMIN:
            return self.store.all_watchlists()
        return self.store.watchlists_of(actor.user_id, self._org_ids(actor))

    # changes -----------------------------------------------------------------------------------------------------
    def create(
        self, actor: Actor, name: str, items: list[WatchItem], *, org_id: int | None = None,
        email: EmailMode = EmailMode.NONE, email_to: str | None = None,
    ) -> Watchlist:  # fmt: skip
        self._signed_in(actor)
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise UsageError(_("a watchlist needs a name of 1 to {most} characters").format(most=MAX_NAME))
        if org_id is not None and actor is not LOCAL_ADMIN and org_id not in self._org_ids(actor):
            raise Forbidden(_("{name} is not a member of that organisation").format(name=actor.name))
        watchlist = Watchlist(name, secrets.token_urlsafe(24), _now(), None if org_id else actor.user_id, org_id,
                              items, email, email_to)  # fmt: skip
        with self.store.transaction():
            self.store.add_watchlist(watchlist)
            audit.record(self.store, actor.name, actor.user_id, WATCH_ADD, f"watchlist {watchlist.id}", None,
                         {"name": name, "org": org_id, "items": [_item_json(i) for i in items]})  # fmt: skip
        return watchlist

    def add_item(self, actor: Actor, watchlist_id: int, item: WatchItem) -> None:
        watchlist = self.watchlist(actor, watchlist_id)
        if not item.value.strip():
            raise UsageError(_("say what to watch"))
        with self.store.transaction():
            self.store.add_watch_item(watchlist_id, item)
            audit.record(self.store, actor.name, actor.user_id, WATCH_CHANGE, f"watchlist {watchlist.id}", None,
                         {"add": _item_json(item)})  # fmt: skip

    def remove_item(self, actor: Actor, watchlist_id: int, item: WatchItem) -> int:
        self.watchlist(actor, watchlist_id)
        with self.store.transaction():
            removed = self.store.remove_watch_item(watchlist_id, item)
            audit.record(self.store, actor.name, actor.user_id, WATCH_CHANGE, f"watchlist {watchlist_id}",
                         {"item": _item_json(item)}, None)  # fmt: skip
        return removed

    def set_email(self, actor: Actor, watchlist_id: int, mode: EmailMode, to: str | None) -> None:
        watchlist = self.watchlist(actor, watchlist_id)
        if mode != EmailMode.NONE and not (to and "@" in to):
            raise UsageError(_("e-mail needs an address to send to, not '{value}'").format(value=to or ""))
        with self.store.transaction():
            self.store.set_watchlist_email(watchlist_id, mode, to)
            audit.record(self.store, actor.name, actor.user_id, WATCH_CHANGE, f"watchlist {watchlist_id}",
                         {"email": watchlist.email.value, "to": watchlist.email_to},
                         {"email": mode.value, "to": to})  # fmt: skip

    def remove(self, actor: Actor, watchlist_id: int) -> None:
        watchlist = self.watchlist(actor, watchlist_id)
        with self.store.transaction():
            self.store.remove_watchlist(watchlist_id)
            audit.record(self.store, actor.name, actor.user_id, WATCH_REMOVE, f"watchlist {watchlist_id}",
                         {"name": watchlist.name, "items": [_item_json(i) for i in watchlist.items]}, None)  # fmt: skip

    def add_webhook(self, actor: Actor, watchlist_id: int, url: str) -> Webhook:
        self.watchlist(actor, watchlist_id)
        if not url.startswith(("http://", "https://")):
            raise UsageError(_("a webhook needs an http:// or https:// URL, not '{value}'").format(value=url))
        hook = Webhook(watchlist_id, url, secrets.token_hex(32), _now())
        with self.store.transaction():
            self.store.add_webhook(hook)
            audit.record(self.store, actor.name, actor.user_id, WEBHOOK_ADD, f"watchlist {watchlist_id}", None,
                         {"webhook": hook.id, "url": url})  # fmt: skip
        return hook

    def remove_webhook(self, actor: Actor, watchlist_id: int, webhook_id: int) -> None:
        self.watchlist(actor, watchlist_id)
        hooks = {h.id: h for h in self.store.webhooks_of(watchlist_id)}
        if webhook_id not in hooks:
            raise NotFound(_("no webhook {id} on this watchlist").format(id=webhook_id))
        with self.store.transaction():
            self.store.remove_webhook(webhook_id)
            audit.record(self.store, actor.name, actor.user_id, WEBHOOK_REMOVE, f"watchlist {watchlist_id}",
                         {"webhook": webhook_id, "url": hooks[webhook_id].url}, None)  # fmt: skip

    # the inbox ---------------------------------------------------------------------------------------------------
    def inbox(self, actor: Actor, *, unread_only: bool = False, limit: int = 100) -> list[Notification]:
        ids = [w.id for w in self.watchlists(actor) if w.id is not None]
        return self.store.notifications_of(ids, unread_only=unread_only, limit=limit) if ids else []

    def unread(self, actor: Actor) -> int:
        ids = [w.id for w in self.watchlists(actor) if w.id is not None]
        return sum(self.store.unread_counts(ids).values()) if ids else 0

    def mark_read(self, actor: Actor, watchlist_id: int, notification_ids: list[int] | None = None) -> int:
        self.watchlist(actor, watchlist_id)
        return self.store.mark_read(watchlist_id, notification_ids)


def describe(watchlist: Watchlist) -> dict[str, Any]:
    found = asdict(watchlist)
    found["items"] = [_item_json(i) for i in watchlist.items]
    found["email"] = watchlist.email.value
    found.pop("feed_token")
    return found


def parse_item(kind: str, value: str) -> WatchItem:
    try:
        chosen = ItemKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in ItemKind)
        raise UsageError(_("one can watch {kinds}, not '{value}'").format(kinds=kinds, value=kind)) from None
    return WatchItem(chosen, value.strip())
