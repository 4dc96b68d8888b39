"""The compatibility page: two standards systems picked from the catalogue's, their figures as charts, each with a
table and a CSV that agree with the HTTP API, in both languages, and a sentence for whatever cannot be worked out."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import EN, ZH, notices

ISO_CN = {"a": "body:ISO", "b": "country:CN", "declared": "1"}


def _csv(client: TestClient, name: str, **params: str) -> list[dict[str, str]]:
    answer = client.get(f"/compatibility/{name}.csv", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith(
        f'attachment; filename="stdbridge-compatibility-{params["a"].split(":")[1]}-'
    )
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


def test_the_form_offers_the_systems_of_the_catalogue(client: TestClient) -> None:
    page = client.get("/compatibility", params=EN)
    assert page.status_code == 200
    for value in ("body:ISO", "body:IEC", "body:JISC", "body:SAC", "country:CN", "country:JP", "country:INT"):
        assert f'<option value="{value}">' in page.text, value
    assert '<option value="03">03 Services. Company organization' in page.text
    assert "<svg" not in page.text.split("<main", 1)[1]  # nothing worked out before it is asked
    assert 'href="/compatibility?a=body%3AISO&amp;b=country%3ACN"' in page.text  # examples
    assert '<a href="/compatibility" aria-current="page">Compatibility</a>' in page.text


def test_two_systems_are_drawn_as_charts_with_tables_and_csv(client: TestClient) -> None:
    page = client.get("/compatibility", params={**ISO_CN, **EN})
    assert page.status_code == 200
    main = page.text.split("<main", 1)[1]
    assert main.count('<svg xmlns="http://www.w3.org/2000/svg" viewBox=') == 4
    for name in ("coverage", "fields-a", "fields-b", "information"):
        assert f'href="/compatibility/{name}.csv?a=body%3AISO&amp;b=country%3ACN&amp;declared=1"' in main, name
    assert '<option value="body:ISO" selected>' in main and '<option value="country:CN" selected>' in main
    assert "28.6%" in main and "of 7 standards of ISO have a counterpart in China" in main  # 2 of 7, related editions
    assert "Normalised mutual information (NMI), from 0 to 1" in main  # what the figures mean
    assert "ISO → China, by ICS field" in main and "China → ISO, by ICS field" in main
    assert 'href="/api/compatibility?a=body%3AISO&amp;b=country%3ACN&amp;declared_only=true"' in main


def test_the_csv_agrees_with_the_api(client: TestClient) -> None:
    api = client.get("/api/compatibility", params={"a": "ISO", "b": "CN", "declared_only": "true"}).json()
    coverage = _csv(client, "coverage", **ISO_CN)
    counts = {(r["direction"], r["kind"]): int(r["standards"]) for r in coverage}
    assert {k: counts[("a_to_b", k)] for k in api["kinds"]} == api["a_to_b"]["counts"]
    assert {k: counts[("b_to_a", k)] for k in api["kinds"]} == api["b_to_a"]["counts"]
    information = {(r["links"], r["direction"]): float(r["normalised"]) for r in _csv(client, "information", **ISO_CN)}
    assert information[("declared", "a_to_b")] == pytest.approx(api["information"]["a_to_b"]["normalised"], abs=1e-4)
    assert information[("declared", "symmetric")] == pytest.approx(api["information"]["symmetric"], abs=1e-4)
    fields = {r["ics"]: r for r in _csv(client, "fields-a", **ISO_CN)}
    by_api = {f["code"]: f["a_to_b"] for f in api["fields"] if f["a_to_b"]["standards"]}
    assert set(fields) == set(by_api)
    assert all(int(fields[c]["with_counterpart"]) == by_api[c]["with_counterpart"] for c in by_api)


def test_the_chart_shows_what_its_table_holds(client: TestClient) -> None:
    page = client.get("/compatibility", params={**ISO_CN, **EN})
    chart = page.text.split('id="figure-coverage"', 1)[1].split("</svg>", 1)[0]
    # the GB standards adopt other editions of the two ISO standards: related editions, not IDT
    assert re.search(r"<title>ISO → China — through another edition: 2 \(29%\)</title>", chart)
    assert "no counterpart" in chart  # the legend names the empty part


def test_suggested_counterparts_count_unless_declared_only(client: TestClient) -> None:
    page = client.get("/compatibility", params={"a": "body:ITU-T", "b": "body:ISO", **EN})
    assert page.status_code == 200 and "suggested" in page.text
    assert "declared and suggested links" in page.text
    declared = client.get("/compatibility", params={"a": "body:ITU-T", "b": "body:ISO", "declared": "1", **EN})
    assert "declared and suggested links" not in declared.text


def test_one_ics_field_and_the_groups_under_it(client: TestClient) -> None:
    page = client.get("/compatibility", params={**ISO_CN, "ics": "03", **EN})
    assert page.status_code == 200
    assert '<option value="03" selected>' in page.text
    assert '<option value="03.120">— 03.120 Quality</option>' in page.text  # its groups, to look closer
    rows = _csv(client, "fields-a", **ISO_CN, ics="03")
    assert rows and all(r["ics"].startswith("03.") for r in rows)


def test_the_compatibility_page_in_chinese(client: TestClient) -> None:
    page = client.get("/compatibility", params={**ISO_CN, **ZH})
    assert '<html lang="zh-CN">' in page.text
    assert "标准体系兼容性" in page.text and "归一化互信息" in page.text and "下载 CSV" in page.text
    assert "服务、公司组织、管理和质量、行政、运输、社会学" in page.text  # an ICS field's Chinese name
    assert "中国" in page.text and "等同" in page.text


@pytest.mark.parametrize(
    ("params", "status", "notice"),
    [
        ({"a": "body:ISO", "b": "body:ISO"}, 400, "Choose two different systems: ISO is compared with itself."),
        ({"a": "ISO", "b": "body:iso"}, 400, "compared with itself"),
        ({"a": "body:ISO"}, 400, "Choose two standards systems"),
        ({"a": "body:NOPE", "b": "country:CN"}, 400, "unknown body or series &#39;NOPE&#39;; nearest known: "),
        ({"a": "body:BSI", "b": "country:CN"}, 404, "no standards of body:BSI in the catalogue; known: "),
        ({"a": "planet:Mars", "b": "country:CN"}, 400, "a standards system is a body or a country"),
        ({"a": "body:ISO", "b": "country:CN", "ics": "3x"}, 400, "not an ICS code: &#39;3x&#39;"),
        ({"a": "body:ISO", "b": "country:CN", "ics": "99"}, 404, "no standards of body:ISO under ICS 99"),
        ({"a": "<script>alert(1)</script>", "b": "CN"}, 400, "unknown body or series &#39;&lt;script&gt;alert(1)"),
        ({"a": "body:--", "b": "CN"}, 400, "name a body or a series (ISO, JIS, GB, ГОСТ, JISC ...)"),
    ],
)
def test_what_cannot_be_worked_out_is_said_with_the_form(client: TestClient, params: dict[str, str], status: int,
                                                         notice: str) -> None:  # fmt: skip
    page = client.get("/compatibility", params={**params, **EN})
    assert page.status_code == status
    assert notice in notices(page.text)
    assert "<svg" not in page.text.split("<main", 1)[1] and "<script>alert" not in page.text
    assert 'class="compatibility-form"' in page.text


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/compatibility/secrets.csv", ISO_CN, 404),
        ("/compatibility/coverage.csv", {}, 400),
        ("/compatibility/coverage.csv", {"a": "body:ISO", "b": "body:ISO"}, 400),
        ("/compatibility/coverage.csv", {"a": "body:NOPE", "b": "country:CN"}, 400),
        ("/compatibility/coverage.csv", {"a": "body:BSI", "b": "country:CN"}, 404),
    ],
)
def test_a_csv_that_cannot_be_made_is_an_error_page(client: TestClient, path: str, params: dict[str, str],
                                                   status: int) -> None:  # fmt: skip
    answer = client.get(path, params={**params, **EN})
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert '<p class="notice warning" role="alert">' in answer.text


def test_a_decision_made_through_the_api_shows_in_the_figures(fresh_client: TestClient) -> None:
    """The figures are remembered under the catalogue's revision: a decision made elsewhere than on the web pages
    (the API, the command line, another worker) is in the next CSV."""
    systems = {"a": "body:JISC", "b": "body:ISO", "declared": "1"}

    def idt() -> int:
        rows = _csv(fresh_client, "coverage", **systems)
        return next(int(r["standards"]) for r in rows if (r["direction"], r["kind"]) == ("a_to_b", "IDT"))

    before = idt()
    decision = {"source": "JIS Q 9001:2015", "target": "ISO 9001:2015", "verdict": "accepted", "degree": "IDT",
                "by": "Li Wei"}  # fmt: skip
    assert fresh_client.post("/api/decisions", json=decision).status_code == 201
    assert idt() == before + 1
