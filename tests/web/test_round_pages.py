"""The pages of review rounds and public comment (``web.round_pages``, ``web.comment_pages``) and the comment API:
who may use each form (403 and nothing changed without the role, on the pages and the API), the review page
filled with the expert's own answers and nobody else's, refusals shown in the reader's language, the close's
counts, the anonymous results, reservations, the handling log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import form_token
from tests.web.review_cases import EXPERTS, OUTSIDER, READER, SLUG, STAKEHOLDER, ReviewCase, review_case
from tests.web.test_accounts_web import SERVER

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.api.access import SESSION_COOKIE
from stdbridge.app import create_app
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.recognition import rounds as rounds_module

BASE = f"/programmes/{SLUG}"


@pytest.fixture
def case(catalog: Catalog) -> ReviewCase:
    return review_case(catalog)


@pytest.fixture
def server(catalog: Catalog, case: ReviewCase) -> Iterator[TestClient]:
    with TestClient(create_app(catalog), base_url=SERVER) as client:
        yield client


def _as(client: TestClient, case: ReviewCase, name: str | None) -> TestClient:
    """``client`` as ``name`` (signed in: a session of theirs), or as nobody."""
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    if name is not None:
        client.cookies.set(SESSION_COOKIE, case.session(name))
    return client


def _post(client: TestClient, path: str, page: str, data: dict[str, str], **params: str) -> object:
    html = client.get(page, params={"lang": "en"}).text
    token = form_token(html if 'name="csrf_token"' in html else client.get("/sign-in").text)
    return client.post(path, data={"csrf_token": token, **data}, params=params, follow_redirects=False)


def _audit(catalog: Catalog) -> list[str]:
    return [e.action for e in catalog.store.audit_entries(AuditQuery(limit=None, newest_first=False))]


def _answer(client: TestClient, entry: int, degree: str, confidence: str, comment: str = "", **extra: str) -> object:
    data = {"entry_id": str(entry), "degree": degree, "confidence": confidence, "comment": comment,
            "differences": "", "clauses": "", "page": "1", "answer": "1", **extra}  # fmt: skip
    return _post(client, f"{BASE}/rounds/1/answers", f"{BASE}/rounds/1", data)


def test_experts_answer_alone_the_coordinator_closes_and_the_results_name_nobody(
    server: TestClient, case: ReviewCase, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    e1, e2, e3, e4 = case.entries
    anonymous = server.get(f"{BASE}/rounds", params={"lang": "en"})
    assert anonymous.status_code == 200 and "No round yet." in anonymous.text and "open-round" not in anonymous.text
    opening = {"action": "open", "deadline": "2099-12-31", "entries": "unsettled"}
    for who, status in ((READER, 403), ("Wang Fang", 403), (None, 401)):
        refused = _post(_as(server, case, who), f"{BASE}/rounds", f"{BASE}/rounds", opening)
        assert refused.status_code == status, who
    assert catalog.store.rounds_of(1) == []
    _as(server, case, "Zhang Min")
    page = server.get(f"{BASE}/rounds", params={"lang": "en"}).text
    assert 'id="open-round"' in page and "the unsettled entries (4)" in page
    past = _post(server, f"{BASE}/rounds", f"{BASE}/rounds", {**opening, "deadline": "2020-01-01"}, lang="zh")
    assert past.status_code == 400 and "已过" in past.text and catalog.store.rounds_of(1) == []
    opened = _post(server, f"{BASE}/rounds", f"{BASE}/rounds", opening)
    assert opened.status_code == 303 and opened.headers["location"] == f"{BASE}/rounds/1"

    votes = {"Wang Fang": {e1: ("IDT", "5", "the first expert's secret note"), e2: ("IDT", "4", "")},
             "Liu Yang": {e1: ("IDT", "4", ""), e2: ("IDT", "4", "")},
             "Maria Keller": {e1: ("IDT", "3", ""), e2: ("MOD", "2", "clause 4.2 was rewritten")},
             "John Smith": {e1: ("IDT", "2", "John's remark"), e2: ("MOD", "3", "")}}  # fmt: skip
    for name, given in votes.items():
        _as(server, case, name)
        review = server.get(f"{BASE}/rounds/1", params={"lang": "en"}).text
        assert review.count('class="review-card"') == 4 and "secret note" not in review
        for other in EXPERTS:  # nobody else's answer, nor name, on the open review page
            assert other == name or other not in review
        for entry, (degree, confidence, comment) in given.items():
            sent = _answer(server, entry, degree, confidence, comment)
            assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
    own = _as(server, case, "Wang Fang").get(f"{BASE}/rounds/1", params={"lang": "en"}).text
    card = own.split(f'id="entry-{e1}"')[1].split("</article>")[0]
    assert 'value="IDT" checked' in card and 'value="5" checked' in card
    assert "the first expert&#39;s secret note" in card
    liu = _as(server, case, "Liu Yang").get(f"{BASE}/rounds/1", params={"lang": "en"}).text
    assert "secret note" not in liu and "John" not in liu and "clause 4.2" not in liu

    # refusals: a duplicate, an entry outside the round, a missing degree, after the deadline, who is no expert
    before = (len(catalog.store.answers_of_round(1)), _audit(catalog))
    twice = _answer(server, e1, "IDT", "4")
    assert twice.status_code == 400 and "you gave this answer on entry" in twice.text  # type: ignore[attr-defined]
    outside = _answer(server, 999_999, "IDT", "4")
    assert outside.status_code == 400 and "is not in round 1" in outside.text  # type: ignore[attr-defined]
    no_degree = _answer(server, e3, "", "4")
    assert no_degree.status_code == 400 and "choose a degree" in no_degree.text  # type: ignore[attr-defined]
    zh = _post(server, f"{BASE}/rounds/1/answers", f"{BASE}/rounds/1",
               {"entry_id": str(e3), "degree": "IDT", "confidence": "0", "page": "1"}, lang="zh")  # fmt: skip
    assert zh.status_code == 400 and "把握度 0" in zh.text  # type: ignore[attr-defined]
    later = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    with monkeypatch.context() as patched:
        patched.setattr(rounds_module, "utc_now", lambda: later)
        late = _answer(server, e3, "IDT", "4")
        assert late.status_code == 400 and "no longer taken" in late.text  # type: ignore[attr-defined]
    for who in (READER, OUTSIDER, "Zhang Min"):
        refused = _post(_as(server, case, who), f"{BASE}/rounds/1/answers", f"{BASE}/rounds",
                        {"entry_id": str(e3), "degree": "IDT", "confidence": "4", "page": "1"})  # fmt: skip
        assert refused.status_code == 403, who  # type: ignore[attr-defined]
    assert (len(catalog.store.answers_of_round(1)), _audit(catalog)) == before
    skipped = _post(_as(server, case, "John Smith"), f"{BASE}/rounds/1/answers", f"{BASE}/rounds/1",
                    {"entry_id": str(e3), "skip": "1", "page": "1", "comment": ""})  # fmt: skip
    assert skipped.status_code == 303 and catalog.store.answer_of(1, e3, case.accounts.user("John Smith").id or 0)

    coordinator = _as(server, case, "Zhang Min").get(f"{BASE}/rounds/1", params={"lang": "en"}).text
    assert "9 answers so far" in coordinator and "secret note" not in coordinator and "answer-form" not in coordinator
    for who in ("Wang Fang", READER):
        refused = _post(_as(server, case, who), f"{BASE}/rounds", f"{BASE}/rounds", {"action": "close"})
        assert refused.status_code == 403 and catalog.store.round_by_id(1).closed_at is None  # type: ignore[union-attr]
    _as(server, case, "Zhang Min")
    closed = _post(server, f"{BASE}/rounds", f"{BASE}/rounds", {"action": "close"})
    assert closed.status_code == 303 and closed.headers["location"] == f"{BASE}/rounds?closed=1"  # type: ignore[attr-defined]
    summary = server.get(closed.headers["location"] + "&lang=en").text  # type: ignore[attr-defined]
    assert "Round 1 closed by the consensus rule: 1 settled, 3 to the next round, 0 without consensus." in summary
    again = _post(server, f"{BASE}/rounds", f"{BASE}/rounds", {"action": "close"})
    assert again.status_code == 400 and "has no open round" in again.text  # type: ignore[attr-defined]

    results = _as(server, case, "Liu Yang").get(f"{BASE}/rounds/1", params={"lang": "en"}).text
    same = _as(server, case, "Liu Yang").get(f"{BASE}/rounds/1/results", params={"lang": "en"}).text
    assert results.replace("/results?", "?") == same.replace("/results?", "?")
    card = results.split(f'id="entry-{e1}"')[1].split("</article>")[0]
    assert re.search(r"settled: IDT", card) and "the first expert&#39;s secret note" in card
    assert "John&#39;s remark" in card
    cells = re.findall(r'<td class="num">(\d+)</td>', card)
    assert cells[:3] == ["2", "2", "4"]  # IDT: CN 2, INT 2, all 4
    for other in ("Wang Fang", "Maria Keller", "John Smith", "Zhang Min"):  # never who said what
        assert other not in results
    assert "the parties agreed on different degrees" in results.split(f'id="entry-{e2}"')[1].split("</article>")[0]
    assert _as(server, case, READER).get(f"{BASE}/rounds/1").status_code == 403

    # a reservation on the settled entry, from the results page; shown with it, without a name
    reserve = {"degree": "MOD", "reason": "clause 7.1.5 adds a calibration step", "round": "1", "page": "1"}
    for who, status in ((READER, 403), ("Zhang Min", 403)):
        refused = _post(_as(server, case, who), f"{BASE}/entries/{e1}/reservation", "/sign-in", reserve)
        assert refused.status_code == status  # type: ignore[attr-defined]
    unsettled = _post(_as(server, case, "John Smith"), f"{BASE}/entries/{e2}/reservation", f"{BASE}/rounds/1", reserve)
    assert unsettled.status_code == 400 and "is not settled" in unsettled.text  # type: ignore[attr-defined]
    kept = _post(server, f"{BASE}/entries/{e1}/reservation", f"{BASE}/rounds/1", reserve)
    assert kept.status_code == 303 and kept.headers["location"] == f"{BASE}/rounds/1?page=1#entry-{e1}"  # type: ignore[attr-defined]
    shown = _as(server, case, "Wang Fang").get(f"{BASE}/rounds/1", params={"lang": "en"}).text
    assert "clause 7.1.5 adds a calibration step" in shown and "John Smith" not in shown
    assert [r.party for r in catalog.store.reservations_of([e1])] == ["INT"]
    assert e4 in catalog.store.rounds_of(1)[0].entry_ids


def test_stakeholders_comment_and_the_coordinator_answers_each(
    server: TestClient, case: ReviewCase, catalog: Catalog
) -> None:
    e1 = case.entries[0]
    page = f"{BASE}/comments"
    assert "No comment period yet." in server.get(page, params={"lang": "en"}).text
    for who, status in ((STAKEHOLDER, 403), ("Wang Fang", 403), (None, 401)):
        refused = _post(_as(server, case, who), page, page, {"action": "open-period", "closes_at": "2099-06-30"})
        assert refused.status_code == status, who
    opened = _post(_as(server, case, "Zhang Min"), page, page, {"action": "open-period", "closes_at": "2099-06-30"})
    assert opened.status_code == 303
    period = catalog.store.comment_periods_of(1)[0]["id"]
    comment = {"action": "comment", "period": str(period), "entry_id": str(e1), "party": "CN",
               "organisation": "China Association for Quality",
               "text": "The 1996 edition is withdrawn in China"}  # fmt: skip
    for who in (READER, "Wang Fang"):
        assert _post(_as(server, case, who), page, page, comment).status_code == 403, who
    assert catalog.store.public_comments_of(period) == []
    _as(server, case, STAKEHOLDER)
    assert _post(server, page, page, comment).status_code == 303
    assert _post(server, page, page, {**comment, "entry_id": "", "text": "Add the transition dates"}).status_code == 303
    foreign = _post(server, page, page, {**comment, "entry_id": "424242"})
    assert foreign.status_code == 400 and "is not one of" in foreign.text  # type: ignore[attr-defined]
    first, general = catalog.store.public_comments_of(period)
    assert (first["entry_id"], general["entry_id"], first["author"]) == (e1, None, STAKEHOLDER)
    reply = {"action": "reply", "period": str(period), "comment": str(first["id"]), "handling": "partly-accepted",
             "reply": "The entry now names the 2004 edition too"}  # fmt: skip
    for who in (STAKEHOLDER, "Wang Fang"):
        assert _post(_as(server, case, who), page, page, reply).status_code == 403, who
    _as(server, case, "Zhang Min")
    bad = _post(server, page, page, {**reply, "handling": "ignored"}, lang="zh")
    assert bad.status_code == 400 and "ignored" in bad.text  # type: ignore[attr-defined]
    assert _post(server, page, page, reply).status_code == 303
    log = _as(server, case, None).get(page, params={"lang": "en"}).text
    assert "partly accepted" in log and "The entry now names the 2004 edition too" in log and "Not answered yet." in log
    assert "reply-form" not in log and "comment-form" not in log
    zh = server.get(page, params={"lang": "zh"}).text
    assert "部分采纳" in zh and "公众意见" in zh


def test_the_comment_api_keeps_to_the_roles(server: TestClient, case: ReviewCase, catalog: Catalog) -> None:
    def token(name: str) -> dict[str, str]:
        secret = case.accounts.create_token(LOCAL_ADMIN, "script", user_name=name).secret
        return {"Authorization": f"Bearer {secret}"}

    api = f"/api{BASE}/comment-periods"
    server.cookies.clear()
    for who in (READER, STAKEHOLDER, "Wang Fang"):
        assert server.post(api, json={"closes_at": "2099-06-30"}, headers=token(who)).status_code == 403
    opened = server.post(api, json={"closes_at": "2099-06-30"}, headers=token("Zhang Min"))
    assert opened.status_code == 201 and opened.json()["closes_at"] == "2099-06-30T23:59:59+00:00"
    period = opened.json()["id"]
    sent = {"text": "Please add ISO 9001:2015", "organisation": "CQA", "party": "CN"}
    for who in (READER, "Wang Fang", "Zhang Min"):
        assert server.post(f"{api}/{period}/comments", json=sent, headers=token(who)).status_code == 403
    kept = server.post(f"{api}/{period}/comments", json={**sent, "entry_id": case.entries[1]}, headers=token(
        STAKEHOLDER))  # fmt: skip
    assert kept.status_code == 201 and kept.json()["author"] == STAKEHOLDER
    comment = kept.json()["id"]
    reply = {"handling": "noted", "reply": "Noted for the next programme"}
    for who in (STAKEHOLDER, "Wang Fang", READER):
        assert server.put(f"{api}/{period}/comments/{comment}/reply", json=reply, headers=token(who)).status_code == 403
    done = server.put(f"{api}/{period}/comments/{comment}/reply", json=reply, headers=token("Zhang Min"))
    assert done.status_code == 200 and done.json()["handling"] == "noted"
    log = server.get(api, headers=token(READER)).json()
    assert log["periods"][0]["comments"][0]["reply"] == "Noted for the next programme"
    assert [a for a in _audit(catalog) if a.startswith("comment.")] == ["comment.open", "comment.add", "comment.reply"]
    paths = server.get("/api/openapi.json").json()["paths"]
    assert "/api/programmes/{slug}/comment-periods/{period}/comments/{comment_id}/reply" in paths
