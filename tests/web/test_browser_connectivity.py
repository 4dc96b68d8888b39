"""The connectivity page in a browser, in Chinese: China and ISO over 2005-2024 on the excerpts of the bundled
data, its chart's points and table checked against the figures worked by hand (tests/test_connectivity.py), the
group heat map, and a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tests.web.chromium import OpenPage
from tests.web.conftest import serving

from stdbridge.catalog import Catalog

SHOTS = Path("/tmp/stdbridge-screenshots")


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page(locale="zh-CN", console_errors=True)


def test_china_and_iso_over_the_years_in_chinese(page: Page, catalog: Catalog) -> None:
    with serving(catalog) as url:
        page.goto(f"{url}/connectivity?lang=zh")
        expect(page.locator("h1")).to_have_text("标准体系的联通度")
        form = page.locator("form.connectivity-form")
        form.locator("select[name=a]").select_option("country:CN")
        form.locator("select[name=b]").select_option("body:ISO")
        form.locator("input[name=from]").fill("2005")
        form.locator("input[name=to]").fill("2024")
        form.locator("input[name=group]").fill("CN,JP,ISO")
        form.get_by_role("button", name="显示联通度").click()
        # by hand (tests/test_connectivity.py): 2010-12-31 CN 2 in force, 1 with a counterpart (GB/T 19000-2008 ->
        # ISO 9000:2005), none IDT/MOD; 2017-12-31 CN 7 and ISO 7 in force, GB/T 22080-2016 IDT ISO/IEC 27001:2013
        chart_a = page.locator("#connectivity-a svg")
        point = chart_a.locator('circle[data-stage="recognised"][data-date="2010-12-31"]')
        expect(point).to_have_attribute("data-count", "1")
        expect(point).to_have_attribute("data-standards", "2")
        common = chart_a.locator('circle[data-stage="common"][data-date="2017-12-31"]')
        expect(common).to_have_attribute("data-count", "1")
        expect(common).to_have_attribute("data-standards", "7")
        row = page.locator('table[data-side="b"] tr[data-date="2017-12-31"]')
        expect(row.locator("td").first).to_have_text("7")
        expect(row.locator('td[data-stage="recognised"]')).to_contain_text("1")
        expect(
            page.locator('table[data-side="a"] tr[data-date="2022-12-31"] td[data-stage="recognised"]')
        ).to_contain_text("0")
        expect(page.locator("#connectivity-group svg rect.cell")).to_have_count(6)
        expect(page.get_by_role("link", name="图表（SVG）").first).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "connectivity-zh.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "connectivity-zh-phone.png"), full_page=False)


def _by_hand(catalog: Catalog, day: str) -> dict[str, tuple[int, int]]:
    """Each side's (standards in force, standards with a counterpart on the other side in force) on ``day``,
    recomputed the slow way: every edition's status on the day asked one by one (``Catalog.status_on``), and its
    counterparts read from its own relations (the excerpts' CN and JP standards meet only directly: JIS records
    declare no adoptions)."""
    from stdbridge.analytics.compatibility import Scope, scope_members
    from stdbridge.catalog.lifecycle import is_edition
    from stdbridge.models import RelationType

    live = {}
    for side, code in (("a", "CN"), ("b", "JP")):
        members = [s for s in scope_members(catalog, Scope("country", code), members="all") if is_edition(s)]
        live[side] = {s.id for s in members if catalog.status_on(s.identifier, day).status == "in-force"}
    linked: dict[str, set[int]] = {"a": set(), "b": set()}
    for r in catalog.store.relations_touching(list(live["a"] | live["b"]), []):
        if r.type not in (RelationType.ADOPTS, RelationType.EQUIVALENT):
            continue
        for x, y in ((r.source_id, r.target_id), (r.target_id, r.source_id)):
            if x in live["a"] and y in live["b"]:
                linked["a"].add(x)
                linked["b"].add(y)
    return {side: (len(live[side]), len(linked[side])) for side in ("a", "b")}


def test_china_and_japan_over_the_years_recomputed_by_hand(page: Page, catalog: Catalog) -> None:
    from stdbridge.models import Degree, Verdict

    # an editor accepts a counterpart the suggestions offer: GB/T 19000-2016 and JIS Q 9000:2015, both ISO 9000:2015
    catalog.decide("GB/T 19000-2016", "JIS Q 9000:2015", Verdict.ACCEPTED, by="Sato Aiko", degree=Degree.IDT)
    # by hand: GB/T 19000-2016 is in force from 2017-07-01, JIS Q 9000:2015 from 2015-11-20: the link counts from
    # the 2017 year end; CN holds 7 standards in force then, JP 3 (JIS C 61000-4-2:2012, JIS Q 9000:2015 and
    # JIS Q 9001:2015); in 2019 JIS Z 8301:2019 makes JP's 4; before 2017 nothing is linked
    worked = {"2016-12-31": {"a": (4, 0), "b": (3, 0)}, "2017-12-31": {"a": (7, 1), "b": (3, 1)},
              "2019-12-31": {"a": (10, 1), "b": (4, 1)}}  # fmt: skip
    with serving(catalog) as url:
        page.goto(f"{url}/connectivity?lang=zh&a=country:CN&b=country:JP&from=2005&to=2024")
        expect(page.locator("#connectivity-a svg")).to_be_visible()
        for year in range(2005, 2025):
            day = f"{year}-12-31"
            expected = _by_hand(catalog, day)
            if day in worked:
                assert expected == worked[day], day
            for side in ("a", "b"):
                standards, recognised = expected[side]
                chart = page.locator(f"#connectivity-{side} svg")
                for stage in ("recognised", "common"):  # the accepted link is IDT: commonality as well
                    point = chart.locator(f'circle[data-stage="{stage}"][data-date="{day}"]')
                    expect(point).to_have_attribute("data-standards", str(standards))
                    expect(point).to_have_attribute("data-count", str(recognised))
                row = page.locator(f'table[data-side="{side}"] tr[data-date="{day}"]')
                expect(row.locator("td").first).to_have_text(str(standards))
        # the chart's title and legend in Chinese, the recognition stage as docs/connectivity.md names it
        legend = page.locator("#connectivity-a svg")
        expect(legend).to_contain_text("互认")
        expect(legend).to_contain_text("共通")
        expect(page.get_by_role("link", name="图表（PNG）").first).to_be_visible()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "connectivity-cn-jp-zh.png"), full_page=True)
        png = page.request.get(f"{url}/connectivity/download.png?a=country:CN&b=country:JP&from=2005&to=2024&lang=zh")
        assert png.ok and png.body()[:8] == b"\x89PNG\r\n\x1a\n"
