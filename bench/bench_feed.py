"""Benchmark of the change feed: the time from a commit through node A to a hit by search on node B.

    python bench/bench_feed.py                     # a throwaway PostgreSQL (tests/pg_cluster.py), 20 changes
    python bench/bench_feed.py --changes 40 --db postgresql+psycopg://user@host/empty_database

Two ``stdbridge serve`` processes (nodes A and B, each with its own search index folder) share one PostgreSQL
holding the bundled ISO catalogue. Each change is an import, on node A's machine, of a few records of the bundled
JIS catalogue (real records, drawn seeded); it is timed from its commit to the first answer of node B's
``/api/search`` that holds the first record, searched by its Japanese title: words only the index holds (an
identifier would be answered from the database directly). B is polled every 10 ms. Prints the median, p95 and
maximum in milliseconds, and the load of the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_cluster: the throwaway PostgreSQL

from tests.pg_cluster import Cluster, _free_port, binaries

from stdbridge.catalog import Catalog
from stdbridge.catalog.ingest import import_path
from stdbridge.importers.bundled import bundled_path
from stdbridge.store import SqlStore

_SERVE = "from stdbridge.cli import main; main()"


class Node:
    """One ``stdbridge serve`` process with its own index folder."""

    def __init__(self, url: str, index: Path, log: Path) -> None:
        self.base = f"http://127.0.0.1:{_free_port()}"
        self._log = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed by stop()
        env = {**os.environ, "STDBRIDGE_INDEX": str(index)}
        port = self.base.rsplit(":", 1)[1]
        self.process = subprocess.Popen([sys.executable, "-c", _SERVE, "--db", url, "serve", "--port", port],
                                        env=env, stdout=self._log, stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(log.read_text(encoding="utf-8"))
            try:
                self.hits("ISO 9001")
                return
            except (URLError, ConnectionError):
                time.sleep(0.2)
        raise SystemExit(f"the node at {self.base} did not start")

    def hits(self, query: str) -> list[str]:
        params = urlencode({"q": query, "limit": 100, "all_editions": "true"})
        with urlopen(f"{self.base}/api/search?{params}", timeout=10) as answer:
            return [hit["identifier"] for hit in json.load(answer)["results"]]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self._log.close()


def jis_chunks(changes: int, size: int, seed: int) -> list[list[str]]:
    """``changes`` groups of ``size`` lines of the bundled JIS catalogue with a Japanese title, drawn seeded."""
    with gzip.open(bundled_path("jis_catalog.jsonl.gz"), "rt", encoding="utf-8") as lines:
        usable = [line for line in lines if json.loads(line).get("title_ja")]
    drawn = random.Random(seed).sample(usable, changes * size)
    return [drawn[i * size : (i + 1) * size] for i in range(changes)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--records", type=int, default=5, help="records a change imports")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stdbridge-feed-"))
    cluster = None
    url = args.db
    if url is None:
        bin_dir = binaries()
        if bin_dir is None:
            raise SystemExit("PostgreSQL is not installed (apt-get install postgresql), and no --db was given")
        cluster = Cluster(bin_dir).start()
        url = cluster.database()
    nodes: list[Node] = []
    try:
        store = SqlStore(url)
        started = time.perf_counter()
        loader = Catalog(store, work / "loader.search")
        loader.import_path(bundled_path("iso_catalog.jsonl.gz"), "iso", rejects_dir=work)
        print(f"ISO catalogue in PostgreSQL: {loader.stats()['total']['standards']:,} records "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
        nodes = [Node(url, work / f"{name}.search", work / f"{name}.log") for name in ("a", "b")]
        node_b = nodes[1]
        lags = []
        for number, chunk in enumerate(jis_chunks(args.changes, args.records, args.seed)):
            first = json.loads(chunk[0])
            source = work / f"change-{number}.jsonl"
            source.write_text("".join(chunk), encoding="utf-8")
            import_path(store, loader.importer("jis"), source, format="jis", rejects_dir=work)
            committed = time.perf_counter()
            while first["id"] not in node_b.hits(first["title_ja"]):
                if time.perf_counter() - committed > 30:
                    raise SystemExit(f"node B did not find {first['id']} within 30 s")
                time.sleep(0.01)
            lags.append((time.perf_counter() - committed) * 1000)
            time.sleep(0.2)
        lags.sort()
        p95 = lags[min(len(lags) - 1, round(0.95 * (len(lags) - 1)))]
        print(f"commit on node A -> hit on node B, {len(lags)} changes of {args.records} records: "
              f"median {statistics.median(lags):.0f} ms, p95 {p95:.0f} ms, max {lags[-1]:.0f} ms")  # fmt: skip
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        store.close()
    finally:
        for node in nodes:
            node.stop()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
