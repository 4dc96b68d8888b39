"""The job queue's part of the store contract, on SQLite and PostgreSQL: jobs queue with their files, workers
claim the oldest first and never the same one, write heartbeats and progress, finish only the jobs still theirs;
cancelling, queuing again and giving up on the jobs of dead workers; a queued import run by a worker, with its
rejected rows, and one cancelled that leaves nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.jobs import queue
from stdbridge.jobs.model import Job, JobKind, JobQuery, JobState
from stdbridge.jobs.worker import Worker
from stdbridge.store import SqlStore, Store

T0, T1, T2 = "2026-12-04T09:00:00+00:00", "2026-12-04T09:00:05+00:00", "2026-12-04T09:10:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def _job(kind: JobKind = JobKind.INDEX, **fields: object) -> Job:
    return Job(kind, {"format": "iso"} if kind is JobKind.IMPORT else {}, "Aiko Sato", 3, T0, **fields)  # type: ignore[arg-type]


def test_a_job_keeps_its_file_apart_from_what_lists_show(store: Store) -> None:
    job = _job(JobKind.IMPORT, upload_name="iso_catalog.jsonl")
    data = (EXCERPTS / "iso_catalog.jsonl").read_bytes()
    store.add_job(job, data)
    assert job.id == 1 and job.upload_size == len(data)
    assert store.job_upload(1) == data
    [listed] = store.jobs(JobQuery())
    assert (listed.state, listed.upload_name, listed.upload_size, listed.asked_by_id) == (
        JobState.QUEUED, "iso_catalog.jsonl", len(data), 3)  # fmt: skip
    assert store.job(2) is None and store.job_upload(2) is None


def test_workers_claim_the_oldest_job_first_and_only_their_nodes(store: Store) -> None:
    store.add_job(_job(for_node="node-b"))
    store.add_job(_job())
    store.add_job(_job())
    first = store.claim_job("node-a:1:1", "node-a", T1)
    assert first is not None and first.id == 2 and first.state is JobState.RUNNING and first.attempts == 1
    assert (first.worker, first.started_at, first.heartbeat_at) == ("node-a:1:1", T1, T1)
    assert store.claim_job("node-a:1:1", "node-a", T1).id == 3  # type: ignore[union-attr]
    assert store.claim_job("node-a:1:1", "node-a", T1) is None  # job 1 is node-b's
    assert store.claim_job("node-b:1:1", "node-b", T1).id == 1  # type: ignore[union-attr]
    assert store.count_jobs(JobQuery(states=(JobState.RUNNING,))) == 3
    assert store.count_jobs(JobQuery(asked_by_id=4)) == 0


def test_two_workers_never_claim_the_same_job(store_url: str) -> None:
    stores = [SqlStore(store_url), SqlStore(store_url)]
    for _ in range(40):
        stores[0].add_job(_job())
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def claim(store: Store, worker: str) -> None:
        mine = claimed.setdefault(worker, [])
        try:
            start.wait(10)
            while True:
                try:
                    job = store.claim_job(worker, "node", T1)
                except Exception as exc:  # SQLite: another writer held the lock past the timeout
                    if "locked" not in str(exc):
                        raise
                    continue
                if job is None:
                    return
                mine.append(job.id or 0)
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(stores[i % 2], f"w{i}")) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        every = sorted(i for ids in claimed.values() for i in ids)
        assert every == list(range(1, 41))  # each once
        assert {j.worker for j in stores[1].jobs(JobQuery(limit=100))} <= set(claimed)
    finally:
        for s in stores:
            s.close()


def test_only_the_worker_running_a_job_writes_its_progress_and_its_end(store: Store) -> None:
    store.add_job(_job())
    store.claim_job("w1", "node", T1)
    assert store.job_heartbeat(1, "w1", T1, 40, 100, "1. Indexing") is JobState.RUNNING
    assert store.job_heartbeat(1, "w2", T2, 99, 100, "someone else") is None
    job = store.job(1)
    assert job is not None and (job.done, job.total, job.message, job.heartbeat_at) == (40, 100, "1. Indexing", T1)
    assert not store.finish_job(1, "w2", JobState.DONE, T2, {"indexed": 1})
    assert store.finish_job(1, "w1", JobState.DONE, T2, {"indexed": 167})
    done = store.job(1)
    assert done is not None and (done.state, done.result, done.finished_at) == (JobState.DONE, {"indexed": 167}, T2)
    assert not store.finish_job(1, "w1", JobState.FAILED, T2, None, "twice")
    assert not store.cancel_job(1, T2) and not store.requeue_job(1)


def test_cancelled_and_failed_jobs_are_queued_again_afresh(store: Store) -> None:
    store.add_job(_job())
    store.add_job(_job())
    assert store.cancel_job(1, T1)  # queued: cancelled at once
    store.claim_job("w1", "node", T1)  # job 2
    assert store.cancel_job(2, T1)  # running: its worker hears it at its next heartbeat
    assert store.job_heartbeat(2, "w1", T1, 5, None, "") is JobState.CANCELLED
    assert not store.finish_job(2, "w1", JobState.DONE, T2, {"indexed": 1})
    assert store.requeue_job(2)
    again = store.job(2)
    assert again is not None and (again.state, again.worker, again.result, again.attempts) == (
        JobState.QUEUED, None, None, 1)  # fmt: skip
    assert store.claim_job("w2", "node", T2).attempts == 2  # type: ignore[union-attr]


def test_the_jobs_of_silent_workers_are_marked_failed(store: Store) -> None:
    for _ in range(2):
        store.add_job(_job())
    store.claim_job("dead", "node", T0)
    store.claim_job("alive", "node", T0)
    store.job_heartbeat(2, "alive", T2, 1, 2, "")
    assert store.fail_stale_jobs("2026-12-04T09:05:00+00:00", T2, "its worker stopped answering") == [1]
    failed = store.job(1)
    assert failed is not None and (failed.state, failed.error) == (JobState.FAILED, "its worker stopped answering")
    assert store.job(2).state is JobState.RUNNING  # type: ignore[union-attr]
    assert store.job_heartbeat(1, "dead", T2, 2, 2, "") is JobState.FAILED  # the dead worker, back, stops


def test_a_queued_import_runs_with_its_rejected_rows_and_is_audited(store: Store, tmp_path: Path) -> None:
    catalog = Catalog(store, index_path=tmp_path / "index")
    data = (EXCERPTS / "iso_catalog.jsonl").read_bytes() + b'{"id": "ISO 1:1"}\nnot json\n'
    job = queue.enqueue_import(store, LOCAL_ADMIN, "C:\\data\\iso catalogue.jsonl", data, "iso")
    assert job.upload_name == "iso catalogue.jsonl" and job.parameters["lines"] == 169
    ran = Worker(catalog, node="node", beat=0.05).run_once()
    assert ran is not None and ran.state is JobState.DONE, ran.error
    assert ran.result is not None and ran.result["summary"]["added"] == 167
    assert ran.result["rejects_total"] == 2
    bad = ran.result["rejects"][-1]
    assert (bad["file"], bad["line"], bad["value"]) == ("iso catalogue.jsonl", 169, "not json")
    assert store.counts()["total"]["standards"] == 167
    actions = [e.action for e in store.audit_entries(audit.query_of(newest_first=False))]
    assert actions == ["genesis", "job.enqueue", "import"]


def test_a_cancelled_import_leaves_nothing(store: Store, tmp_path: Path) -> None:
    catalog = Catalog(store, index_path=tmp_path / "index")
    job = queue.enqueue_import(store, LOCAL_ADMIN, "iso.jsonl", (EXCERPTS / "iso_catalog.jsonl").read_bytes(), "iso")
    worker = Worker(catalog, node="node", beat=0.05)
    claimed = store.claim_job(worker.name, "node", T1)
    assert claimed is not None
    queue.cancel(store, LOCAL_ADMIN, job.id or 0)  # before its worker's first step
    worker.run(claimed)
    assert store.job(job.id or 0).state is JobState.CANCELLED  # type: ignore[union-attr]
    assert store.counts()["total"]["standards"] == 0 and store.revision()[0] == -1
