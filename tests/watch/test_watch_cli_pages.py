"""``stdbridge watch`` and ``stdbridge changes`` on a catalogue where ISO 9001:2015 replaced ISO 9001:2008, and the
watching pages' refusals: the inbox needs somebody signed in, a form without the CSRF token is refused."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.watch.history import ISO, iso_before_9001_2015
from tests.web.conftest import form_token

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.i18n import set_language
from stdbridge.store import SqlStore
from stdbridge.watch.model import DEFAULT_WATCHLIST, Watchlist


def _catalogue_before_9001_2015(tmp_path: Path) -> tuple[CliRunner, str]:
    """A runner and a catalogue file holding ISO's records as they were before ISO 9001:2015."""
    db = str(tmp_path / "catalog.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", db, "import", str(iso_before_9001_2015(tmp_path)), "--format", "iso",
                                "--rejects-dir", str(tmp_path)])  # fmt: skip
    assert first.exit_code == 0, first.output
    return runner, db


def test_a_body_or_country_is_watched_as_people_name_it(tmp_path: Path) -> None:
    # the body by its full name and the country by its Chinese name are watched as the codes records hold (ISO,
    # INT), so the import that replaces ISO 9001:2008 reaches the watchlist; a name that means nothing is refused
    runner, db = _catalogue_before_9001_2015(tmp_path)
    assert runner.invoke(cli, ["--db", db, "watch", "run"]).exit_code == 0
    made = runner.invoke(cli, ["--db", db, "watch", "add", "ISO", "--body", "International Organization for "
                               "Standardization"])  # fmt: skip
    assert made.exit_code == 0 and "read as ISO" in made.output, made.output
    assert runner.invoke(cli, ["--db", db, "watch", "add", "INT", "--country", "国际"]).exit_code == 0
    unknown = runner.invoke(cli, ["--db", db, "watch", "add", "nowhere", "--country", "Atlantis"])
    assert unknown.exit_code != 0 and "unknown country or region 'Atlantis'" in unknown.output
    second = runner.invoke(cli, ["--db", db, "import", str(ISO), "--format", "iso", "--rejects-dir", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert runner.invoke(cli, ["--db", db, "watch", "run"]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["--db", db, "watch", "list", "--json"]).stdout)
    assert [(w["name"], w["unread"] > 0) for w in listed] == [("ISO", True), ("INT", True)]


def test_watch_and_changes_on_the_command_line(tmp_path: Path) -> None:
    runner, db = _catalogue_before_9001_2015(tmp_path)
    assert runner.invoke(cli, ["--db", db, "watch", "run"]).exit_code == 0  # before anybody watched
    made = runner.invoke(cli, ["--db", db, "watch", "add", "QMS", "--work", "ISO 9001", "--ics", "03.120.10"])
    assert made.exit_code == 0 and "watches 2 items" in made.output, made.output
    nothing = runner.invoke(cli, ["--db", db, "watch", "add", "empty"])
    assert nothing.exit_code != 0 and "say what to watch" in nothing.output
    second = runner.invoke(cli, ["--db", db, "import", str(ISO), "--format", "iso", "--rejects-dir", str(tmp_path)])
    assert second.exit_code == 0, second.output
    ran = runner.invoke(cli, ["--db", db, "watch", "run"])
    assert ran.exit_code == 0 and "0 notifications" not in ran.output, ran.output
    listed = json.loads(runner.invoke(cli, ["--db", db, "watch", "list", "--json"]).output)
    assert [(w["name"], w["unread"] > 0) for w in listed] == [("QMS", True)]
    inbox = runner.invoke(cli, ["--db", db, "watch", "inbox", str(listed[0]["id"])])
    assert "ISO 9001:2008 was replaced by ISO 9001:2015" in inbox.output
    found = json.loads(runner.invoke(cli, ["--db", db, "changes", "--since", "2000-01-01", "--ics", "03.120.10",
                                           "--json"]).output)  # fmt: skip
    assert ("ISO 9001:2008", "replaced") in {(c["identifier"], c["kind"]) for c in found["changes"]}
    bad = runner.invoke(cli, ["--db", db, "changes", "--since", "yesterday"])
    assert bad.exit_code != 0 and "yesterday" in bad.output
    assert runner.invoke(cli, ["--db", db, "watch", "remove", str(listed[0]["id"])]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["--db", db, "watch", "list", "--json"]).output) == []


def test_the_pages_refuse_who_may_not(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    catalog = Catalog(store)
    catalog.import_path(ISO, "iso", rejects_dir=tmp_path)
    Accounts(store).add_user(LOCAL_ADMIN, "reader", password="correct horse battery", roles=frozenset({Role.READER}))
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        assert client.get("/watch").status_code == 401  # the sign-in form
        refused = client.post("/watch/add", data={"kind": "work", "value": "iso:9001"})
        assert refused.status_code == 403
        assert store.all_watchlists() == []
    store.close()


def test_the_watch_buttons_own_watchlist_is_named_in_the_readers_language(tmp_path: Path) -> None:
    # The record page's button makes the person's own watchlist once, whatever language the page is in, and every
    # page, feed and mail names it in the reader's language; one made in Chinese by an earlier release is found too
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    catalog = Catalog(store)
    catalog.import_path(ISO, "iso", rejects_dir=tmp_path)
    with TestClient(create_app(catalog), base_url="http://127.0.0.1") as client:  # the embedded platform's user
        token = form_token(client.get("/sign-in").text)
        press = {"kind": "work", "value": "iso:9001", "csrf_token": token}
        made = client.post("/watch/add", data=press, headers={"Accept-Language": "en"}, follow_redirects=False)
        assert made.status_code == 303, made.text
        [watchlist] = store.all_watchlists()
        assert watchlist.name == DEFAULT_WATCHLIST
        assert "<h1>我的关注列表</h1>" in client.get(made.headers["location"], params={"lang": "zh"}).text
        assert "我的关注列表" in client.get("/watch", params={"lang": "zh"}).text
        assert "My watchlist" in client.get("/watch", params={"lang": "en"}).text
        again = {**press, "kind": "edition", "value": "iso:9001:2008"}
        client.post("/watch/add", data=again, headers={"Accept-Language": "zh-CN"}, follow_redirects=False)
        [watchlist] = store.all_watchlists()
        assert len(watchlist.items) == 2
    store.close()
    earlier = Watchlist("我的关注列表", "token", "2026-12-01T00:00:00+00:00")
    assert earlier.is_default() and not Watchlist("QMS", "token", "2026-12-01").is_default()
    set_language("en")
    try:
        assert earlier.shown_name() == "My watchlist"
    finally:
        set_language("en")
