"""Turning templates into pages: the Jinja2 environment, what every template can call, and the response.

Templates are escaped automatically, the charts' too (``templates/_charts.html``: ``charts`` and ``family_chart``
compute the geometry, its macros draw the SVG); the only markup that reaches a page unescaped is the search
engine's highlighted titles (escaped by the engine, with ``<mark>`` around matches), which templates mark safe for
that one field.
Text goes through ``_()`` at render time, in the language the request chose (``language.page_language``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from stdbridge.analytics.compatibility import kind_label
from stdbridge.api.access import csrf_token, remember_csrf
from stdbridge.catalog.graph import link_notes, stages_note
from stdbridge.catalog.links import absent_note
from stdbridge.compare.lists import reason_label
from stdbridge.counterparts.suggest import clue_label
from stdbridge.i18n import _, current_language
from stdbridge.templating import environment, html_lang
from stdbridge.web import names
from stdbridge.web.language import remember_language, url_in_language

# The pages load nothing from elsewhere and run no inline script: a policy that says so turns any markup that
# slipped into a title into inert text even if escaping failed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
# A report (the full comparison of two texts, a batch comparison) is one standalone file, styles inline and no
# script, to read in the browser or to save: served with a policy that allows exactly that.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
TITLE_LANGUAGE_ORDER = ("zh", "en", "fr", "ja", "ko", "ru", "de", "es")


def standard_url(identifier: str) -> str:
    return "/standard?" + urlencode({"id": identifier})


def search_url(query: str, **filters: str) -> str:
    return "/?" + urlencode({"q": query, **filters})


def overview_url(scope: str, code: str) -> str:
    return f"/overview/{scope}/{code}"


def list_url(**filters: str) -> str:
    """The list of the records these filters select, without a query (``/?ics=03.120.10``)."""
    return "/?" + urlencode(filters)


def browse_url(scheme: str, code: str | None = None) -> str:
    return f"/browse/{scheme.lower()}" + ("?" + urlencode({"code": code}) if code else "")


def committee_url(code: str) -> str:
    return "/committee?" + urlencode({"code": code})


def compare_url(a: str, b: str) -> str:
    return "/compare?" + urlencode({"a": a, "b": b})


def download_headers(filename: str) -> dict[str, str]:
    """The headers that make an answer a download named ``filename``, in any script (with an ASCII form of the
    name for clients that read only that)."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-._") else "_" for c in filename)
    encoded = quote(filename, safe="")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"}


def report_response(html: str, filename: str, *, download: bool) -> HTMLResponse:
    """A standalone report page: shown in the browser (to save from there), or a download."""
    headers = download_headers(filename)
    if not download:
        headers["Content-Disposition"] = headers["Content-Disposition"].replace("attachment", "inline", 1)
    headers.update({"Content-Security-Policy": REPORT_POLICY, "X-Content-Type-Options": "nosniff"})
    return HTMLResponse(html, headers=headers)


def csv_download(request: Request, lang: str, text: str, filename: str) -> Response:
    """CSV as a download, with a byte-order mark so that spreadsheets read the UTF-8 as such."""
    response = Response("\ufeff" + text, media_type="text/csv; charset=utf-8", headers=download_headers(filename))
    remember_language(request, response, lang)
    return response


def titles_in_order(titles: dict[str, str]) -> list[tuple[str, str]]:
    """(language, title) with the reader's language first, then Chinese and English, then the others."""
    order = {lang: i for i, lang in enumerate(dict.fromkeys((current_language(), *TITLE_LANGUAGE_ORDER)))}
    return sorted(((lang, t) for lang, t in titles.items() if t), key=lambda item: (order.get(item[0], 99), item[0]))


def number(value: int | float) -> str:
    return f"{value:,}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _data_word(value: str) -> str:
    """A word that reaches the page as data (an evidence kind), translated as ``i18n.DATA_WORDS`` lists it."""
    return _(value)


class Renderer:
    """The pages' templates, rendered in the request's language."""

    def __init__(self) -> None:
        self.env = environment()
        self.env.globals.update(
            standard_url=standard_url,
            search_url=search_url,
            overview_url=overview_url,
            compare_url=compare_url,
            list_url=list_url,
            browse_url=browse_url,
            committee_url=committee_url,
            class_title=names.class_title,
            kind_label=kind_label,
            clue_label=clue_label,
            reason_label=reason_label,
            titles_in_order=titles_in_order,
            number=number,
            percent=percent,
            country_name=names.country_name,
            body_name=names.body_name,
            language_name=names.language_name,
            type_label=names.type_label,
            status_label=names.status_label,
            adoption_label=names.adoption_label,
            degree_label=names.degree_label,
            relation_label=names.relation_label,
            ics_title=names.ics_title,
            ics_title_source=names.ics_title_source,
            ics_titles_note=names.ics_titles_note,
            data_word=_data_word,
            link_notes=link_notes,
            absent_note=absent_note,
            stages_note=stages_note,
        )

    def render(self, request: Request, template: str, context: dict[str, Any], *, lang: str) -> str:
        """The HTML of ``template`` in ``lang`` (a streamed answer sends it as data; ``page`` as a response)."""
        switch = "en" if lang == "zh" else "zh"
        return self.env.get_template(template).render(
            request=request,
            actor=getattr(request.state, "actor", None),  # who asks: the pages offer only what they may do
            csrf_token=csrf_token(request),
            lang=lang,
            html_lang=html_lang(lang),
            switch_lang=switch,
            switch_url=url_in_language(request, switch),
            path=request.url.path,
            watch_unread=_watch_unread(request),
            **context,
        )

    def page(self, request: Request, template: str, context: dict[str, Any], *, lang: str,
             status: int = 200) -> HTMLResponse:  # fmt: skip
        html = self.render(request, template, context, lang=lang)
        response = HTMLResponse(html, status_code=status)
        remember_language(request, response, lang)
        remember_csrf(request, response)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response


def _watch_unread(request: Request) -> int | None:
    """The unread notifications of the person signed in, for the site header (None: nobody signed in)."""
    actor = getattr(request.state, "actor", None)
    site = getattr(request.app.state, "site", None)
    if actor is None or not actor.signed_in or site is None:
        return None
    from stdbridge.watch.service import Watching

    return Watching(site.catalog.store).unread(actor)
