"""Saved groups of the connectivity index: a contributor keeps their own, an editor shared ones, a reader neither;
each save and removal is audited; the matrix of a saved group is the matrix of its members; over the command line
and HTTP."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.accounts.service import Accounts
from stdbridge.analytics import groups as saved
from stdbridge.analytics.connectivity import matrix
from stdbridge.app import create_app
from stdbridge.audit.entry import GROUP_REMOVE, GROUP_SAVE, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import Forbidden, NotFound, UsageError


def _actor(catalog: Catalog, name: str, role: Role) -> Actor:
    user = Accounts(catalog.store).add_user(LOCAL_ADMIN, name, roles=frozenset({role}))
    return Actor(user.id, user.name, user.roles, signed_in=True)


def test_own_and_shared_groups_by_role_audited(catalog: Catalog) -> None:
    reader, contributor = _actor(catalog, "reader", Role.READER), _actor(catalog, "Li Wei", Role.CONTRIBUTOR)
    editor = _actor(catalog, "editor", Role.EDITOR)
    with pytest.raises(Forbidden):
        saved.save_group(catalog, reader, "mine", ["CN", "JP"], shared=False)
    with pytest.raises(Forbidden):
        saved.save_group(catalog, contributor, "BRI partners", ["CN", "ISO"], shared=True)
    own = saved.save_group(catalog, contributor, "East Asia", ["中国", "JP", "body:ISO", "JP"], shared=False)
    assert own.members == ["country:CN", "country:JP", "body:ISO"]  # read as the systems they name, each once
    shared = saved.save_group(catalog, editor, "BRI partners", ["CN", "ISO", "IEC"], shared=True)
    # everybody sees the shared group; only the owner their own
    assert [g.name for g in saved.groups_for(catalog, contributor)] == ["BRI partners", "East Asia"]
    assert [g.name for g in saved.groups_for(catalog, editor)] == ["BRI partners"]
    with pytest.raises(NotFound):
        saved.group_for(catalog, editor, own.id or 0)
    with pytest.raises(Forbidden):  # a contributor does not change a shared group
        saved.save_group(catalog, contributor, "BRI", ["CN", "JP"], shared=True, group_id=shared.id)
    with pytest.raises(UsageError, match="at least two"):
        saved.save_group(catalog, contributor, "alone", ["CN"], shared=False)
    with pytest.raises(UsageError, match="name"):
        saved.save_group(catalog, contributor, "  ", ["CN", "JP"], shared=False)
    renamed = saved.save_group(catalog, contributor, "East Asia and ISO", ["CN", "JP", "ISO", "KR"], shared=False,
                               group_id=own.id)  # fmt: skip
    assert renamed.id == own.id and saved.group_for(catalog, contributor, own.id or 0).name == "East Asia and ISO"
    saved.remove_group(catalog, editor, shared.id or 0)
    assert [g.name for g in saved.groups_for(catalog, reader)] == []
    entries = catalog.store.audit_entries(AuditQuery(limit=50))
    actions = [(e.action, e.actor_name) for e in entries if e.action in (GROUP_SAVE, GROUP_REMOVE)]
    assert sorted(actions) == sorted([(GROUP_SAVE, "Li Wei"), (GROUP_SAVE, "editor"), (GROUP_SAVE, "Li Wei"),
                                      (GROUP_REMOVE, "editor")])  # fmt: skip
    # the matrix of the saved group is the matrix of its members
    group = saved.group_for(catalog, contributor, own.id or 0)
    scopes = saved.read_members(catalog, group.members)
    found = matrix(catalog, scopes, dt.date(2017, 12, 31))
    assert [str(s) for s in found.scopes] == ["country:CN", "country:JP", "body:ISO", "country:KR"]
    cn_iso = found.cells[0][2]
    assert cn_iso is not None and (cn_iso.standards, cn_iso.recognised) == (7, 1)  # worked by hand in test_connectivity


@pytest.fixture
def db_catalog(db: str) -> Iterator[Catalog]:
    """The catalogue of ``db`` (the command line's), for HTTP."""
    catalog = Catalog.open(Path(db))
    yield catalog
    catalog.store.close()


def test_groups_on_the_command_line_and_over_http(db_catalog: Catalog, db: str) -> None:
    catalog = db_catalog
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", db, "groups", "save", "East Asia", "CN，JP、ISO", "--shared"])
    assert made.exit_code == 0 and "country:CN, country:JP, body:ISO" in made.output, made.output
    listed = json.loads(runner.invoke(cli, ["--db", db, "groups", "list", "--json"]).output)
    assert [(g["name"], g["shared"]) for g in listed] == [("East Asia", True)]
    done = runner.invoke(cli, ["--db", db, "connectivity", "--saved", "East Asia", "--to", "2017", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["cells"][0][2]["recognised"] == 1
    missing = runner.invoke(cli, ["--db", db, "connectivity", "--saved", "nothing"])
    assert missing.exit_code != 0 and "no group" in missing.output
    assert runner.invoke(cli, ["--db", db, "groups", "remove", str(listed[0]["id"])]).exit_code == 0
    # over HTTP: a reader may not save, a contributor saves their own, the matrix reads it
    accounts = Accounts(catalog.store)
    for name, role in (("reader", Role.READER), ("contributor", Role.CONTRIBUTOR)):
        accounts.add_user(LOCAL_ADMIN, name, roles=frozenset({role}))
    token = {n: {"Authorization": "Bearer " + accounts.create_token(LOCAL_ADMIN, "api", user_name=n).secret}
             for n in ("reader", "contributor")}  # fmt: skip
    asked = {"name": "Pair", "members": ["CN", "ISO"]}
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        assert client.post("/api/connectivity/groups", json=asked).status_code == 401
        assert client.post("/api/connectivity/groups", json=asked, headers=token["reader"]).status_code == 403
        assert client.post("/api/connectivity/groups", json={**asked, "shared": True},
                           headers=token["contributor"]).status_code == 403  # fmt: skip
        made_http = client.post("/api/connectivity/groups", json=asked, headers=token["contributor"])
        assert made_http.status_code == 201, made_http.text
        group_id = made_http.json()["id"]
        assert client.get(f"/api/connectivity/groups/{group_id}", headers=token["reader"]).status_code == 404
        found = client.get(f"/api/connectivity/matrix?saved={group_id}&year=2017", headers=token["contributor"])
        assert found.status_code == 200, found.text
        assert found.json()["cells"][0][1]["recognised"] == 1
        assert client.delete(f"/api/connectivity/groups/{group_id}", headers=token["reader"]).status_code == 404
        assert client.delete(f"/api/connectivity/groups/{group_id}", headers=token["contributor"]).status_code == 204
