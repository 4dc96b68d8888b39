"""The translation pages without a browser: a contributor makes a project of a real standard's DOCX, saves and
confirms segments through the editor's forms (with the CSRF token), a stale form meets a conflict and overwrites
nothing, a reviewer approves; a reader gets the error page and nothing changes; the API answers 409 with the
version stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.translation.docx_samples import standard_docx, titles
from tests.web.conftest import form_token
from tests.web.test_accounts_web import PASSWORD, SERVER, sign_in

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.jobs.model import JobQuery
from stdbridge.translation.model import SegmentStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def people(empty_catalog: Catalog) -> Catalog:
    accounts = Accounts(empty_catalog.store)
    accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "Wang Fang", password=PASSWORD, roles=frozenset({Role.REVIEWER}))
    accounts.add_user(LOCAL_ADMIN, "Reader One", password=PASSWORD, roles=frozenset({Role.READER}))
    return empty_catalog


@pytest.fixture
def server(people: Catalog) -> Iterator[TestClient]:
    with TestClient(create_app(people), base_url=SERVER) as client:
        yield client


def _create(server: TestClient) -> str:
    page = server.get("/translate", params={"lang": "zh"}).text
    assert "新建项目" in page
    answer = server.post("/translate", data={"csrf_token": form_token(page), "source_lang": "en", "target_lang": "zh",
                                             "title": "环境管理体系 要求及使用指南"},
                         files={"file": ("GB-T 24001.docx", standard_docx(), DOCX)},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_translate_confirm_conflict_and_review(server: TestClient, people: Catalog) -> None:
    gb = titles()
    sign_in(server, "Li Wei")
    project = _create(server)
    editor = server.get(project, params={"lang": "zh"})
    assert editor.status_code == 200 and "翻译记忆" in editor.text and "预翻译" in editor.text
    store = people.store
    [made] = store.list_projects()
    title = store.segments_of(made.id or 0)[0]
    assert title.source == gb[0].title_en and f'id="s{title.id}"' in editor.text
    form = {"csrf_token": form_token(editor.text), "target": gb[0].title_zh, "version": str(title.version),
            "action": "confirm"}  # fmt: skip
    saved = server.post(f"{project}/segments/{title.id}", data=form, follow_redirects=False)
    assert saved.status_code == 303 and f"#s{title.id}" not in saved.headers["location"]  # on to the next one
    after = store.segment_by_id(title.id or 0)
    assert after is not None and after.status == SegmentStatus.TRANSLATED and after.target == gb[0].title_zh
    # the same (stale) form again: a conflict, nothing overwritten
    stale = server.post(f"{project}/segments/{title.id}", data={**form, "target": "别的译文"}, follow_redirects=False)
    assert "conflict=1" in stale.headers["location"]
    assert (store.segment_by_id(title.id or 0) or after).target == gb[0].title_zh
    shown = server.get(stale.headers["location"].split("#")[0] + "&lang=zh").text
    assert 'id="conflict"' in shown and "他人" in shown
    api = server.put(f"/api/translate/{made.id}/segments/{title.id}",
                     json={"target": "x", "version": title.version, "confirm": False})  # fmt: skip
    assert api.status_code == 409 and api.json()["error"]["current"] == after.version
    # a contributor cannot approve
    refused = server.post(f"{project}/segments/{title.id}",
                          data={**form, "action": "approve", "version": str(after.version)})  # fmt: skip
    assert refused.status_code == 403
    server.post("/sign-out", data={"csrf_token": form_token(server.get("/translate").text)})
    sign_in(server, "Wang Fang")
    page = server.get(project, params={"segment": title.id, "lang": "zh"}).text
    assert "批准" in page
    approved = server.post(f"{project}/segments/{title.id}", data={"csrf_token": form_token(page), "target": "",
                                                                  "version": str(after.version), "action": "approve"},
                           follow_redirects=False)  # fmt: skip
    assert approved.status_code == 303
    assert (store.segment_by_id(title.id or 0) or after).status == SegmentStatus.REVIEWED


def test_a_reader_can_neither_make_a_project_nor_save(server: TestClient, people: Catalog) -> None:
    sign_in(server, "Li Wei")
    project = _create(server)
    server.post("/sign-out", data={"csrf_token": form_token(server.get("/translate").text)})
    sign_in(server, "Reader One")
    page = server.get("/translate", params={"lang": "zh"}).text
    assert "新建项目" not in page
    answer = server.post("/translate", data={"csrf_token": form_token(page), "source_lang": "en", "target_lang": "zh"},
                         files={"file": ("a.docx", standard_docx(), DOCX)})  # fmt: skip
    assert answer.status_code == 403
    [made] = people.store.list_projects()
    segment = people.store.segments_of(made.id or 0)[0]
    saved = server.post(f"{project}/segments/{segment.id}", data={"csrf_token": form_token(page), "target": "x",
                                                                  "version": "0", "action": "draft"})  # fmt: skip
    assert saved.status_code == 403
    assert (people.store.segment_by_id(segment.id or 0) or segment).target == ""
    assert len(people.store.list_projects()) == 1


def test_a_form_without_the_token_changes_nothing(server: TestClient, people: Catalog) -> None:
    sign_in(server, "Li Wei")
    _create(server)
    [made] = people.store.list_projects()
    segment = people.store.segments_of(made.id or 0)[0]
    server.headers.pop("X-CSRF-Token")  # a forged form: neither the field nor the header scripts send
    answer = server.post(f"/translate/{made.id}/segments/{segment.id}",
                         data={"target": "x", "version": "0", "action": "draft"})  # fmt: skip
    assert answer.status_code == 403
    assert (people.store.segment_by_id(segment.id or 0) or segment).version == 0


def test_a_reviewer_delivers_and_the_standard_page_shows_the_contributed_title(catalog: Catalog) -> None:
    accounts = Accounts(catalog.store)
    li = accounts.add_user(LOCAL_ADMIN, "Li Wei", password=PASSWORD, roles=frozenset({Role.CONTRIBUTOR}))
    accounts.add_user(LOCAL_ADMIN, "Wang Fang", password=PASSWORD, roles=frozenset({Role.REVIEWER}))
    from stdbridge.accounts.roles import Actor
    from stdbridge.translation.projects import Projects

    translator = Actor(li.id, li.name, li.roles, signed_in=True)
    projects = Projects(catalog.store)  # GB/T 19001-2008: the bundled excerpt gives its Chinese title only
    made = projects.create(translator, "GB-T 19001-2008.txt", "质量管理体系 要求\n".encode(), "zh", "en",
                           standard_key="GB/T 19001-2008")  # fmt: skip
    (segment,) = projects.segments(translator, made.id or 0)
    projects.save(translator, made.id or 0, segment.id or 0, "Quality management systems — Requirements", 0,
                  confirm=True)  # fmt: skip
    with TestClient(create_app(catalog), base_url=SERVER) as server:
        sign_in(server, "Li Wei")
        page = server.get(f"/translate/{made.id}", params={"lang": "zh"}).text
        assert 'id="deliver"' not in page  # a translator does not deliver
        assert server.post(f"/api/translate/{made.id}/deliver").status_code == 403
        server.post("/sign-out", data={"csrf_token": form_token(page)})
        sign_in(server, "Wang Fang")
        page = server.get(f"/translate/{made.id}", params={"lang": "zh"}).text
        early = server.post(
            f"/translate/{made.id}/deliver", data={"csrf_token": form_token(page)}, params={"lang": "zh"}
        )
        assert "未经审定" in early.text  # the segment is confirmed, not approved yet
        approve = {"csrf_token": form_token(page), "target": "", "version": "1", "action": "approve"}
        server.post(f"/translate/{made.id}/segments/{segment.id}", data=approve)
        done = server.post(f"/translate/{made.id}/deliver", data={"csrf_token": form_token(page)})
        assert done.status_code == 200 and 'id="delivered"' in done.text
        record = server.get("/standard", params={"id": "GB/T 19001-2008", "lang": "zh"}).text
        assert "Quality management systems — Requirements" in record and "由 Wang Fang 贡献的译名" in record
        assert "非官方标题" in record


def test_pretranslation_is_queued_followed_and_leads_back_to_the_editor(server: TestClient, people: Catalog) -> None:
    from stdbridge.jobs.worker import Worker

    sign_in(server, "Li Wei")
    project = _create(server)
    [made] = people.store.list_projects()
    editor = server.get(project, params={"lang": "zh"}).text
    queued = server.post(f"{project}/pretranslate", data={"csrf_token": form_token(editor)}, follow_redirects=False)
    assert queued.status_code == 303 and queued.headers["location"].startswith("/jobs/")
    job_page = server.get(queued.headers["location"], params={"lang": "zh"}).text
    assert "预翻译" in job_page and "排队中" in job_page and f'href="/translate/{made.id}"' in job_page
    editor = server.get(project, params={"lang": "zh"}).text
    assert 'id="pretranslating"' in editor and 'id="pretranslate"' not in editor  # one at a time
    # the API answers the job waiting (202), not a second one
    asked = server.post(f"/api/translate/{made.id}/pretranslate")
    assert asked.status_code == 202 and asked.headers["location"] == f"/api/jobs/{asked.json()['id']}"
    assert queued.headers["location"] == f"/jobs/{asked.json()['id']}"
    through_jobs = server.post("/api/jobs", json={"kind": "pretranslate", "project": made.id})  # the queue's route
    assert through_jobs.status_code == 202 and through_jobs.json()["id"] == asked.json()["id"]
    assert server.post("/api/jobs", json={"kind": "pretranslate", "project": 999}).status_code == 404
    assert all(s.status == SegmentStatus.NEW for s in people.store.segments_of(made.id or 0))

    ran = Worker(people, beat=0.05).run_once()
    assert ran is not None and ran.state.value == "done", ran and ran.error
    done = server.get(queued.headers["location"], params={"lang": "zh"}).text
    assert "已完成" in done and 'id="back-to-editor"' in done and "引擎" in done
    filled = [s for s in people.store.segments_of(made.id or 0) if s.status == SegmentStatus.DRAFT and s.target]
    assert len(filled) == (ran.result or {})["filled"] > 0
    assert 'id="pretranslate"' in server.get(project).text  # nothing waiting: the button again
    listed = server.get("/jobs", params={"lang": "zh"}).text  # the list of jobs names the project
    assert f'<a href="/translate/{made.id}">翻译项目 {made.id}</a>' in listed


def test_a_reader_cannot_queue_a_pretranslation(server: TestClient, people: Catalog) -> None:
    sign_in(server, "Li Wei")
    project = _create(server)
    [made] = people.store.list_projects()
    server.post("/sign-out", data={"csrf_token": form_token(server.get("/translate").text)})
    sign_in(server, "Reader One")
    editor = server.get(project, params={"lang": "zh"}).text
    assert 'id="pretranslate"' not in editor
    assert server.post(f"{project}/pretranslate", data={"csrf_token": form_token(editor)}).status_code == 403
    assert server.post(f"/api/translate/{made.id}/pretranslate").status_code == 403
    assert server.post("/api/jobs", json={"kind": "pretranslate", "project": made.id}).status_code == 403
    assert people.store.count_jobs(JobQuery()) == 0
