"""What the audit log adds to an import and to a decision.

    python bench/bench_audit.py              # the bundled catalogue into a fresh SQLite file, then decisions
    python bench/bench_audit.py --db URL     # the same into an empty catalogue at URL (PostgreSQL)

Builds the catalogue from the bundled data (``Catalog.load_bundled``: nine imports) with the audit's two steps
timed inside each import (``ingest.audited_import``, the summary and identifiers the entry holds, and
``audit.record``, the append under the head's lock), then makes ``--decisions`` decisions (accept and reject in
turn on pairs of bundled standards) with the audit step of each (``Suggester._audit``: reading the decision it
replaces, and the append) timed inside ``Catalog.decide``. Prints each total, the audit's share, and the time
``stdbridge audit verify`` takes over the log.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stdbridge import audit
from stdbridge.catalog import Catalog, ingest
from stdbridge.counterparts.suggest import Suggester
from stdbridge.models import Degree, Verdict
from stdbridge.store import SqlStore

PAIRS = [("JIS Q 9001:2015", "ISO 9001:2015"), ("GB/T 22080-2016", "ISO/IEC 27001:2013"),
         ("JIS Q 14001:2015", "ISO 14001:2015"), ("GB/T 19001-2008", "ISO 9001:2008")]  # fmt: skip


class Stopwatch:
    """Time spent inside the functions it wraps, summed."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an empty catalogue's URL (default: a new SQLite file)")
    parser.add_argument("--decisions", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = SqlStore(args.db or f"sqlite:///{Path(folder) / 'catalog.db'}")
        catalog = Catalog(store, index_path=Path(folder) / "index")
        import_watch = Stopwatch()
        ingest.audited_import = import_watch.wrap(ingest.audited_import)  # type: ignore[assignment]
        ingest.audit.record = import_watch.wrap(audit.record)  # type: ignore[attr-defined]
        started = time.perf_counter()
        summaries = catalog.load_bundled(rejects_dir=Path(folder))
        total = time.perf_counter() - started
        records = sum(s.read for s in summaries)
        print(f"import of the bundled catalogue ({len(summaries)} imports, {records:,} rows): {total:.1f} s in all "
              f"(index included); audit {import_watch.seconds * 1000:.1f} ms "
              f"({100 * import_watch.seconds / total:.3f}%)")  # fmt: skip

        decision_watch = Stopwatch()
        Suggester._audit = decision_watch.wrap(Suggester._audit)  # type: ignore[method-assign]
        catalog.decide(*PAIRS[0], Verdict.REJECTED, by="warm-up")  # loads the lexicon and the suggester once
        decision_watch.seconds = 0.0
        spent: list[float] = []
        for n in range(args.decisions):
            source, target = PAIRS[n % len(PAIRS)]
            verdict = Verdict.ACCEPTED if n % 2 else Verdict.REJECTED
            started = time.perf_counter()
            catalog.decide(source, target, verdict, by=f"bench {n}", degree=Degree.IDT if n % 2 else None)
            spent.append(time.perf_counter() - started)
        per_audit = decision_watch.seconds / args.decisions * 1000
        print(f"decision: {statistics.median(spent) * 1000:.2f} ms median, {statistics.mean(spent) * 1000:.2f} ms "
              f"mean (n={args.decisions}); audit {per_audit:.2f} ms each "
              f"({100 * decision_watch.seconds / sum(spent):.1f}% of the decision)")  # fmt: skip

        started = time.perf_counter()
        found = audit.verify(store)
        print(f"audit verify: {found.entries} entries, intact={found.intact}, "
              f"{(time.perf_counter() - started) * 1000:.1f} ms")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
