"""The translation workbench's pages: ``/translate`` lists the projects and makes one from an uploaded document;
``/translate/{id}`` is the editor: the segments, source beside target, each with where its target came from
(memory 100 %, fuzzy 87 %, engine, human) and a form that saves it as a draft or confirms it; the pre-translation
button queues a job (``jobs``) whose page shows its progress and leads back here; beside the active
segment its memory matches (the differences marked), the termbase's terms, a machine translation and the quality
findings; reviewers approve or send back. ``/translate/{id}/findings`` lists the quality findings of the whole
document, each with a form to judge it "not an error" with a reason.

Every form works without a script and carries the CSRF token; ``static/translate.js`` adds the keyboard (Ctrl+Enter
confirm and go to the next segment, Ctrl+Shift+S copy the source, Alt+1..9 insert a match, Alt+Shift+1..9 a term)
and saves drafts as the translator types. ``stdbridge.translation.projects`` decides who may do what.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.accounts.roles import Role
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import EditConflict, Forbidden, NotFound, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.jobs import queue
from stdbridge.jobs.model import state_label
from stdbridge.translation.bilingual import origin_label, status_label
from stdbridge.translation.model import TAG, Segment, SegmentStatus
from stdbridge.translation.projects import Projects, progress_share
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 20 * 2**20
PAGE = 40  # segments shown at once
LANGUAGES = (("zh", "中文"), ("en", "English"))


def kind_label(kind: str) -> str:
    """What the document's reader found a segment to be, as the editor names it."""
    labels = {"text": _("text"), "heading": _("heading"), "list-item": _("list item"), "table-cell": _("table cell"),
              "note": _("note"), "footnote": _("footnote"), "title": _("title"), "formula": _("formula")}  # fmt: skip
    return labels.get(kind, kind)


def with_tags_shown(text: str) -> Markup:
    """A segment's text for reading: escaped, its inline tags as small marks (``<g1>`` as ⟨1, ``</g1>`` as 1⟩,
    ``<x2/>`` as ⟨2⟩) that a reader tells apart from the text."""
    parts: list[str] = []
    last = 0
    for found in TAG.finditer(text):
        parts.append(str(escape(text[last : found.start()])))
        token = found.group(0)
        number = found.group(1) or found.group(2)
        mark = f"{number}⟩" if token.startswith("</") else f"⟨{number}⟩" if token.startswith("<x") else f"⟨{number}"
        parts.append(f'<span class="tag" title="{escape(token)}">{mark}</span>')
        last = found.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def _shared() -> dict[str, Any]:
    return {"status_label": status_label, "origin_label": origin_label, "statuses": list(SegmentStatus),
            "languages": LANGUAGES, "kind_label": kind_label, "shown": with_tags_shown}  # fmt: skip


def _number(text: str) -> int:
    """A project's or segment's number from the address of a form's POST, read after the form's token was checked
    (a forged form meets 403 whatever its address holds)."""
    if not text.isdigit() or not 1 <= int(text) <= 2**31:
        raise NotFound(_("there is no translation project {id}").format(id=text[:12]))
    return int(text)


def _text(form: FormData, name: str, most: int = 20_000) -> str:
    value = form.get(name)
    return value[:most] if isinstance(value, str) else ""


@router.get("/translate")
async def projects_page(request: Request, notice: str | None = None, status: int = 200) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    store = site.catalog.store
    projects = await run_in_threadpool(store.list_projects)
    counts = await run_in_threadpool(store.segment_counts, [p.id for p in projects if p.id is not None])
    rows = [(p, counts.get(p.id or 0, {}), progress_share(counts.get(p.id or 0, {}))) for p in projects]
    context = {"rows": rows, "notice": notice, "can_create": actor.can(Role.CONTRIBUTOR), **_shared()}
    return site.renderer.page(request, "translate_projects.html", context, lang=lang, status=status)


