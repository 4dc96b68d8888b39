"""Browsing without a query on a catalogue: the ICS and CCS trees with their counts, and lists by classification.

    python bench/bench_browse.py --db /tmp/x/catalog.db            # a catalogue built by 'stdbridge init'
    python bench/bench_browse.py --db /tmp/x/catalog.db --rounds 3

Times, ``--rounds`` times each (answers not remembered: each list asks another page):
(a) ``Search.class_counts("ics")``: the records under every ICS code, every level;
(b) ``Catalog.browse("ics", "03.120")``: a node, its ancestors and children with counts;
(c) ``Catalog.browse("ccs")``: the CCS top level;
(d) the list of one ICS field with facets and the number of works (``Catalog.search`` with ``ics=13``, no query);
(e) the whole catalogue listed by country ``INT``, with facets and works counted (the largest list).
The best round and the spread (best-worst) of each are printed in milliseconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from stdbridge.catalog import Catalog
from stdbridge.search import Filters, SearchRequest


def _timed(action: Callable[[int], object], rounds: int) -> tuple[float, float]:
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    return min(times), max(times) - min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a catalogue built by 'stdbridge init'")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    engine = catalog.search_engine()
    print(f"catalogue: {args.db}, {engine.index.searcher().num_docs} records, best of {args.rounds} rounds (ms)")
    cases: dict[str, Callable[[int], object]] = {
        "(a) ICS counts, every code": lambda i: engine.class_counts("ics"),
        "(b) ICS node 03.120 with children": lambda i: catalog.browse("ics", "03.120"),
        "(c) CCS top level": lambda i: catalog.browse("ccs"),
        "(d) list ICS 13, facets + works": lambda i: catalog.search(
            SearchRequest("", Filters(ics=("13",)), offset=20 * i)
        ),
        "(e) list country INT, facets + works": lambda i: catalog.search(
            SearchRequest("", Filters(country=("INT",)), offset=20 * i)
        ),
    }
    for name, action in cases.items():
        best, spread = _timed(action, args.rounds)
        print(f"{name:40s} best {best:7.1f}   spread {spread:6.1f}")


if __name__ == "__main__":
    main()
