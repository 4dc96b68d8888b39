"""The programmes' forms on a shared server, over the excerpts (JIS ↔ ISO): an editor creates a programme (bad input
shows the form again, in the page's language, and creates nothing), its coordinator adds experts, moves the step,
drafts the catalogue, imports a list of pairs (a bad row is shown with its number and value, and nothing is
imported), adds an entry by hand and records symbiosis on it; the entry's page shows what the entry holds. Every
form refuses who may not use it (sign in: 401; a reader or an editor who does not coordinate: 403) and changes
nothing, and every form needs the CSRF token."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.web.conftest import form_token, notices, with_csrf
from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import Scope

PAIRS = b"JIS,ISO,degree\nJIS Q 9001:2015,ISO 9001:2015,IDT\nJIS Q 9999:2015,ISO 9000:2015,IDT\n"
CREATE = {"slug": "jis-iso", "title_en": "JIS and ISO", "title_zh": "日本工业标准与 ISO", "parties": "JIS:ja\nISO:en",
          "ics": "03.120", "committees": "", "product_classes": "", "share": "2/3", "min_answers": "2",
          "max_rounds": "3", "visibility": "public", "review_period_months": "36"}  # fmt: skip


@pytest.fixture
def app(catalog: Catalog) -> FastAPI:
    return create_app(catalog)


@pytest.fixture
def accounts(catalog: Catalog) -> Accounts:
    accounts = Accounts(catalog.store)
    for name, roles in (("Li Wei", {Role.EDITOR}), ("Aiko Sato", {Role.EDITOR}), ("Reader One", set()),
                        ("Tanaka Ken", {Role.EXPERT}), ("Sato Yumi", {Role.EXPERT}),
                        ("Alice Smith", {Role.EXPERT}), ("Bob Jones", {Role.EXPERT})):  # fmt: skip
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles | {Role.READER}))
    return accounts


@pytest.fixture
def server(app: FastAPI, accounts: Accounts) -> Iterator[TestClient]:
    with TestClient(app, base_url=SERVER) as client:
        yield client


def _programme(catalog: Catalog, coordinator: str = "Li Wei") -> prog.Programme:
    user = catalog.store.user_by_name(coordinator)
    assert user is not None
    parties = [prog.read_party(catalog, "JIS", "ja"), prog.read_party(catalog, "ISO", "en")]
    return prog.create_programme(catalog, LOCAL_ADMIN, "jis-iso", {"en": "JIS and ISO"}, parties, Scope(),
                                 coordinator_id=user.id)  # fmt: skip


def _said(answer: Any) -> str:
    """The notices of a page answered, as text."""
    return html.unescape(notices(answer.text))


def _post(client: TestClient, path: str, data: dict[str, str], **files: tuple[str, bytes]) -> Any:
    token = form_token(client.get("/sign-in").text)
    return client.post(path, data={"csrf_token": token, **data}, files=files or None, follow_redirects=False)


def test_an_editor_creates_a_programme_and_bad_input_creates_nothing(server: TestClient, catalog: Catalog) -> None:
    sign_in(server, "Li Wei")
    page = server.get("/programmes", params={"lang": "en"}).text
    assert 'id="create-programme"' in page and 'name="parties"' in page and 'enctype="multipart/form-data"' in page
    one_party = _post(server, "/programmes?lang=zh", {**CREATE, "parties": "JIS:ja"})
    assert one_party.status_code == 400
    said = _said(one_party)
    assert "两个或更多" in said, said
    assert 'value="jis-iso"' in one_party.text  # what was typed is kept
    bad_line = _post(server, "/programmes?lang=en", {**CREATE, "parties": "JIS:ja\nISO"})
    assert "parties, line 2" in _said(bad_line)
    unknown = _post(server, "/programmes?lang=en", {**CREATE},
                    standards=("scope.txt", b"ISO 9001:2015\nISO 99999:2099\n"))  # fmt: skip
    assert "scope.txt, line 2: unknown identifier 'ISO 99999:2099'" in _said(unknown)
    assert catalog.store.list_programmes() == []
    made = _post(server, "/programmes?lang=en", CREATE, standards=("scope.txt", b"ISO 9001:2015\nJIS Q 9001:2015\n"))
    assert made.status_code == 303
    assert made.headers["location"] == "/programmes/jis-iso?lang=en&done=created"
    (programme,) = catalog.store.list_programmes()
    assert [(p.code, p.language) for p in programme.parties] == [("JIS", "ja"), ("ISO", "en")]
    assert programme.scope.ics == ("03.120",) and programme.scope.standards == ("ISO 9001:2015", "JIS Q 9001:2015")
    li_wei = catalog.store.user_by_name("Li Wei")
    assert li_wei is not None and programme.coordinator_id == li_wei.id and programme.review_period_months == 36
    shown = server.get("/programmes/jis-iso?lang=en&done=created").text
    assert "you coordinate it" in shown and 'id="add-member"' in shown and 'id="import-pairs"' in shown


def test_the_coordinator_builds_the_draft_through_the_forms(server: TestClient, catalog: Catalog) -> None:
    programme = _programme(catalog)
    assert programme.id is not None
    sign_in(server, "Li Wei")
    for user, party, language in (("Tanaka Ken", "JIS", "ja"), ("Sato Yumi", "JIS", "ja"),
                                  ("Alice Smith", "ISO", "en"), ("Bob Jones", "ISO", "en")):  # fmt: skip
        added = _post(server, "/programmes/jis-iso/members", {"user": user, "party": party, "language": language,
                                                               "role": "expert"})  # fmt: skip
        assert added.status_code == 303, added.text
    nobody = _post(server, "/programmes/jis-iso/members?lang=en", {"user": "Nobody", "party": "JIS", "language": "ja"})
    assert nobody.status_code == 400 and "no user named 'Nobody'" in _said(nobody)
    page = server.get("/programmes/jis-iso", params={"lang": "en"}).text
    members = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert members[0][:2] == ("Li Wei", "coordinator")
    assert ("Tanaka Ken", "expert", "JIS", "Japanese") in members
    assert ("Bob Jones", "expert", "ISO", "English") in members
    assert re.search(r'id="experts-per-party">Experts per party: JIS 2 · ISO 2<', page)
    assert _post(server, "/programmes/jis-iso/step", {"step": "translation"}).status_code == 303
    assert catalog.store.programme_by_slug("jis-iso").step.value == "translation"  # type: ignore[union-attr]
    drafted = _post(server, "/programmes/jis-iso/draft?lang=en", {})
    assert drafted.headers["location"] == "/programmes/jis-iso?lang=en&done=draft&count=2"
    refused = _post(server, "/programmes/jis-iso/pairs?lang=en", {}, file=("pairs.csv", PAIRS))
    assert refused.status_code == 400
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]*)</td><td><code>([^<]*)</code></td>',
                      refused.text)  # fmt: skip
    assert rows == [("3", "JIS", "JIS Q 9999:2015")]
    assert sum(catalog.store.entry_counts(programme.id)["origin"].values()) == 2  # the refused list added nothing
    good = _post(server, "/programmes/jis-iso/pairs?lang=en", {}, file=("pairs.csv", PAIRS.rsplit(b"\n", 2)[0]))
    assert good.headers["location"] == "/programmes/jis-iso?lang=en&done=pairs&count=1"
    wrong = {"standard_JIS": "JIS Z 8301:2019", "standard_ISO": "ISO 9000:2015", "degree": "NEQ",
             "basis": "adoption", "kind": "referenced"}  # fmt: skip
    kept = _post(server, "/programmes/jis-iso/entries?lang=en", wrong)
    assert kept.status_code == 400 and "where the basis is not an adoption" in _said(kept)
    assert 'value="JIS Z 8301:2019"' in kept.text
    entry = {**wrong, "basis": "assessment", "verdict": "equivalent for certification", "evidence": "clause map",
             "assessors": "Tanaka Ken, Alice Smith", "transition_from": "2027-01-01",
             "transition_until": "2028-12-31"}  # fmt: skip
    made = _post(server, "/programmes/jis-iso/entries?lang=en", entry)
    location = made.headers["location"]
    assert re.fullmatch(r"/programmes/jis-iso/entries/\d+\?lang=en&done=entry", location), location
    shown = server.get(location).text
    assert "The entry was added." in shown and 'href="/standard?id=JIS+Z+8301%3A2019"' in shown
    assert "規格票の様式及び作成方法" in shown and "Rules for the layout and drafting" in shown
    assert re.search(r'id="entry-transition">2027-01-01 – 2028-12-31<', shown)
    assert "equivalent for certification" in shown and "Tanaka Ken, Alice Smith" in shown
    assert re.search(r'id="entry-kind">referenced by the other party<', shown)
    entry_id = int(location.split("/")[-1].split("?")[0])
    empty = _post(server, f"/programmes/jis-iso/entries/{entry_id}/symbiosis?lang=en", {"note": " "})
    assert empty.status_code == 400 and "jointly developed or revised" in _said(empty)
    noted = _post(server, f"/programmes/jis-iso/entries/{entry_id}/symbiosis?lang=en", {"note": "revised jointly"})
    assert noted.status_code == 303
    assert catalog.store.entries_by_id([entry_id])[entry_id].stage.value == "symbiosis"
    zh = server.get(f"/programmes/jis-iso/entries/{entry_id}", params={"lang": "zh"}).text
    assert "各方的标准" in zh and "共生" in zh
    actions = [e.action for e in catalog.store.audit_entries(AuditQuery(limit=None, newest_first=False))
               if e.action.startswith("programme.")]  # fmt: skip
    assert actions == ["programme.create", *["programme.member"] * 4, "programme.step", "programme.draft",
                       "programme.import-pairs", "programme.entry", "programme.entry"]  # fmt: skip


def _state(catalog: Catalog) -> tuple[object, ...]:
    """Everything a programme's forms may change: programmes, members, entries, the audit log."""
    found = catalog.store.list_programmes()
    entries = [catalog.store.entries_of(p.id or 0)[0] for p in found]
    members = [catalog.store.members_of(p.id or 0) for p in found]
    return ([(p.slug, p.step) for p in found], members, [[(e.id, e.stage) for e in es] for es in entries],
            catalog.store.count_audit(AuditQuery(limit=None)))  # fmt: skip


