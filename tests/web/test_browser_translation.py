"""The translation workbench in a real browser (Chromium through Playwright), in Chinese, as the issue's "Done
when" says: a translator uploads a DOCX standard (real titles and definitions: ``docx_samples``), pre-translates it
(a job of the queue, followed on its page), post-edits segments with the memory's match and the termbase's terms
beside them, fixes a finding of the quality checks; a reviewer approves; the translated DOCX downloads with its
formatting; the approved segment is in the platform's shared memory; the TMX, TBX and XLIFF exports open in
translate-toolkit."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.translation.docx_samples import standard_docx, titles
from tests.web.chromium import new_context
from tests.web.conftest import serving
from translate.storage import tbx, tmx, xliff

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.api.access import SESSION_COOKIE
from stdbridge.catalog import Catalog
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import SegmentStatus, TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.terms import Terms

SHOTS = Path("/tmp/stdbridge-screenshots")
TRANSLATOR, REVIEWER = "Li Wei", "Wang Fang"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def _session(browser: Browser, catalog: Catalog, url: str, name: str, opened: list[BrowserContext]) -> Page:
    accounts = Accounts(catalog.store)
    context = new_context(browser, locale="zh-CN", accept_downloads=True)
    context.add_cookies([{"name": SESSION_COOKIE, "value": accounts.start_session(accounts.user(name)), "url": url}])
    opened.append(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _open_segment(page: Page, source: str) -> None:
    """Make the segment whose source begins with ``source`` the active one (its target's link)."""
    page.locator("li.segment", has=page.locator(".source", has_text=source)).first.locator(".target a").click()


@pytest.mark.slow
def test_translate_a_standard_review_and_download(browser: Browser, empty_catalog: Catalog, tmp_path: Path,
                                                  contexts: list[BrowserContext]) -> None:  # fmt: skip
    store = empty_catalog.store
    gb = titles()
    accounts = Accounts(store)
    accounts.add_user(LOCAL_ADMIN, TRANSLATOR, roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, REVIEWER, roles=frozenset({Role.REVIEWER}))
    Terms(store).seed(LOCAL_ADMIN)  # stdbridge's glossary
    reference = f"{gb[1].adopted_from}, {gb[1].title_en}"  # a normative reference: a real GB adoption's titles
    translated_reference = f"{gb[1].adopted_from}，{gb[1].title_zh}"
    TranslationMemory.of(store).add([TranslationUnit("en", "zh", reference, translated_reference, UnitScope.PLATFORM,
                                                     UnitOrigin.CATALOGUE_TITLE)])  # fmt: skip
    docx_path = tmp_path / "GB-T 24001-2004.docx"
    docx_path.write_bytes(standard_docx())
    SHOTS.mkdir(exist_ok=True)
    with serving(empty_catalog, run_jobs=True) as url:
        page = _session(browser, empty_catalog, url, TRANSLATOR, contexts)
        page.goto(f"{url}/translate?lang=zh")
        expect(page.locator("h1")).to_have_text("翻译项目")
        form = page.locator("#new-project")
        form.locator("input[name=file]").set_input_files(str(docx_path))
        form.locator("input[name=title]").fill("环境管理体系 规范及使用指南")
        form.get_by_role("button", name="创建项目").click()
        expect(page.locator("h1")).to_contain_text("环境管理体系 规范及使用指南")

        # pre-translation is a job: its page follows it (its progress from the API), then leads back to the editor
        page.locator("#pretranslate").click()
        expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
        expect(page.locator("h1")).to_contain_text("预翻译")
        expect(page.locator("[data-job-state]")).to_have_text("已完成", timeout=60_000)
        expect(page.locator(".pretranslation-summary")).to_contain_text("记忆库完全匹配")
        page.screenshot(path=str(SHOTS / "translate-pretranslation-job-zh.png"), full_page=True)
        page.locator("#back-to-editor").click()
        expect(page.locator("h1")).to_contain_text("环境管理体系 规范及使用指南")
        _open_segment(page, reference[:30])
        active = page.locator("li.segment.active")
        expect(active.locator("textarea")).to_have_value(translated_reference)  # the memory's exact match
        expect(active.locator(".badge.origin")).to_have_text("记忆库 100 %")
        expect(active.locator(".matches li").first).to_contain_text(translated_reference)
        expect(active.locator(".term-hits li").first).to_be_visible()  # information technology ...
        page.keyboard.press("Control+Enter")  # confirm the match as it is, go on to the next segment
        expect(page.locator("li.segment.active .source")).not_to_have_text(reference)

        # the title: post-edited with the termbase's terms beside it, confirmed with the keyboard
        _open_segment(page, gb[0].title_en[:20])
        active = page.locator("li.segment.active")
        expect(active.locator(".term-hits")).to_contain_text("环境管理体系")
        active.locator("textarea").fill(gb[0].title_zh)
        page.screenshot(path=str(SHOTS / "translate-editor-zh.png"), full_page=True)
        page.locator(".translate-progress").screenshot(path=str(SHOTS / "translate-progress-zh.png"))
        active.screenshot(path=str(SHOTS / "translate-segment-zh.png"))
        page.keyboard.press("Control+Enter")
        expect(page.locator("li.segment.active .source")).not_to_have_text(gb[0].title_en)

        # a definition's source with the wrong year: the quality checks find it; the translator fixes it
        source_line = "[SOURCE: ISO 19136-1:2020, 3.1.61]"
        _open_segment(page, source_line)
        page.locator("li.segment.active textarea").fill("[来源：ISO 19136-1:2019，3.1.61]")
        page.keyboard.press("Control+Enter")
        page.locator("#findings-link").click()
        finding = page.locator("li.finding", has_text="ISO 19136-1:2019")
        expect(finding.first).to_contain_text("ISO 19136-1:2020")  # what the source says
        page.screenshot(path=str(SHOTS / "translate-findings-zh.png"), full_page=True)
        finding.first.locator("a").first.click()
        page.locator("li.segment.active textarea").fill("[来源：ISO 19136-1:2020，3.1.61]")
        page.keyboard.press("Control+Enter")
        page.locator("#findings-link").click()
        expect(page.locator("li.finding", has_text="19136-1")).to_have_count(0)
        assert not page.errors  # type: ignore[attr-defined]

        # the reviewer approves the title: it goes into the platform's shared memory
        [project] = store.list_projects()
        title = store.segments_of(project.id or 0)[0]
        reviewer = _session(browser, empty_catalog, url, REVIEWER, contexts)
        reviewer.goto(f"{url}/translate/{project.id}?segment={title.id}&lang=zh")
        reviewer.locator("li.segment.active").get_by_role("button", name="批准").click()
        expect(reviewer.locator(f"#s{title.id}")).to_have_class("segment status-reviewed")
        shared = TranslationMemory(store).matches(gb[0].title_en, "en", "zh")  # a memory as another node has it
        assert any(m.unit.scope == UnitScope.PLATFORM and m.unit.target == gb[0].title_zh for m in shared)

        # the translated DOCX, with its formatting
        with page.expect_download() as caught:
            page.goto(f"{url}/translate/{project.id}?lang=zh")
            page.locator("#download-document").click()
        written = docx.Document(io.BytesIO(Path(caught.value.path()).read_bytes()))
        original = docx.Document(io.BytesIO(standard_docx()))
        assert written.paragraphs[0].text == gb[0].title_zh and written.paragraphs[0].style.name == "Title"
        assert [p.style.name for p in written.paragraphs] == [p.style.name for p in original.paragraphs]
        assert len(written.tables) == len(original.tables) and len(written.tables[0].rows) == len(
            original.tables[0].rows
        )
        numbered = [p for p in written.paragraphs if p.style.name == "List Number"]
        assert numbered[0].text == translated_reference

        # the exports open in translate-toolkit
        exported_tmx = tmx.tmxfile(page.request.get(f"{url}/api/translate/{project.id}/download/tmx").body())
        pairs = {(u.source, u.target) for u in exported_tmx.units}
        assert (gb[0].title_en, gb[0].title_zh) in pairs and (reference, translated_reference) in pairs
        exported_xliff = xliff.xlifffile(page.request.get(f"{url}/api/translate/{project.id}/download/xliff").body())
        assert len(exported_xliff.units) == len(store.segments_of(project.id or 0))
        exported_tbx = tbx.tbxfile(page.request.get(f"{url}/api/terms/export?format=tbx").body())
        assert len(exported_tbx.units) >= 400
    statuses = {s.key: s.status for s in store.segments_of(project.id or 0)}
    assert statuses[title.key] == SegmentStatus.REVIEWED
