"""The forms of the programmes' pages: an editor creates a programme (``POST /programmes``); its coordinator adds
an expert (``/programmes/SLUG/members``), moves the programme to a step (``/step``), drafts the catalogue over its
scope (``/draft``), imports a list of pairs (``/pairs``: CSV or XLSX), adds an entry by hand (``/entries``) and
records symbiosis on an entry (``/entries/ID/symbiosis``).

Who may do what is decided by ``recognition.programmes`` (the role of editor to create, being the coordinator for
the rest), checked before an upload is read; a refusal for the role is the error page (401: sign in, 403: the role
needed). Every form carries the CSRF token. Bad input shows the form again with what was typed and what is wrong,
in the page's language, and changes nothing; what was done leads back to the programme's page (or the entry's),
which says so.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.accounts.roles import Role, require
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import Forbidden, NotFound, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.recognition import draft as drafting
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import Assessment, ConsensusRule, MemberRole, Party, Programme, Scope, Visibility
from stdbridge.web.language import page_language
from stdbridge.web.programme_pages import coordinator_page, list_page
from stdbridge.web.site import site_of
from stdbridge.web.uploads import chosen_file

router = APIRouter(include_in_schema=False)
MAX_LIST_BYTES = 5 * 1024 * 1024  # a list of standards, or of pairs (as the API takes it)
MAX_FIELDS = 40  # an entry names one standard per party (up to ten) beside its other fields
CREATE_FIELDS = ("slug", "title_en", "title_zh", "parties", "ics", "committees", "product_classes", "share",
                 "min_answers", "max_rounds", "visibility", "review_period_months")  # fmt: skip
ENTRY_FIELDS = ("degree", "basis", "kind", "product_class", "transition_from", "transition_until", "verdict",
                "evidence", "assessors")  # fmt: skip


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _after(request: Request, path: str, **query: Any) -> RedirectResponse:
    """Back to ``path`` in the page's language, saying what was done."""
    return RedirectResponse(path + "?" + urlencode({"lang": page_language(request), **query}), status_code=303)


def _items(text: str, *, commas: bool = True) -> tuple[str, ...]:
    """The items of a field of several: one a line, or (``commas``) separated by commas."""
    found = []
    for line in text.splitlines():
        found.extend(line.split(",") if commas else [line])
    return tuple(dict.fromkeys(item.strip() for item in found if item.strip()))


def read_parties(catalog: Any, text: str) -> list[Party]:
    """The parties of the creation form: one a line, ``NAME:LANGUAGE`` (``CN:zh``, ``ISO+IEC:en``; a space may
    stand for the colon); a bad line is named with its number and value."""
    parties = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, language = line.strip().rpartition(":")
        if not colon:
            name, _space, language = line.strip().rpartition(" ")
        if not name.strip() or not language.strip():
            raise UsageError(_("parties, line {line}: write a party as NAME:LANGUAGE (CN:zh, ISO:en), not "
                               "{text!r}").format(line=number, text=line.strip()[:80]))  # fmt: skip
        try:
            parties.append(prog.read_party(catalog, name.strip(), language.strip().lower()))
        except UsageError as exc:
            raise UsageError(_("parties, line {line}: {error}").format(line=number, error=exc.message)) from None
    return parties


