"""The audit log: imports and decisions recorded with their change (and undone with it), every kind of tampering
found by ``verify``, hashes an outside auditor recomputes, a catalogue of schema 4 upgraded and then recording, and
the log read through the command line, the API and the page."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import rfc8785
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.conftest import EXCERPTS
from tests.store.test_migrations import schema_4_copy

from stdbridge import audit
from stdbridge.app import create_app
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.models import Degree, Verdict
from stdbridge.store import SqlStore

LOCAL = ("127.0.0.1", 50000)


def entries(store: SqlStore) -> list[audit.AuditEntry]:
    return list(store.iter_audit())


@pytest.fixture
def five(tmp_path: Path) -> SqlStore:
    """A store whose log holds the genesis entry and four more."""
    store = SqlStore(f"sqlite:///{tmp_path / 'log.db'}")
    for n in range(4):
        audit.record(store, "ann", None, audit.ACCEPT, f"pair {n}", {"verdict": "rejected"}, {"verdict": "accepted"})
    assert audit.verify(store).intact
    return store


def tamper(store: SqlStore, *statements: str) -> audit.Break:
    with store.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    found = audit.verify(store)
    assert found.broken is not None
    return found.broken


def test_an_edited_value_is_found(five: SqlStore) -> None:
    broken = tamper(five, """UPDATE audit_log SET after_json = '{"verdict":"rejected"}' WHERE seq = 3""")
    assert (broken.seq, broken.kind) == (3, "altered")


def test_an_edited_entry_with_its_hash_made_afresh_is_found_at_the_next(five: SqlStore) -> None:
    forged = audit.entry.seal(3, entries(five)[1].hash, actor_name="mallory", actor_id=None, action=audit.ACCEPT,
                              subject="pair 1", before=None, after={"verdict": "accepted"})  # fmt: skip
    broken = tamper(five, f"UPDATE audit_log SET actor_name = 'mallory', before_json = NULL, at = '{forged.at}', "
                          f"hash = '{forged.hash}' WHERE seq = 3")  # fmt: skip
    assert (broken.seq, broken.kind) == (4, "altered")


def test_a_removed_entry_is_found(five: SqlStore) -> None:
    broken = tamper(five, "DELETE FROM audit_log WHERE seq = 3")
    assert (broken.seq, broken.kind) == (4, "removed")
    assert "entry 3 is missing" in broken.message


def test_two_swapped_entries_are_found(five: SqlStore) -> None:
    broken = tamper(five, "UPDATE audit_log SET seq = 100 WHERE seq = 2", "UPDATE audit_log SET seq = 2 WHERE seq = 4",
                    "UPDATE audit_log SET seq = 4 WHERE seq = 100")  # fmt: skip
    assert (broken.seq, broken.kind) == (2, "reordered")


def test_an_inserted_entry_is_found(five: SqlStore) -> None:
    """A forged entry slipped in after entry 2, its own hash right, the later entries renumbered."""
    after = entries(five)[1]
    forged = audit.entry.seal(3, after.hash, actor_name="mallory", actor_id=None, action=audit.ACCEPT,
                              subject="forged", before=None, after={"verdict": "accepted"})  # fmt: skip
    broken = tamper(
        five,
        *(f"UPDATE audit_log SET seq = {n + 1} WHERE seq = {n}" for n in (5, 4, 3)),
        "INSERT INTO audit_log (seq, at, actor_name, action, subject, after_json, prev_hash, hash) VALUES "
        f"""(3, '{forged.at}', 'mallory', 'accept', 'forged', '{{"verdict":"accepted"}}', '{after.hash}', """
        f"'{forged.hash}')",
    )
    assert (broken.seq, broken.kind) == (4, "inserted")


def test_a_cut_tail_is_found_and_an_entry_past_the_head(five: SqlStore) -> None:
    broken = tamper(five, "DELETE FROM audit_log WHERE seq >= 4")
    assert (broken.seq, broken.kind) == (4, "truncated")
    broken = tamper(five, "UPDATE audit_head SET seq = 2")
    assert broken.kind == "extended"


def test_an_intact_log_is_recomputed_by_an_outside_auditor(five: SqlStore, tmp_path: Path) -> None:
    """The recipe of ``audit.entry``'s docstring, on what ``stdbridge audit show --json`` prints."""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "log.db"), "audit", "show", "--json"])
    shown = json.loads(result.output)["entries"]
    previous = "0" * 64
    for entry in reversed(shown):
        claimed = entry.pop("hash")
        assert entry["prev_hash"] == previous
        assert hashlib.sha256(rfc8785.dumps(entry)).hexdigest() == claimed
        previous = claimed


def test_an_import_is_recorded_with_what_it_changed(empty_catalog: Catalog, tmp_path: Path) -> None:
    summary = empty_catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path, by="Li Wei")
    [entry] = empty_catalog.store.audit_entries(AuditQuery(action=audit.IMPORT))
    assert (entry.actor_name, entry.subject, entry.before) == ("Li Wei", "import 1", None)
    assert entry.after["added"] == summary.added == 30
    assert entry.after["records"]["added"]["count"] == 30
    assert "GB/T 19001-2008" in entry.after["records"]["added"]["listed"]
    again = empty_catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)
    latest = empty_catalog.store.audit_entries(AuditQuery(limit=1))[0]
    assert (latest.subject, latest.actor_name, latest.after["added"], latest.after["records"]) == (
        "import 2", "local", again.added, {})  # fmt: skip


