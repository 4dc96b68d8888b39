"""The job pages in a real browser (Chromium through Playwright, as ``test_browser``): the person at the keyboard
of the embedded platform uploads a catalogue file, chooses its format, follows its import on the job page — its
progress bar moves, polled by ``static/jobs.js`` under the page's CSP — and sees the summary and the rejected rows
when it is done, in Chinese."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path

SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(locale="zh-CN", console_errors=True)


@pytest.mark.slow
def test_an_upload_is_followed_to_its_summary_and_rejected_rows(page: Page, catalog: Catalog, tmp_path: Path) -> None:
    upload = tmp_path / "iso_catalog.jsonl.gz"
    lines = gzip.decompress(bundled_path("iso_catalog.jsonl.gz").read_bytes()) + b'{"id": "ISO 99999:2020"}\nnot json\n'
    upload.write_bytes(gzip.compress(lines))
    with serving(catalog, run_jobs=True) as url:
        page.goto(f"{url}/jobs?lang=zh")
        expect(page.locator("h1")).to_have_text("任务")
        form = page.locator("form.job-upload")
        form.locator("input[type=file]").set_input_files(str(upload))
        form.locator("select[name=format]").select_option("iso")
        form.get_by_role("button", name="上传并导入").click()
        expect(page).to_have_url(f"{url}/jobs/1")
        # the bar follows the job: the script sets it from the API — the reading counts the file's lines
        expect(page.locator("[data-job-progress]")).to_have_attribute("max", str(lines.count(b"\n")))
        expect(page.locator("[data-job-state]")).to_have_text("运行中")
        expect(page.locator("[data-job-message]")).not_to_be_empty()
        expect(page.locator("[data-job-reload]")).to_be_hidden()  # the script follows the job: no reload asked
        # the next step, while the import writes (on SQLite too: this process runs it and shows its progress)
        expect(page.locator("[data-job-message]")).to_contain_text("2. iso", timeout=60_000)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "job-running-zh.png"), full_page=True)
        expect(page.locator("h2").first).to_have_text("导入摘要", timeout=120_000)
        expect(page.locator("[data-job-state]")).to_have_text("已完成")
        rows = page.locator("table.rejects tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.last.locator("td").nth(0)).to_have_text("iso_catalog.jsonl.gz")
        expect(rows.last.locator("td").nth(2)).to_have_text("not json")
        page.screenshot(path=str(SHOTS / "job-done-zh.png"), full_page=True)
        page.goto(f"{url}/jobs?lang=zh")
        expect(page.locator("table.jobs tbody tr")).to_have_count(1)
        expect(page.locator("table.jobs .job-state")).to_have_text("已完成")
    assert catalog.store.counts()["total"]["standards"] > 20_000
