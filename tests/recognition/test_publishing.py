"""Publishing a programme's release from what the review recorded, on the command line, over HTTP and on the web:
its coordinator only (anyone else is refused on each and nothing is published), entries flagged *needs review*
refused by name unless settled again or carried with a note, the public-comment log kept, the published entries
moved to the stage of sharing, and the release verifying offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.recognition.publish_cases import PASSWORD, reviewed_programme
from tests.web.conftest import form_token, with_csrf

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.app import create_app
from stdbridge.audit.entry import PUBLISH_RELEASE, AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import Forbidden
from stdbridge.models import ChangeEvent, ChangeKind
from stdbridge.recognition.living import flag_changed_entries
from stdbridge.recognition.model import EntryDegree, Stage
from stdbridge.recognition.publishing import publish_programme, signed_file, stage_history
from stdbridge.recognition.release import NeedsReviewError
from stdbridge.recognition.rounds import ReviewRounds
from stdbridge.recognition.signing import KeyFolder, verify_release

SERVER = "http://stdbridge.example"


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KeyFolder:
    monkeypatch.setenv("STDBRIDGE_KEYS", str(tmp_path / "keys"))
    return KeyFolder(tmp_path / "keys")


def _published(catalog: Catalog) -> int:
    return catalog.store.last_release_number(catalog.store.programme_by_slug("gb-iso").id or 0)  # type: ignore[union-attr]


def _flag(catalog: Catalog, entry_id: int) -> str:
    """An import withdraws the GB standard of ``entry_id``: the entry is flagged."""
    entry = catalog.store.entries_by_id([entry_id])[entry_id]
    gb = entry.standards[0]
    event = ChangeEvent(ChangeKind.WITHDRAWN, gb.edition_key, gb.identifier, "2026-12-04T10:00:00+00:00")
    with catalog.store.transaction():
        assert [e.id for e in flag_changed_entries(catalog.store, [event], ("importer", None))] == [entry_id]
    return gb.identifier


def test_the_coordinator_publishes_what_the_review_recorded(catalog: Catalog, keys: KeyFolder) -> None:
    done = reviewed_programme(catalog)
    for name in ("Tom Brown", "Li Na"):  # an expert of the programme, an editor who does not coordinate it
        with pytest.raises(Forbidden, match="Only the coordinator of gb-iso"):
            publish_programme(catalog.store, keys, done.programme, done.actors[name])
    assert _published(catalog) == 0
    release = publish_programme(catalog.store, keys, done.programme, done.actors["Zhang Min"])
    document = release.document
    entries = {e["id"]: e for e in document["entries"]}  # type: ignore[union-attr]
    assert sorted(entries) == done.settled
    reserved = entries[done.reserved]
    assert reserved["reservations"][0]["reason"] == "Annex A adds national requirements."
    assert reserved["reservations"][0]["party"] == "ISO+IEC" and reserved["rounds_taken"] == 1
    assert verify_release(signed_file(release), keys.public_key_of("gb-iso")).ok
    stored = catalog.store.entries_by_id(done.settled + done.open)
    assert [stored[i].stage for i in done.settled] == [Stage.SHARING] * len(done.settled)
    assert [stored[i].stage for i in done.open] == [Stage.RECOGNITION] * len(done.open)
    [history] = stage_history(catalog.store, done.programme)
    assert history["counts"] == {"recognition": 2, "commonality": 0, "sharing": 2, "symbiosis": 0}
    [entry] = catalog.store.audit_entries(AuditQuery(action=PUBLISH_RELEASE))
    assert entry.actor_name == "Zhang Min" and entry.subject == "gb-iso v1" and entry.after["entries"] == 2


def test_an_entry_needing_review_is_refused_by_name_unless_settled_again_or_carried(
    catalog: Catalog, keys: KeyFolder
) -> None:
    done = reviewed_programme(catalog)
    coordinator = done.actors["Zhang Min"]
    publish_programme(catalog.store, keys, done.programme, coordinator)
    first, second = done.settled
    named = _flag(catalog, first)
    with pytest.raises(NeedsReviewError, match=f"{first} \\({named}") as refused:
        publish_programme(catalog.store, keys, done.programme, coordinator)
    assert refused.value.entry_ids == (first,) and _published(catalog) == 1
    with pytest.raises(Exception, match=f"not flagged: {second}"):
        publish_programme(catalog.store, keys, done.programme, coordinator, carried={second: "why"})
    carried = publish_programme(catalog.store, keys, done.programme, coordinator,
                                carried={first: "The withdrawal does not touch the adopted clauses."})  # fmt: skip
    entry = next(e for e in carried.document["entries"] if e["id"] == first)  # type: ignore[union-attr]
    assert entry["carried"]["note"] == "The withdrawal does not touch the adopted clauses."
    assert named in entry["carried"]["reason"]
    # settled again in a full re-review round after the flag: published without a note, the flag cleared
    rounds = ReviewRounds.of(catalog.store, "gb-iso")
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).date().isoformat()
    opened = rounds.open_round(coordinator, [first], deadline, full_review=True)
    for name in ("Wang Fang", "Liu Yang", "Anna Smith", "Tom Brown"):
        rounds.answer(done.actors[name], opened.id or 0, first, EntryDegree.MOD, 5)
    rounds.close(coordinator, opened.id or 0)
    third = publish_programme(catalog.store, keys, done.programme, coordinator)
    entry = next(e for e in third.document["entries"] if e["id"] == first)  # type: ignore[union-attr]
    assert "carried" not in entry and entry["rounds_taken"] == 2
    assert catalog.store.entries_by_id([first])[first].needs_review is None
    assert verify_release(signed_file(third), keys.public_key_of("gb-iso")).ok


def test_the_public_comment_log_is_kept_once_every_comment_is_answered(catalog: Catalog, keys: KeyFolder) -> None:
    from stdbridge.accounts.roles import Actor, Role

    done = reviewed_programme(catalog)
    coordinator = done.actors["Zhang Min"]
    rounds = ReviewRounds.of(catalog.store, "gb-iso")
    period = rounds.open_comment(coordinator, (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).date().isoformat())
    stakeholder = Actor(None, "CAQ association", frozenset({Role.READER, Role.CONTRIBUTOR}), signed_in=True)
    comment = rounds.comment(stakeholder, period, "Entry 1: the 2025 edition changed clause 6.", entry_id=1)
    with pytest.raises(Exception, match=f"unanswered: {comment}"):
        publish_programme(catalog.store, keys, done.programme, coordinator)
    rounds.reply(coordinator, period, comment, "noted", "Clause 6 stays equivalent; recorded in the differences.")
    release = publish_programme(catalog.store, keys, done.programme, coordinator)
    [logged] = release.document["public_comments"]  # type: ignore[index]
    assert logged["handling"] == "noted" and logged["text"] == "Entry 1: the 2025 edition changed clause 6."
    assert verify_release(signed_file(release), keys.public_key_of("gb-iso")).ok


def test_publish_on_the_command_line(catalog: Catalog, keys: KeyFolder) -> None:
    done = reviewed_programme(catalog)
    db = catalog.store.location

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--db", db, "--lang", "en", *args])
        return result.exit_code, result.stdout, result.stderr

    for name in ("Tom Brown", "Li Na"):
        code, _out, err = run("release", "publish", "gb-iso", "--token", done.tokens[name])
        assert code == 1 and "Only the coordinator of gb-iso publishes its releases." in err
    assert _published(catalog) == 0
    code, out, err = run("release", "publish", "gb-iso", "--token", done.tokens["Zhang Min"])
    assert code == 0, err
    assert out.startswith("Published v1 of gb-iso: 2 entries, signed by SHA256:")
    first = done.settled[0]
    named = _flag(catalog, first)
    code, _out, err = run("release", "publish", "gb-iso")
    assert code == 2 and f"{first} ({named}" in err and "carry each with a note" in err
    code, _out, err = run("release", "publish", "gb-iso", "--carry", "x=note")
    assert code != 0 and "Write --carry ENTRY_ID=NOTE" in err
    code, out, err = run("release", "publish", "gb-iso", "--carry", f"{first}=Still equivalent.", "--json")
    assert code == 0, err
    assert json.loads(out)["version"] == "v2" and json.loads(out)["entries"] == 2
    code, out, _err = run("release", "diff", "gb-iso@1", "gb-iso@2")
    assert f"~ {first}" in out and "carried" in out


def test_publish_over_http(catalog: Catalog, keys: KeyFolder) -> None:
    done = reviewed_programme(catalog)
    with TestClient(create_app(catalog), base_url=SERVER) as client:
        assert client.post("/api/programmes/gb-iso/releases").status_code == 401
        for name in ("Tom Brown", "Li Na"):
            refused = client.post("/api/programmes/gb-iso/releases", headers=_bearer(done.tokens[name]))
            assert refused.status_code == 403 and "Only the coordinator" in refused.json()["error"]["message"]
        assert _published(catalog) == 0
        first = done.settled[0]
        _flag(catalog, first)
        coordinator = _bearer(done.tokens["Zhang Min"])
        flagged = client.post("/api/programmes/gb-iso/releases", headers=coordinator)
        assert flagged.status_code == 400 and f"{first} (" in flagged.json()["error"]["message"]
        made = client.post("/api/programmes/gb-iso/releases", headers=coordinator,
                           json={"carry": {str(first): "Still equivalent."}})  # fmt: skip
        assert made.status_code == 201, made.text
        assert made.json()["version"] == "v1" and made.json()["entries"] == 2
        signed = client.get(made.json()["file"]).json()
        assert verify_release(signed, keys.public_key_of("gb-iso")).ok
        assert "/api/programmes/{slug}/releases" in client.get("/api/openapi.json").json()["paths"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _signed_in(client: TestClient, name: str) -> TestClient:
    token = form_token(client.get("/sign-in").text)
    answer = client.post("/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return with_csrf(client)


def test_publish_on_the_web_and_the_release_pages(catalog: Catalog, keys: KeyFolder) -> None:
    done = reviewed_programme(catalog)
    app = create_app(catalog)
    for name in ("Tom Brown", "Li Na"):
        with TestClient(app, base_url=SERVER) as client:
            page = _signed_in(client, name).get("/programmes/gb-iso/releases", params={"lang": "en"})
            assert page.status_code == 200 and 'id="publish-release"' not in page.text
            refused = client.post("/programmes/gb-iso/releases", data={"csrf_token": form_token(page.text)},
                                  follow_redirects=False)  # fmt: skip
            assert refused.status_code == 403
    with TestClient(app, base_url=SERVER) as client:
        anonymous = client.post("/programmes/gb-iso/releases", data={"csrf_token": form_token(
            client.get("/releases/verify").text)}, follow_redirects=False)  # fmt: skip
        assert anonymous.status_code in (401, 403)
    assert _published(catalog) == 0
    first = done.settled[0]
    named = _flag(catalog, first)
    with TestClient(app, base_url=SERVER) as client:
        page = _signed_in(client, "Zhang Min").get("/programmes/gb-iso/releases", params={"lang": "en"})
        assert "No release has been published yet." in page.text and 'id="publish-release"' in page.text
        assert f'name="carry_{first}"' in page.text and named in page.text
        token = form_token(page.text)
        refused = client.post("/programmes/gb-iso/releases", data={"csrf_token": token}, follow_redirects=False)
        assert refused.status_code == 400 and "need review" in refused.text and _published(catalog) == 0
        made = client.post("/programmes/gb-iso/releases?lang=en", follow_redirects=False,
                           data={"csrf_token": token, f"carry_{first}": "Still equivalent."})  # fmt: skip
        assert made.status_code == 303 and made.headers["location"].startswith("/programmes/gb-iso/releases/1")
        v1 = client.get("/programmes/gb-iso/releases/1", params={"lang": "en"}).text
        assert "Annex A adds national requirements." in v1 and "Still equivalent." in v1
        assert "?format=xlsx" in v1 and "?format=csv" in v1 and "?format=html" in v1 and "?format=json" in v1
        made = client.post("/programmes/gb-iso/releases", data={"csrf_token": token, f"carry_{first}": "Again."},
                           follow_redirects=False)  # fmt: skip
        assert made.status_code == 303
        v2 = client.get("/programmes/gb-iso/releases/2", params={"lang": "zh"}).text
        assert 'href="/programmes/gb-iso/releases/1/diff/2"' in v2
        diff = client.get("/programmes/gb-iso/releases/1/diff/2", params={"lang": "en"}).text
        assert "From v1 to v2: 0 added, 0 removed, 1 changed." in diff and "Again." in diff
        programme = client.get("/programmes/gb-iso", params={"lang": "en"}).text
        assert 'class="stage-history"' in programme and 'href="/programmes/gb-iso/releases/2"' in programme


def test_a_members_only_programmes_releases(catalog: Catalog, keys: KeyFolder) -> None:
    done = reviewed_programme(catalog, visibility="members")
    publish_programme(catalog.store, keys, done.programme, LOCAL_ADMIN)
    app = create_app(catalog)
    with TestClient(app, base_url=SERVER) as client:
        assert client.get("/programmes/gb-iso/releases", params={"lang": "en"}).status_code == 401
        assert client.get("/programmes/gb-iso/releases/1", params={"lang": "en"}).status_code == 401
        assert client.get("/api/programmes/gb-iso/releases/1").status_code == 401
    with TestClient(app, base_url=SERVER) as client:
        assert _signed_in(client, "Li Na").get("/programmes/gb-iso/releases/1").status_code == 404
    with TestClient(app, base_url=SERVER) as client:
        assert _signed_in(client, "Tom Brown").get("/programmes/gb-iso/releases/1").status_code == 200
