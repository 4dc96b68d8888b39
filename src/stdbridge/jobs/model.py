"""The records of the job queue: what a job is, its states and kinds, and their names (plain data, no I/O).

A job's fields, as ``jobs`` (migration 0007) stores them:

``kind``           what it does (``JobKind``: ``import``, ``index``, ``compare-batch``, ``pretranslate``)
``parameters``     what it was asked with (JSON: the format of an import, the two lists of a batch ...)
``state``          ``queued`` -> ``running`` -> ``done`` | ``failed`` | ``cancelled``; a failed or cancelled job
                   can be queued again (retried)
``done/total``     the current step's progress (``total`` None: not known), ``message`` what the step does
``asked_by``       who asked (the name shown) and ``asked_by_id`` (the account; None for the local administrator)
``for_node``       the node whose worker must run it (None: any node's), for an index rebuild
``worker``         who runs or ran it (``node:process:thread``), ``heartbeat_at`` when it last said it was alive
``attempts``       how many times a worker took it
``created_at``     when it was asked for, ``started_at`` and ``finished_at`` (UTC, ISO 8601)
``result``         what it found (JSON: an import's summary and its rejected rows, a batch's matrix, what a
                   pre-translation filled ...)
``error``          why it failed
``upload_name``    the file an import was sent, its ``upload_size``; the bytes stay in the row, read by the worker
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from stdbridge.accounts.roles import Role
from stdbridge.i18n import _


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})
RETRIABLE = frozenset({JobState.FAILED, JobState.CANCELLED})


class JobKind(StrEnum):
    IMPORT = "import"
    INDEX = "index"
    COMPARE_BATCH = "compare-batch"
    PRETRANSLATE = "pretranslate"


# The role asking for each kind of job needs: imports and index rebuilds change the catalogue or the node (editor);
# a batch comparison only reads, but its work is large and shared, so it is not for anonymous readers.
ROLE_OF_KIND = {JobKind.IMPORT: Role.EDITOR, JobKind.INDEX: Role.EDITOR, JobKind.COMPARE_BATCH: Role.CONTRIBUTOR}
# Pre-translating a translation project: who may pre-translate it in the editor (``translation.projects``).
ROLE_OF_KIND[JobKind.PRETRANSLATE] = Role.CONTRIBUTOR


def kind_label(kind: JobKind) -> str:
    """A kind of job as people read it, in the current language."""
    labels = {JobKind.IMPORT: _("Import"), JobKind.INDEX: _("Index rebuild"),
              JobKind.COMPARE_BATCH: _("Batch comparison"), JobKind.PRETRANSLATE: _("Pre-translation")}  # fmt: skip
    return labels[kind]


def state_label(state: JobState) -> str:
    """A job's state as people read it, in the current language."""
    labels = {JobState.QUEUED: _("queued"), JobState.RUNNING: _("running"), JobState.DONE: _("done"),
              JobState.FAILED: _("failed"), JobState.CANCELLED: _("cancelled")}  # fmt: skip
    return labels[state]


@dataclass(slots=True)
class Job:
    """One job, as the store holds it (without its uploaded bytes: ``Store.job_upload`` reads them)."""

    kind: JobKind
    parameters: dict[str, Any]
    asked_by: str
    asked_by_id: int | None
    created_at: str
    state: JobState = JobState.QUEUED
    done: int = 0
    total: int | None = None
    message: str = ""
    for_node: str | None = None
    worker: str | None = None
    heartbeat_at: str | None = None
    attempts: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    upload_name: str | None = None
    upload_size: int | None = None
    id: int | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    def to_json(self) -> dict[str, Any]:
        """The job as the API and ``stdbridge jobs show --json`` give it."""
        return {
            "id": self.id, "kind": self.kind.value, "state": self.state.value, "parameters": self.parameters,
            "progress": {"done": self.done, "total": self.total, "message": self.message},
            "asked_by": self.asked_by, "asked_by_id": self.asked_by_id, "for_node": self.for_node,
            "worker": self.worker, "heartbeat_at": self.heartbeat_at, "attempts": self.attempts,
            "created_at": self.created_at, "started_at": self.started_at, "finished_at": self.finished_at,
            "upload": {"name": self.upload_name, "size": self.upload_size} if self.upload_name else None,
            "result": self.result, "error": self.error,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Which jobs to list: those asked by one account (``asked_by_id``; None: everybody's), in some states, newest
    first."""

    asked_by_id: int | None = None
    states: tuple[JobState, ...] = ()
    offset: int = 0
    limit: int = 50
