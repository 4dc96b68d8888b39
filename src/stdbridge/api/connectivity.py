"""Routes of the connectivity index (``analytics.connectivity``): two systems over the years, a group's matrix (of
the systems named, or of a saved group); as JSON, CSV or XLSX; and the saved groups (``analytics.groups``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from stdbridge.analytics import groups as saved
from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity import connectivity, matrix, year_ends
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.web.connectivity_chart import csv_of, xlsx_of

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Ics = Annotated[str | None, Query(max_length=12, pattern=r"^\d{2}(\.\d{3}(\.\d{2})?)?$")]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Format = Literal["json", "csv", "xlsx"]
GroupId = Annotated[int, Path(ge=1, le=2**31, description="The saved group's number.")]


class NewGroup(BaseModel):
    name: str = Field(min_length=1, max_length=saved.NAME_LIMIT)
    members: list[str] = Field(min_length=2, max_length=saved.GROUP_LIMIT,
                               description="Countries and bodies: CN, JP, body:ISO, 中国 ...")  # fmt: skip
    shared: bool = Field(False, description="Seen by everybody (editors only); else your own.")


def _table(rows: list[list[object]], format: Format, name: str) -> Response:
    if format == "csv":
        return Response(csv_of(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})  # fmt: skip
    return Response(xlsx_of(rows, "connectivity"), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})  # fmt: skip


@router.get("/connectivity", summary="How connected two standards systems are at each year end: the four stages")
async def connectivity_(
    request: Request, api: State,
    a: Annotated[str, Query(min_length=1, max_length=48, description="body:ISO, country:JP, ISO, JP, 中国 ...")],
    b: Annotated[str, Query(min_length=1, max_length=48, description="The other system.")],
    first: Annotated[int | None, Query(alias="from", ge=1900, le=2100)] = None, to: Year = None, ics: Ics = None,
    format: Format = "json", lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    last = to if to is not None else dt.date.today().year - 1
    days = year_ends(first if first is not None else last - 19, last)
    (scope_a, read_a), (scope_b, read_b) = Scope.read(api.catalog, a), Scope.read(api.catalog, b)
    found = await run_in_threadpool(connectivity, api.catalog, scope_a, scope_b, days, ics)
    if format != "json":
        return _table(found.rows(), format, f"connectivity-{scope_a.code}-{scope_b.code}")
    return json_response({**found.to_json(), "read_as": [read_a.to_json(), read_b.to_json()]})


@router.get("/connectivity/matrix", summary="The connectivity of every pair of a group on one year end")
async def connectivity_matrix(
    request: Request, api: State,
    group: Annotated[str | None, Query(max_length=600, description="CN,JP,KR,ISO ... (at most 20)")] = None,
    saved_group: Annotated[int | None, Query(alias="saved", ge=1, le=2**31, description="A saved group's id.")] = None,
    year: Year = None, ics: Ics = None, format: Format = "json", lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    if saved_group is not None:
        group = ",".join(saved.group_for(api.catalog, actor_of(request), saved_group).members)
    if not group:
        raise UsageError(_("name a group: group=CN,JP,KR"))
    names = [n.strip() for n in group.split(",") if n.strip()]
    if len(names) > 20:
        raise UsageError(_("a group has at most {count} members").format(count=20))
    scopes = [Scope.read(api.catalog, n)[0] for n in names]
    day = dt.date(year if year is not None else dt.date.today().year - 1, 12, 31)
    found = await run_in_threadpool(matrix, api.catalog, scopes, day, ics)
    if format != "json":
        return _table(found.figures(), format, "connectivity-group")
    return json_response(found.to_json())


@router.get("/connectivity/groups", summary="The saved groups: the shared ones and yours")
async def list_groups(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    return json_response([g.to_json() for g in saved.groups_for(api.catalog, actor_of(request))])


@router.post("/connectivity/groups", status_code=201, summary="Save a group (your own: contributors; shared: editors)")
async def create_group(request: Request, api: State, asked: NewGroup, lang: Lang = None) -> Response:
    language(request, lang)
    group = await run_in_threadpool(
        lambda: saved.save_group(api.catalog, actor_of(request), asked.name, asked.members, shared=asked.shared)
    )
    answer = json_response(group.to_json())
    answer.status_code = 201
    answer.headers["Location"] = f"/api/connectivity/groups/{group.id}"
    return answer


@router.get("/connectivity/groups/{group_id}", summary="A saved group")
async def show_group(request: Request, api: State, group_id: GroupId, lang: Lang = None) -> Response:
    language(request, lang)
    return json_response(saved.group_for(api.catalog, actor_of(request), group_id).to_json())


@router.put("/connectivity/groups/{group_id}", summary="Replace a saved group's name and members")
async def replace_group(
    request: Request, api: State, group_id: GroupId, asked: NewGroup, lang: Lang = None
) -> Response:
    language(request, lang)
    group = await run_in_threadpool(
        lambda: saved.save_group(api.catalog, actor_of(request), asked.name, asked.members, shared=asked.shared,
                                 group_id=group_id))  # fmt: skip
    return json_response(group.to_json())


@router.delete("/connectivity/groups/{group_id}", status_code=204, summary="Remove a saved group")
async def delete_group(request: Request, api: State, group_id: GroupId, lang: Lang = None) -> Response:
    language(request, lang)
    await run_in_threadpool(saved.remove_group, api.catalog, actor_of(request), group_id)
    return Response(status_code=204)
