"""Routes for the records of the catalogue: search, a standard, its family and counterparts, and the figures of
the whole catalogue (``/api/stats``, ``/api/ics``, ``/api/bodies``, ``/api/countries``); the ICS and CCS trees with
their counts (``/api/browse/ics``) and committees (``/api/committee``).

The handlers are ``async`` on purpose though they compute: a server worker then answers one request at a time, in
order, instead of switching between dozens of threads that all need the interpreter; the server runs several
workers (``stdbridge serve --workers``) for the cores.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from stdbridge.api.common import ApiState, Identifier, Lang, State, json_response, language
from stdbridge.catalog.lifecycle import statuses_now
from stdbridge.i18n import current_language
from stdbridge.language.ics_titles import chinese_ics_title, with_chinese_title
from stdbridge.language.text import MAX_QUERY_LENGTH
from stdbridge.models import ClassEntry
from stdbridge.search import Filters, SearchRequest
from stdbridge.search.engine import MAX_LIMIT, MAX_OFFSET
from stdbridge.serialize import counterpart_json, family_json, resolution_json, search_json

router = APIRouter()


@router.get("/search", summary="Search identifiers and titles, with filters and facets")
async def search(
    request: Request,
    api: State,
    q: Annotated[
        str,
        Query(max_length=MAX_QUERY_LENGTH, description="Identifier or words; empty to list what the filters select."),
    ] = "",
    body: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
    country: Annotated[list[str], Query()] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="Document type.")] = [],  # noqa: B006
    status: Annotated[list[str], Query()] = [],  # noqa: B006
    ics: Annotated[list[str], Query(description="ICS field, group or sub-group.")] = [],  # noqa: B006
    adoption: Annotated[list[str], Query(description="adopts, adopts-IDT, adopts-MOD, adopted ...")] = [],  # noqa: B006
    ccs: Annotated[list[str], Query(description="CCS category, group or class: L, L00/09, L06.")] = [],  # noqa: B006
    committee: Annotated[list[str], Query(description="Committee (ISO/TC 176) or 归口单位.")] = [],  # noqa: B006
    kind: Annotated[list[str], Query(description="Series of Chinese standards: GB, GB/T, GB/Z, HG/T ...")] = [],  # noqa: B006
    department: Annotated[list[str], Query(description="主管部门 of GB records.")] = [],  # noqa: B006
    year_from: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    year_to: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    sort: Annotated[str, Query(pattern="^(relevance|newest|oldest)$")] = "relevance",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    all_editions: bool = False,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    engine = api.catalog.search_engine()  # first: it takes in imports made since, which changes the generation
    key = (str(request.url.query), current_language(), engine.index.generation)
    remembered = api.memory.get(key)
    if remembered is None:
        bodies, countries, readings = api.catalog.read_names(body=body, country=country)  # JIS is JISC, 中国 CN
        filters = Filters(
            body=bodies, country=countries, doctype=tuple(type),
            status=tuple(status), ics=tuple(ics), adoption=tuple(adoption), ccs=tuple(ccs),
            committee=tuple(committee), kind=tuple(kind), department=tuple(department),
            year_from=year_from, year_to=year_to,
        )  # fmt: skip
        request_ = SearchRequest(q, filters, sort, offset, limit, not all_editions)
        answer = search_json(engine.search(request_))
        remembered = orjson.dumps({**answer, "read_as": [r.to_json() for r in readings]})
        api.memory.put(key, remembered)
    behind = api.catalog.index_behind()  # answered from the index as it is, and said so
    headers = {"X-Index-Behind-Seconds": str(behind)} if behind else None
    return Response(remembered, media_type="application/json", headers=headers)


@router.get("/standard", summary="A standard and its relations (sloppy identifiers resolve)")
async def standard(request: Request, api: State, id: Identifier, lang: Lang = None) -> Response:
    language(request, lang)
    with api.catalog.store.reading():  # the request's reads share one connection
        resolution = api.catalog.resolve(id)
        links, status = api.catalog.links(resolution.standard), api.catalog.status_now(resolution.standard)
    return json_response(resolution_json(resolution, links, status))


@router.get("/family", summary="Editions, supersession chain, supplements and adoptions of a standard")
async def family(
    request: Request, api: State, id: Identifier, as_of: dt.date | None = None, lang: Lang = None
) -> Response:
    language(request, lang)
    with api.catalog.store.reading():
        found = api.catalog.family(id, as_of)
    return json_response(family_json(found))


@router.get("/counterparts", summary="Standards elsewhere that adopt it, that it adopts, or share its original")
async def counterparts(
    request: Request,
    api: State,
    id: Identifier,
    country: Annotated[str | None, Query(max_length=80, description="A country: code or name (JP, 日本, UK).")] = None,
    body: Annotated[str | None, Query(max_length=80, description="A body or series (JISC, JIS, GB, ГОСТ).")] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    with api.catalog.store.reading():
        found = api.catalog.counterparts(id, country=country, body=body)
        statuses = statuses_now(api.catalog.store, [c.standard for c in found])
    return json_response([counterpart_json(c, statuses.get(c.standard.id or -1)) for c in found])


@router.get(
    "/stats",
    summary="Records by body (published or co-published; and as lead publisher), country, status and type; "
    "relations by type",
)
async def stats(api: State) -> Response:
    return json_response(api.figures.stats())


@router.get(
    "/ics",
    summary="The ICS tree: fields, or the children of a code, with their titles (English, French, "
    "and Chinese, chinese_source saying where the Chinese title comes from)",
)
async def ics_tree(
    api: State,
    parent: Annotated[str | None, Query(max_length=12, pattern=r"^\d{2}(\.\d{3})?$")] = None,
) -> Response:
    entries = api.catalog.classification_children("ICS", parent)
    # ISO's English and French titles, and the Chinese one (``chinese_source`` says where it comes from)
    return json_response([
        {"code": e.code, "parent": e.parent, "titles": with_chinese_title(e.code, e.titles),
         "chinese_source": getattr(chinese_ics_title(e.code), "source", None)}
        for e in entries
    ])  # fmt: skip


def _browse(api: ApiState, scheme: str, code: str | None) -> Response:
    found = api.catalog.browse(scheme, code)

    def node(entry: ClassEntry, records: int) -> dict[str, Any]:
        return {"code": entry.code, "parent": entry.parent, "titles": entry.titles, "records": records,
                "list": f"/api/search?{urlencode({scheme: entry.code})}"}  # fmt: skip

    return json_response({
        "scheme": found.scheme,
        "node": node(found.node.entry, found.node.records) if found.node else None,
        "ancestors": [{"code": a.code, "titles": a.titles} for a in found.ancestors],
        "records": found.total,
        "children": [node(n.entry, n.records) for n in found.children],
    })  # fmt: skip


@router.get("/browse/ics", summary="The ICS tree: a node's children with their numbers of records")
async def browse_ics(
    request: Request,
    api: State,
    code: Annotated[str | None, Query(max_length=12, description="A field, group (03.120); none: the top.")] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    return _browse(api, "ics", code)


@router.get("/browse/ccs", summary="The CCS tree: a node's children with their numbers of records")
async def browse_ccs(
    request: Request,
    api: State,
    code: Annotated[
        str | None, Query(max_length=12, description="A category (A) or group (A00/09); none: the top.")
    ] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    return _browse(api, "ccs", code)


@router.get("/committee", summary="A committee: title and scope where known, its records by status")
async def committee(
    request: Request,
    api: State,
    code: Annotated[str, Query(min_length=1, max_length=200, description="ISO/TC 176, IEC/TC 61, a 归口单位 ...")],
    lang: Lang = None,
) -> Response:
    language(request, lang)
    found = api.catalog.committee(code)
    return json_response({
        "code": found.code, "titles": found.titles, "data": found.data,
        "above": [a.code for a in found.above],
        "under": [{"code": n.entry.code, "titles": n.entry.titles, "records": n.records} for n in found.under],
        "records": found.records, "published": found.published, "in_progress": found.in_progress,
        "by_status": found.by_status, "list": f"/api/search?{urlencode({'committee': found.code})}",
    })  # fmt: skip


@router.get("/bodies", summary="Publishing bodies with their number of records (co-published ones included)")
async def bodies(api: State) -> Response:
    return json_response([{"body": v.value, "records": v.count} for v in api.figures.counts("body")])


@router.get("/countries", summary="Countries and regions with their number of records")
async def countries(api: State) -> Response:
    return json_response([{"country": v.value, "records": v.count} for v in api.figures.counts("country")])