@router.post("/translate")
async def create_project(request: Request) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=1024 * 1024) as form:
        check_form_token(request, form)
        upload = chosen_file(form, "file")
        try:
            if not isinstance(upload, UploadFile):
                raise UsageError(_("choose the document to translate"))
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise UsageError(_("a document to translate has at most {size} MB").format(size=MAX_UPLOAD // 2**20))
            project = await run_in_threadpool(
                Projects(site.catalog.store).create, actor, upload.filename or "document.txt", data,
                _text(form, "source_lang", 8), _text(form, "target_lang", 8), title=_text(form, "title", 300) or None,
                standard_key=_text(form, "standard", 300).strip() or None)  # fmt: skip
        except StdbridgeError as refused:
            if isinstance(refused, Forbidden | Unauthenticated):
                raise
            return await projects_page(request, notice=str(refused), status=400)
    return RedirectResponse(f"/translate/{project.id}", status_code=303)


@router.get("/translate/{project_id}")
async def editor_page(
    request: Request,
    project_id: int = Path(ge=1, le=2**31),
    status: str = Query("", max_length=12),
    q: str = Query("", max_length=300),
    segment: int | None = Query(None, ge=1, le=2**31),
    page: int | None = Query(None, ge=1, le=100_000),
    conflict: str | None = None,
    notice: str | None = None,
) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    projects = Projects(site.catalog.store)
    project = await run_in_threadpool(projects.project, actor, project_id)
    wanted = SegmentStatus(status) if status in {s.value for s in SegmentStatus} else None
    shown = await run_in_threadpool(projects.segments, actor, project_id, status=wanted, text=q or None)
    pages = max(1, -(-len(shown) // PAGE))
    open_ = [s for s in shown if s.status in (SegmentStatus.NEW, SegmentStatus.DRAFT)]
    active: Segment | None = next((s for s in shown if s.id == segment), None) if segment else None
    if active is not None:  # the page that holds the segment asked for
        page = shown.index(active) // PAGE + 1
    elif page is None:  # the page of the first segment left to translate
        active = open_[0] if open_ else None
        page = shown.index(active) // PAGE + 1 if active is not None else 1
    page = min(page, pages)
    window = shown[(page - 1) * PAGE : page * PAGE]
    help_ = await run_in_threadpool(projects.assist, actor, project_id, active) if active is not None else None
    counts = projects.progress(project_id)
    pending = await run_in_threadpool(queue.pending_pretranslation, site.catalog.store, project_id)
    query = {"status": wanted.value if wanted else "", "q": q}
    context = {"project": project, "segments": window, "active": active, "help": help_, "counts": counts,
               "share": progress_share(counts), "total": sum(counts.values()), "status": wanted, "q": q,
               "page": page, "pages": pages, "link": lambda **more: urlencode({**query, **more}), "conflict": conflict,
               "notice": notice, "can_edit": actor.can(Role.CONTRIBUTOR), "can_review": actor.can(Role.REVIEWER),
               "pending": pending,
               "pending_shown": pending is not None and (queue.is_asker(actor, pending) or queue.may_read_all(actor)),
               "job_state_label": state_label, **_shared()}  # fmt: skip
    return site.renderer.page(request, "translate_editor.html", context, lang=lang)


def _next_segment(segments: list[Segment], after: Segment) -> Segment | None:
    later = [s for s in segments if s.position > after.position]
    return next((s for s in later if s.status in (SegmentStatus.NEW, SegmentStatus.DRAFT)), later[0] if later else None)


@router.post("/translate/{project_id}/segments/{segment_id}")
async def save_segment(request: Request, project: str = Path(alias="project_id", max_length=12),
                       segment: str = Path(alias="segment_id", max_length=12)) -> Response:  # fmt: skip
    site = site_of(request)
    actor = actor_of(request)
    projects = Projects(site.catalog.store)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        project_id, segment_id = _number(project), _number(segment)
        target, action = _text(form, "target"), _text(form, "action", 20)
        try:
            version = int(_text(form, "version", 12) or "-1")
        except ValueError:
            version = -1
    try:
        if action in ("approve", "return"):
            saved = await run_in_threadpool(projects.review, actor, project_id, segment_id, version,
                                            approve=action == "approve")  # fmt: skip
        else:
            saved = await run_in_threadpool(projects.save, actor, project_id, segment_id, target, version,
                                            confirm=action == "confirm")  # fmt: skip
    except EditConflict:
        return RedirectResponse(f"/translate/{project_id}?segment={segment_id}&conflict=1#s{segment_id}",
                                status_code=303)  # fmt: skip
    except UsageError as refused:
        notice = urlencode({"segment": segment_id, "notice": str(refused)})
        return RedirectResponse(f"/translate/{project_id}?{notice}#s{segment_id}", status_code=303)
    following = saved
    if action in ("confirm", "approve"):
        segments = await run_in_threadpool(site.catalog.store.segments_of, project_id)
        following = _next_segment(segments, saved) or saved
    return RedirectResponse(f"/translate/{project_id}?segment={following.id}#s{following.id}", status_code=303)


@router.post("/translate/{project_id}/pretranslate")
async def pretranslate(request: Request, project: str = Path(alias="project_id", max_length=12)) -> Response:
    """Queue the project's pre-translation (a job of the queue) and follow it on its job page, which leads back to
    the editor when it is done."""
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        project_id = _number(project)
    job = await run_in_threadpool(queue.enqueue_pretranslate, site.catalog.store, actor, project_id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/translate/{project_id}/deliver")
async def deliver(request: Request, project: str = Path(alias="project_id", max_length=12)) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        project_id = _number(project)
    try:
        title = await run_in_threadpool(Projects(site.catalog.store).deliver, actor, project_id)
    except UsageError as refused:
        return RedirectResponse(f"/translate/{project_id}?{urlencode({'notice': str(refused)})}", status_code=303)
    notice = _("Delivered.")
    if title:
        notice += " " + _("The standard's page shows the translated title: {title}").format(title=title)
    return RedirectResponse(f"/translate/{project_id}?{urlencode({'notice': notice})}", status_code=303)


@router.get("/translate/{project_id}/findings")
async def findings_page(request: Request, project_id: int = Path(ge=1, le=2**31)) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    projects = Projects(site.catalog.store)
    project = await run_in_threadpool(projects.project, actor, project_id)
    found = await run_in_threadpool(projects.findings, actor, project_id)
    segments = {s.key: s for s in await run_in_threadpool(site.catalog.store.segments_of, project_id)}
    context = {"project": project, "findings": found, "segments": segments,
               "waivers": await run_in_threadpool(site.catalog.store.waivers_of, project_id),
               "can_edit": actor.can(Role.CONTRIBUTOR), **_shared()}  # fmt: skip
    return site.renderer.page(request, "translate_findings.html", context, lang=lang)


@router.post("/translate/{project_id}/waivers")
async def waive(request: Request, project: str = Path(alias="project_id", max_length=12)) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        project_id = _number(project)
        key, check, reason = _text(form, "segment_key", 300), _text(form, "check", 40), _text(form, "reason", 1000)
    await run_in_threadpool(Projects(site.catalog.store).waive, actor, project_id, key, check, reason)
    return RedirectResponse(f"/translate/{project_id}/findings", status_code=303)
