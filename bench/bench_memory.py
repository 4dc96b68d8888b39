"""Translation-memory lookups at 10,000, 100,000 and 1,000,000 units: index build time, lookup p50/p95.

    python bench/bench_memory.py                               # SQLite, 10k, 100k, 1M units
    python bench/bench_memory.py --sizes 10000,100000 --postgresql   # a throwaway PostgreSQL (tests/pg_cluster.py)

The units are made from the real titles of the bundled data:

- pairs that are translations: the GB records' Chinese and English titles, the ICS fields, groups and sub-groups
  (``ics_titles_zh.tsv`` with ``ics.csv.gz``'s English), the CCS categories (Chinese name, and the English of no
  one: paired with an ICS English title in turn);
- English titles of the ISO, IEC, JIS and ITU catalogues, paired in turn with a Chinese title (not a translation:
  only there so that each unit has a second side to index, as a real one has).

Each real pair is a unit, zh→en for the Chinese-source ones, en→zh for the English titles. To reach the sizes
asked, variants are made as series of parts are: the head of one real title (before its last " - ", " — ", ":"
or space for Chinese), a part number, and the tail of another real title ("Road vehicles — Part 7: Safety
requirements", "道路车辆 第7部分：安全要求"), for both sides of the unit. Held out before the memory is built: 600
real titles (300 Chinese, 300 English) that are looked up, each in its own direction, ``--repeat`` rounds; the
figures are per lookup (``TranslationMemory.matches``, minimum 50, 5 matches) with the exact match read from the
store and the fuzzy candidates from the index. Prints, per size, the time to write the units, to build the index,
lookup p50/p95/max per round (best round first, and the spread), the share of held-out titles with a match of 75
or more, the cold first lookup of a new process's memory (the index built from the store, built and saved, loaded
from its snapshot, loaded 1,000 units behind and caught up), the process's resident memory, and ``uptime``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg_cluster: the throwaway PostgreSQL

from stdbridge.importers.bundled import bundled_path
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

HELD_OUT = 300  # real titles per language looked up
_SPLIT_EN = re.compile(r"\s+[-—–]+\s+|:\s+")


def _jsonl(name: str) -> list[dict[str, object]]:
    with gzip.open(bundled_path(name), "rb") as packed:
        return [orjson.loads(line) for line in packed if line.strip()]


def real_pairs() -> tuple[list[tuple[str, str]], list[str]]:
    """(Chinese, English) translation pairs, and the English titles of the international catalogues."""
    pairs: dict[str, str] = {}
    for record in _jsonl("gb_records.jsonl.gz"):
        zh, en = record.get("title_zh"), record.get("title_en")
        if isinstance(zh, str) and isinstance(en, str) and zh.strip() and en.strip():
            pairs.setdefault(zh.strip(), en.strip())
    with gzip.open(bundled_path("ics.csv.gz"), "rt", encoding="utf-8") as packed:
        ics_en = {row["identifier"]: row["titleEn"] for row in csv.DictReader(packed)}
    for line in bundled_path("ics_titles_zh.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, zh, *_rest = line.split("\t")
            if code in ics_en and zh.strip():
                pairs.setdefault(zh.strip(), ics_en[code])
    english_ics = list(ics_en.values())
    with gzip.open(bundled_path("ccs_cat-level3.csv.gz"), "rt", encoding="utf-8") as packed:
        for i, row in enumerate(csv.reader(io.StringIO(packed.read()))):
            if i and len(row) > 1 and row[1].strip():
                pairs.setdefault(row[1].strip(), english_ics[i % len(english_ics)])
    english: dict[str, None] = {}
    for name in ("iso_catalog.jsonl.gz", "iec_catalog.jsonl.gz", "jis_catalog.jsonl.gz", "itu_catalog.jsonl.gz"):
        for record in _jsonl(name):
            title = record.get("title_en")
            if isinstance(title, str) and len(title) > 8:
                english[title.strip()] = None
    return sorted(pairs.items()), sorted(english)


def _head_tail(text: str, chinese: bool) -> tuple[str, str]:
    if chinese:
        head, _sep, tail = text.rpartition(" ")
        return (head, tail) if head else (text[: len(text) // 2], text[len(text) // 2 :])
    parts = _SPLIT_EN.split(text)
    if len(parts) > 1:
        return " — ".join(parts[:-1]), parts[-1]
    words = text.split()
    return " ".join(words[: len(words) // 2 or 1]), " ".join(words[len(words) // 2 or 1 :]) or text


def corpus(size: int, seed: int = 12) -> tuple[list[TranslationUnit], list[tuple[str, str, str]]]:
    """``size`` units, and the held-out lookups (text, source language, target language)."""
    rng = random.Random(seed)
    pairs, english = real_pairs()
    rng.shuffle(pairs)
    rng.shuffle(english)
    held = [(zh, "zh", "en") for zh, _en in pairs[:HELD_OUT]] + [(en, "en", "zh") for en in english[:HELD_OUT]]
    pairs, english = pairs[HELD_OUT:], english[HELD_OUT:]
    chinese = [zh for zh, _en in pairs]
    bases = [(zh, en, "zh") for zh, en in pairs] + [
        (en, chinese[i % len(chinese)], "en") for i, en in enumerate(english)
    ]
    rng.shuffle(bases)

    def unit(source: str, target: str, lang: str) -> TranslationUnit:
        other = "en" if lang == "zh" else "zh"
        return TranslationUnit(lang, other, source, target, UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE)

    units = [unit(s, t, lang) for s, t, lang in bases[:size]]
    seen = {(u.source, u.target) for u in units}
    while len(units) < size:
        (s1, t1, lang), (s2, t2, lang2) = rng.choice(bases), rng.choice(bases)
        if lang != lang2:
            continue
        part = rng.randint(1, 12)
        sh, _st = _head_tail(s1, lang == "zh")
        _sh, st = _head_tail(s2, lang == "zh")
        th, _tt = _head_tail(t1, lang != "zh")
        _th, tt = _head_tail(t2, lang != "zh")
        zh_part, en_part = f" 第{part}部分：", f" — Part {part}: "
        source = sh + (zh_part if lang == "zh" else en_part) + st
        target = th + (en_part if lang == "zh" else zh_part) + tt
        if (source, target) not in seen:
            seen.add((source, target))
            units.append(unit(source, target, lang))
    return units, held


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _first_lookup(memory: TranslationMemory, lookup: tuple[str, str, str]) -> float:
    started = time.perf_counter()
    memory.matches(*lookup)
    return time.perf_counter() - started


def cold_first_lookups(store: SqlStore, lookup: tuple[str, str, str], repeat: int, snapshot: Path) -> str:
    """The first lookup of a new ``TranslationMemory`` (what a new process pays): without a snapshot (the index
    built from the store), writing one (built, then saved), with one (loaded), and with one taken 1,000 units
    ago (loaded, then the units taken in)."""
    snapshot.unlink(missing_ok=True)
    built = [_first_lookup(TranslationMemory(store), lookup) for _ in range(repeat)]
    saving = _first_lookup(TranslationMemory(store, snapshot=snapshot), lookup)
    loaded = [_first_lookup(TranslationMemory(store, snapshot=snapshot), lookup) for _ in range(repeat)]
    extra, _held = corpus(1000, seed=99)
    with store.transaction():
        store.add_units(extra)
    behind = [_first_lookup(TranslationMemory(store, snapshot=snapshot), lookup) for _ in range(repeat)]
    size = snapshot.stat().st_size / 2**20
    snapshot.unlink()

    def shown(times: list[float]) -> str:
        return f"best {min(times):.1f} s (spread {max(times) - min(times):.1f})"

    return (f"no snapshot {shown(built)}; building and saving one {saving:.1f} s ({size:.0f} MB); "
            f"loading it {shown(loaded)}; loading it 1,000 units behind {shown(behind)}")  # fmt: skip


def run(url: str, size: int, repeat: int, snapshot: Path) -> None:
    units, held = corpus(size)
    store = SqlStore(url)
    started = time.perf_counter()
    for start in range(0, len(units), 20_000):
        with store.transaction():
            store.add_units(units[start : start + 20_000])
    written = time.perf_counter() - started
    builds = []
    memory = TranslationMemory(store, refresh_interval=1.0)
    for _round in range(repeat):
        memory = TranslationMemory(store, refresh_interval=1.0)
        started = time.perf_counter()
        memory.build()
        builds.append(time.perf_counter() - started)
    rounds: list[tuple[float, float, float]] = []
    good = 0
    for _round in range(repeat):
        times: list[float] = []
        good = 0
        for text, source_lang, target_lang in held:
            started = time.perf_counter()
            found = memory.matches(text, source_lang, target_lang)
            times.append((time.perf_counter() - started) * 1000)
            good += bool(found and found[0].score >= 75)
        rounds.append((percentile(times, 0.5), percentile(times, 0.95), max(times)))
    rounds.sort(key=lambda r: r[1])
    cold = cold_first_lookups(store, held[0], repeat, snapshot)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spread = ", ".join(f"{p50:.1f}/{p95:.1f}/{most:.0f}" for p50, p95, most in rounds)
    built = ", ".join(f"{b:.1f}" for b in builds)
    print(f"{size:>9,} units ({store.engine.dialect.name}): written in {written:.1f} s; index built in "
          f"{min(builds):.1f} s (rounds: {built}), {len(memory.index.vocabulary):,} grams, "
          f"{len(memory.index.postings):,} postings")  # fmt: skip
    print(f"          lookup ms p50/p95/max, best round first: {spread}; {len(held)} held-out titles, "
          f"{good / len(held):.0%} with a match >= 75; max RSS {rss:.0f} MB")  # fmt: skip
    print(f"          cold first lookup (a new process's memory): {cold}")
    print("          " + os.popen("uptime").read().strip())
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="memory sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of index builds and of lookups")
    parser.add_argument("--postgresql", action="store_true", help="a throwaway PostgreSQL instead of SQLite")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-memory-"))
    print(os.popen("uptime").read().strip())
    if args.postgresql:
        from tests.pg_cluster import Cluster, binaries

        bin_dir = binaries()
        if bin_dir is None:
            raise SystemExit("PostgreSQL is not installed (initdb/pg_ctl)")
        cluster = Cluster(bin_dir).start()
        try:
            for size in sizes:
                run(cluster.database(), size, args.repeat, folder / f"memory-{size}.memory-index.npz")
        finally:
            cluster.stop()
        return
    for size in sizes:
        run(f"sqlite:///{folder / f'memory-{size}.db'}", size, args.repeat, folder / f"memory-{size}.memory-index.npz")
        (folder / f"memory-{size}.db").unlink()


if __name__ == "__main__":
    main()
