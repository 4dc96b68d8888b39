"""Speed of the connectivity index (``analytics.connectivity``): one pair over 20 yearly points, and a 20 x 20
group matrix on one year end, each worked out afresh (cache emptied) and then read from the cache.

    python bench/bench_connectivity.py --db CATALOG [--a CN] [--b ISO] [--repeat 2]

``CATALOG`` is a built catalogue: the bundled one (``stdbridge --db PATH init``) or a scaled one (the bundled one
plus ``bench/scale_catalog.py``'s records imported with ``--format gb-sample --dataset synthetic-scale``). The
group is the 20 countries and bodies holding the most records (as many as the catalogue has, if fewer). Each
measurement runs ``--repeat`` times; the best and the spread (worst - best) are printed with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

from stdbridge.analytics import connectivity as conn
from stdbridge.analytics.compatibility import Scope
from stdbridge.catalog import Catalog
from stdbridge.store import SqlStore


def timed(catalog: Catalog, label: str, work: Callable[[], object], repeat: int, *, fresh: str) -> None:
    """``fresh``: "" reads the cached answer; "answer" works it out again from the catalogue's edges and the
    systems' editions already read; "all" reads those too (nothing of the catalogue's state kept)."""
    times = []
    for _ in range(repeat):
        if fresh:
            conn._cache.clear()
            catalog.store.drop_kept_answers()
        if fresh == "all":
            conn._bridges.clear()
            conn._bridges_near.clear()
            conn._scopes_read.clear()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{label}: best {min(times):.2f} s, spread {max(times) - min(times):.2f} s over {repeat} (load {load})")


def group_of(catalog: Catalog, size: int) -> list[Scope]:
    _total, facets = catalog.search_engine().facet_counts()
    ranked = [(v.count, "country", v.value) for v in facets.get("country", [])]
    ranked += [(v.count, "body", v.value) for v in facets.get("body", [])]
    ranked.sort(reverse=True)
    return [Scope(kind, code) for _count, kind, code in ranked[:size]]


def pair(catalog: Catalog, a: Scope, b: Scope, days: list[dt.date], repeat: int) -> None:
    for fresh, how in (("all", "afresh"), ("answer", "afresh, catalogue read"), ("", "cached")):
        timed(catalog, f"pair {a} {b}, 20 year ends, {how}", lambda: conn.connectivity(catalog, a, b, days), repeat,
              fresh=fresh)  # fmt: skip
    last = conn.connectivity(catalog, a, b, days).points[-1]
    print(f"{a} / {b} on {last.date}: {last.a.standards:,} / {last.b.standards:,} in force, recognised "
          f"{last.a.recognised:,} / {last.b.recognised:,}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--a", default="CN")
    parser.add_argument("--b", default="ISO")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--group-size", type=int, default=20)
    parser.add_argument("--skip-pair", action="store_true", help="Measure the group matrix only.")
    args = parser.parse_args()
    catalog = Catalog(SqlStore(f"sqlite:///{args.db}"))
    total = catalog.search_engine().facet_counts()[0]
    print(f"catalogue {args.db}: {total:,} records")
    a, b = Scope.read(catalog, args.a)[0], Scope.read(catalog, args.b)[0]
    days = conn.year_ends(2005, 2024)
    if not args.skip_pair:
        pair(catalog, a, b, days, args.repeat)
    group = group_of(catalog, args.group_size)
    print(f"group of {len(group)}: {', '.join(map(str, group))}")
    day = dt.date(2024, 12, 31)
    for fresh, how in (("all", "afresh"), ("", "cached")):
        timed(catalog, f"{len(group)} x {len(group)} matrix, {how}", lambda: conn.matrix(catalog, group, day),
              args.repeat, fresh=fresh)  # fmt: skip


if __name__ == "__main__":
    main()
