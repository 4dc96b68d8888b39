"""Accounts through the web and the API: signing in and out, role checks on every state-changing page and endpoint
(403 and nothing changed without the role), CSRF refused even on the embedded platform, API tokens through HTTP,
a private deployment, and hostile input to the new forms (never a 5xx)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.conftest import EN, LOCAL, ZH, form_token, with_csrf

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog

PASSWORD = "correct horse battery"
JIS, ISO = "JIS Q 9001:2015", "ISO 9001:2015"
DECISION = {"source": JIS, "target": ISO, "verdict": "accepted", "degree": "IDT", "by": "Li Wei", "note": ""}
SERVER = "http://stdbridge.example"  # a shared server's name: nothing local about it


def state_changing_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route of the app that may change something: all but GET and HEAD."""
    found = []
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for ctx in contexts:
            for method in sorted((getattr(ctx, "methods", None) or set()) - {"GET", "HEAD"}):
                found.append((method, ctx.path.replace("{token_id}", "1")))
    return found


@pytest.fixture
def app(catalog: Catalog) -> FastAPI:
    return create_app(catalog)


@pytest.fixture
def accounts(catalog: Catalog) -> Accounts:
    accounts = Accounts(catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Aiko Sato", password=PASSWORD, roles=frozenset({Role.EDITOR}))
    accounts.add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR}))
    return accounts


