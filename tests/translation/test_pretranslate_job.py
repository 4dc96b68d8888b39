"""Pre-translation as a job of the queue (SQLite and PostgreSQL): a translator queues it, a worker runs it with its
progress moving, the targets land in the segments (a segment the translator saved meanwhile is kept), the job's
result says what was filled; someone without the role cannot queue it, and a second ask while one waits answers
the one waiting. The document is a real English standard made into a DOCX (``docx_samples``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.translation.docx_samples import standard_docx, titles

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden
from stdbridge.jobs import queue
from stdbridge.jobs.model import JobKind, JobQuery, JobState
from stdbridge.jobs.worker import JobProgress, Worker
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import SegmentStatus, TargetOrigin, TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.projects import Projects


@pytest.fixture
def catalog(store_url: str) -> Iterator[Catalog]:
    store = SqlStore(store_url)
    yield Catalog(store)
    store.close()


def _actor(catalog: Catalog, name: str, *roles: Role) -> Actor:
    from stdbridge.accounts.service import Accounts

    user = Accounts(catalog.store).add_user(LOCAL_ADMIN, name, roles=frozenset(roles))
    return Actor(user.id, user.name, user.roles, signed_in=True)


def _reference() -> tuple[str, str]:
    """The first normative reference of the sample standard and its Chinese (a real GB adoption's titles)."""
    gb = titles()
    return f"{gb[1].adopted_from}, {gb[1].title_en}", f"{gb[1].adopted_from}，{gb[1].title_zh}"


def test_a_queued_pretranslation_runs_with_its_progress_and_fills_the_segments(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = catalog.store
    translator = _actor(catalog, "li", Role.CONTRIBUTOR)
    reference, translated = _reference()
    TranslationMemory.of(store).add([TranslationUnit("en", "zh", reference, translated, UnitScope.PLATFORM,
                                                     UnitOrigin.CATALOGUE_TITLE)])  # fmt: skip
    project = Projects(store).create(translator, "GB-T 24001.docx", standard_docx(), "en", "zh")
    assert project.id is not None
    # the translator has already written the title: pre-translation must keep it
    title = next(s for s in store.segments_of(project.id) if s.kind == "title")
    assert title.id is not None
    Projects(store).save(translator, project.id, title.id, titles()[0].title_zh, title.version)

    job = queue.enqueue_pretranslate(store, translator, project.id)
    assert job.kind is JobKind.PRETRANSLATE and job.state is JobState.QUEUED
    assert queue.enqueue_pretranslate(store, translator, project.id).id == job.id  # the one waiting, not a second
    assert queue.pending_pretranslation(store, project.id) is not None
    assert store.segments_of(project.id)[1].status is SegmentStatus.NEW  # nothing happens until a worker runs it

    seen: list[tuple[int, int | None, str]] = []
    advance, step = JobProgress.advance, JobProgress.step

    def advancing(self: JobProgress, count: int = 1) -> None:
        advance(self, count)
        seen.append(self.shown())

    def stepping(self: JobProgress, label: str, total: int | None = None) -> None:
        step(self, label, total)
        seen.append(self.shown())

    monkeypatch.setattr(JobProgress, "advance", advancing)
    monkeypatch.setattr(JobProgress, "step", stepping)
    ran = Worker(catalog, beat=0.05).run_once()
    assert ran is not None and ran.id == job.id and ran.state is JobState.DONE, ran and ran.error

    # the progress moved through the memory, the engine and the saving, each step counted to its end
    messages = [message for _done, _total, message in seen]
    assert any(m.startswith("1. ") and "memory" in m for m in messages), messages
    assert any("Saving" in m for m in messages), messages
    lookups = [(done, total) for done, total, message in seen if message.startswith("1. ")]
    assert lookups[0][0] == 0 and lookups[-1][0] == lookups[-1][1] and lookups[-1][0] > 1

    segments = {s.id: s for s in store.segments_of(project.id)}
    exact = next(s for s in segments.values() if s.source == reference)
    assert exact.target == translated and exact.origin is TargetOrigin.MEMORY_EXACT
    assert exact.status is SegmentStatus.DRAFT
    assert segments[title.id].target == titles()[0].title_zh and segments[title.id].origin is TargetOrigin.HUMAN
    result: dict[str, Any] = ran.result or {}
    assert result["project"] == project.id and result["memory_exact"] >= 1
    assert result["filled"] == sum(1 for s in segments.values() if s.status is SegmentStatus.DRAFT
                                   and s.origin is not TargetOrigin.HUMAN)  # fmt: skip
    assert result["kept"] >= 1  # the title
    assert queue.pending_pretranslation(store, project.id) is None
    actions = [e.action for e in store.audit_entries(AuditQuery(limit=20))]
    assert "job.enqueue" in actions and "translation.pretranslate" in actions


def test_a_segment_saved_while_the_job_runs_is_kept(catalog: Catalog) -> None:
    store = catalog.store
    translator = _actor(catalog, "li", Role.CONTRIBUTOR)
    reference, translated = _reference()
    TranslationMemory.of(store).add([TranslationUnit("en", "zh", reference, translated, UnitScope.PLATFORM,
                                                     UnitOrigin.CATALOGUE_TITLE)])  # fmt: skip
    projects = Projects(store)
    project = projects.create(translator, "GB-T 24001.docx", standard_docx(), "en", "zh")
    assert project.id is not None
    target = next(s for s in store.segments_of(project.id) if s.source == reference)
    assert target.id is not None
    mine = "由译者写的译文"

    class SavingProgress:
        """Saves the segment as a translator would, once the memory has been read and before the targets are."""

        def __init__(self) -> None:
            self.done = False

        def step(self, label: str, total: int | None = None) -> None:
            if "Saving" in label and not self.done:
                self.done = True
                projects.save(translator, project.id or 0, target.id or 0, mine, target.version)

        def advance(self, count: int = 1) -> None:
            pass

    report = projects.pretranslate(translator, project.id, progress=SavingProgress())
    kept = store.segment_by_id(target.id)
    assert kept is not None and kept.target == mine and kept.origin is TargetOrigin.HUMAN
    assert report.memory_exact == 0  # the only exact match was the segment kept
    assert report.kept >= 1


def test_who_may_not_pretranslate_cannot_queue_it(catalog: Catalog) -> None:
    store = catalog.store
    translator = _actor(catalog, "li", Role.CONTRIBUTOR)
    reader = _actor(catalog, "zhao", Role.READER)
    project = Projects(store).create(translator, "GB-T 24001.docx", standard_docx(), "en", "zh")
    assert project.id is not None
    with pytest.raises(Forbidden):
        queue.enqueue_pretranslate(store, reader, project.id)
    assert store.count_jobs(JobQuery()) == 0
    assert all(s.status is SegmentStatus.NEW for s in store.segments_of(project.id))
