"""``POST /api/releases/verify``: check a signed release, as ``stdbridge verify`` does, for anyone — nothing is
read from the catalogue and nothing uploaded is kept.

The answer: ``ok``, the programme and release number, the entries counted, the fingerprint of the key checked with,
the audit log head the release cites, ``problems`` (each a reason to reject the file) and ``warnings`` (the key the
file names was used: that proves nothing by itself)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile as PostedFile

from stdbridge.api.common import Lang, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.recognition.signing import Verification, read_public_key, read_release, verify_release

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
