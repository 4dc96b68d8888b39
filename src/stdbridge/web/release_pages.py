"""The page that checks a signed release for anyone: ``/releases/verify`` shows a form, ``POST`` checks the file
uploaded (and the programme's public key, pasted) exactly as ``stdbridge verify`` does, with no database, and says
what it found. Nothing uploaded is kept."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from stdbridge.api.access import check_form_token
from stdbridge.api.releases import verify_upload
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.web.language import page_language
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
