"""The alignment page in a real browser (Chromium through Playwright, as ``test_browser``), in Chinese: the person
at the keyboard of the embedded platform uploads the Chinese and English glossary documents of ISO 19136-1:2020,
sees the pairs side by side with their confidence, merges two and splits them again (forms, no script), drops one
and saves the rest; on a phone's width too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")
DATA = Path(__file__).parent.parent / "data" / "translation"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(locale="zh-CN")


def test_align_correct_and_save_in_chinese(page: Page, empty_catalog: Catalog) -> None:
    with serving(empty_catalog) as url:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/translation/align?lang=zh")
        expect(page.locator("h1")).to_have_text("文档对齐")
        form = page.locator("form.align-upload")
        form.locator("input[name=zh]").set_input_files(str(DATA / "iso19136-1_2020_definitions.zh.txt"))
        form.locator("input[name=en]").set_input_files(str(DATA / "iso19136-1_2020_definitions.en.txt"))
        form.get_by_role("button", name="对齐").click()
        rows = page.locator("table.aligned tbody tr")
        expect(rows).to_have_count(60)
        expect(rows.nth(1).locator("textarea").first).to_have_value("一个元素中包含的名称-值对。")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "align-phone-zh.png"))
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SHOTS / "align-zh.png"))
        # merge the first two pairs (the term with its definition), then split them again at a line break
        rows.nth(0).get_by_role("button", name="合并 ↓").click()
        expect(rows).to_have_count(59)
        expect(rows.nth(0).locator("textarea").first).to_have_value("3.1.3 属性<XML>一个元素中包含的名称-值对。")
        expect(rows.nth(0)).to_have_class(re.compile(r"\bcorrected\b"))
        expect(page).to_have_url(re.compile(r"#pair-0$"))
        page.screenshot(path=str(SHOTS / "align-merged-zh.png"))
        rows.nth(0).locator("textarea").first.fill("3.1.3 属性<XML>\n一个元素中包含的名称-值对。")
        rows.nth(0).locator("textarea").nth(1).fill("3.1.3 attribute <XML>\nname-value pair contained in an element")
        rows.nth(0).get_by_role("button", name="拆分").click()
        expect(rows).to_have_count(60)
        expect(rows.nth(0).locator("textarea").first).to_have_value("3.1.3 属性<XML>")
        expect(rows.nth(1).locator("textarea").nth(1)).to_have_value("name-value pair contained in an element")
        kept = page.locator("table.aligned input[type=checkbox]:checked").count()
        rows.nth(0).locator("input[type=checkbox]").uncheck()
        page.locator("select[name=scope]").select_option("platform")  # the local administrator has no personal one
        page.get_by_role("button", name="确认并保存").click()
        expect(page.locator("p.notice")).to_contain_text(f"已保存 {kept - 1} 个句对")
    assert empty_catalog.store.memory_figures() == {"platform/zh-en": kept - 1}
