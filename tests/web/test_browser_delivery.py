"""Delivering a translation project in Chromium, in Chinese at a phone's width: the reviewer approves the last
segment and delivers; the standard's page then shows the translated title as a contribution, apart from its
official title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from tests.web.chromium import new_context
from tests.web.conftest import serving

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.roles import Actor
from stdbridge.accounts.service import Accounts
from stdbridge.api.access import SESSION_COOKIE
from stdbridge.catalog import Catalog
from stdbridge.translation.projects import Projects

SHOTS = Path("/tmp/stdbridge-screenshots")
TITLE_EN = "Quality management systems — Requirements"  # GB/T 19001-2008's title as ISO 9001:2008 gives it


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def test_a_reviewer_delivers_on_a_phone(browser: Browser, catalog: Catalog,
                                         contexts: list[BrowserContext]) -> None:  # fmt: skip
    accounts = Accounts(catalog.store)
    li = accounts.add_user(LOCAL_ADMIN, "Li Wei", roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "Wang Fang", roles=frozenset({Role.REVIEWER}))
    translator = Actor(li.id, li.name, li.roles, signed_in=True)
    projects = Projects(catalog.store)
    made = projects.create(translator, "GB-T 19001-2008.txt", "质量管理体系 要求\n".encode(), "zh", "en",
                           standard_key="GB/T 19001-2008")  # fmt: skip
    (segment,) = projects.segments(translator, made.id or 0)
    projects.save(translator, made.id or 0, segment.id or 0, TITLE_EN, 0, confirm=True)
    SHOTS.mkdir(exist_ok=True)
    with serving(catalog) as url:
        context = new_context(browser, locale="zh-CN", width=390)
        contexts.append(context)
        session = accounts.start_session(accounts.user("Wang Fang"))
        context.add_cookies([{"name": SESSION_COOKIE, "value": session, "url": url}])
        page = context.new_page()
        page.goto(f"{url}/translate/{made.id}?segment={segment.id}&lang=zh")
        page.locator("li.segment.active").get_by_role("button", name="批准").click()
        expect(page.locator(f"#s{segment.id}")).to_contain_class("status-reviewed")
        page.get_by_role("button", name="交付（所有句段均已审定）").click()
        expect(page.locator("#delivered")).to_have_text("已交付。")
        expect(page.locator(".notices")).to_contain_text(TITLE_EN)
        page.goto(f"{url}/standard?id=GB/T%2019001-2008&lang=zh")
        contributed = page.locator("dl.titles.contributed")
        expect(contributed).to_contain_text(TITLE_EN)
        expect(contributed).to_contain_text("由 Wang Fang 贡献的译名")
        expect(page.locator("p.title.main")).to_have_text("质量管理体系 要求")  # the official title stays first
        page.locator("#titles").screenshot(path=str(SHOTS / "standard-contributed-title-zh.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
