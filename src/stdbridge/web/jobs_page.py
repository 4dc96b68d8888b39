"""The job pages: ``/jobs`` lists the jobs the reader may see, with the form an editor uploads a catalogue file
with (and asks for an index rebuild); ``/jobs/{id}`` follows one job — its progress bar, updated by
``static/jobs.js`` polling ``GET /api/jobs/{id}`` (the page says to reload it without the script), then the
import's summary and its rejected rows (file, line, value, reason) — with retry and cancel buttons for who may.

``POST /jobs`` queues an import (``action=import``: ``file``, ``format``, ``dataset``) or an index rebuild
(``action=index``) and leads to the job's page; ``POST /jobs/{id}/retry`` and ``/cancel`` come back to it.
``stdbridge.jobs.queue`` decides who may do what; every form carries the CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import Forbidden, NotFound, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.jobs import queue
from stdbridge.jobs.model import RETRIABLE, Job, kind_label, state_label
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
_LAST_PAGE = 200_000


def _formats() -> list[tuple[str, str]]:
    from stdbridge.importers.base import registry

    return [(name, cls.description) for name, cls in sorted(registry().items())]


def _shared(request: Request) -> dict[str, Any]:
    return {"kind_label": kind_label, "state_label": state_label, "may_manage": queue.may_manage,
            "RETRIABLE": RETRIABLE}  # fmt: skip


@router.get("/jobs")
async def jobs_page(request: Request, page: int = Query(1, ge=1, le=_LAST_PAGE)) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    found, total = await run_in_threadpool(queue.listed_jobs, site.catalog.store, actor, (), (page - 1) * PER_PAGE,
                                           PER_PAGE)  # fmt: skip
    context = {"jobs": found, "total": total, "page": page, "last_page": max(1, -(-total // PER_PAGE)),
               "formats": _formats() if actor.can(Role.EDITOR) else [], "may_import": actor.can(Role.EDITOR),
               "notice": None, "all_jobs": queue.may_read_all(actor), **_shared(request)}  # fmt: skip
    return site.renderer.page(request, "jobs.html", context, lang=lang)


@router.post("/jobs")
async def ask_for_job(request: Request) -> Response:
    site = site_of(request)
    actor, store = actor_of(request), site.catalog.store
    require(actor, Role.EDITOR)  # both jobs asked for here are an editor's; refused before the upload is read
    async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=1024 * 1024) as form:
        check_form_token(request, form)
        action = form.get("action")
        try:
            if action == "index":
                job = await run_in_threadpool(queue.enqueue_index, store, actor, None)
            elif action == "import":
                job = await _import(store, actor, form)
            else:
                raise UsageError(_("choose what to do: import a file or rebuild the index"))
        except StdbridgeError as refused:
            if isinstance(refused, Forbidden | Unauthenticated):  # the error page: sign in, or the role needed
                raise
            return await _form_again(request, str(refused))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


async def _import(store: Any, actor: Any, form: FormData) -> Job:
    upload = chosen_file(form, "file")
    format_, dataset = form.get("format"), form.get("dataset")
    if not isinstance(upload, UploadFile):
        raise UsageError(_("choose the catalogue file to import"))
    if not isinstance(format_, str) or not format_:
        raise UsageError(_("choose the format of the file"))
    data = await upload.read(queue.MAX_IMPORT_BYTES + 1)
    named = dataset.strip() if isinstance(dataset, str) and dataset.strip() else None
    job: Job = await run_in_threadpool(queue.enqueue_import, store, actor, upload.filename or "upload", data,
                                       format_, named)  # fmt: skip
    return job


async def _form_again(request: Request, notice: str) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    found, total = await run_in_threadpool(queue.listed_jobs, site.catalog.store, actor, (), 0, PER_PAGE)
    context = {"jobs": found, "total": total, "page": 1, "last_page": max(1, -(-total // PER_PAGE)),
               "formats": _formats() if actor.can(Role.EDITOR) else [], "may_import": actor.can(Role.EDITOR),
               "notice": notice, "all_jobs": queue.may_read_all(actor), **_shared(request)}  # fmt: skip
    return site.renderer.page(request, "jobs.html", context, lang=lang, status=400)


@router.get("/jobs/{job_id}")
async def job_page(request: Request, job_id: int = Path(ge=1, le=2**31)) -> Response:
    site, lang = site_of(request), page_language(request)
    job = await run_in_threadpool(queue.visible_job, site.catalog.store, actor_of(request), job_id)
    context = {"job": job, "result": job.result or {}, **_shared(request)}
    return site.renderer.page(request, "job.html", context, lang=lang)


@router.post("/jobs/{job_id}/{action}")
async def act_on_job(request: Request, job_id: str, action: str) -> Response:
    """Retry or cancel a job. The path's values are read after the form's token is checked: a form without it is
    refused (403) whatever its address."""
    site = site_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    acts = {"retry": queue.retry, "cancel": queue.cancel}
    if action not in acts:
        raise UsageError(_("a job is retried or cancelled; there is no {action!r}").format(action=action[:40]))
    number = int(job_id) if job_id.isdigit() and len(job_id) < 10 else 0
    if number < 1:
        raise NotFound(_("there is no job {id}").format(id=job_id[:20]))
    await run_in_threadpool(acts[action], site.catalog.store, actor_of(request), number)
    return RedirectResponse(f"/jobs/{number}", status_code=303)
