"""The web filters and systems read the names people type for bodies and countries (JIS, GB, ГОСТ, 中国), say how
they read them, and say which names mean nothing known, with the nearest known ones; the page still answers."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import EN, ZH, notices


def test_a_series_filters_by_its_body_and_the_page_says_so(client: TestClient) -> None:
    page = client.get("/", params={"q": "quality management", "body": "JIS", **EN})
    assert page.status_code == 200
    said = notices(page.text)
    assert "&#39;JIS&#39; read as the JIS series of JISC (Japanese Industrial Standards Committee)" in said
    assert "JIS Q 9001:2015" in page.text and "ISO 9001:2015" not in page.text
    assert '<input type="hidden" name="body" value="JISC">' in page.text  # the form and the facets hold the code
    assert "body=JISC&amp;country=JP" in page.text


def test_gb_and_a_chinese_country_name(client: TestClient) -> None:
    as_body = client.get("/", params={"q": "management", "body": "GB", **EN})
    assert "for United Kingdom (GB), use the country filter GB" in notices(as_body.text)
    assert 'href="/standard?id=GB%2FT+' in as_body.text  # a GB/T result, not the search box's example
    as_country = client.get("/", params={"q": "management", "country": "GB", **EN})
    assert "use the body filter SAC" in notices(as_country.text)
    assert "no records of the country &#39;GB&#39;" in notices(as_country.text)
    chinese = client.get("/", params={"q": "management", "country": "中国", **ZH})
    assert "“中国”读作：中国（CN）" in notices(chinese.text) and 'href="/standard?id=GB%2FT+' in chinese.text


def test_an_unknown_body_is_named_with_the_nearest_and_left_out(client: TestClient) -> None:
    page = client.get("/", params={"q": "quality management", "body": "XYZQ", **EN})
    assert page.status_code == 200
    said = notices(page.text)
    assert "unknown body or series &#39;XYZQ&#39;; nearest known: " in said and "that filter was ignored" in said
    assert "ISO 9001:2015" in page.text  # searched without it
    chinese = client.get("/", params={"q": "quality management", "body": "XYZQ", **ZH})
    assert "未知的机构或标准系列“XYZQ”" in notices(chinese.text) and "已忽略该筛选条件" in notices(chinese.text)


def test_the_compatibility_page_reads_system_names(client: TestClient) -> None:
    page = client.get("/compatibility", params={"a": "ISO", "b": "日本", **EN})
    assert page.status_code == 200
    assert "&#39;日本&#39; read as Japan (JP)" in notices(page.text) and "<svg" in page.text
    unknown = client.get("/compatibility", params={"a": "ISO", "b": "body:XYZQ", **EN})
    assert unknown.status_code == 400 and "unknown body or series &#39;XYZQ&#39;" in notices(unknown.text)


def test_an_overview_by_a_name_people_use_leads_to_the_stored_code(client: TestClient) -> None:
    moved = client.get("/overview/body/JIS", params=EN, follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "/overview/body/JISC?lang=en"
    assert client.get("/overview/country/中国/status.csv", params=EN, follow_redirects=False).headers[
        "location"] == "/overview/country/CN/status.csv?lang=en"  # fmt: skip
    page = client.get("/overview/country/Japan", params=EN)
    assert page.status_code == 200 and 'href="/overview/country/JP/status.csv"' in page.text
    unknown = client.get("/overview/body/XYZQ", params=EN)
    assert unknown.status_code == 404 and "unknown body or series &#39;XYZQ&#39;; nearest known: " in unknown.text
