"""The public comment on a programme's draft, as pages: ``/programmes/SLUG/comments``.

The coordinator opens a comment period with its closing date; while it is open, a signed-in stakeholder — a user
with the role of contributor (the platform's role for proposing and commenting: associations, enterprises, third
parties of the parties) — comments on one entry of the draft or on the whole of it; the coordinator answers each
comment with its handling (accepted, partly accepted, not accepted, noted) and a reply. The page is the handling
log: every comment of every period, with its handling and reply, for whoever may read the programme.

``POST /programmes/SLUG/comments`` with ``action=open-period`` (``closes_at``), ``action=comment`` (``period``,
``entry_id``, ``organisation``, ``party``, ``text``) or ``action=reply`` (``period``, ``comment``, ``handling``,
``reply``). Who may do what is the service's (``ReviewRounds``); a refusal of what was sent shows the page again
with the reason, nothing changed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Actor, Role
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.recognition.rounds import HANDLINGS, utc_now
from stdbridge.store import Store
from stdbridge.web.language import page_language
from stdbridge.web.round_pages import _number, _service, _text
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

router = APIRouter(include_in_schema=False)


def handling_names() -> dict[str, str]:
    return {"accepted": _("accepted"), "partly-accepted": _("partly accepted"), "not-accepted": _("not accepted"),
            "noted": _("noted")}  # fmt: skip


def _context(store: Store, actor: Actor, slug: str) -> dict[str, Any]:
    service = _service(store, actor, slug)
    now = utc_now().isoformat(timespec="seconds")
    periods = [{**p, "open": p["closes_at"] >= now, "comments": service.handling_log(p["id"])}
               for p in service.comment_periods()]  # fmt: skip
    return {"programme": service.programme, "periods": periods, "coordinating": service.is_coordinator(actor),
            "may_comment": actor.can(Role.CONTRIBUTOR), "handlings": HANDLINGS, "handling_names": handling_names(),
            "notice": None}  # fmt: skip


@router.get("/programmes/{slug}/comments")
async def comments_page(request: Request, slug: str) -> Response:
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(_context, site.catalog.store, actor_of(request), slug)
    return site.renderer.page(request, "comments.html", context, lang=lang)


@router.post("/programmes/{slug}/comments")
async def comments_posted(request: Request, slug: str) -> Response:
    site, lang = site_of(request), page_language(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    store, actor = site.catalog.store, actor_of(request)
    action = _text(form, "action")

    def act() -> str:
        service = _service(store, actor, slug)
        base = f"/programmes/{service.programme.slug}/comments"
        if action == "open-period":
            period = service.open_comment(actor, _text(form, "closes_at")[:40])
            return f"{base}#period-{period}"
        period = _number(_text(form, "period"))
        if action == "comment":
            entry = _text(form, "entry_id").strip()
            if entry and not _number(entry):
                raise UsageError(
                    _("entry {id} is not one of {slug}").format(id=entry[:20], slug=service.programme.slug)
                )
            party = _text(form, "party").strip().upper() or None
            kept = service.comment(actor, period, _text(form, "text"), entry_id=_number(entry) or None,
                                   organisation=_text(form, "organisation")[:200], party=party)  # fmt: skip
            return f"{base}#comment-{kept}"
        if action == "reply":
            comment = _number(_text(form, "comment"))
            service.reply(actor, period, comment, _text(form, "handling"), _text(form, "reply"))
            return f"{base}#comment-{comment}"
        raise UsageError(_("open a comment period, comment, or reply to a comment"))

    try:
        target = await run_in_threadpool(act)
    except UsageError as refused:
        context = await run_in_threadpool(_context, store, actor, slug)
        context["notice"] = str(refused)
        return site.renderer.page(request, "comments.html", context, lang=lang, status=400)
    return RedirectResponse(target, status_code=303)
