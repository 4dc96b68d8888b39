"""Load on the server mode: simulated people on two ``stdbridge serve`` nodes over one PostgreSQL catalogue.

    python bench/bench_load.py --prepare --db postgresql+psycopg://user@host/empty_db --scaled OUT.jsonl
    python bench/bench_load.py --db postgresql+psycopg://user@host/db [--users 50] [--duration 90]
    python bench/bench_load.py --db postgresql+psycopg://user@host/db --index FOLDER --in-process-only

``--prepare`` fills an empty database first and times it: ``stdbridge init`` (the bundled catalogue), then
``stdbridge import`` of the records ``bench/scale_catalog.py`` writes to ``--scaled`` (made when the file is missing)
up to 1.3 million; then ``stdbridge index`` builds one search index, which each node gets a copy of.

Then two nodes are started, and:

1. ``--users`` simulated people, each its own address (``X-Forwarded-For``, as behind a load balancer), each
   doing one thing after another with a pause between (exponential, mean ``--think`` seconds): search through
   the API or the search page, open a record page, look an identifier up through the API, ask for a family or
   for counterparts; the nodes taken in turn. Identifiers and words are drawn (seeded) from the catalogue as
   ``bench_search.py`` draws them. Printed: p50 / p95 / max of the API calls and of the pages, answers by status.
   Before the nodes start, identifier lookup and keyword search are timed in one process through PostgreSQL
   (``find_by_identifier``, ``Catalog.search``: what ``bench_search.py`` times on SQLite), each query once.
2. Saturation: the same mix with no pause, at rising concurrency (``--levels``), ``--step`` seconds each:
   answers per second, p95, errors.

The machine is shared: ``uptime`` is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_feed import Node
from bench_search import identifier_queries, keyword_queries
from sqlalchemy import text

from stdbridge.catalog import Catalog
from stdbridge.models import Standard
from stdbridge.search import SearchRequest
from stdbridge.search.lookup import find_by_identifier
from stdbridge.store import SqlStore

_CLI = [sys.executable, "-c", "from stdbridge.cli import main; main()"]


def prepare(url: str, scaled: Path, target: int, folder: Path) -> None:
    if not scaled.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, str(Path(__file__).parent / "scale_catalog.py"), str(scaled),
                        "--target", str(target)], check=True)  # fmt: skip
        print(f"scaled records written: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    subprocess.run([*_CLI, "--db", url, "init", "--rejects-dir", str(folder)], check=True, stdout=subprocess.DEVNULL)
    print(f"stdbridge init into PostgreSQL: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    subprocess.run([*_CLI, "--db", url, "import", str(scaled), "--format", "gb-sample", "--dataset",
                    "synthetic-scale", "--rejects-dir", str(folder)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"stdbridge import of the scaled records into PostgreSQL: {time.perf_counter() - started:.0f} s")


def prewarm(url: str) -> None:
    """Read the catalogue's tables and indexes into PostgreSQL's buffers (``pg_prewarm``), as a server that has
    been answering for a while holds them; the database's ``shared_buffers`` must be large enough to keep them."""
    store = SqlStore(url)
    try:
        with store.engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            pages = conn.execute(text(
                "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
            )).scalar()  # fmt: skip
        print(f"prewarmed: {int(pages or 0) * 8 / 1024:.0f} MB")
    finally:
        store.close()


def sample(url: str, size: int, seed: int = 5) -> list[Standard]:
    """About ``size`` standards drawn (seeded) from the whole catalogue, without reading all of it."""
    store = SqlStore(url)
    try:
        with store.engine.connect() as conn:
            total = int(conn.execute(text("SELECT count(*) FROM standards")).scalar() or 1)
            share = min(100.0, 100.0 * size / total)
            rows = conn.execute(text(f"SELECT id FROM standards TABLESAMPLE BERNOULLI({share}) REPEATABLE({seed})"))
            ids = [int(r[0]) for r in rows]
        return list(store.standards_by_ids(ids).values())[:size]
    finally:
        store.close()


@dataclass
class Mix:
    """What people ask, drawn from the catalogue."""

    identifiers: list[str]
    words: list[str]

    def request(self, rng: random.Random) -> tuple[str, str]:
        """(kind, path) of one thing a person does."""
        roll = rng.random()
        ident = rng.choice(self.identifiers)
        if roll < 0.25:
            return "api", "/api/search?" + urlencode({"q": rng.choice(self.words)})
        if roll < 0.40:
            return "page", "/?" + urlencode({"q": rng.choice(self.words)})
        if roll < 0.55:
            return "page", "/standard?" + urlencode({"id": ident})
        if roll < 0.75:
            return "api", "/api/standard?" + urlencode({"id": ident})
        if roll < 0.88:
            return "api", "/api/family?" + urlencode({"id": ident})
        return "api", "/api/counterparts?" + urlencode({"id": ident})


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: {"api": [], "page": []})
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, status: int) -> None:
        with self.lock:
            self.times[kind].append(ms)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status not in (200, 404))


