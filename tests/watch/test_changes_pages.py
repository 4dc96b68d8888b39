"""Everything that changed since a date, a page at a time (``watch.changes``, ``stdbridge changes``,
``/api/changes``): pages put together are the whole list, every change counted, none dropped however many pass;
bodies and countries are named as people name them (JIS, 日本), and a name that means nothing is refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.watch import changes as changes_module
from stdbridge.watch.changes import MOST, ChangeFilter, changes

SINCE = "2000-01-01"


def _all_pages(catalog: Catalog, wanted: ChangeFilter, limit: int) -> list[dict[str, object]]:
    found, after = [], 0
    while True:
        page = changes(catalog, wanted, limit, after)
        assert len(page.changes) <= limit
        found += page.changes
        if page.after is None:
            return found
        assert len(page.changes) == limit  # a page is short only when it is the last
        after = page.after


def test_pages_together_are_every_change_and_the_total_counts_them(catalog: Catalog) -> None:
    whole = changes(catalog, ChangeFilter(SINCE), MOST)
    assert whole.after is None and whole.total == len(whole.changes) > 300
    assert _all_pages(catalog, ChangeFilter(SINCE), 37) == whole.changes
    jis = changes(catalog, ChangeFilter(SINCE, body="JISC"), MOST)
    assert jis.changes and {c["body"] for c in jis.changes} == {"JISC"} and jis.total == len(jis.changes)
    assert _all_pages(catalog, ChangeFilter(SINCE, body="JISC"), 5) == jis.changes
    # an ICS field is read from the records: pages still fill up, and together hold what passes
    quality = [c for c in whole.changes if any(code.startswith("03.120") for code in c["ics"])]  # type: ignore[attr-defined]
    assert quality and changes(catalog, ChangeFilter(SINCE, ics="03.120"), MOST).changes == quality
    assert _all_pages(catalog, ChangeFilter(SINCE, ics="03.120"), 2) == quality
    assert changes(catalog, ChangeFilter(SINCE, ics="03.120"), 2).total == len(quality)


def test_an_ics_field_of_very_many_records_is_read_from_every_event(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # beyond _BY_RECORDS records, the events are read in order and those of other records left out: the same
    # pages, without a total; and pages still fill up when the store's reads hold few that pass
    by_records = _all_pages(catalog, ChangeFilter(SINCE, ics="03.120"), 3)
    monkeypatch.setattr(changes_module, "_BY_RECORDS", 0)
    monkeypatch.setattr(changes_module, "_READ", 4)
    assert _all_pages(catalog, ChangeFilter(SINCE, ics="03.120"), 3) == by_records
    assert changes(catalog, ChangeFilter(SINCE, ics="03.120"), 3).total is None


def test_the_command_line_pages_and_reads_names(db: str) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", db, "changes", "--since", SINCE, "--body", "JIS", "--limit", "2"])
    assert first.exit_code == 0, first.output
    assert "'JIS' read as the JIS series of JISC" in first.output
    total = json.loads(runner.invoke(cli, ["--db", db, "changes", "--since", SINCE, "--body", "JISC", "--json"]).stdout)
    assert f"2 of {total['total']:,} changes shown." in first.output
    assert f"--after {total['changes'][1]['id']}" in first.output
    japan = runner.invoke(cli, ["--db", db, "changes", "--since", SINCE, "--country", "日本", "--limit", "2",
                                "--after", str(total["changes"][1]["id"]), "--json"])  # fmt: skip
    assert "'日本' read as Japan (JP)" in japan.output  # every JIS record is Japan's
    assert [c["id"] for c in json.loads(japan.stdout)["changes"]] == [c["id"] for c in total["changes"][2:4]]
    unknown = runner.invoke(cli, ["--db", db, "changes", "--since", SINCE, "--country", "Atlantis"])
    assert unknown.exit_code != 0 and "unknown country or region 'Atlantis'" in unknown.output
    assert "nearest known" in unknown.output


def test_the_api_pages_and_reads_names(client: TestClient) -> None:
    first = client.get("/api/changes", params={"since": SINCE, "body": "JIS", "limit": 3}).json()
    assert first["count"] == 3 and first["after"] == first["changes"][-1]["id"] and first["total"] > 3
    assert [r["code"] for r in first["read_as"]] == ["JISC"]
    second = client.get("/api/changes", params={"since": SINCE, "body": "JIS", "limit": 3, "after": first["after"]})
    assert second.json()["changes"][0]["id"] > first["after"]
    unknown = client.get("/api/changes", params={"since": SINCE, "country": "Atlantis"})
    assert unknown.status_code == 400 and "Atlantis" in unknown.text
