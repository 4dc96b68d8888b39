"""Country profiles over HTTP (``stdbridge.profiles``).

``GET /api/profiles?q=``                    every country (ISO 3166-1) with its names, records and facts
``GET /api/profiles/{code}``                a country's profile: bodies, figures, links, facts, capacity
``POST /api/profiles/{code}/facts``         a new fact of its profile (JSON: kind, value, source, date; editors)
``PUT /api/profile-facts/{fact_id}``        change a fact / ``DELETE`` remove it (editors)
``POST /api/profile-facts/import``          a CSV file of facts (multipart ``file``; editors; all or nothing)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of
from stdbridge.api.common import Lang, State, json_response, language
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.notices.service import describe, notices_of_country
from stdbridge.profiles.facts import ProfileFacts
from stdbridge.profiles.model import ProfileFact
from stdbridge.profiles.profile import directory, profile

router = APIRouter()
MAX_IMPORT_BYTES = 5 * 2**20
NOTICES_SHOWN = 10  # the country's latest notices and news in its profile
CountryCode = Annotated[str, Path(min_length=2, max_length=60, description="ISO 3166-1 code (CN, CHN) or name.")]
FactId = Annotated[int, Path(ge=1, le=2**31, description="The fact's number.")]


class FactIn(BaseModel):
    kind: str = Field(min_length=1, max_length=60, description="One of the kinds of facts (iso-membership ...).")
    value: str = Field(min_length=1, max_length=500)
    source: str = Field(min_length=1, max_length=1000, description="Where the fact was taken from.")
    date: str = Field(min_length=4, max_length=10, description="When the source said it: 2025, 2025-07, 2025-07-01.")
    country: str | None = Field(None, max_length=60, description="For a change: the fact's country (else kept).")


@router.get("/profiles", summary="Every country with its names in Chinese and English, its records and facts")
async def list_profiles(
    request: Request, api: State, q: Annotated[str, Query(max_length=100)] = "", lang: Lang = None
) -> Response:
    language(request, lang)
    _total, facets = api.figures.get()
    records = {v.value: v.count for v in facets.get("country", [])}
    facts = await run_in_threadpool(api.catalog.store.profile_facts, None)
    found = directory(records, facts, q)
    return json_response({"count": len(found), "countries": [c.to_json() for c in found]})


@router.get("/profiles/{code}", summary="A country's profile (stdbridge profile CODE)")
async def show_profile(request: Request, api: State, code: CountryCode, lang: Lang = None) -> Response:
    language(request, lang)
    found = await run_in_threadpool(profile, api.catalog, code, "zh" if lang == "zh" else "en")
    latest = await run_in_threadpool(notices_of_country, api.catalog.store, found.country.code, limit=NOTICES_SHOWN)
    base = str(request.base_url)
    return json_response({**found.to_json(), "notices": [describe(n, base) for n in latest]})


@router.post("/profiles/{code}/facts", summary="Add a fact to a country's profile, with its source (editors)")
async def add_fact(request: Request, api: State, code: CountryCode, fact: FactIn, lang: Lang = None) -> Response:
    language(request, lang)
    new = ProfileFact(code, fact.kind, fact.value, fact.source, fact.date)
    added = await run_in_threadpool(ProfileFacts(api.catalog.store).add, actor_of(request), new)
    return json_response(added.to_json())


@router.put("/profile-facts/{fact_id}", summary="Change a fact of a profile (editors)")
async def edit_fact(request: Request, api: State, fact_id: FactId, fact: FactIn, lang: Lang = None) -> Response:
    language(request, lang)
    facts = ProfileFacts(api.catalog.store)
    actor = actor_of(request)
    require(actor, Role.EDITOR)
    before = await run_in_threadpool(facts.fact, fact_id)
    changed = ProfileFact(fact.country or before.country, fact.kind, fact.value, fact.source, fact.date)
    return json_response((await run_in_threadpool(facts.edit, actor, fact_id, changed)).to_json())


@router.delete("/profile-facts/{fact_id}", summary="Remove a fact of a profile (editors)")
async def delete_fact(request: Request, api: State, fact_id: FactId, lang: Lang = None) -> Response:
    language(request, lang)
    await run_in_threadpool(ProfileFacts(api.catalog.store).delete, actor_of(request), fact_id)
    return json_response({"deleted": fact_id})


@router.post("/profile-facts/import", summary="Import a CSV file of profile facts (multipart: file; editors): every "
             "row or none; a bad row is named with its file, line and value")  # fmt: skip
async def import_facts(request: Request, api: State, lang: Lang = None) -> Response:
    language(request, lang)
    actor = actor_of(request)
    require(actor, Role.EDITOR)  # before a byte of the upload is read
    async with request.form(max_files=1, max_fields=2) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise UsageError(_("send the facts file as 'file'"))
        data = await upload.read(MAX_IMPORT_BYTES + 1)
        name = upload.filename or "facts.csv"
    if len(data) > MAX_IMPORT_BYTES:
        raise UsageError(_("a facts file has at most {size} MB").format(size=MAX_IMPORT_BYTES // 2**20))
    report = await run_in_threadpool(ProfileFacts(api.catalog.store).import_file, actor, data, name)
    return json_response(report.to_json())
