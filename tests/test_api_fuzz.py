"""Fuzzing the HTTP API from its own OpenAPI schema (hypothesis): every documented route, with values of the right
type and junk alike. No request may get a 5xx; every error has the one documented shape and a status the schema
documents for that route. Bounded so that it runs in well under a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.api import create_api, install_error_handlers
from stdbridge.catalog import Catalog
from stdbridge.web.protection import Protection, Throttles

BODY_KEYS = ["source", "target", "verdict", "degree", "by", "note", "list_a", "list_b", "name_a", "threshold",
             "suggestions", "kind", "name", "slug", "parties", "scope", "ics", "user", "party", "language", "step",
             "deadline", "entries", "confidence", "differences", "comment", "reason", "closes_at", "handling",
             "reply", "identifiers", "basis", "carry"]  # fmt: skip
FINITE = st.floats(allow_nan=False, allow_infinity=False)  # JSON has no NaN or infinity to send
JUNK = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["ISO 9001:2015", "GB/T 19001-2016", "iso9001", "JIS", "CN", "body:ISO", "03.120.10", "-1",
                     "0", "10000000", "1e309", "NaN", "true", "'; drop table standards; --", "<script>", "\x00",
                     "质量管理体系", "x" * 5000]),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)  # fmt: skip


@pytest.fixture(scope="module")
def api(excerpts: Catalog) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    app = FastAPI(openapi_url="/api/openapi.json")
    install_error_handlers(app)
    create_api(app, excerpts)
    app.add_middleware(Protection, throttles=Throttles())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, client.get("/api/openapi.json").json()


def value_for(parameter: dict[str, Any]) -> st.SearchStrategy[str]:
    schema = parameter.get("schema", {})
    choices = [s.get("enum") or ([s["const"]] if "const" in s else []) for s in schema.get("anyOf", [schema])]
    typed = [str(v) for c in choices for v in c]
    if any(s.get("type") in ("integer", "number") for s in schema.get("anyOf", [schema])):
        typed += ["1", "10", "0"]
    return st.sampled_from(typed) | JUNK if typed else JUNK


def path_value(parameter: dict[str, Any]) -> st.SearchStrategy[str]:
    """A value for a path's parameter: never empty or dots (which would name another route), quoted."""
    return value_for(parameter).filter(lambda v: v.strip(". ") != "").map(lambda v: quote(v, safe=""))


def requests(schema: dict[str, Any]) -> st.SearchStrategy[tuple[str, str, str, dict[str, str], Any]]:
    options = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = {p["name"]: value_for(p) for p in operation.get("parameters", []) if p["in"] == "query"}
            query = st.fixed_dictionaries({}, optional=parameters)
            body: st.SearchStrategy[Any] = st.none()
            path_values = {p["name"]: path_value(p) for p in operation.get("parameters", []) if p["in"] == "path"}
            filled = st.fixed_dictionaries(path_values).map(lambda values, path=path: path.format(**values))
            if method in ("post", "put"):
                body = st.one_of(
                    st.none(),
                    st.dictionaries(st.sampled_from(BODY_KEYS),
                                    st.one_of(JUNK, st.lists(JUNK, max_size=5), st.integers(), FINITE,
                                              st.none(), st.sampled_from(["accepted", "IDT"])), max_size=8),
                    st.lists(JUNK, max_size=3),
                )  # fmt: skip
            options.append(st.tuples(st.just(method), st.just(path), filled, query, body))
    return st.one_of(options)


def assert_well_formed(response: Any, documented: dict[str, Any]) -> None:
    assert response.status_code < 500, (response.request.url, response.text[:500])
    assert str(response.status_code) in documented, (response.status_code, response.request.url)
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]


def test_the_api_never_fails_on_generated_requests(api: tuple[TestClient, dict[str, Any]], excerpts: Catalog) -> None:
    """Anonymous and as an administrator (whose requests get past the role checks into the handlers)."""
    client, schema = api
    accounts = Accounts(excerpts.store)
    if excerpts.store.user_by_name("Fuzz Admin") is None:
        accounts.add_user(LOCAL_ADMIN, "Fuzz Admin", password="correct horse battery", roles=frozenset({Role.ADMIN}))
    token = accounts.create_token(LOCAL_ADMIN, "fuzz", user_name="Fuzz Admin").secret

    @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(requests(schema), st.sampled_from([{}, {"Authorization": "Bearer " + token}]))
    def check(request: tuple[str, str, str, dict[str, str], Any], headers: dict[str, str]) -> None:
        method, path, url, query, body = request
        if path in ("/api/compare", "/api/releases/verify") and method == "post":  # multipart: their own tests
            return
        response = client.request(method.upper(), url, params=query, json=body, headers=headers)
        assert_well_formed(response, schema["paths"][path][method]["responses"])

    check()


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000), st.binary(max_size=3000), st.sampled_from(["a.txt", "a.docx", "a.pdf", ""]))
def test_uploads_never_fail(api: tuple[TestClient, dict[str, Any]], a: bytes, b: bytes, name: str) -> None:
    client, schema = api
    files = {"text_a": (name, a), "text_b": (name, b)}
    response = client.post("/api/compare", files=files, data={"a": "ISO 9001:2015"})
    assert_well_formed(response, schema["paths"]["/api/compare"]["post"]["responses"])
