"""The HTTP API: the catalogue as JSON, documented by its OpenAPI schema at ``/api/openapi.json``.

Every error has one shape, ``{"error": {"status": 404, "code": "not-found", "message": "..."}}``, whatever
raised it: stdbridge's own errors, bad parameters (FastAPI's validation) or an unknown route. Messages follow
``lang`` (``en`` or ``zh``), else the request's ``Accept-Language``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any

import orjson

from stdbridge import errors

try:  # the HTTP API is an extra: its modules all come through here
    from fastapi import APIRouter, FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as missing:
    raise errors.MissingExtra("web", missing) from None

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.api.common import Identifier, Lang, error_body, json_response, language
from stdbridge.api.compare import compare_routes
from stdbridge.catalog import Catalog
from stdbridge.i18n import _, current_language
from stdbridge.language.text import MAX_QUERY_LENGTH
from stdbridge.search import Filters, SearchRequest
from stdbridge.search.engine import MAX_LIMIT, MAX_OFFSET
from stdbridge.serialize import (
    counterpart_json,
    family_json,
    resolution_json,
    search_json,
)

__all__ = ["create_api", "error_body", "install_error_handlers"]

_STATUS = {
    errors.UnknownName: (400, "unknown-name"),
    errors.NotFound: (404, "not-found"),
    errors.UnreadableDocument: (422, "unreadable-document"),
    errors.IdentifierError: (400, "bad-identifier"),
    errors.UsageError: (400, "bad-request"),
    errors.UnknownFormat: (400, "unknown-format"),
    errors.ImportFailed: (422, "import-failed"),
    errors.StoreError: (503, "catalogue-unavailable"),
    errors.MissingExtra: (501, "not-installed"),
}


class AnswerMemory:
    """The JSON of recent answers, by request and language, until the catalogue's index changes: popular
    searches are answered without searching again. Bounded by bytes, least recently asked forgotten first."""

    def __init__(self, budget: int = 64 * 1024 * 1024) -> None:
        self.budget = budget
        self.used = 0
        self.answers: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()

    def get(self, key: tuple[str, str, int]) -> bytes | None:
        found = self.answers.get(key)
        if found is not None:
            self.answers.move_to_end(key)
        return found

    def put(self, key: tuple[str, str, int], answer: bytes) -> None:
        if len(answer) > self.budget // 8 or key in self.answers:
            return
        self.answers[key] = answer
        self.used += len(answer)
        while self.used > self.budget:
            _, dropped = self.answers.popitem(last=False)
            self.used -= len(dropped)


def create_api(catalog: Catalog) -> APIRouter:
    """The JSON routes over ``catalog``.

    The handlers are ``async`` on purpose though they compute: a server worker then answers one request at a
    time, in order, instead of switching between dozens of threads that all need the interpreter; the
    server runs several workers (``stdbridge serve --workers``) for the cores.
    """
    api = APIRouter(prefix="/api")
    memory = AnswerMemory()
    figures = CatalogueFigures(catalog)  # as the web pages count them

    @api.get("/search", summary="Search identifiers and titles, with filters and facets")
    async def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="Identifier or words.")],
        body: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
        country: Annotated[list[str], Query()] = [],  # noqa: B006
        type: Annotated[list[str], Query(description="Document type.")] = [],  # noqa: B006
        status: Annotated[list[str], Query()] = [],  # noqa: B006
        ics: Annotated[list[str], Query(description="ICS field, group or sub-group.")] = [],  # noqa: B006
        adoption: Annotated[list[str], Query(description="adopts, adopts-IDT, adopts-MOD, adopted ...")] = [],  # noqa: B006
        year_from: Annotated[int | None, Query(ge=1800, le=2200)] = None,
        year_to: Annotated[int | None, Query(ge=1800, le=2200)] = None,
        sort: Annotated[str, Query(pattern="^(relevance|newest|oldest)$")] = "relevance",
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        all_editions: bool = False,
        lang: Lang = None,
    ) -> Response:
        language(request, lang)
        engine = catalog.search_engine()  # first: it takes in imports made since, which changes the generation
        key = (str(request.url.query), current_language(), engine.index.generation)
        remembered = memory.get(key)
        if remembered is None:
            bodies, countries, readings = catalog.read_names(body=body, country=country)  # JIS is JISC, 中国 CN
            filters = Filters(
                body=bodies, country=countries, doctype=tuple(type),
                status=tuple(status), ics=tuple(ics), adoption=tuple(adoption), year_from=year_from, year_to=year_to,
            )  # fmt: skip
            request_ = SearchRequest(q, filters, sort, offset, limit, not all_editions)
            answer = search_json(engine.search(request_))
            remembered = orjson.dumps({**answer, "read_as": [r.to_json() for r in readings]})
            memory.put(key, remembered)
        return Response(remembered, media_type="application/json")

    @api.get("/standard", summary="A standard and its relations (sloppy identifiers resolve)")
    async def standard(request: Request, id: Identifier, lang: Lang = None) -> Response:
        language(request, lang)
        resolution = catalog.resolve(id)
        return json_response(resolution_json(resolution, catalog.links(resolution.standard)))

    @api.get("/family", summary="Editions, supersession chain, supplements and adoptions of a standard")
    async def family(request: Request, id: Identifier, as_of: dt.date | None = None, lang: Lang = None) -> Response:
        language(request, lang)
        return json_response(family_json(catalog.family(id, as_of)))

    @api.get("/counterparts", summary="Standards elsewhere that adopt it, that it adopts, or share its original")
    async def counterparts(
        request: Request,
        id: Identifier,
        country: Annotated[
            str | None, Query(max_length=80, description="A country: code or name (JP, 日本, UK).")
        ] = None,
        body: Annotated[str | None, Query(max_length=80, description="A body or series (JISC, JIS, GB, ГОСТ).")] = None,
        lang: Lang = None,
    ) -> Response:
        language(request, lang)
        found = catalog.counterparts(id, country=country, body=body)
        return json_response([counterpart_json(c) for c in found])

    @api.get(
        "/stats",
        summary="Records by body (published or co-published; and as lead publisher), country, status and type; "
        "relations by type",
    )
    async def stats() -> Response:
        return json_response(figures.stats())

    @api.get("/ics", summary="The ICS tree: fields, or the children of a code, with their titles")
    async def ics_tree(
        parent: Annotated[str | None, Query(max_length=12, pattern=r"^\d{2}(\.\d{3})?$")] = None,
    ) -> Response:
        entries = catalog.classification_children("ICS", parent)
        return json_response([{"code": e.code, "parent": e.parent, "titles": e.titles} for e in entries])

    @api.get("/bodies", summary="Publishing bodies with their number of records (co-published ones included)")
    async def bodies() -> Response:
        return json_response([{"body": v.value, "records": v.count} for v in figures.counts("body")])

    @api.get("/countries", summary="Countries and regions with their number of records")
    async def countries() -> Response:
        return json_response([{"country": v.value, "records": v.count} for v in figures.counts("country")])

    api.include_router(compare_routes(catalog))
    return api


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
        code = "not-found" if exc.status_code == 404 else "http-error"
        return respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        return respond(request, 500, "internal-error", _("internal error; the catalogue is unchanged"))
