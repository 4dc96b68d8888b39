"""The job queue through the API and the pages: an editor uploads a catalogue file and follows its import to its
summary and rejected rows; who may ask for, read, retry and cancel which job (403 and nothing queued without the
role, for each action, on the pages and the API); the audit log records each; the upload's size is refused
before it is read; the API's schema documents the routes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import EXCERPTS
from tests.web.conftest import LOCAL, ZH, form_token, with_csrf
from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

from stdbridge import audit
from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.jobs.model import JobQuery, JobState
from stdbridge.jobs.worker import Worker
from stdbridge.web.protection import MAX_IMPORT_UPLOAD_BYTES

ISO = (EXCERPTS / "iso_catalog.jsonl").read_bytes()
LISTS = {"kind": "compare-batch", "list_a": "ISO 9001:2015\nISO 14001:2015", "list_b": "JIS Q 9001:2015\nGB/T 1",
         "name_a": "ISO", "name_b": "JIS"}  # fmt: skip


@pytest.fixture
def app(empty_catalog: Catalog) -> FastAPI:
    return create_app(empty_catalog)


@pytest.fixture
def accounts(empty_catalog: Catalog) -> Accounts:
    accounts = Accounts(empty_catalog.store)
    for name, roles in (("Aiko Sato", {Role.EDITOR, Role.READER}), ("Li Wei", {Role.CONTRIBUTOR, Role.READER}),
                        ("Reader One", {Role.READER}), ("Wang Fang", {Role.CONTRIBUTOR, Role.READER})):  # fmt: skip
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles))
    return accounts


@pytest.fixture
def server(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=SERVER) as client:
        yield client


def _token(accounts: Accounts, name: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + accounts.create_token(LOCAL_ADMIN, "script", user_name=name).secret}


def _upload(client: TestClient, data: bytes = ISO, **headers: str) -> object:
    return client.post("/api/jobs", files={"file": ("iso_catalog.jsonl", data)}, data={"format": "iso"},
                       headers=headers)  # fmt: skip


def test_an_editor_uploads_a_file_and_follows_its_import_to_its_rejected_rows(
    server: TestClient, accounts: Accounts, empty_catalog: Catalog
) -> None:
    sign_in(server, "Aiko Sato")
    page = server.get("/jobs")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    assert '<option value="iso">' in page.text and '<option value="tabular">' in page.text  # the importers installed
    bad_rows = b'{"id": "ISO 99999:2020"}\nnot json\n'
    sent = server.post("/jobs", data={"csrf_token": form_token(page.text), "action": "import", "format": "iso",
                                      "dataset": ""},
                       files={"file": ("iso_catalog.jsonl", ISO + bad_rows)}, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"] == "/jobs/1"
    queued = server.get("/jobs/1")
    assert 'data-job="/api/jobs/1"' in queued.text and '<script src="/static/jobs.js" defer>' in queued.text
    assert "<progress" in queued.text and 'data-state="queued"' in queued.text
    assert "<script>" not in queued.text  # no inline script: the page's CSP refuses them
    job = Worker(empty_catalog, beat=0.05).run_once()
    assert job is not None and job.state is JobState.DONE, job.error
    done = server.get("/jobs/1").text
    assert "Import summary" in done and "<progress" not in done
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(\d+)</td><td><code>(.*?)</code></td>", done)
    assert rows == [("iso_catalog.jsonl", "168", "ISO 99999:2020"), ("iso_catalog.jsonl", "169", "not json")]
    api = server.get("/api/jobs/1").json()
    assert api["state"] == "done" and api["result"]["summary"]["added"] == 167 and api["asked_by"] == "Aiko Sato"
    assert api["progress"]["message"] == "" or api["progress"]["done"] >= 0
    assert empty_catalog.store.counts()["total"]["standards"] == 167
    zh = server.get("/jobs/1", params=ZH).text
    assert "导入摘要" in zh and "已完成" in zh


def test_the_api_queues_each_kind_for_the_roles_that_may(server: TestClient, accounts: Accounts,
                                                        empty_catalog: Catalog) -> None:  # fmt: skip
    editor, contributor, reader = (_token(accounts, n) for n in ("Aiko Sato", "Li Wei", "Reader One"))
    assert _upload(server).status_code == 401  # type: ignore[attr-defined]
    for who in (contributor, reader):
        refused = _upload(server, **who)
        assert refused.status_code == 403 and refused.json()["error"]["role"] == "editor"  # type: ignore[attr-defined]
        index = server.post("/api/jobs", json={"kind": "index"}, headers=who)
        assert index.status_code == 403 and index.json()["error"]["role"] == "editor"
    batch = server.post("/api/jobs", json=LISTS, headers=reader)
    assert batch.status_code == 403 and batch.json()["error"]["role"] == "contributor"
    assert empty_catalog.store.count_jobs(JobQuery()) == 0
    made = _upload(server, **editor)
    assert made.status_code == 202 and made.headers["location"] == "/api/jobs/1"  # type: ignore[attr-defined]
    assert server.post("/api/jobs", json={"kind": "index"}, headers=editor).status_code == 202
    assert server.post("/api/jobs", json=LISTS, headers=contributor).json()["id"] == 3
    unknown = server.post("/api/jobs", files={"file": ("a.csv", b"x")}, data={"format": "nope"}, headers=editor)
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown-format"
    junk = server.post("/api/jobs", json={"kind": "format-disk"}, headers=editor)
    assert junk.status_code == 400
    logged = empty_catalog.store.audit_entries(audit.query_of(action="job.enqueue", newest_first=False))
    assert [(e.actor_name, e.after["kind"]) for e in logged] == [  # type: ignore[index]
        ("Aiko Sato", "import"), ("Aiko Sato", "index"), ("Li Wei", "compare-batch")]  # fmt: skip


def test_people_read_their_own_jobs_and_editors_every_job(server: TestClient, accounts: Accounts,
                                                         empty_catalog: Catalog) -> None:  # fmt: skip
    editor, li, wang, reader = (_token(accounts, n) for n in ("Aiko Sato", "Li Wei", "Wang Fang", "Reader One"))
    server.post("/api/jobs", json=LISTS, headers=li)
    server.post("/api/jobs", json={"kind": "index"}, headers=editor)
    assert [j["id"] for j in server.get("/api/jobs", headers=li).json()["jobs"]] == [1]
    assert server.get("/api/jobs", headers=wang).json() == {"total": 0, "offset": 0, "limit": 50, "jobs": []}
    assert server.get("/api/jobs", headers=reader).json()["total"] == 0
    assert [j["id"] for j in server.get("/api/jobs", headers=editor).json()["jobs"]] == [2, 1]
    other = server.get("/api/jobs/1", headers=wang)
    assert other.status_code == 403 and "someone else" in other.json()["error"]["message"]
    assert server.get("/api/jobs/1", headers=li).json()["parameters"]["list_a"].startswith("ISO 9001")
    assert server.get("/api/jobs/1", headers=editor).status_code == 200
    assert server.get("/api/jobs/9", headers=editor).status_code == 404
    assert server.get("/api/jobs", params={"state": "running"}, headers=editor).json()["total"] == 0


def test_retry_and_cancel_for_who_asked_and_editors_only(server: TestClient, accounts: Accounts,
                                                        empty_catalog: Catalog) -> None:  # fmt: skip
    editor, li, wang, reader = (_token(accounts, n) for n in ("Aiko Sato", "Li Wei", "Wang Fang", "Reader One"))
    server.post("/api/jobs", json=LISTS, headers=li)
    for who in (wang, reader):
        assert server.post("/api/jobs/1/cancel", headers=who).status_code == 403
    assert empty_catalog.store.job(1).state is JobState.QUEUED  # type: ignore[union-attr]
    cancelled = server.post("/api/jobs/1/cancel", headers=li)
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    again = server.post("/api/jobs/1/cancel", headers=li)
    assert again.status_code == 400 and "finished" in again.json()["error"]["message"]
    for who in (wang, reader):
        assert server.post("/api/jobs/1/retry", headers=who).status_code == 403
    assert server.post("/api/jobs/1/retry", headers=editor).json()["state"] == "queued"
    assert server.post("/api/jobs/1/retry", headers=li).status_code == 400  # queued: nothing to retry
    logged = empty_catalog.store.audit_entries(audit.query_of(newest_first=False))
    assert [(e.action, e.actor_name) for e in logged if e.action.startswith("job.")][1:] == [
        ("job.cancel", "Li Wei"),
        ("job.retry", "Aiko Sato"),
    ]
    job = Worker(empty_catalog, beat=0.05).run_once()  # an empty catalogue: the lists name nothing it holds
    assert job is not None and job.state is JobState.DONE and job.result["summary"]["pairs"] == 0  # type: ignore[index]


def test_the_pages_show_the_buttons_and_refuse_who_may_not(server: TestClient, accounts: Accounts,
                                                          empty_catalog: Catalog) -> None:  # fmt: skip
    server.post("/api/jobs", json={"kind": "index"}, headers=_token(accounts, "Aiko Sato"))
    sign_in(server, "Li Wei")  # a contributor: may not import, may not read the editor's job
    page = server.get("/jobs")
    assert 'action="/jobs"' not in page.text and "No job yet." in page.text
    token = form_token(page.text)
    refused = server.post("/jobs", data={"csrf_token": token, "action": "index"}, follow_redirects=False)
    assert refused.status_code == 403 and "editor" in refused.text
    sent = server.post("/jobs", data={"csrf_token": token, "action": "import", "format": "iso"},
                       files={"file": ("iso.jsonl", ISO)}, follow_redirects=False)  # fmt: skip
    assert sent.status_code == 403
    assert server.get("/jobs/1").status_code == 403
    assert server.post("/jobs/1/cancel", data={"csrf_token": token}, follow_redirects=False).status_code == 403
    assert empty_catalog.store.count_jobs(JobQuery()) == 1 and empty_catalog.store.job(1).state is JobState.QUEUED  # type: ignore[union-attr]
    server.cookies.clear()
    sign_in(server, "Aiko Sato")
    job_page = server.get("/jobs/1").text
    assert 'action="/jobs/1/cancel"' in job_page
    cancel = server.post("/jobs/1/cancel", data={"csrf_token": form_token(job_page)}, follow_redirects=False)
    assert cancel.status_code == 303
    assert 'action="/jobs/1/retry"' in server.get("/jobs/1").text
    missing_file = server.post("/jobs", data={"csrf_token": token, "action": "import", "format": "iso"},
                               follow_redirects=False)  # fmt: skip
    assert missing_file.status_code in (400, 403)  # the form again, with what is missing (or a stale token)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(app: FastAPI, empty_catalog: Catalog) -> None:
    with TestClient(app, base_url=LOCAL) as client:
        with_csrf(client)
        declared = {
            "Content-Type": "multipart/form-data; boundary=b",
            "Content-Length": str(MAX_IMPORT_UPLOAD_BYTES + 1),
        }
        big = client.post("/api/jobs", content=b"x", headers=declared)
        assert big.status_code == 413 and big.json()["error"]["code"] == "too-large"
        empty = _upload(client, b"")
        assert empty.status_code == 400 and "empty" in empty.json()["error"]["message"]  # type: ignore[attr-defined]
    assert empty_catalog.store.count_jobs(JobQuery()) == 0


def test_the_api_schema_documents_the_job_routes(server: TestClient) -> None:
    paths = server.get("/api/openapi.json").json()["paths"]
    asked = paths["/api/jobs"]["post"]
    assert set(asked["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert "202" in asked["responses"] and "403" in asked["responses"] and "413" in asked["responses"]
    assert {"/api/jobs/{job_id}", "/api/jobs/{job_id}/retry", "/api/jobs/{job_id}/cancel"} <= set(paths)


def test_who_may_not_import_is_refused_before_the_upload_is_read(app: FastAPI, accounts: Accounts,
                                                                 empty_catalog: Catalog) -> None:  # fmt: skip
    """The role is checked before the body: a reader's or a stranger's 64 MB upload costs the server one answer,
    not the reading of the file (the body's parts are counted as the application asks for them)."""
    import asyncio

    chunk, chunks = b"--b\r\n" + b"x" * 65536, 40

    def call(path: str, headers: dict[str, str]) -> tuple[int, int]:
        asked, status = 0, 0

        async def receive() -> dict[str, object]:
            nonlocal asked
            asked += 1
            return {"type": "http.request", "body": chunk, "more_body": asked < chunks}

        async def send(message: dict[str, object]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])  # type: ignore[call-overload]

        raw = {"content-type": "multipart/form-data; boundary=b", "content-length": str(len(chunk) * chunks),
               "host": SERVER.split("//")[1], **headers}  # fmt: skip
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()], "client": ("192.0.2.1", 1),
                 "server": ("testserver", 80)}  # fmt: skip
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
        return status, asked

    reader = _token(accounts, "Reader One")
    for headers, expected in (({}, 401), (reader, 403), (_token(accounts, "Li Wei"), 403)):
        status, asked = call("/api/jobs", headers)
        assert (status, asked) == (expected, 0)
    assert empty_catalog.store.count_jobs(JobQuery()) == 0
