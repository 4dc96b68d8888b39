"""The China profile in a real browser, in Chinese (Chromium through Playwright, as ``test_browser``): its names,
national body, the four indicators with the figures of the excerpt catalogue, and the charts, on a phone's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(locale="zh-CN", width=390, height=844)  # a phone's screen


def test_the_chinese_china_profile_shows_the_figures_of_the_catalogue(page: Page, catalog: Catalog) -> None:
    with serving(catalog) as url:
        page.goto(f"{url}/profiles?lang=zh&q=中国")
        expect(page.locator("h1")).to_have_text("国别概况")
        page.get_by_role("link", name="中国", exact=True).click()
        expect(page).to_have_url(f"{url}/profiles/CN")
        expect(page.locator("h1")).to_contain_text("中国")
        expect(page.locator("p.lead")).to_contain_text("国家标准化管理委员会")
        # the excerpt's 30 GB records: 5 adopt ISO or IEC standards, 4 of them IDT
        expect(page.locator("#capacity-absorbs td.num")).to_contain_text("16.7%")
        expect(page.locator("#capacity-complies td.num")).to_contain_text("13.3%")
        expect(page.locator("#capacity-complies td.num")).to_contain_text("4 / 30")
        expect(page.locator("#figure-ics svg")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling on a phone
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "profile-cn-zh.png"), full_page=True)
