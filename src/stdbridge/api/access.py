"""Who sends each request, checked before any route runs: the ``resolve_actor`` dependency of every API route and
page, and the CSRF checks of the forms.

- ``Authorization: Bearer sbt_...``: a personal API token (``Unauthenticated``, 401, when unknown or revoked);
- the ``stdbridge_session`` cookie: a signed-in person (server-side sessions: signing out, a changed password or
  a revoked role takes effect at once on every node, and no signing key has to be shared or rotated);
- neither: who ``AccessPolicy.anonymous`` says — the local administrator, an anonymous reader, or nobody (then
  every page but the sign-in page answers 401).

Every state-changing request that a browser may send (not one with a bearer token, which browsers never add by
themselves) must come from this site: an ``Origin`` (or, without one, a ``Referer``) of another site is refused
with 403. Forms also carry a token (``csrf_token``, or the ``X-CSRF-Token`` header of a script), bound to the
session or to a cookie of their own (``accounts.access``): ``check_form_token`` checks it.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from stdbridge.accounts.access import AccessPolicy, is_loopback
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden
from stdbridge.i18n import LANGUAGES, _, preferred_language, set_language

SESSION_COOKIE = "stdbridge_session"
CSRF_COOKIE = "stdbridge_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_PATHS = ("/sign-in",)  # reachable by nobody too, on a private deployment


def policy_for(catalog: Catalog, *, served_on: str = "127.0.0.1") -> AccessPolicy:
    """The access policy of a platform over ``catalog`` served on the address ``served_on``."""
    server_store = not catalog.store.location.startswith("sqlite")
    return AccessPolicy(Accounts(catalog.store), served_locally=is_loopback(served_on), server_store=server_store)


def policy_of(request: Request) -> AccessPolicy:
    policy: AccessPolicy = request.app.state.access
    return policy


def _local_request(request: Request) -> bool:
    """A request that names this machine and that no proxy forwarded (see ``accounts.access``)."""
    headers = request.headers
    if "forwarded" in headers or "x-forwarded-for" in headers:
        return False
    return is_loopback(request.url.hostname or "")


def _same_origin(request: Request) -> bool:
    """Whether the request's ``Origin`` (or ``Referer``) is this site; True when it has neither (not a browser)."""
    sent = request.headers.get("origin") or request.headers.get("referer")
    if sent is None:
        return True
    if sent == "null":
        return False
    found = urlsplit(sent)
    own = request.url
    default = {"http": 80, "https": 443}
    return (
        found.scheme == own.scheme
        and (found.hostname or "") == (own.hostname or "")
        and (found.port or default.get(found.scheme)) == (own.port or default.get(own.scheme))
    )


def _identify(request: Request, policy: AccessPolicy) -> Actor:
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        request.state.by_token = True
        return policy.accounts.token_actor(authorization[7:].strip())
    session = request.cookies.get(SESSION_COOKIE, "")
    actor = policy.accounts.session_actor(session) if session else None
    if actor is not None:
        request.state.csrf_binding = session
        return actor
    return policy.anonymous(local_request=_local_request(request))


async def resolve_actor(request: Request) -> None:
    """Set ``request.state.actor``; refuse a cross-site state-changing request, and anybody who may not read."""
    _message_language(request)
    policy = policy_of(request)
    request.state.by_token = False
    actor = await run_in_threadpool(_identify, request, policy)
    request.state.actor = actor
    if request.method in UNSAFE and not request.state.by_token and not _same_origin(request):
        raise Forbidden(_("refused: this request came from another site (a form of this site must be used)"))
    if request.url.path not in OPEN_PATHS:
        require(actor, Role.READER)
    browser = request.cookies.get(SESSION_COOKIE) or request.cookies.get(CSRF_COOKIE)
    if request.method in UNSAFE and request.url.path.startswith("/api") and not request.state.by_token and browser:
        check_form_token(request, None)  # a script of the pages sends the token as a header


def _message_language(request: Request) -> None:
    """The language of the refusals made here, before the route reads its own: ``lang``, else (on pages) the
    language cookie, else ``Accept-Language``, as the API and the pages choose it."""
    asked = request.query_params.get("lang")
    if asked not in LANGUAGES and not request.url.path.startswith("/api"):
        asked = request.cookies.get("lang")
    set_language(asked if asked in LANGUAGES else preferred_language(request.headers.get("accept-language", "")))


def actor_of(request: Request) -> Actor:
    """Who sent ``request`` (``resolve_actor`` ran before the route)."""
    actor: Actor = request.state.actor
    return actor


def csrf_binding(request: Request) -> str:
    """What binds this browser's form tokens: its session, else its CSRF cookie (made now when it has none; the
    page's response sets it: ``remember_csrf``)."""
    bound: str | None = getattr(request.state, "csrf_binding", None)
    if bound:
        return bound
    bound = request.cookies.get(CSRF_COOKIE, "")[:100]
    if not bound:
        bound = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = bound
    request.state.csrf_binding = bound
    return bound


def csrf_token(request: Request) -> str:
    """The token this browser's forms carry."""
    return policy_of(request).csrf_token(csrf_binding(request))


def remember_csrf(request: Request, response: Response) -> None:
    """Set the CSRF cookie that a page's forms were bound to, when it was made for this page."""
    made: str | None = getattr(request.state, "new_csrf_cookie", None)
    if made:
        response.set_cookie(CSRF_COOKIE, made, httponly=True, samesite="strict", secure=request.url.scheme == "https")


def check_form_token(request: Request, form: FormData | None) -> None:
    """Refuse (403) a form without this browser's token: from the field ``csrf_token``, else the header."""
    sent = form.get(CSRF_FIELD) if form is not None else None
    token = sent if isinstance(sent, str) and sent else request.headers.get(CSRF_HEADER, "")
    bound = getattr(request.state, "csrf_binding", None) or request.cookies.get(CSRF_COOKIE, "")
    if not policy_of(request).csrf_valid(bound, token):
        raise Forbidden(_("the form has expired or did not come from this site; reload the page and send it again"))
