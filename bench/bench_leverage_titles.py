"""Leverage: the share of a held-back real document's segments that the translation memory answers with a match
of at least 75 (and of 100), from a memory without and with the units seeded from what the catalogue holds.

    python bench/bench_leverage_titles.py
    python bench/bench_leverage_titles.py --mlgt /work/shared/data/termbase-isotc211-mlgt/mlgt_terms.jsonl

Two real parallel documents, each translated zh → en, their segments held back from every memory:

- GB titles: every other GB standard of the bundled sample that has a Chinese and an English title (the title
  pages of 38 standards); the other half are in the seeded memory, as catalogue records;
- ISO/TC 211 definitions (with ``--mlgt``): the Chinese and English definitions of the ISO/TC 211 glossary, as a
  vocabulary standard prints them (not shipped: its licence is not cleared, so the path is given).

The memories: "without" holds the lexicon's glossary only (what a new platform has without the catalogue);
"with" adds the catalogue-seeded units: the other GB records' titles and the ICS fields, groups and sub-groups in
Chinese and English (``translation.seeding`` and ``language.ics_titles``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from stdbridge.language.ics_titles import chinese_ics_titles
from stdbridge.language.lexicon import Lexicon
from stdbridge.store import SqlStore
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.seeding import glossary_units


def gb_pairs() -> list[tuple[str, str]]:
    with gzip.open(str(files("stdbridge.data") / "gb_records.jsonl.gz"), "rt", encoding="utf-8") as rows:
        return [(r["title_zh"].strip(), r["title_en"].strip()) for r in map(json.loads, rows)
                if r["title_zh"] and r["title_en"]]  # fmt: skip


def ics_pairs() -> list[tuple[str, str]]:
    english: dict[str, str] = {}
    with gzip.open(str(files("stdbridge.data") / "ics.csv.gz"), "rt", encoding="utf-8") as rows:
        import csv

        for row in csv.DictReader(rows):
            if row["identifier"] and row["titleEn"]:
                english[row["identifier"]] = row["titleEn"]
    return [(t.title, english[code]) for code, t in chinese_ics_titles().items() if code in english and t.title]


def mlgt_pairs(path: Path) -> list[tuple[str, str]]:
    from stdbridge.translation.term_files import read_mlgt

    return [(c.definitions["zh"], c.definitions["en"]) for c in read_mlgt(path)
            if c.definitions.get("zh") and c.definitions.get("en")]  # fmt: skip


def units(pairs: list[tuple[str, str]], origin: UnitOrigin) -> list[TranslationUnit]:
    return [TranslationUnit("zh", "en", zh, en, UnitScope.PLATFORM, origin) for zh, en in pairs]


def leverage(memory: TranslationMemory, document: list[tuple[str, str]]) -> tuple[float, float, float]:
    fuzzy = exact = 0
    started = time.perf_counter()
    for zh, _en in document:
        found = memory.matches(zh, "zh", "en", minimum=50, limit=1)
        best = found[0].score if found else 0
        fuzzy += best >= 75
        exact += best >= 100
    per = (time.perf_counter() - started) / max(1, len(document)) * 1000
    return fuzzy / len(document), exact / len(document), per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mlgt", type=Path, help="the ISO/TC 211 glossary (mlgt_terms.jsonl) of the shared data")
    args = parser.parse_args()
    gb = gb_pairs()
    documents = {"GB titles (held back)": gb[1::2]}
    seeded = units(gb[0::2], UnitOrigin.CATALOGUE_TITLE) + units(ics_pairs(), UnitOrigin.CATALOGUE_TITLE)
    if args.mlgt:
        documents["ISO/TC 211 definitions"] = mlgt_pairs(args.mlgt)
    glossary = list(glossary_units(Lexicon.bundled()))
    print(f"memory without the catalogue: {len(glossary)} glossary units; "
          f"with: + {len(seeded)} catalogue units (GB titles not held back, ICS titles)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for name, extra in (("without", []), ("with", seeded)):
            store = SqlStore(f"sqlite:///{folder}/{name}.db")
            memory = TranslationMemory(store)
            memory.add(glossary + extra)
            memory.build()
            for title, document in documents.items():
                fuzzy, exact, per = leverage(memory, document)
                print(f"{title:28} {len(document):5} segments  memory {name:8}  ≥75: {fuzzy:6.1%}  "
                      f"100: {exact:6.1%}  ({per:.1f} ms a lookup)")  # fmt: skip
            store.close()


if __name__ == "__main__":
    main()
