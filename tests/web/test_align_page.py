"""The alignment page: a contributor uploads the Chinese and English glossary documents of ISO 19136-1:2020, sees
the pairs side by side with their confidence (in Chinese too), drops one, edits one and saves the rest into their
personal memory (audited); a reader is refused, and so is a form without the CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.conftest import form_token
from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import MEMORY_ALIGN, AuditQuery
from stdbridge.catalog import Catalog

DATA = Path(__file__).parent.parent / "data" / "translation"
ZH_DOC = (DATA / "iso19136-1_2020_definitions.zh.txt").read_bytes()
EN_DOC = (DATA / "iso19136-1_2020_definitions.en.txt").read_bytes()


@pytest.fixture
def app(empty_catalog: Catalog) -> FastAPI:
    accounts = Accounts(empty_catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR, Role.READER}))
    accounts.add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, roles=frozenset({Role.READER}))
    return create_app(empty_catalog)


@pytest.fixture
def server(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=SERVER) as client:
        yield client


def _align(server: TestClient, token: str) -> object:
    files = {"zh": ("zh.txt", ZH_DOC, "text/plain"), "en": ("en.txt", EN_DOC, "text/plain")}
    return server.post("/translation/align", data={"csrf_token": token, "action": "align"}, files=files)


def test_a_contributor_aligns_corrects_and_saves(server: TestClient, empty_catalog: Catalog) -> None:
    sign_in(server, "Li Wei")
    page = server.get("/translation/align", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "文档对齐" in page.text
    token = form_token(page.text)
    shown = _align(server, token)
    assert shown.status_code == 200  # type: ignore[attr-defined]
    text = shown.text  # type: ignore[attr-defined]
    assert 'name="count" value="60"' in text
    assert (
        ">一个元素中包含的名称-值对。</textarea>" in text
        and ">name-value pair contained in an element</textarea>" in text
    )
    form = {"csrf_token": form_token(text), "action": "save", "count": "3", "reference": "ISO 19136-1:2020",
            "zh_0": "3.1.3 属性<XML>", "en_0": "3.1.3 attribute <XML>", "keep_0": "1",
            "zh_1": "一个元素中包含的名称-值对。", "en_1": "name-value pair contained in an element.", "keep_1": "1",
            "zh_2": "3.1.5 子元素<XML>", "en_2": "3.1.5 child element <XML>"}  # fmt: skip
    saved = server.post("/translation/align", data=form)
    assert saved.status_code == 200 and "2 pairs saved, 2 new units" in saved.text
    assert empty_catalog.store.memory_figures() == {"personal/zh-en": 2}
    [entry] = empty_catalog.store.audit_entries(AuditQuery(action=MEMORY_ALIGN))
    assert entry.actor_name == "Li Wei"


def test_a_reader_and_a_form_without_its_token_are_refused(server: TestClient, empty_catalog: Catalog) -> None:
    sign_in(server, "Reader One")
    token = form_token(server.get("/translation/align").text)
    assert _align(server, token).status_code == 403  # type: ignore[attr-defined]
    sign_in(server, "Li Wei")
    assert _align(server, "not-the-token").status_code == 403  # type: ignore[attr-defined]
    assert empty_catalog.store.memory_figures() == {}
