"""Routes for finding and comparing counterparts: suggestions, decisions on them, side-by-side comparison."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from stdbridge.analytics.compatibility import Scope, compatibility
from stdbridge.api.access import actor_of
from stdbridge.api.common import Identifier, Lang, State, json_response, language
from stdbridge.api.uploads import XLSX, read_upload, request_deadline
from stdbridge.compare import compare_documents
from stdbridge.compare.lists import compare_lists
from stdbridge.compare.service import render_comparison, side_by_side_or_texts, text_labels
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
from stdbridge.models import Degree, Verdict
from stdbridge.serialize import comparison_json, decision_history_json, decision_json, suggestions_json

Target = Annotated[
    str | None, Query(max_length=80, description="A body or series (ISO, IEC, JISC or JIS, SAC or GB ...).")
]
BatchFormat = Annotated[Literal["json", "html", "xlsx"], Query(description="json, html (a page) or xlsx (a workbook).")]
ReportFormat = Annotated[Literal["json", "html"], Query(description="json, or html for a page to read or save.")]
Country = Annotated[str | None, Query(max_length=80, description="A country or region (JP, CN, INT, EU, 日本 ...).")]


class BatchRequest(BaseModel):
    """Two lists of identifiers to compare, one identifier an item (or a text of one identifier a line)."""

    list_a: list[str] | str = Field(description="The standards of side A.")
    list_b: list[str] | str = Field(description="The standards of side B.")
    name_a: str = Field("A", max_length=60)
    name_b: str = Field("B", max_length=60)
    threshold: float = Field(SUGGESTION_THRESHOLD, gt=0, le=1, description="The lowest score of a suggested pair.")
    suggestions: int = Field(1, ge=1, le=10, description="Suggested counterparts per standard without a declared one.")


class DecisionRequest(BaseModel):
    """A person's decision on a suggested counterpart."""

    source: str = Field(min_length=1, max_length=200, description="The standard the suggestion was made for.")
    target: str = Field(min_length=1, max_length=200, description="The suggested counterpart.")
    verdict: Literal["accepted", "rejected"]
    degree: Literal["IDT", "MOD", "NEQ"] | None = Field(None, description="Required when accepted.")
    by: str | None = Field(
        None, min_length=1, max_length=120,
        description="Who decides, as shown: a signed-in user's decision shows their name instead.",
    )  # fmt: skip
    note: str | None = Field(None, max_length=2000)


router = APIRouter()


@router.get("/suggest", summary="Counterparts no relation declares, ranked, with score and evidence")
async def suggest(
    request: Request,
    api: State,
    id: Identifier,
    body: Target = None,
    country: Country = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    target, where, readings = api.catalog.read_target(body, country)
    found = api.catalog.suggest(id, body=target, country=where, limit=limit)
    return json_response({**suggestions_json(found), "read_as": [r.to_json() for r in readings]})


@router.post("/decisions", status_code=201, summary="Accept (with a degree) or reject a suggested counterpart")
async def decide(request: Request, api: State, decision: DecisionRequest, lang: Lang = None) -> Response:
    language(request, lang)
    actor = actor_of(request)
    made = await run_in_threadpool(
        api.catalog.decide, decision.source, decision.target, Verdict(decision.verdict),
        by=decision.by or actor.name, degree=Degree(decision.degree) if decision.degree else None,
        note=decision.note, actor=actor,
    )  # fmt: skip
    answer = json_response(decision_json(made))
    answer.status_code = 201
    return answer


@router.get("/decisions", summary="Every decision people made about a standard's suggested counterparts, oldest "
            "first; 'current' marks those that stand (the latest about each pair)")  # fmt: skip
async def decisions(request: Request, api: State, id: Identifier, lang: Lang = None) -> Response:
    language(request, lang)
    standard = api.catalog.get(id)
    return json_response(decision_history_json(api.catalog.store.decision_history([standard.work_key])))


@router.get("/compare", summary="Two standards side by side, and what links them (JSON or an HTML page)")
async def compare(
    request: Request, api: State, a: Identifier, b: Identifier, format: ReportFormat = "json", lang: Lang = None
) -> Response:
    language(request, lang)
    side = side_by_side_or_texts(api.catalog, a, b, texts=False)
    if format == "html":
        return HTMLResponse(render_comparison(side, None))
    return json_response(comparison_json(side, None))


@router.post("/compare", summary="Two standards and their full texts (TXT, DOCX, PDF), clause by clause")
async def compare_texts(
    request: Request,
    api: State,
    text_a: Annotated[UploadFile, File(description="The full text of A.")],
    text_b: Annotated[UploadFile, File(description="The full text of B.")],
    a: Annotated[
        str | None,
        Form(max_length=200, description="A's identifier; compared by text alone if the catalogue lacks it."),
    ] = None,
    b: Annotated[str | None, Form(max_length=200, description="B's identifier (likewise).")] = None,
    format: ReportFormat = "json",
    lang: Lang = None,
) -> Response:
    language(request, lang)
    side = await run_in_threadpool(side_by_side_or_texts, api.catalog, a, b, texts=True)
    label_a, label_b = text_labels(side, a or text_a.filename or "A", b or text_b.filename or "B")
    async with request_deadline(request) as deadline:  # stopped when too long, or when the client has gone
        documents = [await read_upload(upload, deadline) for upload in (text_a, text_b)]
        texts = await run_in_threadpool(
            lambda: deadline.run(compare_documents, *documents, label_a=label_a, label_b=label_b)
        )
    if format == "html":
        return HTMLResponse(render_comparison(side, texts))
    return json_response(comparison_json(side, texts))


@router.post("/compare-batch", summary="Two lists of standards: which corresponds to which, and what has none")
async def compare_batch(
    request: Request, api: State, lists: BatchRequest, format: BatchFormat = "json", lang: Lang = None
) -> Response:
    language(request, lang)
    matrix = await run_in_threadpool(
        compare_lists, api.catalog, lists.list_a, lists.list_b, name_a=lists.name_a, name_b=lists.name_b,
        threshold=lists.threshold, suggestions=lists.suggestions,
    )  # fmt: skip
    if format == "html":
        return HTMLResponse(matrix.to_html())
    if format == "xlsx":
        headers = {"Content-Disposition": 'attachment; filename="comparison.xlsx"'}
        return Response(matrix.to_xlsx(), media_type=XLSX, headers=headers)
    return json_response(matrix.to_json())


@router.get("/compatibility", summary="How compatible two standards systems are: coverage by degree, NMI")
async def compatibility_(
    request: Request,
    api: State,
    a: Annotated[str, Query(min_length=1, max_length=48, description="body:ISO, country:JP, ISO, JP ...")],
    b: Annotated[str, Query(min_length=1, max_length=48, description="The other system.")],
    ics: Annotated[str | None, Query(max_length=12, pattern=r"^\d{2}(\.\d{3}(\.\d{2})?)?$")] = None,
    members: Literal["current", "all"] = "current",
    declared_only: bool = False,
    links: bool = False,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    threshold = None if declared_only else SUGGESTION_THRESHOLD
    (scope_a, read_a), (scope_b, read_b) = Scope.read(api.catalog, a), Scope.read(api.catalog, b)
    found = await run_in_threadpool(
        compatibility, api.catalog, scope_a, scope_b, ics, members=members, threshold=threshold
    )
    return json_response({**found.to_json(links=links), "read_as": [read_a.to_json(), read_b.to_json()]})