def test_every_form_refuses_who_may_not_use_it_and_changes_nothing(server: TestClient, catalog: Catalog) -> None:
    programme = _programme(catalog)
    assert programme.id is not None
    (entry,) = [e for e in _entries(catalog, programme)]
    forms = [("/programmes", CREATE, {}), ("/programmes/jis-iso/members", {"user": "Tanaka Ken", "party": "JIS",
                                                                            "language": "ja"}, {}),
             ("/programmes/jis-iso/step", {"step": "next"}, {}), ("/programmes/jis-iso/draft", {}, {}),
             ("/programmes/jis-iso/pairs", {}, {"file": ("pairs.csv", PAIRS.rsplit(b"\n", 2)[0])}),
             ("/programmes/jis-iso/entries", {"standard_JIS": "JIS Q 9000:2015", "standard_ISO": "ISO 9000:2015",
                                              "degree": "IDT"}, {}),
             (f"/programmes/jis-iso/entries/{entry.id}/symbiosis", {"note": "joint"}, {})]  # fmt: skip
    before = _state(catalog)
    with_csrf(server)
    for path, data, files in forms:  # nobody signed in: sign in first
        assert _post(server, path, data, **files).status_code == 401, path
    for name, creates in (("Reader One", False), ("Aiko Sato", True)):
        server.cookies.clear()
        sign_in(server, name)
        for path, data, files in forms:
            if path == "/programmes" and creates:
                continue  # an editor may create a programme: the coordinator's forms are what is refused
            answer = _post(server, path, data, **files)
            assert answer.status_code == 403, (name, path, answer.status_code)
        shown = server.get("/programmes/jis-iso", params={"lang": "en"}).text
        assert 'id="add-member"' not in shown and 'class="members"' not in shown  # who takes part: members see it
        assert re.search(r'id="experts-per-party">Experts per party: JIS 0 · ISO 0<', shown)
    server.cookies.clear()
    sign_in(server, "Li Wei")
    for path, data, files in forms:  # the coordinator, with a form that did not come from this site
        sent = server.post(path, data={"csrf_token": "forged", **data}, files=files or None, follow_redirects=False)
        assert sent.status_code == 403, path
    assert _state(catalog) == before


