"""A job worker killed with SIGKILL in the middle of an import, on SQLite and PostgreSQL: the import leaves
nothing (every table of the catalogue, counted and hashed, is as before), another worker marks the job failed
once its heartbeat has stopped, and the job, retried, imports the file in full."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.jobs import queue
from stdbridge.jobs.model import JobState
from stdbridge.jobs.worker import Worker
from stdbridge.store import SqlStore
from stdbridge.store.copy import table_digest
from stdbridge.store.sql import metadata

STDBRIDGE = Path(sys.executable).parent / "stdbridge"


def _catalogue_digest(store: SqlStore) -> dict[str, tuple[int, str]]:
    """Rows and content hash of every table but the queue's own."""
    with store.engine.connect() as conn:
        return {t.name: table_digest(conn, t) for t in metadata.sorted_tables if t.name != "jobs"}


def _sqlite_write_locked(path: str) -> bool:
    """Whether another connection holds the write lock of the SQLite file (an import writing)."""
    probe = sqlite3.connect(path, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def _writing(store: SqlStore, job_id: int) -> bool:
    """Whether the job's import is writing, inside its transaction: PostgreSQL's heartbeat says its step; on SQLite
    the import holds the write lock (seen twice, not a heartbeat's moment)."""
    job = store.job(job_id)
    assert job is not None and job.state is not JobState.FAILED, job and job.error
    if job.state is not JobState.RUNNING:
        return False
    if store.engine.dialect.name == "postgresql":
        return "saving" in job.message or "linking" in job.message
    if not job.done:  # not reading yet
        return False
    path = store.url.removeprefix("sqlite:///")
    return _sqlite_write_locked(path) and (time.sleep(0.05) or _sqlite_write_locked(path))


@pytest.mark.slow
def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_is_retried(store_url: str, tmp_path: Path) -> None:
    store = SqlStore(store_url)
    catalog = Catalog(store, index_path=tmp_path / "index")
    catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)
    data = bundled_path("iso_catalog.jsonl.gz").read_bytes()
    job = queue.enqueue_import(store, LOCAL_ADMIN, "iso_catalog.jsonl.gz", data, "iso")
    before = _catalogue_digest(store)
    env = {**os.environ, "STDBRIDGE_INDEX": str(tmp_path / "worker-index")}
    errors = (tmp_path / "worker.err").open("wb")
    worker = subprocess.Popen([str(STDBRIDGE), "--db", store_url, "jobs", "work", "--poll", "0.1", "--beat", "0.1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not _writing(store, job.id or 0):
            assert worker.poll() is None, (tmp_path / "worker.err").read_text()
            assert time.monotonic() < deadline, "the import did not reach its writing"
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
        errors.close()
    running = store.job(job.id or 0)
    assert running is not None and running.state is JobState.RUNNING  # nobody has said otherwise yet
    assert _catalogue_digest(store) == before  # nothing of the import was committed

    sweeper = Worker(catalog, node="other", poll=0.05, beat=0.05, stale_after=1.0)
    time.sleep(2.2)  # heartbeats are written to the second
    assert sweeper.sweep() == [job.id]
    failed = store.job(job.id or 0)
    assert failed is not None and failed.state is JobState.FAILED and "stopped answering" in (failed.error or "")
    assert _catalogue_digest(store) == before

    queue.retry(store, LOCAL_ADMIN, job.id or 0)
    done = sweeper.run_once()
    assert done is not None and done.state is JobState.DONE and done.attempts == 2, done and done.error
    assert done.result is not None and done.result["summary"]["added"] > 20_000
    assert store.counts()["total"]["standards"] == before["standards"][0] + done.result["summary"]["added"]
    store.close()
