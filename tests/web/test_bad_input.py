"""Whatever arrives in the address, a page answers with a sentence about it, never a server error; titles with
markup are shown as text."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.conftest import EN, MARKUP_ID, notices

from stdbridge.catalog import Catalog


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"q": ""}, "Type an identifier"),
        ({"q": "   \t "}, "Type an identifier"),
        ({"q": "\x00\x07"}, "control characters"),
        ({"q": "ISO 9001" + "x" * 5000}, "longer than 200 characters"),
        ({"q": "质量" * 3000}, "longer than 200 characters"),
        ({"q": "\x00ISO\x1b 9001\x7f"}, "control characters"),
        ({"q": "' OR 1=1 --"}, "taken as ordinary text"),
        ({"q": "title:(foo"}, "taken as ordinary text"),
        ({"q": 'quality" AND "management'}, "taken as ordinary text"),
        ({"q": "'; DROP TABLE standards; --"}, "taken as ordinary text"),
        ({"q": "quality", "status": "bogus"}, "Unknown value &#39;bogus&#39; for the filter &#39;status&#39;"),
        ({"q": "quality", "type": "novel"}, "for the filter &#39;type&#39;"),
        ({"q": "quality", "ics": "03.abc"}, "for the filter &#39;ics&#39;"),
        ({"q": "quality", "adoption": "stolen"}, "for the filter &#39;adoption&#39;"),
        ({"q": "quality", "body": "\x07"}, "for the filter &#39;body&#39;"),
        ({"q": "quality", "body": "<b>"}, "unknown body or series &#39;&lt;b&gt;&#39;; nearest known: "),
        ({"q": "quality", "country": "ZZ"}, "unknown country or region &#39;ZZ&#39;; nearest known: "),
        ({"q": "quality", "body": "NOPE"}, "that filter was ignored"),
        ({"q": "quality", "body": "BSI"}, "no records of the body &#39;BSI&#39;"),
        ({"q": "quality", "country": "UK"}, "no records of the country &#39;GB&#39;"),
        ({"q": "quality", "colour": "red", "DROP": "1"}, "Ignored what this page does not know: colour, DROP"),
        ({"q": "quality", "page": "abc"}, "is not a page number"),
        ({"q": "quality", "page": "0"}, "numbered from 1"),
        ({"q": "quality", "page": "-3"}, "numbered from 1"),
        ({"q": "quality", "page": "99999999999999999999"}, "paged up to page 251"),
        ({"q": "quality", "page": "40"}, "past the end of the results"),
        ({"q": "quality", "sort": "random()"}, "Unknown sort order"),
        ({"q": "quality", "year_from": "abc"}, "is not a year"),
        ({"q": "quality", "year_to": "30000"}, "is not a year"),
        ({"q": "quality", "year_from": "2020", "year_to": "2000"}, "swapped"),
        ({"q": "quality", "body": [f"B{i}" for i in range(30)]}, "Only the first 20 values"),
    ],
)
def test_bad_input_gets_a_clear_message(client: TestClient, params: dict[str, str | list[str]], notice: str) -> None:
    page = client.get("/", params={**params, **EN})
    assert page.status_code == 200
    assert notice in notices(page.text)
    assert "Traceback" not in page.text


@pytest.mark.parametrize(
    "query",
    ["ISO 质量 management ГОСТ 9001", "品質マネジメント quality 质量", "🙂 ISO 9001 🙂", "\u200b\u202e9001",
     "ｉｓｏ　９００１", "%%%", "*", "()", "\\", "NOT NOT NOT", "a" * 199, "9" * 200, "GB/T 19001-2016/XG1-2020"],
)  # fmt: skip
def test_odd_and_mixed_script_queries_are_searched_without_error(client: TestClient, query: str) -> None:
    page = client.get("/", params={"q": query, **EN})
    assert page.status_code == 200
    assert 'class="summary"' in page.text  # searched: the page says how many match


def test_mixed_scripts_find_across_languages(client: TestClient) -> None:
    page = client.get("/", params={"q": "ISO 质量 management", **EN})
    assert "ISO 9001:2015" in page.text


def test_a_query_that_is_not_utf8_is_read_anyway(client: TestClient) -> None:
    page = client.get("/?q=%FF%FEISO%209001&lang=en")
    assert page.status_code == 200


def test_a_page_number_past_the_end_shows_the_first_page(client: TestClient) -> None:
    page = client.get("/", params={"q": "quality", "page": "40", **EN})
    assert '<ol class="hits" start="1">' in page.text
    assert 'class="hit"' in page.text


def test_an_empty_query_keeps_the_search_box(client: TestClient) -> None:
    page = client.get("/", params={"q": "", **EN})
    assert 'name="q"' in page.text and 'class="hits"' not in page.text


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/standard", {}, 400),
        ("/standard", {"id": ""}, 400),
        ("/standard", {"id": "   "}, 400),
        ("/standard", {"id": "ISO " + "9" * 300}, 400),
        ("/standard", {"id": "<script>alert(1)</script>"}, 404),
        ("/standard", {"id": "' OR 1=1 --"}, 404),
        ("/standard", {"id": "\x00\x01"}, 404),
        ("/overview/country/XX", {}, 404),
        ("/overview/country/<script>", {}, 404),
        ("/overview/planet/CN", {}, 400),
        ("/overview/country/CN/secrets.csv", {}, 404),
        ("/overview/country/XX/status.csv", {}, 404),
        ("/standard/extra", {}, 404),
    ],
)
def test_bad_addresses_get_an_html_error_page(client: TestClient, path: str, params: dict[str, str],
                                              status: int) -> None:  # fmt: skip
    page = client.get(path, params={**params, **EN})
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert '<p class="notice warning" role="alert">' in page.text
    assert "<script>alert" not in page.text
    assert 'href="/"' in page.text  # a way back


def test_the_error_page_follows_the_language(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "", "lang": "zh"})
    assert page.status_code == 400
    assert '<html lang="zh-CN">' in page.text
    assert "请输入标准号，例如“ISO 9001:2015”或“GB/T 19001”" in page.text
    assert "返回检索页" in page.text


def test_titles_with_markup_are_shown_as_text_on_the_record_page(client: TestClient) -> None:
    page = client.get("/standard", params={"id": MARKUP_ID, **EN})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<b>markup" not in page.text
    assert "&lt;script&gt;alert(&#39;zh&#39;)&lt;/script&gt;质量管理 标记测试" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;Quality management &lt;b&gt;markup&lt;/b&gt;" in page.text
    assert 'href="javascript:' not in page.text  # the record's address is not a web address: not linked


def test_titles_with_markup_are_shown_as_text_in_results_with_their_highlights(client: TestClient) -> None:
    page = client.get("/", params={"q": "标记测试 quality", **EN})
    hit = page.text.split(urlencode({"id": MARKUP_ID}), 1)[1].split("</li>", 1)[0]
    assert "<script>" not in hit and "<img" not in hit and "<b>" not in hit
    assert "&lt;script&gt;" in hit and "<mark>" in hit


def test_the_query_is_shown_back_as_text(client: TestClient) -> None:
    page = client.get("/", params={"q": '"><script>alert(1)</script>', **EN})
    assert "<script>alert(1)" not in page.text
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text


def test_a_failure_inside_is_a_page_not_a_traceback(web_app: FastAPI, web_catalog: Catalog,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(web_catalog, "search", broken)
    client = TestClient(web_app, raise_server_exceptions=False)
    page = client.get("/", params={"q": "ISO 9001", "lang": "zh"})
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "服务器出错了" in page.text and "内部错误" in page.text
    assert "fire" not in page.text and "Traceback" not in page.text
