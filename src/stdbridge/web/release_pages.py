"""The pages of releases and of the partners' comparison reports: a programme's releases
(``/programmes/{slug}/releases``: each with its downloads, the
public key and its fingerprint), one release (``/programmes/{slug}/releases/{number}``: its entries, in both
languages) and the difference between two (``/programmes/{slug}/releases/{older}/diff/{newer}``), public or for
members by the programme's setting; and, for anyone, with no database: ``/releases/verify`` checks an uploaded
release (and the programme's public key, pasted) exactly as ``stdbridge verify`` does; ``/releases/diff`` shows
the difference between two releases (added, removed and changed entries, with what changed), or gives it as CSV
or JSON (``format=csv|json``), as ``stdbridge release diff`` does. Nothing uploaded is kept.

The programme's coordinator publishes the next release from its releases page: ``POST /programmes/{slug}/releases``
(form ``publish-form``: the CSRF token, a note ``carry_<ENTRY_ID>`` for each settled entry flagged *needs review*
to carry it on; button ``publish-release``) leads to the new release's page; a refusal (an entry needing review
without a note, an unanswered public comment, nothing settled) comes back to the form with the reason.

``/programmes/{slug}/reports`` lists the comparison reports of the programme, one per pair of parties;
``/programmes/{slug}/reports/{A}-{B}`` shows one (``recognition.pair_report``) in the page's language, with
``format=csv`` or ``format=html`` (the standalone printable page) as downloads; as readable as the programme."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from stdbridge.api.access import actor_of, check_form_token
from stdbridge.api.common import json_response
from stdbridge.api.releases import MAX_RELEASE_BYTES, verify_upload
from stdbridge.audit.entry import canonical
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.recognition import pair_report, release_export
from stdbridge.recognition.model import EntryState
from stdbridge.recognition.publishing import (
    is_publisher,
    programme_release,
    programme_releases,
    publish_programme,
    readable_programme,
)
from stdbridge.recognition.release import ReleaseDiff, diff_releases, entry_label
from stdbridge.recognition.release_export import diff_to_csv
from stdbridge.recognition.signing import KeyFolder, default_keys_folder, fingerprint, read_public_key, read_release
from stdbridge.web.language import page_language
from stdbridge.web.rendering import download_headers, report_response
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

router = APIRouter(include_in_schema=False)


@router.get("/releases/verify")
async def verify_form(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    return site.renderer.page(request, "release_verify.html", {"found": None, "error": None, "key": ""}, lang=lang)


@router.post("/releases/verify")
async def verify_posted(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    found, error, status, key = None, None, 200, ""
    async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS) as posted:
        check_form_token(request, posted)
        upload = chosen_file(posted, "release")
        sent_key = posted.get("key")
        key = sent_key if isinstance(sent_key, str) else ""
        if upload is None:
            error, status = _("Choose the release file (JSON) to check."), 400
        else:
            try:
                found = await verify_upload(upload, key)
            except UsageError as bad:
                error, status = str(bad), 400
    if found is not None and not found.ok:
        status = 422
    context = {"found": found, "error": error, "key": key}
    return site.renderer.page(request, "release_verify.html", context, lang=lang, status=status)


@router.get("/releases/diff")
async def diff_form(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    return site.renderer.page(request, "release_diff.html", _diff_context(None, None), lang=lang)


@router.post("/releases/diff")
async def diff_posted(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    diff, error, format_ = None, None, "page"
    async with request.form(max_files=2, max_fields=MAX_FORM_FIELDS) as posted:
        check_form_token(request, posted)
        asked = posted.get("format")
        format_ = asked if asked in ("csv", "json") else "page"
        older, newer = chosen_file(posted, "older"), chosen_file(posted, "newer")
        if older is None or newer is None:
            error = _("Choose the two release files (JSON) to compare.")
        else:
            try:
                diff = await _diff(older, newer)
            except UsageError as bad:
                error = str(bad)
    if diff is not None and format_ == "csv":
        name = f"release-v{diff.older}-v{diff.newer}.csv"
        return Response(diff_to_csv(diff), media_type="text/csv; charset=utf-8", headers=download_headers(name))
    if diff is not None and format_ == "json":
        return json_response(diff.to_json())
    context = _diff_context(diff, error)
    return site.renderer.page(request, "release_diff.html", context, lang=lang, status=400 if error else 200)


def _diff_context(diff: ReleaseDiff | None, error: str | None) -> dict[str, object]:
    return {"diff": diff, "error": error, "label_of": entry_label, "shown": _shown, "csv": None}


def _shown(value: object) -> str:
    """A field's value in one line: lists and objects as their JSON."""
    if value is None:
        return ""
    return canonical(value).decode() if isinstance(value, list | dict) else str(value)


