"""Relaxed keyword searches ("all the words but one") read together or apart: which is faster, and how well the rule
that chooses between them (``search.query._apart_reads_less``) does.

    python bench/bench_relaxed.py --db /tmp/big/catalog.db --keyword-queries /tmp/q.txt

When the strict search finds fewer than ten records, search ranks the records that hold all its words but one. The
engine reads that together (``minimum_number_should_match``: a heap over every record of every word) or apart (the
union of the conjunctions that each leave one word out, each led by its rarest word). Over two sets of searches of
three words or more whose strict search relaxes:

- the relaxed ones among the benchmark's keyword queries (``--keyword-queries``, written by bench_engine_floor.py, else
  drawn as in bench_search.py): mostly the judged queries of tests/data/relevance;
- long English title extracts with one word of another title put in (drawn from ``--sample`` standards): a long
  query with one word no matching title holds,

this script times each ranking both ways, as search ranks (the window of a first page, weighted by priority), and
prints the total time of each set read together always, read as the rule chooses, and read the faster way each
time, with the worst loss of a choice; then the least-squares fit of each way's time against the records it reads,
which the rule's constants are rounded from.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tantivy

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import keyword_queries, sample_standards

from stdbridge.catalog import Catalog
from stdbridge.language.text import STOPWORDS
from stdbridge.search.engine import _FEW, _spelling
from stdbridge.search.query import (
    _apart_reads_less,
    all_but_one_apart,
    all_but_one_together,
    apart_records,
    concept_query,
    concept_records,
    held_only,
    keyword_query,
)

_WORD = re.compile(r"[^\W_]+")
_RANKED = 200  # the window search ranks for a first page of works (``engine._window``)


@dataclass(frozen=True, slots=True)
class Relaxed:
    """A relaxed search: the records each of its words holds, and its ranking's milliseconds each way."""

    query: str
    sizes: list[int]
    together: float
    apart: float


def long_queries(catalog: Catalog, sample: int, seed: int) -> list[str]:
    """Three to six words of an English title, with one word of another title put among them."""
    rng = random.Random(seed)
    standards = sample_standards(catalog, sample, seed=seed)
    titles = [[w for w in _WORD.findall(s.titles.get("en", "")) if w.lower() not in STOPWORDS] for s in standards]
    other = [w for words in titles for w in words if len(w) > 3 and not w.isdigit()]
    queries = []
    for words in titles:
        words = [w for w in words if not w.isdigit()]
        if len(words) >= 3:
            size = rng.randint(3, min(6, len(words)))
            start = rng.randrange(len(words) - size + 1)
            picked = words[start : start + size]
            picked.insert(rng.randrange(len(picked) + 1), rng.choice(other))
            queries.append(" ".join(picked))
    return queries


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median of ``repeat`` runs of ``fn`` after one to warm, in milliseconds."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measured(catalog: Catalog, queries: list[str], most: int) -> list[Relaxed]:
    """For each query that relaxes (fewer than ``_FEW`` strict matches, three words or more): its words' records,
    and the time of its relaxed ranking read together and apart."""
    engine = catalog.search_engine()
    searcher, schema = engine.index.searcher(), engine.index.schema
    rows: list[Relaxed] = []
    for text in queries:
        plan = held_only(engine.analyzer.analyze(text, lambda word: _spelling(searcher, word)), searcher.doc_freq)
        if len(plan.required) < 3:
            continue
        strict = keyword_query(schema, plan)
        if strict is None or int(searcher.search(strict, 1, count=True).count) >= _FEW:  # type: ignore[attr-defined]
            continue
        concepts = [concept_query(schema, c) for c in plan.required]
        together, apart = all_but_one_together(concepts), all_but_one_apart(concepts)

        def rank(query: tantivy.Query) -> Callable[[], object]:
            return lambda: searcher.search(query, _RANKED, count=True, weight_by_field="priority")

        sizes = [concept_records(c, searcher.doc_freq) for c in plan.required]
        rows.append(Relaxed(text, sizes, timed(rank(together)), timed(rank(apart))))
        if len(rows) >= most:
            break
    return rows


def report(name: str, rows: list[Relaxed], num_docs: int) -> None:
    chosen = [_apart_reads_less(r.sizes, num_docs) for r in rows]
    by_rule = sum(r.apart if apart else r.together for r, apart in zip(rows, chosen, strict=True))
    best = sum(min(r.together, r.apart) for r in rows)
    worst = max((r.apart - r.together) * (1 if apart else -1) for r, apart in zip(rows, chosen, strict=True))
    print(f"{name}: {len(rows)} relaxed searches of three words or more; read apart by the rule: {sum(chosen)}")
    print(f"  rankings in all: together {sum(r.together for r in rows):.1f} ms, as the rule chooses {by_rule:.1f} ms, "
          f"the faster way each time {best:.1f} ms; the worst choice costs {max(worst, 0):.2f} ms more than the other "
          "way")  # fmt: skip


def fit(rows: list[Relaxed], num_docs: int) -> None:
    """Each way's time against what it reads: together per record of every word; apart per record its
    conjunctions read, per concept they open (n (n - 1)), and a constant."""
    records = np.array([sum(r.sizes) for r in rows], dtype=float)
    read = np.array([apart_records(r.sizes, num_docs) for r in rows])
    opened = np.array([len(r.sizes) * (len(r.sizes) - 1) for r in rows], dtype=float)
    together, *_ = np.linalg.lstsq(np.c_[records, np.ones_like(records)], [r.together for r in rows], rcond=None)
    apart, *_ = np.linalg.lstsq(np.c_[read, opened, np.ones_like(read)], [r.apart for r in rows], rcond=None)
    print(f"fit over {len(rows)}: together {together[0] * 1e6:.1f} ns a record + {together[1]:.2f} ms; apart "
          f"{apart[0] * 1e6:.1f} ns a record read + {apart[1] * 1e3:.0f} us a concept opened + {apart[2]:.2f} ms "
          f"(in records read together: 1/{together[0] / apart[0]:.1f} a record, {apart[1] / together[0]:,.0f} a "
          f"concept, {(apart[2] - together[1]) / together[0]:,.0f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="catalogue to search (the 1.3 M one: bench_catalog.py)")
    parser.add_argument("--keyword-queries", type=Path, help="the benchmark's keyword queries, one a line")
    parser.add_argument("--sample", type=int, default=600, help="standards the long queries are drawn from")
    parser.add_argument("--most", type=int, default=120, help="long queries timed at most")
    args = parser.parse_args()
    catalog = Catalog.open(args.db)
    num_docs = catalog.search_engine().index.searcher().num_docs
    if args.keyword_queries and args.keyword_queries.exists():
        benchmark = [q for q in args.keyword_queries.read_text(encoding="utf-8").splitlines() if q.strip()]
    else:
        benchmark = keyword_queries(sample_standards(catalog, 1500))
    sets = {
        "the benchmark's keyword queries": measured(catalog, benchmark, len(benchmark)),
        "long title extracts with one word of another title": measured(
            catalog, long_queries(catalog, args.sample, seed=31), args.most
        ),
    }
    for name, rows in sets.items():
        report(name, rows, num_docs)
    fit([r for rows in sets.values() for r in rows], num_docs)


if __name__ == "__main__":
    main()
