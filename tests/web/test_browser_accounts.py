"""Accounts in a real browser (Chromium through Playwright, as ``test_browser``): an editor signs in and accepts a
suggested counterpart; a reader signs in and is offered no decision at all."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog

PASSWORD = "correct horse battery"


@pytest.fixture
def people(catalog: Catalog) -> Accounts:
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Aiko Sato", password=PASSWORD, roles=frozenset({Role.EDITOR}))
    accounts.add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, language="zh")
    return accounts


def _sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_editor_signs_in_and_accepts_a_suggestion(page: Page, people: Accounts, catalog: Catalog,
                                                     fresh_live_server: str) -> None:  # fmt: skip
    record = f"{fresh_live_server}/standard?id=JIS%20Q%209001:2015&lang=en"
    page.goto(record)
    expect(page.locator("#suggestions li.suggestion").first).to_be_visible()
    expect(page.locator("form.decide-form")).to_have_count(0)  # nobody signed in: no decision offered
    page.locator("header a.account").click()
    _sign_in(page, "Aiko Sato", "not the password")
    expect(page.locator(".sign-in .notice")).to_contain_text("the user name or the password is not right")
    _sign_in(page, "Aiko Sato")
    expect(page.locator("header form.account")).to_contain_text("Aiko Sato")
    page.goto(record)
    first = page.locator("#suggestions li.suggestion").first
    expect(first.locator(".suggestion-head a.ident")).to_have_text("ISO 9001:2015")
    first.locator("summary").click()
    expect(first.locator("input[name=by]")).to_have_count(0)
    expect(first).to_contain_text("You decide as Aiko Sato.")
    first.locator("select[name=degree]").select_option("IDT")
    first.get_by_role("button", name="Accept").click()
    expect(page.locator("#suggestions .notice.success")).to_contain_text("Aiko Sato accepted ISO 9001:2015")
    [decision] = catalog.store.decision_history(["ISO 9001"])
    assert decision.user_id == people.user("Aiko Sato").id
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("header a.account")).to_have_text("Sign in")


def test_a_reader_sees_no_decision_buttons(page: Page, people: Accounts, fresh_live_server: str) -> None:
    page.goto(f"{fresh_live_server}/sign-in?lang=zh")
    expect(page.locator("h1")).to_have_text("登录")
    shot = os.environ.get("STDBRIDGE_SCREENSHOTS")
    if shot:  # for a person to look at: STDBRIDGE_SCREENSHOTS=/tmp/shots
        page.screenshot(path=os.path.join(shot, "sign_in_zh.png"), full_page=True)
    page.get_by_label("用户名").fill("Reader One")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header form.account")).to_contain_text("Reader One")
    page.goto(f"{fresh_live_server}/standard?id=JIS%20Q%209001:2015&lang=zh")
    expect(page.locator("#suggestions li.suggestion").first).to_be_visible()
    expect(page.locator("form.decide-form")).to_have_count(0)
    expect(page.get_by_role("button", name="接受")).to_have_count(0)
