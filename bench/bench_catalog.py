"""Benchmark of the catalogue core: building it, and show / family / counterparts once it is open.

    python bench/bench_catalog.py                 # bundled size (~138,000 records)
    python bench/bench_catalog.py --scale 1300000 # then grow it to 1.3 million with bench/scale_catalog.py

Prints the time of ``init`` (all bundled data, in one process, a fresh SQLite file) and p50 / p95 / max
latencies in milliseconds of the three graph queries over a fixed random sample of identifiers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scale_catalog import generate

from stdbridge.catalog import Catalog

SAMPLE = 300


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def sample_identifiers(catalog: Catalog, size: int, seed: int = 7) -> list[str]:
    everything = [s.identifier for s in catalog.store.iter_standards(20000)]
    random.Random(seed).shuffle(everything)
    return [*("ISO 9001:2015", "ISO 9001", "iso9001 2015", "GB/T 19001-2008"), *everything[: size - 4]]


def latencies(catalog: Catalog, idents: list[str]) -> dict[str, list[float]]:
    for ident in idents[:20]:  # warm the caches the way a running server would be
        catalog.family(ident)
    result: dict[str, list[float]] = {"show": [], "family": [], "counterparts": []}
    for ident in idents:
        result["show"].append(timed(lambda i=ident: catalog.links(catalog.get(i))))  # type: ignore[misc]
        result["family"].append(timed(lambda i=ident: catalog.family(i)))  # type: ignore[misc]
        result["counterparts"].append(timed(lambda i=ident: catalog.counterparts(i)))  # type: ignore[misc]
    return result


def report(label: str, figures: dict[str, list[float]]) -> None:
    for name, values in figures.items():
        values = sorted(values)
        p95 = values[int(len(values) * 0.95) - 1]
        print(
            f"{label:>10} {name:<13} p50 {statistics.median(values):6.2f} ms  p95 {p95:6.2f} ms  "
            f"max {values[-1]:7.2f} ms  (n={len(values)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=0, help="also grow the catalogue to this many records")
    parser.add_argument("--db", help="catalogue file (default: a fresh temporary one)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-bench-"))
    db = Path(args.db) if args.db else folder / "catalog.db"
    catalog = Catalog.open(db)
    started = time.perf_counter()
    summaries = catalog.load_bundled(rejects_dir=folder)
    seconds = time.perf_counter() - started
    total = catalog.stats()["total"]["standards"]
    rejected = sum(s.rejected for s in summaries)
    print(
        f"init (bundled data): {total} standards in {seconds:.1f} s ({total / seconds:,.0f} records/s), "
        f"{rejected} rows rejected"
    )
    report(f"{total // 1000}k", latencies(catalog, sample_identifiers(catalog, SAMPLE)))
    if args.scale > total:
        scale_file = folder / "scale.jsonl"
        with scale_file.open("w", encoding="utf-8") as handle:
            import json

            for record in generate(args.scale - total):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        summary = catalog.import_path(scale_file, "gb-sample", dataset="synthetic-scale", rejects_dir=folder)
        seconds = time.perf_counter() - started
        total = catalog.stats()["total"]["standards"]
        print(
            f"grown with {summary.added} synthetic adoptions in {seconds:.1f} s "
            f"({summary.added / seconds:,.0f} records/s); {total} standards, {summary.rejected} rejected"
        )
        report(f"{total // 1000}k", latencies(catalog, sample_identifiers(catalog, SAMPLE)))


if __name__ == "__main__":
    main()
