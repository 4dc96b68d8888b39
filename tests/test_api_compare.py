"""Suggestions, decisions and side-by-side comparison through the HTTP API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.test_api import assert_error


def test_suggestions_are_marked_and_explained(client: TestClient) -> None:
    body = client.get("/api/suggest", params={"id": "ITU-T X.509", "body": "ISO", "limit": 3}).json()
    assert body["standard"]["identifier"] == "ITU-T X.509 (10/2019)"
    first = body["suggestions"][0]
    assert first["identifier"] == "ISO/IEC 9594-8:2020" and first["relation"] == "suggested"
    assert {"identifier", "score", "evidence"} <= set(first) and len(body["suggestions"]) <= 3
    body = client.get("/api/suggest", params={"id": "GB/T 22080-2016", "body": "ISO"}).json()
    assert [c["identifier"] for c in body["declared"]] == ["ISO/IEC 27001:2013"]


def test_a_decision_is_recorded_and_changes_what_is_suggested(client: TestClient) -> None:
    decision = {"source": "JIS Q 9001:2015", "target": "ISO 9000:2015", "verdict": "rejected", "by": "Li Wei"}
    response = client.post("/api/decisions", json=decision)
    assert response.status_code == 201 and response.json()["verdict"] == "rejected"
    body = client.get("/api/suggest", params={"id": "JIS Q 9001:2015", "body": "ISO"}).json()
    assert "ISO 9000:2015" not in [s["identifier"] for s in body["suggestions"]] and body["rejected_left_out"] == 1
    accepted = {**decision, "target": "ISO 9001:2015", "verdict": "accepted", "degree": "IDT"}
    assert client.post("/api/decisions", json=accepted).status_code == 201
    found = client.get("/api/decisions", params={"id": "ISO 9001:2015"}).json()
    assert [(d["target"], d["verdict"], d["degree"]) for d in found] == [("ISO 9001:2015", "accepted", "IDT")]
    counterparts = client.get("/api/counterparts", params={"id": "JIS Q 9001:2015"}).json()
    assert counterparts[0]["identifier"] == "ISO 9001:2015"


def test_bad_decisions_and_comparisons_get_the_one_error_shape(client: TestClient) -> None:
    missing_degree = {"source": "JIS Q 9001:2015", "target": "ISO 9001:2015", "verdict": "accepted", "by": "x"}
    assert "degree" in assert_error(client.post("/api/decisions", json=missing_degree), 400, "bad-request")["message"]
    wrong = {**missing_degree, "verdict": "maybe"}
    assert_error(client.post("/api/decisions", json=wrong), 422, "invalid-parameters")
    assert_error(client.get("/api/suggest", params={"id": "ISO 99999:2099"}), 404, "not-found")
    itself = client.get("/api/compare", params={"a": "ISO 9001:2015", "b": "iso 9001 2015"})
    assert "itself" in assert_error(itself, 400, "bad-request")["message"]


def test_compare_answers_rows_and_link(client: TestClient) -> None:
    body = client.get("/api/compare", params={"a": "JIS Q 9001:2015", "b": "ISO 9001:2015", "lang": "zh"}).json()
    rows = {r["key"]: r for r in body["rows"]}
    assert rows["title.en"]["match"] == "same" and rows["ics"]["match"] == "partly"
    assert body["link"]["kind"] == "suggested" and body["link"]["rank"] == 1
    assert rows["title.en"]["label"] != "title (en)"  # labels follow the language asked for


TEXTS = Path(__file__).parent / "compare" / "data"


def test_full_texts_are_uploaded_and_compared(client: TestClient) -> None:
    files = {
        "text_a": ("edition1.txt", (TEXTS / "edition1_en.txt").read_bytes(), "text/plain"),
        "text_b": ("edition2.txt", (TEXTS / "edition2_en.txt").read_bytes(), "text/plain"),
    }
    form = {"a": "IEC 60335-1:2010", "b": "IEC 60335-1:2020"}
    body = client.post("/api/compare", files=files, data=form).json()
    assert body["link"]["kind"] == "edition" and body["texts"]["counts"]["missing"] == 1
    page = client.post("/api/compare", files=files, data=form, params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html") and "230 V ± 6 %" in page.text
    unnamed = client.post("/api/compare", files=files).json()
    assert unnamed["a"] == {"input": "edition1.txt"} and "link" not in unnamed
    binary = {**files, "text_b": ("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "text/plain")}
    assert "scan.txt" in assert_error(client.post("/api/compare", files=binary), 422, "unreadable-document")["message"]


def test_two_lists_become_a_matrix_in_three_formats(client: TestClient) -> None:
    lists = {
        "list_a": ["JIS Q 9001:2015", "JIS C 61000-4-2:2012", "nonsense"],
        "list_b": "ISO 9001:2015\nIEC 61000-4-2:2008\n",
    }
    body = client.post("/api/compare-batch", json=lists).json()
    assert [(p["a"]["identifier"], p["b"]["identifier"]) for p in body["pairs"]] == [
        ("JIS Q 9001:2015", "ISO 9001:2015"),
        ("JIS C 61000-4-2:2012", "IEC 61000-4-2:2008"),
    ]
    assert [r["reason"] for r in body["rejected"]] == ["not-found"]
    workbook = client.post("/api/compare-batch", json=lists, params={"format": "xlsx"})
    assert workbook.content.startswith(b"PK") and "attachment" in workbook.headers["content-disposition"]
    assert "JIS C 61000-4-2:2012" in client.post("/api/compare-batch", json=lists, params={"format": "html"}).text
    assert_error(client.post("/api/compare-batch", json={"list_a": [], "list_b": ["ISO 9001"]}), 400, "bad-request")


def test_compatibility_of_two_systems(client: TestClient) -> None:
    body = client.get("/api/compatibility", params={"a": "CN", "b": "ISO", "declared_only": "true"}).json()
    assert body["a"]["code"] == "CN" and body["a_to_b"]["declared"] > 0 and body["threshold"] is None
    assert 0 <= body["information"]["symmetric"] <= 1
    bad_field = client.get("/api/compatibility", params={"a": "CN", "b": "ISO", "ics": "x"})
    assert_error(bad_field, 422, "invalid-parameters")


def test_texts_of_standards_the_catalogue_lacks_are_compared_by_text(client: TestClient) -> None:
    """As ``stdbridge compare A B --text-a --text-b`` does: identifiers the catalogue does not know name the texts."""
    files = {
        "text_a": ("edition1.txt", (TEXTS / "edition1_en.txt").read_bytes(), "text/plain"),
        "text_b": ("edition2.txt", (TEXTS / "edition2_en.txt").read_bytes(), "text/plain"),
    }
    form = {"a": "ACME 1:2010", "b": "ISO 99999:2099"}
    body = client.post("/api/compare", files=files, data=form).json()
    assert body["a"] == {"input": "ACME 1:2010"} and body["b"] == {"input": "ISO 99999:2099"} and "link" not in body
    assert body["texts"]["counts"]["missing"] == 1
    page = client.post("/api/compare", files=files, data=form, params={"format": "html"})
    assert page.status_code == 200 and "230 V ± 6 %" in page.text and "ACME 1:2010" in page.text
    assert_error(client.get("/api/compare", params=form), 404, "not-found")  # without texts: nothing to compare
