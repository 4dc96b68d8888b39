"""An aligned document pair into the memory: ``stdbridge memory align`` shows the pairs and saves the confident
ones into the translator's personal memory (audited); a reader's token is refused and nothing is saved. The
same over HTTP: align two uploads, save the pairs as corrected, refused without the role."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import MEMORY_ALIGN, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli

DATA = Path(__file__).parent.parent / "data" / "translation"
ZH = DATA / "iso19136-1_2020_definitions.zh.txt"
EN = DATA / "iso19136-1_2020_definitions.en.txt"


def test_align_shows_the_pairs_and_saves_them_for_a_contributor_only(catalog: Catalog) -> None:
    where = catalog.store.location.removeprefix("sqlite:///")
    runner = CliRunner()
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "translator", roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", roles=frozenset({Role.READER}))
    translator = accounts.create_token(LOCAL_ADMIN, "cli", user_name="translator").secret
    reader = accounts.create_token(LOCAL_ADMIN, "cli", user_name="reader").secret

    shown = runner.invoke(cli, ["--db", where, "memory", "align", str(ZH), str(EN), "--json"])
    assert shown.exit_code == 0, shown.output
    pairs = json.loads(shown.output)["pairs"]
    assert pairs[0]["zh_text"] == "3.1.3 属性<XML>" and pairs[0]["en_text"] == "3.1.3 attribute <XML>"
    assert json.loads(shown.output)["added"] is None

    refused = runner.invoke(cli, ["--db", where, "memory", "align", str(ZH), str(EN), "--save", "--token", reader])
    assert refused.exit_code != 0 and "contributor" in refused.output
    assert catalog.store.memory_figures() == {}

    saved = runner.invoke(
        cli, ["--db", where, "memory", "align", str(ZH), str(EN), "--save", "--token", translator, "--json"]
    )
    assert saved.exit_code == 0, saved.output
    added = json.loads(saved.output)["added"]
    assert added == sum(1 for p in pairs if not p["flagged"]) and added > 40
    assert catalog.store.memory_figures() == {"personal/zh-en": added}
    entries = catalog.store.audit_entries(AuditQuery(action=MEMORY_ALIGN))
    assert [e.actor_name for e in entries] == ["translator"]
    element = "一个元素中包含的名称-值对。"
    found = runner.invoke(cli, ["--db", where, "memory", "lookup", element, "--token", translator])
    assert "name-value pair contained in an element" in found.output


def test_align_over_http_then_save_the_corrected_pairs_with_the_role(catalog: Catalog) -> None:
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "translator", roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", roles=frozenset({Role.READER}))
    translator = {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'api', user_name='translator').secret}"}
    reader = {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'api', user_name='reader').secret}"}
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        files = {"zh": ("zh.txt", ZH.read_bytes(), "text/plain"), "en": ("en.txt", EN.read_bytes(), "text/plain")}
        aligned = client.post("/api/memory/align", files=files, headers=reader)
        assert aligned.status_code == 200, aligned.text
        pairs = aligned.json()["pairs"]
        assert pairs[1]["zh_text"] == "一个元素中包含的名称-值对。"
        assert pairs[1]["en_text"] == "name-value pair contained in an element"
        corrected = [{"zh_text": p["zh_text"], "en_text": p["en_text"]} for p in pairs[:4]]
        body = {"pairs": corrected, "scope": "personal", "reference": "ISO 19136-1:2020 glossary"}
        refused = client.post("/api/memory/align/save", json=body, headers=reader)
        assert refused.status_code == 403 and "contributor" in refused.text
        platform = client.post("/api/memory/align/save", json={**body, "scope": "platform"}, headers=translator)
        assert platform.status_code == 403 and "editor" in platform.text
        saved = client.post("/api/memory/align/save", json=body, headers=translator)
        assert saved.status_code == 201 and saved.json() == {"pairs": 4, "added": 4}
    assert catalog.store.memory_figures() == {"personal/zh-en": 4}
