"""``stdbridge users``, ``tokens``, ``orgs`` and ``settings``: the administrators' commands on the server machine."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from stdbridge.accounts.service import Accounts
from stdbridge.cli import cli
from stdbridge.store import SqlStore

PASSWORD = "correct horse battery"


def run(db: str, *args: str, password: str | None = None) -> tuple[int, str]:
    env = {"STDBRIDGE_PASSWORD": password} if password else {}
    result = CliRunner().invoke(cli, ["--db", db, *args], env=env)
    return result.exit_code, result.output


def test_users_roles_tokens_and_organisations_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "catalog.db")
    code, output = run(db, "users", "add", "Li Wei", "--role", "editor", "--language", "zh", password=PASSWORD)
    assert code == 0 and "Added Li Wei with the roles editor, reader." in output
    code, output = run(db, "users", "add", "Li Wei", password=PASSWORD)
    assert code == 2 and "already a user named 'Li Wei'" in output and "Traceback" not in output
    code, output = run(db, "users", "add", "Short", password="short")
    assert code == 2 and "at least 10" in output
    assert run(db, "users", "grant", "Li Wei", "expert")[0] == 0
    code, output = run(db, "users", "revoke", "Li Wei", "editor")
    assert code == 0 and "expert, reader" in output
    code, output = run(db, "users", "grant", "Li Wei", "boss")
    assert code == 2 and "no role 'boss'" in output
    code, output = run(db, "users", "list", "--json")
    assert json.loads(output) == [{"name": "Li Wei", "email": "", "language": "zh", "roles": ["expert", "reader"],
                                   "created_at": json.loads(output)[0]["created_at"]}]  # fmt: skip

    code, secret = run(db, "tokens", "create", "Li Wei", "script", "--role", "expert")
    assert code == 0 and secret.strip().startswith("sbt_")
    store = SqlStore(f"sqlite:///{db}")
    try:
        actor = Accounts(store).token_actor(secret.strip())
        assert actor.name == "Li Wei" and sorted(actor.roles) == ["expert", "reader"]
        stored = store.user_by_name("Li Wei")
        assert stored is not None and stored.password_hash and stored.password_hash.startswith("$argon2id$")
    finally:
        store.close()
    code, output = run(db, "tokens", "list", "Li Wei", "--json")
    [token] = json.loads(output)
    assert token["name"] == "script" and token["revoked_at"] is None and "secret" not in token
    assert run(db, "tokens", "revoke", str(token["id"]))[0] == 0
    code, output = run(db, "tokens", "revoke", str(token["id"]))
    assert code == 2 and f"token {token['id']} was revoked already" in output

    code, output = run(db, "orgs", "add", "JSA", "--kind", "standards-body", "--country", "jp", "--member", "Li Wei")
    assert code == 0 and "Added JSA." in output
    assert json.loads(run(db, "orgs", "list", "--json")[1]) == [{"name": "JSA", "kind": "standards-body",
                                                                 "country": "JP"}]  # fmt: skip
    assert run(db, "settings", "anonymous_reading")[1].strip() == "anonymous_reading = on"
    assert run(db, "settings", "anonymous_reading", "off")[1].strip() == "anonymous_reading = off"
    code, output = run(db, "settings", "anonymous_reading", "maybe")
    assert code == 2 and "one of on, off" in output
    assert run(db, "users", "set-password", "Li Wei", password="another password 2")[0] == 0
