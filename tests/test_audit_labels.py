"""Every kind of audit entry has a label people read, in English and in Chinese, and the audit page and
``stdbridge audit show`` print it where they printed the code; the JSON keeps the code."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge import audit
from stdbridge.app import create_app
from stdbridge.audit.labels import action_label, action_labels
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.i18n import set_language
from stdbridge.models import Verdict

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_action_has_a_label_in_english_and_in_chinese() -> None:
    set_language("en")
    english = action_labels()
    set_language("zh")
    chinese = action_labels()
    assert list(english) == list(audit.ACTIONS) == list(chinese)  # a new action without a label fails here
    for code in audit.ACTIONS:
        assert english[code] and english[code] != code and not CHINESE.search(english[code]), code
        assert CHINESE.search(chinese[code]) and chinese[code] != english[code], (code, chinese[code])
    # two kinds of change told apart by their codes are told apart by their labels too
    assert len(set(english.values())) == len(english)
    assert len(set(chinese.values())) == len(chinese)


@pytest.mark.parametrize(("lang", "label"), [("en", "Link rejected"), ("zh", "关联已拒绝")])
def test_an_action_without_a_label_is_shown_as_its_code(lang: str, label: str) -> None:
    set_language(lang)
    assert action_label(audit.REJECT) == label
    assert action_label("entry.settle") == "entry.settle"  # an older log's code, no longer in ACTIONS


def test_the_page_labels_the_filter_and_each_entry_in_the_readers_language(catalog: Catalog) -> None:
    catalog.decide("GB/T 22080-2016", "ISO 9001:2015", Verdict.REJECTED, by="Li Wei")
    with TestClient(create_app(catalog), client=("127.0.0.1", 50000), base_url="http://127.0.0.1") as local:
        english = local.get("/audit", params={"lang": "en", "action": "reject"}).text
        assert '<td title="reject">Link rejected</td>' in english
        assert '<option value="notice.import">Notices imported</option>' in english
        assert '<option value="reject" selected>Link rejected</option>' in english
        chinese = local.get("/audit", params={"lang": "zh", "action": "reject"}).text
        assert '<td title="reject">关联已拒绝</td>' in chinese
        assert '<option value="profile.fact-add">概况事实已添加</option>' in chinese
        assert ">notice.import<" not in chinese and ">reject<" not in chinese
        assert local.get("/api/audit", params={"action": "reject"}).json()["entries"][0]["action"] == "reject"


def test_the_command_line_prints_labels_and_its_json_the_codes(db: str) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["--db", db, "--lang", "en", "audit", "show", "--action", "import"])
    assert table.exit_code == 0, table.output
    assert len(re.findall(r"│ Catalogue import\s+│ import \d", table.output)) == 5
    chinese = runner.invoke(cli, ["--db", db, "--lang", "zh", "audit", "show", "--action", "import"])
    assert len(re.findall(r"│ 目录导入\s+│ import \d", chinese.output)) == 5
    codes = json.loads(runner.invoke(cli, ["--db", db, "audit", "show", "--action", "import", "--json"]).output)
    assert {e["action"] for e in codes["entries"]} == {"import"}
