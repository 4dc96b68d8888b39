"""The pages of mutual-recognition programmes: the list (with the form an editor creates one with), and a
programme's page with its step, its members (shown to its members), its entries counted per stage and per ICS
field, the entries an import flagged for review, and its entries filtered by state, stage and origin, a page of
``PER_PAGE`` at a time, with its coordinator's forms (``programme_forms`` takes them). A members-only programme is
shown to its members alone.

``/programmes``; ``/programmes/SLUG?stage=sharing&origin=suggested&flagged=1&page=2``; after a coordinator's form,
``done`` (and ``count``) say what was done.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Actor, Role
from stdbridge.api.access import actor_of
from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound
from stdbridge.i18n import _, ngettext
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import (
    STEPS,
    Basis,
    EntryDegree,
    EntryState,
    MemberRole,
    Origin,
    Programme,
    RelationKind,
    Stage,
    Visibility,
)
from stdbridge.recognition.publishing import stage_history
from stdbridge.web.language import page_language
from stdbridge.web.programme_words import label
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def creation_context() -> dict[str, Any]:
    """What the form that creates a programme offers."""
    return {"visibilities": list(Visibility), "languages": prog.LANGUAGES, "label": label}


async def list_page(request: Request, *, notice: str | None = None, kept: dict[str, str] | None = None,
                    status: int = 200) -> Response:  # fmt: skip
    """The list of programmes, with the creation form (``notice``: why what was sent was refused, ``kept``: it)."""
    site, lang = site_of(request), page_language(request)
    store, actor = site.catalog.store, actor_of(request)
    found = await run_in_threadpool(lambda: [p for p in store.list_programmes() if prog.may_read(store, actor, p)])
    context = {"programmes": found, "may_create": actor.can(Role.EDITOR), "notice": notice, "kept": kept or {},
               **creation_context()}  # fmt: skip
    return site.renderer.page(request, "programmes.html", context, lang=lang, status=status)


@router.get("/programmes")
async def programmes_page(request: Request) -> Response:
    return await list_page(request)


def _choice(kind: Any, value: str) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def done_notice(done: str, count: int | None) -> str | None:
    """What a coordinator's form did, said on the page it leads back to."""
    said = {
        "created": _("The programme was created: you coordinate it."),
        "member": _("The member was saved."),
        "step": _("The programme moved to its new step."),
        "draft": ngettext("The catalogue was drafted: {count} entry added.",
                          "The catalogue was drafted: {count} entries added.", count or 0).format(count=count or 0),
        "pairs": ngettext("{count} pair was imported.", "{count} pairs were imported.", count or 0).format(
            count=count or 0),
        "entry": _("The entry was added."),
        "symbiosis": _("The entry is now at the stage symbiosis."),
    }  # fmt: skip
    return said.get(done)


def members_of(catalog: Catalog, programme: Programme) -> list[dict[str, Any]]:
    """The programme's members with their names, the coordinator first, then by party and name."""
    assert programme.id is not None
    store = catalog.store
    found = []
    for m in store.members_of(programme.id):
        user = store.user_by_id(m.user_id)
        found.append({"name": user.name if user else str(m.user_id), "role": m.role.value, "party": m.party or "",
                      "language": m.language, "user_id": m.user_id})  # fmt: skip
    return sorted(found, key=lambda m: (m["role"] != "coordinator", m["party"], m["name"]))


def programme_context(catalog: Catalog, actor: Actor, slug: str, *, filters: dict[str, Any] | None = None,
                      flagged: bool = False, page: int = 1) -> dict[str, Any]:  # fmt: skip
    """What a programme's page shows to ``actor`` (``NotFound`` for a programme they may not read)."""
    p = prog.programme_of(catalog.store, slug)
    if not prog.may_read(catalog.store, actor, p):
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    assert p.id is not None
    entries, total = catalog.store.entries_of(p.id, needs_review=True if flagged else None,
                                              offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
                                              **(filters or {}))  # fmt: skip
    coordinating = prog.is_coordinator(actor, p)
    members = members_of(catalog, p)
    member = coordinating or any(m["user_id"] == actor.user_id for m in members if actor.user_id is not None)
    return {"programme": p, "entries": entries, "total": total, "counts": catalog.store.entry_counts(p.id),
            "by_ics": prog.counts_by_ics(catalog, p), "review_due": prog.review_due(p),
            "flagged_entries": catalog.store.entries_of(p.id, needs_review=True, limit=20)[0],
            "coordinating": coordinating, "members": members if member else [],
            "experts_per_party": {x.code: sum(1 for m in members if m["party"] == x.code) for x in p.parties},
            "steps": STEPS, "stages": list(Stage), "states": list(EntryState), "origins": list(Origin),
            "degrees": list(EntryDegree), "bases": list(Basis), "kinds": list(RelationKind),
            "member_roles": list(MemberRole), "languages": prog.LANGUAGES, "label": label,
            "stage_history": stage_history(catalog.store, p)}  # fmt: skip


async def coordinator_page(request: Request, slug: str, *, notice: str, kept: dict[str, str] | None = None,
                           rejected: list[Any] | None = None, status: int = 400) -> Response:  # fmt: skip
    """A programme's page again after a coordinator's form was refused: ``notice`` says why, ``kept`` holds what
    was typed, ``rejected`` the bad rows of a list of pairs."""
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(programme_context, site.catalog, actor_of(request), slug)
    context.update({"form": {"state": "", "stage": "", "origin": "", "flagged": ""}, "page": 1,
                    "last_page": max(1, -(-context["total"] // PER_PAGE)), "notice": notice, "kept": kept or {},
                    "done": None,
                    "rejected": rejected or [],
                    "page_url": lambda number: f"/programmes/{slug}?page={number}"})  # fmt: skip
    return site.renderer.page(request, "programme.html", context, lang=lang, status=status)


@router.get("/programmes/{slug}")
async def programme_page(
    request: Request, slug: str, state: str = Query("", max_length=20), stage: str = Query("", max_length=20),
    origin: str = Query("", max_length=20), flagged: str = Query("", max_length=1),
    page: int = Query(1, ge=1, le=100_000), done: str = Query("", max_length=20),
    count: int | None = Query(None, ge=0, le=10**9),
) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    catalog, actor = site.catalog, actor_of(request)
    filters = {"state": _choice(EntryState, state), "stage": _choice(Stage, stage), "origin": _choice(Origin, origin)}
    context = await run_in_threadpool(lambda: programme_context(catalog, actor, slug, filters=filters,
                                                                flagged=bool(flagged), page=page))  # fmt: skip
    shown = {k: v for k, v in (("state", state), ("stage", stage), ("origin", origin), ("flagged", flagged)) if v}
    last_page = max(1, -(-context["total"] // PER_PAGE))

    def page_url(number: int) -> str:
        return f"/programmes/{slug}?" + urlencode({**shown, **({"page": number} if number > 1 else {})})

    context.update({"form": {"state": state, "stage": stage, "origin": origin, "flagged": flagged}, "page": page,
                    "last_page": last_page, "page_url": page_url, "done": done_notice(done, count), "kept": {},
                    "notice": None,
                    "rejected": []})  # fmt: skip
    return site.renderer.page(request, "programme.html", context, lang=lang)
