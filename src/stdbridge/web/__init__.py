"""The bilingual web pages of the catalogue, rendered on the server (Jinja2), in Chinese or English.

``create_pages(app, catalog)`` adds to the app:

=================================  ====================================================================
``/``                              search: one box, facets, results, pages (``search_page``)
``/standard?id=ISO 9001:2015``     the record page of one standard (``record_page``, ``family_chart``)
``/overview``                      the bodies and countries of the catalogue
``/overview/{scope}/{code}``       charts of one body or country (``overview_page``, ``charts``)
``/overview/{scope}/{code}/{figure}.csv``  the data of one chart
``/static/...``                    ``app.css`` and ``app.js``: no CDN, no build step
=================================  ====================================================================

and ``app.state.error_page``, with which the app's error handlers answer every error outside ``/api`` as a
page in the reader's language. Every page works without JavaScript; the script only adds conveniences.
"""

from __future__ import annotations

import time
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from stdbridge import analytics
from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.search.engine import FacetValue, Filters
from stdbridge.text import MAX_QUERY_LENGTH
from stdbridge.web import overview_page, search_page
from stdbridge.web.language import page_language, remember_language
from stdbridge.web.record_page import matched_note, record_view
from stdbridge.web.rendering import Renderer, overview_url

_FIGURES_SECONDS = 60.0  # how long the catalogue-wide counts of the front and directory pages are reused


class _CatalogueFigures:
    """How many records the catalogue holds, by body and country: one index aggregation, reused a minute."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._at = -_FIGURES_SECONDS
        self._figures: tuple[int, dict[str, list[FacetValue]]] = (0, {})

    def get(self) -> tuple[int, dict[str, list[FacetValue]]]:
        now = time.monotonic()
        if now - self._at > _FIGURES_SECONDS:
            self._figures = self.catalog.search_engine().facet_counts(Filters())
            self._at = now
        return self._figures


def create_pages(app: FastAPI, catalog: Catalog) -> None:
    """Add the web pages, their static files and the HTML error page to ``app``."""
    renderer = Renderer()
    figures = _CatalogueFigures(catalog)
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
        view = record_view(catalog, resolution)
        context = {"view": view, "s": view.standard, "note": matched_note(resolution)}
        return renderer.page(request, "standard.html", context, lang=lang)

    @pages.get("/overview")
    def directory(request: Request) -> Response:
        lang = page_language(request)
        total, facets = figures.get()
        context = {"total": total, "bodies": facets.get("body", []), "countries": facets.get("country", [])}
        return renderer.page(request, "directory.html", context, lang=lang)

    @pages.get("/overview/{scope}/{code}")
    def overview(request: Request, scope: str, code: str) -> Response:
        lang = page_language(request)
        view = analytics.overview(catalog, scope, code, lang)
        base = overview_url(scope, quote(view.code, safe=""))
        context = {
            "view": view,
            "figures": overview_page.figures(view, base),
            "words": overview_page.word_cloud(view),
        }
        return renderer.page(request, "overview.html", context, lang=lang)

    @pages.get("/overview/{scope}/{code}/{name}.csv")
    def overview_csv(request: Request, scope: str, code: str, name: str) -> Response:
        lang = page_language(request)
        if name not in overview_page.FIGURES:
            raise NotFound(_("no figure '{name}'; the figures are: {names}").format(
                name=name[:40], names=", ".join(overview_page.FIGURES)))  # fmt: skip
        view = analytics.overview(catalog, scope, code, lang)
        filename = f"stdbridge-{scope}-{view.code}-{name}.csv"
        ascii_name = "".join(c if c.isalnum() or c in "-._" else "_" for c in filename)
        response = Response(
            "\ufeff" + overview_page.figure_csv(view, name),  # the mark lets spreadsheets read the UTF-8 as such
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
            },
        )
        remember_language(request, response, lang)
        return response

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
