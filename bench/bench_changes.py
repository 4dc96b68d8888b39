"""Speed of ``stdbridge changes`` (``watch.changes``): the first and the second page of 1,000 changes since a date,
over the whole catalogue and filtered by body, country and ICS field (a field of few records and one of many).

    python bench/bench_changes.py --db CATALOG [--since 2000-01-01] [--repeat 2]

``CATALOG`` is a built catalogue (``stdbridge --db PATH init``, or a scaled one from ``bench_catalog.py``). Each page
is read ``--repeat`` times; the best is printed with the spread (worst - best), the changes on the page and the
total the store counted (None: not counted, for an ICS field of very many records).
"""

from __future__ import annotations

import argparse
import os
import time

from stdbridge.catalog import Catalog
from stdbridge.search import Filters
from stdbridge.watch.changes import ChangeFilter, changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", required=True, help="catalogue file or database URL")
    parser.add_argument("--since", default="2000-01-01")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    engine = catalog.search_engine()
    fields = sorted((len(engine.ids_of(Filters(ics=(f"{n:02d}",)))), f"{n:02d}") for n in range(1, 100))
    fields = [(n, code) for n, code in fields if n]
    print(f"catalogue: {catalog.stats()['total']['standards']:,} standards; load {os.getloadavg()[0]:.2f}")
    asked = [
        ("everything", ChangeFilter(args.since)),
        ("body ISO", ChangeFilter(args.since, body="ISO")),
        ("country CN", ChangeFilter(args.since, country="CN")),
        ("ICS 03.120.10", ChangeFilter(args.since, ics="03.120.10")),
        (f"ICS {fields[-1][1]} ({fields[-1][0]:,} records, the most)", ChangeFilter(args.since, ics=fields[-1][1])),
    ]
    for label, wanted in asked:
        after = 0
        for page_number in (1, 2):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                page = changes(catalog, wanted, 1000, after)
                times.append(time.perf_counter() - started)
            spread = (max(times) - min(times)) * 1000
            print(f"{label:<44} page {page_number}: {min(times) * 1000:8.1f} ms (spread {spread:.1f}), "
                  f"{len(page.changes):,} changes, total {page.total}")  # fmt: skip
            if page.after is None:
                break
            after = page.after


if __name__ == "__main__":
    main()
