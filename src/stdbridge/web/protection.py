"""What guards every answer of the app, pages and API alike, as one ASGI middleware around it (``Protection``):

- security headers on every response: a Content-Security-Policy with no inline script (``rendering`` sets the
  pages' and the reports'; anything else gets one here: a standalone report's for HTML under ``/api``, none of
  anything for data), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` and frame denial
  (``X-Frame-Options: DENY`` besides ``frame-ancestors 'none'``). The API documentation page (Swagger UI) has one
  inline script; its policy allows that script by its hash, and nothing else inline;
- throttling of the API per token (``Authorization: Bearer``) or, without one, per address: ``429`` with
  ``Retry-After`` (``stdbridge.throttle``); the app's throttles are in ``app.state.throttles`` for the sign-in to
  use too;
- the size of request bodies (larger for the upload of texts to compare and of catalogues to import), refused
  before they are read: a ``Content-Length`` over the limit is refused at
  once, and a body without one (chunked) is counted as it arrives and refused when it passes the limit, both as
  ``413`` in the error shape of the API or as the error page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import orjson
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stdbridge.api.common import error_body
from stdbridge.compare import MAX_FILE_BYTES
from stdbridge.i18n import LANGUAGES, _, preferred_language, set_language
from stdbridge.jobs.queue import MAX_IMPORT_BYTES
from stdbridge.throttle import API_RATE, SIGN_IN_RATE, Throttle
from stdbridge.web.rendering import CONTENT_SECURITY_POLICY, REPORT_POLICY

__all__ = ["MAX_BODY_BYTES", "MAX_UPLOAD_BYTES", "Protection", "Throttles", "body_limit"]

MAX_BODY_BYTES = 4 * 1024 * 1024  # a form, a decision, two lists of identifiers (``compare.lists.MAX_LINES``)
MAX_UPLOAD_BYTES = 2 * MAX_FILE_BYTES + 1024 * 1024  # two texts to compare, and the form around them
IMPORT_PATHS = ("/api/jobs", "/jobs")  # a catalogue file to import, and the form around it
MAX_IMPORT_UPLOAD_BYTES = MAX_IMPORT_BYTES + 1024 * 1024
UPLOAD_PATHS = ("/api/compare", "/compare", "/api/releases/verify", "/releases/verify", "/releases/diff")
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_PATH = "/api/docs"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


@dataclass
class Throttles:
    """The app's throttles: API calls per token or address, and sign-in attempts (per user name, per address)."""

    api: Throttle = field(default_factory=lambda: Throttle.of(API_RATE))
    sign_in: Throttle = field(default_factory=lambda: Throttle.of(SIGN_IN_RATE))


def body_limit(path: str) -> int:
    """The largest body a request to ``path`` may send."""
    if path in IMPORT_PATHS:
        return MAX_IMPORT_UPLOAD_BYTES
    return MAX_UPLOAD_BYTES if path in UPLOAD_PATHS else MAX_BODY_BYTES


def _too_large(limit: int) -> HTTPException:
    message = _("the request is larger than {limit} MB").format(limit=round(limit / 1024 / 1024, 1))
    return HTTPException(413, message)


def _docs_policy(html: bytes) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
    )


def _headers_with(headers: list[tuple[bytes, bytes]], path: str, policy: str | None) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _value in headers}
    kind = next((v for n, v in headers if n.lower() == b"content-type"), b"")
    added = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
             (b"x-frame-options", b"DENY")]  # fmt: skip
    if policy is None and b"content-security-policy" not in present:
        if kind.startswith(b"text/html"):
            policy = REPORT_POLICY if path.startswith("/api/") else CONTENT_SECURITY_POLICY
        else:
            policy = DATA_POLICY
    if policy is not None:
        headers = [(n, v) for n, v in headers if n.lower() != b"content-security-policy"]
        added.append((b"content-security-policy", policy.encode()))
    return [*headers, *((n, v) for n, v in added if n not in present or n == b"content-security-policy")]


class Protection:
    """The ASGI middleware: headers, throttling and body limits around ``app`` (see the module's docstring)."""

    def __init__(self, app: ASGIApp, throttles: Throttles) -> None:
        self.app = app
        self.throttles = throttles

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope["headers"])
        if path.startswith("/api/") and not path.startswith(("/api/docs", "/api/openapi.json")):
            wait = self.throttles.api.hit(_caller(scope, headers))
            if wait is not None:
                await _refuse_throttled(scope, send, headers, wait)
                return
        receive = _limited(receive, scope, headers)
        if path == DOCS_PATH:
            await self._docs(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _headers_with(list(message.get("headers", [])), path, None)}
            await send(message)

        await self.app(scope, receive, send_guarded)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The documentation page, whole (it is small), so that its policy can name its inline script's hash."""
        start: Message = {}
        body = bytearray()

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, keep)
        headers = [(n, v) for n, v in start.get("headers", []) if n.lower() != b"content-length"]
        headers = [*headers, (b"content-length", str(len(body)).encode())]
        headers = _headers_with(headers, DOCS_PATH, _docs_policy(bytes(body)))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": bytes(body)})


def _caller(scope: Scope, headers: dict[bytes, bytes]) -> str:
    """The key a caller is throttled by: its token (hashed: the bucket table holds no secret), else its address."""
    authorization = headers.get(b"authorization", b"")
    if authorization[:7].lower() == b"bearer " and authorization[7:].strip():
        return "token:" + hashlib.sha256(authorization[7:].strip()).hexdigest()
    client = scope.get("client")
    return "address:" + (client[0] if client else "unknown")


async def _refuse_throttled(scope: Scope, send: Send, headers: dict[bytes, bytes], wait: float) -> None:
    _use_request_language(scope, headers)
    message = _("too many requests; try again in {seconds} s").format(seconds=int(wait))
    body = orjson.dumps(error_body(429, "too-many-requests", message, retry_after=int(wait)))
    response_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                        (b"retry-after", str(int(wait)).encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": 429,
                "headers": _headers_with(response_headers, scope["path"], None)})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def _use_request_language(scope: Scope, headers: dict[bytes, bytes]) -> None:
    """Messages in the language the request asks for (``lang=``, else ``Accept-Language``), as the app's own."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    lang = (query.get("lang") or [""])[0]
    set_language(
        lang if lang in LANGUAGES else preferred_language(headers.get(b"accept-language", b"").decode("latin-1"))
    )


def _limited(receive: Receive, scope: Scope, headers: dict[bytes, bytes]) -> Receive:
    """``receive`` that refuses (``HTTPException(413)``, which the app answers in its error shape) a body over the
    limit of ``path``: at the first read when ``Content-Length`` says so, else as soon as the bytes received do."""
    limit = body_limit(scope["path"])
    declared = headers.get(b"content-length")
    try:
        too_large = declared is not None and int(declared) > limit
    except ValueError:
        too_large = False  # the server refuses a malformed length itself
    received = 0

    async def receive_limited() -> Message:
        nonlocal received
        if too_large:
            _use_request_language(scope, headers)
            raise _too_large(limit)
        message: dict[str, Any] = dict(await receive())
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                _use_request_language(scope, headers)
                raise _too_large(limit)
        return message

    return receive_limited
