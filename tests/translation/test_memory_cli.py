"""``stdbridge memory``: seed, stats, look up, export a TMX and import it into a translator's personal memory
(as the token's user), refused to a reader's token."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.cli import cli


def test_seed_look_up_export_and_import(catalog: Catalog, tmp_path: Path) -> None:
    where = catalog.store.location.removeprefix("sqlite:///")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", where, "memory", *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "empty" in run("stats")
    seeded = json.loads(run("seed", "--json"))
    assert seeded["offered"]["catalogue-title"] == 5 and seeded["added"] > 400
    assert json.loads(run("seed", "--json"))["added"] == 0
    figures = json.loads(run("stats", "--json"))
    assert figures == {"platform/zh-en": seeded["added"]}
    found = json.loads(run("lookup", "环境管理体系 要求及使用指南", "--json"))
    assert [(m["score"], m["unit"]["reference"]) for m in found["matches"]][:1] == [(84, "GB/T 24001-1996")]
    assert found["matches"][0]["differences"][1] == {"op": "replace", "segment": "要求", "unit": "规范"}
    shown = run("lookup", "Information security management systems - Requirements", "--from", "en", "--to", "zh")
    assert "信息技术 安全技术 信息安全管理体系 要求" in shown
    tmx = tmp_path / "platform.tmx"
    run("export", "--scope", "platform", "-o", str(tmx))
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "translator", roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", roles=frozenset({Role.READER}))
    translator = accounts.create_token(LOCAL_ADMIN, "cli", user_name="translator").secret
    reader = accounts.create_token(LOCAL_ADMIN, "cli", user_name="reader").secret
    refused = runner.invoke(cli, ["--db", where, "memory", "import", str(tmx), "--token", reader])
    assert refused.exit_code != 0 and "contributor" in refused.output
    done = json.loads(run("import", str(tmx), "--token", translator, "--json"))
    assert done == {"read": seeded["added"], "added": seeded["added"], "pairs": {"zh-en": seeded["added"]}}
    refused = runner.invoke(cli, ["--db", where, "memory", "import", str(tmx), "--scope", "platform",
                                  "--token", translator])  # fmt: skip
    assert refused.exit_code != 0 and "editor" in refused.output
