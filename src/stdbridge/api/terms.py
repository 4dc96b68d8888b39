"""The termbase over HTTP (``stdbridge.translation.terms`` decides who may do what):

- ``GET /api/terms?q=`` searches terms (prefix, part or exact, any language or one), ``GET /api/terms/{id}`` gives a
  concept;
- ``POST /api/terms/recognise`` finds the termbase's terms in a text (``{"text", "source_lang", "target_lang"}``);
- ``POST /api/terms`` adds a concept, ``PUT /api/terms/{id}`` replaces one, ``DELETE /api/terms/{id}`` removes one:
  a personal concept needs the role of contributor, an organisation's or the platform's that of editor;
- ``POST /api/terms/import`` (multipart: ``file``, ``format`` tbx or csv, ``scope``, ``organisation``) imports a
  file and answers what it added and rejected; ``GET /api/terms/export?format=tbx|csv`` gives what the caller sees.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.translation.model import UnitScope
from stdbridge.translation.terms import Terms, concept_from_json, concept_to_json, hit_to_json, required_role

router = APIRouter()
MAX_TEXT = 20_000
MAX_IMPORT_BYTES = 20 * 2**20
ConceptId = Annotated[int, Path(ge=1, le=2**31, description="The concept's number.")]
_CONCEPT_SCHEMA = {"type": "object", "description": "A concept: id, scope (personal, organisation, platform), "
                   "owner_id, terms [{lang, text, status: preferred|admitted|deprecated}], definitions {lang: text}, "
                   "source, domain, origin."}  # fmt: skip
_HITS_SCHEMA = {"type": "object", "properties": {"hits": {"type": "array", "description": "start, end, text, term, "
                                                         "lang, status, concept, use, avoid"}}}  # fmt: skip
_FILE_TYPES: dict[str, Any] = {"application/x-tbx": {}, "text/csv": {}}
_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "The concept.", "content": {"application/json": {"schema": _CONCEPT_SCHEMA}}}
}


class TermIn(BaseModel):
    lang: str = Field(min_length=2, max_length=20, description="A BCP 47 code: en, zh ...")
    text: str = Field(min_length=1, max_length=300)
    status: Literal["preferred", "admitted", "deprecated"] = "preferred"


class ConceptIn(BaseModel):
    terms: list[TermIn] = Field(min_length=1, max_length=100)
    definitions: dict[str, str] = Field(default_factory=dict, description="By language code.")
    source: str | None = Field(None, max_length=1000, description="The standard and clause that define it.")
    domain: str | None = Field(None, max_length=1000, description="An ICS code or a subject.")
    scope: Literal["personal", "organisation", "platform"] = "personal"
    owner_id: int | None = Field(None, ge=1, description="The organisation's id, for the scope organisation.")


class RecogniseIn(BaseModel):
    text: str = Field(max_length=MAX_TEXT)
    source_lang: str = Field("zh", min_length=2, max_length=20)
    target_lang: str = Field("en", min_length=2, max_length=20)


@router.get("/terms", summary="Search the termbase: concepts with a term that begins with q (or holds it, or is "
            "it), in any language or one; what the caller may see",
            responses={200: {"description": "The concepts, the shortest matching term first.", "content": {
                "application/json": {"schema": {"type": "object", "properties": {"concepts": {
                    "type": "array", "items": _CONCEPT_SCHEMA}}}}}}})  # fmt: skip
async def search_terms(
    request: Request,
    api: State,
    q: Annotated[str, Query(min_length=1, max_length=300, description="A term or its beginning.")],
    term_lang: Annotated[str | None, Query(max_length=20, description="Only terms in this language.")] = None,
    match: Annotated[Literal["prefix", "contains", "exact"], Query()] = "prefix",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    found = await run_in_threadpool(Terms(api.catalog.store).search, q, actor_of(request), lang=term_lang,
                                    match=match, limit=limit)  # fmt: skip
    return json_response({"concepts": [concept_to_json(c) for c in found]})


@router.post("/terms/recognise", summary="The termbase's terms in a text (Chinese by word segmentation, English by "
             "lemma; the longest where they overlap), each with the terms to use and avoid in the target language",
             responses={200: {"description": "The terms found, in order of position.", "content": {
                 "application/json": {"schema": _HITS_SCHEMA}}}})  # fmt: skip
async def recognise_terms(request: Request, api: State, asked: RecogniseIn, lang: Lang = None) -> Response:
    language(request, lang)
    hits = await run_in_threadpool(Terms(api.catalog.store).recognise, asked.text, asked.source_lang,
                                   asked.target_lang, actor_of(request))  # fmt: skip
    return json_response({"hits": [hit_to_json(h, asked.text, asked.target_lang) for h in hits]})


@router.get("/terms/export", summary="The termbase as TBX (TBX-Basic) or CSV: the concepts the caller may see",
            responses={200: {"description": "The file.", "content": _FILE_TYPES}})  # fmt: skip
async def export_terms(
    request: Request,
    api: State,
    format: Annotated[Literal["tbx", "csv"], Query()] = "tbx",
    scope: Annotated[UnitScope | None, Query(description="Only the concepts of this scope.")] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    data = await run_in_threadpool(Terms(api.catalog.store).export, actor_of(request), format, scope=scope)
    media = "application/x-tbx" if format == "tbx" else "text/csv; charset=utf-8"
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="termbase.{format}"'})  # fmt: skip


@router.post(
    "/terms/import",
    summary="Import a TBX or CSV file (multipart: file, format, scope, organisation): "
    "personal for contributors, organisation or platform for editors; what was added and rejected",
    responses={200: {"description": "Added entries; rejected ones (file, line, column, value, reason)."}},
)
async def import_terms(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    actor = actor_of(request)
    if not actor.can(Role.EDITOR):  # before a byte of the upload is read (shared scopes need editor, below)
        require(actor, Role.CONTRIBUTOR)
    async with request.form(max_files=1, max_fields=6) as form:
        upload, format_ = form.get("file"), form.get("format")
        scope_text, organisation = form.get("scope") or "personal", form.get("organisation")
        if not isinstance(upload, UploadFile) or format_ not in ("tbx", "csv"):
            raise UsageError(_("send the termbase file as 'file' and its format (tbx or csv) as 'format'"))
        data = await upload.read(MAX_IMPORT_BYTES + 1)
        name = upload.filename or f"upload.{format_}"
    if len(data) > MAX_IMPORT_BYTES:
        raise UsageError(_("a termbase file has at most {size} MB").format(size=MAX_IMPORT_BYTES // 2**20))
    try:
        scope = UnitScope(str(scope_text))
        owner = int(str(organisation)) if organisation else None
    except ValueError:
        raise UsageError(_("scope is personal, organisation or platform; organisation is a number")) from None
    require(actor, required_role(scope))
    report = await run_in_threadpool(Terms(api.catalog.store).import_file, actor, data, name, str(format_),
                                     scope=scope, owner_id=owner)  # fmt: skip
    return json_response(report.to_json())


@router.get("/terms/{concept_id}", summary="One concept of the termbase (when the caller may see it)",
            responses=_ANSWER)  # fmt: skip
async def show_concept(request: Request, api: State, concept_id: ConceptId, lang: Lang = None) -> Response:
    language(request, lang)
    concept = await run_in_threadpool(Terms(api.catalog.store).concept, concept_id, actor_of(request))
    return json_response(concept_to_json(concept))


@router.post("/terms", status_code=201, summary="Add a concept: personal (contributors), of an organisation or the "
             "platform (editors)", responses={201: _ANSWER[200]})  # fmt: skip
async def add_concept(request: Request, api: State, asked: ConceptIn, lang: Lang = None) -> Response:
    language(request, lang)
    concept = concept_from_json(asked.model_dump())
    added = await run_in_threadpool(Terms(api.catalog.store).add, actor_of(request), concept)
    answer = json_response(concept_to_json(added))
    answer.status_code = 201
    answer.headers["Location"] = f"/api/terms/{added.id}"
    return answer


@router.put("/terms/{concept_id}", summary="Replace a concept's terms, definitions, source and domain (its owner, "
            "or an editor for a shared one)", responses=_ANSWER)  # fmt: skip
async def edit_concept(request: Request, api: State, concept_id: ConceptId, asked: ConceptIn,
                       lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    concept = concept_from_json(asked.model_dump())
    concept.id = concept_id
    edited = await run_in_threadpool(Terms(api.catalog.store).edit, actor_of(request), concept)
    return json_response(concept_to_json(edited))


@router.delete("/terms/{concept_id}", status_code=204, summary="Remove a concept (its owner, or an editor for a "
               "shared one)", responses={204: {"description": "Removed."}})  # fmt: skip
async def delete_concept(request: Request, api: State, concept_id: ConceptId, lang: Lang = None) -> Response:
    language(request, lang)
    await run_in_threadpool(Terms(api.catalog.store).delete, actor_of(request), concept_id)
    return Response(status_code=204)
