"""The releases of recognition programmes over HTTP.

``POST /api/programmes/{slug}/releases``           publish the programme's next release (its coordinator only):
                                                  ``{"carry": {"ENTRY_ID": "note"}}`` carries entries flagged
                                                  *needs review*; 201 with the release's summary
``GET /api/programmes/{slug}/releases``            the programme's releases: number, when, by whom, the audit head,
                                                  the public key and its fingerprint
``GET /api/programmes/{slug}/releases/{number}``   one release: ``format=json`` the signed file, ``csv``, ``xlsx``,
                                                  ``html`` (printable, bilingual), ``pair`` (with ``pair=CN,RU``)
``GET /api/programmes/{slug}/releases/{a}/diff/{b}``  entries added, removed and changed from ``a`` to ``b``
                                                  (``format=json|csv``)
``POST /api/releases/verify``                     check a signed release, as ``stdbridge verify`` does, for anyone:
                                                  nothing is read from the catalogue and nothing uploaded is kept

A programme's releases are read by anyone when it was public at its latest release, else by signed-in members
(``recognition.publishing.programme_releases``). The verify answer: ``ok``, the programme and release number, the
entries counted, the fingerprint of the key checked with, the audit log head the release cites, ``problems`` (each
a reason to reject the file) and ``warnings`` (the key the file names was used: that proves nothing by itself)."""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile as PostedFile

from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.api.uploads import XLSX
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.recognition import release_export
from stdbridge.recognition.model import Release
from stdbridge.recognition.publishing import programme_release, programme_releases, publish_programme, signed_file
from stdbridge.recognition.release import diff_releases, version_name
from stdbridge.recognition.signing import (
    KeyFolder,
    Verification,
    default_keys_folder,
    fingerprint,
    read_public_key,
    read_release,
    verify_release,
)

router = APIRouter()
MAX_RELEASE_BYTES = 100 * 1024 * 1024  # a release of 50,000 entries is about 90 MB


