"""The HTTP side of the remote engines: one JSON POST with a time-out, every failure turned into ``EngineFailed``
naming the engine and what happened (timed out, refused, an HTTP error status, an answer that is not JSON), in the
user's language. The engines built on it (``libretranslate``, ``openai``) only read the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx2

from stdbridge.errors import EngineFailed
from stdbridge.i18n import _

DEFAULT_TIMEOUT = 60.0  # seconds for one request: a batch of segments through a self-hosted model can be slow


def post_json(
    client: httpx2.Client, engine: str, url: str, payload: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> Any:
    """POST ``payload`` as JSON to ``url`` and return the decoded JSON answer; ``EngineFailed`` for anything else."""
    try:
        response = client.post(url, json=dict(payload), headers=dict(headers or {}))
    except httpx2.TimeoutException:
        raise EngineFailed(
            _("{engine}: {url} did not answer within {seconds} s").format(
                engine=engine, url=url, seconds=_seconds(client)
            ),
            engine=engine,
        ) from None
    except httpx2.ConnectError as exc:
        raise EngineFailed(
            _("{engine}: cannot connect to {url} ({reason})").format(engine=engine, url=url, reason=exc),
            engine=engine,
        ) from None
    except httpx2.HTTPError as exc:
        raise EngineFailed(
            _("{engine}: the request to {url} failed ({reason})").format(engine=engine, url=url, reason=exc),
            engine=engine,
        ) from None
    if response.status_code >= 400:
        raise EngineFailed(
            _("{engine}: {url} answered HTTP {status}: {detail}").format(
                engine=engine, url=url, status=response.status_code, detail=_detail(response)
            ),
            engine=engine,
        )
    try:
        return response.json()
    except ValueError:
        raise EngineFailed(
            _("{engine}: {url} answered something that is not JSON: {start}").format(
                engine=engine, url=url, start=response.text[:80]
            ),
            engine=engine,
        ) from None


def malformed(engine: str, what: str) -> EngineFailed:
    """The error for an answer that is JSON but not what the protocol says: ``what`` says what is wrong."""
    return EngineFailed(
        _("{engine}: the answer cannot be used: {what}").format(engine=engine, what=what), engine=engine
    )


def wrong_count(engine: str, asked: int, answered: int) -> EngineFailed:
    """The error for an answer with another number of translations than texts asked."""
    return EngineFailed(
        _("{engine}: asked to translate {asked} texts, answered {answered}").format(
            engine=engine, asked=asked, answered=answered
        ),
        engine=engine,
    )


def _seconds(client: httpx2.Client) -> str:
    read = client.timeout.read
    return "?" if read is None else f"{read:g}"


def _detail(response: httpx2.Response) -> str:
    """What an error answer says: its JSON ``error`` (LibreTranslate, OpenAI) or the start of its text."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:120].strip() or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            error = error.get("message")
        if isinstance(error, str) and error:
            return error[:200]
    return response.reason_phrase
