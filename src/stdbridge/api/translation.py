"""Translation projects over HTTP (``stdbridge.translation.projects`` decides who may do what):

- ``GET /api/translate`` lists the projects with their progress; ``POST /api/translate`` (multipart: ``file``,
  ``source_lang``, ``target_lang``, ``title``, ``standard``) makes one from a document (contributor);
- ``GET /api/translate/{id}`` a project with its segments (``status``, ``q`` filter them);
  ``POST /api/translate/{id}/pretranslate`` queues a job (202, followed at ``/api/jobs/{job}``) that fills the new
  segments from the memory and the engine;
- ``GET /api/translate/{id}/segments/{sid}`` a segment with its memory matches, terms, machine translation and
  findings; ``PUT`` saves it (``{"target", "version", "confirm"}``: 409 ``edit-conflict`` with the ``current``
  version when someone saved it since); ``POST .../review`` approves or sends it back (reviewer);
- ``GET /api/translate/{id}/findings`` the quality checks; ``POST /api/translate/{id}/waivers`` judges one "not an
  error" with a reason; ``GET /api/translate/{id}/download/{kind}`` the translated document, a bilingual copy
  (docx or html), XLIFF or TMX.
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
from stdbridge.jobs import queue
from stdbridge.translation.bilingual import origin_label
from stdbridge.translation.memory import match_json
from stdbridge.translation.model import Project, Segment, SegmentStatus
from stdbridge.translation.projects import DOWNLOADS, Assistance, Projects
from stdbridge.translation.terms import hit_to_json

router = APIRouter()
MAX_UPLOAD = 20 * 2**20
ProjectId = Annotated[int, Path(ge=1, le=2**31, description="The project's number.")]
SegmentId = Annotated[int, Path(ge=1, le=2**31, description="The segment's number.")]
_OBJECT: dict[int | str, dict[str, Any]] = {200: {"description": "The answer.", "content": {
    "application/json": {"schema": {"type": "object"}}}}}  # fmt: skip


class SegmentIn(BaseModel):
    target: str = Field(max_length=20_000)
    version: int = Field(ge=0, le=2**31, description="The version the editor loaded.")
    confirm: bool = Field(False, description="Translated (into the personal memory), not a draft.")


class ReviewIn(BaseModel):
    version: int = Field(ge=0, le=2**31)
    approve: bool = True


class WaiverIn(BaseModel):
    segment_key: str = Field(min_length=1, max_length=300)
    check: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=1, max_length=1000)


def project_json(project: Project, counts: dict[str, int]) -> dict[str, Any]:
    return {"id": project.id, "title": project.title, "source_lang": project.source_lang,
            "target_lang": project.target_lang, "filename": project.filename, "format": project.format,
            "standard": project.standard_key, "state": project.state.value, "owner_id": project.owner_id,
            "created_at": project.created_at, "progress": counts}  # fmt: skip


def segment_json(segment: Segment) -> dict[str, Any]:
    return {"id": segment.id, "position": segment.position, "key": segment.key, "kind": segment.kind,
            "source": segment.source, "target": segment.target, "status": segment.status.value,
            "origin": segment.origin.value if segment.origin else None, "origin_label": origin_label(segment),
            "score": segment.score, "engine": segment.engine, "version": segment.version,
            "updated_by": segment.updated_by, "updated_at": segment.updated_at}  # fmt: skip


def assistance_json(help_: Assistance, source: str, target_lang: str) -> dict[str, Any]:
    return {"matches": [match_json(m) for m in help_.matches],
            "terms": [hit_to_json(h, source, target_lang) for h in help_.terms],
            "machine": {"text": help_.suggestion.text, "engine": help_.suggestion.engine,
                        "origin": help_.suggestion.origin.value} if help_.suggestion else None,
            "engine_problem": help_.engine_problem,
            "findings": [f.to_json() for f in help_.findings]}  # fmt: skip


@router.get("/translate", summary="Translation projects, the newest first, with their segments by status",
            responses=_OBJECT)  # fmt: skip
async def list_projects(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    require(actor_of(request), Role.READER)
    store = api.catalog.store
    projects = await run_in_threadpool(store.list_projects)
    counts = await run_in_threadpool(store.segment_counts, [p.id for p in projects if p.id is not None])
    return json_response({"projects": [project_json(p, counts.get(p.id or 0, {})) for p in projects]})


@router.post("/translate", status_code=201, summary="A translation project of a document (multipart: file, "
             "source_lang, target_lang, title, standard): DOCX, XLIFF, text, Markdown", responses=_OBJECT)  # fmt: skip
async def create_project(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    actor = actor_of(request)
    require(actor, Role.CONTRIBUTOR)  # before a byte of the upload is read
    async with request.form(max_files=1, max_fields=6) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise UsageError(_("send the document to translate as 'file'"))
        data = await upload.read(MAX_UPLOAD + 1)
        name = upload.filename or "document.txt"
        fields = {k: str(form.get(k) or "") for k in ("source_lang", "target_lang", "title", "standard")}
    if len(data) > MAX_UPLOAD:
        raise UsageError(_("a document to translate has at most {size} MB").format(size=MAX_UPLOAD // 2**20))
    project = await run_in_threadpool(
        Projects(api.catalog.store).create,
        actor,
        name,
        data,
        fields["source_lang"] or "zh",
        fields["target_lang"] or "en",
        title=fields["title"] or None,
        standard_key=fields["standard"] or None,
    )
    answer = json_response(project_json(project, Projects(api.catalog.store).progress(project.id or 0)))
    answer.status_code = 201
    answer.headers["Location"] = f"/api/translate/{project.id}"
    return answer


@router.get("/translate/{project_id}", summary="A project and its segments (filtered by status or text)",
            responses=_OBJECT)  # fmt: skip
async def show_project(
    request: Request,
    api: State,
    project_id: ProjectId,
    status: Annotated[SegmentStatus | None, Query()] = None,
    q: Annotated[
        str | None, Query(max_length=300, description="Only segments whose source or target holds it.")
    ] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    projects = Projects(api.catalog.store)
    actor = actor_of(request)
    project = await run_in_threadpool(projects.project, actor, project_id)
    segments = await run_in_threadpool(projects.segments, actor, project_id, status=status, text=q)
    answer = project_json(project, projects.progress(project_id))
    answer["segments"] = [segment_json(s) for s in segments]
    return json_response(answer)


@router.post("/translate/{project_id}/pretranslate", status_code=202, summary="Queue the project's pre-translation "
             "(memory, then the machine-translation engine; a person's work is kept): 202 with the job, followed at "
             "/api/jobs/{id}", responses={202: {"description": "The job, queued (or the one already queued for the "
                                                "project).", "content": {"application/json": {
                                                    "schema": {"type": "object"}}}}})  # fmt: skip
async def pretranslate_project(request: Request, api: State, project_id: ProjectId, lang: Lang = None) -> Response:
    language(request, lang)
    job = await run_in_threadpool(queue.enqueue_pretranslate, api.catalog.store, actor_of(request), project_id)
    answer = json_response(job.to_json())
    answer.status_code = 202
    answer.headers["Location"] = f"/api/jobs/{job.id}"
    return answer


@router.get("/translate/{project_id}/segments/{segment_id}", summary="A segment with its memory matches, terms, "
            "machine translation and findings", responses=_OBJECT)  # fmt: skip
async def show_segment(request: Request, api: State, project_id: ProjectId, segment_id: SegmentId,
                       lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    projects, actor = Projects(api.catalog.store), actor_of(request)
    project = await run_in_threadpool(projects.project, actor, project_id)
    segment = await run_in_threadpool(projects.segment, actor, project_id, segment_id)
    help_ = await run_in_threadpool(projects.assist, actor, project_id, segment)
    return json_response({**segment_json(segment), **assistance_json(help_, segment.source, project.target_lang)})


@router.put("/translate/{project_id}/segments/{segment_id}", summary="Save a segment's translation (a draft, or "
            "confirmed); 409 when someone saved it since the version given", responses=_OBJECT)  # fmt: skip
async def save_segment(request: Request, api: State, project_id: ProjectId, segment_id: SegmentId, asked: SegmentIn,
                       lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    saved = await run_in_threadpool(Projects(api.catalog.store).save, actor_of(request), project_id, segment_id,
                                    asked.target, asked.version, confirm=asked.confirm)  # fmt: skip
    return json_response(segment_json(saved))


@router.post("/translate/{project_id}/segments/{segment_id}/review", summary="Approve a translated segment (into "
             "the shared memory) or send it back (reviewers)", responses=_OBJECT)  # fmt: skip
async def review_segment(request: Request, api: State, project_id: ProjectId, segment_id: SegmentId,
                         asked: ReviewIn, lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    done = await run_in_threadpool(Projects(api.catalog.store).review, actor_of(request), project_id, segment_id,
                                   asked.version, approve=asked.approve)  # fmt: skip
    return json_response(segment_json(done))


@router.post("/translate/{project_id}/deliver", summary="Deliver a project whose segments are all approved "
             "(reviewers); a catalogue standard's project gives it a contributed translated title",
             responses=_OBJECT)  # fmt: skip
async def deliver_project(request: Request, api: State, project_id: ProjectId, lang: Lang = None) -> Response:
    language(request, lang)
    title = await run_in_threadpool(Projects(api.catalog.store).deliver, actor_of(request), project_id)
    return json_response({"state": "delivered", "translated_title": title})


@router.get("/translate/{project_id}/findings", summary="The quality checks of the whole document (findings judged "
            "not an error left out)", responses=_OBJECT)  # fmt: skip
async def project_findings(request: Request, api: State, project_id: ProjectId, lang: Lang = None) -> Response:
    language(request, lang)
    found = await run_in_threadpool(Projects(api.catalog.store).findings, actor_of(request), project_id)
    return json_response({"findings": [f.to_json() for f in found]})


@router.post("/translate/{project_id}/waivers", status_code=201, summary="Judge a finding not an error, with the "
             "reason", responses=_OBJECT)  # fmt: skip
async def waive_finding(request: Request, api: State, project_id: ProjectId, asked: WaiverIn,
                        lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    waiver = await run_in_threadpool(Projects(api.catalog.store).waive, actor_of(request), project_id,
                                     asked.segment_key, asked.check, asked.reason)  # fmt: skip
    answer = json_response({"segment_key": waiver.segment_key, "check": waiver.check.value, "reason": waiver.reason,
                            "by": waiver.by, "at": waiver.at})  # fmt: skip
    answer.status_code = 201
    return answer


@router.get("/translate/{project_id}/download/{kind}", summary="The translated document, a bilingual copy (DOCX or "
            "HTML), XLIFF 1.2 or the project's TMX", responses={200: {"description": "The file."}})  # fmt: skip
async def download_project(
    request: Request,
    api: State,
    project_id: ProjectId,
    kind: Annotated[Literal["document", "bilingual-docx", "bilingual-html", "xliff", "tmx"], Path()],
    lang: Lang = None,
) -> Response:
    language(request, lang)
    assert kind in DOWNLOADS
    found = await run_in_threadpool(Projects(api.catalog.store).download, actor_of(request), project_id, kind)
    disposition = f"attachment; filename*=UTF-8''{_quoted(found.filename)}"
    return Response(found.content, media_type=found.media_type, headers={"Content-Disposition": disposition})


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
