"""The termbase pages without a browser: search in Chinese and English, a concept's page, adding a concept and
importing a file with the form's CSRF token; who lacks the role gets the error page and nothing changes. Real IEC
Electropedia and ISO/TC 211 entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import LOCAL, form_token
from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import TERM_ADD, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.translation.term_files import read_mlgt, write_csv
from stdbridge.translation.terms import Terms

TERMBASES = Path(__file__).parent.parent / "data" / "termbases"


@pytest.fixture
def seeded(empty_catalog: Catalog) -> Catalog:
    Terms(empty_catalog.store).seed(LOCAL_ADMIN, glossary=False, iev=TERMBASES / "iev_excerpt.csv")
    accounts = Accounts(empty_catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR, Role.READER}))
    accounts.add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, roles=frozenset({Role.READER}))
    return empty_catalog


@pytest.fixture
def server(seeded: Catalog) -> Iterator[TestClient]:
    with TestClient(create_app(seeded), base_url=SERVER) as client:
        yield client


def test_search_and_a_concepts_page_in_chinese(server: TestClient) -> None:
    page = server.get("/terms", params={"q": "可靠", "lang": "zh"})
    assert page.status_code == 200
    assert "<h1>术语库</h1>" in page.text and "2 个概念" in page.text
    assert page.text.index("可靠性") < page.text.index("可靠度")
    found = server.get("/terms", params={"q": "repair", "in": "en", "match": "contains", "lang": "zh"}).text
    assert "可修复产品" in found and "不可修复产品" in found
    concept = server.get("/terms", params={"q": "repairable item", "match": "exact"}).text
    link = concept.split('<ul class="concepts">', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    shown = server.get(link, params={"lang": "zh"}).text
    assert "<del>repaired item</del>" in shown and "拒用" in shown and "优先" in shown
    assert "IEC 60050, 192-01-11" in shown and "IEV 192" in shown
    assert server.get("/terms/99999", params={"lang": "zh"}).status_code == 404
    assert 'href="/api/terms/export?format=tbx"' in page.text
    assert "添加概念" not in page.text  # nobody signed in on a server: no form to add


def test_a_contributor_adds_a_concept_and_imports_a_file(server: TestClient, seeded: Catalog) -> None:
    sign_in(server, "Li Wei")
    page = server.get("/terms", params={"lang": "zh"}).text
    assert "添加概念" in page and '<option value="platform"' not in page  # their own only: not an editor
    form = {"csrf_token": form_token(page), "preferred_zh": "可信性", "preferred_en": "dependability",
            "definition_en": "ability to perform as and when required", "source": "IEC 60050-192:2015, 192-01-22",
            "domain": "21.020", "scope": "personal"}  # fmt: skip
    added = server.post("/terms", data=form, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"].startswith("/terms/")
    shown = server.get(added.headers["location"], params={"lang": "zh"}).text
    assert "可信性" in shown and "个人" in shown and "ability to perform as and when required" in shown
    [entry] = seeded.store.audit_entries(AuditQuery(action=TERM_ADD))
    assert entry.actor_name == "Li Wei"
    empty = server.post("/terms", data={"csrf_token": form["csrf_token"], "scope": "personal", "lang": "zh"})
    assert empty.status_code == 400 and "概念至少需要一个术语" in empty.text  # the page stays in Chinese
    upload = write_csv([*read_mlgt(TERMBASES / "mlgt_excerpt.jsonl")]).encode()
    imported = server.post("/terms/import", data={"csrf_token": form["csrf_token"], "format": "csv"},
                           files={"file": ("mlgt.csv", upload)})  # fmt: skip
    assert imported.status_code == 200 and "mlgt.csv：已添加 10 个概念。" in imported.text
    refused = server.post("/terms", data={**form, "scope": "platform"})
    assert refused.status_code == 403
    assert seeded.store.count_concepts() == 19 + 1 + 10


def test_who_lacks_the_role_or_the_token_changes_nothing(server: TestClient, seeded: Catalog) -> None:
    sign_in(server, "Reader One")
    page = server.get("/terms").text
    assert "Add a concept" not in page
    token = form_token(server.get("/sign-in").text)
    refused = server.post("/terms", data={"csrf_token": token, "preferred_en": "dependability", "scope": "personal"})
    assert refused.status_code == 403 and "contributor" in refused.text
    upload = write_csv([*read_mlgt(TERMBASES / "mlgt_excerpt.jsonl")]).encode()
    refused = server.post("/terms/import", data={"csrf_token": token, "format": "csv"},
                          files={"file": ("mlgt.csv", upload)})  # fmt: skip
    assert refused.status_code == 403
    assert seeded.store.count_concepts() == 19


def test_the_local_administrator_adds_to_the_platform_but_not_without_the_token(empty_catalog: Catalog) -> None:
    Terms(empty_catalog.store).seed(LOCAL_ADMIN, glossary=False, iev=TERMBASES / "iev_excerpt.csv")
    with TestClient(create_app(empty_catalog), base_url=LOCAL) as local:  # the embedded platform, no accounts yet
        page = local.get("/terms").text
        assert '<option value="platform">' in page and '<option value="personal"' not in page
        form = {"preferred_zh": "维修性", "preferred_en": "maintainability", "scope": "platform"}
        assert local.post("/terms", data=form).status_code == 403  # no CSRF token
        added = local.post("/terms", data={**form, "csrf_token": form_token(page)}, follow_redirects=False)
        assert added.status_code == 303
    assert empty_catalog.store.count_concepts() == 20
