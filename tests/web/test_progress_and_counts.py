"""Work started from a page streams its progress, then the page; and a body has one number of records everywhere:
the front page, the directory, its own overview, the HTTP API and ``stdbridge stats``."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.web.conftest import EN, ZH

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.web.batch_page import EXAMPLE
from stdbridge.web.progress import STREAM

STREAMED = {"Accept": STREAM}


def _streamed(client: TestClient, method: str, url: str, **options: Any) -> list[dict[str, Any]]:
    with client.stream(method, url, headers=STREAMED, **options) as response:
        assert response.status_code == 200 and response.headers["content-type"] == STREAM
        assert response.headers["cache-control"] == "no-store"
        return [json.loads(line) for line in response.iter_lines() if line]


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_compatibility_page_streams_its_steps_then_the_page(client: TestClient) -> None:
    asked = {"a": "country:CN", "b": "body:ISO", **ZH}
    # worked out afresh: another test of this session may have asked the same question, whose answer is recalled
    client.app.state.site.recent_compatibility._answers.clear()  # type: ignore[attr-defined]
    messages = _streamed(client, "GET", "/compatibility", params=asked)
    steps, last = [m["progress"] for m in messages[:-1]], messages[-1]
    assert steps and all(set(s) == {"step", "label", "done", "total"} for s in steps)
    assert [s["step"] for s in steps] == sorted({s["step"] for s in steps})  # each step once, in order
    assert steps[-1]["label"] == "计算各项数据" and steps[-1]["step"] >= 4  # in the page's language
    page = last["page"]
    assert page.startswith("<!doctype html>") and 'lang="zh-CN"' in page
    plain = client.get("/compatibility", params=asked).text
    shares = re.findall(r'<span class="n">([^<]+)</span>', plain)
    assert shares and re.findall(r'<span class="n">([^<]+)</span>', page) == shares  # the same figures
    assert "data-progress" in plain  # the form asks its script for the progress


def test_the_batch_comparison_streams_its_steps_then_the_page(client: TestClient) -> None:
    messages = _streamed(client, "POST", "/compare-batch?lang=en", data={**EXAMPLE, "format": "page"})
    steps = [m["progress"] for m in messages[:-1]]
    assert steps and steps[-1]["label"] in ("Following declared links", "Seeking suggested counterparts")
    page = messages[-1]["page"]
    plain = client.post("/compare-batch?lang=en", data={**EXAMPLE, "format": "page"}).text
    pairs = re.findall(r'<span class="badge kind kind-([a-zA-Z]+)">', plain)
    assert pairs and re.findall(r'<span class="badge kind kind-([a-zA-Z]+)">', page) == pairs


def test_a_question_the_page_refuses_streams_the_page_that_says_why(client: TestClient) -> None:
    messages = _streamed(client, "GET", "/compatibility", params={"a": "body:ISO", "b": "body:ISO", **EN})
    assert [list(m) for m in messages] == [["page"]]  # no work was started
    assert "compared with itself" in messages[0]["page"]
    messages = _streamed(client, "POST", "/compare-batch?lang=en", data={"list_a": "ISO 9001:2015", "list_b": ""})
    assert [list(m) for m in messages] == [["page"]] and "Give both lists" in messages[0]["page"]


def test_a_body_has_one_number_of_records_everywhere(client: TestClient, web_catalog: Catalog) -> None:
    bodies = {b["body"]: b["records"] for b in client.get("/api/bodies").json()}
    api_stats = client.get("/api/stats").json()
    result = CliRunner().invoke(cli, ["--db", web_catalog.store.location, "stats", "--json"])
    assert result.exit_code == 0, result.output
    cli_stats = json.loads(result.stdout)
    assert api_stats["body"] == cli_stats["body"] == bodies
    counted: Counter[str] = Counter()  # counted here from the stored records: published or co-published
    for _, record in web_catalog.store.iter_records():
        counted.update({record["body"], *(record.get("copublishers") or ())})
    assert bodies == dict(counted)
    home = client.get("/", params=EN).text
    shown = {b: _number(n) for b, n in re.findall(r'<a href="/overview/body/[^"]+" title="[^"]*">([^<]+)</a> ([\d,]+)',
                                                     home)}  # fmt: skip
    assert shown and all(bodies[b] == n for b, n in shown.items())
    directory = client.get("/overview", params=EN).text
    for body, count in bodies.items():
        page = client.get(f"/overview/body/{quote(body, safe='')}", params=EN).text
        headline = re.search(r'<span class="n">([\d,]+)</span> <span class="what">records</span>', page)
        assert headline and _number(headline.group(1)) == count, body
        assert f'<span class="count">{count:,}</span>' in directory
    # what the store's column holds is the lead publisher: IEC leads fewer records than it publishes
    led = cli_stats["body_as_lead_publisher"]
    assert led == {k: v for k, v in web_catalog.stats()["body"].items() if v}
    assert 0 < led["IEC"] < bodies["IEC"] and sum(led.values()) == cli_stats["total"]["standards"]
    iec = client.get("/overview/body/IEC", params=EN).text
    assert f"{led['IEC']:,} naming it first, {bodies['IEC'] - led['IEC']:,} naming another body first" in iec
    assert "ISO/IEC 27001 counts for ISO and for IEC" in home
    assert "既计入 ISO，也计入 IEC" in client.get("/", params=ZH).text
    table = CliRunner().invoke(cli, ["--db", web_catalog.store.location, "--lang", "zh", "stats"]).stdout
    assert "作为第一发布机构" in table and f"{bodies['IEC']:,}" in table
