"""How fast the termbase finds its terms in source texts (``Termbase.terms_in``), at 10,000 concepts and at every
zh/en pair stdbridge holds (about 95,000 concepts).

    python bench/bench_terms.py                      # both sizes, two runs each
    python bench/bench_terms.py --sizes 10000 --runs 3
    python bench/bench_terms.py --iev PATH --mlgt PATH   # the shared data's termbases too (default: when present)
    python bench/bench_terms.py --store                  # also: keeping them in a SQLite store, reading them back

Concepts: the zh/en rows of the shipped lexicon (stdbridge's glossary and abbreviations, aligned title words, the
IEC Electropedia and ISO/TC 211 term pairs, CC-CEDICT: one concept per Chinese headword with its English
equivalents), and the IEC Electropedia and ISO/TC 211 concepts of the shared data when their files are there; a
size below the whole takes the first concepts, domain sources first. Texts: a document of 60,000 words of real
standard titles, one segment per title: English from the bundled ISO catalogue, Chinese from the bundled GB
sample and the Chinese ICS titles (repeated to reach 60,000 words, as jieba counts words).

Prints, per size and language: the time to build the index (jieba's dictionary and the Chinese terms added,
lemmas of the English terms), segments per second, terms recognised per second and the whole document's time;
the best of ``--runs`` runs and the spread. With ``--store``: the time to keep the concepts in a new SQLite store
(``Store.add_concepts``, one transaction) and to read the store's termbase back (``Termbase.read``), as a server
does when the termbase changed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from stdbridge.store import SqlStore
from stdbridge.translation.model import Concept, Term, TermStatus
from stdbridge.translation.term_files import read_iev, read_mlgt
from stdbridge.translation.termbase import Termbase

SHARED = Path("/work/shared/data")
WORDS = 60_000


def lexicon_concepts() -> list[Concept]:
    text = gzip.decompress((files("stdbridge.data") / "lexicon.tsv.gz").read_bytes()).decode("utf-8")
    concepts = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        source, chinese, english = line.split("\t")
        terms = [Term("zh", chinese)] + [Term("en", e, TermStatus.PREFERRED if i == 0 else TermStatus.ADMITTED)
                                         for i, e in enumerate(english.split("|")) if e]  # fmt: skip
        concepts.append(Concept(terms, origin=f"lexicon {source}"))
    return concepts


def english_document() -> list[str]:
    segments, words = [], 0
    with gzip.open(str(files("stdbridge.data") / "iso_catalog.jsonl.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            title = json.loads(line).get("title_en")
            if title:
                segments.append(title)
                words += len(title.split())
                if words >= WORDS:
                    break
    return segments


def chinese_document(termbase: Termbase) -> list[str]:
    titles = []
    with gzip.open(str(files("stdbridge.data") / "gb_records.jsonl.gz"), "rt", encoding="utf-8") as handle:
        titles += [t for t in (json.loads(line).get("title_zh") for line in handle) if t]
    ics = (files("stdbridge.data") / "ics_titles_zh.tsv").read_text(encoding="utf-8").splitlines()[1:]
    titles += [row.split("\t")[1] for row in ics if "\t" in row]
    tokenizer = termbase._jieba()
    segments, words = [], 0
    while words < WORDS:
        for title in titles:
            segments.append(title)
            words += sum(1 for w in tokenizer.cut(title, HMM=False) if w.strip())
            if words >= WORDS:
                break
    return segments


def measure(termbase: Termbase, segments: list[str], source: str, target: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = sum(len(termbase.terms_in(s, source, target)) for s in segments)
    return time.perf_counter() - started, found


def stored(concepts: list[Concept]) -> None:
    with tempfile.TemporaryDirectory() as where:
        store = SqlStore(f"sqlite:///{where}/terms.db")
        copies = [Concept([Term(t.lang, t.text, t.status) for t in c.terms], dict(c.definitions), c.source, c.domain,
                          origin=c.origin) for c in concepts]  # fmt: skip
        started = time.perf_counter()
        store.add_concepts(copies, "2026-12-04T00:00:00+00:00")
        kept = time.perf_counter() - started
        started = time.perf_counter()
        termbase = Termbase.read(store)
        read = time.perf_counter() - started
        print(
            f"\n{len(concepts):,} concepts kept in SQLite in {kept:.2f} s; the store's termbase read back in "
            f"{read:.2f} s ({len(termbase):,} concepts; jieba's dictionary is loaded at the first Chinese text)"
        )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,all", help="Numbers of concepts, comma-separated ('all').")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--iev", type=Path, default=SHARED / "termbase-iev-sample" / "iev_20200330_export.csv")
    parser.add_argument("--mlgt", type=Path, default=SHARED / "termbase-isotc211-mlgt" / "mlgt_terms.jsonl")
    parser.add_argument("--store", action="store_true", help="Also time keeping and reading them in SQLite.")
    args = parser.parse_args()
    concepts = lexicon_concepts()
    if args.iev.exists():
        concepts = [*read_iev(args.iev), *concepts]
    if args.mlgt.exists():
        concepts = [*read_mlgt(args.mlgt), *concepts]
    for number, concept in enumerate(concepts, 1):
        concept.id = number
    english = english_document()
    print(f"load {os.getloadavg()[0]:.2f}; {len(concepts):,} concepts available; English document: "
          f"{len(english):,} segments, {sum(len(s.split()) for s in english):,} words")  # fmt: skip
    for size_text in args.sizes.split(","):
        size = len(concepts) if size_text == "all" else int(size_text)
        chosen = concepts[:size]
        builds, results = [], {"en": [], "zh": []}  # type: dict[str, list[tuple[float, int]]]
        chinese: list[str] = []
        for _run in range(args.runs):
            started = time.perf_counter()
            termbase = Termbase(chosen)
            termbase._jieba()
            builds.append(time.perf_counter() - started)
            chinese = chinese or chinese_document(termbase)
            results["en"].append(measure(termbase, english, "en", "zh"))
            results["zh"].append(measure(termbase, chinese, "zh", "en"))
        if args.store:
            stored(chosen)
        print(
            f"\n{len(chosen):,} concepts: index built in {min(builds):.2f} s (spread {max(builds) - min(builds):.2f})"
        )
        for lang, segments in (("en", english), ("zh", chinese)):
            times = [t for t, _n in results[lang]]
            found = results[lang][0][1]
            best = min(times)
            print(f"  {lang}: {len(segments):,} segments (60,000 words) in {best:.2f} s "
                  f"(spread {max(times) - best:.2f} s, {statistics.mean(times):.2f} mean): "
                  f"{len(segments) / best:,.0f} segments/s, {found:,} terms found, "
                  f"{found / best:,.0f} terms/s")  # fmt: skip


if __name__ == "__main__":
    main()
