"""The country profiles' pages: ``/profiles`` lists every country (searchable by code or by its Chinese or English
name) and ``/profiles/{code}`` shows one (``stdbridge.profiles.profile``): its bodies, the four indicators of its
capacity to connect, its facts with their sources and dates, the overview's figures drawn as the overview pages
draw them, its adoption of international standards, its foreign-language versions, its links with every other
country and its programmes.

Editors add and remove facts and import a facts file from the profile page (plain forms with the CSRF token;
``POST /profiles/{code}/facts``, ``POST /profiles/facts/{fact_id}/edit``, ``POST /profiles/facts/{fact_id}/delete``,
``POST /profiles/facts/import``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.analytics.overview import DEGREES
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.bodies import COUNTRY_BY_CODE
from stdbridge.errors import Forbidden, NotFound, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.notices.service import notices_of_country
from stdbridge.profiles.countries import country
from stdbridge.profiles.facts import ProfileFacts
from stdbridge.profiles.model import FACT_KINDS, ProfileFact, kind_label
from stdbridge.profiles.profile import Profile, directory, profile
from stdbridge.web import charts
from stdbridge.web.language import page_language
from stdbridge.web.names import country_name, degree_label
from stdbridge.web.notices_page import kind_label as notice_kind_label
from stdbridge.web.overview_page import figures, word_cloud
from stdbridge.web.rendering import overview_url
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

router = APIRouter(include_in_schema=False)
MAX_IMPORT_BYTES = 5 * 2**20
NOTICES_SHOWN = 10  # the country's latest notices and news on its profile; the rest on /notices and /news


def partner_name(code: str, lang: str) -> str:
    """A country's or region's name: the bodies table's (``INT``, ``EU`` ...), else ISO 3166-1's."""
    if code in COUNTRY_BY_CODE:
        return country_name(code)
    try:
        return country(code).name(lang)
    except NotFound:
        return code


def _profile_charts(found: Profile, lang: str) -> dict[str, Any]:
    degrees = found.international.by_degree
    parts = [charts.Bar(degree_label(d) if d == "unknown" else d, degrees[d], f"degree-{d}")
             for d in (*DEGREES, "unknown")]  # fmt: skip
    title = _("Adoption of international standards")
    links = [charts.Bar(partner_name(link.partner, lang), link.adopts.records, "degree-IDT")
             for link in found.links if link.adopts.records][:15]  # fmt: skip
    adopted = [charts.Bar(partner_name(link.partner, lang), link.adopted_by.records, "degree-MOD")
               for link in found.links if link.adopted_by.records][:15]  # fmt: skip
    return {
        "international_chart": charts.share_bar("chart-international", title, parts, found.records)
        if found.records
        else None,
        "adopts_chart": charts.bar_chart("chart-links", _("Records adopting a standard of the country"), links)
        if links
        else None,
        "adopted_chart": charts.bar_chart("chart-adopted", _("Its records adopted by the country"), adopted)
        if adopted
        else None,
    }


async def _profile_page(request: Request, code: str, *, notice: str | None = None, form: dict[str, str] | None = None,
                        status: int = 200) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    found = await run_in_threadpool(profile, site.catalog, code, lang)
    notices = await run_in_threadpool(notices_of_country, site.catalog.store, found.country.code, limit=NOTICES_SHOWN)
    view = found.overview
    context = {
        "profile": found, "view": view, "name_zh": found.country.zh, "name_en": found.country.en,
        "figures": figures(view, overview_url("country", quote(found.country.code, safe=""))) if view else [],
        "words": word_cloud(view) if view else [], "kinds": [(k, kind_label(k)) for k in FACT_KINDS],
        "kind_label": kind_label, "partner_name": lambda c: partner_name(c, lang), "notice": notice,
        "form": form or {}, "degrees": (*DEGREES, "unknown"), **_profile_charts(found, lang),
        "notices": notices, "notice_kind_label": notice_kind_label,
    }  # fmt: skip
    return site.renderer.page(request, "profile.html", context, lang=lang, status=status)


@router.get("/profiles")
async def profiles_page(request: Request, q: str = Query("", max_length=100)) -> Response:
    site, lang = site_of(request), page_language(request)
    _total, facets = site.figures.get()
    records = {v.value: v.count for v in facets.get("country", [])}
    facts = await run_in_threadpool(site.catalog.store.profile_facts, None)
    context = {"q": q, "countries": directory(records, facts, q)}
    return site.renderer.page(request, "profiles.html", context, lang=lang)


@router.get("/profiles/{code}")
async def profile_page(request: Request, code: str) -> Response:
    named = country(code[:60])
    if named.code != code:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/profiles/{named.code}{query}", status_code=307)
    return await _profile_page(request, named.code)


def _text(form: FormData, name: str, most: int = 1000) -> str:
    value = form.get(name)
    return value.strip()[:most] if isinstance(value, str) else ""


@router.post("/profiles/{code}/facts")
async def add_fact(request: Request, code: str) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        shown = {name: _text(form, name) for name in ("kind", "value", "source", "date")}
    named = country(code[:60])
    fact = ProfileFact(named.code, shown["kind"], shown["value"], shown["source"], shown["date"])
    try:
        await run_in_threadpool(ProfileFacts(site.catalog.store).add, actor, fact)
    except StdbridgeError as refused:
        if isinstance(refused, Forbidden | Unauthenticated):
            raise
        return await _profile_page(request, named.code, notice=str(refused), form=shown, status=400)
    return RedirectResponse(f"/profiles/{named.code}#facts", status_code=303)


@router.post("/profiles/facts/{fact_id}/edit")
async def edit_fact(request: Request, fact_id: str) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        shown = {name: _text(form, name) for name in ("kind", "value", "source", "date")}
    facts = ProfileFacts(site.catalog.store)
    before = await run_in_threadpool(facts.fact, _fact_number(fact_id))
    changed = ProfileFact(before.country, shown["kind"], shown["value"], shown["source"], shown["date"])
    try:
        await run_in_threadpool(facts.edit, actor, _fact_number(fact_id), changed)
    except StdbridgeError as refused:
        if isinstance(refused, Forbidden | Unauthenticated):
            raise
        return await _profile_page(request, before.country, notice=str(refused), status=400)
    return RedirectResponse(f"/profiles/{before.country}#facts", status_code=303)


def _fact_number(fact_id: str) -> int:
    """A fact's number from the address, read after the form's token was checked; not found when it is none."""
    if not fact_id.isdigit() or not 0 < int(fact_id) < 2**31:
        raise NotFound(_("no profile fact {id}").format(id=fact_id[:20]))
    return int(fact_id)


@router.post("/profiles/facts/{fact_id}/delete")
async def delete_fact(request: Request, fact_id: str) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
    facts = ProfileFacts(site.catalog.store)
    before = await run_in_threadpool(facts.fact, _fact_number(fact_id))
    await run_in_threadpool(facts.delete, actor, _fact_number(fact_id))
    return RedirectResponse(f"/profiles/{before.country}#facts", status_code=303)


@router.post("/profiles/facts/import")
async def import_facts(request: Request) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=1024 * 1024) as form:
        check_form_token(request, form)
        require(actor, Role.EDITOR)
        back = _text(form, "country", 60) or "CN"
        upload = chosen_file(form, "file")
        try:
            if not isinstance(upload, UploadFile):
                raise UsageError(_("choose the facts file to import"))
            data = await upload.read(MAX_IMPORT_BYTES + 1)
            if len(data) > MAX_IMPORT_BYTES:
                raise UsageError(_("a facts file has at most {size} MB").format(size=MAX_IMPORT_BYTES // 2**20))
            report = await run_in_threadpool(ProfileFacts(site.catalog.store).import_file, actor, data,
                                             upload.filename or "facts.csv")  # fmt: skip
        except StdbridgeError as refused:
            if isinstance(refused, Forbidden | Unauthenticated):
                raise
            return await _profile_page(request, country(back).code, notice=str(refused), status=400)
    notice = _("{added} facts added, {updated} updated from {source}.").format(
        added=report.added, updated=report.updated, source=report.source)  # fmt: skip
    return await _profile_page(request, country(back).code, notice=notice)