async def _diff(older: UploadFile, newer: UploadFile) -> ReleaseDiff:
    documents = []
    for upload in (older, newer):
        data = await upload.read(MAX_RELEASE_BYTES + 1)
        source = upload.filename or "release.json"
        if len(data) > MAX_RELEASE_BYTES:
            raise UsageError(_("The release is larger than {limit} MB.").format(limit=MAX_RELEASE_BYTES // 2**20),
                             source=source)  # fmt: skip
        signed = await run_in_threadpool(read_release, data, source)
        if not isinstance(signed, dict) or not isinstance(signed.get("document"), dict):
            raise UsageError(_("This is not a signed release: no 'document' object."), source=source)
        documents.append(signed["document"])
    return diff_releases(documents[0], documents[1])


MAX_CARRIED = 5_000  # notes on entries flagged 'needs review' in one publishing form
SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _releases_context(request: Request, slug: str) -> dict[str, Any]:
    """What the releases page shows: the releases, the key, and for the coordinator the publishing form."""
    store, actor = site_of(request).catalog.store, actor_of(request)
    programme = readable_programme(store, slug, actor)
    if programme is None or programme.id is None:
        _programme_id, found = programme_releases(store, slug, actor)
        publishing: dict[str, Any] = {"may_publish": False, "settled": 0, "flagged": []}
    else:
        found = store.releases_of(programme.id)
        may = is_publisher(actor, programme, store.members_of(programme.id))
        settled, count = store.entries_of(programme.id, state=EntryState.SETTLED) if may else ([], 0)
        publishing = {"may_publish": may, "settled": count, "flagged": [e for e in settled if e.needs_review]}
    latest = found[-1] if found else None
    return {"slug": slug, "programme": programme, "releases": found, "notice": None, "carried": {},
            "public_key": latest.public_key if latest else None,
            "fingerprint": fingerprint(read_public_key(latest.public_key)) if latest else None,
            **publishing}  # fmt: skip


@router.get("/programmes/{slug}/releases")
async def programme_releases_page(request: Request, slug: str = Path(max_length=100, pattern=SLUG_PATTERN)) -> Response:
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(_releases_context, request, slug)
    return site.renderer.page(request, "programme_releases.html", context, lang=lang)


@router.post("/programmes/{slug}/releases")
async def publish_posted(request: Request, slug: str) -> Response:
    """Publish the next release (the coordinator's form); back to the form with the reason when refused. The
    path's slug is read after the form's token is checked: a form without it is refused whatever its address."""
    site, lang = site_of(request), page_language(request)
    store, actor = site.catalog.store, actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_CARRIED + 2) as posted:
        check_form_token(request, posted)
        carried = {int(name.removeprefix("carry_")): value for name, value in posted.multi_items()
                   if name.startswith("carry_") and name[6:].isdigit() and len(name) < 20
                   and isinstance(value, str) and value.strip()}  # fmt: skip
    programme = None if not re.match(SLUG_PATTERN, slug) or len(slug) > 100 else await run_in_threadpool(
        readable_programme, store, slug, actor)  # fmt: skip
    if programme is None:
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    keys = KeyFolder(default_keys_folder(store.location))
    try:
        made = await run_in_threadpool(publish_programme, store, keys, programme, actor, carried=carried)
    except UsageError as refused:
        context = await run_in_threadpool(_releases_context, request, slug)
        context.update({"notice": str(refused), "carried": carried})
        return site.renderer.page(request, "programme_releases.html", context, lang=lang, status=400)
    return RedirectResponse(f"/programmes/{slug}/releases/{made.number}?lang={lang}", status_code=303)


@router.get("/programmes/{slug}/releases/{number}")
async def release_page(
    request: Request, slug: str = Path(max_length=100, pattern=SLUG_PATTERN), number: int = Path(ge=1, le=1_000_000)
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    found = await run_in_threadpool(programme_release, site.catalog.store, slug, number, actor_of(request))
    document = found.document
    context = {"slug": slug, "release": found, "d": document, "parties": release_export.parties_of(document),
               "title_columns": release_export.title_columns,
               "label": release_export.label, "reservations_text": release_export.reservations_text,
               "fingerprint": fingerprint(read_public_key(found.public_key))}  # fmt: skip
    return site.renderer.page(request, "release.html", context, lang=lang)


@router.get("/programmes/{slug}/releases/{older}/diff/{newer}")
async def stored_diff_page(
    request: Request, slug: str = Path(max_length=100, pattern=SLUG_PATTERN),
    older: int = Path(ge=1, le=1_000_000), newer: int = Path(ge=1, le=1_000_000),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    store, actor = site.catalog.store, actor_of(request)
    first = await run_in_threadpool(programme_release, store, slug, older, actor)
    second = await run_in_threadpool(programme_release, store, slug, newer, actor)
    diff = diff_releases(first.document, second.document)
    context = {**_diff_context(diff, None), "csv": f"/api/programmes/{slug}/releases/{older}/diff/{newer}?format=csv"}
    return site.renderer.page(request, "release_diff.html", context, lang=lang)


def _readable(request: Request, slug: str) -> Any:
    store, actor = site_of(request).catalog.store, actor_of(request)
    programme = readable_programme(store, slug, actor)
    if programme is None:
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    return programme


@router.get("/programmes/{slug}/reports")
async def pair_reports_page(request: Request, slug: str = Path(max_length=100, pattern=SLUG_PATTERN)) -> Response:
    site, lang = site_of(request), page_language(request)
    programme = await run_in_threadpool(_readable, request, slug)
    context = {"p": programme, "pairs": pair_report.pairs(programme)}
    return site.renderer.page(request, "pair_reports.html", context, lang=lang)


@router.get("/programmes/{slug}/reports/{pair}")
async def pair_report_page(
    request: Request, slug: str = Path(max_length=100, pattern=SLUG_PATTERN), pair: str = Path(max_length=90),
    format: str = Query("page", pattern="^(page|csv|html)$"),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    store = site.catalog.store

    def read() -> pair_report.PairReport:
        programme = _readable(request, slug)
        first, second = pair_report.read_pair(programme, pair)
        return pair_report.report_of(store, programme, first, second)

    report = await run_in_threadpool(read)
    name = f"{slug}-{report.first.code}-{report.second.code}-{lang}"
    if format == "csv":
        return Response(pair_report.report_csv(report), media_type="text/csv; charset=utf-8",
                        headers=download_headers(name + ".csv"))  # fmt: skip
    if format == "html":
        return report_response(pair_report.report_html(report), name + ".html", download=False)
    context = {"r": report, "p": report.programme, "language": lang, "pair": pair,
               "reservation_text": pair_report.reservation_text}  # fmt: skip
    return site.renderer.page(request, "pair_report_page.html", context, lang=lang)
