"""What changed in the catalogue since a date (``/changes``), the page of ``stdbridge changes`` and
``/api/changes``: added, changed, replaced and withdrawn records, oldest first, filtered by body, country and ICS
field, a page of ``PER_PAGE`` at a time with a link to the next.

``/changes?since=2026-11-01&body=JIS&country=&ics=03.120&after=89164``: bodies and countries are read as people
name them, as the search page reads them (a name that means nothing is left out with a notice); without a date, the
last ``_DAYS`` days.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.watch.changes import ChangeFilter, changes, parse_since
from stdbridge.watch.links import change_detail, change_label
from stdbridge.web.language import page_language
from stdbridge.web.search_page import Notice, read_name
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
PER_PAGE = 100
_DAYS = 30


@router.get("/changes")
async def changes_page(
    request: Request,
    since: str = Query("", max_length=40),
    body: str = Query("", max_length=100),
    country: str = Query("", max_length=100),
    ics: str = Query("", max_length=20),
    after: int = Query(0, ge=0, le=2**62),
) -> Response:
    site, lang = site_of(request), page_language(request)
    notices: list[Notice] = []
    recent = (dt.date.today() - dt.timedelta(days=_DAYS)).isoformat()
    start = since.strip() or recent
    try:
        wanted_since = parse_since(start)
    except UsageError as bad:
        notices.append(Notice(_("{problem}; the last {days} days are shown.").format(problem=bad, days=_DAYS),
                              "warning"))  # fmt: skip
        start = wanted_since = recent
    codes = {kind: read_name(site.catalog, kind, text, notices) if text.strip() else None
             for kind, text in (("body", body), ("country", country))}  # fmt: skip
    wanted = ChangeFilter(wanted_since, codes["body"], codes["country"], ics.strip() or None)
    page = await run_in_threadpool(changes, site.catalog, wanted, PER_PAGE, after)
    form = {"since": start[:10], "body": body, "country": country, "ics": ics}
    kept = {k: v for k, v in form.items() if v} | {"lang": lang}

    def page_url(after_id: int) -> str:
        return "/changes?" + urlencode(kept | ({"after": after_id} if after_id else {}))

    context = {"page": page, "form": form, "notices": notices, "after": after, "page_url": page_url,
               "change_label": change_label, "change_detail": change_detail}  # fmt: skip
    return site.renderer.page(request, "changes.html", context, lang=lang)
