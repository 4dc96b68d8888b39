"""The language of a page: asked for in the address, remembered in a cookie, else the browser's preference.

``?lang=zh`` (or ``en``) switches and is remembered for a year in the ``lang`` cookie, so that a link without
``lang`` keeps the reader's choice; without either, ``Accept-Language`` decides (Chinese when the browser
prefers it to English), and English is the default for everyone else.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from stdbridge.i18n import LANGUAGES, set_language

COOKIE = "lang"
_YEAR = 365 * 24 * 3600


def preferred_language(accept_language: str) -> str:
    """The first of Chinese and English the browser accepts, by its weights; English when it names neither.

    >>> preferred_language("zh-CN,zh;q=0.9,en;q=0.8")
    'zh'
    >>> preferred_language("fr-FR,en;q=0.5,zh;q=0.4")
    'en'
    >>> preferred_language("de")
    'en'
    """
    best, best_weight = "en", 0.0
    for position, item in enumerate(accept_language.split(",")[:20]):
        tag, _sep, params = item.strip().partition(";")
        lang = tag.strip().lower()[:2]
        if lang not in LANGUAGES:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weight -= position * 1e-6  # equal weights: the one named first
        if weight > best_weight:
            best, best_weight = lang, weight
    return best


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
    """This page's address (path and query) in ``lang``."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", lang))
    return f"{request.url.path}?{urlencode(params)}"
