"""The language of a page: asked for in the address, remembered in a cookie, else the browser's preference.

``?lang=zh`` (or ``en``) switches and is remembered for a year in the ``lang`` cookie, so that a link without
``lang`` keeps the reader's choice; without either, ``Accept-Language`` decides (Chinese when the browser
prefers it to English), and English is the default for everyone else.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from stdbridge.i18n import LANGUAGES, preferred_language, set_language
from stdbridge.language.text import MAX_QUERY_LENGTH

COOKIE = "lang"
_YEAR = 365 * 24 * 3600
_LINKED_PARAMETERS = 40  # a search with every filter repeated holds far fewer


def page_language(request: Request) -> str:
    """The language of this request's page, set for ``_()`` in the current context."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        lang = asked
    elif request.cookies.get(COOKIE) in LANGUAGES:
        lang = request.cookies[COOKIE]
    else:
        lang = preferred_language(request.headers.get("accept-language", ""))
    set_language(lang)
    return lang


def remember_language(request: Request, response: Response, lang: str) -> None:
    """Keep an explicit choice of language in the cookie; tell caches the page depends on it."""
    if request.query_params.get("lang") in LANGUAGES and request.cookies.get(COOKIE) != lang:
        response.set_cookie(COOKIE, lang, max_age=_YEAR, samesite="lax", httponly=True)
    response.headers["Content-Language"] = "zh-CN" if lang == "zh" else "en"
    response.headers["Vary"] = "Accept-Language, Cookie"


def url_in_language(request: Request, lang: str) -> str:
    """This page's address (path and query) in ``lang``. A value is cut to what a page reads of it
    (``MAX_QUERY_LENGTH``), so that an address of 100 KB is not echoed into the link, nor the page made large."""
    params = [
        (k[:MAX_QUERY_LENGTH], v[:MAX_QUERY_LENGTH])
        for k, v in request.query_params.multi_items()[:_LINKED_PARAMETERS]
        if k != "lang"
    ]
    params.append(("lang", lang))
    return f"{request.url.path}?{urlencode(params)}"
