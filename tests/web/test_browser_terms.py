"""The termbase pages in a real browser (Chromium through Playwright, as ``test_browser``), in Chinese, on a phone's
width: the person at the keyboard of the embedded platform searches a term, opens its concept, adds a concept with
the form and finds it; no script error under the page's CSP."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.translation.terms import Terms

SHOTS = Path("/tmp/stdbridge-screenshots")
TERMBASES = Path(__file__).parent.parent / "data" / "termbases"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(locale="zh-CN", width=390, console_errors=True)  # a phone's width


def test_search_a_term_open_its_concept_and_add_one(page: Page, empty_catalog: Catalog) -> None:
    Terms(empty_catalog.store).seed(LOCAL_ADMIN, iev=TERMBASES / "iev_excerpt.csv",
                                    mlgt=TERMBASES / "mlgt_excerpt.jsonl")  # fmt: skip
    SHOTS.mkdir(exist_ok=True)
    with serving(empty_catalog) as url:
        page.goto(f"{url}/terms?lang=zh")
        expect(page.locator("h1")).to_have_text("术语库")
        page.get_by_role("searchbox", name="术语").fill("可修复")
        page.locator("form.terms-search").get_by_role("button", name="检索").click()
        expect(page.locator("ul.concepts li")).to_have_count(1)
        page.screenshot(path=str(SHOTS / "terms-search-zh.png"), full_page=True)
        page.locator("ul.concepts a").first.click()
        expect(page.locator("h1")).to_have_text("可修复产品 · repairable item")
        expect(page.locator(".term.status-deprecated del")).to_have_text("repaired item")
        expect(page.locator(".term.status-deprecated .term-status")).to_have_text("拒用")
        expect(page.locator(".concept-facts")).to_contain_text("IEC 60050, 192-01-11")
        page.screenshot(path=str(SHOTS / "terms-concept-zh.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide on a 390 px phone"
        page.goto(f"{url}/terms?lang=zh")
        form = page.locator("form.term-form").first
        form.locator("input[name=preferred_zh]").fill("闲置状态")
        form.locator("input[name=preferred_en]").fill("idle state")
        form.locator("input[name=deprecated_en]").fill("free state")
        form.locator("input[name=source]").fill("IEC 60050-192:2015, 192-02-14")
        form.get_by_role("button", name="添加此概念").click()
        expect(page.locator("h1")).to_have_text("闲置状态 · idle state")
        expect(page.locator(".concept-facts")).to_contain_text("平台")
        page.screenshot(path=str(SHOTS / "terms-added-zh.png"), full_page=True)
    assert len(Terms(empty_catalog.store).search("闲置状态", LOCAL_ADMIN, match="exact")) == 2  # IEV's and the new
