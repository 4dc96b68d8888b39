"""The record page of one standard: every field, its titles, its relations, its family and its counterparts
(its suggested counterparts are ``suggestions``')."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.catalog import Catalog, Resolution
from stdbridge.catalog.graph import Family, Link, family_of
from stdbridge.catalog.lifecycle import StatusOn, status_now, statuses_now
from stdbridge.catalog.links import Counterpart, counterparts_of
from stdbridge.counterparts.decisions import DecisionHistory
from stdbridge.errors import NotFound, StdbridgeError, UsageError
from stdbridge.fields import Field, described_fields, gb_kind, source_text
from stdbridge.i18n import _
from stdbridge.language.text import MAX_QUERY_LENGTH
from stdbridge.models import ClassEntry, Standard
from stdbridge.web import suggestions
from stdbridge.web.family_chart import family_picture
from stdbridge.web.language import page_language
from stdbridge.web.names import country_name, ics_title
from stdbridge.web.notices_page import kind_label as notice_kind_label
from stdbridge.web.rendering import standard_url
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS

# The order of the relations table: how a reader walks from a standard.
_RELATION_ORDER = (
    "replaced-by", "replaces", "revised-by", "revises", "adopts", "adopted-as", "equivalent",
    "amended-by", "amends", "corrected-by", "corrects", "edition-of", "references", "referenced-by",
)  # fmt: skip


@dataclass(slots=True)
class Classified:
    code: str
    title: str


@dataclass(slots=True)
class CountryGroup:
    country: str
    name: str
    counterparts: list[Counterpart] = field(default_factory=list)


@dataclass(slots=True)
class RecordView:
    resolution: Resolution
    standard: Standard
    links: list[Link]
    family: Family
    picture: Markup
    ics: list[Classified]
    ccs: list[Classified]
    committee: str | None
    declared: list[Counterpart]  # every counterpart a relation declares, as ``counterparts`` groups them
    counterparts: list[CountryGroup]
    web_addresses: list[str]  # the pages the source names, each linked (several when it lists several)
    status: StatusOn  # the record's status today: stated, or derived (``catalog.lifecycle``)
    statuses: dict[int, StatusOn]  # of every standard the page names, by id
    fields: list[Field]  # the fields only some sources give, labelled, their codes named
    gb_kind: str | None
    source: str  # dataset, file and line it was imported from
    decisions: DecisionHistory = field(default_factory=lambda: DecisionHistory("", []))


def record_view(catalog: Catalog, resolution: Resolution) -> RecordView:
    standard = resolution.standard
    links = sorted(catalog.links(standard), key=_link_order)
    family = family_of(catalog.store, standard, dt.date.today())
    ics = catalog.classes("ICS", standard.ics)
    ccs = catalog.classes("CCS", standard.ccs)
    committees = catalog.classes("committee", [standard.committee]) if standard.committee else {}
    declared = counterparts_of(catalog.store, standard)
    shown = [*(link.other for link in links if link.other), *(c.standard for c in declared)]
    shown += [s for s in (family.current,) if s is not None]
    statuses = statuses_now(catalog.store, shown)
    for member in (*family.editions, *family.supplements):
        if member.id is not None:
            statuses[member.id] = family.status_on[member.edition_key]
    own = status_now(catalog.store, standard)
    if standard.id is not None:
        statuses[standard.id] = own
    return RecordView(
        resolution=resolution,
        standard=standard,
        links=links,
        family=family,
        picture=family_picture(family, standard_url),
        ics=[Classified(code, _class_title(ics.get(code), code)) for code in standard.ics],
        ccs=[Classified(code, _class_title(ccs.get(code), code)) for code in standard.ccs],
        committee=_committee(committees.get(standard.committee or "")),
        declared=declared,
        counterparts=_by_country(declared),
        web_addresses=web_addresses(standard.url),
        status=own,
        statuses=statuses,
        fields=described_fields(standard),
        gb_kind=gb_kind(standard),
        source=source_text(standard),
        decisions=DecisionHistory(standard.work_key, catalog.store.decision_history([standard.work_key])),
    )


def _link_order(link: Link) -> tuple[int, str]:
    name = link.name
    at = _RELATION_ORDER.index(name) if name in _RELATION_ORDER else len(_RELATION_ORDER)
    return at, (link.other.published or "") if link.other else link.other_text


def _class_title(entry: ClassEntry | None, code: str) -> str:
    if entry is None:
        return ""
    return ics_title(code, entry.titles) if entry.scheme == "ICS" else entry.titles.get("zh") or entry.titles.get(
        "en", "")  # fmt: skip


def _committee(entry: ClassEntry | None) -> str | None:
    if entry is None:
        return None
    return entry.titles.get("en") or entry.titles.get("fr") or next(iter(entry.titles.values()), None)


def _by_country(counterparts: list[Counterpart]) -> list[CountryGroup]:
    """Counterparts grouped by country, international first, then by number of counterparts."""
    groups: dict[str, CountryGroup] = {}
    for c in counterparts:
        code = c.standard.country
        groups.setdefault(code, CountryGroup(code, country_name(code))).counterparts.append(c)
    return sorted(groups.values(), key=lambda g: (g.country != "INT", -len(g.counterparts), g.country))


def web_addresses(url: str | None) -> list[str]:
    """The record's web addresses: a source may list several pages, separated by ";" (the GB sample writes
    "https://a ; https://b"); only http(s) addresses are kept, anything else (``javascript:``) is not linked.

    >>> web_addresses("https://a.example/1 ; https://b.example/2;javascript:alert(1)")
    ['https://a.example/1', 'https://b.example/2']
    """
    found = []
    for piece in (url or "").split(";"):
        address = piece.strip()
        parts = urlsplit(address)
        if parts.scheme in ("http", "https") and parts.netloc and address not in found:
            found.append(address)
    return found


# the page's routes -----------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/standard")
def standard_page(request: Request) -> Response:
    with site_of(request).catalog.store.reading():  # the page's reads share one connection
        return _standard_page(request)


def _standard_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    asked = request.query_params.get("id", "").strip()
    if not asked:
        raise UsageError(_("give an identifier, for example 'ISO 9001:2015' or 'GB/T 19001'"))
    if len(asked) > MAX_QUERY_LENGTH:
        raise UsageError(_("an identifier is at most {most} characters long").format(most=MAX_QUERY_LENGTH))
    try:
        resolution = site.catalog.resolve(asked)
    except NotFound as exc:
        near = site.catalog.near_matches(asked, limit=8)
        context = {"status": 404, "code": "not-found", "message": str(exc), "near": near, "asked": asked}
        return site.renderer.page(request, "error.html", context, lang=lang, status=404)
    decided = request.query_params.get("decided")
    outcome = suggestions.recorded_outcome(site.catalog, resolution.standard, decided) if decided else None
    return _record_response(request, resolution, request.query_params.get("suggest_in", ""), outcome=outcome)


NOTICES_SHOWN = 20


def _record_response(request: Request, resolution: Resolution, suggest_in: str, *, status: int = 200,
                     **panel: Any) -> Response:  # fmt: skip
    site = site_of(request)
    view = record_view(site.catalog, resolution)
    context = {
        "view": view, "s": view.standard, "note": resolution.note,
        "panel": suggestions.suggestions_panel(site.catalog, view.standard, suggest_in, site.systems(),
                                               view.declared, **panel),
        # notices and news that cite any edition of this work (``stdbridge.notices``)
        "notices": site.catalog.store.notices_citing([view.standard.work_key], limit=NOTICES_SHOWN),
        "notice_kind_label": notice_kind_label,
    }  # fmt: skip
    return site.renderer.page(request, "standard.html", context, lang=page_language(request), status=status)


@router.post("/standard/decision")
async def decision_form(request: Request) -> Response:
    site = site_of(request)
    page_language(request)  # for the refusals too
    posted = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    check_form_token(request, posted)
    actor = actor_of(request)
    require(actor, Role.EDITOR)  # before anything is read: who may not decide learns nothing more
    form = suggestions.read_decision(posted)
    if not form.source:
        raise UsageError(_("give an identifier, for example 'ISO 9001:2015' or 'GB/T 19001'"))
    resolution = await run_in_threadpool(site.catalog.resolve, form.source)
    try:
        await run_in_threadpool(suggestions.record_decision, site.catalog, resolution.standard, form, actor)
    except StdbridgeError as exc:
        return await run_in_threadpool(_record_response, request, resolution, form.suggest_in, status=400,
                                       kept=form, error=exc.message)  # fmt: skip
    return RedirectResponse(suggestions.decided_url(resolution.standard, form, form.target), status_code=303)
