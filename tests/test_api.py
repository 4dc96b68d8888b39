"""The HTTP API: JSON answers over a real excerpt catalogue, and one error shape for every error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stdbridge.api import error_body


def assert_error(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    error = body["error"]
    assert {"status", "code", "message"} <= set(error)
    assert (error["status"], error["code"]) == (status, code)
    assert isinstance(error["message"], str) and error["message"]
    return error  # type: ignore[no-any-return]


def test_search_answers_results_and_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "质量管理体系 要求", "limit": 5}).json()
    assert body["total"] >= 3 and len(body["results"]) <= 5
    first = body["results"][0]
    assert {"identifier", "titles", "title", "status", "score", "matched_by", "highlights"} <= set(first)
    assert {"body", "country", "doctype", "status", "ics", "adoption", "year"} <= set(body["facets"])
    assert "ISO 9001:2015" in [r["identifier"] for r in body["results"]]


def test_search_filters_repeat_and_combine(client: TestClient) -> None:
    body = client.get("/api/search", params=[("q", "quality"), ("body", "ISO"), ("body", "JISC")]).json()
    assert {r["body"] for r in body["results"]} <= {"ISO", "JISC"}
    assert body["filters"] == {"body": ["ISO", "JISC"]}


def test_body_and_country_codes_are_read_in_any_case(client: TestClient) -> None:
    typed = client.get("/api/search", params=[("q", "quality"), ("body", "iso"), ("country", "int")]).json()
    assert typed["total"] > 0 and {r["body"] for r in typed["results"]} == {"ISO"}
    assert typed["filters"] == {"body": ["ISO"], "country": ["INT"]}
    capitals = client.get("/api/search", params=[("q", "quality"), ("body", "ISO"), ("country", "INT")]).json()
    assert typed["total"] == capitals["total"]


def test_messages_follow_the_language(client: TestClient) -> None:
    english = client.get("/api/search", params={"q": "x", "status": "valid"})
    chinese = client.get("/api/search", params={"q": "x", "status": "valid", "lang": "zh"})
    assert "unknown status" in assert_error(english, 400, "bad-request")["message"]  # type: ignore[operator]
    assert "未知的状态" in assert_error(chinese, 400, "bad-request")["message"]  # type: ignore[operator]
    accepted = client.get("/api/standard", params={"id": "ISO 99999"}, headers={"Accept-Language": "zh-CN,zh"})
    assert "没有" in assert_error(accepted, 404, "not-found")["message"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("header", "chinese"),
    [("en;q=0.5,zh-CN;q=0.9", True), ("fr-FR,zh;q=0.8,en;q=0.9", False), ("de,zh-TW;q=0.1", True), ("zh;q=0", False)],
)
def test_accept_language_is_read_by_its_weights(client: TestClient, header: str, chinese: bool) -> None:
    """As the web pages read it: the language the browser weighs highest, not the one it names first."""
    answer = client.get("/api/search", params={"q": "x", "status": "valid"}, headers={"Accept-Language": header})
    message = assert_error(answer, 400, "bad-request")["message"]
    assert ("未知的状态" in message) is chinese  # type: ignore[operator]


def test_standard_family_counterparts(client: TestClient) -> None:
    record = client.get("/api/standard", params={"id": "iso9001 2015"}).json()
    assert record["standard"]["identifier"] == "ISO 9001:2015"
    family = client.get("/api/family", params={"id": "ISO 9001:2008", "as_of": "2012-01-01"}).json()
    assert family["replaced_by"][0]["identifier"] == "ISO 9001:2015"
    assert family["status_on"]["ISO 9001:2008"]["status"] == "in-force"
    found = client.get("/api/counterparts", params={"id": "ISO/IEC 27001:2013", "country": "CN"}).json()
    assert [c["identifier"] for c in found] == ["GB/T 22080-2016"]
    assert found[0]["degree"] == "IDT"


def test_reference_lists(client: TestClient) -> None:
    fields = client.get("/api/ics").json()
    assert len(fields) == 40 and fields[0]["code"] == "01"
    groups = client.get("/api/ics", params={"parent": "03"}).json()
    assert all(g["parent"] == "03" for g in groups)
    bodies = {b["body"]: b["records"] for b in client.get("/api/bodies").json()}
    assert bodies["ISO"] > 100
    countries = {c["country"] for c in client.get("/api/countries").json()}
    assert {"INT", "CN", "JP"} <= countries
    assert client.get("/api/stats").json()["total"]["standards"] > 300


def test_bodies_count_co_published_standards_as_the_web_pages_do(client: TestClient) -> None:
    bodies = {b["body"]: b["records"] for b in client.get("/api/bodies").json()}
    stats = client.get("/api/stats").json()
    assert stats["body"] == bodies  # one count of a body's records everywhere
    publisher_only = stats["body_as_lead_publisher"]
    assert all(bodies[body] >= count for body, count in publisher_only.items())
    assert bodies["IEC"] > publisher_only["IEC"]  # ISO/IEC 27001 is a standard of IEC too
    records = [b["records"] for b in client.get("/api/bodies").json()]
    assert records == sorted(records, reverse=True)


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "bad-request"),  # no query and no filter: nothing to list
        ({"q": ""}, 400, "bad-request"),
        ({"q": "x" * 201}, 422, "invalid-parameters"),
        ({"q": "quality", "limit": 0}, 422, "invalid-parameters"),
        ({"q": "quality", "limit": 1000}, 422, "invalid-parameters"),
        ({"q": "quality", "offset": -1}, 422, "invalid-parameters"),
        ({"q": "quality", "offset": 10**7}, 422, "invalid-parameters"),
        ({"q": "quality", "sort": "popular"}, 422, "invalid-parameters"),
        ({"q": "quality", "year_from": "last year"}, 422, "invalid-parameters"),
        ({"q": "quality", "type": "book"}, 400, "bad-request"),
        ({"q": "\x00\x01"}, 400, "bad-request"),
    ],
)
def test_bad_search_parameters_get_one_error_shape(
    client: TestClient, params: dict[str, object], status: int, code: str
) -> None:
    assert_error(client.get("/api/search", params=params), status, code)  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["' OR 1=1 --", 'title:(foo AND "bar', "<script>alert(1)</script>", "质量 quality"])
def test_odd_queries_are_answered(client: TestClient, query: str) -> None:
    assert client.get("/api/search", params={"q": query}).status_code == 200


def test_unknown_things_get_the_same_shape(client: TestClient) -> None:
    assert_error(client.get("/api/standard", params={"id": "ISO 99999:2099"}), 404, "not-found")
    assert_error(client.get("/api/family", params={"id": "ISO 9001", "as_of": "yesterday"}), 422, "invalid-parameters")
    assert_error(client.get("/api/nowhere"), 404, "not-found")
    assert_error(client.get("/api/ics", params={"parent": "'; drop"}), 422, "invalid-parameters")


def test_the_schema_documents_every_route_the_readme_lists(client: TestClient) -> None:
    """The routes README.md lists (each with its methods when it names them) are those the schema documents."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("**HTTP API**", 1)[1].split("\n\n", 1)[0]
    listed = {m["path"]: m["methods"] for m in re.finditer(r"`(?P<path>/api/[\w./{}-]+)`(?: \((?P<methods>[^)]*)\))?",
                                                            paragraph)}  # fmt: skip
    documentation = {"/api/docs", "/api/openapi.json"}
    assert documentation <= set(listed)
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == set(listed) - documentation
    for path, methods in listed.items():
        for method in re.findall(r"\b(GET|POST|DELETE)\b", methods or ""):
            assert method.lower() in schema["paths"][path], (path, method)


def test_error_body_is_the_one_shape() -> None:
    assert error_body(404, "not-found", "no") == {"error": {"status": 404, "code": "not-found", "message": "no"}}
