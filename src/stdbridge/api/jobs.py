"""The job queue over HTTP: ``POST /api/jobs`` asks for a job, ``GET /api/jobs`` and ``GET /api/jobs/{id}`` follow
them, ``POST /api/jobs/{id}/retry`` and ``/cancel`` act on one.

An import is asked for with a multipart form (``file``, ``format``, ``dataset``): the file is kept with the job,
in the database, for the worker of any node; its size is refused before the body is read (``web.protection``).
An index rebuild, a batch comparison or a translation project's pre-translation is asked for with JSON
(``{"kind": "index"}``, ``{"kind": "compare-batch", "list_a": "...", "list_b": "..."}``, ``{"kind": "pretranslate",
"project": 3}``, as ``POST /api/translate/3/pretranslate`` does). ``stdbridge.jobs.queue`` decides who may do what.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.jobs import queue
from stdbridge.jobs.model import Job, JobState

router = APIRouter()
MAX_PAGE = 200
JobId = Annotated[int, Path(ge=1, le=2**31, description="The job's number.")]


class IndexJob(BaseModel):
    kind: Literal["index"]
    node: str | None = Field(None, max_length=200, description="The node whose index to rebuild (default: any).")


class BatchJob(BaseModel):
    kind: Literal["compare-batch"]
    list_a: str = Field(min_length=1, max_length=queue.MAX_LIST_CHARACTERS, description="One identifier a line.")
    list_b: str = Field(min_length=1, max_length=queue.MAX_LIST_CHARACTERS, description="One identifier a line.")
    name_a: str = Field("A", max_length=60)
    name_b: str = Field("B", max_length=60)


class PretranslateJob(BaseModel):
    kind: Literal["pretranslate"]
    project: int = Field(ge=1, le=2**31, description="The translation project to pre-translate.")
    replace_drafts: bool = Field(False, description="Replace the engine's earlier drafts (a person's work is kept).")


class AskedJob(BaseModel):
    job: IndexJob | BatchJob | PretranslateJob = Field(discriminator="kind")


_JOB_SCHEMA = {"type": "object", "description": "A job: id, kind, state, parameters, progress {done, total, "
               "message}, asked_by, worker, attempts, times, upload, result (an import's summary and rejected "
               "rows; a batch's matrix; an index rebuild's count), error."}  # fmt: skip
_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "format"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": f"The catalogue file (at most {queue.MAX_IMPORT_BYTES // 2**20} MB).",
                    },
                    "format": {
                        "type": "string",
                        "description": "An importer installed (GET formats: stdbridge formats).",
                    },
                    "dataset": {"type": "string", "description": "The records' provenance (default: the format)."},
                },
            }
        },
        "application/json": {
            "schema": {
                "oneOf": [
                    IndexJob.model_json_schema(),
                    BatchJob.model_json_schema(),
                    PretranslateJob.model_json_schema(),
                ]
            }
        },
    },
}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The job.", "content": {"application/json": {"schema": _JOB_SCHEMA}}}
}


def _answer(job: Job, status: int = 200) -> Response:
    answer = json_response(job.to_json())
    answer.status_code = status
    return answer


@router.post(
    "/jobs",
    status_code=202,
    summary="Ask for a job: the import of an uploaded catalogue file (multipart: editors), an index rebuild "
    "(JSON: editors), a batch comparison or a translation project's pre-translation (JSON: contributors)",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        202: {
            "description": "The job, queued; follow it at Location.",
            "content": {"application/json": {"schema": _JOB_SCHEMA}},
        }
    },
)
async def ask_for_job(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    actor, store = actor_of(request), api.catalog.store
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        require(actor, Role.EDITOR)  # before a byte of the upload is read
        async with request.form(max_files=1, max_fields=5) as form:
            upload, format_, dataset = form.get("file"), form.get("format"), form.get("dataset")
            if not isinstance(upload, UploadFile) or not isinstance(format_, str) or not format_:
                raise UsageError(_("send the catalogue file as 'file' and its importer as 'format'"))
            data = await upload.read(queue.MAX_IMPORT_BYTES + 1)
            name = upload.filename or "upload"
        dataset_name = dataset if isinstance(dataset, str) and dataset else None
        job = await run_in_threadpool(queue.enqueue_import, store, actor, name, data, format_, dataset_name)
    elif kind.startswith("application/json"):
        try:
            asked = AskedJob.model_validate({"job": await request.json()}).job
        except (ValidationError, ValueError):
            raise UsageError(_("send a job as JSON: {\"kind\": \"index\"}, {\"kind\": \"compare-batch\", "
                               "\"list_a\": ..., \"list_b\": ...} or {\"kind\": \"pretranslate\", "
                               "\"project\": ...}")) from None  # fmt: skip
        if isinstance(asked, IndexJob):
            job = await run_in_threadpool(queue.enqueue_index, store, actor, asked.node)
        elif isinstance(asked, PretranslateJob):
            job = await run_in_threadpool(queue.enqueue_pretranslate, store, actor, asked.project,
                                          replace_drafts=asked.replace_drafts)  # fmt: skip
        else:
            job = await run_in_threadpool(queue.enqueue_batch, store, actor, asked.list_a, asked.list_b,
                                          asked.name_a, asked.name_b)  # fmt: skip
    else:
        raise UsageError(_("send an import as multipart/form-data, other jobs as application/json"))
    answer = _answer(job, 202)
    answer.headers["Location"] = f"/api/jobs/{job.id}"
    return answer


@router.get("/jobs", summary="The jobs you asked for (every job, for editors and administrators), newest first",
            responses={200: {"description": "A page of jobs.", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"total": {"type": "integer"}, "jobs": {
                    "type": "array", "items": _JOB_SCHEMA}}}}}}})  # fmt: skip
async def list_jobs(
    request: Request,
    api: State,
    state: Annotated[list[JobState] | None, Query(max_length=5, description="Only jobs in these states.")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    found, total = await run_in_threadpool(queue.listed_jobs, api.catalog.store, actor_of(request),
                                           tuple(state or ()), offset, limit)  # fmt: skip
    return json_response({"total": total, "offset": offset, "limit": limit,
                          "jobs": [_listed(j) for j in found]})  # fmt: skip


def _listed(job: Job) -> dict[str, Any]:
    """A job in a list: without its result and its lists (``GET /api/jobs/{id}`` gives them)."""
    shown = job.to_json()
    shown["result"] = None
    shown["parameters"] = {k: v for k, v in job.parameters.items() if k not in ("list_a", "list_b")}
    return shown


@router.get("/jobs/{job_id}", summary="One job: its state, progress and result (who asked, editors, admins)",
            responses=_ANSWERS)  # fmt: skip
async def show_job(request: Request, api: State, job_id: JobId, lang: Lang = None) -> Response:
    language(request, lang)
    return _answer(await run_in_threadpool(queue.visible_job, api.catalog.store, actor_of(request), job_id))


@router.post("/jobs/{job_id}/retry", summary="Queue a failed or cancelled job again (who asked, or an editor)",
             responses=_ANSWERS)  # fmt: skip
async def retry_job(request: Request, api: State, job_id: JobId, lang: Lang = None) -> Response:
    language(request, lang)
    return _answer(await run_in_threadpool(queue.retry, api.catalog.store, actor_of(request), job_id))


@router.post("/jobs/{job_id}/cancel", summary="Cancel a queued or running job (who asked, or an editor)",
             responses=_ANSWERS)  # fmt: skip
async def cancel_job(request: Request, api: State, job_id: JobId, lang: Lang = None) -> Response:
    language(request, lang)
    return _answer(await run_in_threadpool(queue.cancel, api.catalog.store, actor_of(request), job_id))
