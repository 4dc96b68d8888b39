"""The workers that run the queue's jobs: a thread in each ``stdbridge serve`` node, or ``stdbridge jobs work``.

A worker looks for a queued job every ``poll`` seconds (a job waits at most that long; LISTEN/NOTIFY would save
this little and needs a connection of its own on PostgreSQL only), claims it (``Store.claim_job``) and runs it.
While it runs, a second thread writes the worker's heartbeat and the job's progress every ``beat`` seconds in a
transaction of its own, and learns from the answer whether the job was cancelled: the work then stops at its next
step (``WorkStopped``) and whatever it wrote rolls back. On SQLite a heartbeat that meets the import's write lock
waits, gives up and comes again: ``stale_after`` must be longer than the write of the largest import.

Every worker also looks, now and then, for running jobs whose worker has said nothing for ``stale_after`` seconds
(its process was killed, its machine lost), and marks them failed: they can be retried. An import marks its job
done in the import's own transaction (``ingest.import_path``'s ``finishing``), on condition that the job is still
this worker's: a job is done if and only if its import committed, and a job given up for dead never commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import tempfile
import threading
from collections.abc import Callable
from itertools import count
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from stdbridge.accounts.roles import ALL_ROLES, Actor, require
from stdbridge.catalog import Catalog
from stdbridge.errors import StdbridgeError, StoreError, WorkStopped
from stdbridge.i18n import LANGUAGES, _, set_language
from stdbridge.jobs.model import ROLE_OF_KIND, Job, JobKind, JobState
from stdbridge.models import ImportSummary, Rejected
from stdbridge.progress import ProgressLog
from stdbridge.runtime import now_iso

if TYPE_CHECKING:
    from stdbridge.translation.pretranslate import PretranslationReport

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
BEAT_SECONDS = 2.0
STALE_AFTER_SECONDS = 120.0  # longer than the write of the bundled ISO catalogue on SQLite (about 10 s)
REJECTS_KEPT = 1000  # rejected rows a job's result lists (it counts them all)
_numbers = count(1)
# The progress of the jobs this process runs, by job id: read by ``live`` for the pages and the API this process
# serves. On SQLite an import holds the one write lock while it writes, and its heartbeat waits: the process that
# runs it still shows how far it has got.
_running_here: dict[int, JobProgress] = {}


def node_name() -> str:
    """This machine's name among the nodes: ``STDBRIDGE_NODE``, else its host name."""
    return os.environ.get("STDBRIDGE_NODE") or socket.gethostname()


class JobProgress(ProgressLog):
    """The job's progress, read by the heartbeat; a step after the job was cancelled stops the work."""

    def __init__(self, first_total: int | None = None) -> None:
        super().__init__()
        self.cancelled = threading.Event()
        self._first_total = first_total

    def step(self, label: str, total: int | None = None) -> None:
        self._check()
        if total is None and self._first_total is not None:  # the lines of the uploaded file, for its reading
            total, self._first_total = self._first_total, None
        super().step(label, total)

    def advance(self, count: int = 1) -> None:
        self._check()
        super().advance(count)

    def _check(self) -> None:
        if self.cancelled.is_set():
            raise WorkStopped(_("the job was cancelled"))

    def shown(self) -> tuple[int, int | None, str]:
        """Items done, of how many, and the step's message, as a job row keeps them."""
        now = self.snapshot()
        return now["done"], now["total"], now["label"] if not now["step"] else f"{now['step']}. {now['label']}"


def live(job: Job) -> Job:
    """``job`` with the progress its worker has now, when this process runs it (else as the database says)."""
    progress = _running_here.get(job.id or 0) if job.state is JobState.RUNNING else None
    if progress is not None:
        job.done, job.total, job.message = progress.shown()
    return job


