"""The profile pages without a browser: the list in both languages, a country named by its alpha-3 code or Chinese
name led to its profile, the facts forms (an editor adds one, a bad date is shown with what was typed, a bad file is
refused naming its line), and whoever is not an editor refused."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.conftest import DATA
from tests.web.conftest import LOCAL, form_token
from tests.web.test_accounts_web import PASSWORD, sign_in

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog

FACT = {"kind": "iso-committees-participating", "value": "761", "date": "2025-07-01",
        "source": "ISO Open Data, iso_technical_committees: active committees listing SAC among pMembers"}  # fmt: skip


def test_the_list_and_a_profile_in_both_languages(catalog: Catalog) -> None:
    with TestClient(create_app(catalog), base_url=LOCAL) as client:
        listed = client.get("/profiles?lang=zh")
        assert listed.status_code == 200 and "249 个国家。" in listed.text and ">中国</a>" in listed.text
        assert "1 country." in client.get("/profiles?lang=en&q=japan").text
        moved = client.get("/profiles/CHN", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == "/profiles/CN"
        assert client.get("/profiles/%E4%B8%AD%E5%9B%BD", follow_redirects=False).headers["location"] == "/profiles/CN"
        page = client.get("/profiles/CN?lang=en")
        assert "Standardization Administration of China" in page.text and 'id="capacity-complies"' in page.text
        assert client.get("/profiles/XX").status_code == 404
        # a country the catalogue holds nothing of still has its profile
        assert "The catalogue holds no records of this country." in client.get("/profiles/FR?lang=en").text


def test_an_editor_adds_removes_and_imports_facts_on_the_page(catalog: Catalog, tmp_path: Path) -> None:
    with TestClient(create_app(catalog), base_url=LOCAL) as client:
        token = form_token(client.get("/profiles/CN").text)
        added = client.post("/profiles/CN/facts", data={**FACT, "csrf_token": token}, follow_redirects=False)
        assert added.status_code == 303
        page = client.get("/profiles/CN?lang=zh").text
        assert "作为积极成员（P 成员）的 ISO 技术委员会" in page and FACT["source"] in page and "2025-07-01" in page
        bad = client.post("/profiles/CN/facts", data={**FACT, "date": "2025-13", "csrf_token": token})
        assert bad.status_code == 400 and "2025-13" in bad.text and FACT["source"] in bad.text
        refused = client.post(
            "/profiles/facts/import",
            data={"csrf_token": token, "country": "CN"},
            files={"file": ("facts_bad.csv", (DATA / "profiles" / "facts_bad.csv").read_bytes())},
        )
        assert refused.status_code == 400 and "facts_bad.csv:3" in refused.text
        (fact,) = catalog.store.profile_facts("CN")
        changed = client.post(f"/profiles/facts/{fact.id}/edit", data={**FACT, "value": "760", "csrf_token": token},
                              follow_redirects=False)  # fmt: skip
        assert changed.status_code == 303 and [f.value for f in catalog.store.profile_facts("CN")] == ["760"]
        unsourced = client.post(f"/profiles/facts/{fact.id}/edit", data={**FACT, "source": "", "csrf_token": token})
        assert unsourced.status_code == 400 and [f.source for f in catalog.store.profile_facts("CN")] == [
            FACT["source"]
        ]
        removed = client.post(f"/profiles/facts/{fact.id}/delete", data={"csrf_token": token}, follow_redirects=False)
        assert removed.status_code == 303 and catalog.store.profile_facts("CN") == []


def test_who_is_not_an_editor_changes_no_fact(catalog: Catalog) -> None:
    Accounts(catalog.store).add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR}))
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        anonymous = client.post("/profiles/CN/facts", data=FACT, follow_redirects=False)
        assert anonymous.status_code == 403  # no form token
        sign_in(client, "Reader One")
        token = form_token(client.get("/profiles/CN").text)
        assert "Add a fact" not in client.get("/profiles/CN?lang=en").text
        refused = client.post("/profiles/CN/facts", data={**FACT, "csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 403
        api = client.post("/api/profiles/CN/facts", json={k: v for k, v in FACT.items()})
        assert api.status_code == 403
    assert catalog.store.profile_facts() == []
