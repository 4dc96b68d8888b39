"""Where the slowest keyword searches spend their time: each query drawn as ``bench_search.py`` draws them (or read
from ``--keyword-queries``, as ``bench_engine_floor.py`` writes them) is timed once (answers not remembered), the
slowest are listed with their number of matches; then the slowest tenth is searched again ``--rounds`` times with
each step of a search timed on the thread that runs it (``steps``), and searched once more under cProfile, the
functions by cumulative time.

    python bench/bench_slow_queries.py --db CATALOG [--sample 1500] [--slowest 80] [--top 30]
    python bench/bench_slow_queries.py --db /tmp/big/catalog.db --keyword-queries /tmp/q.txt --rounds 3

A search runs on two threads (``search/works.py``): its own ranks, reads the page and waits for the other, which
counts the facets and the works in the engine. The steps table gives each step's mean per search over the slowest
tenth, on the search's thread and on the counting one, so that the part of the tail each costs can be read off
(cProfile sees one thread only). Use it beside ``bench_engine_floor.py`` when keyword search is slower than it
was: it names the query shapes and the code that cost the tail.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import keyword_queries, sample_standards

from stdbridge.catalog import Catalog
from stdbridge.search import SearchRequest
from stdbridge.search import engine as search_engine
from stdbridge.search import works as search_works

# (object, attribute, step): what a search does, by the code that does it; a step is timed on the thread it runs on
STEPS: list[tuple[Any, str, str]] = [
    (search_engine.Search, "_run", "ranking (the engine's top matches and their count)"),
    (search_engine.QueryAnalyzer, "analyze", "reading the query (words, stems, translations)"),
    (search_engine.Search, "_originals_first", "originals before their adoptions (the store)"),
    (search_engine, "status_now_of_each", "status of the page's records (the store)"),
    (search_engine.Search, "_highlights", "title words marked"),
    (search_works.Counting, "result", "waiting for the facets' pass"),
    (search_works.Counting, "works", "waiting for the works' count"),
    (search_works.Counting, "_count", "the counting, all of it (the three below and the pass)"),
    (search_engine.Search, "_facet_values", "facets digested (buckets to values, titles of codes)"),
    (search_works, "exact_works", "works counted exactly (a pass of their own)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="a built catalogue")
    parser.add_argument("--sample", type=int, default=1500, help="standards the queries are drawn from")
    parser.add_argument("--slowest", type=int, default=80, help="queries profiled")
    parser.add_argument("--top", type=int, default=30, help="functions printed")
    parser.add_argument("--rounds", type=int, default=3, help="searches of the slowest tenth with their steps timed")
    parser.add_argument("--keyword-queries", type=Path, help="keyword queries, one a line (bench_engine_floor.py's)")
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    engine = catalog.search_engine()
    if args.keyword_queries:
        queries = [q for q in args.keyword_queries.read_text(encoding="utf-8").splitlines() if q.strip()]
    else:
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
    print_steps(catalog, [query for _ms, query, _total in timed[: max(1, len(timed) // 10)]], args.rounds)
    engine._answers.clear()
    profile = cProfile.Profile()
    profile.enable()
    for _ms, query, _total in timed[: args.slowest]:
        catalog.search(SearchRequest(query))
    profile.disable()
    pstats.Stats(profile).sort_stats("cumtime").print_stats(args.top)


def print_steps(catalog: Catalog, queries: list[str], rounds: int) -> None:
    """Each step's mean time per search over ``queries``, searched ``rounds`` times, answers not remembered, with no
    counting left running from the search before (``works.settled``), by the thread it ran on."""
    engine = catalog.search_engine()
    steps = [*STEPS[:3], (engine.store, "standards_by_ids", "the page's records (the store)"), *STEPS[3:]]
    spent: dict[tuple[str, bool], float] = defaultdict(float)
    searching = threading.current_thread()
    # each step's own attribute (a static method stays one), put back as it was after
    kept = [(owner, name, vars(owner).get(name)) for owner, name, _step in steps]

    def timed(step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[step, threading.current_thread() is searching] += time.perf_counter() - started

        return run

    total = 0.0
    try:
        for (owner, name, step), (_owner, _name, own) in zip(steps, kept, strict=True):
            if isinstance(own, staticmethod):
                setattr(owner, name, staticmethod(timed(step, own.__func__)))
            else:
                setattr(owner, name, timed(step, getattr(owner, name)))
        for _ in range(rounds):
            for query in queries:
                engine._answers.clear()
                search_works.settled()
                started = time.perf_counter()
                catalog.search(SearchRequest(query))
                total += time.perf_counter() - started
    finally:
        for owner, name, own in kept:
            if own is None:
                delattr(owner, name)
            else:
                setattr(owner, name, own)
    searches = rounds * len(queries)
    print(f"\nthe slowest tenth ({len(queries)} queries, {rounds} rounds): {total / searches * 1000:.2f} ms a search")
    print(f"{'step':62} {'search thread':>14} {'counting':>10}")
    for _owner, _name, step in steps:
        own_ms, other_ms = (spent[step, on_search] / searches * 1000 for on_search in (True, False))
        if own_ms or other_ms:
            print(f"{step:62} {own_ms:11.2f} ms {other_ms:7.2f} ms")
    print()


if __name__ == "__main__":
    main()
