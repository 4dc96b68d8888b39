"""Benchmark of reading the names people type for bodies and countries (``stdbridge.bodies``).

    python bench/bench_names.py --db PATH     # a catalogue built by ``stdbridge --db PATH init``

Prints the time to make the resolver over the catalogue (one count of every body and country in the search index,
done again after each import) and the time of one reading, best and median of several rounds, in milliseconds
and microseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time

from stdbridge.catalog import Catalog

NAMES = ["JIS", "GB", "ГОСТ Р", "国家标准化管理委员会", "ｉｓｏ", "ITU-T", "IEEE", "日本", "BS", "SNI"]
COUNTRIES = ["中国", "UK", "Japan", "RUS", "INT", "cn", "Россия", "JIS"]
ROUNDS = 7
READINGS = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a catalogue file or database URL")
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    catalog.search_engine()  # the index opened and caught up: not part of what is measured
    built = []
    for _ in range(ROUNDS):
        catalog._names = None  # made afresh each round, as after an import
        started = time.perf_counter()
        names = catalog.names()
        built.append((time.perf_counter() - started) * 1000)
    readings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for i in range(READINGS):
            names.body(NAMES[i % len(NAMES)])
            names.country(COUNTRIES[i % len(COUNTRIES)])
        readings.append((time.perf_counter() - started) * 1e6 / (2 * READINGS))
    held = len(names.held["body"]), len(names.held["country"])
    print(f"bodies held: {held[0]}, countries held: {held[1]}")
    print(f"resolver made in: best {min(built):.1f} ms, median {statistics.median(built):.1f} ms, "
          f"max {max(built):.1f} ms ({ROUNDS} rounds)")  # fmt: skip
    print(f"one reading: best {min(readings):.1f} µs, median {statistics.median(readings):.1f} µs")


if __name__ == "__main__":
    main()
