"""The classification pages: the ICS and the CCS as trees to walk without a query, each node with the number of
records filed under it, leading to the list of those records with the search page's filters and facets.

``/browse/ics`` and ``/browse/ccs`` are the top levels; ``?code=03.120`` (``?code=A00/09``) a node.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from stdbridge.catalog.browse import read_scheme
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)


@router.get("/browse/{scheme}")
def browse_page(request: Request, scheme: str, code: str | None = None) -> Response:
    site, lang = site_of(request), page_language(request)
    _class_scheme, field_name = read_scheme(scheme)
    found = site.catalog.browse(field_name, code or None)
    return site.renderer.page(request, "browse.html", {"branch": found, "field": field_name}, lang=lang)
