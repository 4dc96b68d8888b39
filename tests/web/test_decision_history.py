"""Decisions keep their history: a later decision about a pair stands, the earlier ones stay, with who, when and
why, on the record page, through the API and on the command line."""

from __future__ import annotations

from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.web.conftest import EN, ZH

from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.models import Degree, Verdict

JIS = "JIS Q 9001:2015"
ISO = "ISO 9001:2015"


def _decide(client: TestClient, **fields: str) -> None:
    form = {"source": JIS, "target": ISO, "verdict": "accepted", "degree": "IDT", "by": "Li Wei", "note": "", **fields}
    answer = client.post("/standard/decision", params=EN, data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def _history(html: str) -> str:
    return html.split('<section id="decisions"', 1)[1].split("</section>", 1)[0]


def test_a_later_decision_stands_and_the_earlier_ones_stay(fresh_client: TestClient) -> None:
    _decide(fresh_client, note="checked against the texts")
    _decide(fresh_client, verdict="rejected", by="Wang Fang", note="the national foreword adds requirements")
    _decide(fresh_client, degree="MOD", by="Zhang Min", note="MOD: the additions are technical deviations")

    page = fresh_client.get("/standard", params={"id": JIS, **EN}).text
    rows = _history(page).split("<tbody>", 1)[1].split("<tr ")[1:]
    assert len(rows) == 3
    assert "Li Wei" in rows[0] and "checked against the texts" in rows[0] and "replaced by a later decision" in rows[0]
    assert "rejected" in rows[1] and "Wang Fang" in rows[1] and "replaced by a later decision" in rows[1]
    assert "Zhang Min" in rows[2] and ">MOD<" in rows[2] and "replaced by a later decision" not in rows[2]
    relation = page.split('<tr class="rel-equivalent">', 1)[1].split("</tr>", 1)[0]
    assert "accepted by Zhang Min on" in relation and ">MOD<" in relation and "declared" not in relation
    assert "Zhang Min" in _history(fresh_client.get("/standard", params={"id": ISO, **EN}).text)  # either side

    found = fresh_client.get("/api/decisions", params={"id": ISO}).json()
    assert [(d["by"], d["verdict"], d["current"]) for d in found] == [
        ("Li Wei", "accepted", False), ("Wang Fang", "rejected", False), ("Zhang Min", "accepted", True)
    ]  # fmt: skip
    assert [d["id"] for d in found] == sorted(d["id"] for d in found)


def test_the_history_in_chinese(fresh_client: TestClient) -> None:
    _decide(fresh_client)
    _decide(fresh_client, verdict="rejected", by="王芳")
    section = _history(fresh_client.get("/standard", params={"id": JIS, **ZH}).text)
    assert "对应标准的决定" in section and "已被后来的决定取代" in section and "王芳" in section


def test_a_page_without_decisions_has_no_history(fresh_client: TestClient) -> None:
    assert 'id="decisions"' not in fresh_client.get("/standard", params={"id": JIS, **EN}).text


def test_the_command_line_lists_the_history(catalog: Catalog) -> None:
    catalog.decide(JIS, ISO, Verdict.ACCEPTED, by="Aiko Sato", degree=Degree.IDT, note="first")
    catalog.decide(JIS, ISO, Verdict.REJECTED, by="Kenji Ito", note="second reading")
    location = catalog.store.location
    result = CliRunner().invoke(cli, ["--db", location, "decisions", ISO], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if JIS in line]
    assert len(lines) == 2
    assert "Aiko Sato" in lines[0] and "replaced by a later decision" in lines[0]
    assert "Kenji Ito" in lines[1] and "rejected" in lines[1] and "replaced" not in lines[1]
    result = CliRunner().invoke(cli, ["--db", location, "decisions", "ISO 14001:2015"])
    assert "No decision has been made" in result.output
