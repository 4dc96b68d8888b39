"""``stdbridge jobs``: a worker process run once takes the queued import, ``list`` and ``show`` tell how it went
(its summary and rejected rows), ``cancel`` and ``retry`` act on jobs and are audited; what cannot be done says
why."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.conftest import EXCERPTS

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.jobs import queue
from stdbridge.jobs.model import JobState


def test_a_worker_runs_the_queue_and_the_commands_follow_its_jobs(empty_catalog: Catalog, tmp_path: Path) -> None:
    store = empty_catalog.store
    where = store.location.removeprefix("sqlite:///")
    data = (EXCERPTS / "jis_catalog.jsonl").read_bytes() + b"not json\n"
    queue.enqueue_import(store, LOCAL_ADMIN, "jis_catalog.jsonl", data, "jis")
    queue.enqueue_batch(store, LOCAL_ADMIN, "JIS Q 9001:2015", "ISO 9001:2015", "JIS", "ISO")
    runner = CliRunner()
    env = {"STDBRIDGE_INDEX": str(tmp_path / "index")}
    cancelled = runner.invoke(cli, ["--db", where, "jobs", "cancel", "2"], env=env)
    assert cancelled.exit_code == 0 and "Job 2 is cancelled." in cancelled.output
    worked = runner.invoke(cli, ["--db", where, "jobs", "work", "--once"], env=env)
    assert worked.exit_code == 0, worked.output
    assert "Job 1: done" in worked.output and "Job 2" not in worked.output.split("(Ctrl+C stops it).")[1]
    listed = json.loads(runner.invoke(cli, ["--db", where, "jobs", "list", "--json"], env=env).output)
    assert [(j["id"], j["state"]) for j in listed["jobs"]] == [(2, "cancelled"), (1, "done")]
    shown = runner.invoke(cli, ["--db", where, "jobs", "show", "1"], env=env)
    assert "Import summary" in shown.output and "jis_catalog.jsonl" in shown.output and "not json" in shown.output
    again = runner.invoke(cli, ["--db", where, "jobs", "retry", "1"], env=env)
    assert again.exit_code == 2 and "only a failed or cancelled job is retried" in again.output
    retried = runner.invoke(cli, ["--db", where, "jobs", "retry", "2"], env=env)
    assert retried.exit_code == 0 and store.job(2).state is JobState.QUEUED  # type: ignore[union-attr]
    missing = runner.invoke(cli, ["--db", where, "jobs", "show", "9"], env=env)
    assert missing.exit_code != 0 and "there is no job 9" in missing.output
    actions = [e.action for e in store.audit_entries(audit.query_of(newest_first=False))]
    assert actions == ["genesis", "job.enqueue", "job.enqueue", "job.cancel", "import", "job.retry"]
