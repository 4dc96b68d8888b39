"""Watchlists over HTTP: a compliance engineer (a reader with a token) watches ISO 9001 and ICS 03.120.10; an
import replaces ISO 9001:2008 and the inbox says so, linking both records; the feed is read with its token and
without a session; somebody else cannot see the watchlist, an anonymous visitor cannot watch, an organisation's
watchlist needs its membership; every change is in the audit log. ``/api/changes`` lists what changed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.watch.history import ISO, iso_before_9001_2015

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import WATCH_ADD, WATCH_CHANGE, WATCH_REMOVE, WEBHOOK_ADD, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.watch.fanout import fan_out


def _token(accounts: Accounts, name: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + accounts.create_token(LOCAL_ADMIN, "api", user_name=name).secret}


def test_watch_an_import_and_read_the_inbox_and_feed(empty_catalog: Catalog, tmp_path: Path) -> None:
    catalog, store = empty_catalog, empty_catalog.store
    catalog.import_path(iso_before_9001_2015(tmp_path), "iso", rejects_dir=tmp_path)
    fan_out(store)
    accounts = Accounts(store)
    for name in ("engineer", "neighbour"):
        accounts.add_user(LOCAL_ADMIN, name, roles=frozenset({Role.READER}))
    accounts.add_organisation(LOCAL_ADMIN, "SAC", "standards-body", "CN")
    engineer, neighbour = _token(accounts, "engineer"), _token(accounts, "neighbour")
    work = catalog.resolve("ISO 9001").standard.work_key
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        asked = {"name": "QMS", "items": [{"kind": "work", "value": work}, {"kind": "ics", "value": "03.120.10"}]}
        assert client.post("/api/watchlists", json=asked).status_code == 401  # nobody signed in
        made = client.post("/api/watchlists", json=asked, headers=engineer)
        assert made.status_code == 201, made.text
        watchlist = made.json()
        org = {**asked, "organisation": store.list_organisations()[0].id}
        assert client.post("/api/watchlists", json=org, headers=engineer).status_code == 403  # not a member
        where = f"/api/watchlists/{watchlist['id']}"
        assert client.get(where, headers=neighbour).status_code == 403
        assert client.get("/api/watchlists", headers=neighbour).json() == []
        hook = client.post(where + "/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=engineer)
        assert hook.status_code == 201 and len(hook.json()["secret"]) == 64
        added = client.post(where + "/items", json={"kind": "committee", "value": "ISO/TC 176/SC 2"}, headers=engineer)
        assert added.status_code == 201

        catalog.import_path(ISO, "iso", rejects_dir=tmp_path)  # ISO 9001:2015 replaces ISO 9001:2008
        assert fan_out(store).notifications > 0
        [mine] = client.get("/api/watchlists", headers=engineer).json()
        assert mine["unread"] > 0
        inbox = client.get(where + "/notifications", params={"unread": True}, headers=engineer).json()
        replaced = [n for n in inbox if n["kind"] == "replaced" and n["identifier"] == "ISO 9001:2008"]
        assert [(n["replaced_by"], n["summary"]) for n in replaced] == [
            ("ISO 9001:2015", "ISO 9001:2008 was replaced by ISO 9001:2015")]  # fmt: skip
        assert replaced[0]["url"] == "http://stdbridge.example/standard?id=ISO+9001%3A2008"
        assert replaced[0]["replaced_by_url"] == "http://stdbridge.example/standard?id=ISO+9001%3A2015"
        assert client.get(where + "/notifications", headers=neighbour).status_code == 403
        marked = client.post(where + "/read", json={}, headers=engineer).json()["marked"]
        assert marked == len(client.get(where + "/notifications", params={"limit": 500}, headers=engineer).json())
        assert client.get("/api/watchlists", headers=engineer).json()[0]["unread"] == 0

        feed = client.get(mine["feed"].removeprefix("http://stdbridge.example"))  # no session, the token
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
        assert "ISO 9001:2008 was replaced by ISO 9001:2015" in feed.text
        assert "standard?id=ISO+9001%3A2015" in feed.text
        assert client.get(f"/watch/{watchlist['id']}/feed.atom", params={"token": "guess"}).status_code == 404

        log = client.get(f"{where}/webhooks/{hook.json()['id']}/deliveries", headers=engineer).json()
        assert log and {d["status"] for d in log} == {"pending"}
        assert client.delete(where, headers=neighbour).status_code == 403
        assert client.delete(where, headers=engineer).status_code == 204
    actions = [e.action for e in store.audit_entries(AuditQuery(limit=50)) if e.action.startswith(("watch", "webhook"))]
    assert sorted(actions) == sorted([WATCH_ADD, WEBHOOK_ADD, WATCH_CHANGE, WATCH_REMOVE])


def test_changes_since_a_date_with_filters(empty_catalog: Catalog, tmp_path: Path) -> None:
    catalog = empty_catalog
    catalog.import_path(iso_before_9001_2015(tmp_path), "iso", rejects_dir=tmp_path)
    catalog.import_path(ISO, "iso", rejects_dir=tmp_path)
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        found = client.get("/api/changes", params={"since": "2000-01-01", "ics": "03.120"}).json()
        assert all(any(c.startswith("03.120") for c in change["ics"]) for change in found["changes"])
        kinds = {(c["identifier"], c["kind"]) for c in found["changes"]}
        assert {("ISO 9001:2008", "replaced"), ("ISO 9001:2015", "added")} <= kinds
        assert client.get("/api/changes", params={"since": "2000-01-01", "body": "IEC"}).json()["count"] == 0
        assert client.get("/api/changes", params={"since": "2999-01-01"}).json()["count"] == 0
        bad = client.get("/api/changes", params={"since": "last week"})
        assert bad.status_code == 400 and "last week" in bad.text
