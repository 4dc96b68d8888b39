"""A programme's releases over HTTP: listed, downloaded (the signed file verifies), exported, compared; a programme
for members only is refused to anonymous readers; an unknown programme or number is 404."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from tests.release_cases import PROGRAMME
from tests.store.test_release_store import record_review

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.recognition.model import Programme, Visibility
from stdbridge.recognition.publishing import publish_release
from stdbridge.recognition.signing import KeyFolder, fingerprint, verify_release

LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.9", 50000)


def published(catalog: Catalog, keys: KeyFolder, programme: Programme = PROGRAMME) -> None:
    entries, reservations = record_review(catalog.store, 6)
    publish_release(catalog.store, keys, programme, entries[:5], LOCAL_ADMIN, reservations=reservations)
    entries[1].differences = "Annex B omitted."
    publish_release(catalog.store, keys, programme, entries, LOCAL_ADMIN, reservations=reservations)


@pytest.fixture
def keys(tmp_path: Path) -> KeyFolder:
    return KeyFolder(tmp_path / "keys")


def test_releases_listed_downloaded_exported_and_compared(catalog: Catalog, keys: KeyFolder) -> None:
    published(catalog, keys)
    with TestClient(create_app(catalog), client=REMOTE, base_url="http://stdbridge.example") as client:
        listed = client.get("/api/programmes/cn-int-quality/releases").json()
        assert [r["version"] for r in listed["releases"]] == ["v1", "v2"]
        assert listed["releases"][0]["fingerprint"].startswith("SHA256:")
        signed = client.get("/api/programmes/cn-int-quality/releases/2")
        assert signed.headers["content-disposition"] == 'attachment; filename="cn-int-quality-v2.json"'
        assert verify_release(signed.json(), keys.public_key_of("cn-int-quality")).ok
        workbook = client.get("/api/programmes/cn-int-quality/releases/2", params={"format": "xlsx"})
        assert openpyxl.load_workbook(io.BytesIO(workbook.content))["entries"].max_row == 7
        pair = client.get("/api/programmes/cn-int-quality/releases/2", params={"format": "pair", "pair": "CN,INT"})
        assert "Annex B omitted." in pair.text and "GB/T 24001-1996" in pair.text
        diff = client.get("/api/programmes/cn-int-quality/releases/1/diff/2").json()
        assert [e["id"] for e in diff["added"]] == [6]
        assert diff["changed"][0]["fields"]["differences"] == {"before": "", "after": "Annex B omitted."}
        assert client.get("/api/programmes/cn-int-quality/releases/3").status_code == 404
        missing = client.get("/api/programmes/cn-ru-aircraft/releases")
        assert missing.status_code == 404 and "published no release" in missing.json()["error"]["message"]


def test_a_programme_for_members_only(catalog: Catalog, keys: KeyFolder) -> None:
    members_only = dataclasses.replace(PROGRAMME, visibility=Visibility.MEMBERS)
    published(catalog, keys, members_only)
    app = create_app(catalog)
    with TestClient(app, client=REMOTE, base_url="http://stdbridge.example") as anonymous:
        assert anonymous.get("/api/programmes/cn-int-quality/releases").status_code == 401
        assert anonymous.get("/api/programmes/cn-int-quality/releases/1").status_code == 401
    with TestClient(app, client=LOCAL, base_url="http://127.0.0.1") as local:
        assert local.get("/api/programmes/cn-int-quality/releases").status_code == 200


def test_the_pages_of_a_programmes_releases(catalog: Catalog, keys: KeyFolder) -> None:
    published(catalog, keys)
    with TestClient(create_app(catalog), client=REMOTE, base_url="http://stdbridge.example") as client:
        listing = client.get("/programmes/cn-int-quality/releases", params={"lang": "en"})
        assert listing.status_code == 200
        public = keys.public_key_of("cn-int-quality")
        assert public is not None and fingerprint(public) in listing.text
        assert 'href="/programmes/cn-int-quality/releases/1/diff/2"' in listing.text
        one = client.get("/programmes/cn-int-quality/releases/2", params={"lang": "zh"})
        assert one.status_code == 200
        assert "环境管理体系 规范及使用指南" in one.text and "CN NEQ: Clause 4 adds national requirements." in one.text
        diff = client.get("/programmes/cn-int-quality/releases/1/diff/2", params={"lang": "en"})
        assert "From v1 to v2: 1 added, 0 removed, 1 changed." in diff.text
        assert client.get("/programmes/cn-int-quality/releases/9", params={"lang": "en"}).status_code == 404
