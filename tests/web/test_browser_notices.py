"""Notices in a real browser (Chromium through Playwright), the issue's "Done when": a compliance engineer signs in
and watches IEC 60335-2-9 from its record page; an editor imports the ePing export holding G/TBT/N/BHR/1, a real
notification whose relevant documents cite IEC 60335-2-9. The notice appears on the record page and in the inbox
(in Chinese), and its page links the standard back. An editor writes a news item through the ``/news`` form. The
Chinese ``/notices`` page is photographed at a phone's width (``/tmp/stdbridge-screenshots``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.notices.cases import EXPORT, MAPPING, with_iec_60335_2_9
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.roles import Actor
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.notices import service
from stdbridge.notices.alerts import fan_out_notices
from stdbridge.notices.model import NoticeQuery
from stdbridge.notices.tbt import read_notifications

PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(width=420)  # a phone's width


def sign_in(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/sign-in?lang=en")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_tbt_notice_citing_a_watched_standard_reaches_its_record_page_and_the_inbox(
    page: Page, empty_catalog: Catalog, tmp_path: Path
) -> None:
    catalog, store = with_iec_60335_2_9(empty_catalog, tmp_path), empty_catalog.store
    accounts = Accounts(store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.READER}))
    editor = accounts.add_user(LOCAL_ADMIN, "Aiko Sato", password=PASSWORD, roles=frozenset({Role.EDITOR}))
    with serving(catalog) as url:
        sign_in(page, url, "Li Wei")
        page.goto(f"{url}/standard?id=IEC%2060335-2-9:2019&lang=en")
        expect(page.locator("#notices")).to_contain_text("No notice or news item cites this standard.")
        page.get_by_role("button", name="Watch this standard (every edition)").click()
        expect(page.locator("h1")).to_have_text("My watchlist")

        as_editor = Actor(editor.id, editor.name, editor.roles, signed_in=True)
        done = service.import_notices(store, as_editor, read_notifications(EXPORT, MAPPING), EXPORT.name)
        assert done.added == 4
        assert fan_out_notices(store).notifications == 1  # the engineer watches one standard the export cites

        page.goto(f"{url}/standard?id=IEC%2060335-2-9:2019&lang=en")
        cited = page.locator("#notices li", has_text="G/TBT/N/BHR/1")
        expect(cited).to_have_count(1)
        expect(cited).to_contain_text("Comments until 2005-01-29")

        page.goto(f"{url}/watch?lang=zh")
        expect(page.locator("header.site nav a[href='/watch'] .badge")).to_have_text("1")
        note = page.locator("ul.notifications li", has_text="WTO TBT 通报 G/TBT/N/BHR/1（BH）")
        expect(note).to_have_count(1)
        expect(note).to_contain_text("评议截止 2005-01-29")
        expect(note).to_contain_text("引用 IEC 60335-2-9:2019")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "notices-inbox-zh.png"), full_page=True)
        note.locator("a").first.click()
        expect(page.locator("h1 .symbol")).to_have_text("G/TBT/N/BHR/1")
        page.locator("#cited a", has_text="IEC 60335-2-9:2019").click()
        expect(page.locator("h1 .ident")).to_have_text("IEC 60335-2-9:2019")

        page.goto(f"{url}/notices?lang=zh&country=CN")
        expect(page.locator("p.count")).to_have_text("3 项通报")
        expect(page.locator("ul.notices li").first).to_contain_text("G/TBT/N/CHN/1786")
        expect(page.locator("ul.notices")).to_contain_text("中华人民共和国国家标准《光源 安全要求》")
        page.screenshot(path=str(SHOTS / "notices-zh.png"), full_page=True)


def test_an_editor_writes_a_news_item_with_the_form(page: Page, empty_catalog: Catalog, tmp_path: Path) -> None:
    catalog = with_iec_60335_2_9(empty_catalog, tmp_path)
    Accounts(catalog.store).add_user(LOCAL_ADMIN, "Aiko Sato", password=PASSWORD, roles=frozenset({Role.EDITOR}))
    with serving(catalog) as url:
        page.goto(f"{url}/news?country=CN&lang=en")
        expect(page.locator("form[action='/news'][method='post']")).to_have_count(0)  # nobody signed in
        sign_in(page, url, "Aiko Sato")
        page.goto(f"{url}/news?country=CN&body=SAC&lang=zh")
        form = page.locator("section.write-news form")
        form.get_by_label("标题").fill("家用电器安全标准采用 IEC 60335-2-9:2019")
        form.get_by_label("正文（其中提及的标准会被关联）").fill("烤面包机等器具的特殊要求 IEC 60335-2-9:2019")
        form.get_by_role("button", name="发布").click()
        expect(page.locator("#cited a")).to_have_text("IEC 60335-2-9:2019")
        page.goto(f"{url}/news?country=CN&lang=zh")
        expect(page.locator("ul.notices li")).to_contain_text("家用电器安全标准采用")
        page.screenshot(path=str(SHOTS / "news-zh.png"), full_page=True)
    [item] = catalog.store.find_notices(NoticeQuery(body="SAC"))
    assert item.country == "CN" and item.source == "written by Aiko Sato"
