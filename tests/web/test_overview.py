"""The overview pages: charts a person can look at, each with its data as a table and as CSV that matches."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import EN, NASTY, ZH, svg_texts

from stdbridge.analytics.overview import overview
from stdbridge.catalog import Catalog
from stdbridge.i18n import set_language
from stdbridge.web import charts
from stdbridge.web.overview_page import FIGURES


def _csv(client: TestClient, path: str, **params: str) -> list[dict[str, str]]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text)))


def test_a_country_overview_draws_every_figure(client: TestClient) -> None:
    page = client.get("/overview/country/CN", params=EN)
    assert page.status_code == 200
    assert '<h1>China <span class="code">CN</span></h1>' in page.text
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox=') == 5  # all but the hot words
    assert page.text.count('class="csv" href="/overview/country/CN/') == len(FIGURES)
    for figure in FIGURES:
        assert f'href="/overview/country/CN/{figure}.csv"' in page.text
    assert 'role="img" aria-labelledby="chart-status-title"' in page.text
    assert "Adoption of other standards" in page.text  # a national scope: its adoption share
    assert re.search(r'<li class="w5" title="[^"]+">[^<]+</li>', page.text)  # the biggest hot word


def test_a_country_overview_in_chinese_uses_chinese_names_and_words(client: TestClient) -> None:
    page = client.get("/overview/country/CN", params=ZH)
    assert "<h1>中国" in page.text
    assert "按状态统计的记录" in page.text and "现行" in page.text
    assert "服务、公司组织、管理和质量、行政、运输、社会学" in page.text
    assert 'class="words" lang="zh-CN"' in page.text and "医疗器械" in page.text
    assert "下载 CSV" in page.text


def test_hot_words_of_the_other_language_carry_a_gloss(client: TestClient) -> None:
    page = client.get("/overview/body/ISO", params=ZH)  # ISO titles are English: English words, Chinese glosses
    words = page.text.split('<ul class="words" lang="en">', 1)[1].split("</ul>", 1)[0]
    assert re.search(r'>safety <span class="gloss">安全</span></li>', words)


def test_a_body_overview(client: TestClient) -> None:
    page = client.get("/overview/body/ISO", params=EN)
    assert page.status_code == 200
    assert "International Organization for Standardization" in page.text
    assert "Adopted by national standards" in page.text
    assert 'href="/overview/country/INT"' in page.text
    lower = client.get("/overview/body/iso", params=EN)
    assert lower.status_code == 200 and 'href="/overview/body/ISO/status.csv"' in lower.text


@pytest.mark.parametrize("figure", FIGURES)
def test_each_csv_has_a_header_and_the_figures_of_the_chart(client: TestClient, web_catalog: Catalog,
                                                            figure: str) -> None:  # fmt: skip
    rows = _csv(client, f"/overview/country/CN/{figure}.csv", **EN)
    set_language("en")
    view = overview(web_catalog, "country", "CN", "en")
    assert rows
    if figure == "status":
        assert {r["status"]: int(r["records"]) for r in rows} == {c.key: c.count for c in view.by_status}
        assert sum(int(r["records"]) for r in rows) == view.records
        assert {r["label"] for r in rows} >= {"In force"}
    elif figure == "type":
        assert {r["type"]: int(r["records"]) for r in rows} == {c.key: c.count for c in view.by_type}
    elif figure == "ics":
        assert {r["ics"]: int(r["records"]) for r in rows} == {c.key: c.count for c in view.ics_fields}
        assert any(r["title"] == "Information technology" for r in rows)
    elif figure == "years":
        assert [int(r["year"]) for r in rows] == list(range(int(rows[0]["year"]), int(rows[-1]["year"]) + 1))
        assert sum(int(r["records"]) for r in rows) == view.records - view.undated
    elif figure == "words":
        assert list(rows[0]) == ["word", "records", "gloss"]
        assert [(r["word"], int(r["records"])) for r in rows] == [(w.word, w.count) for w in view.hot_words]
    else:
        by_tag = {r["adoption"]: int(r["records"]) for r in rows}
        assert by_tag["adopts"] == view.adoption.adopting and by_tag["records"] == view.records
        assert by_tag["IDT"] == view.adoption.by_degree["IDT"]


def test_csv_labels_follow_the_language_and_headers_do_not(client: TestClient) -> None:
    rows = _csv(client, "/overview/country/CN/status.csv", **ZH)
    assert list(rows[0]) == ["status", "label", "records"]
    assert any(r["label"] == "现行" for r in rows)
    words = _csv(client, "/overview/country/CN/words.csv", **ZH)
    assert any(r["word"] == "医疗器械" and r["gloss"] == "medical devices" for r in words)


def test_the_charts_escape_and_scale() -> None:
    svg = charts.bar_chart("c", "<title>", [charts.Bar("<script>x</script>", 3), charts.Bar("b", 0)], total=3)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'width="0"' in svg  # a zero bar is drawn empty
    columns = charts.column_chart("y", "years", [(str(y), y - 1990) for y in range(1990, 2031)])
    assert columns.count("<rect") == 41
    assert ">2030<" in columns and ">1990<" in columns
    assert charts.word_sizes([1, 10, 100]) == [1, 3, 5]
    assert charts.word_sizes([7, 7]) == [3, 3]
    assert charts.csv_text(["a"], [["=1+1"], ["-x"], [3]]) == "a\r\n'=1+1\r\n'-x\r\n3\r\n"


def test_every_chart_escapes_its_texts() -> None:
    bar = charts.Bar(NASTY, 3, "status-in-force", href=f"/standard?id={NASTY}")
    drawn = {
        "bar": charts.bar_chart("bar", NASTY, [bar], total=4),
        "column": charts.column_chart("column", NASTY, [(NASTY, 5)]),
        "share": charts.share_bar("share", NASTY, [bar], 4),
        "stacked": charts.stacked_bar_chart("stacked", NASTY, [charts.StackedRow(NASTY, [bar], 4, NASTY)], rest=NASTY),
        "ratio": charts.ratio_chart("ratio", NASTY, [charts.Ratio(NASTY, 0.5)]),
    }
    for kind, svg in drawn.items():
        assert "<script" not in svg, kind
        texts, _links = svg_texts(svg)
        assert texts[0] == NASTY, kind  # the chart's title, read back whole
        assert sum(t.startswith(NASTY) for t in texts[1:]) >= 2, kind  # a label or a legend, and a tooltip
    assert svg_texts(drawn["bar"])[1] == [f"/standard?id={NASTY}"]
