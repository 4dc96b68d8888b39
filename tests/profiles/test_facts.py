"""The facts of the profiles: a bad file changes nothing and names its file, lines and values; only editors change
facts, each change in the audit log; the command line and the HTTP API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.conftest import DATA

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import Forbidden, ImportFailed
from stdbridge.profiles.facts import BUNDLED_FACTS, ProfileFacts, bundled_facts, read_facts
from stdbridge.profiles.model import ProfileFact

BAD = DATA / "profiles" / "facts_bad.csv"


def test_a_bad_row_stops_the_whole_file_naming_file_line_and_value(catalog: Catalog) -> None:
    with pytest.raises(ImportFailed) as raised:
        ProfileFacts(catalog.store).import_file(LOCAL_ADMIN, BAD.read_bytes(), "facts_bad.csv")
    text = str(raised.value)
    assert text.startswith("facts_bad.csv:3: 4 bad rows, nothing imported")
    for line, value in ((3, "'XX'"), (4, "'nonsense-kind'"), (5, "source"), (6, "'2025-13'")):
        assert f"line {line}: " in text and value in text
    assert catalog.store.profile_facts() == []  # the good first row was not kept either
    with pytest.raises(ImportFailed, match="missing column"):
        ProfileFacts(catalog.store).import_file(LOCAL_ADMIN, b"country,kind,value\nCN,iso-membership,x\n", "short.csv")


def test_only_editors_change_facts_and_each_change_is_audited(catalog: Catalog) -> None:
    facts = ProfileFacts(catalog.store)
    reader = Actor(7, "reader", frozenset({Role.READER, Role.CONTRIBUTOR, Role.EXPERT}), signed_in=True)
    editor = Actor(8, "editor", frozenset({Role.READER, Role.EDITOR}), signed_in=True)
    good = ProfileFact("CHN", "iso-committees-participating", "761", "ISO Open Data", "2025-07-01")
    with pytest.raises(Forbidden):
        facts.add(reader, good)
    with pytest.raises(Forbidden):
        facts.import_file(reader, b"country,kind,value,source,date\n", "empty.csv")
    added = facts.add(editor, good)
    assert added.country == "CN" and added.id is not None and added.updated_by == "editor"
    with pytest.raises(Forbidden):
        facts.edit(reader, added.id, good)
    with pytest.raises(Forbidden):
        facts.delete(reader, added.id)
    changed = ProfileFact("CN", "iso-secretariats", "89", "ISO Open Data", "2025-07-01")
    facts.edit(editor, added.id, changed)
    assert [f.kind for f in facts.of("CN")] == ["iso-secretariats"]
    facts.delete(editor, added.id)
    assert facts.of("CN") == []
    actions = [e.action for e in catalog.store.iter_audit()]
    assert actions[-3:] == ["profile.fact-add", "profile.fact-edit", "profile.fact-delete"]


def test_the_command_line_imports_lists_and_shows(catalog: Catalog, tmp_path: Path) -> None:
    location = catalog.store.location
    runner = CliRunner()
    refused = runner.invoke(cli, ["--db", location, "profile-facts", "import", str(BAD)])
    assert refused.exit_code == 1 and "facts_bad.csv:3" in refused.output
    good = tmp_path / "facts_good.csv"
    good.write_text("\n".join(BAD.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    done = runner.invoke(cli, ["--db", location, "profile-facts", "import", str(good), "--json"])
    assert done.exit_code == 0 and json.loads(done.output)["added"] == 1
    shown = runner.invoke(cli, ["--db", location, "profile", "中国", "--json"])
    assert shown.exit_code == 0, shown.output
    answer = json.loads(shown.output)
    assert answer["country"]["zh"] == "中国" and answer["records"] == 30
    assert answer["facts"][0]["value"] == "761" and answer["facts"][0]["source"].startswith("ISO Open Data")


def test_the_api_lists_every_country_and_refuses_a_bad_fact(client: TestClient) -> None:
    listed = client.get("/api/profiles", params={"q": "日本"}).json()
    assert [c["code"] for c in listed["countries"]] == ["JP"] and listed["countries"][0]["records"] == 5
    assert client.get("/api/profiles").json()["count"] == 249
    one = client.get("/api/profiles/CN").json()
    assert one["national_body"]["code"] == "SAC" and one["international_adoption"]["records"] == 5
    assert [i["key"] for i in one["capacity"]] == ["produces", "docking", "absorbs", "complies"]
    bad = client.post("/api/profiles/CN/facts", json={"kind": "iso-membership", "value": "member body",
                                                      "source": "ISO member directory", "date": "2025-13"})  # fmt: skip
    assert bad.status_code == 400 and "2025-13" in bad.json()["error"]["message"]
    added = client.post("/api/profiles/CN/facts", json={"kind": "iso-membership", "value": "member body (SAC)",
                                                        "source": "ISO member directory", "date": "2025"})  # fmt: skip
    assert added.status_code == 200
    fact_id = added.json()["id"]
    assert client.get("/api/profiles/CN").json()["facts"][0]["value"] == "member body (SAC)"
    assert client.delete(f"/api/profile-facts/{fact_id}").status_code == 200
    upload = client.post("/api/profile-facts/import", files={"file": ("facts_bad.csv", BAD.read_bytes())})
    assert upload.status_code == 422 and "facts_bad.csv:3" in upload.json()["error"]["message"]


def test_a_catalogue_built_before_the_facts_shipped_takes_them_once(empty_catalog: Catalog) -> None:
    location = empty_catalog.store.location
    runner = CliRunner()
    neither = runner.invoke(cli, ["--db", location, "profile-facts", "import"])
    assert neither.exit_code != 0 and "--bundled" in neither.output
    shipped = read_facts(bundled_facts(), BUNDLED_FACTS)
    first = runner.invoke(cli, ["--db", location, "profile-facts", "import", "--bundled", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["added"] == len(shipped) == len(empty_catalog.store.profile_facts(None)) > 100
    again = runner.invoke(cli, ["--db", location, "profile-facts", "import", "--bundled", "--json"])
    assert json.loads(again.output)["added"] == 0 and len(empty_catalog.store.profile_facts(None)) == len(shipped)
