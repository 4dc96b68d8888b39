"""A programme built through its pages in a real browser (Chromium through Playwright, as ``test_browser``): an
editor signs in, creates a JIS ↔ ISO programme over the excerpts, adds two experts of each party, imports a list
of pairs whose bad row is shown with its number and value (nothing imported), then the good list, adds an entry by
hand and reads it on its page; the Chinese pages fit a phone's 375 px (screenshots for a person to look at)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage, new_context

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog

PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/stdbridge-screenshots")
EXPERTS = (("Tanaka Ken", "JIS", "ja"), ("Sato Yumi", "JIS", "ja"), ("Alice Smith", "ISO", "en"),
           ("Bob Jones", "ISO", "en"))  # fmt: skip


@pytest.fixture
def people(catalog: Catalog) -> Accounts:
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.EDITOR}), language="zh")
    for name, _party, _language in EXPERTS:
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset({Role.EXPERT}))
    return accounts


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    # a form refused on purpose, shown again, is no script error
    return open_page(console_errors=True, allowed_error="the server responded with a status of 400")


def _fits(page: Page) -> None:
    """The page is no wider than the phone's screen: nothing to scroll sideways but the tables' own boxes."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide"


@pytest.mark.slow
def test_a_coordinator_builds_a_programme_on_its_pages(page: Page, people: Accounts, catalog: Catalog,
                                                       fresh_live_server: str, tmp_path: Path) -> None:  # fmt: skip
    url = fresh_live_server
    page.goto(f"{url}/sign-in?lang=en")
    page.get_by_label("User name").fill("Li Wei")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header form.account")).to_contain_text("Li Wei")

    page.goto(f"{url}/programmes?lang=en")
    form = page.locator("#create-programme-form")
    form.get_by_label("Short name (for addresses)").fill("jis-iso")
    form.get_by_label("Title in English").fill("JIS and ISO")
    form.get_by_label("Title in Chinese").fill("日本工业标准与 ISO")
    form.locator("textarea[name=parties]").fill("JIS:ja")  # one party: refused, what was typed is kept
    form.locator("input[name=review_period_months]").fill("36")
    page.locator("#create-programme").click()
    expect(page.locator("ul.notices[role=alert]")).to_contain_text("a programme has two or more parties")
    expect(page.locator("#create-programme-form input[name=slug]")).to_have_value("jis-iso")
    page.locator("#create-programme-form textarea[name=parties]").fill("JIS:ja\nISO:en")
    page.locator("#create-programme").click()
    expect(page).to_have_url(f"{url}/programmes/jis-iso?lang=en&done=created")
    expect(page.locator("#programme-done")).to_contain_text("you coordinate it")

    for name, party, language in EXPERTS:
        page.locator("#member-user").fill(name)
        page.locator("#member-party").select_option(party)
        page.locator("#member-language").select_option(language)
        page.locator("#member-role").select_option("expert")
        page.locator("#add-member").click()
        expect(page.locator("#programme-done")).to_contain_text("The member was saved.")
    rows = page.locator("table.members tbody tr")
    expect(rows).to_have_count(5)  # the coordinator and two experts of each party
    expect(rows.filter(has_text="Sato Yumi")).to_contain_text("JIS")
    expect(rows.filter(has_text="Bob Jones")).to_contain_text("English")

    pairs = tmp_path / "pairs.csv"
    pairs.write_text("JIS,ISO,degree\nJIS Q 9001:2015,ISO 9001:2015,IDT\nJIS Q 9999:2015,ISO 9000:2015,IDT\n",
                     encoding="utf-8")  # fmt: skip
    page.locator("#pairs-form summary, details:has(#pairs-form) > summary").first.click()
    page.locator("#pairs-file").set_input_files(str(pairs))
    page.locator("#import-pairs").click()
    rejected = page.locator("table.rejected-pairs tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.locator("td").nth(0)).to_have_text("3")
    expect(rejected.locator("td").nth(2)).to_have_text("JIS Q 9999:2015")
    pairs.write_text("JIS,ISO,degree\nJIS Q 9001:2015,ISO 9001:2015,IDT\n", encoding="utf-8")
    page.locator("#pairs-file").set_input_files(str(pairs))
    page.locator("#import-pairs").click()
    expect(page.locator("#programme-done")).to_contain_text("1 pair was imported.")

    page.locator("details:has(#entry-form) > summary").click()
    page.locator("input[name=standard_JIS]").fill("JIS Z 8301:2019")
    page.locator("input[name=standard_ISO]").fill("ISO 9000:2015")
    page.locator("#entry-degree").select_option("NEQ")
    page.locator("#entry-basis").select_option("agreement")
    page.locator("#entry-kind").select_option("referenced")
    page.locator("#entry-from").fill("2027-01-01")
    page.locator("#entry-until").fill("2028-12-31")
    page.locator("#add-entry").click()
    expect(page.locator("#entry-done")).to_contain_text("The entry was added.")
    expect(page.locator("#entry-heading")).to_contain_text("JIS Z 8301:2019 ↔ ISO 9000:2015")
    expect(page.locator("tr[data-party=JIS] .entry-title").first).to_have_text("規格票の様式及び作成方法")
    expect(page.locator("#entry-transition")).to_have_text("2027-01-01 – 2028-12-31")
    expect(page.locator("#entry-origin")).to_have_text("added by hand")
    entry_url = page.url.split("?")[0]
    page.locator("tr[data-party=ISO] a.ident").click()
    expect(page.locator("h1")).to_contain_text("ISO 9000:2015")

    programme = catalog.store.programme_by_slug("jis-iso")
    assert programme is not None and programme.id is not None
    assert catalog.store.entry_counts(programme.id)["origin"] == {"imported": 1, "manual": 1}

    phone = new_context(page.context.browser, locale="zh-CN", width=375)  # type: ignore[arg-type]
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    SHOTS.mkdir(exist_ok=True)
    small.goto(f"{url}/programmes/jis-iso?lang=zh")
    expect(small.locator("h1")).to_have_text("日本工业标准与 ISO")
    expect(small.locator("#coordinate")).to_have_text("协调本项目")
    _fits(small)
    small.screenshot(path=str(SHOTS / "programme-zh-375.png"), full_page=True)
    small.goto(f"{entry_url}?lang=zh")
    expect(small.locator("#entry-standards")).to_have_text("各方的标准")
    expect(small.locator("#entry-basis")).to_have_text("互认协议")
    _fits(small)
    small.screenshot(path=str(SHOTS / "programme-entry-zh-375.png"), full_page=True)
    small.goto(f"{url}/programmes?lang=zh")
    _fits(small)
    small.screenshot(path=str(SHOTS / "programmes-zh-375.png"), full_page=True)
    phone.close()
