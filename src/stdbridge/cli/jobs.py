"""``stdbridge jobs``: the job queue from the server machine — list, show, retry, cancel, and ``work``, a worker
process of its own (beside the thread each ``stdbridge serve`` node runs). The command line acts as the local
administrator, as ``stdbridge users`` does: whoever can open the catalogue's database."""

from __future__ import annotations

import signal
from types import FrameType

import click
from rich.table import Table

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.i18n import _, ngettext
from stdbridge.jobs import queue
from stdbridge.jobs.model import Job, JobState, kind_label, state_label


def _progress(job: Job) -> str:
    if job.state is not JobState.RUNNING:
        return ""
    counted = f"{job.done:,}/{job.total:,}" if job.total else f"{job.done:,}"
    return f"{job.message} {counted}".strip()


def _what(job: Job) -> str:
    if job.upload_name:
        return f"{job.upload_name} ({job.parameters.get('format', '')})"
    if job.parameters.get("node"):
        return str(job.parameters["node"])
    if "name_a" in job.parameters:
        return f"{job.parameters['name_a']} / {job.parameters['name_b']}"
    if "project" in job.parameters:
        return _("translation project {id}").format(id=job.parameters["project"])
    return ""


@cli.group()
def jobs() -> None:
    """The job queue: imports, index rebuilds and batch comparisons, run by the workers of any node."""


@jobs.command("list")
@click.option("--state", "states", multiple=True, type=click.Choice([s.value for s in JobState]),
              help="Only jobs in this state (repeatable).")  # fmt: skip
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def jobs_list(obj: Context, states: tuple[str, ...], limit: int, as_json: bool) -> None:
    """The jobs, newest first."""
    found, total = queue.listed_jobs(obj.catalog.store, LOCAL_ADMIN, tuple(JobState(s) for s in states), 0, limit)
    if as_json:
        emit_json({"total": total, "jobs": [j.to_json() for j in found]})
        return
    table = Table(_("Job"), _("Kind"), _("State"), _("What"), _("Progress"), _("Asked by"), _("Asked at"),
                  _("Worker"), title=_("Jobs ({shown} of {total})").format(shown=len(found), total=total))  # fmt: skip
    for job in found:
        table.add_row(str(job.id), kind_label(job.kind), state_label(job.state), _what(job), _progress(job),
                      job.asked_by, job.created_at, job.worker or "")  # fmt: skip
    out.print(table)


@jobs.command("show")
@click.argument("job_id", type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def jobs_show(obj: Context, job_id: int, as_json: bool) -> None:
    """One job: its state, progress, result, error, and the rows an import rejected."""
    job = queue.visible_job(obj.catalog.store, LOCAL_ADMIN, job_id)
    if as_json:
        emit_json(job.to_json())
        return
    rows = [(_("Kind"), kind_label(job.kind)), (_("State"), state_label(job.state)), (_("What"), _what(job)),
            (_("Progress"), _progress(job)), (_("Asked by"), job.asked_by), (_("Asked at"), job.created_at),
            (_("Started"), job.started_at or ""), (_("Finished"), job.finished_at or ""),
            (_("Worker"), job.worker or ""), (_("Attempts"), str(job.attempts)),
            (_("Error"), job.error or "")]  # fmt: skip
    table = Table(show_header=False, title=_("Job {id}").format(id=job.id))
    for name, value in rows:
        if value:
            table.add_row(name, value)
    out.print(table)
    result = job.result or {}
    if "summary" in result and isinstance(result["summary"], dict) and "added" in result["summary"]:
        summary = Table(_("Read"), _("Added"), _("Changed"), _("Unchanged"), _("Withdrawn"), _("Relations"),
                        _("Rejected"), title=_("Import summary"))  # fmt: skip
        s = result["summary"]
        summary.add_row(*(str(s[k]) for k in ("read", "added", "changed", "unchanged", "withdrawn", "relations",
                                              "rejected")))  # fmt: skip
        out.print(summary)
    if result.get("rejects"):
        rejects = Table(_("File"), _("Line"), _("Value"), _("Reason"), title=_("Rejected rows ({count})").format(
            count=result["rejects_total"]))  # fmt: skip
        for r in result["rejects"]:
            rejects.add_row(r["file"], str(r["line"]), r["value"][:80], _(r["reason"]))
        out.print(rejects)
    elif "indexed" in result:
        out.print(ngettext("{count} standard indexed on {node}.", "{count} standards indexed on {node}.",
                           result["indexed"]).format(count=result["indexed"], node=result["node"]))  # fmt: skip


@jobs.command("retry")
@click.argument("job_id", type=click.IntRange(1))
@click.pass_obj
def jobs_retry(obj: Context, job_id: int) -> None:
    """Queue a failed or cancelled job again."""
    job = queue.retry(obj.catalog.store, LOCAL_ADMIN, job_id)
    out.print(_("Job {id} is queued again.").format(id=job.id))


@jobs.command("cancel")
@click.argument("job_id", type=click.IntRange(1))
@click.pass_obj
def jobs_cancel(obj: Context, job_id: int) -> None:
    """Cancel a queued or running job (a running one stops at its next step; nothing of it is kept)."""
    job = queue.cancel(obj.catalog.store, LOCAL_ADMIN, job_id)
    out.print(_("Job {id} is cancelled.").format(id=job.id))


@jobs.command("work")
@click.option("--once", is_flag=True, help="Run the jobs queued now, then stop.")
@click.option("--node", help="This machine's name among the nodes (default: $STDBRIDGE_NODE, else the host name).")
@click.option("--poll", type=click.FloatRange(0.05, 60), default=1.0, show_default=True,
              help="Seconds between two looks for a queued job.")  # fmt: skip
@click.option("--beat", type=click.FloatRange(0.05, 60), default=2.0, show_default=True,
              help="Seconds between two heartbeats of a running job.")  # fmt: skip
@click.option("--stale-after", type=click.FloatRange(1, 86400), default=120.0, show_default=True,
              help="Seconds of silence after which a running job's worker is taken for dead.")  # fmt: skip
@click.pass_obj
def jobs_work(obj: Context, once: bool, node: str | None, poll: float, beat: float, stale_after: float) -> None:
    """Run the queue's jobs in this process until stopped (Ctrl+C, SIGTERM)."""
    from stdbridge.jobs.worker import Worker

    worker = Worker(obj.catalog, node=node, poll=poll, beat=beat, stale_after=stale_after)

    def stop(_signal: int, _frame: FrameType | None) -> None:
        worker.stop(timeout=0)

    signal.signal(signal.SIGTERM, stop)
    out.print(_("Worker {name} is running the queue of {location} (Ctrl+C stops it).").format(
        name=worker.name, location=obj.location))  # fmt: skip
    if once:
        while (job := worker.run_once()) is not None:
            out.print(_("Job {id}: {state}").format(id=job.id, state=state_label(job.state)))
        return
    worker.run_forever()
