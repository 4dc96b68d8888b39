"""The job queue's table (migration 0007) and its rows in ``SqlStore`` (``stdbridge.jobs`` gives them meaning).

A worker claims the oldest queued job with one statement, ``UPDATE jobs ... WHERE id = (SELECT id ... LIMIT 1 FOR
UPDATE SKIP LOCKED) RETURNING id``: on PostgreSQL two workers claiming at once each lock a different row (the
second skips the row the first holds); on SQLite the statement runs under the database's one write lock, which
does the same. Every later write about a running job names its worker (``WHERE worker = ...``): a worker that was
given up for dead (``fail_stale_jobs``) and comes back writes nothing, and its import, whose finishing write is in
the import's own transaction, rolls back.

The uploaded bytes are read only by ``job_upload``: listing jobs never reads them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    or_,
    select,
    update,
)

from stdbridge.jobs.model import RETRIABLE, Job, JobKind, JobQuery, JobState

job_metadata = MetaData()

jobs = Table(
    "jobs",
    job_metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("parameters", Text, nullable=False),
    Column("state", String, nullable=False),
    Column("done", Integer, nullable=False, server_default="0"),
    Column("total", Integer),
    Column("message", Text, nullable=False, server_default=""),
    Column("asked_by", String, nullable=False),
    Column("asked_by_id", Integer),
    Column("for_node", String),
    Column("worker", String),
    Column("heartbeat_at", String),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", String, nullable=False),
    Column("started_at", String),
    Column("finished_at", String),
    Column("result", Text),
    Column("error", Text),
    Column("upload_name", String),
    Column("upload_size", Integer),
    Column("upload", LargeBinary),
    Index("ix_jobs_state", "state", "id"),
    Index("ix_jobs_asked_by_id", "asked_by_id"),
)

_SHOWN = [c for c in jobs.c if c.name != "upload"]


def _job(r: Any) -> Job:
    return Job(JobKind(r.kind), orjson.loads(r.parameters), r.asked_by, r.asked_by_id, r.created_at,
               JobState(r.state), r.done, r.total, r.message, r.for_node, r.worker, r.heartbeat_at, r.attempts,
               r.started_at, r.finished_at, orjson.loads(r.result) if r.result else None, r.error, r.upload_name,
               r.upload_size, r.id)  # fmt: skip


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


class JobRows:
    """The job queue's part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def add_job(self, job: Job, upload: bytes | None = None) -> None:
        size = len(upload) if upload is not None else None
        row = {"kind": job.kind.value, "parameters": _dumps(job.parameters), "state": job.state.value,
               "message": job.message, "asked_by": job.asked_by, "asked_by_id": job.asked_by_id,
               "for_node": job.for_node, "created_at": job.created_at, "upload_name": job.upload_name,
               "upload_size": size, "upload": upload}  # fmt: skip
        with self._connect() as conn:
            key = conn.execute(insert(jobs).values(**row)).inserted_primary_key
            assert key is not None
            job.id, job.upload_size = int(key[0]), size

    def job(self, job_id: int) -> Job | None:
        with self._connect() as conn:
            found = conn.execute(select(*_SHOWN).where(jobs.c.id == job_id)).one_or_none()
        return _job(found) if found is not None else None

    def _where(self, query: JobQuery) -> list[Any]:
        where: list[Any] = []
        if query.asked_by_id is not None:
            where.append(jobs.c.asked_by_id == query.asked_by_id)
        if query.states:
            where.append(jobs.c.state.in_([s.value for s in query.states]))
        return where

    def jobs(self, query: JobQuery) -> list[Job]:
        statement = (select(*_SHOWN).where(*self._where(query)).order_by(jobs.c.id.desc())
                     .offset(query.offset).limit(query.limit))  # fmt: skip
        with self._connect() as conn:
            return [_job(r) for r in conn.execute(statement).all()]

    def count_jobs(self, query: JobQuery) -> int:
        with self._connect() as conn:
            return int(conn.execute(select(func.count()).select_from(jobs).where(*self._where(query))).scalar() or 0)

    def job_upload(self, job_id: int) -> bytes | None:
        with self._connect() as conn:
            found = conn.execute(select(jobs.c.upload).where(jobs.c.id == job_id)).scalar()
        return bytes(found) if found is not None else None

    def claim_job(self, worker: str, node: str, now: str) -> Job | None:
        oldest = (
            select(jobs.c.id)
            .where(jobs.c.state == JobState.QUEUED.value, or_(jobs.c.for_node.is_(None), jobs.c.for_node == node))
            .order_by(jobs.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)  # SQLite leaves it out: its write lock already makes claims take turns
        )
        claim = (
            update(jobs)
            .where(jobs.c.id == oldest.scalar_subquery(), jobs.c.state == JobState.QUEUED.value)
            .values(state=JobState.RUNNING.value, worker=worker, started_at=now, heartbeat_at=now, finished_at=None,
                    attempts=jobs.c.attempts + 1, done=0, total=None, message="", result=None, error=None)
            .returning(jobs.c.id)
        )  # fmt: skip
        with self._connect() as conn:
            claimed = conn.execute(claim).scalar()
            if claimed is None:
                return None
            return _job(conn.execute(select(*_SHOWN).where(jobs.c.id == claimed)).one())

    def job_heartbeat(self, job_id: int, worker: str, now: str, done: int, total: int | None,
                      message: str) -> JobState | None:  # fmt: skip
        with self._connect() as conn:
            conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == JobState.RUNNING.value)
                .values(heartbeat_at=now, done=done, total=total, message=message)
            )
            state = conn.execute(
                select(jobs.c.state).where(jobs.c.id == job_id, jobs.c.worker == worker)
            ).scalar()  # fmt: skip
        return JobState(state) if state is not None else None

    def finish_job(self, job_id: int, worker: str, state: JobState, now: str, result: dict[str, Any] | None,
                   error: str | None = None) -> bool:  # fmt: skip
        with self._connect() as conn:
            changed = conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == JobState.RUNNING.value)
                .values(state=state.value, finished_at=now, heartbeat_at=now, error=error,
                        result=_dumps(result) if result is not None else None)
            ).rowcount  # fmt: skip
        return bool(changed)

    def cancel_job(self, job_id: int, now: str) -> bool:
        states = [JobState.QUEUED.value, JobState.RUNNING.value]
        with self._connect() as conn:
            changed = conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.state.in_(states))
                .values(state=JobState.CANCELLED.value, finished_at=now)
            ).rowcount
        return bool(changed)

    def requeue_job(self, job_id: int) -> bool:
        with self._connect() as conn:
            changed = conn.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.state.in_([s.value for s in RETRIABLE]))
                .values(state=JobState.QUEUED.value, worker=None, heartbeat_at=None, started_at=None,
                        finished_at=None, done=0, total=None, message="", result=None, error=None)
            ).rowcount  # fmt: skip
        return bool(changed)

    def fail_stale_jobs(self, silent_since: str, now: str, error: str) -> list[int]:
        with self._connect() as conn:
            return list(
                conn.execute(
                    update(jobs)
                    .where(jobs.c.state == JobState.RUNNING.value, jobs.c.heartbeat_at < silent_since)
                    .values(state=JobState.FAILED.value, finished_at=now, error=error)
                    .returning(jobs.c.id)
                ).scalars()
            )
