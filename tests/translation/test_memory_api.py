"""The translation memory over HTTP: lookups as who asks sees the memory, TMX import refused without the role
and recorded in the audit log with it, export that translate-toolkit reads."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.translation.memory_cases import gb_title_units
from translate.storage import tmx

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import MEMORY_IMPORT, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.tmx import write_tmx


def test_look_up_import_and_export(catalog: Catalog) -> None:
    store = catalog.store
    TranslationMemory(store).add(gb_title_units())
    accounts = Accounts(store)
    accounts.add_user(LOCAL_ADMIN, "translator", roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", roles=frozenset({Role.READER}))
    translator = {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'api', user_name='translator').secret}"}
    reader = {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'api', user_name='reader').secret}"}
    units = gb_title_units()[:2]
    for unit in units:
        unit.target = unit.target.replace("—", " - ")
    data = write_tmx(units, "zh", "en")
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        found = client.get(
            "/api/memory/lookup", params={"text": "环境管理体系 要求及使用指南", "from": "zh", "to": "en"}
        )
        assert found.status_code == 200
        [match] = found.json()["matches"]
        assert (match["score"], match["kind"], match["unit"]["reference"]) == (84, "fuzzy", "GB/T 24001-1996")
        upload = {"file": ("mine.tmx", data, "application/x-tmx+xml")}
        refused = client.post("/api/memory/import", files=upload, data={"scope": "personal"}, headers=reader)
        assert refused.status_code == 403 and "contributor" in refused.text
        refused = client.post("/api/memory/import", files=upload, data={"scope": "platform"}, headers=translator)
        assert refused.status_code == 403 and "editor" in refused.text
        anonymous = client.post("/api/memory/import", files=upload, data={"scope": "personal"})
        assert anonymous.status_code == 401
        assert store.audit_entries(AuditQuery(action=MEMORY_IMPORT)) == []
        done = client.post("/api/memory/import", files=upload, data={"scope": "personal"}, headers=translator)
        assert done.status_code == 201 and done.json() == {"file": "mine.tmx", "read": 2, "added": 2,
                                                            "pairs": {"zh-en": 2}}  # fmt: skip
        [entry] = store.audit_entries(AuditQuery(action=MEMORY_IMPORT))
        assert entry.actor_name == "translator"
        bad = client.post("/api/memory/import", files={"file": ("bad.tmx", data.replace(b"<seg>", b"<seg> ", 1)
                          .replace(b"</seg>", b"</seg><tuv>", 1), "text/xml")}, headers=translator)  # fmt: skip
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "import-failed"
        # the translator's own unit now comes first, exact; another user still gets the platform's
        mine = client.get("/api/memory/lookup", params={"text": units[0].source}, headers=translator).json()
        assert [(m["score"], m["unit"]["scope"]) for m in mine["matches"]] == [(100, "personal"), (100, "platform")]
        theirs = client.get("/api/memory/lookup", params={"text": units[0].source}, headers=reader).json()
        assert [(m["score"], m["unit"]["scope"]) for m in theirs["matches"]] == [(100, "platform")]
        exported = client.get("/api/memory/export", params={"scope": "personal"}, headers=translator)
        assert exported.status_code == 200
        read = tmx.tmxfile.parsestring(exported.content)
        assert [(u.source, u.target) for u in read.getunits()] == [(u.source, u.target) for u in units]
        assert client.get("/api/memory/stats").json() == {"personal/zh-en": 2, "platform/zh-en": 5}
