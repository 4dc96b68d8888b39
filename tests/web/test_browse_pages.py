"""Browsing in a real browser: the ICS and the CCS trees down to a filtered list with its facets, a committee page
opened from a record, the honest answer for an identifier not held, and pages that exist; in English and Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.conftest import DATA, load_excerpts
from tests.web.chromium import new_context
from tests.web.conftest import serving

from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import CcsImporter, IsoCommitteesImporter
from stdbridge.store import SqlStore

SHOTS = Path("/tmp/stdbridge-browse-shots")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("browse-web")
    store = SqlStore(f"sqlite:///{where / 'catalog.db'}")
    catalog = load_excerpts(Catalog(store), where / "rejects")
    for name in CcsImporter.bundled_files:
        catalog.import_path(bundled_path(name), "ccs", rejects_dir=where / "rejects")
    catalog.import_path(bundled_path(IsoCommitteesImporter.bundled_file), "iso-committees")
    catalog.import_path(DATA / "gb" / "gb_official.csv", "gb", rejects_dir=where / "rejects")
    with serving(catalog) as url:
        yield url
    store.close()


def _page(browser: Browser, locale: str) -> Page:
    return new_context(browser, locale=locale).new_page()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_ics_tree_leads_to_a_filtered_list_with_facets(browser: Browser, site: str) -> None:
    page = _page(browser, "en-US")
    page.goto(site + "/")
    page.get_by_role("link", name="Browse", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^Services\. Company organization")).click()
    page.get_by_role("link", name="Quality", exact=True).click()
    expect(page.locator("h1")).to_contain_text("03.120")
    row = page.locator("tr", has=page.get_by_role("link", name="03.120.10", exact=True))
    count = int(row.locator("td.num").inner_text())
    row.locator("td.num a").click()
    expect(page).to_have_url(re.compile(r"/\?ics=03\.120\.10$"))
    summary = page.locator("#summary")
    expect(summary).to_contain_text(f"{count} records")
    expect(summary).to_contain_text("works, page 1 of")
    expect(page.locator(".facet-ics a.selected")).to_contain_text("03.120.10")
    expect(page.locator(".facet-body")).to_be_visible()
    page.locator(".facet-status a").first.click()
    expect(page.locator(".facet-status a.selected")).to_have_count(1)
    page.context.close()


def test_the_ccs_tree_in_chinese_leads_to_its_list(browser: Browser, site: str) -> None:
    page = _page(browser, "zh-CN")
    page.goto(site + "/browse/ccs?lang=zh")
    expect(page.locator("h1")).to_have_text("按分类浏览")
    page.get_by_role("link", name="电子元器件与信息技术", exact=True).click()
    page.get_by_role("link", name="L00/09", exact=True).click()
    _shot(page, "ccs-group-zh")
    row = page.locator("tr", has=page.get_by_role("link", name="L06", exact=True))
    row.locator("td.num a").click()
    expect(page).to_have_url(re.compile(r"ccs=L06"))
    expect(page.locator("#summary")).to_contain_text("条记录，")
    expect(page.locator("#summary")).to_contain_text("项标准，第 1/1 页")
    expect(page.locator(".facet-ccs a.selected")).to_contain_text("L06")
    expect(page.locator(".facet-kind")).to_contain_text("推荐性国家标准（GB/T）")
    _shot(page, "ccs-list-zh")
    page.context.close()


def test_a_committee_page_opens_from_a_record(browser: Browser, site: str) -> None:
    page = _page(browser, "en-US")
    page.goto(site + "/standard?id=ISO 9001:2015")
    page.locator("a.committee").click()
    expect(page.locator("h1")).to_have_text("ISO/TC 176/SC 2")
    expect(page.locator(".committee-title")).to_have_text("Quality systems")
    expect(page.locator(".scope")).to_contain_text("quality management")
    page.get_by_role("link", name="ISO/TC 176", exact=True).click()
    expect(page.locator(".committee-title")).to_have_text("Quality management and quality assurance")
    page.locator(".committee-counts a").first.click()
    expect(page).to_have_url(re.compile(r"committee=ISO%2FTC\+176"))
    expect(page.locator(".facet-committee")).to_contain_text("ISO/TC 176/SC 2")
    page.goto(site + "/standard?id=GB/T 19001-2016&lang=zh")
    page.locator("a.committee").click()
    expect(page.locator("h1")).to_have_text("全国质量管理和质量保证标准化技术委员会")
    _shot(page, "committee-gb-zh")
    page.context.close()


def test_an_identifier_not_held_is_said_first(browser: Browser, site: str) -> None:
    page = _page(browser, "en-US")
    page.goto(site + "/")
    page.locator("#q").fill("GB/T 22239-2019")
    page.locator("#q").press("Enter")
    first = page.locator(".not-held")
    expect(first).to_contain_text("GB/T 22239-2019 is not in the catalogue.")
    assert first.bounding_box()["y"] < page.locator("#summary").bounding_box()["y"]  # type: ignore[index]
    page.goto(site + "/?q=ГОСТ Р ИСО 9001-2015&lang=zh")
    expect(page.locator(".not-held")).to_contain_text("目录中没有 ГОСТ Р ИСО 9001-2015。")
    expect(page.locator(".hits .hit").first).to_contain_text("ISO 9001:2015")
    _shot(page, "not-held-zh")
    page.context.close()


def test_the_pager_offers_only_pages_that_exist(browser: Browser, site: str) -> None:
    page = _page(browser, "en-US")
    page.goto(site + "/?country=INT&all=1")
    summary = page.locator("#summary").inner_text()
    last = int(re.search(r"page 1 of (\d+)", summary).group(1))  # type: ignore[union-attr]
    numbers = [int(n) for n in page.locator("nav.pages a:not([rel])").all_inner_texts()]
    assert numbers, summary
    assert max(numbers) == last > 1
    page.goto(site + f"/?country=INT&all=1&page={last}")
    expect(page.locator("nav.pages [aria-current=page]")).to_have_text(str(last))
    expect(page.locator("nav.pages a[rel=next]")).to_have_count(0)
    assert page.locator(".hits .hit").count() > 0
    page.context.close()
