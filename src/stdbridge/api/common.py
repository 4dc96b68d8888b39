"""What every route shares: its parameters for language and identifiers, the error shape, JSON answers."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Query, Request
from fastapi.responses import Response

from stdbridge.i18n import LANGUAGES, preferred_language, set_language

Lang = Annotated[str | None, Query(description="Language of messages and preferred titles: en or zh.")]
Identifier = Annotated[str, Query(min_length=1, max_length=200, description="An identifier, exact or sloppy.")]


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one shape of every error the API returns."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def language(request: Request, lang: str | None) -> None:
    """The language of this request's messages: ``lang``, else the one ``Accept-Language`` prefers (by its weights,
    as the web pages read it), else English."""
    if lang in LANGUAGES:
        set_language(lang)
        return
    set_language(preferred_language(request.headers.get("accept-language", "")))


def json_response(content: Any) -> Response:
    """JSON straight from orjson: the answers are plain dicts and lists, and FastAPI's generic encoder would
    walk them again on every request."""
    return Response(orjson.dumps(content), media_type="application/json")
