"""Asking for jobs, and what people may do with them: queue an import, an index rebuild, a batch comparison or
the pre-translation of a translation project; read, retry and cancel jobs. Every check is here, for the web, the
API and the command line alike.

- Queuing needs the role of its kind (``model.ROLE_OF_KIND``): editor for imports and index rebuilds,
  contributor for batch comparisons and pre-translations.
- A job is read by who asked for it, and by editors and administrators (who read every job).
- Retrying or cancelling a job: editors and administrators, and who asked for it while they keep the role of
  its kind.

Queuing, retrying and cancelling are recorded in the audit log, in the transaction of the change, as its last
write.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import PurePath
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.errors import Forbidden, NotFound, UnknownFormat, UsageError
from stdbridge.i18n import _, current_language
from stdbridge.jobs.model import FINISHED, RETRIABLE, ROLE_OF_KIND, Job, JobKind, JobQuery, JobState, state_label
from stdbridge.runtime import now_iso
from stdbridge.store import Store

MAX_IMPORT_BYTES = 64 * 1024 * 1024  # the largest catalogue file an import job is sent (the bundled ISO's is 20 MB)
MAX_FILE_NAME = 200
MAX_DATASET_NAME = 60
MAX_LIST_CHARACTERS = 400_000  # two lists of ``compare.lists.MAX_LINES`` identifiers fit


def may_read_all(actor: Actor) -> bool:
    return actor.can(Role.EDITOR) or actor.can(Role.ADMIN)


def is_asker(actor: Actor, job: Job) -> bool:
    return actor.user_id is not None and actor.user_id == job.asked_by_id


def may_manage(actor: Actor, job: Job) -> bool:
    """Whether ``actor`` may retry or cancel ``job`` (what the pages show buttons for): editors and administrators
    every job, who asked for it while they keep the role its kind needs."""
    return may_read_all(actor) or (is_asker(actor, job) and actor.can(ROLE_OF_KIND[job.kind]))


def _queued(store: Store, actor: Actor, job: Job, upload: bytes | None = None) -> Job:
    with store.transaction():
        store.add_job(job, upload)
        after = {"kind": job.kind.value, "parameters": _audited(job.parameters), "upload": job.upload_name,
                 "upload_size": job.upload_size}  # fmt: skip
        audit.record(store, actor.name, actor.user_id, audit.JOB_ENQUEUE, f"job {job.id}", None, after)
    return job


def _audited(parameters: dict[str, Any]) -> dict[str, Any]:
    """A job's parameters as the audit log keeps them: the lists of a batch counted, not copied."""
    return {k: (f"{len(v.splitlines())} lines" if k in ("list_a", "list_b") else v) for k, v in parameters.items()}


def _new(kind: JobKind, actor: Actor, parameters: dict[str, Any], **fields: Any) -> Job:
    """A job, to run in the language of who asks (its progress and its errors are for that person to read)."""
    return Job(kind, {**parameters, "lang": current_language()}, actor.name, actor.user_id, now_iso(), **fields)


