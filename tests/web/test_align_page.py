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


def test_a_contributor_merges_two_pairs_and_splits_one_without_a_script(server: TestClient) -> None:
    sign_in(server, "Li Wei")
    aligned = _align(server, form_token(server.get("/translation/align").text)).text  # type: ignore[attr-defined]
    token = form_token(aligned)
    form = {"csrf_token": token, "count": "3", "reference": "ISO 19136-1:2020",
            "zh_0": "3.1.3 属性<XML>", "en_0": "3.1.3 attribute <XML>", "keep_0": "1", "confidence_0": "0.9",
            "zh_1": "一个元素中包含的名称-值对。", "en_1": "name-value pair contained in an element",
            "confidence_1": "0.3",
            "zh_2": "3.1.5 子元素<XML>", "en_2": "3.1.5 child element <XML>", "confidence_2": "0.8"}  # fmt: skip
    joined = server.post("/translation/align", data={**form, "action": "merge-0"})
    assert joined.status_code == 200 and 'name="count" value="2"' in joined.text
    assert ">3.1.3 属性&lt;XML&gt;一个元素中包含的名称-值对。</textarea>" in joined.text
    assert ">3.1.3 attribute &lt;XML&gt; name-value pair contained in an element</textarea>" in joined.text
    assert 'name="confidence_0" value="0.3"' in joined.text and 'id="pair-0" class="flagged corrected"' in joined.text
    assert 'name="keep_0" value="1" aria-label="Keep 1" checked' in joined.text
    assert 'name="keep_1" value="1" aria-label="Keep 2">' in joined.text  # left unticked, as the person left it
    assert form_token(joined.text) == token  # every form carries the token
    # split the merged pair again where the person puts a line break
    again = {"csrf_token": token, "count": "2", "action": "split-0",
             "zh_0": "3.1.3 属性<XML>\r\n一个元素中包含的名称-值对。", "keep_0": "1", "confidence_0": "0.3",
             "en_0": "3.1.3 attribute <XML>\r\nname-value pair contained in an element",
             "zh_1": "3.1.5 子元素<XML>", "en_1": "3.1.5 child element <XML>"}  # fmt: skip
    split = server.post("/translation/align", data=again)
    assert split.status_code == 200 and 'name="count" value="3"' in split.text
    assert ">3.1.3 属性&lt;XML&gt;</textarea>" in split.text and ">一个元素中包含的名称-值对。</textarea>" in split.text
    assert ">name-value pair contained in an element</textarea>" in split.text
    last = server.post("/translation/align", data={**form, "action": "merge-2"})  # no pair after the last one
    assert last.status_code == 200 and "merge or split" in last.text and 'name="count" value="3"' in last.text


def test_a_merge_without_the_token_is_refused(server: TestClient) -> None:
    sign_in(server, "Li Wei")
    server.headers.pop("X-CSRF-Token", None)
    form = {"count": "2", "action": "merge-0", "zh_0": "3.1.3 属性<XML>", "en_0": "3.1.3 attribute <XML>",
            "zh_1": "一个元素中包含的名称-值对。", "en_1": "name-value pair contained in an element"}  # fmt: skip
    assert server.post("/translation/align", data=form).status_code == 403
