"""Speed of the country profiles (``stdbridge.profiles``): each country's profile worked out afresh (cache emptied),
then read from the cache, and the list of every country.

    python bench/bench_profiles.py --db CATALOG [--country CN --country JP ...] [--repeat 2]

``CATALOG`` is a built catalogue (``stdbridge --db PATH init``, or a scaled one). Each measurement runs ``--repeat``
times; the best and the spread (worst - best) are printed with the load average.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from stdbridge.catalog import Catalog
from stdbridge.profiles import profile as profiles
from stdbridge.store import SqlStore


def timed(label: str, work: Callable[[], object], repeat: int, *, fresh: bool) -> None:
    times = []
    for _ in range(repeat):
        if fresh:
            profiles._cache.clear()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{label}: best {min(times):.3f} s, spread {max(times) - min(times):.3f} s over {repeat} (load {load})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--country", action="append", default=[])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    catalog = Catalog(SqlStore(f"sqlite:///{args.db}"))
    total, facets = catalog.search_engine().facet_counts()
    print(f"catalogue {args.db}: {total:,} records")
    for code in args.country or ["CN", "JP"]:
        found = profiles.profile(catalog, code)
        what = f"{code} ({found.records:,} records, {len(found.links)} links)"
        timed(f"profile {what}, afresh", lambda c=code: profiles.profile(catalog, c), args.repeat, fresh=True)
        timed(f"profile {what}, cached", lambda c=code: profiles.profile(catalog, c), args.repeat, fresh=False)
    records = {v.value: v.count for v in facets.get("country", [])}
    timed("list of every country", lambda: profiles.directory(records, catalog.store.profile_facts()), args.repeat,
          fresh=False)  # fmt: skip


if __name__ == "__main__":
    main()
