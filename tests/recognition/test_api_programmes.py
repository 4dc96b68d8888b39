"""The programmes' HTTP API: an editor creates, only the coordinator acts, a members-only programme is hidden from
others, a bad list of pairs is refused with its row and value and changes nothing; the routes are in OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog

PASSWORD = "a long enough password"


def _token(accounts: Accounts, name: str, roles: set[Role]) -> dict[str, str]:
    accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles))
    return {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'script', user_name=name).secret}"}


def test_programmes_over_http(catalog: Catalog) -> None:
    accounts = Accounts(catalog.store)
    editor = _token(accounts, "Li Wei", {Role.EDITOR, Role.READER})
    other = _token(accounts, "Aiko Sato", {Role.EDITOR, Role.READER})
    reader = _token(accounts, "Reader", {Role.READER})
    _token(accounts, "Wang Fang", {Role.EXPERT, Role.READER})
    asked = {"slug": "gb-iso", "title": {"en": "GB and ISO/IEC", "zh": "国标与 ISO/IEC"},
             "parties": [{"name": "GB", "language": "zh"}, {"name": "ISO+IEC", "language": "en"}],
             "visibility": "members", "review_period_months": 36}  # fmt: skip
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        refused = client.post("/api/programmes", json=asked, headers=reader)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        assert client.post("/api/programmes", json=asked).status_code == 401
        made = client.post("/api/programmes", json=asked, headers=editor)
        assert made.status_code == 201 and made.json()["parties"][0]["systems"] == ["body:SAC"]
        # members only: hidden from a user who is not one
        assert client.get("/api/programmes/gb-iso", headers=other).status_code == 404
        assert client.get("/api/programmes", headers=other).json() == []
        member = {"user": "Wang Fang", "party": "GB", "language": "zh"}
        for headers in (other, reader):
            assert client.post("/api/programmes/gb-iso/members", json=member, headers=headers).status_code == 403
            assert client.post("/api/programmes/gb-iso/draft", headers=headers).status_code == 403
            assert client.post("/api/programmes/gb-iso/step", json={"step": "next"}, headers=headers).status_code == 403
        assert client.post("/api/programmes/gb-iso/members", json=member, headers=editor).status_code == 200
        assert client.post("/api/programmes/gb-iso/draft", headers=editor).json()["added"] == {"suggested": 4}
        bad = b"GB,ISO+IEC\nGB/T 22080-2016,ISO/IEC 27001:2013\nGB/T 1-1900,ISO 9001:2015\n"
        files = {"file": ("pairs.csv", bad, "text/csv")}
        refused = client.post("/api/programmes/gb-iso/pairs", files=files, headers=editor)
        assert refused.status_code == 400
        assert "pairs.csv, row 3, column GB: unknown identifier 'GB/T 1-1900'" in refused.json()["error"]["message"]
        good = {"file": ("pairs.csv", bad.splitlines(keepends=True)[0] + bad.splitlines(keepends=True)[1], "text/csv")}
        assert client.post("/api/programmes/gb-iso/pairs", files=good, headers=other).status_code == 403
        assert client.post("/api/programmes/gb-iso/pairs", files=good, headers=editor).json()["imported"] == 1
        moved = client.post("/api/programmes/gb-iso/step", json={"step": "next"}, headers=editor)
        assert moved.json()["step"] == "translation"
        shown = client.get("/api/programmes/gb-iso", headers=editor).json()
        assert shown["counts"]["origin"] == {"imported": 1, "suggested": 4} and len(shown["members"]) == 2
        page = client.get("/api/programmes/gb-iso/entries", params={"origin": "imported"}, headers=editor).json()
        assert page["total"] == 1 and page["entries"][0]["standards"][1]["identifier"] == "ISO/IEC 27001:2013"
        paths = client.get("/api/openapi.json").json()["paths"]
        assert {"/api/programmes", "/api/programmes/{slug}/pairs", "/api/programmes/{slug}/entries"} <= paths.keys()


def test_the_programme_pages_show_step_counts_flags_and_entries_in_both_languages(catalog: Catalog) -> None:
    from stdbridge.accounts.roles import Actor
    from stdbridge.recognition import draft as drafting
    from stdbridge.recognition import programmes as prog
    from stdbridge.recognition.model import Scope, Visibility

    accounts = Accounts(catalog.store)
    other = _token(accounts, "Aiko Sato", {Role.READER})
    parties = [prog.read_party(catalog, "JIS", "ja"), prog.read_party(catalog, "ISO", "en")]
    public = prog.create_programme(catalog, LOCAL_ADMIN, "jis-iso", {"en": "JIS and ISO", "zh": "日本工业标准与 ISO"},
                                   parties, Scope(), review_period_months=36)  # fmt: skip
    hidden = prog.create_programme(catalog, LOCAL_ADMIN, "hidden", {"en": "Hidden"}, parties, Scope(),
                                   visibility=Visibility.MEMBERS)  # fmt: skip
    assert hidden.id and public.id
    drafting.draft(catalog, LOCAL_ADMIN, public)
    (entry,) = catalog.store.entries_of(public.id, edition_key="JIS Q 9001:2015")[0]
    entry.needs_review = "ISO 9001:2015 was amended: title (2026-12-04)"
    with catalog.store.transaction():
        catalog.store.update_entry(entry)
    assert Actor  # the pages read as the one asking
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        listed = client.get("/programmes", params={"lang": "en"}, headers=other)
        assert listed.status_code == 200 and "JIS and ISO" in listed.text and "Hidden" not in listed.text
        assert client.get("/programmes/hidden", headers=other).status_code == 404
        page = client.get("/programmes/jis-iso", params={"lang": "en"}, headers=other)
        assert page.status_code == 200 and '<li aria-current="step"><strong>exchange</strong>' in page.text
        assert "ISO 9001:2015 was amended: title" in page.text and "JIS Q 9000:2015" in page.text
        assert "2 of 2 entries." in page.text and "A full re-review falls due on" in page.text
        only = client.get("/programmes/jis-iso", params={"lang": "en", "flagged": "1"}, headers=other)
        assert "1 of 1 entries." in only.text
        zh = client.get("/programmes/jis-iso", params={"lang": "zh"}, headers=other).text
        assert "日本工业标准与 ISO" in zh and "需要复审的条目" in zh and "<script>" not in zh.split("<main", 1)[1]
