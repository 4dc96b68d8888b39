"""The page of what changed (``/changes``): the changes since a date, filtered by body, country and ICS field as
people name them, a page at a time; the pages put together are every change; in Chinese and in English, and in a
real browser, from a body's overview to the next page."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from tests.web.conftest import EN, ZH

from stdbridge.catalog import Catalog
from stdbridge.watch.changes import ChangeFilter, changes
from stdbridge.web.changes_page import PER_PAGE

SINCE = "2000-01-01"


def _identifiers(html: str) -> list[str]:
    return [unescape(i) for i in re.findall(r'<a class="ident" href="[^"]*">([^<]+)</a>', html)]


def _next(html: str) -> str | None:
    found = re.search(r'<a rel="next" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def test_the_pages_together_are_every_change_of_a_body_named_as_people_name_it(
    client: TestClient, web_catalog: Catalog
) -> None:
    every = changes(web_catalog, ChangeFilter(SINCE, body="ISO"), 10_000).changes
    assert len(every) > PER_PAGE  # more than one page
    first = client.get("/changes", params={"since": SINCE, "body": "国际标准化组织", **EN})
    assert first.status_code == 200
    assert "'国际标准化组织' read as ISO (International Organization for Standardization)" in unescape(first.text)
    assert f"{len(every):,} changes since {SINCE}" in first.text
    shown, url = _identifiers(first.text), _next(first.text)
    while url:
        page = client.get(url)
        shown += _identifiers(page.text)
        url = _next(page.text)
    assert shown == [c["identifier"] for c in every]


def test_filters_in_chinese_and_a_name_that_means_nothing(client: TestClient, web_catalog: Catalog) -> None:
    quality = changes(web_catalog, ChangeFilter(SINCE, ics="03.120"), 10_000).changes
    page = client.get("/changes", params={"since": SINCE, "ics": "03.120", "country": "国际", **ZH})
    assert page.status_code == 200 and "目录变更" in page.text
    assert f"自 {SINCE} 以来共" in page.text
    assert _identifiers(page.text) == [c["identifier"] for c in quality if c["country"] == "INT"]
    unknown = client.get("/changes", params={"since": SINCE, "country": "Atlantis", **EN})
    assert "unknown country or region &#39;Atlantis&#39;" in unknown.text and "that filter was ignored" in unknown.text
    bad_date = client.get("/changes", params={"since": "last week", **EN})
    assert bad_date.status_code == 200 and "the last 30 days are shown" in unescape(bad_date.text)


def test_from_a_body_s_overview_to_its_changes_and_the_next_page(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/overview/body/ISO?lang=zh")
    page.get_by_role("link", name="最近 30 天内其记录的变更").click()
    expect(page.locator("h1")).to_have_text("目录变更")
    page.get_by_label("起始日期").fill(SINCE)
    page.get_by_role("button", name="显示").click()
    expect(page.locator("table.changes tbody tr")).to_have_count(PER_PAGE)
    first = page.locator("table.changes tbody tr td.num").first.inner_text()
    page.get_by_role("link", name="下一页 →").click()
    expect(page.locator("table.changes tbody tr").first).to_be_visible()
    assert int(page.locator("table.changes tbody tr td.num").first.inner_text()) > int(first)
    expect(page.get_by_role("link", name="← 回到开头")).to_be_visible()