async def verify_upload(upload: PostedFile, key_text: str | None) -> Verification:
    """Read and check an uploaded release; ``key_text`` the programme's public key (PEM or base64), or None."""
    data = await upload.read(MAX_RELEASE_BYTES + 1)
    source = upload.filename or "release.json"
    if len(data) > MAX_RELEASE_BYTES:
        raise UsageError(_("The release is larger than {limit} MB.").format(limit=MAX_RELEASE_BYTES // 2**20),
                         source=source)  # fmt: skip
    key = read_public_key(key_text, source=_("the public key")) if key_text and key_text.strip() else None
    return await run_in_threadpool(lambda: verify_release(read_release(data, source), key))


@router.post("/releases/verify", summary="Check a signed release offline: its signature and its audit trail")
async def verify(
    request: Request,
    release: Annotated[UploadFile, File(description="The signed release (JSON), as published.")],
    key: Annotated[
        str | None,
        Form(
            max_length=2000,
            description="The programme's public key: PEM, or the base64 of its 32 bytes. Without "
            "it the key the file names is used, which proves nothing by itself.",
        ),
    ] = None,
    lang: Lang = None,
) -> Response:
    language(request, lang)
    found = await verify_upload(release, key)
    return json_response(found.to_json())


Slug = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Number = Annotated[int, Path(ge=1, le=1_000_000)]
ExportFormat = Annotated[Literal["json", "csv", "xlsx", "html", "pair"],
                         Query(description="json (the signed file), csv, xlsx, html (printable, bilingual) or pair "
                                           "(the comparison report of two partners, with pair=CN,RU).")]  # fmt: skip


def release_summary(slug: str, release: Release) -> dict[str, object]:
    return {"programme": slug, "number": release.number, "version": version_name(release.number),
            "published_at": release.published_at, "audit_head": {"seq": release.audit_seq, "hash": release.audit_hash},
            "public_key": release.public_key,
            "fingerprint": fingerprint(read_public_key(release.public_key)),
            "file": f"/api/programmes/{slug}/releases/{release.number}?format=json"}  # fmt: skip


class PublishRequest(BaseModel):
    carry: dict[int, str] = Field(default_factory=dict, max_length=10_000,
                                  description="Entries flagged 'needs review' carried into the release, each with "
                                              "the coordinator's note, by entry id.")  # fmt: skip


@router.post("/programmes/{slug}/releases", status_code=201,
             summary="Publish the programme's next release of its settled entries: its coordinator only")  # fmt: skip
async def publish(request: Request, api: State, slug: Slug, asked: PublishRequest | None = None,
                  lang: Lang = None) -> Response:  # fmt: skip
    language(request, lang)
    from stdbridge.recognition.programmes import programme_of

    store, actor = api.catalog.store, actor_of(request)
    keys = KeyFolder(default_keys_folder(store.location))
    programme = await run_in_threadpool(programme_of, store, slug)
    made = await run_in_threadpool(publish_programme, store, keys, programme, actor,
                                   carried=(asked or PublishRequest()).carry)  # fmt: skip
    entries = made.document.get("entries")
    answer = json_response({**release_summary(slug, made), "entries": len(entries) if isinstance(entries, list) else 0})
    answer.status_code = 201
    return answer


@router.get("/programmes/{slug}/releases", summary="The releases of a recognition programme, oldest first")
async def releases(request: Request, api: State, slug: Slug, lang: Lang = None) -> Response:
    language(request, lang)
    _programme_id, found = await run_in_threadpool(programme_releases, api.catalog.store, slug, actor_of(request))
    return json_response({"programme": slug, "releases": [release_summary(slug, r) for r in found]})


def export_response(release: Release, format: str, pair: str | None) -> Response:
    """A release as the file asked for, named after its programme and number."""
    document = release.document
    programme = document.get("programme")
    slug = programme.get("slug", "release") if isinstance(programme, dict) else "release"
    stem = f"{slug}-{version_name(release.number)}"
    if format == "csv":
        return Response(release_export.to_csv(document), media_type="text/csv; charset=utf-8",
                        headers=_download(stem + ".csv"))  # fmt: skip
    if format == "xlsx":
        return Response(release_export.to_xlsx(document), media_type=XLSX, headers=_download(stem + ".xlsx"))
    if format == "html":
        return Response(release_export.to_html(document), media_type="text/html; charset=utf-8")
    if format == "pair":
        first, _sep, second = (pair or "").partition(",")
        if not second:
            raise UsageError(_("Name the two parties of the report: pair=CN,RU."))
        html = release_export.pair_report_html(document, first.strip(), second.strip())
        return Response(html, media_type="text/html; charset=utf-8")
    return Response(orjson.dumps(signed_file(release), option=orjson.OPT_INDENT_2), media_type="application/json",
                    headers=_download(stem + ".json"))  # fmt: skip


def _download(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get("/programmes/{slug}/releases/{number}", summary="One release: the signed file, or an export of it")
async def release(
    request: Request, api: State, slug: Slug, number: Number, format: ExportFormat = "json",
    pair: Annotated[str | None, Query(max_length=40, description="Two parties: CN,RU.")] = None, lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    found = await run_in_threadpool(programme_release, api.catalog.store, slug, number, actor_of(request))
    return await run_in_threadpool(export_response, found, format, pair)


@router.get("/programmes/{slug}/releases/{older}/diff/{newer}",
            summary="The entries added, removed and changed from one release to another")  # fmt: skip
async def release_diff(
    request: Request, api: State, slug: Slug, older: Number, newer: Number,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json", lang: Lang = None,
) -> Response:  # fmt: skip
    language(request, lang)
    store, actor = api.catalog.store, actor_of(request)
    first = await run_in_threadpool(programme_release, store, slug, older, actor)
    second = await run_in_threadpool(programme_release, store, slug, newer, actor)
    diff = diff_releases(first.document, second.document)
    if format == "csv":
        return Response(release_export.diff_to_csv(diff), media_type="text/csv; charset=utf-8",
                        headers=_download(f"{slug}-v{older}-v{newer}.csv"))  # fmt: skip
    return json_response(diff.to_json())
