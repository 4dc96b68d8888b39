"""The notices pages: ``/notices`` lists WTO TBT notifications and national notices with filters (country, kind,
ICS field, HS heading, dates, words) and the "comment deadline soon" view (``?deadline=30``: the final date for
comments within that many days, the soonest first); ``/notices/{id}`` is one notice or news item with the
standards it cites; ``/news`` is the news column of a country or a body (``?country=CN``, ``?body=ISO``) with the
form editors write a news item with (``POST /news``: CSRF token, the editor's role, audited by
``notices.service``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Role
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.i18n import _
from stdbridge.notices import service
from stdbridge.notices.countries import country_code
from stdbridge.notices.model import NoticeKind, NoticeQuery
from stdbridge.runtime import now_iso
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

router = APIRouter(include_in_schema=False)
PAGE = 50


def kind_label(kind: NoticeKind) -> str:
    labels = {NoticeKind.TBT: _("WTO TBT notification"), NoticeKind.NATIONAL: _("national notice"),
              NoticeKind.NEWS: _("news")}  # fmt: skip
    return labels[kind]


def _date(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat() if text.strip() else None
    except ValueError:
        return None


def _country(text: str) -> str | None:
    return (country_code(text) or text.strip().upper()) if text.strip() else None


def _shared() -> dict[str, Any]:
    return {"notice_kind_label": kind_label, "kinds": list(NoticeKind)}


@router.get("/notices")
async def notices_page(
    request: Request, country: str = Query("", max_length=60), kind: str = Query("", max_length=20),
    ics: str = Query("", max_length=20), hs: str = Query("", max_length=12), since: str = Query("", max_length=10),
    until: str = Query("", max_length=10), q: str = Query("", max_length=200), deadline: str = Query("", max_length=4),
    page: int = Query(1, ge=1, le=1000),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    kinds = (NoticeKind(kind),) if kind in {k.value for k in NoticeKind} else (NoticeKind.TBT, NoticeKind.NATIONAL)
    within = int(deadline) if deadline.isdigit() else None
    wanted = NoticeQuery(kinds, _country(country), None, ics.strip() or None, hs.strip() or None, _date(since),
                         _date(until), q.strip() or None, within, now_iso()[:10], PAGE, (page - 1) * PAGE)  # fmt: skip
    store = site.catalog.store
    found, total = await run_in_threadpool(lambda: (store.find_notices(wanted), store.count_notices(wanted)))
    form = {"country": country, "kind": kind, "ics": ics, "hs": hs, "since": since, "until": until, "q": q,
            "deadline": deadline}  # fmt: skip
    shown = {k: v for k, v in form.items() if v}
    context = {"found": found, "total": total, "form": form, "page": page, "pages": max(1, -(-total // PAGE)),
               "within": within, "page_url": lambda n: "/notices?" + urlencode({**shown, "page": n}),
               **_shared()}  # fmt: skip
    return site.renderer.page(request, "notices.html", context, lang=lang)


@router.get("/notices/{notice_id}")
async def notice_page(request: Request, notice_id: int = Path(ge=1, le=2**31)) -> Response:
    site, lang = site_of(request), page_language(request)
    found = await run_in_threadpool(service.notice, site.catalog.store, notice_id)
    related = []
    if found.parent_symbol:
        parent = site.catalog.store.notice_by_key(found.parent_symbol)
        related = [parent] if parent else []
    context = {"n": found, "related": related, **_shared()}
    return site.renderer.page(request, "notice.html", context, lang=lang)


@router.get("/news")
async def news_page(
    request: Request, country: str = Query("", max_length=60), body: str = Query("", max_length=60),
    page: int = Query(1, ge=1, le=1000),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    wanted = NoticeQuery((NoticeKind.NEWS,), _country(country), body.strip() or None, limit=PAGE,
                         offset=(page - 1) * PAGE)  # fmt: skip
    store = site.catalog.store
    found, total = await run_in_threadpool(lambda: (store.find_notices(wanted), store.count_notices(wanted)))
    actor = actor_of(request)
    context = {"found": found, "total": total, "country": country, "body": body, "page": page,
               "pages": max(1, -(-total // PAGE)), "may_write": actor.can(Role.EDITOR), "error": None,
               "today": now_iso()[:10], **_shared()}  # fmt: skip
    return site.renderer.page(request, "news.html", context, lang=lang)


@router.post("/news")
async def write_news(request: Request) -> Response:
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        fields = {name: (form.get(name) if isinstance(form.get(name), str) else "") or "" for name in
                  ("title", "country", "body", "date", "text", "link", "ics", "language")}  # fmt: skip
    item = await run_in_threadpool(lambda: service.add_news(
        site.catalog.store, actor_of(request), title=str(fields["title"]), country=str(fields["country"]) or None,
        body=str(fields["body"]) or None, date=str(fields["date"]) or None, text=str(fields["text"]),
        link=str(fields["link"]) or None, ics=str(fields["ics"]).replace(",", " ").split(),
        language=str(fields["language"]) or None))  # fmt: skip
    return RedirectResponse(f"/notices/{item.id}", status_code=303)
