"""Where the slowest keyword searches spend their time: each query drawn as ``bench_search.py`` draws them is timed
once (answers not remembered), the slowest are listed with their number of matches, then searched again under
cProfile, the functions by cumulative time.

    python bench/bench_slow_queries.py --db CATALOG [--sample 1500] [--slowest 80] [--top 30]

Use it beside ``bench_engine_floor.py`` when keyword search is slower than it was: it names the query shapes and
the code that cost the tail.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import keyword_queries, sample_standards

from stdbridge.catalog import Catalog
from stdbridge.search import SearchRequest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="a built catalogue")
    parser.add_argument("--sample", type=int, default=1500, help="standards the queries are drawn from")
    parser.add_argument("--slowest", type=int, default=80, help="queries profiled")
    parser.add_argument("--top", type=int, default=30, help="functions printed")
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    engine = catalog.search_engine()
    queries = list(dict.fromkeys(keyword_queries(sample_standards(catalog, args.sample))))
    # warm the lexicon, the segmenter (jieba's dictionary: 0.6-0.8 s, once a process; ``serve`` loads it at
    # start-up, app.WARM_UP_QUERIES) and the store's caches, so that no one-time load is ranked as a slow query
    for query in [*queries[:30], "质量管理体系"]:
        catalog.search(SearchRequest(query))
    engine._answers.clear()
    timed = []
    for query in queries:
        started = time.perf_counter()
        found = catalog.search(SearchRequest(query))
        timed.append(((time.perf_counter() - started) * 1000, query, found.total))
    timed.sort(reverse=True)
    print(f"{len(queries)} queries; the slowest:")
    for ms, query, total in timed[:15]:
        print(f"{ms:8.1f} ms  {total:>9,} matches  {query!r}")
    engine._answers.clear()
    profile = cProfile.Profile()
    profile.enable()
    for _ms, query, _total in timed[: args.slowest]:
        catalog.search(SearchRequest(query))
    profile.disable()
    pstats.Stats(profile).sort_stats("cumtime").print_stats(args.top)


if __name__ == "__main__":
    main()
