"""Routes of the connectivity index (``analytics.connectivity``): two systems over the years, a group's matrix; as
JSON, CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity import connectivity, matrix, year_ends
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.web.connectivity_chart import csv_of, xlsx_of

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Ics = Annotated[str | None, Query(max_length=12, pattern=r"^\d{2}(\.\d{3}(\.\d{2})?)?$")]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Format = Literal["json", "csv", "xlsx"]


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
    group: Annotated[str, Query(min_length=1, max_length=600, description="CN,JP,KR,ISO ... (at most 20)")],
    year: Year = None, ics: Ics = None, format: Format = "json", lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    names = [n.strip() for n in group.split(",") if n.strip()]
    if len(names) > 20:
        raise UsageError(_("a group has at most {count} members").format(count=20))
    scopes = [Scope.read(api.catalog, n)[0] for n in names]
    day = dt.date(year if year is not None else dt.date.today().year - 1, 12, 31)
    found = await run_in_threadpool(matrix, api.catalog, scopes, day, ics)
    if format != "json":
        return _table(found.rows(), format, "connectivity-group")
    return json_response(found.to_json())
