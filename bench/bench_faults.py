"""Faults on the server mode: ``kill -9`` of an importing process, and a PostgreSQL restart under load on two nodes.

    python bench/bench_faults.py                 # a throwaway PostgreSQL (tests/pg_cluster.py)
    python bench/bench_faults.py --kills 5 --outage 8

The catalogue: the bundled ISO catalogue in a fresh database of a cluster of its own, served by two
``stdbridge serve`` nodes (each with its own index).

1. Killed imports. ``stdbridge import`` of the bundled JIS catalogue (21,000 records) runs in a process of its
   own, named to PostgreSQL by ``PGAPPNAME``; once its session is seen writing, it is sent ``SIGKILL`` after a
   delay that grows from kill to kill. Before the first kill and after each, every table of the catalogue is
   counted and hashed (``store.copy.table_digest``, the hash ``stdbridge db copy`` checks with): they must be
   the same, i.e. nothing of the killed import remains.
2. Restarts under load. ``--clients`` threads send requests without pause to both nodes in turn (identifier
   lookup, family and counterparts through the API, keyword search, the record page), each with a 60 s
   timeout; PostgreSQL is stopped (``pg_ctl stop -m fast``, then ``immediate``) for ``--outage`` seconds and
   started again. Printed: requests by answer, the slowest answer (a request that hung would show here), the
   ``503`` answers and whether each had ``Retry-After``, and the time from the restart to the first of an
   unbroken run of successful answers on each node.
"""

from __future__ import annotations

import argparse
import gzip
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_cluster: the throwaway PostgreSQL

from bench_feed import Node
from tests.pg_cluster import Cluster, binaries

from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.store import SqlStore
from stdbridge.store.copy import table_digest
from stdbridge.store.sql import metadata

VICTIM = "stdbridge-bench-victim"
REQUESTS = (
    "/api/standard?id={ident}",
    "/api/family?id={ident}",
    "/api/counterparts?id={ident}",
    "/api/search?q=quality+management",
    "/standard?id={ident}",
)
IDENTIFIERS = ("ISO 9001:2015", "ISO 14001", "iso27001", "ISO 19011:2018", "ISO 45001:2018", "ISO 3166-1")


def digest(url: str) -> dict[str, tuple[int, str]]:
    """Rows and content hash of every table of the catalogue."""
    store = SqlStore(url)
    try:
        with store.engine.connect() as conn:
            return {table.name: table_digest(conn, table) for table in metadata.sorted_tables}
    finally:
        store.close()


def _session_writing(url: str) -> bool:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND state = 'active'"
            " AND query ILIKE 'INSERT%%'",
            (VICTIM,),
        ).fetchone()
    return bool(row and row[0])


def _session_gone(url: str) -> bool:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (VICTIM,)).fetchone()
    return not (row and row[0])


def killed_imports(url: str, kills: int, folder: Path) -> None:
    source = folder / "jis.jsonl"
    with gzip.open(bundled_path("jis_catalog.jsonl.gz"), "rb") as packed:
        source.write_bytes(packed.read())
    before = digest(url)
    print(f"before: {sum(n for n, _ in before.values())} rows in {len(before)} tables; "
          f"standards {before['standards'][0]}, hash of standards {before['standards'][1][:16]}")  # fmt: skip
    command = [sys.executable, "-c", "from stdbridge.cli import main; main()", "--db", url, "import", str(source),
               "--format", "jis", "--rejects-dir", str(folder)]  # fmt: skip
    for kill in range(kills):
        delay = 0.4 * kill  # seconds after its first write is seen
        victim = subprocess.Popen(command, env={**os.environ, "PGAPPNAME": VICTIM},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        started = time.monotonic()
        while not _session_writing(url):
            if victim.poll() is not None:
                raise SystemExit("the import ended before it was seen writing")
            time.sleep(0.02)
        time.sleep(delay)
        if victim.poll() is not None:
            raise SystemExit(f"the import finished before the kill ({time.monotonic() - started:.1f} s): lower --kills")
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        killed_at = time.monotonic() - started
        waited = time.monotonic()
        while not _session_gone(url):
            time.sleep(0.05)
        after = digest(url)
        same = after == before
        changed = [name for name in before if before[name] != after[name]]
        print(f"kill {kill + 1}: SIGKILL {killed_at:.2f} s into the import ({delay:.1f} s after its first write); "
              f"its session gone {time.monotonic() - waited:.2f} s later; tables identical: {same}"
              + ("" if same else f" (differ: {', '.join(changed)})"))  # fmt: skip


@dataclass
class Outcome:
    started: float
    took: float
    node: int
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    retry_after: str | None = None


@dataclass
class Load:
    nodes: list[Node]
    clients: int
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.clients)]
        for thread in threads:
            thread.start()
        return threads

    def _client(self, number: int) -> None:
        turn = number
        while not self.stopping.is_set():
            turn += 1
            node = turn % len(self.nodes)
            path = REQUESTS[turn % len(REQUESTS)].format(ident=quote(IDENTIFIERS[turn % len(IDENTIFIERS)]))
            started = time.monotonic()
            status, retry = 0, None
            try:
                # each client its own address, as behind a load balancer (uvicorn trusts 127.0.0.1's header):
                # the API's throttle per address is not what is measured here
                asked = Request(self.nodes[node].base + path, headers={"X-Forwarded-For": f"10.0.0.{number + 1}"})
                with urlopen(asked, timeout=60) as answer:
                    answer.read()
                    status = answer.status
            except HTTPError as refused:
                status, retry = refused.code, refused.headers.get("Retry-After")
            except (URLError, ConnectionError, TimeoutError):
                status = 0
            self.outcomes.append(Outcome(started, time.monotonic() - started, node, status, retry))