@router.post("/programmes")
async def create_programme(request: Request) -> Response:
    site = site_of(request)
    actor, catalog = actor_of(request), site.catalog
    require(actor, Role.EDITOR)  # before the list of standards is read
    async with request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_LIST_BYTES) as form:
        check_form_token(request, form)
        kept = {name: _text(form, name) for name in CREATE_FIELDS}
        upload = chosen_file(form, "standards")
        data = await upload.read(MAX_LIST_BYTES + 1) if isinstance(upload, UploadFile) else b""
        source = (upload.filename if isinstance(upload, UploadFile) else "") or "standards"
    try:
        if len(data) > MAX_LIST_BYTES:
            raise UsageError(_("the list is larger than {size} MB").format(size=MAX_LIST_BYTES // 2**20))
        made = await run_in_threadpool(_create, catalog, actor, kept, data, source)
    except StdbridgeError as refused:
        if isinstance(refused, Forbidden | Unauthenticated):
            raise
        return await list_page(request, notice=str(refused), kept=kept, status=400)
    return _after(request, f"/programmes/{made.slug}", done="created")


def _create(catalog: Any, actor: Any, kept: dict[str, str], data: bytes, source: str) -> Programme:
    from stdbridge.compare.lists import decode_list

    parties = read_parties(catalog, kept["parties"])
    listed = prog.scope_standards(catalog, decode_list(data, source), source) if data else ()
    try:
        share = Fraction(kept["share"] or "2/3")
    except (ValueError, ZeroDivisionError):
        raise UsageError(_("the share is a fraction such as 2/3, not {value!r}").format(value=kept["share"])) from None
    min_answers = _number_of(kept, "min_answers", _("answers needed from each party"))
    max_rounds = _number_of(kept, "max_rounds", _("rounds at most"))
    months = _number_of(kept, "review_period_months", _("review period (months)"))
    try:
        visibility = Visibility(kept["visibility"] or "public")
    except ValueError:
        raise UsageError(_("a programme is public or for its members, not {value!r}").format(
            value=kept["visibility"][:20])) from None  # fmt: skip
    classes = _items(kept["product_classes"], commas=False)
    scope = Scope(_items(kept["ics"]), _items(kept["committees"]), listed, classes)
    return prog.create_programme(
        catalog, actor, kept["slug"], {"en": kept["title_en"], "zh": kept["title_zh"]}, parties, scope,
        rule=ConsensusRule(share, 2 if min_answers is None else min_answers, 3 if max_rounds is None else max_rounds),
        visibility=visibility, review_period_months=months,
    )  # fmt: skip


def _number_of(kept: dict[str, str], name: str, label: str) -> int | None:
    text = kept[name]
    if not text:
        return None
    if not text.isdigit() or len(text) > 4:
        raise UsageError(_("{field}: give a whole number, not {value!r}").format(field=label, value=text[:20]))
    return int(text)


def _coordinated(request: Request, slug: str) -> Programme:
    """The programme ``slug``, when the one asking coordinates it (``Forbidden`` / ``Unauthenticated`` else)."""
    programme = prog.programme_of(site_of(request).catalog.store, slug)
    prog.require_coordinator(actor_of(request), programme)
    return programme


async def _refused(request: Request, slug: str, refused: StdbridgeError, kept: dict[str, str]) -> Response:
    if isinstance(refused, Forbidden | Unauthenticated):
        raise refused
    rows = refused.rows if isinstance(refused, drafting.PairsRefused) else []
    return await coordinator_page(request, slug, notice=str(refused), kept=kept, rejected=rows)


@router.post("/programmes/{slug}/members")
async def add_member(request: Request, slug: str) -> Response:
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        check_form_token(request, form)
        kept = {name: _text(form, name) for name in ("user", "party", "language", "role")}
    programme = _coordinated(request, slug)
    store = site_of(request).catalog.store
    try:
        role = MemberRole(kept["role"] or "expert")
    except ValueError:
        return await _refused(request, slug, UsageError(_("a member is an expert or the coordinator, not {value!r}")
                                                         .format(value=kept["role"][:20])), kept)  # fmt: skip
    try:
        if not kept["user"]:
            raise UsageError(_("name the user to add"))
        await run_in_threadpool(prog.add_member, store, actor_of(request), programme, kept["user"],
                                kept["party"] or None, kept["language"] or "en", role)  # fmt: skip
    except StdbridgeError as refused:
        return await _refused(request, slug, refused, kept)
    return _after(request, f"/programmes/{programme.slug}", done="member")


@router.post("/programmes/{slug}/step")
async def set_step(request: Request, slug: str) -> Response:
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        check_form_token(request, form)
        step = _text(form, "step")
    programme = _coordinated(request, slug)
    try:
        await run_in_threadpool(prog.set_step, site_of(request).catalog.store, actor_of(request), programme, step)
    except StdbridgeError as refused:
        return await _refused(request, slug, refused, {"step": step})
    return _after(request, f"/programmes/{programme.slug}", done="step")


@router.post("/programmes/{slug}/draft")
async def draft(request: Request, slug: str) -> Response:
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        check_form_token(request, form)
    programme = _coordinated(request, slug)
    try:
        summary = await run_in_threadpool(drafting.draft, site_of(request).catalog, actor_of(request), programme)
    except StdbridgeError as refused:
        return await _refused(request, slug, refused, {})
    return _after(request, f"/programmes/{programme.slug}", done="draft", count=sum(summary.added.values()))


@router.post("/programmes/{slug}/pairs")
async def import_pairs(request: Request, slug: str) -> Response:
    try:
        programme = _coordinated(request, slug)  # before a byte of the upload is read
    except NotFound:  # a form without this site's token is refused as such, whatever its address
        async with request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=64 * 1024) as form:
            check_form_token(request, form)
        raise
    async with request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_LIST_BYTES) as form:
        check_form_token(request, form)
        upload = chosen_file(form, "file")
        data = await upload.read(MAX_LIST_BYTES + 1) if isinstance(upload, UploadFile) else b""
        source = (upload.filename if isinstance(upload, UploadFile) else "") or "pairs.csv"
    try:
        if not isinstance(upload, UploadFile):
            raise UsageError(_("choose the list of pairs to import (CSV or XLSX)"))
        if len(data) > MAX_LIST_BYTES:
            raise UsageError(_("the list is larger than {size} MB").format(size=MAX_LIST_BYTES // 2**20))
        made = await run_in_threadpool(drafting.import_pairs, site_of(request).catalog, actor_of(request), programme,
                                       data, source)  # fmt: skip
    except StdbridgeError as refused:
        return await _refused(request, slug, refused, {})
    return _after(request, f"/programmes/{programme.slug}", done="pairs", count=len(made))


@router.post("/programmes/{slug}/entries")
async def add_entry(request: Request, slug: str) -> Response:
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        check_form_token(request, form)
        programme = _coordinated(request, slug)
        kept = {name: _text(form, name) for name in ENTRY_FIELDS}
        kept.update({f"standard_{p.code}": _text(form, f"standard_{p.code}") for p in programme.parties})
    fields = {p.code: kept[f"standard_{p.code}"] for p in programme.parties}
    fields.update({name: kept[name] for name in ENTRY_FIELDS[:6]})
    assessors = tuple(a.strip() for a in kept["assessors"].replace("\n", ",").split(",") if a.strip())
    assessment = Assessment(kept["verdict"], kept["evidence"], assessors) if kept["verdict"] else None
    try:
        catalog, actor = site_of(request).catalog, actor_of(request)
        made = await run_in_threadpool(lambda: drafting.add_entry(catalog, actor, programme, fields,
                                                                  assessment=assessment))  # fmt: skip
    except StdbridgeError as refused:
        return await _refused(request, slug, refused, kept)
    return _after(request, f"/programmes/{programme.slug}/entries/{made.id}", done="entry")


@router.post("/programmes/{slug}/entries/{entry_id}/symbiosis")
async def record_symbiosis(request: Request, slug: str, entry_id: str) -> Response:
    from stdbridge.web.programme_entry_page import entry_of, entry_page

    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        check_form_token(request, form)
        note = _text(form, "note")
    programme = _coordinated(request, slug)
    number = int(entry_id) if entry_id.isdigit() and len(entry_id) < 10 else 0
    store = site_of(request).catalog.store
    entry = await run_in_threadpool(entry_of, store, programme, number)
    if entry is None:
        raise NotFound(_("{slug} has no entry {id}").format(slug=programme.slug, id=entry_id[:20]))
    try:
        await run_in_threadpool(prog.record_symbiosis, store, actor_of(request), programme, entry, note)
    except StdbridgeError as refused:
        if isinstance(refused, Forbidden | Unauthenticated):
            raise
        return await entry_page(request, programme.slug, number, notice=str(refused), status=400)
    return _after(request, f"/programmes/{programme.slug}/entries/{number}", done="symbiosis")
