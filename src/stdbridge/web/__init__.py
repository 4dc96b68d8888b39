"""The bilingual web pages of the catalogue, rendered on the server (Jinja2), in Chinese or English.

``create_pages(app, catalog)`` adds to the app:

=================================  ====================================================================
``/``                              search: one box, facets, results, pages (``search_page``)
``/standard?id=ISO 9001:2015``     the record page of one standard (``record_page``, ``family_chart``), with
                                   its suggested counterparts (``suggestions``; ``&suggest_in=body:JISC``)
``POST /standard/decision``        accept or reject a suggested counterpart, then back to the record page
``/compare?a=...&b=...``           two standards side by side; ``POST`` adds their full texts (``compare_page``)
``/compare-batch``                 two lists of standards and the matrix of their counterparts (``batch_page``)
``/compatibility?a=...&b=...``     how compatible two standards systems are, as charts (``compatibility_page``);
                                   these two stream their progress, then the page, when asked (``progress``)
``/compatibility/{figure}.csv``    the data of one chart
``/overview``                      the bodies and countries of the catalogue
``/overview/{scope}/{code}``       charts of one body or country (``overview_page``, ``charts``); a name people use
                                   for it (``/overview/body/JIS``) leads to the stored code's page
``/overview/{scope}/{code}/{figure}.csv``  the data of one chart
``/static/...``                    ``app.css`` and ``app.js``: no CDN, no build step
=================================  ====================================================================

and ``app.state.error_page``, with which the app's error handlers answer every error outside ``/api`` as a
page in the reader's language. Every page works without JavaScript; the script only adds conveniences.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import quote

from stdbridge.errors import MissingExtra

try:  # the web server is an extra: its modules all come through here
    from fastapi import APIRouter, FastAPI, Request
    from fastapi.responses import HTMLResponse, RedirectResponse, Response
    from fastapi.staticfiles import StaticFiles
    from starlette.concurrency import run_in_threadpool
except ImportError as missing:
    raise MissingExtra("web", missing) from None

from stdbridge.analytics.overview import overview as overview_of
from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.catalog import Catalog, Resolution
from stdbridge.errors import NotFound, StdbridgeError, UnknownName, UsageError
from stdbridge.i18n import _
from stdbridge.language.text import MAX_QUERY_LENGTH
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.web import batch_page, compare_page, compatibility_page, overview_page, search_page, suggestions
from stdbridge.web.language import page_language
from stdbridge.web.progress import streamed_page, wants_progress
from stdbridge.web.record_page import matched_note, record_view
from stdbridge.web.rendering import Renderer, csv_download, overview_url
from stdbridge.web.systems import ChoiceGroup, system_choices
from stdbridge.web.uploads import MAX_FORM_FIELDS, MAX_FORM_FILES


class _CatalogueFigures(CatalogueFigures):
    """How many records the catalogue holds, by body and country (as ``/api/bodies`` and ``/api/countries``
    count them), and the systems the pages offer to compare."""

    def systems(self) -> list[ChoiceGroup]:
        """The bodies and countries of the catalogue, as the options of a select."""
        return system_choices(self.counts("body"), self.counts("country"))


def create_pages(app: FastAPI, catalog: Catalog) -> None:
    """Add the web pages, their static files and the HTML error page to ``app``."""
    renderer = Renderer()
    figures = _CatalogueFigures(catalog)
    recent_compatibility = compatibility_page.RecentAnswers()
    pages = APIRouter(include_in_schema=False)

    @pages.get("/")
    def search(request: Request) -> Response:
        lang = page_language(request)
        form = search_page.read_form(request.query_params.multi_items())
        results = search_page.run_search(catalog, form)
        context: dict[str, Any] = {"form": form, "results": results, "max_query": MAX_QUERY_LENGTH}
        if results is not None:
            context["facets"] = search_page.facet_links(form, results)
            context["badges"] = search_page.adoption_badges(catalog, [h.standard for h in results.hits])
            context["pages"] = search_page.pages(form, results)
            context["understood"] = search_page.understood_notes(results)
        if not form.submitted:
            total, facets = figures.get()
            context["catalogue"] = {"total": total, "body": facets.get("body", [])[:8],
                                    "country": facets.get("country", [])}  # fmt: skip
        return renderer.page(request, "search.html", context, lang=lang)

    @pages.get("/standard")
    def standard(request: Request) -> Response:
        lang = page_language(request)
        asked = request.query_params.get("id", "").strip()
        if not asked:
            raise UsageError(_("give an identifier, for example 'ISO 9001:2015' or 'GB/T 19001'"))
        if len(asked) > MAX_QUERY_LENGTH:
            raise UsageError(_("an identifier is at most {most} characters long").format(most=MAX_QUERY_LENGTH))
        try:
            resolution = catalog.resolve(asked)
        except NotFound as exc:
            near = catalog.near_matches(asked, limit=8)
            context = {"status": 404, "code": "not-found", "message": str(exc), "near": near, "asked": asked}
            return renderer.page(request, "error.html", context, lang=lang, status=404)
        decided = request.query_params.get("decided")
        outcome = suggestions.recorded_outcome(catalog, resolution.standard, decided) if decided else None
        return record_page(request, lang, resolution, request.query_params.get("suggest_in", ""), outcome=outcome)

    def record_page(request: Request, lang: str, resolution: Resolution, suggest_in: str, *, status: int = 200,
                    **panel: Any) -> Response:  # fmt: skip
        view = record_view(catalog, resolution)
        context = {
            "view": view, "s": view.standard, "note": matched_note(resolution),
            "panel": suggestions.suggestions_panel(catalog, view.standard, suggest_in, figures.systems(),
                                                   view.declared, **panel),
        }  # fmt: skip
        return renderer.page(request, "standard.html", context, lang=lang, status=status)

    @pages.post("/standard/decision")
    async def decision(request: Request) -> Response:
        lang = page_language(request)
        form = suggestions.read_decision(await request.form(max_files=0, max_fields=MAX_FORM_FIELDS))
        if not form.source:
            raise UsageError(_("give an identifier, for example 'ISO 9001:2015' or 'GB/T 19001'"))
        resolution = await run_in_threadpool(catalog.resolve, form.source)
        try:
            await run_in_threadpool(suggestions.record_decision, catalog, resolution.standard, form)
        except StdbridgeError as exc:
            return await run_in_threadpool(record_page, request, lang, resolution, form.suggest_in, status=400,
                                           kept=form, error=exc.message)  # fmt: skip
        return RedirectResponse(suggestions.decided_url(resolution.standard, form, form.target), status_code=303)

    @pages.get("/compare")
    def compare(request: Request) -> Response:
        lang = page_language(request)
        found = compare_page.compare_records(catalog, compare_page.read_form(dict(request.query_params)))
        return renderer.page(request, "compare.html", {"c": found}, lang=lang, status=found.status)

    @pages.post("/compare")
    async def compare_texts(request: Request) -> Response:
        lang = page_language(request)
        async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as posted:  # closes the files
            found = await compare_page.compare_with_texts(catalog, posted)
        if found.notices or found.form.action == "page":
            if not found.notices and found.texts is None:  # the records alone: the address of their comparison
                return RedirectResponse(f"/compare?{found.form.params()}", status_code=303)
            return renderer.page(request, "compare.html", {"c": found}, lang=lang, status=found.status)
        return await run_in_threadpool(compare_page.download, found)

    @pages.get("/compare-batch")
    def compare_batch(request: Request) -> Response:
        lang = page_language(request)
        found = batch_page.BatchComparison(batch_page.read_form(dict(request.query_params)))
        if found.form.list_a or found.form.list_b:
            batch_page.compare(catalog, found)
        context = {"c": found, "example": batch_page.EXAMPLE}
        return renderer.page(request, "compare_batch.html", context, lang=lang, status=found.status)

    @pages.post("/compare-batch")
    async def compare_batch_posted(request: Request) -> Response:
        lang = page_language(request)
        async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as posted:
            if wants_progress(request):
                asked = await batch_page.read_posted(posted)

                def compared_page(progress: Progress) -> str:
                    found = batch_page.compare(catalog, asked, progress)
                    context = {"c": found, "example": batch_page.EXAMPLE}
                    return bytes(renderer.page(request, "compare_batch.html", context, lang=lang).body).decode()

                return streamed_page(compared_page)
            found = await batch_page.compare_posted(catalog, posted)
        if found.matrix is not None and found.form.format != "page":
            return await run_in_threadpool(batch_page.download, found.matrix, found.form.format)
        context = {"c": found, "example": batch_page.EXAMPLE}
        return renderer.page(request, "compare_batch.html", context, lang=lang, status=found.status)

    @pages.get("/compatibility")
    def compatibility(request: Request) -> Response:
        lang = page_language(request)
        form = compatibility_page.read_form(dict(request.query_params))

        def compatibility_response(progress: Progress) -> HTMLResponse:
            view = compatibility_page.compatibility_view(catalog, form, recent_compatibility, progress)
            context = {
                "v": view, "systems": figures.systems(),
                "ics_options": compatibility_page.ics_options(catalog, form.ics),
                "figures": compatibility_page.figures(view) if view.result else [],
                "examples": compatibility_page.EXAMPLES,
            }  # fmt: skip
            return renderer.page(request, "compatibility.html", context, lang=lang, status=view.status)

        if wants_progress(request):
            return streamed_page(lambda progress: bytes(compatibility_response(progress).body).decode())
        return compatibility_response(NO_PROGRESS)

    @pages.get("/compatibility/{name}.csv")
    def compatibility_csv(request: Request, name: str) -> Response:
        lang = page_language(request)
        if name not in compatibility_page.FIGURES:
            raise NotFound(_("no figure '{name}'; the figures are: {names}").format(
                name=name[:40], names=", ".join(compatibility_page.FIGURES)))  # fmt: skip
        form = compatibility_page.read_form(dict(request.query_params))
        view = compatibility_page.compatibility_view(catalog, form, recent_compatibility)
        if view.result is None:
            message = " ".join(n.text for n in view.notices) or compatibility_page.choose_two()
            raise (NotFound if view.status == 404 else UsageError)(message)
        filename = f"stdbridge-compatibility-{view.result.a.code}-{view.result.b.code}-{name}.csv"
        return csv_download(request, lang, compatibility_page.figure_csv(view, name), filename)

    @pages.get("/overview")
    def directory(request: Request) -> Response:
        lang = page_language(request)
        total, facets = figures.get()
        context = {"total": total, "bodies": facets.get("body", []), "countries": facets.get("country", [])}
        return renderer.page(request, "directory.html", context, lang=lang)

    def named_overview(request: Request, scope: str, code: str, suffix: str = "") -> Response | None:
        """The address of the overview a name people use stands for (``/overview/body/JIS`` is JISC's), or
        ``None`` when ``code`` is already the stored code; a name that means nothing known is not found."""
        if scope not in ("body", "country"):
            return None
        try:
            reading = catalog.names().read(scope, code)
        except UnknownName as exc:
            raise NotFound(exc.message) from None
        if reading.code == code:
            return None
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(overview_url(scope, quote(reading.code, safe="")) + suffix + query, status_code=307)

    @pages.get("/overview/{scope}/{code}")
    def overview(request: Request, scope: str, code: str) -> Response:
        lang = page_language(request)
        moved = named_overview(request, scope, code)
        if moved is not None:
            return moved
        view = overview_of(catalog, scope, code, lang)
        base = overview_url(scope, quote(view.code, safe=""))
        context = {
            "view": view,
            "figures": overview_page.figures(view, base),
            "words": overview_page.word_cloud(view),
            "led": figures.body(view.code) if view.scope == "body" else None,
        }
        return renderer.page(request, "overview.html", context, lang=lang)

    @pages.get("/overview/{scope}/{code}/{name}.csv")
    def overview_csv(request: Request, scope: str, code: str, name: str) -> Response:
        lang = page_language(request)
        if name not in overview_page.FIGURES:
            raise NotFound(_("no figure '{name}'; the figures are: {names}").format(
                name=name[:40], names=", ".join(overview_page.FIGURES)))  # fmt: skip
        moved = named_overview(request, scope, code, f"/{name}.csv")
        if moved is not None:
            return moved
        view = overview_of(catalog, scope, code, lang)
        filename = f"stdbridge-{scope}-{view.code}-{name}.csv"
        return csv_download(request, lang, overview_page.figure_csv(view, name), filename)

    def error_page(request: Request, status: int, code: str, message: str) -> Response:
        lang = page_language(request)
        if code == "not-found" and message in ("Not Found", "Not found"):
            message = _("There is no page at this address.")
        else:  # a message made before the page's language was known is still its English original
            message = _(message)
        context = {"status": status, "code": code, "message": message, "near": [], "asked": None}
        return renderer.page(request, "error.html", context, lang=lang, status=status)

    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=str(files("stdbridge.web") / "static")), name="static")
    app.state.error_page = error_page


__all__ = ["create_pages"]
