"""The connectivity page in a browser, in Chinese: China and ISO over 2005-2024 on the excerpts of the bundled
data, its chart's points and table checked against the figures worked by hand (tests/test_connectivity.py), the
group heat map, and a screenshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.web.conftest import serving
from tests.web.test_browser import _context, browser  # noqa: F401  (the module's Chromium, shared)

from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = _context(browser, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert not errors, f"script errors: {errors}"


def test_china_and_iso_over_the_years_in_chinese(page: Page, catalog: Catalog) -> None:
    with serving(catalog) as url:
        page.goto(f"{url}/connectivity?lang=zh")
        expect(page.locator("h1")).to_have_text("标准体系的联通度")
        form = page.locator("form.connectivity-form")
        form.locator("select[name=a]").select_option("country:CN")
        form.locator("select[name=b]").select_option("body:ISO")
        form.locator("input[name=from]").fill("2005")
        form.locator("input[name=to]").fill("2024")
        form.locator("input[name=group]").fill("CN,JP,ISO")
        form.get_by_role("button", name="显示联通度").click()
        # by hand (tests/test_connectivity.py): 2010-12-31 CN 2 in force, 1 with a counterpart (GB/T 19000-2008 ->
        # ISO 9000:2005), none IDT/MOD; 2017-12-31 CN 7 and ISO 7 in force, GB/T 22080-2016 IDT ISO/IEC 27001:2013
        chart_a = page.locator("#connectivity-a svg")
        point = chart_a.locator('circle[data-stage="recognised"][data-date="2010-12-31"]')
        expect(point).to_have_attribute("data-count", "1")
        expect(point).to_have_attribute("data-standards", "2")
        common = chart_a.locator('circle[data-stage="common"][data-date="2017-12-31"]')
        expect(common).to_have_attribute("data-count", "1")
        expect(common).to_have_attribute("data-standards", "7")
        row = page.locator('table[data-side="b"] tr[data-date="2017-12-31"]')
        expect(row.locator("td").first).to_have_text("7")
        expect(row.locator('td[data-stage="recognised"]')).to_contain_text("1")
        expect(
            page.locator('table[data-side="a"] tr[data-date="2022-12-31"] td[data-stage="recognised"]')
        ).to_contain_text("0")
        expect(page.locator("#connectivity-group svg rect.cell")).to_have_count(6)
        expect(page.get_by_role("link", name="图表（SVG）").first).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "connectivity-zh.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "connectivity-zh-phone.png"), full_page=False)
