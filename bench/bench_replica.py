"""Replica lag under writes: a PostgreSQL primary and one streaming replica on this machine.

    python bench/bench_replica.py [--imports 30 --records 50 --decisions 10]

Sets up both in /tmp on free ports (``initdb``, then ``pg_basebackup -R`` of the primary, as
``tests/pg_cluster.py`` does), loads the bundled ISO catalogue on the primary, then writes as a server does:
imports of ``--records`` records of the bundled JIS catalogue (drawn seeded, through ``import_path``, one
transaction each) and, after each import, ``--decisions`` decisions (accepted / rejected ISO-JIS pairs, one
transaction each, as ``store.save_decision`` writes them). After each commit the change number it made is read
on the primary, and the replica is polled (every millisecond) until its own change number reaches it: that time
is the lag, from the commit to the change being readable on the replica. Printed: median, p95 and max lag in
milliseconds by kind of write, the bytes of WAL written, and the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_cluster: the throwaway PostgreSQL

import psycopg
from tests.pg_cluster import Cluster, binaries

from stdbridge.catalog import Catalog
from stdbridge.catalog.ingest import import_path
from stdbridge.importers.bundled import bundled_path
from stdbridge.models import Decision, Verdict
from stdbridge.store import SqlStore

_LATEST = "SELECT value FROM counters WHERE name = 'changes'"


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def lag_until(replica: psycopg.Connection, change: int) -> float:
    """Milliseconds until the replica's change number reaches ``change``."""
    started = time.perf_counter()
    while True:
        row = replica.execute(_LATEST).fetchone()
        if row is not None and int(row[0]) >= change:
            return (time.perf_counter() - started) * 1000
        if time.perf_counter() - started > 60:
            raise SystemExit(f"the replica did not reach change {change} within 60 s")
        time.sleep(0.001)


def report(name: str, lags: list[float]) -> None:
    ordered = sorted(lags)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"  {name:<10} median {statistics.median(ordered):7.2f}  p95 {p95:7.2f}  max {ordered[-1]:7.2f} ms"
          f"  (n={len(ordered)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--imports", type=int, default=30)
    parser.add_argument("--records", type=int, default=50, help="records an import brings")
    parser.add_argument("--decisions", type=int, default=10, help="decisions after each import")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    bin_dir = binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (initdb/pg_ctl/pg_basebackup)")
    work = Path(tempfile.mkdtemp(prefix="stdbridge-replica-"))
    primary = Cluster(bin_dir).start()
    replica: Cluster | None = None
    try:
        url = primary.database()
        store = SqlStore(url)
        loader = Catalog(store, work / "loader.search")
        started = time.perf_counter()
        loader.import_path(bundled_path("iso_catalog.jsonl.gz"), "iso", rejects_dir=work)
        print(f"ISO catalogue on the primary: {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        replica = primary.streaming_replica()
        print(f"replica made by pg_basebackup -R and started: {time.perf_counter() - started:.1f} s")
        on_replica = _conninfo(url).replace(f":{primary.port}/", f":{replica.port}/")
        with gzip.open(bundled_path("jis_catalog.jsonl.gz"), "rt", encoding="utf-8") as lines:
            usable = list(lines)
        drawn = random.Random(args.seed).sample(usable, args.imports * args.records)
        iso = [s.edition_key for s in store.standards_of_work("ISO 9001")] or ["ISO 9001:2015"]
        lags: dict[str, list[float]] = {"import": [], "decision": []}
        print(os.popen("uptime").read().strip())
        with psycopg.connect(on_replica, autocommit=True) as standby, psycopg.connect(_conninfo(url)) as main:
            wal_start = main.execute("SELECT pg_current_wal_lsn()").fetchone()
            for number in range(args.imports):
                chunk = drawn[number * args.records : (number + 1) * args.records]
                source = work / f"import-{number}.jsonl"
                source.write_text("".join(chunk), encoding="utf-8")
                import_path(store, loader.importer("jis"), source, format="jis", rejects_dir=work)
                lags["import"].append(lag_until(standby, store.latest_change()))
                for turn in range(args.decisions):
                    target = json.loads(chunk[turn % len(chunk)])["id"]
                    verdict = Verdict.ACCEPTED if turn % 2 else Verdict.REJECTED
                    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                    with store.transaction():
                        store.save_decision(Decision(iso[0], target, verdict, "bench", at,
                                                     source_work="ISO 9001", target_work=target))  # fmt: skip
                    lags["decision"].append(lag_until(standby, store.latest_change()))
            wal = main.execute("SELECT pg_current_wal_lsn() - %s::pg_lsn", (wal_start[0] if wal_start else "0/0",))
            written = wal.fetchone()
        print(f"lag from commit on the primary to readable on the replica ({args.imports} imports of "
              f"{args.records} records, {args.decisions} decisions after each):")  # fmt: skip
        report("imports", lags["import"])
        report("decisions", lags["decision"])
        report("all", lags["import"] + lags["decision"])
        print(f"WAL written: {int(written[0]) / 1e6 if written else 0:.1f} MB")
        print(os.popen("uptime").read().strip())
        store.close()
    finally:
        if replica is not None:
            replica.stop()
        primary.stop()


if __name__ == "__main__":
    main()
