"""Watchlists over HTTP, and everything that changed in a period.

``GET /api/changes?since=...&body=&country=&ics=&after=`` the change events since a date, a page at a time
``GET /api/watchlists`` / ``POST /api/watchlists``        your watchlists (with unread counts) / a new one
``GET /api/watchlists/{id}`` / ``DELETE``                 one (its feed URL included) / remove it
``POST /api/watchlists/{id}/items`` / ``DELETE ...``      watch one more thing / stop watching it
``GET /api/watchlists/{id}/notifications``                its inbox, newest first (``unread=true``)
``POST /api/watchlists/{id}/read``                        mark its notifications read (``ids`` or all)
``POST /api/watchlists/{id}/webhooks``                    a webhook (the answer holds its secret, once)
``GET /api/watchlists/{id}/webhooks/{hook}/deliveries``   the delivery log of a webhook

Watching needs a signed-in user (``watch.service`` decides who may see and change which watchlist).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.watch.changes import MOST, ChangeFilter, changes, page_json, parse_since
from stdbridge.watch.feed import feed_path
from stdbridge.watch.links import as_json
from stdbridge.watch.model import EmailMode, ItemKind, WatchItem, Watchlist
from stdbridge.watch.service import Watching, describe

router = APIRouter()
WatchlistId = Annotated[int, Path(ge=1, le=2**31, description="The watchlist's number.")]


class Item(BaseModel):
    kind: ItemKind
    value: str = Field(min_length=1, max_length=300, description="Edition key, work key, ICS code, committee, "
                       "body, country code or a search query.")  # fmt: skip
    filters: dict[str, str] = Field(default_factory=dict, description="A saved search's body, country, status.")


class NewWatchlist(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    items: list[Item] = Field(min_length=1, max_length=500)
    organisation: int | None = Field(None, description="An organisation of yours, to share it with its members.")
    email: EmailMode = EmailMode.NONE
    email_to: str | None = Field(None, max_length=300)


class Marked(BaseModel):
    ids: list[int] | None = Field(None, max_length=1000, description="The notifications to mark read (all: none).")


class NewWebhook(BaseModel):
    url: str = Field(min_length=8, max_length=2000)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _watchlist_json(request: Request, watchlist: Watchlist, unread: int | None = None) -> dict[str, Any]:
    found = describe(watchlist)
    found["feed"] = _base(request) + feed_path(watchlist)
    if unread is not None:
        found["unread"] = unread
    return found


@router.get("/changes", summary="Everything that changed in the catalogue since a date (stdbridge changes)")
async def list_changes(
    request: Request, api: State,
    since: Annotated[str, Query(min_length=4, max_length=40, description="A date (2026-11-01) or moment.")],
    body: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=10)] = None,
    ics: Annotated[str | None, Query(max_length=20, description="An ICS field, and everything under it.")] = None,
    limit: Annotated[int, Query(ge=1, le=MOST)] = 1000,
    after: Annotated[int, Query(ge=0, description="The 'after' of the page before: where this page starts.")] = 0,
    lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    body, country, readings = api.catalog.read_target(body, country)  # JIS is JISC, 日本 JP
    wanted = ChangeFilter(parse_since(since), body, country, ics)
    page = await run_in_threadpool(changes, api.catalog, wanted, limit, after)
    return json_response({**page_json(wanted, page), "read_as": [r.to_json() for r in readings]})


@router.get("/watchlists", summary="Your watchlists and those of your organisations, with unread counts")
async def list_watchlists(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    found = Watching(api.catalog.store).watchlists(actor_of(request))
    unread = api.catalog.store.unread_counts([w.id for w in found if w.id is not None])
    return json_response([_watchlist_json(request, w, unread.get(w.id or 0, 0)) for w in found])


@router.post("/watchlists", status_code=201, summary="Create a watchlist (signed-in users)")
async def create_watchlist(request: Request, api: State, asked: NewWatchlist, lang: Lang = None) -> Response:
    language(request, lang)
    items, _readings = api.catalog.read_watch_items(WatchItem(i.kind, i.value, i.filters) for i in asked.items)
    watchlist = await run_in_threadpool(
        lambda: Watching(api.catalog.store).create(actor_of(request), asked.name, items,
                                                   org_id=asked.organisation, email=asked.email,
                                                   email_to=asked.email_to))  # fmt: skip
    answer = json_response(_watchlist_json(request, watchlist, 0))
    answer.status_code = 201
    answer.headers["Location"] = f"/api/watchlists/{watchlist.id}"
    return answer


@router.get("/watchlists/{watchlist_id}", summary="One of your watchlists, with its feed URL")
async def show_watchlist(request: Request, api: State, watchlist_id: WatchlistId, lang: Lang = None) -> Response:
    language(request, lang)
    watchlist = Watching(api.catalog.store).watchlist(actor_of(request), watchlist_id)
    unread = api.catalog.store.unread_counts([watchlist_id])[watchlist_id]
    found = _watchlist_json(request, watchlist, unread)
    found["webhooks"] = [{"id": h.id, "url": h.url} for h in api.catalog.store.webhooks_of(watchlist_id)]
    return json_response(found)


@router.delete("/watchlists/{watchlist_id}", status_code=204, summary="Remove a watchlist")
async def remove_watchlist(request: Request, api: State, watchlist_id: WatchlistId, lang: Lang = None) -> Response:
    language(request, lang)
    await run_in_threadpool(Watching(api.catalog.store).remove, actor_of(request), watchlist_id)
    return Response(status_code=204)


@router.post("/watchlists/{watchlist_id}/items", status_code=201, summary="Watch one more thing")
async def add_item(request: Request, api: State, watchlist_id: WatchlistId, item: Item, lang: Lang = None) -> Response:
    language(request, lang)
    (read,), _readings = api.catalog.read_watch_items([WatchItem(item.kind, item.value, item.filters)])
    await run_in_threadpool(Watching(api.catalog.store).add_item, actor_of(request), watchlist_id, read)
    return Response(status_code=201)


@router.delete("/watchlists/{watchlist_id}/items", summary="Stop watching something")
async def remove_item(
    request: Request, api: State, watchlist_id: WatchlistId, kind: ItemKind,
    value: Annotated[str, Query(min_length=1, max_length=300)], lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    removed = await run_in_threadpool(Watching(api.catalog.store).remove_item, actor_of(request), watchlist_id,
                                      WatchItem(kind, value))  # fmt: skip
    return json_response({"removed": removed})


@router.get("/watchlists/{watchlist_id}/notifications", summary="A watchlist's inbox, newest first")
async def inbox(
    request: Request, api: State, watchlist_id: WatchlistId, unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100, lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    Watching(api.catalog.store).watchlist(actor_of(request), watchlist_id)
    notes = api.catalog.store.notifications_of([watchlist_id], unread_only=unread, limit=limit)
    return json_response([as_json(n, _base(request)) for n in notes])


@router.post("/watchlists/{watchlist_id}/read", summary="Mark a watchlist's notifications read")
async def mark_read(
    request: Request, api: State, watchlist_id: WatchlistId, asked: Marked, lang: Lang = None
) -> Response:
    language(request, lang)
    marked = Watching(api.catalog.store).mark_read(actor_of(request), watchlist_id, asked.ids)
    return json_response({"marked": marked})


@router.post("/watchlists/{watchlist_id}/webhooks", status_code=201,
             summary="Send a watchlist's notifications to a URL, signed (the secret is shown once)")  # fmt: skip
async def add_webhook(
    request: Request, api: State, watchlist_id: WatchlistId, asked: NewWebhook, lang: Lang = None
) -> Response:
    language(request, lang)
    hook = await run_in_threadpool(Watching(api.catalog.store).add_webhook, actor_of(request), watchlist_id, asked.url)
    answer = json_response({"id": hook.id, "url": hook.url, "secret": hook.secret,
                            "signature_header": "X-Stdbridge-Signature"})  # fmt: skip
    answer.status_code = 201
    return answer


@router.get("/watchlists/{watchlist_id}/webhooks/{webhook_id}/deliveries", summary="A webhook's delivery log")
async def deliveries(
    request: Request, api: State, watchlist_id: WatchlistId, webhook_id: Annotated[int, Path(ge=1, le=2**31)],
    lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    Watching(api.catalog.store).watchlist(actor_of(request), watchlist_id)
    if webhook_id not in {h.id for h in api.catalog.store.webhooks_of(watchlist_id)}:
        raise NotFound(_("no webhook {id} on this watchlist").format(id=webhook_id))
    log = api.catalog.store.deliveries_of(webhook_id)
    return json_response([{"id": d.id, "notification": d.notification_id, "status": d.status.value,
                           "attempts": d.attempts, "next_attempt": d.next_attempt, "response_code": d.response_code,
                           "error": d.error, "delivered_at": d.delivered_at} for d in log])  # fmt: skip
