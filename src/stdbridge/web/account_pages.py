"""Signing in and out, and the signed-in user's own page: changing the password, personal API tokens.

``/sign-in`` takes a user name and a password (Argon2 hashes, ``accounts.passwords``) and starts a server-side
session: its cookie ``stdbridge_session`` is HttpOnly, SameSite=Lax, and Secure when the page is served over https.
``POST /sign-out`` ends it. ``/account`` changes the password (which ends the user's other sessions) and creates
and revokes API tokens; a new token's secret is shown on the page that answers its creation, once. Every form here
carries the CSRF token (``api.access``); hostile input is answered by the form again, with the reason, never a 5xx.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from stdbridge.accounts.roles import Role, read_roles, role_label
from stdbridge.accounts.service import SESSION_DAYS, NewToken
from stdbridge.api.access import SESSION_COOKIE, actor_of, check_form_token, policy_of
from stdbridge.errors import StdbridgeError, Unauthenticated
from stdbridge.i18n import _
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
MAX_FIELDS = 10


def _text(form: FormData, name: str, most: int = 200) -> str:
    value = form.get(name)
    return value[:most] if isinstance(value, str) else ""


def _next_page(asked: str) -> str:
    """Where to go after signing in: a page of this site only (never ``//elsewhere`` or ``https://...``)."""
    return asked if asked.startswith("/") and not asked.startswith("//") and "\\" not in asked else "/"


def _sign_in_page(request: Request, *, status: int = 200, error: str | None = None, name: str = "",
                  next_page: str = "/") -> Response:  # fmt: skip
    lang = page_language(request)
    context = {"error": error, "name": name, "next_page": _next_page(next_page)}
    return site_of(request).renderer.page(request, "sign_in.html", context, lang=lang, status=status)


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return _sign_in_page(request, next_page=request.query_params.get("next", "/"))


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_form_token(request, form)
    name, password, next_page = _text(form, "name", 100), _text(form, "password", 1024), _text(form, "next", 500)
    accounts = policy_of(request).accounts
    throttle = request.app.state.throttles.sign_in  # per user name and per address (``web.protection``)
    address = request.client.host if request.client else ""
    waits = [throttle.hit(f"user:{name.casefold()}"), throttle.hit(f"address:{address}")]
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        seconds = math.ceil(wait)
        message = _("too many attempts to sign in: try again in {seconds} s").format(seconds=seconds)
        answer = _sign_in_page(request, status=429, error=message, name=name, next_page=next_page)
        answer.headers["Retry-After"] = str(seconds)
        return answer
    try:
        user = await run_in_threadpool(accounts.authenticate, name, password)
        secret = await run_in_threadpool(accounts.start_session, user)
    except Unauthenticated as exc:
        return _sign_in_page(request, status=401, error=exc.message, name=name, next_page=next_page)
    answer = RedirectResponse(_next_page(next_page), status_code=303)
    answer.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_DAYS * 86400, httponly=True, samesite="lax",
                      secure=request.url.scheme == "https")  # fmt: skip
    return answer


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_form_token(request, form)
    secret = request.cookies.get(SESSION_COOKIE, "")
    if secret:
        await run_in_threadpool(policy_of(request).accounts.end_session, secret)
    answer = RedirectResponse("/", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return answer


def _account_page(request: Request, *, status: int = 200, **shown: Any) -> Response:
    actor = actor_of(request)
    if actor.user_id is None:
        raise Unauthenticated(_("sign in to see your account"))
    accounts = policy_of(request).accounts
    context = {
        "tokens": accounts.tokens(actor),
        "roles": [(r.value, role_label(r)) for r in Role if actor.can(r)],
        "error": None, "done": None, "new_token": None, **shown,
    }  # fmt: skip
    return site_of(request).renderer.page(request, "account.html", context, lang=page_language(request),
                                          status=status)  # fmt: skip


@router.get("/account")
def account(request: Request) -> Response:
    return _account_page(request)


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_form_token(request, form)
    actor = actor_of(request)
    if actor.user_id is None:
        raise Unauthenticated(_("sign in to change your password"))
    accounts = policy_of(request).accounts
    try:
        await run_in_threadpool(accounts.set_password, actor, actor.name, _text(form, "new", 2000),
                                old_password=_text(form, "current", 2000))  # fmt: skip
    except StdbridgeError as exc:
        return await run_in_threadpool(_account_page, request, status=400, error=exc.message)
    # the other sessions ended with the change; this one starts afresh
    user = await run_in_threadpool(accounts.user, actor.name)
    secret = await run_in_threadpool(accounts.start_session, user)
    answer = await run_in_threadpool(_account_page, request, done=_("Your password is changed."))
    answer.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_DAYS * 86400, httponly=True, samesite="lax",
                      secure=request.url.scheme == "https")  # fmt: skip
    return answer


@router.post("/account/tokens")
async def create_token(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_form_token(request, form)
    actor = actor_of(request)
    if actor.user_id is None:
        raise Unauthenticated(_("sign in to manage your API tokens: tokens belong to users"))
    accounts = policy_of(request).accounts
    try:
        roles = read_roles([v for v in form.getlist("roles") if isinstance(v, str)][:5]) or None
        made: NewToken = await run_in_threadpool(accounts.create_token, actor, _text(form, "name", 100), roles)
    except StdbridgeError as exc:
        return await run_in_threadpool(_account_page, request, status=400, error=exc.message)
    return await run_in_threadpool(_account_page, request, status=201, new_token=made)


@router.post("/account/tokens/revoke")
async def revoke_token(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    check_form_token(request, form)
    actor = actor_of(request)
    if actor.user_id is None:
        raise Unauthenticated(_("sign in to manage your API tokens: tokens belong to users"))
    asked = _text(form, "id", 12)
    try:
        token_id = int(asked) if asked.isdigit() else 0
        await run_in_threadpool(policy_of(request).accounts.revoke_token, actor, token_id)
    except StdbridgeError as exc:
        return await run_in_threadpool(_account_page, request, status=404, error=exc.message)
    return RedirectResponse("/account", status_code=303)