def test_a_members_only_programmes_entries_are_hidden_from_others(server: TestClient, catalog: Catalog) -> None:
    from stdbridge.recognition.draft import add_entry
    from stdbridge.recognition.model import Visibility

    parties = [prog.read_party(catalog, "JIS", "ja"), prog.read_party(catalog, "ISO", "en")]
    hidden = prog.create_programme(catalog, LOCAL_ADMIN, "hidden", {"en": "Hidden"}, parties, Scope(),
                                   visibility=Visibility.MEMBERS)  # fmt: skip
    entry = add_entry(catalog, LOCAL_ADMIN, hidden, {"JIS": "JIS Q 9001:2015", "ISO": "ISO 9001:2015"})
    prog.add_member(catalog.store, LOCAL_ADMIN, hidden, "Tanaka Ken", "JIS", "ja")
    sign_in(server, "Reader One")
    assert server.get(f"/programmes/hidden/entries/{entry.id}").status_code == 404
    server.cookies.clear()
    sign_in(server, "Tanaka Ken")
    shown = server.get(f"/programmes/hidden/entries/{entry.id}", params={"lang": "en"})
    assert shown.status_code == 200 and "JIS Q 9001:2015 ↔ ISO 9001:2015" in shown.text
    assert 'id="record-symbiosis"' not in shown.text  # an expert reads it; the coordinator records symbiosis
    assert server.get("/programmes/hidden/entries/999").status_code == 404


def _entries(catalog: Catalog, programme: prog.Programme) -> list[prog.Entry]:
    from stdbridge.recognition.draft import add_entry

    add_entry(catalog, LOCAL_ADMIN, programme, {"JIS": "JIS Q 9001:2015", "ISO": "ISO 9001:2015", "degree": "IDT"})
    return catalog.store.entries_of(programme.id or 0)[0]