def test_an_import_rolled_back_leaves_no_entry_and_a_failed_entry_undoes_the_import(
    empty_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = empty_catalog.store

    def refuse(*_args: object) -> None:
        raise RuntimeError("the audit log is unwritable")

    monkeypatch.setattr(type(store), "append_audit", refuse)
    with pytest.raises(RuntimeError, match="unwritable"):
        empty_catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)
    monkeypatch.undo()
    assert empty_catalog.is_empty() and store.revision() == (-1, 0)

    monkeypatch.setattr(type(store), "save_events", refuse)  # the import fails after its entry was appended
    with pytest.raises(RuntimeError):
        empty_catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)
    assert [e.action for e in entries(store)] == [audit.GENESIS]


def test_decisions_are_recorded_with_the_one_they_replace(catalog: Catalog) -> None:
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.ACCEPTED, by="Aiko Sato", degree=Degree.MOD)
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.ACCEPTED, by="Aiko Sato", degree=Degree.IDT,
                   note="the foreword declares IDT")  # fmt: skip
    catalog.decide("GB/T 22080-2016", "ISO 9001:2015", Verdict.REJECTED, by="Li Wei")
    first, second, third = catalog.store.audit_entries(audit.query_of(since="2000-01-01", newest_first=False))[-3:]
    assert (first.action, first.subject, first.before) == ("accept", "JIS Q 9001:2015 -> ISO 9001:2015", None)
    assert first.after["degree"] == "MOD"
    assert second.before == first.after
    assert (second.after["degree"], second.after["note"]) == ("IDT", "the foreword declares IDT")
    assert (third.action, third.actor_name, third.after["verdict"]) == ("reject", "Li Wei", "rejected")
    assert audit.verify(catalog.store).intact


