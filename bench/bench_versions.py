"""Keyword search of two versions of stdbridge side by side, query by query in turn, on one catalogue.

    git worktree add /tmp/before HEAD~3
    python bench/bench_versions.py --db /tmp/big/catalog.db --keyword-queries /tmp/q.txt before=/tmp/before/src now=src

On a shared machine the speed of a whole pass moves by a tenth or more from one minute to the next, more than
most changes to search move it: two passes timed one after the other compare the machine's moments as much as
the versions. Here each version runs in a process of its own (``--serve``, importing stdbridge from the source
folder given), and every query goes to each in turn (which goes first alternates), each once nothing it started is
left counting (``works.settled``), so both meet the machine as it is. Printed per round: p50 and p95 of each
version, then the medians over the rounds and each version's p95 against the first one's, round by round.

The keyword queries are those of ``bench_engine_floor.py`` (drawn as in ``bench_search.py``): ``--keyword-queries
FILE`` reads them from FILE, one a line, written there by the first run that names it. Both versions must read the
catalogue's index as it is (the same index version), or the first to open it rebuilds it. A version whose index
differs reads its own: ``NAME=SOURCE_FOLDER@DB`` names the catalogue file it opens, for example a link to the same
database in another folder (the index is kept beside the file that was opened):

    mkdir /tmp/v14 && ln -s /tmp/big/catalog.db /tmp/v14/catalog.db
    python bench/bench_versions.py --db /tmp/big/catalog.db before=/tmp/before/src@/tmp/v14/catalog.db now=src
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def serve(db: Path, queries: Path) -> None:
    """Answer "i" on standard input with the milliseconds of keyword query i (answers not remembered), once
    the catalogue is open and every query has been asked once (so that caches of words are warm in both)."""
    from stdbridge.catalog import Catalog
    from stdbridge.search import SearchRequest

    settled = _settling()
    catalog = Catalog.open(db)
    engine = catalog.search_engine()
    asked = [q for q in queries.read_text(encoding="utf-8").splitlines() if q.strip()]
    for query in asked:
        catalog.search(SearchRequest(query))
    print("ready", flush=True)
    for line in sys.stdin:
        engine._answers.clear()
        settled()
        started = time.perf_counter()
        catalog.search(SearchRequest(asked[int(line)]))
        print(f"{(time.perf_counter() - started) * 1000:.4f}", flush=True)


def _settling() -> Callable[[], None]:
    """This version's wait until nothing counts beside a search: ``works.settled``, or for a version older than it,
    the same wait on the pool its engine counted in."""
    try:
        from stdbridge.search.works import settled
    except ImportError:  # the pool was the engine's own
        from stdbridge.search import engine

        pool: ThreadPoolExecutor = engine._COUNTERS  # type: ignore[attr-defined]

        def settled() -> None:
            meeting = threading.Barrier(pool._max_workers + 1)
            for _ in range(pool._max_workers):
                pool.submit(meeting.wait)
            meeting.wait()

    return settled


def keyword_queries(db: Path, keep: Path | None) -> Path:
    """The file of the keyword queries: ``keep`` when it exists, else drawn from the catalogue (and kept there)."""
    if keep is not None and keep.exists():
        return keep
    from bench_search import keyword_queries as drawn
    from bench_search import sample_standards

    from stdbridge.catalog import Catalog

    catalog = Catalog.open(db)
    where = keep or Path(os.environ.get("TMPDIR", "/tmp")) / "stdbridge-versions-queries.txt"
    where.write_text("".join(f"{q}\n" for q in dict.fromkeys(drawn(sample_standards(catalog, 1500)))), "utf-8")
    catalog.store.close()
    return where


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "versions",
        nargs="*",
        help="NAME=SOURCE_FOLDER (the folder holding the stdbridge package), "
        "with @DB for a version that opens a catalogue file of its own (another index version)",
    )
    parser.add_argument("--db", type=Path, required=True, help="the catalogue the versions search")
    parser.add_argument("--keyword-queries", type=Path, help="keyword queries, one a line (written when missing)")
    parser.add_argument("--rounds", type=int, default=4, help="passes over the queries")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # a version's own process: its queries
    args = parser.parse_args()
    if args.serve:
        serve(args.db, args.serve)
        return
    if len(args.versions) < 2 or any("=" not in v for v in args.versions):
        parser.error("name at least two versions as NAME=SOURCE_FOLDER")
    queries = keyword_queries(args.db, args.keyword_queries)
    count = sum(1 for q in queries.read_text(encoding="utf-8").splitlines() if q.strip())
    processes = {}
    for version in args.versions:
        name, source = version.split("=", 1)
        source, _, own = source.partition("@")
        environment = {**os.environ, "PYTHONPATH": str(Path(source).resolve())}
        processes[name] = subprocess.Popen(
            [sys.executable, __file__, "--db", own or str(args.db), "--serve", str(queries)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment,
        )  # fmt: skip
    for name, process in processes.items():
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit(f"Error: version {name} did not start")
    print(f"{count} keyword queries, {args.rounds} rounds, {' | '.join(processes)}")
    p95s: dict[str, list[float]] = {name: [] for name in processes}
    p50s: dict[str, list[float]] = {name: [] for name in processes}
    for round_ in range(1, args.rounds + 1):
        times: dict[str, list[float]] = {name: [] for name in processes}
        for i in range(count):
            names = list(processes) if (i + round_) % 2 == 0 else list(reversed(processes))
            for name in names:
                process = processes[name]
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(f"{i}\n")
                process.stdin.flush()
                times[name].append(float(process.stdout.readline()))
        line = []
        for name, measured in times.items():
            ordered = sorted(measured)
            p50s[name].append(statistics.median(ordered))
            p95s[name].append(percentile(ordered, 0.95))
            line.append(f"{name} p50 {p50s[name][-1]:.2f} p95 {p95s[name][-1]:.2f} ms")
        print(f"round {round_}  " + "   ".join(line))
    first = next(iter(processes))
    for name in processes:
        against = [ours / theirs for ours, theirs in zip(p95s[name], p95s[first], strict=True)]
        print(f"{name:<12} median p50 {statistics.median(p50s[name]):.2f} ms, p95 {statistics.median(p95s[name]):.2f} "
              f"ms; p95 against {first}: {', '.join(f'{x:.3f}' for x in against)}")  # fmt: skip
    for process in processes.values():
        assert process.stdin is not None
        process.stdin.close()
        process.wait()


if __name__ == "__main__":
    main()
