"""The alignment page: ``/translation/align`` aligns a Chinese document and its English counterpart (two uploads,
text or DOCX) and shows the pairs side by side with their confidence, those to check flagged; the person corrects
them in the same form (edit either side to move text between pairs, merge a pair with the next, split a pair at a
line break put in its text or after its first sentence, untick a pair to drop it) and confirms, which saves the
kept pairs into their personal memory (contributor) or the platform's (editor), audited.

The draft alignment travels in the form itself (no row is kept until it is confirmed), so the page works without
JavaScript; every form carries the CSRF token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import Forbidden, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

if TYPE_CHECKING:
    from stdbridge.translation.alignment import AlignedPair

router = APIRouter(include_in_schema=False)
MAX_PAIRS = 5000
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _page(request: Request, context: dict[str, Any]) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    full = {"pairs": [], "kept": [], "notice": None, "saved": None, "corrected": None,
            "may_platform": actor.can(Role.EDITOR), **context}  # fmt: skip
    return site.renderer.page(request, "translation_align.html", full, lang=page_language(request))


def _pairs_of(form: FormData) -> list[tuple[AlignedPair, bool]]:
    """The draft alignment the form carries: each pair as the person left it, and whether it is ticked."""
    from stdbridge.translation.alignment import REVIEW_BELOW, AlignedPair

    count = min(int(str(form.get("count") or "0")), MAX_PAIRS)
    found = []
    for k in range(count):
        zh, en = str(form.get(f"zh_{k}") or "").strip(), str(form.get(f"en_{k}") or "").strip()
        try:
            confidence = min(1.0, max(0.0, float(str(form.get(f"confidence_{k}") or "1"))))
        except ValueError:
            confidence = 1.0
        found.append((AlignedPair((), (), zh, en, confidence, confidence < REVIEW_BELOW), bool(form.get(f"keep_{k}"))))
    return found


def _corrected(form: FormData, action: str) -> dict[str, Any]:
    """The page again after the person merged pair k with the next (``merge-k``) or split it (``split-k``); the
    pairs touched are ticked, the others as the person left them."""
    from stdbridge.translation.alignment import merged, split_pair

    found = _pairs_of(form)
    verb, _dash, number = action.partition("-")
    k = int(number) if number.isdigit() else -1
    if verb == "merge" and 0 <= k < len(found) - 1:
        found[k : k + 2] = [(merged(found[k][0], found[k + 1][0]), True)]
    elif verb == "split" and 0 <= k < len(found) and len(found) < MAX_PAIRS:
        first, second = split_pair(found[k][0])
        found[k : k + 1] = [(first, True), (second, True)]
    else:  # the pairs as they were, and why nothing changed
        notice = _("there is no pair {number} to merge or split").format(number=number[:12])
        return {"pairs": [p for p, _keep in found], "kept": [keep for _p, keep in found],
                "reference": str(form.get("reference") or "")[:500], "notice": notice}  # fmt: skip
    return {"pairs": [p for p, _keep in found], "kept": [keep for _p, keep in found],
            "reference": str(form.get("reference") or "")[:500], "corrected": k}  # fmt: skip


@router.get("/translation/align")
async def align_page(request: Request) -> Response:
    return _page(request, {})


@router.post("/translation/align")
async def align_or_save(request: Request) -> Response:
    from stdbridge.compare.documents import read_document_bytes
    from stdbridge.translation.alignment import align, save_alignment, split_sentences
    from stdbridge.translation.memory import TranslationMemory
    from stdbridge.translation.model import UnitScope

    actor = actor_of(request)
    require(actor, Role.CONTRIBUTOR)
    async with request.form(
        max_files=2, max_fields=MAX_FORM_FIELDS + 4 * MAX_PAIRS, max_part_size=MAX_DOCUMENT_BYTES
    ) as form:
        check_form_token(request, form)
        try:
            action = str(form.get("action") or "")
            if action == "save":
                pairs = [pair for pair, keep in _pairs_of(form) if keep and pair.zh_text and pair.en_text]
                if not pairs:
                    raise UsageError(_("no pair is kept: tick the pairs to save"))
                scope = UnitScope.PLATFORM if form.get("scope") == "platform" else UnitScope.PERSONAL
                reference = str(form.get("reference") or "")[:500] or None
                memory = TranslationMemory.of(site_of(request).catalog.store)
                added = await run_in_threadpool(
                    lambda: save_alignment(memory, actor, pairs, scope=scope, reference=reference)
                )
                return _page(request, {"saved": (len(pairs), added)})
            if action.startswith(("merge-", "split-")):
                return _page(request, _corrected(form, action))
            texts = []
            names = []
            for field in ("zh", "en"):
                upload = chosen_file(form, field)
                if upload is None:
                    raise UsageError(_("choose the Chinese and the English document"))
                data = await upload.read()
                names.append(upload.filename or field)
                texts.append(read_document_bytes(data, name=names[-1]).plain_text)
            aligned = await run_in_threadpool(align, split_sentences(texts[0]), split_sentences(texts[1]))
            shown = aligned[:MAX_PAIRS]
            return _page(request, {"pairs": shown, "kept": [not p.flagged for p in shown],
                                   "reference": " | ".join(names)})  # fmt: skip
        except (StdbridgeError, ValueError) as refused:
            if isinstance(refused, Forbidden | Unauthenticated):  # the error page: sign in, or the role needed
                raise
            return _page(request, {"notice": str(refused)})