def restart_under_load(cluster: Cluster, nodes: list[Node], clients: int, outage: float, mode: str) -> None:
    load = Load(nodes, clients)
    threads = load.run()
    time.sleep(5)
    stopped = time.monotonic()
    cluster.halt(mode)
    time.sleep(outage)
    resumed = time.monotonic()  # from the start command on
    cluster.resume()
    started_in = time.monotonic() - resumed
    time.sleep(10)
    load.stopping.set()
    for thread in threads:
        thread.join(70)
    outcomes = sorted(load.outcomes, key=lambda o: o.started)
    by_status: dict[int, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    unavailable = [o for o in outcomes if o.status == 503]
    slowest = max(o.took for o in outcomes)
    print(f"restart ({mode}, {outage:.0f} s down, {clients} clients, 2 nodes): {len(outcomes)} requests, "
          f"by answer {dict(sorted(by_status.items()))}; slowest answer {slowest * 1000:.0f} ms")  # fmt: skip
    early = sum(o.started < stopped for o in unavailable)  # in flight when the server stopped
    late = sum(o.started > resumed + 5 for o in unavailable)
    print(f"  503 answers: {len(unavailable)}, with Retry-After: {sum(o.retry_after is not None for o in unavailable)}"
          f"; of them started before the stop: {early}, more than 5 s after the start: {late}")  # fmt: skip
    during = [o for o in outcomes if stopped <= o.started < resumed]
    if during:
        print(f"  during the outage: slowest answer {max(o.took for o in during) * 1000:.0f} ms")
    for node in range(len(nodes)):
        mine = [o for o in outcomes if o.node == node and o.started >= stopped]
        failing = [i for i, o in enumerate(mine) if o.status != 200]
        if not failing:
            print(f"  node {node + 1}: no request failed")
            continue
        first_good = mine[failing[-1] + 1].started if failing[-1] + 1 < len(mine) else None
        recovered = "never" if first_good is None else f"{first_good - resumed:.2f} s"
        print(
            f"  node {node + 1}: answering again {recovered} after PostgreSQL was told to start "
            f"(its start took {started_in:.2f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=4, help="imports killed")
    parser.add_argument("--clients", type=int, default=8, help="threads sending requests during the restarts")
    parser.add_argument("--outage", type=float, default=6.0, help="seconds PostgreSQL stays down")
    args = parser.parse_args()
    bin_dir = binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (initdb/pg_ctl)")
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-faults-"))
    cluster = Cluster(bin_dir).start()
    nodes: list[Node] = []
    try:
        url = cluster.database()
        started = time.perf_counter()
        store = SqlStore(url)
        loader = Catalog(store, folder / "loader.search")
        with gzip.open(bundled_path("iso_catalog.jsonl.gz"), "rb") as packed:
            (folder / "iso.jsonl").write_bytes(packed.read())
        loader.import_path(folder / "iso.jsonl", "iso", rejects_dir=folder)
        store.close()
        print(f"catalogue: bundled ISO in PostgreSQL ({time.perf_counter() - started:.0f} s)")
        print(os.popen("uptime").read().strip())
        killed_imports(url, args.kills, folder)
        nodes = [Node(url, folder / f"node{i}.search", folder / f"node{i}.log") for i in (1, 2)]
        for mode in ("fast", "immediate"):
            restart_under_load(cluster, nodes, args.clients, args.outage, mode)
        print(os.popen("uptime").read().strip())
    finally:
        for node in nodes:
            node.stop()
        cluster.stop()


if __name__ == "__main__":
    main()
