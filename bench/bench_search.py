"""Benchmark of search, in process: index build, identifier lookup, keyword search with facets, an import of
1,000 changed records, and SQLite FTS5 as the alternative engine on the same analysed text and queries.

    python bench/bench_search.py                       # the bundled catalogue (built afresh, ~30 s)
    python bench/bench_search.py --db PATH             # an existing catalogue (e.g. the 1.3 M one below)
    python bench/bench_catalog.py --scale 1300000 --db /tmp/scale.db && python bench/bench_search.py --db /tmp/scale.db

Queries are drawn (seeded) from the catalogue itself: identifiers exact and as people type them ("iso9001 2015",
"gbt19001", "9001 2015", undated works), and keyword queries of one to three consecutive title words in English
or a piece of a Chinese title, plus the judged keyword queries of tests/data/relevance. Latencies are p50 / p95 /
max in milliseconds, single-threaded, warm, 20 results with all facets. The relevance figures of the judged
queries (hit@1, hit@10, MRR) are printed too when the catalogue is the bundled one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from relevance import QUERIES as JUDGED
from relevance import load_queries, print_report, score, search_run

from stdbridge.catalog import Catalog
from stdbridge.language.text import STOPWORDS, cjk_index_text, identifier_words, runs
from stdbridge.models import Standard
from stdbridge.search import SearchRequest
from stdbridge.search.engine import Search
from stdbridge.search.lookup import find_by_identifier
from stdbridge.search.query import Alternative, QueryPlan

SAMPLE = 1500
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):7.2f}  p95 {p95:7.2f}  max {ordered[-1]:8.2f} ms  (n={len(ordered)})"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


# queries -------------------------------------------------------------------------------------------
def sample_standards(catalog: Catalog, size: int, seed: int = 5) -> list[Standard]:
    rng = random.Random(seed)
    chosen: list[Standard] = []
    for seen, standard in enumerate(catalog.store.iter_standards(20_000), 1):  # reservoir sampling
        if len(chosen) < size:
            chosen.append(standard)
        elif (j := rng.randrange(seen)) < size:
            chosen[j] = standard
    return chosen


def identifier_queries(standards: list[Standard], seed: int = 6) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for s in standards:
        form = rng.randrange(4)
        if form == 0:
            queries.append(s.identifier)
        elif form == 1:
            queries.append(s.identifier.lower().replace(" ", "").replace(":", " "))
        elif form == 2:
            queries.append(s.work_key)
        else:
            queries.append(f"{s.number}{'-' + s.part if s.part else ''} {s.year or ''}".strip())
    return queries


def keyword_queries(standards: list[Standard], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    queries = [q.query for q in load_queries(JUDGED) if q.kind == "keyword"]
    for s in standards:
        chinese = s.titles.get("zh") or s.titles.get("ja")
        if chinese and rng.random() < 0.6:
            pieces = [r.text for r in runs(chinese) if r.kind == "cjk" and len(r.text) >= 2]
            if pieces:
                piece = rng.choice(pieces)
                start = rng.randrange(max(1, len(piece) - 1))
                queries.append(piece[start : start + rng.randint(2, 6)])
                continue
        words = [w for w in _WORD.findall(s.titles.get("en", "")) if w.lower() not in STOPWORDS]
        if words:
            n = rng.randint(1, min(3, len(words)))
            start = rng.randrange(len(words) - n + 1)
            queries.append(" ".join(words[start : start + n]))
    return queries


# the alternative engine ----------------------------------------------------------------------------
class Fts5Engine:
    """SQLite FTS5 over the same analysed text as the Tantivy index: English stems, CJK character pairs,
    identifier tokens; the same plan (every concept, any of its forms) as a MATCH expression, ranked by bm25,
    with the same facets by GROUP BY."""

    FACETS = ("body", "country", "doctype", "status")

    def __init__(self, path: Path, search: Search) -> None:
        self.db = sqlite3.connect(path)
        self.search = search
        self.stem = search.index.analyzers["stem_en"]

    def build(self, standards: Iterable[Standard]) -> int:
        self.db.execute("DROP TABLE IF EXISTS fts")
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(sid UNINDEXED, en, cjk, idtok, body UNINDEXED, "
            "country UNINDEXED, doctype UNINDEXED, status UNINDEXED, tokenize='unicode61 remove_diacritics 0')"
        )
        rows = []
        count = 0
        for s in standards:
            en = " ".join(self.stem.analyze(" ".join(t for lang, t in s.titles.items() if lang in ("en", "fr"))))
            cjk = " ".join(cjk_index_text(" ".join(s.titles.values()))[0].replace("|", " ").split())
            rows.append((s.id, en, cjk, identifier_words(s.identifier), s.body, s.country, s.doctype.value,
                         s.status.value))  # fmt: skip
            if len(rows) == 5000:
                self.db.executemany("INSERT INTO fts VALUES (?,?,?,?,?,?,?,?)", rows)
                count += len(rows)
                rows = []
        self.db.executemany("INSERT INTO fts VALUES (?,?,?,?,?,?,?,?)", rows)
        self.db.commit()
        return count + len(rows)

    @staticmethod
    def _alternative(alt: Alternative) -> str | None:
        column = {"en_w": "en", "en": "en", "cjk": "cjk", "cjk1": "cjk", "idtok": "idtok"}.get(alt.field)
        if column is None:
            return None
        terms = " ".join(t.replace('"', "") for t in alt.terms)
        return f'{column}:"{terms}"'

    def match(self, plan: QueryPlan) -> str | None:
        groups = []
        for concept in plan.required:
            forms = [f for f in map(self._alternative, concept.alternatives) if f]
            if forms:
                groups.append("(" + " OR ".join(forms) + ")")
        return " AND ".join(groups) or None

    def query(self, text: str) -> int:
        plan = self.search.analyzer.analyze(text)
        match = self.match(plan)
        if match is None:
            return 0
        found = self.db.execute("SELECT sid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 20", (match,))
        hits = len(found.fetchall())
        for facet in self.FACETS:
            self.db.execute(
                f"SELECT {facet}, count(*) FROM fts WHERE fts MATCH ? GROUP BY {facet}", (match,)
            ).fetchall()
        return hits


# the run -------------------------------------------------------------------------------------------
def changed_records_files(folder: Path, count: int = 1000) -> tuple[Path, Path]:
    """``count`` real ISO records with a changed English title, and the same records as they were, in the
    bundled ISO layout (the second puts the catalogue back)."""
    changed, original = folder / "iso-changed.jsonl", folder / "iso-original.jsonl"
    with gzip.open(str(files("stdbridge.data") / "iso_catalog.jsonl.gz"), "rt", encoding="utf-8") as source:
        lines = [line for _, line in zip(range(count), source, strict=False)]
    original.write_text("".join(lines), encoding="utf-8")
    with changed.open("w", encoding="utf-8") as handle:
        for line in lines:
            record = json.loads(line)
            record["title_en"] = (record.get("title_en") or "") + " — benchmarkrevision"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return changed, original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, help="catalogue to use (default: build the bundled one afresh)")
    parser.add_argument("--sample", type=int, default=SAMPLE)
    parser.add_argument("--no-fts5", action="store_true", help="skip the alternative engine")
    parser.add_argument("--no-import", action="store_true", help="skip the import of changed records")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-search-bench-"))
    catalog = Catalog.open(args.db or folder / "catalog.db")
    if catalog.is_empty():
        started = time.perf_counter()
        catalog.load_bundled(rejects_dir=folder)
        print(f"init (bundled data, with the index): {time.perf_counter() - started:.1f} s")
    total = catalog.stats()["total"]["standards"]
    label = f"{total / 1e6:.2f}M" if total >= 1e6 else f"{total // 1000}k"
    print(f"catalogue: {total} standards ({label})")

    started = time.perf_counter()
    indexed = catalog.rebuild_index()
    seconds = time.perf_counter() - started
    print(f"[tantivy] index build: {indexed} records in {seconds:.1f} s = {indexed / seconds:,.0f} records/s")
    engine = catalog.search_engine()
    standards = sample_standards(catalog, args.sample)
    by_id = list(dict.fromkeys(identifier_queries(standards)))  # each query once: answers are not remembered yet
    by_words = list(dict.fromkeys(keyword_queries(standards)))
    for query in [*identifier_queries(sample_standards(catalog, 50, seed=99)), "质量管理体系", "quality"]:
        catalog.search(query)  # warm up the lexicon, the segmenter and the store's caches (other queries)
    lookups = [timed(lambda q=q: find_by_identifier(catalog.store, q)) for q in by_id]  # type: ignore[misc]
    print(f"[tantivy] identifier lookup            {percentiles(lookups)}")
    named = [timed(lambda q=q: catalog.search(SearchRequest(q))) for q in by_id]  # type: ignore[misc]
    print(f"[tantivy] identifier query, full page  {percentiles(named)}")
    words = [timed(lambda q=q: catalog.search(SearchRequest(q))) for q in by_words]  # type: ignore[misc]
    print(f"[tantivy] keyword search with facets   {percentiles(words)}")
    popular = by_words[-500:]  # the engine remembers its last 1,024 answers
    again = [timed(lambda q=q: catalog.search(SearchRequest(q))) for q in popular]  # type: ignore[misc]
    print(f"[tantivy] 500 of them asked again      {percentiles(again)}  (answers remembered)")

    if not args.no_fts5:
        fts = Fts5Engine(folder / "fts5.db", engine)
        started = time.perf_counter()
        built = fts.build(catalog.store.iter_standards(20_000))
        seconds = time.perf_counter() - started
        print(f"[fts5]    index build: {built} records in {seconds:.1f} s = {built / seconds:,.0f} records/s")
        for query in by_words[:20]:
            fts.query(query)
        fts_words = [timed(lambda q=q: fts.query(q)) for q in by_words]  # type: ignore[misc]
        print(f"[fts5]    keyword search with facets   {percentiles(fts_words)}")

    if not args.no_import:
        changed, original = changed_records_files(folder)
        started = time.perf_counter()
        summary = catalog.import_path(changed, "iso", rejects_dir=folder)
        seconds = time.perf_counter() - started
        found = catalog.search("benchmarkrevision")
        print(f"import of {summary.changed} changed records: {seconds:.2f} s in all (store and index); "
              f"search then finds {found.total} of them")  # fmt: skip
        catalog.import_path(original, "iso", rejects_dir=folder)

    if total < 200_000:
        print_report(score(load_queries(JUDGED), search_run(catalog)), misses=False)


if __name__ == "__main__":
    main()
