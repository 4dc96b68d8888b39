"""The audit log's page, for administrators: every change to the catalogue and to decisions, newest first, with
who, when, what, the values before and after and each entry's hash; filtered by date, actor and action, a page of
``PER_PAGE`` at a time, and the head to publish.

``/audit?since=2026-12-01&user=ann&action=accept&page=2``; ``api.audit.require_administrator`` decides who may
read it (``GET /api/audit`` gives the same as JSON).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from stdbridge import audit
from stdbridge.api.audit import require_administrator
from stdbridge.audit.entry import canonical
from stdbridge.audit.labels import action_labels
from stdbridge.errors import UsageError
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
_LAST_PAGE = 200_000  # beyond any log's length; a larger page number is refused


@router.get("/audit")
async def audit_page(
    request: Request,
    since: str = Query("", max_length=40),
    user: str = Query("", max_length=200),
    action: str = Query("", max_length=40),
    page: int = Query(1, ge=1, le=_LAST_PAGE),
) -> Response:
    site, lang = site_of(request), page_language(request)
    require_administrator(request)
    notice = None
    try:
        query = audit.query_of(since, user, action, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    except UsageError as bad:
        notice, query = str(bad), audit.query_of(offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    store = site.catalog.store
    entries, total, head = await run_in_threadpool(
        lambda: (store.audit_entries(query), store.count_audit(query), audit.head(store))
    )
    last_page = max(1, -(-total // PER_PAGE))
    filters = {k: v for k, v in (("since", since), ("user", user), ("action", action)) if v}

    def page_url(number: int) -> str:
        return "/audit?" + urlencode({**filters, **({"page": number} if number > 1 else {})})

    context = {"entries": entries, "total": total, "page": page, "last_page": last_page, "page_url": page_url,
               "form": {"since": since, "user": user, "action": action}, "actions": audit.ACTIONS, "head": head,
               "notice": notice, "shown": _shown, "action_labels": action_labels()}  # fmt: skip
    return site.renderer.page(request, "audit.html", context, lang=lang)


def _shown(value: object) -> str:
    """A value before or after, as the page shows it: its canonical JSON, the text the hash covers."""
    return "" if value is None else canonical(value).decode()
