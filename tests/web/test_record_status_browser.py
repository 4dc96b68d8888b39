"""The record page of GB 4706.1-2024 in a real browser, as a standards engineer reads it, in Chinese and English:
its status marked as derived with its dates, its kind (强制性, mandatory), and every field labelled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from tests.web.chromium import new_context
from tests.web.conftest import serving

from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.store import SqlStore

GB_OFFICIAL = Path(__file__).parents[1] / "data" / "gb" / "gb_official.csv"


@pytest.fixture(scope="module")
def gb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("gb-status")
    store = SqlStore(f"sqlite:///{folder / 'catalog.db'}")
    catalog = Catalog(store)
    catalog.import_path(bundled_path("gb_records.jsonl.gz"), "gb-sample", rejects_dir=folder)
    catalog.import_path(GB_OFFICIAL, "gb", rejects_dir=folder)
    with serving(catalog) as url:
        yield url
    store.close()


@pytest.mark.parametrize(
    ("lang", "locale", "words"),
    [
        ("zh", "zh-CN", ["现行", "推导", "自 2026-08-01 起", "强制性国家标准", "发布日期", "2024-07-24", "实施日期",
                         "2026-08-01", "数据来源未说明状态", "导入自 gb_records.jsonl.gz 第"]),
        ("en", "en-US", ["In force", "derived", "since 2026-08-01", "mandatory national standard", "Published",
                         "2024-07-24", "In force from", "the source states no status", "imported from gb_records"]),
    ],
)  # fmt: skip
def test_the_gb_4706_1_2024_record_reads_right(
    browser: Browser,
    gb_server: str,
    tmp_path: Path,
    lang: str,
    locale: str,
    words: list[str],
) -> None:
    context = new_context(browser, locale=locale)
    page = context.new_page()
    page.goto(f"{gb_server}/standard?id=GB%204706.1-2024&lang={lang}")
    expect(page.locator("h1")).to_have_text("GB 4706.1-2024")
    fields = page.locator("#fields")
    for word in words:
        expect(fields).to_contain_text(word)
    expect(page.locator(".record-head .badges .derived")).to_be_visible()
    expect(fields.locator(".status-now .derived")).to_have_attribute("title", re.compile(".+"))
    labels = fields.locator("dt").all_inner_texts()
    assert labels and all(label.strip() and "_" not in label for label in labels)
    # the edition it replaced is shown replaced, derived, in the relations
    expect(page.locator("tr.rel-replaces")).to_contain_text("GB 4706.1-2005")
    expect(page.locator("tr.rel-replaces .derived")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"gb-4706-1-2024-{lang}.png"), full_page=True)
    context.close()
