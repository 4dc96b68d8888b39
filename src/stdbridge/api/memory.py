"""The translation memory over HTTP.

``GET /api/memory/lookup``   the best matches for ``text`` (``from``, ``to``, ``minimum``, ``limit``, and
                             ``previous`` / ``following`` for in-context matches): from the platform's memory, the
                             organisations' of who asks and their personal one; each with its score, kind, unit
                             and differences
``POST /api/memory/import``  a TMX 1.4b file (multipart ``file``) into a memory (``scope``: personal, needs
                             contributor; organisation with ``organisation``, or platform, needs editor); all or
                             nothing, recorded in the audit log; 201 with what was read and added, 422 naming the
                             units refused
``GET /api/memory/export``   one memory's units of a language pair as TMX (``scope``, ``from``, ``to``,
                             ``organisation``)
``GET /api/memory/stats``    units by scope and language pair
``POST /api/memory/align``   a Chinese document and its English counterpart (multipart ``zh``, ``en``: text or
                             DOCX) aligned sentence by sentence: the pairs with a confidence each, those to check
                             flagged; nothing is saved
``POST /api/memory/align/save``  the pairs as the person corrected them (JSON ``{"pairs": [{"zh_text",
                             "en_text"}], "scope": "personal"|"platform", "reference"}``) into a memory
                             (personal: contributor, platform: editor), audited; 201 with how many were new
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.translation.memory import TranslationMemory, match_json
from stdbridge.translation.model import UnitScope
from stdbridge.translation.tmx import export_tmx, import_tmx

router = APIRouter()
MAX_TMX_BYTES = 200 * 1024 * 1024
LangCode = Annotated[str, Query(min_length=2, max_length=12, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Scope = Literal["personal", "organisation", "platform"]


@router.get("/memory/lookup", summary="Translation-memory matches for a text: in-context, exact and fuzzy")
async def lookup(
    request: Request,
    api: State,
    text: Annotated[str, Query(min_length=1, max_length=5000)],
    source_lang: Annotated[LangCode, Query(alias="from")] = "zh",
    target_lang: Annotated[LangCode, Query(alias="to")] = "en",
    previous: Annotated[str | None, Query(max_length=5000)] = None,
    following: Annotated[str | None, Query(max_length=5000)] = None,
    minimum: Annotated[int, Query(ge=0, le=100)] = 50,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    memory = TranslationMemory.of(api.catalog.store)
    user_id = actor_of(request).user_id
    found = await run_in_threadpool(lambda: memory.matches(text, source_lang, target_lang, user_id=user_id,
                                                           previous=previous, following=following,
                                                           minimum=minimum, limit=limit))  # fmt: skip
    return json_response({"text": text, "from": source_lang, "to": target_lang,
                          "matches": [match_json(m) for m in found]})  # fmt: skip


@router.post("/memory/import", status_code=201, summary="Import a TMX 1.4b file into a translation memory")
async def import_file(
    request: Request,
    api: State,
    file: Annotated[UploadFile, File(description="The TMX file.")],
    scope: Annotated[Scope, Form()] = "personal",
    organisation: Annotated[int | None, Form(ge=1)] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    data = await file.read(MAX_TMX_BYTES + 1)
    name = file.filename or "memory.tmx"
    if len(data) > MAX_TMX_BYTES:
        raise UsageError(_("The file is larger than {limit} MB.").format(limit=MAX_TMX_BYTES // 2**20), source=name)
    memory, actor = TranslationMemory.of(api.catalog.store), actor_of(request)
    done = await run_in_threadpool(import_tmx, memory, actor, data, name, UnitScope(scope), organisation)
    answer = json_response({"file": name, "read": done.read, "added": done.added, "pairs": done.pairs})
    answer.status_code = 201
    return answer


@router.get("/memory/export", summary="A translation memory's units of one language pair, as TMX 1.4b")
async def export(
    request: Request,
    api: State,
    scope: Scope = "platform",
    source_lang: Annotated[LangCode, Query(alias="from")] = "zh",
    target_lang: Annotated[LangCode, Query(alias="to")] = "en",
    organisation: Annotated[int | None, Query(ge=1)] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    memory, actor = TranslationMemory.of(api.catalog.store), actor_of(request)
    data = await run_in_threadpool(export_tmx, memory, actor, UnitScope(scope), source_lang, target_lang, organisation)
    name = f"memory-{scope}-{source_lang}-{target_lang}.tmx"
    return Response(data, media_type="application/x-tmx+xml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/memory/stats", summary="Translation-memory units by scope and language pair")
async def stats(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    return json_response(await run_in_threadpool(api.catalog.store.memory_figures))


@router.post("/memory/align", summary="Align a Chinese document and its English counterpart sentence by sentence")
async def align_documents(
    request: Request,
    zh: Annotated[UploadFile, File(description="The Chinese document (text or DOCX).")],
    en: Annotated[UploadFile, File(description="The English document (text or DOCX).")],
    lang: Lang = None,
) -> Response:
    from stdbridge.compare.documents import read_document_bytes
    from stdbridge.translation.alignment import align, split_sentences

    language(request, lang)
    texts = []
    for upload in (zh, en):
        data = await upload.read(MAX_TMX_BYTES + 1)
        texts.append(read_document_bytes(data, name=upload.filename or "document").plain_text)
    pairs = await run_in_threadpool(align, split_sentences(texts[0]), split_sentences(texts[1]))
    return json_response({"pairs": [p.to_json() for p in pairs]})


class AlignedText(BaseModel):
    zh_text: str = Field(min_length=1, max_length=20_000)
    en_text: str = Field(min_length=1, max_length=20_000)


class AlignmentToSave(BaseModel):
    pairs: list[AlignedText] = Field(min_length=1, max_length=100_000)
    scope: Literal["personal", "platform"] = "personal"
    reference: str | None = Field(default=None, max_length=500)


@router.post("/memory/align/save", status_code=201, summary="Save a corrected alignment into a translation memory")
async def save_aligned(request: Request, api: State, body: AlignmentToSave, lang: Lang = None) -> Response:
    from stdbridge.translation.alignment import AlignedPair, save_alignment

    language(request, lang)
    pairs = [AlignedPair((), (), p.zh_text, p.en_text, 1.0) for p in body.pairs]
    memory, actor = TranslationMemory.of(api.catalog.store), actor_of(request)
    added = await run_in_threadpool(
        lambda: save_alignment(memory, actor, pairs, scope=UnitScope(body.scope), reference=body.reference)
    )
    answer = json_response({"pairs": len(pairs), "added": added})
    answer.status_code = 201
    return answer
