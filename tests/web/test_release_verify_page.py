"""The page and the API route that check an uploaded release: the same findings as ``stdbridge verify``."""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from tests.release_cases import settled_case, signed_release
from tests.web.conftest import form_token

from stdbridge.recognition.signing import public_pem

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def upload(signed: dict[str, Any]) -> dict[str, tuple[str, bytes, str]]:
    return {"release": ("release.json", json.dumps(signed, ensure_ascii=False).encode(), "application/json")}


def test_the_page_verifies_an_uploaded_release_and_rejects_a_tampered_one(client: TestClient) -> None:
    page = client.get("/releases/verify", params={"lang": "en"})
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    token = form_token(page.text)
    signed = signed_release(settled_case(10), KEY)
    answer = client.post("/releases/verify", files=upload(signed),
                         data={"csrf_token": token, "key": public_pem(KEY.public_key())})  # fmt: skip
    assert answer.status_code == 200
    assert "Release v1 of cn-int-quality verifies: 10 entries, signed by SHA256:" in answer.text
    signed["document"]["entries"][2]["reservations"] = [{"party": "CN", "degree": "NEQ", "reason": "x"}]
    answer = client.post("/releases/verify", files=upload(signed),
                         data={"csrf_token": token, "key": public_pem(KEY.public_key())})  # fmt: skip
    assert answer.status_code == 422
    assert "This release does not verify (2 problems)" in answer.text
    assert "a reservation cites no audit entry of the release" in answer.text


def test_the_page_needs_the_forms_token(client: TestClient) -> None:
    client.headers.pop("X-CSRF-Token", None)
    answer = client.post("/releases/verify", files=upload(signed_release(settled_case(2), KEY)))
    assert answer.status_code == 403


def test_the_api_route(client: TestClient) -> None:
    signed = signed_release(settled_case(4), OTHER_KEY)
    answer = client.post("/api/releases/verify", files=upload(signed), data={"key": public_pem(KEY.public_key())})
    assert answer.status_code == 200
    found = answer.json()
    assert found["ok"] is False and "signed with another key" in found["problems"][0]
    alone = client.post("/api/releases/verify", files=upload(signed)).json()
    assert alone["ok"] is True and "proves nothing by itself" in alone["warnings"][0]
    bad = client.post("/api/releases/verify", files={"release": ("r.json", b"{\n nope", "application/json")})
    assert bad.status_code == 400
    assert "r.json:2: Not JSON" in bad.json()["error"]["message"]
    assert "/api/releases/verify" in client.get("/api/openapi.json").json()["paths"]


def test_the_difference_between_two_uploaded_releases(client: TestClient) -> None:
    first = signed_release(settled_case(6), KEY)
    case = settled_case(8)
    del case.entries[0]
    case.entries[2].differences = "Annex B omitted."
    second = signed_release(case, KEY, number=2)
    token = form_token(client.get("/releases/diff", params={"lang": "en"}).text)
    files = {"older": upload(first)["release"], "newer": upload(second)["release"]}
    page = client.post("/releases/diff", files=files, data={"csrf_token": token})
    assert page.status_code == 200
    assert "From v1 to v2: 2 added, 1 removed, 1 changed." in page.text
    assert "<td>differences</td><td></td><td>Annex B omitted.</td>" in page.text
    csv = client.post("/releases/diff", files=files, data={"csrf_token": token, "format": "csv"})
    assert csv.headers["content-disposition"].startswith('attachment; filename="release-v1-v2.csv"')
    assert "GB/T 24001-1996 ↔ ISO 14001:1996" in csv.content.decode("utf-8-sig")
    one = client.post("/releases/diff", files={"older": files["older"]}, data={"csrf_token": token})
    assert one.status_code == 400 and "Choose the two release files (JSON) to compare." in one.text