def upload_lines(name: str, data: bytes) -> int | None:
    """How many lines the uploaded file holds (gzip-compressed ones opened), for the progress of its reading;
    None when that cannot be told."""
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return None
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def enqueue_import(store: Store, actor: Actor, file_name: str, data: bytes, format: str,
                   dataset: str | None = None) -> Job:  # fmt: skip
    """Queue the import of the uploaded file ``data`` (named ``file_name``) with the importer ``format``."""
    require(actor, Role.EDITOR)
    from stdbridge.importers.base import registry

    found = registry()
    if format not in found:
        message = _("no importer named '{name}'; available: {names}")
        raise UnknownFormat(message.format(name=format, names=", ".join(sorted(found))))
    name = PurePath(file_name.replace("\\", "/")).name[:MAX_FILE_NAME] or "upload"
    if not data:
        raise UsageError(_("the file {name} is empty").format(name=name))
    if len(data) > MAX_IMPORT_BYTES:
        raise UsageError(_("the file {name} is {size} MB; files of at most {limit} MB are imported").format(
            name=name, size=round(len(data) / 1024 / 1024, 1), limit=MAX_IMPORT_BYTES // 1024 // 1024))  # fmt: skip
    parameters: dict[str, Any] = {"format": format, "lines": upload_lines(name, data)}
    if dataset:
        if len(dataset) > MAX_DATASET_NAME:
            raise UsageError(_("a dataset's name has at most {most} characters").format(most=MAX_DATASET_NAME))
        parameters["dataset"] = dataset
    return _queued(store, actor, _new(JobKind.IMPORT, actor, parameters, upload_name=name), data)


def enqueue_index(store: Store, actor: Actor, node: str | None = None) -> Job:
    """Queue a rebuild of the search index: of the node ``node`` (its workers run it), else of whichever node's
    worker takes it first."""
    require(actor, Role.EDITOR)
    parameters = {"node": node} if node else {}
    return _queued(store, actor, _new(JobKind.INDEX, actor, parameters, for_node=node or None))


def enqueue_batch(store: Store, actor: Actor, list_a: str, list_b: str, name_a: str = "A", name_b: str = "B") -> Job:
    """Queue the comparison of two lists of identifiers (one a line), as ``compare-batch`` makes it."""
    require(actor, Role.CONTRIBUTOR)
    from stdbridge.compare.lists import MAX_LINES

    for name, text in ((name_a, list_a), (name_b, list_b)):
        if len(text) > MAX_LIST_CHARACTERS or len(text.splitlines()) > MAX_LINES:
            raise UsageError(_("list {name} is too long: compare at most {most} lines at a time").format(
                name=name, most=MAX_LINES))  # fmt: skip
        if not text.strip():
            raise UsageError(_("list {name} is empty: give one identifier per line").format(name=name))
    parameters = {"name_a": name_a[:60] or "A", "name_b": name_b[:60] or "B", "list_a": list_a, "list_b": list_b}
    return _queued(store, actor, _new(JobKind.COMPARE_BATCH, actor, parameters))


def pending_pretranslation(store: Store, project_id: int) -> Job | None:
    """The pre-translation of project ``project_id`` queued or running, if there is one."""
    waiting = store.jobs(JobQuery(None, (JobState.QUEUED, JobState.RUNNING), 0, 1000))
    return next((j for j in waiting if j.kind is JobKind.PRETRANSLATE and j.parameters.get("project") == project_id),
                None)  # fmt: skip


def enqueue_pretranslate(store: Store, actor: Actor, project_id: int, *, replace_drafts: bool = False) -> Job:
    """Queue the pre-translation of translation project ``project_id`` (``Projects.pretranslate``); while one is
    queued or running for the project, that one is answered instead of a second."""
    require(actor, ROLE_OF_KIND[JobKind.PRETRANSLATE])
    if store.project_by_id(project_id) is None:
        raise NotFound(_("there is no translation project {id}").format(id=project_id))
    waiting = pending_pretranslation(store, project_id)
    if waiting is not None:
        return waiting
    parameters = {"project": project_id, "replace_drafts": replace_drafts}
    return _queued(store, actor, _new(JobKind.PRETRANSLATE, actor, parameters))


def visible_job(store: Store, actor: Actor, job_id: int) -> Job:
    """The job ``job_id``, if ``actor`` may read it (``NotFound``, ``Forbidden`` otherwise)."""
    require(actor, Role.READER)
    job = store.job(job_id)
    if job is None:
        raise NotFound(_("there is no job {id}").format(id=job_id))
    if not (is_asker(actor, job) or may_read_all(actor)):
        raise Forbidden(_("{name} may not read job {id}: it was asked for by someone else").format(
            name=actor.name, id=job_id), role=Role.EDITOR.value)  # fmt: skip
    return _live(job)


def _live(job: Job) -> Job:
    from stdbridge.jobs.worker import live  # the worker's progress, when this process runs the job

    return live(job)


def listed_jobs(store: Store, actor: Actor, states: tuple[JobState, ...] = (), offset: int = 0,
                limit: int = 50) -> tuple[list[Job], int]:  # fmt: skip
    """The jobs ``actor`` may read (every job for editors and administrators, else their own), newest first, and
    how many there are."""
    require(actor, Role.READER)
    if may_read_all(actor):
        query = JobQuery(None, states, offset, limit)
    elif actor.user_id is None:  # an anonymous reader asked for nothing
        return [], 0
    else:
        query = JobQuery(actor.user_id, states, offset, limit)
    return [_live(j) for j in store.jobs(query)], store.count_jobs(query)


def _manageable(store: Store, actor: Actor, job_id: int) -> Job:
    job = visible_job(store, actor, job_id)  # only the asker, editors and administrators get further
    if not may_manage(actor, job):
        require(actor, ROLE_OF_KIND[job.kind])  # the asker who lost the role the job needs
    return job


def retry(store: Store, actor: Actor, job_id: int) -> Job:
    """Queue a failed or cancelled job again."""
    job = _manageable(store, actor, job_id)
    with store.transaction():
        if not store.requeue_job(job_id):
            raise UsageError(_("job {id} is {state}: only a failed or cancelled job is retried").format(
                id=job_id, state=state_label(job.state)))  # fmt: skip
        audit.record(store, actor.name, actor.user_id, audit.JOB_RETRY, f"job {job_id}",
                     {"state": job.state.value, "error": job.error}, {"state": JobState.QUEUED.value})  # fmt: skip
    return visible_job(store, actor, job_id)


def cancel(store: Store, actor: Actor, job_id: int) -> Job:
    """Cancel a queued job, or a running one (its worker stops at its next step, and nothing of it is kept)."""
    job = _manageable(store, actor, job_id)
    with store.transaction():
        if job.state in FINISHED or not store.cancel_job(job_id, now_iso()):
            raise UsageError(_("job {id} has finished: there is nothing to cancel").format(id=job_id))
        audit.record(store, actor.name, actor.user_id, audit.JOB_CANCEL, f"job {job_id}",
                     {"state": job.state.value}, {"state": JobState.CANCELLED.value})  # fmt: skip
    return visible_job(store, actor, job_id)


__all__ = ["MAX_IMPORT_BYTES", "RETRIABLE", "cancel", "enqueue_batch", "enqueue_import", "enqueue_index",
           "enqueue_pretranslate", "listed_jobs", "may_manage", "pending_pretranslation", "retry",
           "visible_job"]  # fmt: skip
