"""Statements and pooled connections per request, by kind, through the app: where the round trips of a request go.

    python bench/bench_round_trips.py --db postgresql+psycopg://user@host/db --index FOLDER [--requests 300]

The requests are ``bench_load.py``'s mix (search through the API and the page, record pages, identifier lookups,
families, counterparts), drawn (seeded) from the catalogue, answered in process (``TestClient``). Counted with
SQLAlchemy's events: every statement sent (``before_cursor_execute``) and every connection taken from a pool
(``checkout``; on PostgreSQL each is checked with a round trip of its own, ``pool_pre_ping``). Printed per kind:
statements (mean, most), checkouts (mean), and the median time, which on a shared machine is only a hint.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import Mix, sample
from bench_search import identifier_queries, keyword_queries
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.pool import Pool

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.store import SqlStore


class Counter:
    def __init__(self) -> None:
        self.statements = 0
        self.checkouts = 0

    def statement(self, *_args: Any) -> None:
        self.statements += 1

    def checkout(self, *_args: Any) -> None:
        self.checkouts += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="URL of the catalogue")
    parser.add_argument("--index", type=Path, required=True, help="its search index (a copy: it may be updated)")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    store = SqlStore(args.db)
    catalog = Catalog(store, args.index)
    standards = sample(args.db, 200)
    mix = Mix(list(dict.fromkeys(identifier_queries(standards))), list(dict.fromkeys(keyword_queries(standards))))
    rng = random.Random(1)
    seen: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    counter = Counter()
    try:
        with TestClient(create_app(catalog), base_url="http://127.0.0.1") as client:
            client.get("/api/search", params={"q": "quality"})  # warm: the index, the lexicon, the pools
            event.listen(Engine, "before_cursor_execute", counter.statement)
            event.listen(Pool, "checkout", counter.checkout)
            for number in range(args.requests):
                _kind, path = mix.request(rng)
                counter.statements = counter.checkouts = 0
                started = time.perf_counter()
                client.get(path, headers={"X-Forwarded-For": f"10.0.{number // 250}.{number % 250}"})
                took = (time.perf_counter() - started) * 1000
                seen[path.split("?")[0]].append((counter.statements, counter.checkouts, took))
    finally:
        store.close()
    for name, rows in sorted(seen.items()):
        statements = [r[0] for r in rows]
        print(f"{name:18s} n={len(rows):4d}  statements mean {statistics.mean(statements):5.1f} most "
              f"{max(statements):3d}  checkouts mean {statistics.mean(r[1] for r in rows):5.1f}  "
              f"median {statistics.median(r[2] for r in rows):6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
