"""Pre-translating a 60,000-word document with the translation memory and the offline engine (issue 12: ≤ 60 s).

    python bench/bench_pretranslate.py                  # 60,000 words, 3 rounds
    python bench/bench_pretranslate.py --words 120000 --repeat 2
    python bench/bench_pretranslate.py --memory-units 100000   # a bigger memory, made as bench_memory.py makes it

The document is English (en→zh), made of real titles: the ISO and IEC catalogues' English titles in catalogue
order until the word count is reached (words: runs of letters or digits), with every 10th segment the English side
of a real translation pair the memory holds (an exact match) and every 10th + 5 that title with its last word left
out (a fuzzy match, or none). The memory (SQLite, a temporary folder) holds the real pairs of the bundled data: the
GB records' English and Chinese titles and the ICS titles with their Chinese names, as en→zh units; with
``--memory-units N``, also the N units ``bench_memory.corpus`` makes from the bundled titles. The engine is
``OfflineEngine`` without a memory of its own (pre-translation asks the memory first) and with the bundled lexicon,
so every segment the memory does not fill gets a termbase-and-lexicon draft. Each round pre-translates a fresh
copy of the segments; the index is built once before the rounds (its time is printed apart). Prints per round the
time and the segments per origin, then the best round, the spread, and ``uptime``; then the time the quality checks
of the whole pre-translated document take (once) and their findings by check.
"""

from __future__ import annotations

import argparse
import copy
import csv
import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import orjson

from stdbridge.importers.bundled import bundled_path
from stdbridge.language.lexicon import Lexicon
from stdbridge.store import SqlStore
from stdbridge.translation.engines import OfflineEngine
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import Segment, TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.pretranslate import pretranslate
from stdbridge.translation.quality import check_document

_WORD = re.compile(r"[A-Za-z0-9]+")


def _jsonl(name: str) -> list[dict[str, object]]:
    with gzip.open(bundled_path(name), "rb") as packed:
        return [orjson.loads(line) for line in packed if line.strip()]


def memory_pairs() -> list[tuple[str, str]]:
    """(English, Chinese) translation pairs of the bundled data: GB titles, ICS titles."""
    pairs: dict[str, str] = {}
    for record in _jsonl("gb_records.jsonl.gz"):
        zh, en = record.get("title_zh"), record.get("title_en")
        if isinstance(zh, str) and isinstance(en, str) and zh.strip() and en.strip():
            pairs.setdefault(en.strip(), zh.strip())
    with gzip.open(bundled_path("ics.csv.gz"), "rt", encoding="utf-8") as packed:
        ics_en = {row["identifier"]: row["titleEn"] for row in csv.DictReader(packed)}
    for line in bundled_path("ics_titles_zh.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, zh, *_rest = line.split("\t")
            if code in ics_en and zh.strip() and ics_en[code].strip():
                pairs.setdefault(ics_en[code].strip(), zh.strip())
    return sorted(pairs.items())


def document(words: int, pairs: list[tuple[str, str]]) -> list[Segment]:
    titles = [
        str(r["title_en"]).strip()
        for name in ("iso_catalog.jsonl.gz", "iec_catalog.jsonl.gz")
        for r in _jsonl(name)
        if isinstance(r.get("title_en"), str) and len(str(r["title_en"])) > 8
    ]
    segments: list[Segment] = []
    counted = 0
    catalogue = iter(titles)
    while counted < words:
        i = len(segments)
        if i % 10 == 0:
            text = pairs[(i // 10) % len(pairs)][0]
        elif i % 10 == 5:
            text = pairs[(i // 10 + 7) % len(pairs)][0].rsplit(" ", 1)[0]
        else:
            text = next(catalogue)
        segments.append(Segment(1, i, f"p{i}/s0", text))
        counted += len(_WORD.findall(text))
    return segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-units", type=int, default=0, help="more units, as bench_memory.py makes them")
    args = parser.parse_args()
    pairs = memory_pairs()
    segments = document(args.words, pairs)
    words = sum(len(_WORD.findall(s.source)) for s in segments)
    print(f"document: {len(segments)} segments, {words} words; memory: {len(pairs)} en→zh units (real pairs)")
    with tempfile.TemporaryDirectory() as folder:
        store = SqlStore(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.add_units(
            [TranslationUnit("en", "zh", en, zh, UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE) for en, zh in pairs]
        )
        if args.memory_units:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from bench_memory import corpus

            store.add_units(corpus(args.memory_units)[0])
            print(f"memory: {args.memory_units} more units made from the bundled titles (bench_memory.corpus)")
        memory = TranslationMemory(store, refresh_interval=3600)
        started = time.perf_counter()
        memory.build()
        lexicon = Lexicon.bundled()
        lexicon.chinese_for_text("warm up")
        print(f"memory index and lexicon loaded in {time.perf_counter() - started:.2f} s")
        engine = OfflineEngine(None, None, lexicon)
        times = []
        for round_number in range(1, args.repeat + 1):
            fresh = copy.deepcopy(segments)
            started = time.perf_counter()
            report = pretranslate(fresh, "en", "zh", memory=memory, engine=engine)
            elapsed = time.perf_counter() - started
            times.append(elapsed)
            print(
                f"round {round_number}: {elapsed:.2f} s ({words / elapsed:,.0f} words/s): memory exact "
                f"{report.memory_exact}, fuzzy {report.memory_fuzzy}, drafts {report.drafts}, "
                f"failures {len(report.failures)}"
            )
            assert report.filled == len(fresh) and not report.failures
        store.close()
    started = time.perf_counter()
    findings = check_document(fresh, "en", "zh")
    by_check = Counter(f.check.value for f in findings)
    print(f"quality checks of the pre-translated document: {time.perf_counter() - started:.2f} s, "
          f"{len(findings)} findings: {dict(by_check.most_common())}")  # fmt: skip
    spread = statistics.pstdev(times) if len(times) > 1 else 0.0
    print(f"best {min(times):.2f} s, worst {max(times):.2f} s, spread (sd) {spread:.2f} s over {len(times)} rounds")
    print("uptime:", os.popen("uptime").read().strip())
    sys.exit(0 if min(times) <= 60 else 1)


if __name__ == "__main__":
    main()
