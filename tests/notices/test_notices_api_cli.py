"""Notices over HTTP and on the command line, with the real notifications of ``tests/data/notices``: an editor
imports the ePing export (multipart) and writes a news item, which the country profiles list; a reader may list,
filter and read them but neither import nor write (403 before the upload is read); the deadline view;
``stdbridge notices import|list`` and ``stdbridge news import|add|list``; the pages (``/notices`` in Chinese, a
notice, ``/news?country=``) and the record page listing the notices citing it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.notices.cases import EXPORT, FEED, IEC_60335_2_9, MAPPING, with_iec_60335_2_9

from stdbridge.accounts.roles import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.notices.model import NoticeQuery


def _token(accounts: Accounts, name: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + accounts.create_token(LOCAL_ADMIN, "api", user_name=name).secret}


def test_notices_over_http(empty_catalog: Catalog, tmp_path: Path) -> None:
    catalog = with_iec_60335_2_9(empty_catalog, tmp_path)
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "editor", roles=frozenset({Role.READER, Role.EDITOR}))
    accounts.add_user(LOCAL_ADMIN, "reader", roles=frozenset({Role.READER, Role.CONTRIBUTOR}))
    editor, reader = _token(accounts, "editor"), _token(accounts, "reader")
    upload = {"file": (EXPORT.name, EXPORT.read_bytes(), "text/csv")}
    extra = {
        "format": "tbt",
        "mapping": json.dumps({"products": "Products covered", "documents": "Relevant documents"}),
    }
    with TestClient(create_app(catalog), base_url="http://stdbridge.example") as client:
        refused = client.post("/api/notices/import", files=upload, data=extra, headers=reader)
        assert refused.status_code == 403 and catalog.store.count_notices(NoticeQuery()) == 0
        done = client.post("/api/notices/import", files=upload, data=extra, headers=editor).json()
        assert (done["added"], done["rejected"]) == (4, [])
        listed = client.get("/api/notices", params={"country": "China"}).json()
        assert listed["total"] == 3 and listed["notices"][0]["symbol"] == "G/TBT/N/CHN/1786"
        assert listed["notices"][0]["hs"] == ["100310", "100410", "120923", "120924", "120925"]
        assert client.get("/api/notices", params={"deadline": 3650}).json()["total"] == 0  # all closed by now
        bhr = client.get("/api/notices", params={"q": "conformity assessment", "hs": "85"}).json()["notices"][0]
        one = client.get(f"/api/notices/{bhr['id']}").json()
        assert one["comment_deadline"] == "2005-01-29" and one["url"] == f"http://stdbridge.example/notices/{bhr['id']}"
        assert {"text": "IEC 60335-2-9", "identifier": "IEC 60335-2-9:2019", "in_catalogue": True} in one["cites"]
        assert client.get("/api/notices/999").status_code == 404
        item = {"title": "IEC 60335-2-9:2019 的中国采用", "country": "CN", "body": "SAC", "date": "2026-12-04",
                "text": "家用和类似用途电器的安全 IEC 60335-2-9:2019", "language": "zh"}  # fmt: skip
        assert client.post("/api/news", json=item, headers=reader).status_code == 403
        made = client.post("/api/news", json=item, headers=editor)
        assert made.status_code == 201 and made.headers["Location"].startswith("/api/notices/")
        news = client.get("/api/news", params={"country": "CN", "body": "sac"}).json()["news"]
        assert [n["title"] for n in news] == [item["title"]]
        page = client.get("/notices", params={"lang": "zh", "country": "CN"})
        assert page.status_code == 200 and "中华人民共和国国家标准《光源 安全要求》" in page.text
        assert "3 项通报" in page.text
        record = client.get("/standard", params={"id": "IEC 60335-2-9:1993", "lang": "en"}).text
        assert f'href="/notices/{bhr["id"]}"' in record and "G/TBT/N/BHR/1" in record
        notice = client.get(f"/notices/{bhr['id']}", params={"lang": "en"}).text
        assert 'href="/standard?id=IEC%2060335-2-9%3A2019"' in notice and "ISO 309-1" in notice
        assert "2005-01-29" in notice
        column = client.get("/news", params={"country": "CN", "lang": "en"}).text
        assert item["title"] in column and "Write a news item" not in column  # nobody signed in may write
        # the country's profile lists its notices and news, the newest first (and only its own)
        profile = client.get("/api/profiles/CN").json()["notices"]
        assert [n["symbol"] or n["title"] for n in profile] == [
            item["title"], "G/TBT/N/CHN/1786", "G/TBT/N/CHN/1718", "G/TBT/N/CHN/1278"]  # fmt: skip
        assert client.get("/api/profiles/BH").json()["notices"][0]["symbol"] == "G/TBT/N/BHR/1"
        assert client.get("/api/profiles/JP").json()["notices"] == []
        shown = client.get("/profiles/CN", params={"lang": "zh"}).text
        assert "G/TBT/N/CHN/1786" in shown and "G/TBT/N/BHR/1" not in shown and 'href="/news?country=CN"' in shown


def test_notices_and_news_on_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "import", str(IEC_60335_2_9), "--format", "iec",
                               "--rejects-dir", str(tmp_path)]).exit_code == 0  # fmt: skip
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({k: v for k, v in MAPPING.items() if k in ("products", "documents")}))
    first = runner.invoke(cli, ["--db", db, "notices", "import", str(EXPORT), "--mapping", str(mapping)])
    assert first.exit_code == 0, first.output
    assert "4 added, 0 changed, 0 unchanged, 0 rejected" in first.output
    again = runner.invoke(cli, ["--db", db, "notices", "import", str(EXPORT), "--mapping", str(mapping)])
    assert "0 added, 0 changed, 4 unchanged" in again.output
    listed = json.loads(runner.invoke(cli, ["--db", db, "notices", "list", "--ics", "65", "--json"]).output)
    assert [n["symbol"] for n in listed] == ["G/TBT/N/CHN/1786"]
    china = runner.invoke(cli, ["--db", db, "notices", "list", "--country", "China", "--words", "cement"])
    assert "G/TBT/N/CHN/1278" in china.output and "2018-09-08" in china.output
    fed = runner.invoke(cli, ["--db", db, "news", "import", str(FEED), "--country", "VN", "--body", "TCVN"])
    assert "2 added" in fed.output, fed.output
    wrote = runner.invoke(cli, ["--db", db, "news", "add", "--title", "IEC 60335-2-9", "--country", "CN",
                                "--text", "IEC 60335-2-9:2019"])  # fmt: skip
    assert "it cites IEC 60335-2-9:2019" in wrote.output, wrote.output
    column = json.loads(runner.invoke(cli, ["--db", db, "news", "list", "--body", "TCVN", "--json"]).output)
    assert [n["date"] for n in column] == ["2019-03-11", "2018-08-29"]
    missing = runner.invoke(cli, ["--db", db, "notices", "import", str(FEED)])  # a feed is not an export
    assert missing.exit_code == 1 and "Document symbol" in missing.output
