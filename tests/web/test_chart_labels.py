"""No chart label is cut off: in a real browser (Chromium through Playwright, as ``test_browser``), every text of
every chart lies whole inside its drawing, in Chinese and in English, on a wide screen and on a phone.

The figures drawn first are the bundled catalogue's own sizes (ISO's 61,619 records by status, as
``/work/shared/data/SOURCES.md`` counts them, and the longest ICS field titles), which the small excerpts of the
live server do not reach; then the live pages' charts themselves."""

from __future__ import annotations

from importlib.resources import files

import pytest
from playwright.sync_api import Page
from tests.web.chromium import OpenPage

from stdbridge.i18n import set_language
from stdbridge.language.ics_titles import chinese_ics_titles
from stdbridge.web import charts

# ISO's records by status in the bundled catalogue (SOURCES.md: iso-relaton)
ISO_BY_STATUS = [("withdrawn", 26_506), ("in-force", 25_847), ("under-development", 9_017), ("cancelled", 249)]
ISO_RECORDS = 61_619
ENGLISH_FIELDS = [
    "Services. Company organization, management and quality. Administration. Transport. Sociology",
    "Domestic and commercial equipment. Entertainment. Sports",
    "Telecommunications. Audio and video engineering",
]

# Every text of every chart whose box, as the browser lays it out (in the drawing's own units), reaches beyond the
# drawing's frame (its viewBox), where the SVG cuts it off; by more than the unit a glyph's ink may stick out of its
# advance (the bar of a "T" at the very start of a line), which cuts nothing a reader sees.
OVERFLOWING = """() => {
  const SLACK = 1.5;
  const found = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const frame = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBBox();
      if (box.width === 0) continue;
      if (box.x < frame.x - SLACK || box.x + box.width > frame.x + frame.width + SLACK
          || box.y < frame.y - SLACK || box.y + box.height > frame.y + frame.height + SLACK) {
        found.push(`${svg.getAttribute("aria-labelledby")}: "${text.textContent}" x ${box.x.toFixed(1)} to `
                   + `${(box.x + box.width).toFixed(1)}, y ${box.y.toFixed(1)} to ${(box.y + box.height).toFixed(1)} `
                   + `outside ${frame.width} by ${frame.height}`);
      }
    }
  }
  return found;
}"""


def drawn(lang: str) -> str:
    """A page of charts drawn with the bundled catalogue's sizes and the longest labels, in ``lang``."""
    set_language(lang)
    chinese = chinese_ics_titles()
    fields = sorted((t.title for code, t in chinese.items() if len(code) == 2), key=len, reverse=True)[:3]
    labels = fields if lang == "zh" else ENGLISH_FIELDS
    status = [charts.Bar(name, count, f"status-{name}") for name, count in ISO_BY_STATUS]
    long_bars = [charts.Bar(label, 25_958 - 4_000 * i) for i, label in enumerate(labels)]
    parts = [charts.Bar(label, 20_000 + 1_000 * i, f"degree-{d}") for i, (label, d) in enumerate(
        zip(labels, ("IDT", "MOD", "NEQ"), strict=True))]  # fmt: skip
    rows = [charts.StackedRow(label, parts, ISO_RECORDS, "25,958 / 61,619") for label in labels]
    svgs = [
        charts.bar_chart("status", "status", status, total=ISO_RECORDS),
        charts.bar_chart("fields", "fields", long_bars, total=ISO_RECORDS),
        charts.share_bar("share", "share", parts, ISO_RECORDS),
        charts.stacked_bar_chart("stacked", "stacked", rows, rest=labels[0]),
        charts.ratio_chart("ratios", "ratios", [charts.Ratio(label, 0.97) for label in labels]),
        charts.column_chart("years", "years", [(str(y), 1_000 + y) for y in range(1950, 2026)]),
    ]
    css = (files("stdbridge.web") / "static" / "app.css").read_text(encoding="utf-8")
    figures = "".join(f'<figure class="chart-box"><div class="chart">{svg}</div></figure>' for svg in svgs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><style>{css}</style></head>'
            f'<body><main><div class="charts">{figures}</div></main></body></html>')  # fmt: skip


@pytest.fixture(params=[1280, 375], ids=["wide", "phone"])
def page_of_width(request: pytest.FixtureRequest, open_page: OpenPage) -> Page:
    return open_page(width=request.param)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_labels_of_the_bundled_catalogue_sizes_stay_inside_their_charts(page_of_width: Page, lang: str) -> None:
    page_of_width.set_content(drawn(lang))
    assert page_of_width.locator("svg.chart").count() == 6
    figures = page_of_width.locator("svg.chart text.value").all_text_contents()
    assert ("25,847（42%）" if lang == "zh" else "25,847 (42%)") in figures
    assert page_of_width.evaluate(OVERFLOWING) == []


PAGES = ["/overview/country/CN", "/overview/body/ISO", "/compatibility?a=country:CN&b=body:ISO"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_charts_of_the_pages_show_their_labels_whole(
    page_of_width: Page, live_server: str, path: str, lang: str
) -> None:
    page_of_width.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert page_of_width.locator("svg.chart").count() >= 2
    assert page_of_width.evaluate(OVERFLOWING) == []
