"""What every route shares: the catalogue and what the API keeps beside it (``State``), its parameters for language
and identifiers, the error shape, JSON answers."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Annotated, Any

import orjson
from fastapi import Depends, Query, Request
from fastapi.responses import Response

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.catalog import Catalog
from stdbridge.i18n import LANGUAGES, preferred_language, set_language


class AnswerMemory:
    """The JSON of recent answers, by request and language, until the catalogue's index changes: popular
    searches are answered without searching again. Bounded by bytes, least recently asked forgotten first."""

    def __init__(self, budget: int = 64 * 1024 * 1024) -> None:
        self.budget = budget
        self.used = 0
        self.answers: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()

    def get(self, key: tuple[str, str, int]) -> bytes | None:
        found = self.answers.get(key)
        if found is not None:
            self.answers.move_to_end(key)
        return found

    def put(self, key: tuple[str, str, int], answer: bytes) -> None:
        if len(answer) > self.budget // 8 or key in self.answers:
            return
        self.answers[key] = answer
        self.used += len(answer)
        while self.used > self.budget:
            _, dropped = self.answers.popitem(last=False)
            self.used -= len(dropped)


@dataclass
class ApiState:
    """The catalogue the API answers from, its figures (counted as the web pages count them) and the answers it
    remembers, one of each per application."""

    catalog: Catalog
    figures: CatalogueFigures
    memory: AnswerMemory = field(default_factory=AnswerMemory)


def api_state(request: Request) -> ApiState:
    """The API state of the application that received ``request`` (set by ``create_api``)."""
    state: ApiState = request.app.state.api
    return state


State = Annotated[ApiState, Depends(api_state)]
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
