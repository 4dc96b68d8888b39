"""Notices and news over HTTP.

``GET /api/notices?country=&kind=&ics=&hs=&since=&until=&q=&deadline=``  WTO TBT notifications and national
    notices, the newest first; ``deadline=N``: those whose comments close within N days, the soonest first
``GET /api/notices/{notice_id}``   one notice or news item with the standards it cites
``POST /api/notices/import``       an export or feed file (multipart: ``file``, ``format`` tbt, feed or csv,
    ``mapping`` a JSON object, ``kind``, ``country``, ``body``): editors; what was added, changed, rejected
``GET /api/news?country=&body=``   a country's or body's news column
``POST /api/news``                 a news item an editor writes (JSON)
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.models import Rejected
from stdbridge.notices import service
from stdbridge.notices.countries import country_code
from stdbridge.notices.feeds import FeedSource, read_feed, read_item_table
from stdbridge.notices.model import NoticeKind, NoticeQuery
from stdbridge.notices.tbt import EPING, read_notifications
from stdbridge.runtime import now_iso

router = APIRouter()
NoticeId = Annotated[int, Path(ge=1, le=2**31, description="The notice's number.")]
MAX_IMPORT_BYTES = 50 * 2**20


class NewsItem(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    country: str | None = Field(None, max_length=60, description="A country code or name: CN, China.")
    body: str | None = Field(None, max_length=100)
    date: str | None = Field(None, max_length=10, description="2026-12-04; today when not given.")
    text: str = Field("", max_length=20000, description="Its text; the standards it names are linked.")
    link: str | None = Field(None, max_length=2000)
    ics: list[str] = Field(default_factory=list, max_length=20)
    language: str | None = Field(None, max_length=10)
    kind: NoticeKind = NoticeKind.NEWS


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _country(text: str | None) -> str | None:
    return (country_code(text) or text.strip().upper()) if text and text.strip() else None


@router.get("/notices", summary="WTO TBT notifications and national notices, with filters and the deadline view")
async def list_notices(
    request: Request, api: State,
    country: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[NoticeKind | None, Query(description="tbt, national-notice or news (default: notices)")] = None,
    ics: Annotated[str | None, Query(max_length=20, description="An ICS field, and everything under it.")] = None,
    hs: Annotated[str | None, Query(max_length=12, description="An HS heading, and everything under it.")] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words every notice holds.")] = None,
    deadline: Annotated[int | None, Query(ge=0, le=3650, description="Comments close within this many days.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
    lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    kinds = (kind,) if kind else (NoticeKind.TBT, NoticeKind.NATIONAL)
    wanted = NoticeQuery(kinds, _country(country), None, ics, hs, since, until, q, deadline, now_iso()[:10],
                         limit, offset)  # fmt: skip
    store = api.catalog.store
    found, total = await run_in_threadpool(lambda: (store.find_notices(wanted), store.count_notices(wanted)))
    return json_response({"total": total, "notices": [service.describe(n, _base(request)) for n in found]})


@router.get("/notices/{notice_id}", summary="One notice or news item, with the standards it cites")
async def show_notice(request: Request, api: State, notice_id: NoticeId, lang: Lang = None) -> Response:
    language(request, lang)
    found = await run_in_threadpool(service.notice, api.catalog.store, notice_id)
    return json_response(service.describe(found, _base(request)))


@router.post("/notices/import", summary="Import TBT notifications (ePing export), a feed or a table of notices or "
             "news (multipart: file, format, mapping, kind, country, body): editors")  # fmt: skip
async def import_notices(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    actor = actor_of(request)
    require(actor, Role.EDITOR)  # before a byte of the upload is read
    async with request.form(max_files=1, max_fields=8) as form:
        upload, fmt = form.get("file"), form.get("format") or "tbt"
        fields = {k: str(form.get(k) or "") for k in ("mapping", "kind", "country", "body")}
        if not isinstance(upload, UploadFile) or fmt not in ("tbt", "feed", "csv"):
            raise UsageError(_("send the file as 'file' and its format (tbt, feed or csv) as 'format'"))
        data = await upload.read(MAX_IMPORT_BYTES + 1)
        name = FilePath(upload.filename or f"upload.{'xml' if fmt == 'feed' else 'csv'}").name
    if len(data) > MAX_IMPORT_BYTES:
        raise UsageError(_("a file to import has at most {size} MB").format(size=MAX_IMPORT_BYTES // 2**20))
    try:
        mapping: dict[str, Any] | None = json.loads(fields["mapping"]) if fields["mapping"] else None
        kind = NoticeKind(fields["kind"] or ("national-notice" if fmt != "feed" else "news"))
    except ValueError:
        raise UsageError(_("mapping is a JSON object; kind is news or national-notice")) from None
    if mapping is not None and not isinstance(mapping, dict):
        raise UsageError(_("mapping is a JSON object; kind is news or national-notice"))
    source = FeedSource(kind, _country(fields["country"]), fields["body"] or None)

    def run() -> service.NoticeImport:
        with tempfile.TemporaryDirectory() as folder:
            path = FilePath(folder) / name
            path.write_bytes(data)
            if fmt == "tbt":
                items = list(read_notifications(path, {**EPING, **mapping} if mapping else None))
            elif fmt == "feed":
                items = list(read_feed(str(path), source))
            else:
                items = list(read_item_table(path, mapping, kind))
        items = [Rejected(name, i.line, i.value, i.reason) if isinstance(i, Rejected) else i for i in items]
        return service.import_notices(api.catalog.store, actor, items, name)

    return json_response((await run_in_threadpool(run)).to_json())


@router.get("/news", summary="The news column of a country or a body, the newest first")
async def list_news(
    request: Request, api: State, country: Annotated[str | None, Query(max_length=60)] = None,
    body: Annotated[str | None, Query(max_length=100)] = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    wanted = NoticeQuery((NoticeKind.NEWS,), _country(country), body, limit=limit)
    found = await run_in_threadpool(api.catalog.store.find_notices, wanted)
    return json_response({"news": [service.describe(n, _base(request)) for n in found]})


@router.post("/news", status_code=201, summary="Write a news item (editors); the standards it names are linked")
async def write_news(request: Request, api: State, asked: NewsItem, lang: Lang = None) -> Response:
    language(request, lang)
    item = await run_in_threadpool(lambda: service.add_news(
        api.catalog.store, actor_of(request), title=asked.title, country=asked.country, body=asked.body,
        date=asked.date, text=asked.text, link=asked.link, ics=asked.ics, language=asked.language,
        kind=asked.kind))  # fmt: skip
    answer = json_response(service.describe(item, _base(request)))
    answer.status_code = 201
    answer.headers["Location"] = f"/api/notices/{item.id}"
    return answer