def ask(base: str, path: str, address: str) -> int:
    try:
        with urlopen(Request(base + path, headers={"X-Forwarded-For": address}), timeout=60) as answer:
            answer.read()
            return int(answer.status)
    except HTTPError as refused:
        return int(refused.code)
    except (URLError, ConnectionError, TimeoutError):
        return 0


def run_users(nodes: list[Node], mix: Mix, users: int, seconds: float, think: float | None) -> Results:
    results = Results()
    ending = time.monotonic() + seconds

    def person(number: int) -> None:
        rng = random.Random(number)
        address = f"10.{number // 250}.{number % 250}.{1 + number % 200}"
        if think:
            time.sleep(rng.uniform(0, think))  # people do not all arrive at once
        turn = number
        while time.monotonic() < ending:
            kind, path = mix.request(rng)
            turn += 1
            started = time.perf_counter()
            status = ask(nodes[turn % len(nodes)].base, path, address)
            results.add(kind, (time.perf_counter() - started) * 1000, status)
            if think:
                time.sleep(min(rng.expovariate(1 / think), 5 * think))

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return results


def in_process(url: str, index: Path, mix: Mix) -> None:
    """Identifier lookup and keyword search in one process through PostgreSQL, as ``bench_search.py`` times them."""
    store = SqlStore(url)
    catalog = Catalog(store, index)
    try:
        for query in [*mix.identifiers[:50], "质量管理体系", "quality"]:
            catalog.search(query)  # warm: the lexicon, the segmenter, the database's caches
        lookups, words = [], []  # each query once: the engine remembers its last answers
        for query in mix.identifiers:
            started = time.perf_counter()
            find_by_identifier(store, query)
            lookups.append((time.perf_counter() - started) * 1000)
        for query in mix.words:
            started = time.perf_counter()
            catalog.search(SearchRequest(query))
            words.append((time.perf_counter() - started) * 1000)
        print(f"in process through PostgreSQL: identifier lookup {figures(lookups, 2)}")
        print(f"in process through PostgreSQL: keyword search    {figures(words, 2)}")
    finally:
        store.close()


def figures(values: list[float], digits: int = 1) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    p50 = statistics.median(ordered)
    return f"p50 {p50:7.{digits}f}  p95 {p95:7.{digits}f}  max {ordered[-1]:8.{digits}f} ms  (n={len(ordered)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="PostgreSQL URL of the catalogue (empty with --prepare)")
    parser.add_argument("--prepare", action="store_true", help="fill the empty database first (timed)")
    parser.add_argument("--scaled", type=Path, default=Path(tempfile.gettempdir()) / "stdbridge-scale.jsonl")
    parser.add_argument("--target", type=int, default=1_300_000)
    parser.add_argument("--index", type=Path, help="a search index of the catalogue to copy (default: build one)")
    parser.add_argument("--prewarm", action="store_true", help="read the catalogue into PostgreSQL's buffers first")
    parser.add_argument("--in-process-only", action="store_true", help="time lookup and search in process only")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=3.0, help="mean pause of a person, seconds")
    parser.add_argument("--duration", type=float, default=90.0)
    parser.add_argument("--levels", default="1,2,4,8,16,32", help="concurrency steps of the saturation run")
    parser.add_argument("--step", type=float, default=15.0, help="seconds of each saturation step")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-load-"))
    if args.prepare:
        prepare(args.db, args.scaled, args.target, folder)
    index = args.index
    if index is None:
        index = folder / "built.search"
        started = time.perf_counter()
        subprocess.run([*_CLI, "--db", args.db, "index"], env={**os.environ, "STDBRIDGE_INDEX": str(index)},
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"stdbridge index: {time.perf_counter() - started:.0f} s")
    for number in (1, 2):
        shutil.copytree(index, folder / f"node{number}.search")
    if args.prewarm:
        prewarm(args.db)
    standards = sample(args.db, 600)
    mix = Mix(list(dict.fromkeys(identifier_queries(standards))), list(dict.fromkeys(keyword_queries(standards))))
    print(os.popen("uptime").read().strip())
    in_process(args.db, folder / "node1.search", mix)
    if args.in_process_only:
        return
    nodes = [Node(args.db, folder / f"node{n}.search", folder / f"node{n}.log") for n in (1, 2)]
    try:
        run_users(nodes, mix, 8, 10, None)  # warm both nodes (lexicon, segmenter, caches of the database)
        results = run_users(nodes, mix, args.users, args.duration, args.think)
        print(f"{args.users} people, pauses of {args.think:.1f} s on average, {args.duration:.0f} s, 2 nodes:")
        print(f"  API   {figures(results.times['api'])}")
        print(f"  pages {figures(results.times['page'])}")
        print(f"  answers by status {dict(sorted(results.statuses.items()))}; errors {results.errors()}")
        print("saturation (no pauses):")
        for level in (int(n) for n in args.levels.split(",")):
            step = run_users(nodes, mix, level, args.step, None)
            done = sum(len(v) for v in step.times.values())
            print(f"  {level:3d} at once: {done / args.step:6.1f} answers/s  "
                  f"API {figures(step.times['api'])}  errors {step.errors()}")  # fmt: skip
        print(os.popen("uptime").read().strip())
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
