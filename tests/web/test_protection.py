"""What guards every answer: security headers on pages, API answers, reports and downloads alike; API calls
throttled per token or address (429 with Retry-After); request bodies over the limit refused before they are read."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.throttle import Throttle
from stdbridge.web.protection import MAX_BODY_BYTES, Protection, Throttles


def assert_guarded(response: Any) -> str:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff", response.request.url
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    policy: str = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    script = next((p for p in policy.split(";") if p.strip().startswith("script-src")), "")
    assert "unsafe-inline" not in script
    return policy


@pytest.mark.parametrize(
    ("method", "url", "kind"),
    [
        ("GET", "/api/search?q=quality", "application/json"),
        ("GET", "/api/standard?id=ISO%2099999:2099", "application/json"),  # an error
        ("GET", "/api/search?q=quality&offset=-1", "application/json"),  # a validation error
        ("GET", "/api/nowhere", "application/json"),
        ("GET", "/api/openapi.json", "application/json"),
        ("GET", "/api/compare?a=ISO%209001:2015&b=ISO%209001:2008&format=html", "text/html"),  # a report
        ("POST", "/api/compare-batch?format=html", "text/html"),
        ("GET", "/", "text/html"),
        ("GET", "/nowhere", "text/html"),
        ("GET", "/static/app.js", "text/javascript"),
        ("GET", "/overview/country/JP/status.csv", "text/csv"),
    ],
)
def test_every_answer_carries_the_security_headers(client: TestClient, method: str, url: str, kind: str) -> None:
    body = {"list_a": ["ISO 9001:2015"], "list_b": ["GB/T 19001-2016"]} if method == "POST" else None
    response = client.request(method, url, json=body)
    assert response.headers["content-type"].startswith(kind), response.text[:200]
    policy = assert_guarded(response)
    if url.startswith("/api/") and kind == "text/html":  # a standalone report: its inline styles, no script
        assert "default-src 'none'" in policy and "script-src" not in policy


def test_the_api_documentation_allows_its_one_inline_script_by_its_hash(client: TestClient) -> None:
    response = client.get("/api/docs")
    policy = assert_guarded(response)
    assert response.status_code == 200 and "<script>" in response.text
    assert "'sha256-" in policy


@pytest.fixture(scope="module")
def strict_app(web_catalog: Catalog) -> FastAPI:
    return create_app(web_catalog, throttles=Throttles(api=Throttle(rate=0.01, burst=3)))


def test_api_calls_beyond_the_rate_get_429_with_retry_after(strict_app: FastAPI) -> None:
    with TestClient(strict_app) as client:
        for _ in range(3):
            assert client.get("/api/stats").status_code == 200
        refused = client.get("/api/stats", params={"lang": "zh"})
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "100"
        assert_guarded(refused)
        error = refused.json()["error"]
        assert (error["status"], error["code"], error["retry_after"]) == (429, "too-many-requests", 100)
        assert "100" in error["message"] and "请求" in error["message"]
        assert client.get("/").status_code == 200  # pages are not counted as API calls
        # a token has a bucket of its own, whatever address it comes from (this one is unknown: 401, counted all the
        # same, so that guessing tokens is throttled too)
        token = {"Authorization": "Bearer 0123456789abcdef"}
        assert [client.get("/api/stats", headers=token).status_code for _ in range(4)] == [401, 401, 401, 429]


def test_a_body_declared_too_large_is_refused_before_it_is_read(client: TestClient) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(MAX_BODY_BYTES + 1)}
    asked = Asked()
    status, _headers, body = asyncio.run(call(client.app, "POST", "/api/decisions", headers, asked))  # type: ignore[arg-type]
    assert status == 413 and b'"too-large"' in body
    assert asked.reads == 0


def test_a_chunked_body_is_counted_as_it_comes_and_refused_past_the_limit(client: TestClient) -> None:
    chunk = b"x" * (1024 * 1024)

    def chunks() -> Any:
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk

    response = client.post("/api/decisions", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too-large"
    page = client.post(
        "/compare-batch", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert page.status_code == 413 and "text/html" in page.headers["content-type"]


class Asked:
    """A client that would send an endless body, counting the reads."""

    def __init__(self) -> None:
        self.reads = 0

    async def __call__(self) -> dict[str, Any]:
        self.reads += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}


async def call(
    app: Any, method: str, path: str, headers: dict[str, str], receive: Any
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
        "raw_path": path.encode(), "root_path": "", "scheme": "http", "query_string": b"", "client": ("10.1.1.1", 1),
        "server": ("testserver", 80), "app": app,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def test_protection_wraps_any_asgi_app() -> None:
    async def inner(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    status, headers, body = asyncio.run(call(Protection(inner, Throttles()), "GET", "/x", {}, Asked()))
    assert (status, body) == (200, b"ok")
    assert headers[b"x-frame-options"] == b"DENY" and b"default-src 'none'" in headers[b"content-security-policy"]


@pytest.mark.parametrize(
    ("path", "name"),
    [("/", "q"), ("/", "body"), ("/", "committee"), ("/standard", "id"), ("/compare", "a"), ("/browse/ics", "code"),
     ("/committee", "code"), ("/overview", "anything"), ("/compatibility", "a")],
)  # fmt: skip
def test_a_huge_value_in_the_address_is_not_echoed_into_links(client: TestClient, path: str, name: str) -> None:
    huge = "quality " * 5_000  # 40 KB, the most an address carries through every client
    response = client.get(path, params={name: huge})
    assert response.status_code < 500
    hrefs = re.findall(r'href="([^"]*)"', response.text)
    assert max(len(h) for h in hrefs) < 2_000
    assert len(response.text) < 60_000


def test_the_comparison_page_says_when_the_texts_took_too_long(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stdbridge.api import uploads

    monkeypatch.setattr(uploads, "REQUEST_SECONDS", 0)
    texts = Path(__file__).parent.parent / "compare" / "data"
    files = {side: (f"{side}.txt", (texts / name).read_bytes(), "text/plain")
             for side, name in (("text_a", "edition1_en.txt"), ("text_b", "edition2_en.txt"))}  # fmt: skip
    page = client.post("/compare", files=files, data={"action": "page"})
    assert page.status_code == 422 and "took longer than 0 s" in page.text


def test_an_unexpected_error_is_answered_with_the_headers_too(web_catalog: Catalog) -> None:
    app = create_app(web_catalog)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/broken")
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal-error"
    assert_guarded(response)
