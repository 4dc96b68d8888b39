"""The committee page: one committee (ISO/TC 176, IEC/TC 61, a SAC/TC or the 归口单位 of GB records) with its title
and scope where the catalogue holds them, the committees above and under it, and its published and in-progress
standards, each count leading to the list with the search page's filters and facets.

``/committee?code=ISO/TC 176``; record pages link here from their committee.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from stdbridge.search.engine import Filters, SearchRequest
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
_SHOWN = 10  # standards listed of each kind; the lists go on in search


@router.get("/committee")
def committee_page(request: Request, code: str = "") -> Response:
    site, lang = site_of(request), page_language(request)
    found = site.catalog.committee(code)
    latest = {}
    for name, statuses in (("published", ("in-force", "announced")), ("in_progress", ("under-development",))):
        filters = Filters(committee=(found.code,), status=statuses)
        latest[name] = site.catalog.search(SearchRequest("", filters, "newest", 0, _SHOWN)).hits
    context = {"committee": found, "latest": latest}
    return site.renderer.page(request, "committee.html", context, lang=lang)
