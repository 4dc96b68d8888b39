"""The pages of mutual-recognition programmes (read-only): the list, and a programme's page with its step, its
entries counted per stage and per ICS field, the entries an import flagged for review, and its entries filtered by
state, stage and origin, a page of ``PER_PAGE`` at a time. A members-only programme is shown to its members alone.

``/programmes``; ``/programmes/SLUG?stage=sharing&origin=suggested&flagged=1&page=2``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from stdbridge.api.access import actor_of
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import STEPS, EntryState, Origin, Stage
from stdbridge.recognition.publishing import stage_history
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


@router.get("/programmes")
async def programmes_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    store, actor = site.catalog.store, actor_of(request)
    found = await run_in_threadpool(lambda: [p for p in store.list_programmes() if prog.may_read(store, actor, p)])
    return site.renderer.page(request, "programmes.html", {"programmes": found}, lang=lang)


def _choice(kind: Any, value: str) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("/programmes/{slug}")
async def programme_page(
    request: Request, slug: str, state: str = Query("", max_length=20), stage: str = Query("", max_length=20),
    origin: str = Query("", max_length=20), flagged: str = Query("", max_length=1),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    catalog, actor = site.catalog, actor_of(request)
    filters = {"state": _choice(EntryState, state), "stage": _choice(Stage, stage), "origin": _choice(Origin, origin)}

    def read() -> dict[str, Any]:
        p = prog.programme_of(catalog.store, slug)
        if not prog.may_read(catalog.store, actor, p):
            raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
        assert p.id is not None
        entries, total = catalog.store.entries_of(p.id, needs_review=True if flagged else None,
                                                  offset=(page - 1) * PER_PAGE, limit=PER_PAGE, **filters)  # fmt: skip
        return {"programme": p, "entries": entries, "total": total, "counts": catalog.store.entry_counts(p.id),
                "by_ics": prog.counts_by_ics(catalog, p), "review_due": prog.review_due(p),
                "flagged_entries": catalog.store.entries_of(p.id, needs_review=True, limit=20)[0],
                "coordinating": prog.is_coordinator(actor, p)}  # fmt: skip

    context = await run_in_threadpool(read)
    context["stage_history"] = await run_in_threadpool(stage_history, catalog.store, context["programme"])
    shown = {k: v for k, v in (("state", state), ("stage", stage), ("origin", origin), ("flagged", flagged)) if v}
    last_page = max(1, -(-context["total"] // PER_PAGE))

    def page_url(number: int) -> str:
        return f"/programmes/{slug}?" + urlencode({**shown, **({"page": number} if number > 1 else {})})

    context.update({"steps": STEPS, "stages": list(Stage), "states": list(EntryState), "origins": list(Origin),
                    "form": {"state": state, "stage": stage, "origin": origin, "flagged": flagged}, "page": page,
                    "last_page": last_page, "page_url": page_url})  # fmt: skip
    return site.renderer.page(request, "programme.html", context, lang=lang)
