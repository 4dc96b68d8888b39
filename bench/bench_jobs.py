"""Benchmark of the job queue: what a job costs beyond its work, on SQLite and PostgreSQL.

    python bench/bench_jobs.py                    # SQLite, and a throwaway PostgreSQL when installed
    python bench/bench_jobs.py --jobs 400 --workers 4

Queues ``--jobs`` jobs, then ``--workers`` threads (each with a store of its own, as worker processes have) claim
them and mark them done until none is left: no job's work runs, only the queue's statements. Prints the claims per
second and the median and p95 of one claim-and-finish in milliseconds, checks that no job was claimed twice, and
the load of the machine. Then times one real job end to end: the import of the bundled JIS catalogue, queued and run
by a worker, against the same import run directly.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.jobs import queue
from stdbridge.jobs.model import Job, JobKind, JobState
from stdbridge.jobs.worker import Worker
from stdbridge.store import SqlStore


def claims(url: str, jobs: int, workers: int) -> None:
    store = SqlStore(url)
    for _ in range(jobs):
        store.add_job(Job(JobKind.INDEX, {}, "bench", None, queue.now_iso()))
    times: list[float] = []
    taken: list[int] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        own = SqlStore(url)
        name = f"bench:{n}"
        while True:
            started = time.perf_counter()
            try:
                job = own.claim_job(name, "bench", queue.now_iso())
            except Exception as exc:  # SQLite: the write lock held past the busy timeout
                print(f"  worker {n}: {exc}", file=sys.stderr)
                continue
            if job is None:
                break
            own.finish_job(job.id or 0, name, JobState.DONE, queue.now_iso(), {})
            with lock:
                times.append((time.perf_counter() - started) * 1000)
                taken.append(job.id or 0)
        own.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert sorted(taken) == list(range(1, jobs + 1)), "a job was claimed twice, or never"
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"  {jobs} jobs, {workers} workers: {jobs / elapsed:,.0f} claims/s; claim+finish median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms")  # fmt: skip
    store.close()


def one_import(url: str, folder: Path) -> None:
    data = bundled_path("jis_catalog.jsonl.gz").read_bytes()
    queued = Catalog(SqlStore(url), index_path=folder / "index-a")
    began = time.perf_counter()
    queue.enqueue_import(queued.store, LOCAL_ADMIN, "jis_catalog.jsonl.gz", data, "jis")
    job = Worker(queued, node="bench").run_once()
    as_job = time.perf_counter() - began
    assert job is not None and job.state is JobState.DONE, job and job.error
    print(f"  the bundled JIS catalogue ({job.result['summary']['read']:,} lines) as a job: {as_job:.2f} s")  # type: ignore[index]


def direct_import(url: str, folder: Path) -> None:
    catalog = Catalog(SqlStore(url), index_path=folder / "index-b")
    began = time.perf_counter()
    catalog.import_path(bundled_path("jis_catalog.jsonl.gz"), "jis", rejects_dir=folder)
    print(f"  the same, imported directly: {time.perf_counter() - began:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        urls = {"SQLite": (f"sqlite:///{folder / 'claims.db'}", f"sqlite:///{folder / 'a.db'}",
                           f"sqlite:///{folder / 'b.db'}")}  # fmt: skip
        cluster = None
        try:
            from tests import pg_cluster

            bin_dir = pg_cluster.binaries()
            if bin_dir is not None:
                cluster = pg_cluster.Cluster(bin_dir).start()
                urls["PostgreSQL"] = (cluster.database(), cluster.database(), cluster.database())
            for name, (claims_url, queued_url, direct_url) in urls.items():
                print(name)
                claims(claims_url, args.jobs, args.workers)
                one_import(queued_url, folder)
                direct_import(direct_url, folder)
        finally:
            if cluster is not None:
                cluster.stop()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
