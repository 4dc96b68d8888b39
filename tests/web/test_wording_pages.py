"""The pages as a reader sees them: Chinese pages with Chinese punctuation and no stray spaces (every text of the
page, tooltips and placeholders included, after the page put its pieces together), English pages with the plural
each count needs, and ICS titles in Chinese on Chinese pages, with where they come from."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.chinese_typography import page_texts, typography_problems
from tests.web.conftest import EN, ZH

# What a Chinese reader opens: the home page, results (with filters, a spelling correction, none), records,
# comparisons, overviews, a batch comparison and a compatibility.
PAGES = [
    "/",
    "/?q=质量管理体系",
    "/?q=quality&ics=03&body=GB",
    "/?q=iso 900l",
    "/?q=xyzzyq",
    "/standard?id=ISO 9001:2008",
    "/standard?id=GB/T 19001-2008",
    "/standard?id=JIS Q 9001:2015",
    "/standard?id=no such standard",
    "/compare?a=IEC 60335-1:2010&b=IEC 60335-1:2020",
    "/compare?a=JIS Q 9001:2015&b=ISO 9001:2015",
    "/compare?a=GB/T 19001-2008&b=nothing like it",
    "/overview",
    "/overview/country/CN",
    "/overview/body/ISO",
    "/compatibility?a=country:CN&b=body:ISO",
    "/compare-batch",
]
BATCH = {
    "name_a": "International",
    "list_a": "JIS Q 9001:2015\nJIS C 61000-4-2:2012\n\nnonsense\njis q 9001 2015",
    "name_b": "Japan",
    "list_b": "ISO 9001:2015\r\nIEC 61000-4-2:2008\r\nISO 14001:2015",
}


def opened(client: TestClient, path: str, lang: dict[str, str]) -> str:
    """The page at ``path`` (its query included) in a language."""
    address, _sep, query = path.partition("?")
    params = dict(item.split("=", 1) for item in query.split("&") if item)
    return client.get(address, params={**params, **lang}).text


def problems_of(html: str) -> list[str]:
    return sorted({problem for text in page_texts(html) for problem in typography_problems(text)})


@pytest.mark.parametrize("path", PAGES)
def test_a_chinese_page_writes_chinese_punctuation_without_stray_spaces(client: TestClient, path: str) -> None:
    page = opened(client, path, ZH)
    assert 'lang="zh-CN"' in page and "<h1" in page
    assert problems_of(page) == [], "\n".join(problems_of(page))


def test_a_chinese_batch_comparison_reads_well(client: TestClient) -> None:
    page = client.post("/compare-batch", params=ZH, data=BATCH)
    assert page.status_code == 200 and "清单" in page.text
    assert problems_of(page.text) == []


def test_the_search_summary_is_one_chinese_sentence(client: TestClient) -> None:
    page = client.get("/", params={"q": "质量管理体系", **ZH})
    summary = re.search(r'<p id="summary" class="summary">(.*?)</p>', page.text, flags=re.S)
    assert summary is not None
    text = " ".join(summary.group(1).split())
    assert re.fullmatch(r"[\d,]+ 条记录匹配，[\d,]+ 项标准，第 \d+/\d+ 页(；同一标准的各版本合并显示)?。", text), text


def test_english_counts_take_the_plural_they_need(client: TestClient) -> None:
    many = client.get("/", params={"q": "quality", **EN})
    assert re.search(r"\d+ records match", many.text)
    for path in PAGES:
        texts = page_texts(opened(client, path, EN))
        assert not [t for t in texts if re.search(r"(?<![\d,.])1 (records|standards|years|editions|lines)\b", t)]


def test_chinese_pages_name_ics_codes_in_chinese_and_say_where_the_names_come_from(client: TestClient) -> None:
    results = client.get("/", params={"q": "quality", **ZH}).text
    assert "ICS 中文名称" in results  # the note under the ICS filter
    assert 'title="服务、公司组织、管理和质量、行政、运输、社会学\n《国际标准分类法》中文版名称' in results
    record = client.get("/standard", params={"id": "ISO 9001:2008", **ZH}).text
    assert "质量管理和质量保证" in record and "Quality management and quality assurance" not in record
    assert 'title="stdbridge 据 ISO 英文、法文名称翻译，非官方中文版"' in record
    english = client.get("/standard", params={"id": "ISO 9001:2008", **EN}).text
    assert "Quality management and quality assurance" in english and "ICS 中文名称" not in english


def test_the_compare_page_labels_say_what_the_rows_hold(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "IEC 60335-1:2010", "b": "IEC 60335-1:2020", **ZH}).text
    labels = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', page)
    assert "标准号" in labels and "版次" in labels, labels
    assert "标准号表明" not in page and "版本精确匹配" not in page


def test_the_api_gives_the_chinese_ics_titles_and_where_they_come_from(client: TestClient) -> None:
    fields = client.get("/api/ics").json()
    assert (
        fields[0]["titles"]["zh"] == "综合、术语学、标准化、文献" and fields[0]["chinese_source"] == "chinese-edition"
    )
    groups = client.get("/api/ics", params={"parent": "13"}).json()
    fire = next(g for g in groups if g["code"] == "13.220")
    assert fire["titles"] == {"en": "Protection against fire", "fr": fire["titles"]["fr"], "zh": "防火"}
    assert fire["chinese_source"] == "stdbridge"
