"""A review round in a real browser (Chromium through Playwright, as ``test_browser``), in Chinese, on a phone's
width (375 px): the coordinator opens a round, two experts of each party answer on their phones (one card per
entry, radio buttons big enough to touch, nothing wider than the screen), the coordinator closes the round, and
the results page shows each entry's distribution of answers per party, without names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.web.chromium import new_context
from tests.web.conftest import serving
from tests.web.review_cases import EXPERTS, SLUG, ReviewCase, review_case

from stdbridge.api.access import SESSION_COOKIE
from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")
PHONE = 375


@pytest.fixture
def people(browser: Browser, catalog: Catalog) -> Iterator[tuple[ReviewCase, list[BrowserContext]]]:
    case = review_case(catalog)
    opened: list[BrowserContext] = []
    yield case, opened
    for context in opened:
        context.close()


def _signed_in(browser: Browser, case: ReviewCase, url: str, name: str, opened: list[BrowserContext]) -> Page:
    context = new_context(browser, locale="zh-CN", width=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies([{"name": SESSION_COOKIE, "value": case.session(name), "url": url}])
    opened.append(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


@pytest.mark.slow
def test_two_experts_of_each_party_answer_on_a_phone_and_the_results_show_the_distribution(
    browser: Browser,
    catalog: Catalog,
    people: tuple[ReviewCase, list[BrowserContext]],
) -> None:
    case, opened = people
    e1, e2, *_rest = case.entries
    votes = {"Wang Fang": ("IDT", "IDT"), "Liu Yang": ("IDT", "IDT"), "Maria Keller": ("IDT", "MOD"),
             "John Smith": ("IDT", "NEQ")}  # fmt: skip
    with serving(catalog) as url:
        coordinator = _signed_in(browser, case, url, "Zhang Min", opened)
        coordinator.goto(f"{url}/programmes/{SLUG}/rounds?lang=zh")
        expect(coordinator.locator("h1")).to_have_text("评审轮次")
        coordinator.locator("#round-deadline").fill("2099-12-31")
        coordinator.locator("#open-round-button").click()
        expect(coordinator).to_have_url(f"{url}/programmes/{SLUG}/rounds/1")

        for name, (first, second) in votes.items():
            expert = _signed_in(browser, case, url, name, opened)
            expert.goto(f"{url}/programmes/{SLUG}/rounds/1?lang=zh")
            expect(expert.locator("article.review-card")).to_have_count(4)
            _fits_the_phone(expert)
            for entry, degree in ((e1, first), (e2, second)):
                card = expert.locator(f"#entry-{entry}")
                choice = card.locator(f"label.choice:has(input[name=degree][value='{degree}'])")
                assert (choice.bounding_box() or {"height": 0})["height"] >= 44  # a touch target
                choice.tap()
                card.locator("label.choice:has(input[name=confidence][value='4'])").tap()
                card.locator(f"#answer-{entry}").tap()
                expect(expert).to_have_url(f"{url}/programmes/{SLUG}/rounds/1?page=1&saved={entry}#entry-{entry}")
                expect(expert.locator(f"#entry-{entry} input[name=degree][value='{degree}']")).to_be_checked()
            for other in EXPERTS:  # nobody else's name on the open review page
                assert other == name or other not in expert.content()
            if name == "John Smith":
                SHOTS.mkdir(exist_ok=True)
                expert.screenshot(path=str(SHOTS / "round-review-zh-375.png"), full_page=False)
            assert not expert.errors, expert.errors  # type: ignore[attr-defined]

        coordinator.goto(f"{url}/programmes/{SLUG}/rounds?lang=zh")
        coordinator.locator("#close-round-button").click()
        expect(coordinator.locator("#close-summary")).to_have_text(
            "第 1 轮已按共识规则关闭：1 条确定，3 条转入下一轮，0 条未达成共识。"
        )
        reader = _signed_in(browser, case, url, "Maria Keller", opened)
        reader.goto(f"{url}/programmes/{SLUG}/rounds/1?lang=zh")
        expect(reader.locator("h1")).to_have_text("第 1 轮结果")
        settled = reader.locator(f"#entry-{e1}")
        expect(settled.locator(".outcome")).to_have_text("已议定: IDT")
        rows = settled.locator("table.distribution tbody tr")
        expect(rows.first.locator("td")).to_have_text(["2", "2", "4"])  # IDT: CN 2, INT 2, all 4
        split = reader.locator(f"#entry-{e2} table.distribution tbody tr")
        expect(split.nth(1).locator("td")).to_have_text(["0", "1", "1"])  # MOD: INT 1
        expect(split.nth(2).locator("td")).to_have_text(["0", "1", "1"])  # NEQ: INT 1
        html = reader.content()
        assert all(name not in html for name in EXPERTS if name != "Maria Keller")
        _fits_the_phone(reader)
        reader.screenshot(path=str(SHOTS / "round-results-zh-375.png"), full_page=True)
        assert not coordinator.errors and not reader.errors  # type: ignore[attr-defined]
