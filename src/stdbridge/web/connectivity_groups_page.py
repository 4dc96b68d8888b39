"""The saved groups of the connectivity page (``analytics.groups``): ``POST /connectivity/groups`` saves one (your
own: contributors; shared: editors), ``POST /connectivity/groups/{group_id}/remove`` removes one. Both are forms of
``/connectivity`` carrying the CSRF token; after a save the page shows the group's heat map."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stdbridge.analytics import groups as saved
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

router = APIRouter(include_in_schema=False)


@router.post("/connectivity/groups")
async def save_group(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        name, members = str(form.get("name") or ""), str(form.get("members") or "")
        shared = form.get("shared") == "on"
    group = await run_in_threadpool(
        lambda: saved.save_group(site.catalog, actor_of(request), name, saved.split_members(members), shared=shared)
    )
    return RedirectResponse("/connectivity?" + urlencode({"saved": group.id, "lang": lang}), status_code=303)


@router.post("/connectivity/groups/{group_id}/remove")
async def remove_group(request: Request, group_id: str) -> Response:
    """The path's number is read after the form's token is checked."""
    site, lang = site_of(request), page_language(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    number = int(group_id) if group_id.isdigit() and len(group_id) < 10 else 0
    if number < 1:
        raise NotFound(_("no group {id}").format(id=group_id[:20]))
    await run_in_threadpool(saved.remove_group, site.catalog, actor_of(request), number)
    return RedirectResponse("/connectivity?" + urlencode({"lang": lang}), status_code=303)