@pytest.fixture
def server(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=SERVER) as client:
        yield client


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    token = form_token(client.get("/sign-in").text)
    answer = client.post("/sign-in", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return with_csrf(client)


def test_the_route_list_holds_every_form_and_endpoint(app: FastAPI) -> None:
    assert {("POST", "/standard/decision"), ("POST", "/api/decisions"), ("POST", "/sign-in"),
            ("DELETE", "/api/tokens/1"), ("POST", "/compare")} <= set(state_changing_routes(app))  # fmt: skip


def test_a_forged_cross_site_post_is_refused_even_on_the_embedded_platform(app: FastAPI, catalog: Catalog) -> None:
    before = catalog.store.revision()
    with TestClient(app, base_url=LOCAL) as client:
        with_csrf(client)
        token = client.headers.pop("X-CSRF-Token")
        for method, path in state_changing_routes(app):
            forged = client.request(method, path, headers={"Origin": "https://evil.example"},
                                    data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
            assert forged.status_code == 403, (method, path, forged.text)
            if not path.startswith("/api"):  # a form without the token, from this very site
                missing = client.request(method, path, headers={"Origin": LOCAL}, data=DECISION,
                                         follow_redirects=False)  # fmt: skip
                assert missing.status_code == 403, (method, path)
                assert "reload the page" in missing.text
        wrong = client.post("/standard/decision", data={**DECISION, "csrf_token": "0" * 64}, follow_redirects=False)
        assert wrong.status_code == 403
        referer = client.post("/standard/decision", headers={"Referer": "http://127.0.0.1.evil.example/x"},
                              data={**DECISION, "csrf_token": token}, follow_redirects=False)  # fmt: skip
        assert referer.status_code == 403
        null = client.post("/api/decisions", headers={"Origin": "null"}, json=DECISION)
        assert null.status_code == 403
    assert catalog.store.revision() == before and catalog.store.decision_history(["ISO 9001"]) == []
    with TestClient(app, base_url=LOCAL) as client:  # the same form with its token: the local administrator
        with_csrf(client)
        assert client.post("/standard/decision", data=DECISION, follow_redirects=False).status_code == 303
    assert [d.by for d in catalog.store.decision_history(["ISO 9001"])] == ["Li Wei"]


def test_another_sites_name_for_this_machine_is_not_the_local_administrator(app: FastAPI, catalog: Catalog) -> None:
    with TestClient(app, base_url="http://rebound.example:8000") as client:  # DNS rebinding to 127.0.0.1
        assert client.post("/api/decisions", json=DECISION).status_code == 401
    with TestClient(app, base_url=LOCAL) as client:  # behind a proxy that publishes the port
        proxied = client.post("/api/decisions", json=DECISION, headers={"X-Forwarded-For": "203.0.113.9"})
        assert proxied.status_code == 401
    assert catalog.store.decision_history(["ISO 9001"]) == []


def test_signing_in_sets_a_secure_session_and_signing_out_ends_it(app: FastAPI, accounts: Accounts) -> None:
    with TestClient(app, base_url="https://stdbridge.example") as client:
        token = form_token(client.get("/sign-in").text)
        form = {
            "name": "Aiko Sato",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/standard?id=JIS+Q+9001%3A2015",
        }
        answer = client.post("/sign-in", data=form, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/standard?id=JIS+Q+9001%3A2015"
        cookie = answer.headers["set-cookie"]
        assert "stdbridge_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Secure" in cookie
        page = client.get("/", params=EN).text
        assert "Aiko Sato" in page and 'action="/sign-out"' in page
        client.post("/sign-out", data={"csrf_token": form_token(page)}, follow_redirects=False)
        assert 'href="/sign-in"' in client.get("/", params=EN).text
    assert accounts.store.end_sessions(user_id=accounts.user("Aiko Sato").id) == 0  # ended on the server too


def test_a_reader_sees_no_decision_buttons_and_cannot_decide(server: TestClient, accounts: Accounts,
                                                             catalog: Catalog) -> None:  # fmt: skip
    anonymous = server.get("/standard", params={"id": JIS, **EN}).text
    assert "decide-form" not in anonymous and "suggestion-list" in anonymous
    sign_in(server, "Reader One")
    page = server.get("/standard", params={"id": JIS, **EN}).text
    assert "decide-form" not in page and ">Accept<" not in page
    refused = server.post("/standard/decision", params=EN, data=DECISION, follow_redirects=False)
    assert refused.status_code == 403 and "needs the role of editor" in refused.text
    zh = server.post("/standard/decision", params=ZH, data=DECISION, follow_redirects=False)
    assert zh.status_code == 403 and "编辑" in zh.text
    assert catalog.store.decision_history(["ISO 9001"]) == []


def test_an_editor_decides_through_the_page_under_their_name(server: TestClient, accounts: Accounts,
                                                            catalog: Catalog) -> None:  # fmt: skip
    anonymous = server.post("/standard/decision", data={**DECISION, "csrf_token": form_token(
        server.get("/sign-in").text)}, follow_redirects=False)  # fmt: skip
    assert anonymous.status_code == 401
    sign_in(server, "Aiko Sato")
    page = server.get("/standard", params={"id": JIS, **EN}).text
    assert "decide-form" in page and "You decide as Aiko Sato." in page and 'name="by"' not in page
    answer = server.post("/standard/decision", params=EN, data={**DECISION, "by": "forged"}, follow_redirects=False)
    assert answer.status_code == 303
    [decision] = catalog.store.decision_history(["ISO 9001"])
    assert decision.by == "Aiko Sato" and decision.user_id == accounts.user("Aiko Sato").id


def test_the_api_needs_a_token_with_the_role(server: TestClient, accounts: Accounts, catalog: Catalog) -> None:
    editor = accounts.create_token(LOCAL_ADMIN, "script", user_name="Aiko Sato").secret
    reader = accounts.create_token(LOCAL_ADMIN, "script", user_name="Reader One").secret
    missing = server.post("/api/decisions", json=DECISION)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["code"] == "sign-in-required"
    bad = server.post("/api/decisions", json=DECISION, headers={"Authorization": "Bearer sbt_forged"})
    assert bad.status_code == 401 and "not valid" in bad.json()["error"]["message"]
    refused = server.post("/api/decisions", json=DECISION, headers={"Authorization": f"Bearer {reader}"})
    assert refused.status_code == 403 and refused.json()["error"]["role"] == "editor"
    assert "Reader One may not do this" in refused.json()["error"]["message"]
    zh = server.post("/api/decisions", params=ZH, json=DECISION, headers={"Authorization": f"Bearer {reader}"})
    assert zh.status_code == 403 and "编辑" in zh.json()["error"]["message"]
    assert catalog.store.decision_history(["ISO 9001"]) == []
    made = server.post("/api/decisions", json=DECISION, headers={"Authorization": f"Bearer {editor}"})
    assert made.status_code == 201 and made.json()["by"] == "Aiko Sato"
    assert catalog.store.decision_history(["ISO 9001"])[0].user_id == accounts.user("Aiko Sato").id
    assert server.get("/api/search", params={"q": "ISO 9001"}).status_code == 200  # reading stays open


def test_tokens_are_created_listed_and_revoked_over_http(server: TestClient, accounts: Accounts) -> None:
    assert server.get("/api/tokens").status_code == 401
    sign_in(server, "Aiko Sato")
    made = server.post("/api/tokens", json={"name": "import script", "roles": ["editor"]})
    assert made.status_code == 201 and made.json()["secret"].startswith("sbt_")
    secret, token_id = made.json()["secret"], made.json()["id"]
    assert server.post("/api/tokens", json={"name": "x", "roles": ["admin"]}).status_code == 403
    listed = server.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["import script"] and "secret" not in listed[0]
    bearer = {"Authorization": f"Bearer {secret}"}
    by_token = server.get("/api/tokens", headers=bearer)
    assert by_token.json()[0]["id"] == token_id, by_token.text
    assert server.delete(f"/api/tokens/{token_id}").json()["revoked_at"]
    assert server.get("/api/tokens", headers=bearer).status_code == 401
    page = server.get("/account", params=EN).text
    assert "import script" in page and "revoked on" in page
    created = server.post("/account/tokens", params=EN, data={"name": "from the page", "roles": "editor"})
    assert created.status_code == 201 and "sbt_" in created.text and "not shown again" in created.text
    assert "sbt_" not in server.get("/account", params=EN).text  # shown once


def test_a_password_is_changed_on_the_account_page(server: TestClient, accounts: Accounts) -> None:
    sign_in(server, "Reader One")
    wrong = server.post("/account/password", params=EN, data={"current": "nope", "new": "another password 2"})
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    short = server.post("/account/password", params=EN, data={"current": PASSWORD, "new": "short"})
    assert short.status_code == 400 and "at least 10" in short.text
    done = server.post("/account/password", params=EN, data={"current": PASSWORD, "new": "another password 2"})
    assert done.status_code == 200 and "Your password is changed." in done.text
    assert server.get("/account").status_code == 200  # this session goes on
    assert accounts.authenticate("Reader One", "another password 2").name == "Reader One"


def test_a_private_deployment_needs_sign_in_for_every_page(server: TestClient, accounts: Accounts) -> None:
    accounts.change_setting(LOCAL_ADMIN, "anonymous_reading", "off")
    page = server.get("/", params=EN)
    assert page.status_code == 401 and 'action="/sign-in"' in page.text
    assert server.get("/api/search", params={"q": "ISO 9001"}).status_code == 401
    assert server.get("/sign-in").status_code == 200 and server.get("/static/app.css").status_code == 200
    sign_in(server, "Reader One")
    assert server.get("/", params=EN).status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"name": "", "password": ""},
        {"name": "Aiko Sato", "password": "x" * 100_000},
        {"name": "\x00\u202e", "password": "\x00"},
        {"name": "' OR 1=1 --", "password": "' OR 1=1 --"},
        {"name": "<script>alert(1)</script>", "password": "x", "next": "//evil.example/"},
        {"name": ["a", "b"], "password": ["c", "d"]},
        {"name": "李伟" * 1000, "password": "密码"},
    ],
)
def test_hostile_sign_in_input_never_gives_a_server_error(server: TestClient, accounts: Accounts,
                                                          fields: dict[str, object]) -> None:  # fmt: skip
    token = form_token(server.get("/sign-in").text)
    answer = server.post("/sign-in", data={**fields, "csrf_token": token}, follow_redirects=False)
    assert answer.status_code in (401, 403, 422)
    assert "<script>alert" not in answer.text
    server.cookies.set("stdbridge_session", "x" * 3000)
    assert server.get("/").status_code == 200  # a forged session is nobody: an anonymous reader
    server.cookies.delete("stdbridge_session")
    assert server.get("/api/search", params={"q": "x"}, headers={"Authorization": ("Bearer " + "é" * 300).encode()}
                      ).status_code == 401  # fmt: skip


def test_sign_in_attempts_are_throttled_per_user_name(catalog: Catalog, accounts: Accounts) -> None:
    from stdbridge.throttle import Throttle
    from stdbridge.web.protection import Throttles

    app = create_app(catalog, throttles=Throttles(sign_in=Throttle(rate=0.01, burst=2)))
    with TestClient(app, base_url="https://stdbridge.example") as client:
        token = form_token(client.get("/sign-in").text)
        form = {"name": "Aiko Sato", "password": "not the password", "csrf_token": token, "next": "/"}
        answers = [client.post("/sign-in", data=form, follow_redirects=False) for _ in range(3)]
        assert [a.status_code for a in answers] == [401, 401, 429]
        assert int(answers[2].headers["retry-after"]) > 0
        # the right password does not get through either while the name waits: guessing cannot go faster
        right = client.post("/sign-in", data={**form, "password": PASSWORD}, follow_redirects=False)
        assert right.status_code == 429
