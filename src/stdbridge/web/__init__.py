"""The bilingual web pages of the catalogue, rendered on the server (Jinja2), in Chinese or English.

Each page module has its own router; ``create_pages(app, catalog)`` adds them to the app:

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
``/connectivity?a=...&b=...``      two systems connected over the years, a group heat map (``connectivity_page``)
``/profiles``, ``/profiles/{code}`` every country, and one country's profile (``profiles_page``)
``/browse/ics``, ``/browse/ccs``   the ICS and CCS trees with their counts, ``?code=`` a node (``browse_page``)
``/committee?code=ISO/TC 176``     a committee: title, scope, its published and in-progress standards
                                   (``committee_page``)
``/overview``                      the bodies and countries of the catalogue
``/overview/{scope}/{code}``       charts of one body or country (``overview_page``, ``charts``); a name people use
                                   for it (``/overview/body/JIS``) leads to the stored code's page
``/overview/{scope}/{code}/{figure}.csv``  the data of one chart
``/sign-in``, ``POST /sign-out``    signing in with a password, and out (``account_pages``)
``/account``                       the signed-in user's page: password change, personal API tokens
``/audit``                         the audit log, for administrators (``audit_page``)
``/changes?since=...``             what changed in the catalogue since a date, a page at a time (``changes_page``)
``/jobs``, ``/jobs/{id}``          the job queue: an editor uploads a catalogue to import, everyone follows the
                                   jobs they asked for, with a progress bar (``jobs_page``)
``/programmes/{slug}/releases``    a recognition programme's releases, one release (``/{number}``), the difference
                                   between two (``/{older}/diff/{newer}``) (``release_pages``)
``/programmes``, ``/programmes/{slug}``  the recognition programmes, an editor's form to create one; a programme's
                                   steps, members, counts and entries (``programme_pages``), its coordinator's
                                   forms: experts, step, draft, pairs, an entry by hand (``programme_forms``)
``/programmes/{slug}/entries/{id}``  one entry: each party's standard, degrees, evidence, basis, transition dates,
                                   and its coordinator's symbiosis form (``programme_entry_page``)
``/programmes/{slug}/rounds``      the review rounds: the coordinator opens and closes them; ``/{number}`` the
                                   expert's review page of an open round, the anonymous results of a closed one
                                   (``round_pages``)
``/programmes/{slug}/comments``    the public comment on a draft and its handling log (``comment_pages``)
``/translation/align``             a zh/en document pair aligned, corrected and saved into a memory (``align_page``)
``/releases/verify``               check an uploaded signed release, as ``stdbridge verify`` does (``release_pages``)
``/releases/diff``                 the difference between two uploaded releases, as a page, CSV or JSON
``/static/...``                    ``app.css`` and ``app.js``: no CDN, no build step
=================================  ====================================================================

Every state-changing form carries the browser's CSRF token, checked by its handler (``api.access``); and
``app.state.error_page``, with which the app's error handlers answer every error outside ``/api`` as a
page in the reader's language. Every page works without JavaScript; the script only adds conveniences.
A script is a file under ``static/`` loaded with ``<script src="/static/NAME.js" defer>``, its data in ``data-``
attributes: the pages' Content-Security-Policy (``rendering``, ``protection``) refuses inline scripts, ``on...``
attributes and anything from another origin; ``fetch`` to the same origin is allowed.
"""

from __future__ import annotations

from importlib.resources import files

from stdbridge.errors import MissingExtra

try:  # the web server is an extra: its modules all come through here
    from fastapi import Depends, FastAPI, Request
    from fastapi.responses import Response
    from fastapi.staticfiles import StaticFiles
except ImportError as missing:
    raise MissingExtra("web", missing) from None

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.api.access import policy_for, resolve_actor
from stdbridge.catalog import Catalog
from stdbridge.i18n import _
from stdbridge.web import (
    account_pages,
    align_page,
    audit_page,
    batch_page,
    browse_page,
    changes_page,
    comment_pages,
    committee_page,
    compare_page,
    compatibility_page,
    connectivity_groups_page,
    connectivity_page,
    jobs_page,
    notices_page,
    overview_page,
    profiles_page,
    programme_entry_page,
    programme_forms,
    programme_pages,
    record_page,
    release_pages,
    round_pages,
    search_page,
    terms_page,
    translation_pages,
    watch_pages,
)
from stdbridge.web.language import page_language
from stdbridge.web.rendering import Renderer
from stdbridge.web.site import Site

ROUTERS = (search_page, record_page, compare_page, batch_page, compatibility_page, overview_page, browse_page,
           committee_page, account_pages, audit_page, jobs_page, programme_pages, release_pages,
           programme_forms, programme_entry_page, round_pages, comment_pages,
           terms_page, translation_pages, align_page, watch_pages, connectivity_page,
           profiles_page,
           connectivity_groups_page,
           notices_page, changes_page)  # fmt: skip


def create_pages(app: FastAPI, catalog: Catalog, figures: CatalogueFigures | None = None) -> None:
    """Add the web pages (each page module's router), their static files and the HTML error page to ``app``;
    ``figures`` are the catalogue's counts when the API already keeps them."""
    if not hasattr(app.state, "access"):  # who may do what (``api.access``): the embedded platform by default
        app.state.access = policy_for(catalog)
    site = Site(catalog, Renderer(), figures or CatalogueFigures(catalog), compatibility_page.RecentAnswers())
    app.state.site = site

    def error_page(request: Request, status: int, code: str, message: str) -> Response:
        lang = page_language(request)
        if status == 401:  # who must sign in gets the form, and comes back here afterwards
            shown: dict[str, object] = {"error": _(message), "name": "", "next_page": request.url.path}
            return site.renderer.page(request, "sign_in.html", shown, lang=lang, status=401)
        if code == "not-found" and message in ("Not Found", "Not found"):
            message = _("There is no page at this address.")
        else:  # a message made before the page's language was known is still its English original
            message = _(message)
        context = {"status": status, "code": code, "message": message, "near": [], "asked": None}
        return site.renderer.page(request, "error.html", context, lang=lang, status=status)

    for page in ROUTERS:  # every page first finds who asks, and refuses who may not read
        app.include_router(page.router, dependencies=[Depends(resolve_actor)])
    app.mount("/static", StaticFiles(directory=str(files("stdbridge.web") / "static")), name="static")
    app.state.error_page = error_page


__all__ = ["create_pages"]
