"""The watching pages: ``/watch`` is the inbox (the notifications of every watchlist of the person signed in, the
unread ones marked, each saying what changed and what replaces it with links to both records) with the list of
watchlists and their unread counts; ``/watch/{id}`` is one watchlist (what it watches, its feed address, its
notifications); ``/watch/{id}/feed.atom?token=...`` is its Atom feed, for feed readers, without a session.

``POST /watch/add`` is the record page's watch button (a form: it adds the edition or its work to the watchlist
chosen, else to the person's "My watchlist", made at the first press); ``POST /watch/{id}/read`` marks it read;
``POST /watch/{id}/watch`` adds an item (an ICS field, a committee, a body, a country, a search), ``/unwatch``
removes one. Every form carries the CSRF token; ``watch.service`` decides who may do what (a signed-in user).
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.watch.feed import FEED_SIZE, atom_feed, feed_path
from stdbridge.watch.links import item_label, link_of, record_url, what_changed
from stdbridge.watch.model import DEFAULT_WATCHLIST, ItemKind, WatchItem
from stdbridge.watch.service import Watching
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

router = APIRouter(include_in_schema=False)
INBOX_SIZE = 200
ADDABLE = (ItemKind.ICS, ItemKind.COMMITTEE, ItemKind.BODY, ItemKind.COUNTRY, ItemKind.SEARCH, ItemKind.HS)


def _field(form: object, name: str) -> str:
    value = form.get(name) if hasattr(form, "get") else None
    return value.strip() if isinstance(value, str) else ""


@router.get("/watch")
async def inbox_page(request: Request, unread: bool = Query(False)) -> Response:
    site, lang = site_of(request), page_language(request)
    watching = Watching(site.catalog.store)
    actor = actor_of(request)
    lists = await run_in_threadpool(watching.watchlists, actor)
    ids = [w.id for w in lists if w.id is not None]
    counts = site.catalog.store.unread_counts(ids) if ids else {}
    notes = site.catalog.store.notifications_of(ids, unread_only=unread, limit=INBOX_SIZE) if ids else []
    names = {w.id: w.shown_name() for w in lists}
    context = {"watchlists": lists, "counts": counts, "notes": notes, "names": names, "only_unread": unread,
               "what_changed": what_changed, "record_url": lambda i: record_url("", i),
               "link_of": lambda n: link_of("", n),
               "item_label": item_label}  # fmt: skip
    return site.renderer.page(request, "watch_inbox.html", context, lang=lang)


@router.get("/watch/{watchlist_id}")
async def watchlist_page(request: Request, watchlist_id: int = Path(ge=1, le=2**31)) -> Response:
    site, lang = site_of(request), page_language(request)
    watchlist = Watching(site.catalog.store).watchlist(actor_of(request), watchlist_id)
    notes = site.catalog.store.notifications_of([watchlist_id], limit=INBOX_SIZE)
    context = {"watchlist": watchlist, "notes": notes, "feed": str(request.base_url).rstrip("/") + feed_path(watchlist),
               "unread": site.catalog.store.unread_counts([watchlist_id])[watchlist_id],
               "webhooks": site.catalog.store.webhooks_of(watchlist_id),
               "what_changed": what_changed, "record_url": lambda i: record_url("", i),
               "link_of": lambda n: link_of("", n),
               "item_label": item_label, "kinds": ADDABLE}  # fmt: skip
    return site.renderer.page(request, "watchlist.html", context, lang=lang)


@router.get("/watch/{watchlist_id}/feed.atom")
async def feed(
    request: Request, watchlist_id: int = Path(ge=1, le=2**31), token: str = Query("", max_length=100)
) -> Response:
    store = site_of(request).catalog.store
    watchlist = store.watchlist_by_feed_token(token) if token else None
    if watchlist is None or watchlist.id != watchlist_id:
        raise NotFound(_("no feed at this address; copy it again from the watchlist's page"))
    notes = store.notifications_of([watchlist_id], limit=FEED_SIZE)
    xml = atom_feed(watchlist, notes, str(request.base_url))
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


@router.post("/watch/add")
async def watch_button(request: Request) -> Response:
    """The record page's button: watch an edition or its work, in a watchlist of one's own (a new one when the
    form names none)."""
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        kind, value, chosen, name = (_field(form, n) for n in ("kind", "value", "watchlist", "name"))
    if kind not in (ItemKind.EDITION.value, ItemKind.WORK.value) or not value:
        raise UsageError(_("choose an edition or a work to watch"))
    watching, actor = Watching(site.catalog.store), actor_of(request)
    item = WatchItem(ItemKind(kind), value)
    if not chosen.isdigit():  # the person's own default watchlist, made at the first press
        own = [w for w in await run_in_threadpool(watching.watchlists, actor)
               if w.owner_user_id == actor.user_id and (w.name == name if name else w.is_default())]  # fmt: skip
        if not own:
            made = await run_in_threadpool(watching.create, actor, name or DEFAULT_WATCHLIST, [item])
            return RedirectResponse(f"/watch/{made.id}", status_code=303)
        chosen = str(own[0].id)
    await run_in_threadpool(watching.add_item, actor, int(chosen), item)
    target = int(chosen)
    return RedirectResponse(f"/watch/{target}", status_code=303)


@router.post("/watch/{watchlist_id}/{action}")
async def act_on_watchlist(request: Request, watchlist_id: str, action: str) -> Response:
    """Mark read, watch one more thing, or stop watching one; the path is read after the form's token is checked."""
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        kind, value = _field(form, "kind"), _field(form, "value")
    number = int(watchlist_id) if watchlist_id.isdigit() and len(watchlist_id) < 10 else 0
    watching, actor = Watching(site.catalog.store), actor_of(request)
    if action == "read":
        await run_in_threadpool(watching.mark_read, actor, number)
    elif action == "watch" and kind in {k.value for k in ItemKind}:
        (read,), _readings = site.catalog.read_watch_items([WatchItem(ItemKind(kind), value)])  # JIS is JISC
        await run_in_threadpool(watching.add_item, actor, number, read)
    elif action == "unwatch" and kind in {k.value for k in ItemKind}:
        await run_in_threadpool(watching.remove_item, actor, number, WatchItem(ItemKind(kind), value))
    else:
        raise UsageError(_("a watchlist is marked read or an item unwatched; there is no {action!r}").format(
            action=action[:40]))  # fmt: skip
    return RedirectResponse(f"/watch/{number}", status_code=303)