def test_a_catalogue_of_schema_4_upgrades_to_a_log_that_records(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{schema_4_copy(tmp_path)}")
    try:
        [genesis] = entries(store)
        assert genesis.after == {"standards": 341, "decisions": 2, "imports": 5}
        catalog = Catalog(store, index_path=tmp_path / "index")
        catalog.decide("GB/T 22080-2016", "ISO 9001:2015", Verdict.ACCEPTED, by="Li Wei", degree=Degree.NEQ)
        latest = entries(store)[-1]
        assert (latest.seq, latest.before["verdict"], latest.before["by"]) == (2, "rejected", "Li Wei")
        assert audit.verify(store).intact
    finally:
        store.close()


def test_the_command_line_shows_verifies_and_prints_the_head(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "accept", "JIS Q 9001:2015", "ISO 9001:2015", "--degree", "idt",
                                 "--by", "Aiko Sato"])  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["--db", db, "audit", "show", "--user", "Aiko Sato", "--json"])
    [entry] = json.loads(shown.output)["entries"]
    assert (entry["action"], entry["after"]["degree"]) == ("accept", "IDT")
    table = runner.invoke(cli, ["--db", db, "audit", "show", "--action", "import"])
    assert len(re.findall(r"│ Catalogue import\s+│ import \d", table.output)) == 5  # action, subject
    verified = runner.invoke(cli, ["--db", db, "audit", "verify"])
    assert verified.exit_code == 0 and "intact: 7 entries" in verified.output
    head = runner.invoke(cli, ["--db", db, "audit", "head"]).output.split()
    assert head[:2] == ["7", entry["hash"]]
    bad = runner.invoke(cli, ["--db", db, "audit", "show", "--since", "yesterday"])
    assert bad.exit_code == 2 and "not a date" in bad.output

    store = SqlStore(f"sqlite:///{db}")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 7"))
    store.close()
    broken = runner.invoke(cli, ["--db", db, "audit", "verify", "--json"])
    assert broken.exit_code == 1
    assert json.loads(broken.output)["break"]["kind"] == "altered"


def test_the_api_and_the_page_show_the_log_to_this_machine_only(catalog: Catalog) -> None:
    catalog.decide("GB/T 22080-2016", "ISO 9001:2015", Verdict.REJECTED, by="Li Wei <script>")
    app = create_app(catalog)
    with (
        TestClient(app, client=LOCAL, base_url="http://127.0.0.1") as local,
        TestClient(app, client=("203.0.113.9", 50000), base_url="http://stdbridge.example") as remote,
    ):
        answer = local.get("/api/audit", params={"user": "Li Wei <script>"}).json()
        assert answer["total"] == 1 and answer["entries"][0]["action"] == "reject"
        assert answer["head"]["hash"] == answer["entries"][0]["hash"]
        assert local.get("/api/audit", params={"action": "delete"}).status_code == 400
        page = local.get("/audit", params={"lang": "en", "action": "reject"})
        assert page.status_code == 200
        assert "Li Wei &lt;script&gt;" in page.text and '<td title="reject">Link rejected</td>' in page.text
        assert "GB/T 22080-2016 -&gt; ISO 9001:2015" in page.text
        imports = local.get("/audit", params={"lang": "en", "action": "import"}).text
        assert imports.count('<td title="import">Catalogue import</td>') == 6
        zh = local.get("/audit", params={"lang": "zh"}).text
        assert "审计日志" in zh
        for path in ("/api/audit", "/audit"):
            refused = remote.get(path)
            # from another machine, nobody is the local administrator: sign in as one (accounts)
            assert refused.status_code == 401
            assert path == "/audit" or refused.json()["error"]["code"] == "sign-in-required"
            assert "admin" in refused.text


def test_only_administrators_read_the_log_and_account_changes_are_in_it(catalog: Catalog) -> None:
    from stdbridge.accounts.roles import LOCAL_ADMIN, Role
    from stdbridge.accounts.service import Accounts

    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password="a long enough password", roles=frozenset({Role.EDITOR}))
    accounts.add_user(LOCAL_ADMIN, "Ana Admin", password="a long enough password", roles=frozenset({Role.ADMIN}))
    editor = accounts.create_token(LOCAL_ADMIN, "script", user_name="Li Wei").secret
    admin = accounts.create_token(LOCAL_ADMIN, "audit", user_name="Ana Admin").secret
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        refused = client.get("/api/audit", headers={"Authorization": f"Bearer {editor}"})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
        shown = client.get("/api/audit", params={"action": "user.add"}, headers={"Authorization": f"Bearer {admin}"})
        assert shown.status_code == 200
        added = {e["subject"] for e in shown.json()["entries"]}
        assert added == {"Li Wei", "Ana Admin"}
        assert "password" not in json.dumps(shown.json()["entries"])  # never a password or its hash
    assert audit.verify(catalog.store).intact