class Worker:
    """Runs the queue's jobs over ``catalog`` (see the module's docstring); ``start`` runs it in a thread,
    ``run_once`` takes one job (for tests and ``jobs work --once``)."""

    def __init__(self, catalog: Catalog, *, node: str | None = None, poll: float = POLL_SECONDS,
                 beat: float = BEAT_SECONDS, stale_after: float = STALE_AFTER_SECONDS) -> None:  # fmt: skip
        self.catalog = catalog
        self.store = catalog.store
        self.node = node or node_name()
        self.name = f"{self.node}:{os.getpid()}:{next(_numbers)}"
        self.poll, self.beat, self.stale_after = poll, beat, stale_after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._swept_at = 0.0

    # the loop ------------------------------------------------------------------------------------------------
    def start(self) -> Worker:
        self._thread = threading.Thread(target=self.run_forever, name=f"stdbridge-jobs-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_once()
            except (StoreError, DBAPIError) as exc:  # the database away or locked for a while: try again later
                log.warning("job worker %s: %s", self.name, exc)
                ran = None
            except Exception:  # a bug: said in full, and the worker goes on
                log.exception("job worker %s", self.name)
                ran = None
            if ran is None:
                self._stop.wait(self.poll)

    def run_once(self) -> Job | None:
        """Mark failed the jobs of dead workers (at most every ``stale_after / 4`` seconds), then take the oldest
        queued job and run it; returns it as it ended, None when there was none."""
        self.sweep()
        job = self.store.claim_job(self.name, self.node, now_iso())
        if job is None:
            return None
        self.run(job)
        return self.store.job(job.id or 0)

    def sweep(self, *, now: dt.datetime | None = None) -> list[int]:
        moment = now or dt.datetime.now(dt.UTC)
        if now is None and moment.timestamp() - self._swept_at < self.stale_after / 4:
            return []
        self._swept_at = moment.timestamp()
        silent_since = (moment - dt.timedelta(seconds=self.stale_after)).replace(microsecond=0).isoformat()
        message = "its worker stopped answering (killed, or its machine lost); nothing of it was kept: retry it"
        failed = self.store.fail_stale_jobs(silent_since, moment.replace(microsecond=0).isoformat(), message)
        for job_id in failed:
            log.warning("job %s: its worker stopped answering; marked failed", job_id)
        return failed

    # one job -------------------------------------------------------------------------------------------------
    def run(self, job: Job) -> None:
        lang = job.parameters.get("lang")
        set_language(lang if lang in LANGUAGES else "en")
        progress = JobProgress(job.parameters.get("lines") if job.kind is JobKind.IMPORT else None)
        beating = threading.Event()
        heart = threading.Thread(target=self._heartbeat, args=(job, progress, beating), daemon=True,
                                 name=f"stdbridge-job-{job.id}-heartbeat")  # fmt: skip
        heart.start()
        _running_here[job.id or 0] = progress
        try:
            runner = _RUNNERS[job.kind]
            result = runner(self, job, progress)
            if result is not None and not self.store.finish_job(job.id or 0, self.name, JobState.DONE, now_iso(),
                                                                result):  # fmt: skip
                log.info("job %s ended after it was cancelled or given up; its result is not kept", job.id)
        except WorkStopped:
            if not progress.cancelled.is_set():
                raise
            log.info("job %s cancelled; nothing of it was kept", job.id)
        except StdbridgeError as exc:
            self._fail(job, str(exc))
        except Exception as exc:  # a bug: the job says so, the worker goes on
            log.exception("job %s", job.id)
            self._fail(job, _("internal error: {problem}").format(problem=f"{type(exc).__name__}: {exc}"))
        finally:
            _running_here.pop(job.id or 0, None)
            beating.set()
            heart.join()

    def _fail(self, job: Job, error: str) -> None:
        self.store.finish_job(job.id or 0, self.name, JobState.FAILED, now_iso(), None, error)

    def _heartbeat(self, job: Job, progress: JobProgress, stop: threading.Event) -> None:
        while not stop.wait(self.beat):
            done, total, message = progress.shown()
            try:
                state = self.store.job_heartbeat(job.id or 0, self.name, now_iso(), done, total, message)
            except Exception as exc:  # SQLite: the import's write lock; PostgreSQL: away for a moment
                log.debug("job %s: heartbeat not written: %s", job.id, exc)
                continue
            if state is not JobState.RUNNING:
                progress.cancelled.set()
                return

    def actor_of(self, job: Job) -> Actor:
        """Who the job acts as: the user who asked, with the roles the user has now; the local administrator for
        a job asked for at the keyboard of an embedded catalogue."""
        if job.asked_by_id is None:
            return Actor(None, job.asked_by, ALL_ROLES)
        user = self.store.user_by_id(job.asked_by_id)
        actor = Actor(job.asked_by_id, job.asked_by, user.roles if user else frozenset(), signed_in=True)
        require(actor, ROLE_OF_KIND[job.kind])
        return actor


# what each kind of job does ----------------------------------------------------------------------------------
def _run_import(worker: Worker, job: Job, progress: JobProgress) -> dict[str, Any] | None:
    from stdbridge.catalog.ingest import import_path, summary_dict

    actor = worker.actor_of(job)
    data = worker.store.job_upload(job.id or 0)
    if data is None:
        raise StdbridgeError(_("the job has lost its file"))
    name = job.upload_name or "upload"
    options = {"dataset": job.parameters["dataset"]} if job.parameters.get("dataset") else {}
    importer = worker.catalog.importer(job.parameters["format"], **options)
    with tempfile.TemporaryDirectory(prefix="stdbridge-job-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        del data

        def finishing(summary: ImportSummary, rejects: list[Rejected]) -> None:
            shown = {k: v for k, v in summary_dict(summary).items() if k not in ("path", "rejects_report")}
            kept = sorted(rejects, key=lambda r: (r.source, r.line))[:REJECTS_KEPT]
            result = {"summary": {**shown, "file": name},
                      "rejects": [{"file": _file_name(r.source, path, name), "line": r.line, "value": r.value,
                                   "reason": r.reason} for r in kept],
                      "rejects_total": len(rejects)}  # fmt: skip
            if not worker.store.finish_job(job.id or 0, worker.name, JobState.DONE, now_iso(), result):
                progress.cancelled.set()
                raise WorkStopped(_("the job was cancelled"))

        import_path(worker.store, importer, path, format=job.parameters["format"], rejects_dir=Path(folder) / "r",
                    progress=progress, by=actor.name, by_id=actor.user_id, finishing=finishing)  # fmt: skip
    return None  # marked done by ``finishing``, in the import's transaction


def _file_name(source: str, path: Path, name: str) -> str:
    """The file a rejected row came from, as its sender named it (not the worker's temporary copy)."""
    return name if source == str(path) else PurePath(source).name


def _run_index(worker: Worker, job: Job, progress: JobProgress) -> dict[str, Any]:
    worker.actor_of(job)
    indexed = worker.catalog.rebuild_index(progress)
    return {"indexed": indexed, "node": worker.node}


def _run_batch(worker: Worker, job: Job, progress: JobProgress) -> dict[str, Any]:
    from stdbridge.compare.lists import compare_lists

    worker.actor_of(job)
    p = job.parameters
    matrix = compare_lists(worker.catalog, p["list_a"], p["list_b"], name_a=p["name_a"], name_b=p["name_b"],
                           progress=progress)  # fmt: skip
    return matrix.to_json()


def _run_pretranslate(worker: Worker, job: Job, progress: JobProgress) -> dict[str, Any] | None:
    from stdbridge.translation.projects import Projects

    actor = worker.actor_of(job)
    project_id = int(job.parameters["project"])

    def finishing(report: PretranslationReport) -> None:
        failures = [{"key": f.key, "engine": f.engine, "reason": f.reason} for f in report.failures]
        result = {"project": project_id, "filled": report.filled, "memory_exact": report.memory_exact,
                  "memory_fuzzy": report.memory_fuzzy, "engine": report.engine, "drafts": report.drafts,
                  "kept": report.kept, "failures": failures[:REJECTS_KEPT],
                  "failures_total": len(failures)}  # fmt: skip
        if not worker.store.finish_job(job.id or 0, worker.name, JobState.DONE, now_iso(), result):
            progress.cancelled.set()
            raise WorkStopped(_("the job was cancelled"))

    Projects(worker.store).pretranslate(actor, project_id, replace_drafts=bool(job.parameters.get("replace_drafts")),
                                        progress=progress, finishing=finishing)  # fmt: skip
    return None  # marked done by ``finishing``, in the transaction that writes the segments


_RUNNERS: dict[JobKind, Callable[[Worker, Job, JobProgress], dict[str, Any] | None]] = {
    JobKind.IMPORT: _run_import,
    JobKind.INDEX: _run_index,
    JobKind.COMPARE_BATCH: _run_batch,
    JobKind.PRETRANSLATE: _run_pretranslate,
}
