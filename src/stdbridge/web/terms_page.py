"""The termbase pages: ``/terms`` searches terms in Chinese, English or any language (by beginning, by part or
exactly), with the form to add a concept, the form to import a TBX or CSV file, and the links to export it;
``/terms/{id}`` shows one concept: its terms by language with their status, definitions, source, domain and where
it came from. Plain forms, no script needed; every form carries the CSRF token.

``POST /terms`` adds a concept and leads to its page; ``POST /terms/import`` imports a file and shows what was added
and rejected. ``stdbridge.translation.terms`` decides who may do what: a personal concept needs the role of
contributor, an organisation's or the platform's that of editor.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.accounts.roles import Actor, Role
from stdbridge.api.access import actor_of, check_form_token
from stdbridge.errors import Forbidden, StdbridgeError, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.translation.model import Concept, Term, TermStatus, UnitScope
from stdbridge.translation.termbase import deprecated_terms, preferred_terms
from stdbridge.translation.terms import ImportReport, Terms
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of
from stdbridge.web.uploads import MAX_FORM_FIELDS, chosen_file

router = APIRouter(include_in_schema=False)
MAX_IMPORT_BYTES = 20 * 2**20
_MATCHES = ("prefix", "contains", "exact")
_TERM_SEPARATORS = (";", "；", "\n")


def _status_label(status: TermStatus) -> str:
    labels = {TermStatus.PREFERRED: _("preferred"), TermStatus.ADMITTED: _("admitted"),
              TermStatus.DEPRECATED: _("deprecated")}  # fmt: skip
    return labels[status]


def _scope_label(scope: UnitScope) -> str:
    labels = {UnitScope.PERSONAL: _("personal"), UnitScope.ORGANISATION: _("organisation"),
              UnitScope.PLATFORM: _("platform")}  # fmt: skip
    return labels[scope]


def _scopes(actor: Actor) -> list[UnitScope]:
    """The scopes the actor may add to: their own termbase (contributors with an account), the platform's
    (editors)."""
    scopes = []
    if actor.user_id is not None and actor.can(Role.CONTRIBUTOR):
        scopes.append(UnitScope.PERSONAL)
    if actor.can(Role.EDITOR):
        scopes.append(UnitScope.PLATFORM)
    return scopes


def _shared(actor: Actor) -> dict[str, Any]:
    return {"status_label": _status_label, "scope_label": _scope_label, "scopes": _scopes(actor),
            "preferred_terms": preferred_terms, "deprecated_terms": deprecated_terms}  # fmt: skip


async def _search_page(request: Request, q: str, term_lang: str, match: str, *, notice: str | None = None,
                       form: dict[str, str] | None = None, report: ImportReport | None = None,
                       status: int = 200) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    found: list[Concept] = []
    if q.strip():
        found = await run_in_threadpool(Terms(site.catalog.store).search, q, actor, lang=term_lang or None,
                                        match=match, limit=100)  # fmt: skip
    context = {"q": q, "term_lang": term_lang, "match": match, "concepts": found, "notice": notice,
               "form": form or {}, "report": report, **_shared(actor)}  # fmt: skip
    return site.renderer.page(request, "terms.html", context, lang=lang, status=status)


@router.get("/terms")
async def terms_page(
    request: Request,
    q: str = Query("", max_length=300),
    term_lang: str = Query("", alias="in", max_length=8),
    match: str = Query("prefix", max_length=10),
) -> Response:
    return await _search_page(request, q, term_lang if term_lang in ("zh", "en") else "",
                              match if match in _MATCHES else "prefix")  # fmt: skip


@router.get("/terms/{concept_id}")
async def concept_page(request: Request, concept_id: int = Path(ge=1, le=2**31)) -> Response:
    site, lang = site_of(request), page_language(request)
    actor = actor_of(request)
    concept = await run_in_threadpool(Terms(site.catalog.store).concept, concept_id, actor)
    languages: dict[str, list[Term]] = {}
    for term in concept.terms:
        languages.setdefault(term.lang, []).append(term)
    context = {"concept": concept, "languages": languages, **_shared(actor)}
    return site.renderer.page(request, "term_concept.html", context, lang=lang)


def _text(form: FormData, name: str, most: int = 4000) -> str:
    value = form.get(name)
    return value.strip()[:most] if isinstance(value, str) else ""


def _split(text: str) -> list[str]:
    for separator in _TERM_SEPARATORS[1:]:
        text = text.replace(separator, _TERM_SEPARATORS[0])
    return [t.strip() for t in text.split(_TERM_SEPARATORS[0]) if t.strip()]


def _concept_of(form: FormData) -> Concept:
    """The concept the form describes: per language, the preferred term, the admitted ones and the deprecated ones
    (several separated by semicolons or lines)."""
    terms: list[Term] = []
    for lang in ("zh", "en"):
        terms += [Term(lang, t, TermStatus.PREFERRED) for t in _split(_text(form, f"preferred_{lang}", 300))[:1]]
        terms += [Term(lang, t, TermStatus.ADMITTED) for t in _split(_text(form, f"admitted_{lang}"))]
        terms += [Term(lang, t, TermStatus.DEPRECATED) for t in _split(_text(form, f"deprecated_{lang}"))]
    definitions = {
        lang: _text(form, f"definition_{lang}") for lang in ("zh", "en") if _text(form, f"definition_{lang}")
    }
    try:
        scope = UnitScope(_text(form, "scope", 20) or UnitScope.PERSONAL.value)
    except ValueError:
        raise UsageError(_("choose whose concept it is: yours or the platform's")) from None
    return Concept(terms, definitions, _text(form, "source", 1000) or None, _text(form, "domain", 1000) or None, scope)


@router.post("/terms")
async def add_concept(request: Request) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS) as form:
        check_form_token(request, form)
        shown = {name: _text(form, name) for name in form if name != "csrf_token"}
        try:
            concept = _concept_of(form)
            added = await run_in_threadpool(Terms(site.catalog.store).add, actor, concept)
        except StdbridgeError as refused:
            if isinstance(refused, Forbidden | Unauthenticated):  # the error page: sign in, or the role needed
                raise
            return await _search_page(request, "", "", "prefix", notice=str(refused), form=shown, status=400)
    return RedirectResponse(f"/terms/{added.id}", status_code=303)


@router.post("/terms/import")
async def import_file(request: Request) -> Response:
    site = site_of(request)
    actor = actor_of(request)
    async with request.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=1024 * 1024) as form:
        check_form_token(request, form)
        upload = chosen_file(form, "file")
        format_, scope_text = _text(form, "format", 10), _text(form, "scope", 20)
        try:
            if not isinstance(upload, UploadFile):
                raise UsageError(_("choose the termbase file to import"))
            try:
                scope = UnitScope(scope_text or UnitScope.PERSONAL.value)
            except ValueError:
                raise UsageError(_("choose whose concept it is: yours or the platform's")) from None
            data = await upload.read(MAX_IMPORT_BYTES + 1)
            if len(data) > MAX_IMPORT_BYTES:
                raise UsageError(_("a termbase file has at most {size} MB").format(size=MAX_IMPORT_BYTES // 2**20))
            name = upload.filename or f"upload.{format_}"
            kind = format_ or name.rsplit(".", 1)[-1].lower()
            report = await run_in_threadpool(Terms(site.catalog.store).import_file, actor, data, name, kind,
                                             scope=scope)  # fmt: skip
        except StdbridgeError as refused:
            if isinstance(refused, Forbidden | Unauthenticated):
                raise
            return await _search_page(request, "", "", "prefix", notice=str(refused), status=400)
    return await _search_page(request, "", "", "prefix", report=report)
