"""The key journeys in a real headless browser (Debian's Chromium, driven by Playwright) against a live server.

Chromium, its contexts and pages are the shared kit of the browser tests: ``tests/web/chromium.py`` and the fixtures
of ``tests/web/conftest.py``.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from tests.web.chromium import OpenPage, new_context

from stdbridge.web.batch_page import EXAMPLE


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(refuse_dialogs=True)  # a dialog fails the test: no title's markup ever ran


def _result_identifiers(page: Page) -> list[str]:
    return page.locator("ol.hits li.hit .hit-head a.ident").all_inner_texts()


def test_search_in_chinese_filter_and_open_a_record(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/?lang=zh")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_role("searchbox").fill("质量管理体系")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator("#summary")).to_contain_text("条记录匹配")
    found = _result_identifiers(page)
    assert "GB/T 19001-2008" in found and "ISO 9001:2015" in found
    expect(page.locator("ol.hits mark").first).to_be_visible()
    page.locator(".facet-country a", has_text="中国").click()
    expect(page.locator(".facet-country a.selected")).to_contain_text("中国")
    found = _result_identifiers(page)
    assert found and all(identifier.startswith("GB/T") for identifier in found)
    page.locator("ol.hits a.ident", has_text="GB/T 19001-2008").click()
    expect(page.locator("h1")).to_have_text("GB/T 19001-2008")
    expect(page.locator("#titles")).to_contain_text("质量管理体系 要求")
    expect(page.locator("#relations")).to_contain_text("ISO 9001:2008")


def test_follow_a_supersession_link(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/standard?id=ISO%209001:2008&lang=en")
    expect(page.locator("h1")).to_have_text("ISO 9001:2008")
    picture = page.locator("svg.family")
    expect(picture).to_be_visible()
    expect(picture.locator('a[href="/standard?id=ISO+9001%3A2015"]')).to_have_count(1)
    page.locator("tr.rel-replaced-by a.ident").click()
    expect(page.locator("h1")).to_have_text("ISO 9001:2015")
    expect(page.locator(".record-head .badges")).to_contain_text("In force")
    page.locator('svg.family a[href="/standard?id=ISO+9001%3A2008"]').click()  # and back, through the picture
    expect(page.locator("h1")).to_have_text("ISO 9001:2008")


def test_switch_language_keeps_the_page_and_is_remembered(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/?q=quality+management&lang=en")
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("records match")
    page.locator("a.switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("button", name="检索")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("条记录匹配")
    expect(page.get_by_role("searchbox")).to_have_value("quality management")
    page.goto(f"{live_server}/overview")  # no lang in the address: the choice is remembered
    expect(page.locator("h1")).to_have_text("机构与国家")
    page.locator("a.switch").click()
    expect(page.locator("h1")).to_have_text("Bodies and countries")


def test_open_a_country_overview_with_charts_and_csv(browser: Browser, live_server: str) -> None:
    context = new_context(browser, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server}/overview?lang=en")
    page.get_by_role("link", name="China CN").click()
    expect(page.locator("h1")).to_contain_text("China")
    expect(page.locator("svg.chart")).to_have_count(5)
    expect(page.locator("svg.chart.bars").first.locator("rect").first).to_be_visible()
    expect(page.locator("ul.words li").first).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("#figure-status a.csv").click()
    download = download_info.value
    assert download.suggested_filename == "stdbridge-country-CN-status.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows and set(rows[0]) == {"status", "label", "records"}
    shown = page.locator("#figure-status svg text.value").all_text_contents()
    assert [r["records"] for r in rows] == [text.split(" ")[0].replace(",", "") for text in shown]
    context.close()


def test_a_narrow_screen_needs_no_sideways_scrolling(browser: Browser, live_server: str) -> None:
    context = new_context(browser, locale="zh-CN", width=375)
    page = context.new_page()
    for path in ("/?q=质量管理体系", "/standard?id=ISO%209001:2008", "/overview/country/CN", "/overview",
                 "/?q=safety&all=1"):  # fmt: skip
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide"
    page.goto(f"{live_server}/?q=质量管理体系")
    facets = page.locator("details[data-collapse-narrow]")
    expect(facets).not_to_have_attribute("open", "")  # folded above the results
    expect(page.locator("ol.hits li.hit").first).to_be_in_viewport()
    facets.locator("summary").click()
    expect(page.locator(".facet-country")).to_be_visible()
    context.close()


def test_pages_work_without_javascript(browser: Browser, live_server: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/?lang=en")
    page.get_by_role("searchbox").fill("GB/T 19001")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.hits a.ident").first).to_have_text("GB/T 19001-2008")
    page.locator("select[name=sort]").select_option("newest")
    page.get_by_role("button", name="Apply").click()
    assert "sort=newest" in page.url
    context.close()


def test_a_title_with_markup_is_text_in_the_browser(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/standard?id=GB/T%2099999-2020&lang=en")
    expect(page.locator("#titles")).to_contain_text("<script>alert('zh')</script>质量管理 标记测试")
    assert page.locator("#titles script, #titles img, #titles b").count() == 0
    page.goto(f"{live_server}/?q=标记测试&lang=en")
    expect(page.locator("ol.hits")).to_contain_text("<img src=x onerror=alert(1)>")


TEXTS = Path(__file__).parent.parent / "compare" / "data"


def test_accept_a_suggested_counterpart_and_see_it_declared(browser: Browser, fresh_live_server: str) -> None:
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{fresh_live_server}/standard?id=JIS%20Q%209001:2015&lang=en")
    suggestions = page.locator("#suggestions")
    expect(suggestions.locator("h2")).to_contain_text("Suggested counterparts")
    first = suggestions.locator("li.suggestion").first
    expect(first.locator(".suggestion-head a.ident")).to_have_text("ISO 9001:2015")
    expect(first.locator("ul.clues li")).to_have_count(5)
    expect(page.locator("#relations")).not_to_contain_text("ISO 9001:2015")
    first.locator("summary").click()
    first.locator("select[name=degree]").select_option("MOD")
    first.locator("input[name=by]").fill("Wang Fang")
    first.locator("textarea[name=note]").fill("checked clause by clause")
    first.get_by_role("button", name="Accept").click()
    expect(page.locator("#suggestions .notice.success")).to_contain_text("Wang Fang accepted ISO 9001:2015")
    row = page.locator("#relations tr.rel-equivalent")
    expect(row).to_contain_text("ISO 9001:2015")
    expect(row).to_contain_text("MOD")
    expect(page.locator("#suggestions li.suggestion .suggestion-head a.ident", has_text="ISO 9001:2015")).to_have_count(
        0
    )
    page.goto(f"{fresh_live_server}/standard?id=JIS%20Q%209000:2015&lang=en")  # the name is remembered here
    page.locator("#suggestions li.suggestion summary").first.click()
    expect(page.locator("#suggestions li.suggestion input[name=by]").first).to_have_value("Wang Fang")
    context.close()


def test_compare_two_uploaded_texts_and_download_the_json(browser: Browser, live_server: str) -> None:
    context = new_context(browser, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/compare?lang=en")
    page.locator("#a").fill("IEC 60335-1:2010")
    page.locator("#b").fill("IEC 60335-1:2020")
    page.locator("#text_a").set_input_files(str(TEXTS / "edition1_en.txt"))
    page.locator("#text_b").set_input_files(str(TEXTS / "edition2_en.txt"))
    page.get_by_role("button", name="Compare", exact=True).click()
    texts = page.locator("#compare-result section.texts")
    expect(texts).to_contain_text("The full texts, clause by clause")
    expect(texts.locator("table.requirements")).to_contain_text("230 V ± 6 %")
    expect(page.locator("#compare-result .link-box")).to_contain_text("editions of one work")
    with page.expect_download() as download_info:  # the files are still chosen: no need to pick them again
        page.get_by_role("button", name="Download JSON").click()
    body = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert body["texts"]["counts"]["missing"] == 1 and body["link"]["kind"] == "edition"
    assert not errors
    context.close()


def test_the_compatibility_page_draws_its_charts(browser: Browser, live_server: str) -> None:
    context = new_context(browser, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server}/?lang=en")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compatibility").click()
    page.locator("select[name=a]").select_option("body:ISO")
    page.locator("select[name=b]").select_option("country:CN")
    page.get_by_role("button", name="Show the compatibility").click()
    expect(page.locator("h1")).to_have_text("Compatibility of standards systems")
    expect(page.locator("svg.chart")).to_have_count(4)
    # the GB standards of the excerpts adopt other editions of ISO's: related editions, never IDT
    expect(page.locator("#figure-coverage svg .share.kind-related-edition rect").first).to_be_visible()
    expect(page.locator("#figure-coverage svg .share.kind-IDT")).to_have_count(0)
    expect(page.locator("#figure-information svg .bar rect:not(.rest)").first).to_be_visible()
    expect(page.locator(".headline")).to_contain_text("of 7 standards of ISO have a counterpart in China")
    with page.expect_download() as download_info:
        page.locator("#figure-coverage a.csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    related = next(r for r in rows if r["direction"] == "a_to_b" and r["kind"] == "related-edition")
    tooltip = page.locator("#figure-coverage svg .share.kind-related-edition title").first.text_content() or ""
    assert f"through another edition: {related['standards']} (" in tooltip
    context.close()


def test_the_new_pages_fit_a_phone(browser: Browser, live_server: str) -> None:
    context = new_context(browser, locale="zh-CN", width=375)
    page = context.new_page()
    for path in ("/standard?id=JIS%20Q%209001:2015", "/compare?a=JIS%20Q%209001:2015&b=ISO%209001:2015",
                 "/compare", "/compare-batch", "/compatibility", "/compatibility?a=body:ISO&b=country:CN&ics=03",
                 "/compare-batch?list_a=JIS%20Q%209001:2015%0Anonsense&list_b=ISO%209001:2015"):  # fmt: skip
        page.goto(live_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide"
    page.goto(f"{live_server}/standard?id=JIS%20Q%209001:2015")
    page.locator("#suggestions li.suggestion summary").first.click()  # the decision form, open
    expect(page.locator("#suggestions li.suggestion input[name=by]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(f"{live_server}/compare")
    page.locator("#text_a").set_input_files(str(TEXTS / "edition1_en.txt"))
    page.locator("#text_b").set_input_files(str(TEXTS / "edition2_zh.txt"))
    page.locator("button[value=page]").click()
    expect(page.locator("#compare-result section.texts")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.slow
def test_long_work_shows_its_steps_then_the_answer(
    browser: Browser, live_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The excerpts are compared in a blink: seeking suggestions is made slower, so that its step can be seen.
    from stdbridge.counterparts.bulk import BulkSuggester

    seek = BulkSuggester.best

    def slowly(self: BulkSuggester, *args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        return seek(self, *args, **kwargs)

    monkeypatch.setattr(BulkSuggester, "best", slowly)
    context = new_context(browser, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server}/compatibility?lang=zh")
    page.locator("select[name=a]").select_option("body:IEC")  # a question no other test asks: not remembered
    page.locator("select[name=b]").select_option("country:CN")
    page.locator("form.compatibility-form button[type=submit]").click()
    step = page.locator(".busy-note .step")
    expect(step).to_contain_text("寻找建议的对应标准")  # the step, in the page's language
    expect(page.locator(".busy-note progress")).to_be_visible()
    page.screenshot(path=str(tmp_path / "compatibility-progress-zh.png"), full_page=True)
    expect(page.locator("svg.chart")).to_have_count(4)  # then the answer, in place of the page
    expect(page.locator(".busy-note")).to_have_count(0)
    assert "a=body%3AIEC" in page.url and "b=country%3ACN" in page.url  # an address to come back to
    page.goto(f"{live_server}/compare-batch?lang=en")
    for side in ("a", "b"):
        page.locator(f"#list_{side}").fill(EXAMPLE[f"list_{side}"])
    page.locator("form.batch-form button[value=page]").click()
    expect(page.locator(".busy-note .step")).to_contain_text("Seeking suggested counterparts")
    expect(page.locator("table .badge.kind").first).to_be_visible()
    expect(page.locator(".busy-note")).to_have_count(0)
    context.close()
    assert not errors, f"script errors: {errors}"


def test_the_api_documentation_renders_with_outside_requests_blocked(page: Page, live_server: str) -> None:
    outside: list[str] = []

    def only_this_server(route: Route) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:  # a CDN the documentation would need: refused, as on a machine without internet
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server}/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()  # the operations, drawn by Swagger UI's script
    assert page.locator(".swagger-ui .opblock").count() >= 10
    assert "/api/search" in page.locator(".swagger-ui").inner_text()
    assert outside == []
