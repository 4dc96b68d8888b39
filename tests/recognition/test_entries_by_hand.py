"""Entries added by hand and symbiosis recorded on an entry, through the HTTP API and the command line: only the
programme's coordinator may (401 without an account, 403 for a reader or another editor, and nothing changes),
bad input is refused with what is wrong, and each change is in the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import Scope

PASSWORD = "a long enough password"
ENTRY = {"standards": {"JIS": "JIS Z 8301:2019", "ISO": "ISO 9000:2015"}, "degree": "NEQ", "basis": "assessment",
         "kind": "referenced", "verdict": "usable for certification", "evidence": "clause table",
         "assessors": ["Tanaka Ken"], "transition_from": "2027-01-01", "transition_until": "2028-12-31"}  # fmt: skip


def _token(accounts: Accounts, name: str, roles: set[Role]) -> dict[str, str]:
    accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles | {Role.READER}))
    return {"Authorization": f"Bearer {accounts.create_token(LOCAL_ADMIN, 'script', user_name=name).secret}"}


def _entry_actions(catalog: Catalog) -> list[dict[str, object]]:
    return [e.after for e in catalog.store.audit_entries(AuditQuery(limit=None, newest_first=False))  # type: ignore[misc]
            if e.action == "programme.entry"]  # fmt: skip


def test_an_entry_by_hand_and_symbiosis_over_http(catalog: Catalog) -> None:
    accounts = Accounts(catalog.store)
    coordinator = _token(accounts, "Li Wei", {Role.EDITOR})
    other = _token(accounts, "Aiko Sato", {Role.EDITOR})
    reader = _token(accounts, "Reader", set())
    parties = [prog.read_party(catalog, "JIS", "ja"), prog.read_party(catalog, "ISO", "en")]
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        made = client.post("/api/programmes", headers=coordinator, json={
            "slug": "jis-iso", "title": {"en": "JIS and ISO"},
            "parties": [{"name": p.code, "language": p.language} for p in parties]})  # fmt: skip
        assert made.status_code == 201, made.text
        programme = catalog.store.programme_by_slug("jis-iso")
        assert programme is not None and programme.id is not None
        assert client.post("/api/programmes/jis-iso/entries", json=ENTRY).status_code == 401
        for who in (reader, other):
            refused = client.post("/api/programmes/jis-iso/entries", json=ENTRY, headers=who)
            assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        wrong = {**ENTRY, "standards": {"JIS": "JIS Z 9999:2019", "ISO": "ISO 9000:2015"}}
        unknown = client.post("/api/programmes/jis-iso/entries", headers=coordinator, json=wrong)
        assert unknown.status_code == 400
        assert "row 1, column JIS: unknown identifier 'JIS Z 9999:2019'" in unknown.json()["error"]["message"]
        adoption = client.post("/api/programmes/jis-iso/entries", headers=coordinator,
                               json={**ENTRY, "basis": "adoption", "verdict": ""})  # fmt: skip
        assert adoption.status_code == 400 and "not an adoption" in adoption.json()["error"]["message"]
        backwards = client.post("/api/programmes/jis-iso/entries", headers=coordinator,
                                json={**ENTRY, "transition_until": "2026-01-01"})  # fmt: skip
        assert backwards.status_code == 400 and "before it starts" in backwards.json()["error"]["message"]
        assert catalog.store.entries_of(programme.id)[1] == 0 and _entry_actions(catalog) == []
        added = client.post("/api/programmes/jis-iso/entries", json=ENTRY, headers=coordinator)
        assert added.status_code == 201, added.text
        entry = added.json()
        assert [s["identifier"] for s in entry["standards"]] == ["JIS Z 8301:2019", "ISO 9000:2015"]
        assert (entry["origin"], entry["proposed"], entry["basis"], entry["kind"]) == (
            "manual", "NEQ", "assessment", "referenced")  # fmt: skip
        assert entry["assessment"] == {"verdict": "usable for certification", "evidence": "clause table",
                                       "assessors": ["Tanaka Ken"]}  # fmt: skip
        assert (entry["transition_from"], entry["transition_until"]) == ("2027-01-01", "2028-12-31")
        path = f"/api/programmes/jis-iso/entries/{entry['id']}"
        shown = client.get(path, headers=reader).json()
        assert sorted(shown.pop("standards"), key=str) == sorted(entry.pop("standards"), key=str) and shown == entry
        assert client.get("/api/programmes/jis-iso/entries/999999", headers=reader).status_code == 404
        note = {"note": "revised jointly in 2026"}
        assert client.post(f"{path}/symbiosis", json=note).status_code == 401
        for who in (reader, other):
            assert client.post(f"{path}/symbiosis", json=note, headers=who).status_code == 403
        assert client.get(path, headers=reader).json()["stage"] == "recognition"
        assert client.post("/api/programmes/jis-iso/entries/999999/symbiosis", json=note,
                           headers=coordinator).status_code == 404  # fmt: skip
        recorded = client.post(f"{path}/symbiosis", json=note, headers=coordinator)
        assert recorded.status_code == 200 and recorded.json()["stage"] == "symbiosis"
        assert recorded.json()["evidence"] == ["revised jointly in 2026"]
        bad = b"JIS,ISO\nJIS Q 9001:2015,ISO 9001:2015\nJIS Q 9999:2015,ISO 9000:2015\n"
        refused = client.post("/api/programmes/jis-iso/pairs", files={"file": ("pairs.csv", bad)}, headers=coordinator)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad-request"
        assert [(r["row"], r["column"], r["value"]) for r in refused.json()["error"]["rows"]] == [
            (3, "JIS", "JIS Q 9999:2015")]  # fmt: skip
        paths = client.get("/api/openapi.json").json()["paths"]
        assert "post" in paths["/api/programmes/{slug}/entries"]
        assert "post" in paths["/api/programmes/{slug}/entries/{entry_id}/symbiosis"]
    logged = _entry_actions(catalog)
    assert logged[0]["standards"] == ["JIS Z 8301:2019", "ISO 9000:2015"] and logged[0]["basis"] == "assessment"
    assert logged[1] == {"stage": "symbiosis", "note": "revised jointly in 2026"}


def _run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "en", *args], env={"STDBRIDGE_PASSWORD": "correct horse"})
    return result.exit_code, result.output


def test_an_entry_by_hand_and_symbiosis_from_the_command_line(db: str, tmp_path: Path) -> None:
    assert _run(db, "programme", "create", "jis-iso", "--title-en", "JIS and ISO", "--party", "JIS:ja",
                "--party", "ISO:en")[0] == 0  # fmt: skip
    code, output = _run(db, "programme", "add-entry", "jis-iso", "JIS Q 9001:2015", "JIS Q 9999:2015")
    assert code != 0 and "column ISO: unknown identifier 'JIS Q 9999:2015'" in output
    code, output = _run(db, "programme", "add-entry", "jis-iso", "A", "B", "C")
    assert code != 0 and "jis-iso has 2 parties (JIS, ISO): one identifier each, not 'C'" in output
    code, output = _run(db, "programme", "add-entry", "jis-iso", "JIS Q 9001:2015", "ISO 9001:2015", "--degree", "IDT",
                        "--kind", "protocol")  # fmt: skip
    assert code != 0 and "not an adoption" in output
    code, output = _run(db, "programme", "entries", "jis-iso", "--json")
    assert json.loads(output)["total"] == 0
    code, output = _run(db, "programme", "add-entry", "jis-iso", "ISO=ISO 9001:2015", "JIS=JIS Q 9001:2015",
                        "--degree", "idt", "--basis", "agreement", "--kind", "recognised", "--until", "2027-06-30",
                        "--json")  # fmt: skip
    assert code == 0, output
    entry = json.loads(output)
    assert entry["standards"] == {"JIS": "JIS Q 9001:2015", "ISO": "ISO 9001:2015"}
    assert (entry["proposed"], entry["basis"], entry["kind"], entry["transition"]) == (
        "IDT", "agreement", "recognised", [None, "2027-06-30"])  # fmt: skip
    code, output = _run(db, "programme", "symbiosis", "jis-iso", "999", "--note", "joint")
    assert code != 0 and "jis-iso has no entry 999" in output
    code, output = _run(db, "programme", "symbiosis", "jis-iso", str(entry["id"]), "--note", "jointly revised")
    assert code == 0 and f"Entry {entry['id']} is now at the stage symbiosis." in output
    code, output = _run(db, "programme", "entries", "jis-iso", "--stage", "symbiosis", "--json")
    assert json.loads(output)["entries"][0]["evidence"] == ["jointly revised"]


def test_only_the_coordinator_adds_entries_and_records_symbiosis(catalog: Catalog) -> None:
    from stdbridge.accounts import Actor
    from stdbridge.errors import Forbidden, Unauthenticated
    from stdbridge.recognition.draft import add_entry

    parties = [prog.read_party(catalog, "JIS", "ja"), prog.read_party(catalog, "ISO", "en")]
    programme = prog.create_programme(catalog, LOCAL_ADMIN, "jis-iso", {"en": "JIS and ISO"}, parties, Scope())
    fields = {"JIS": "JIS Q 9001:2015", "ISO": "ISO 9001:2015", "degree": "IDT"}
    entry = add_entry(catalog, LOCAL_ADMIN, programme, fields)
    editor = Actor(99, "Aiko Sato", frozenset({Role.EDITOR, Role.READER}), signed_in=True)
    anonymous = Actor(None, "anonymous", frozenset({Role.READER}), signed_in=False)
    for who, refusal in ((editor, Forbidden), (anonymous, Unauthenticated)):
        try:
            add_entry(catalog, who, programme, fields)
        except refusal:
            pass
        else:
            raise AssertionError(f"{who.name} added an entry")
        try:
            prog.record_symbiosis(catalog.store, who, programme, entry, "joint")
        except refusal:
            pass
        else:
            raise AssertionError(f"{who.name} recorded symbiosis")
    assert programme.id is not None
    assert [(e.id, e.stage.value) for e in catalog.store.entries_of(programme.id)[0]] == [(entry.id, "recognition")]
