"""Suggested counterparts on the record page: shown apart from the declared relations, each with its score and
evidence, and the decisions people make on them (accepted: a declared relation; rejected: gone for good)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from tests.web.conftest import EN, ZH

JIS = "JIS Q 9001:2015"
ISO = "ISO 9001:2015"


def _section(html: str, start: str, end: str = "</section>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _suggested(html: str) -> list[str]:
    """The identifiers suggested, in order."""
    listing = html.split('<ol class="suggestion-list">', 1)[1].split("</ol>", 1)[0] if "suggestion-list" in html else ""
    head = r'<div class="suggestion-head">\s*<a class="ident" href="[^"]+">([^<]+)</a>'
    return [unescape(i) for i in re.findall(head, listing)]


def _relations(html: str) -> str:
    return _section(html, '<table class="relations">', "</table>") if '<table class="relations">' in html else ""


def _decide(client: TestClient, **fields: str) -> Response:
    form = {"source": JIS, "target": ISO, "verdict": "accepted", "degree": "IDT", "by": "Li Wei", "note": "", **fields}
    return client.post("/standard/decision", params=EN, data=form, follow_redirects=False)


def test_the_record_page_suggests_counterparts_with_score_and_evidence(client: TestClient) -> None:
    page = client.get("/standard", params={"id": JIS, **EN})
    assert page.status_code == 200
    section = _section(page.text, '<section id="suggestions"')
    assert "Suggested counterparts" in section and "not declared" in section
    assert _suggested(page.text)[0] == ISO
    first = section.split('<li class="suggestion">', 2)[1]
    assert re.search(r"score <b class=\"num\">0\.9\d</b>", first)
    assert "the clues point to" in first and ">IDT<" in first
    assert '<span class="clue-kind">number</span>' in first and "same number and part: 9001" in first
    assert '<span class="clue-kind">title</span>' in first and "titles share: Quality, management" in first
    assert 'href="/compare?a=JIS+Q+9001%3A2015&amp;b=ISO+9001%3A2015"' in first
    assert 'action="/standard/decision?lang=en" method="post"' in first
    assert '<option value="IDT" selected>' in first  # the degree the clues point to, offered first
    assert ISO not in _relations(page.text)  # a suggestion is never shown as a relation
    assert page.text.index('id="counterparts"') < page.text.index('id="suggestions"')
    assert '<a href="#suggestions">' in page.text and 'action="/compare"' in page.text  # reached from the top


def test_declared_counterparts_are_not_suggested(client: TestClient) -> None:
    page = client.get("/standard", params={"id": "GB/T 19001-2008", **EN})
    assert "ISO 9001:2008" in _relations(page.text)
    assert "ISO 9001:2008" not in _suggested(page.text)
    assert "declared counterpart is not repeated here" in _section(page.text, '<section id="suggestions"')


@pytest.mark.parametrize(
    ("identifier", "target", "first"),
    [(ISO, "country:JP", JIS), (JIS, "body:ISO", ISO), ("IEC 61000-4-2:2008", "body:JISC", "JIS C 61000-4-2:2012")],
)
def test_the_reader_picks_where_to_look(client: TestClient, identifier: str, target: str, first: str) -> None:
    page = client.get("/standard", params={"id": identifier, "suggest_in": target, **EN})
    assert _suggested(page.text)[0] == first
    assert f'<option value="{target}" selected>' in page.text
    others = [o for o in _suggested(page.text) if o != first]
    assert all(o.startswith(first.split()[0]) for o in others)  # all in the target


def test_every_other_body_by_default_and_nothing_where_nothing_resembles(client: TestClient) -> None:
    default = client.get("/standard", params={"id": ISO, **EN})
    assert '<option value="">every other body</option>' in default.text
    assert not any(i.startswith("ISO ") for i in _suggested(default.text))
    unheld = client.get("/standard", params={"id": ISO, "suggest_in": "body:BSI", **EN})
    assert unheld.status_code == 200 and _suggested(unheld.text) == []
    assert "the catalogue holds no records of BSI (British Standards Institution)" in unheld.text
    assert '<option value="body:BSI" selected>' in unheld.text  # what was asked, shown as asked
    nobody = client.get("/standard", params={"id": ISO, "suggest_in": "body:NOBODY", **EN})
    assert nobody.status_code == 200 and "unknown body or series &#39;NOBODY&#39;; nearest known: " in nobody.text
    assert _suggested(nobody.text)  # and every other body instead
    odd = client.get("/standard", params={"id": ISO, "suggest_in": "planet:Mars", **EN})
    assert odd.status_code == 200 and "a standards system is a body or a country" in odd.text
    assert _suggested(odd.text)  # and every other body instead


def test_suggestions_in_chinese(client: TestClient) -> None:
    page = client.get("/standard", params={"id": JIS, **ZH})
    section = _section(page.text, '<section id="suggestions"')
    assert "建议的对应标准" in section and "非声明" in section
    assert "并排比对" in section and "接受" in section and "拒绝" in section
    assert "其他所有机构" in section
    assert _suggested(page.text)[0] == ISO


def test_accepting_a_suggestion_makes_it_a_declared_relation(fresh_client: TestClient) -> None:
    answer = _decide(fresh_client, note="checked against the texts")
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/standard?id=JIS+Q+9001%3A2015&decided=ISO+9001%3A2015")
    page = fresh_client.get(location.split("#")[0] + "&lang=en")
    assert "Recorded: Li Wei accepted ISO 9001:2015 as a counterpart (IDT)" in page.text
    row = _section(_relations(page.text), '<tr class="rel-equivalent">', "</tr>")
    assert "ISO 9001:2015" in row and ">IDT<" in row and "an accepted suggestion: accepted by Li Wei on" in row
    assert "declared" not in row  # a person accepted it: no source declares it
    assert ISO not in _suggested(page.text)
    assert "ISO 9001:2015" in _section(page.text, 'id="counterparts"')  # now a declared counterpart
    decisions = fresh_client.get("/api/decisions", params={"id": JIS}).json()
    assert [(d["verdict"], d["degree"], d["by"], d["note"], d["current"]) for d in decisions] == [
        ("accepted", "IDT", "Li Wei", "checked against the texts", True)
    ]


def test_rejecting_a_suggestion_removes_it_for_good(fresh_client: TestClient) -> None:
    answer = _decide(fresh_client, verdict="rejected", degree="MOD")
    assert answer.status_code == 303
    page = fresh_client.get(answer.headers["location"].split("#")[0] + "&lang=en")
    assert "Recorded: Li Wei rejected ISO 9001:2015 as a counterpart" in page.text
    assert ISO not in _suggested(page.text) and ISO not in _relations(page.text)
    assert "1 standard rejected as a counterpart is left out" in page.text
    later = fresh_client.get("/standard", params={"id": JIS, "suggest_in": "body:ISO", **EN})
    assert ISO not in _suggested(later.text)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"degree": ""}, "Choose the degree of correspondence to accept with"),
        ({"degree": "EQV"}, "Choose the degree of correspondence to accept with"),
        ({"by": "   "}, "Say who decides"),
        ({"verdict": "maybe"}, "Choose Accept or Reject"),
        ({"target": "ISO 99999:2099"}, "no standard matches"),
        ({"target": "JIS Q 9001"}, "editions of one work"),
    ],
)
def test_a_decision_that_cannot_be_recorded_says_why_and_keeps_what_was_typed(
    fresh_client: TestClient, fields: dict[str, str], message: str
) -> None:
    answer = _decide(fresh_client, note="<b>my note</b>", **fields)
    assert answer.status_code == 400
    html = answer.text
    assert message in _section(html, '<section id="suggestions"')
    assert "&lt;b&gt;my note&lt;/b&gt;" in html and "<b>my note" not in html
    assert fresh_client.get("/api/decisions", params={"id": JIS}).json() == []


def test_the_form_of_a_failed_decision_is_open_with_its_values(fresh_client: TestClient) -> None:
    html = _decide(fresh_client, degree="", note="same scope").text
    kept = html.split('<details class="decide" open>', 1)[1].split("</details>", 1)[0]
    assert f'name="target" value="{ISO}"' in kept
    assert 'value="Li Wei"' in kept and ">same scope</textarea>" in kept
    assert html.count('<details class="decide" open>') == 1


def test_a_decision_about_an_unknown_standard_is_an_error_page(fresh_client: TestClient) -> None:
    answer = _decide(fresh_client, source="ISO 99999:2099")
    assert answer.status_code == 404
    assert '<p class="notice warning" role="alert">' in answer.text
