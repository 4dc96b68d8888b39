"""The HTTP API: the catalogue as JSON, documented by its OpenAPI schema at ``/api/openapi.json``.

Every error has one shape, ``{"error": {"status": 404, "code": "not-found", "message": "..."}}``, whatever
raised it: stdbridge's own errors, bad parameters (FastAPI's validation) or an unknown route. Messages follow
``lang`` (``en`` or ``zh``), else the request's ``Accept-Language``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stdbridge import errors

try:  # the HTTP API is an extra: its modules all come through here
    from fastapi import APIRouter, Depends, FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as missing:
    raise errors.MissingExtra("web", missing) from None

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.api import audit, compare, jobs, programmes, records, releases, rounds, terms, tokens, translation
from stdbridge.api import connectivity as connectivity_routes
from stdbridge.api import memory as translation_memory
from stdbridge.api import notices as notices_routes
from stdbridge.api import profiles as country_profiles
from stdbridge.api import watch as watching
from stdbridge.api.access import policy_for, resolve_actor
from stdbridge.api.common import ApiState, error_body
from stdbridge.api.schema import documented_schema
from stdbridge.catalog import Catalog
from stdbridge.i18n import _

__all__ = ["create_api", "error_body", "install_error_handlers"]

_STATUS = {
    errors.Unauthenticated: (401, "sign-in-required"),
    errors.Forbidden: (403, "forbidden"),
    errors.UnknownName: (400, "unknown-name"),
    errors.NotFound: (404, "not-found"),
    errors.UnreadableDocument: (422, "unreadable-document"),
    errors.WorkStopped: (422, "took-too-long"),
    errors.IdentifierError: (400, "bad-identifier"),
    errors.UsageError: (400, "bad-request"),
    errors.UnknownFormat: (400, "unknown-format"),
    errors.ImportFailed: (422, "import-failed"),
    errors.StoreError: (503, "catalogue-unavailable"),
    errors.MissingExtra: (501, "not-installed"),
    errors.EditConflict: (409, "edit-conflict"),
    errors.EngineFailed: (502, "engine-failed"),
}


def create_api(app: FastAPI, catalog: Catalog) -> None:
    """Add the JSON routes under ``/api`` (``records``, ``compare`` and ``tokens``, a router each) over ``catalog``;
    each first finds who asks (``access.resolve_actor``), as ``app.state.access`` (made here when the app has none:
    the embedded platform on this machine) decides."""
    app.state.api = ApiState(catalog, CatalogueFigures(catalog))
    if not hasattr(app.state, "access"):
        app.state.access = policy_for(catalog)
    api = APIRouter(prefix="/api", dependencies=[Depends(resolve_actor)])
    api.include_router(records.router)
    api.include_router(compare.router)
    api.include_router(tokens.router)
    api.include_router(audit.router)
    api.include_router(jobs.router)
    api.include_router(programmes.router)
    api.include_router(rounds.router)
    api.include_router(releases.router)
    api.include_router(terms.router)
    api.include_router(translation_memory.router)
    api.include_router(translation.router)
    api.include_router(watching.router)
    api.include_router(connectivity_routes.router)
    api.include_router(country_profiles.router)
    api.include_router(notices_routes.router)
    app.include_router(api)
    app.openapi = lambda: documented_schema(app)  # type: ignore[method-assign]


ErrorPage = Callable[[Request, int, str, str], Response]


def install_error_handlers(app: FastAPI) -> None:
    """Every error, from any layer, as ``error_body`` under ``/api``; elsewhere as the page that
    ``app.state.error_page(request, status, code, message)`` renders, when the web pages set one."""

    def respond(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
        page: ErrorPage | None = getattr(request.app.state, "error_page", None)
        if page is not None and not request.url.path.startswith("/api"):
            return page(request, status, code, message)
        return JSONResponse(error_body(status, code, message, **extra), status_code=status)

    @app.exception_handler(errors.StdbridgeError)
    async def stdbridge_error(request: Request, exc: errors.StdbridgeError) -> Response:
        status, code = next(((s, c) for cls, (s, c) in _STATUS.items() if isinstance(exc, cls)), (400, "error"))
        if isinstance(exc, errors.UnreadableDocument) and exc.reason == "too-large":
            status, code = 413, "too-large"
        if isinstance(exc, errors.Unauthenticated | errors.Forbidden):  # the role the action needs
            answer = respond(request, status, code, str(exc), role=exc.role)
            if status == 401 and request.url.path.startswith("/api"):
                answer.headers["WWW-Authenticate"] = "Bearer"
            return answer
        if isinstance(exc, errors.DatabaseUnavailable):  # the database is away: say when to try again
            answer = respond(request, status, code, str(exc))
            answer.headers["Retry-After"] = str(exc.retry_after)
            return answer
        if isinstance(exc, errors.EditConflict):  # the version stored now, to load it again
            return respond(request, status, code, str(exc), current=exc.current)
        if isinstance(exc, errors.EngineFailed):
            return respond(request, status, code, str(exc), engine=exc.engine)
        if isinstance(exc, errors.UnknownName):  # what was asked for, and the known names nearest to it
            return respond(request, status, code, str(exc), parameter=exc.kind, value=exc.value, nearest=exc.nearest)
        return respond(request, status, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        where = ", ".join(p["parameter"] for p in problems)
        message = _("invalid parameters: {where}").format(where=where)
        return respond(request, 422, "invalid-parameters", message, problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not-found", 403: "forbidden", 413: "too-large"}.get(exc.status_code, "http-error")
        return respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        return respond(request, 500, "internal-error", _("internal error; the catalogue is unchanged"))
