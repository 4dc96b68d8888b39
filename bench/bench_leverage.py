"""Leverage of the translation memory on a held-back real document pair (issue 12).

The document pair: the Chinese and English terms and definitions that one ISO standard gives in its clause 3, as
the ISO/TC 211 Multi-Lingual Glossary holds them (``--glossary``, the shared data's
termbase-isotc211-mlgt/mlgt_terms.jsonl), written as two documents: per concept a line "clause term" and a line
with the definition. The held-back pair (``--held-back``, ISO 19136-1:2020 by default) is aligned by
``stdbridge.translation.alignment`` and its alignment checked against the known pairing (precision and recall of
the 1-1 pairs, with and without the anchors, and with one English line dropped).

Leverage: the share of the held-back document's Chinese segments that get a ≥ 75 % match from
(a) a memory of the other standards' glossary documents, aligned the same way (origin ``alignment``), and
(b) the same memory seeded from the catalogue's bilingual titles (the bundled GB records) and the lexicon's
glossary (``stdbridge.translation.seeding``). The termbase pairs are not seeded: their licence is not cleared
(see seeding.py), and the termbase in question is the document source here.

    .venv/bin/python bench/bench_leverage.py [--held-back "ISO 19136-1:2020"]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import gzip
import json
import re
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from stdbridge.language.lexicon import Lexicon
from stdbridge.store import SqlStore
from stdbridge.translation.alignment import NO_ANCHORS, AlignedPair, Anchors, align
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.seeding import glossary_units

_CLAUSE = re.compile(r"^\d+(?:\.\d+)*\s+")
GLOSSARY = Path("/work/shared/data/termbase-isotc211-mlgt/mlgt_terms.jsonl")


def _clause_key(clause: str | None) -> list[int]:
    return [int(part) if part.isdigit() else 0 for part in (clause or "0").split(".")]


def documents(glossary: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Per standard: its Chinese and English glossary document, line by line (same order: the known pairing)."""
    concepts: dict[tuple[str, str], dict[str, dict[str, str]]] = collections.defaultdict(dict)
    with glossary.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["lang"] in ("zho", "eng") and row["definition"] and row["source_ref"]:
                concepts[(row["source_ref"], row["concept_id"])][row["lang"]] = row
    by_standard: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = collections.defaultdict(list)
    for (standard, _), pair in concepts.items():
        if len(pair) == 2:
            by_standard[standard].append((pair["zho"], pair["eng"]))
    found = {}
    for standard, pairs in by_standard.items():
        pairs.sort(key=lambda p: _clause_key(p[1]["source_clause"]))
        zh: list[str] = []
        en: list[str] = []
        for zh_row, en_row in pairs:
            zh += [f"{zh_row['source_clause'] or ''} {zh_row['term']}".strip(), zh_row["definition"]]
            en += [f"{en_row['source_clause'] or ''} {en_row['term']}".strip(), en_row["definition"]]
        found[standard] = (zh, en)
    return found


def accuracy(pairs: list[AlignedPair], known: dict[int, int], total: int) -> tuple[float, float]:
    """Precision and recall of the 1-1 pairs against the known pairing."""
    one_to_one = [(p.zh[0], p.en[0]) for p in pairs if len(p.zh) == 1 and len(p.en) == 1]
    correct = sum(1 for z, e in one_to_one if known.get(z) == e)
    return correct / max(len(one_to_one), 1), correct / total


def catalogue_title_units() -> list[TranslationUnit]:
    """What seeding takes from the catalogue: a zh→en unit per bundled GB record with both titles."""
    data = gzip.decompress((files("stdbridge.data") / "gb_records.jsonl.gz").read_bytes()).decode("utf-8")
    units = []
    for line in data.splitlines():
        record = json.loads(line)
        zh, en = (record.get("title_zh") or "").strip(), (record.get("title_en") or "").strip()
        if zh and en:
            units.append(TranslationUnit("zh", "en", zh, en, UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE,
                                         reference=record["designation"]))  # fmt: skip
    return units


def leverage(memory: TranslationMemory, segments: list[str]) -> tuple[float, float]:
    """Share of segments with a >= 75 % match: as they are, and without their leading clause number (a
    segmenter that keeps the clause number apart gives the term alone)."""
    hits = sum(1 for s in segments if memory.matches(s, "zh", "en", minimum=75, limit=1))
    bare = [_CLAUSE.sub("", s) for s in segments]
    bare_hits = sum(1 for s in bare if memory.matches(s, "zh", "en", minimum=75, limit=1))
    return hits / len(segments), bare_hits / len(segments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument("--held-back", default="ISO 19136-1:2020")
    args = parser.parse_args()
    docs = documents(args.glossary)
    zh, en = docs[args.held_back]
    lexicon = Lexicon.bundled()
    print(f"held back: {args.held_back}, {len(zh)} Chinese and {len(en)} English lines")
    drop = 7
    dropped_en = en[:drop] + en[drop + 1 :]
    known_full = {i: i for i in range(len(zh))}
    known_drop = {i: (i if i < drop else i - 1) for i in range(len(zh)) if i != drop}
    variants = {"length only": NO_ANCHORS, "all anchors": Anchors()}
    for name in ("clauses", "numbers", "identifiers", "lexicon"):
        variants[f"without {name}"] = dataclasses.replace(Anchors(), **{name: False})
    for name, anchors in variants.items():
        p1, r1 = accuracy(align(zh, en, lexicon=lexicon, anchors=anchors), known_full, len(known_full))
        p2, r2 = accuracy(align(zh, dropped_en, lexicon=lexicon, anchors=anchors), known_drop, len(known_drop))
        print(f"alignment {name:<20} P {p1:.3f} R {r1:.3f}; one English line dropped: P {p2:.3f} R {r2:.3f}")
    with tempfile.TemporaryDirectory() as scratch:
        store = SqlStore(f"sqlite:///{Path(scratch) / 'memory.db'}")
        memory = TranslationMemory(store)
        started = time.perf_counter()
        aligned: list[TranslationUnit] = []
        correct = kept = 0
        for standard, (other_zh, other_en) in docs.items():
            if standard == args.held_back:
                continue
            for pair in align(other_zh, other_en, lexicon=lexicon):
                if pair.zh and pair.en and not pair.flagged:
                    correct += pair.zh == pair.en
                    kept += 1
                    for zh_text, en_text in {
                        (pair.zh_text, pair.en_text),
                        (_CLAUSE.sub("", pair.zh_text), _CLAUSE.sub("", pair.en_text)),
                    }:
                        aligned.append(TranslationUnit("zh", "en", zh_text, en_text, UnitScope.PLATFORM,
                                                       UnitOrigin.ALIGNMENT, reference=standard))  # fmt: skip
        took = time.perf_counter() - started
        print(
            f"memory (a): {len(aligned)} aligned units from {len(docs) - 1} other standards' glossary documents "
            f"({kept} pairs kept, {correct / max(kept, 1):.1%} right by the known pairing), aligned in {took:.1f} s"
        )
        with store.transaction():
            memory.add(aligned)
        without = leverage(memory, zh)
        seeded = catalogue_title_units() + list(glossary_units(lexicon))
        with store.transaction():
            memory.add(seeded)
        with_seed = leverage(memory, zh)
        print(f"memory (b): (a) + {len(seeded)} seeded units (catalogue titles, lexicon glossary)")
        print(
            f"leverage (≥ 75 % match) on {len(zh)} segments as written: (a) {without[0]:.1%}  "
            f"(b) {with_seed[0]:.1%}; clause numbers kept apart: (a) {without[1]:.1%}  (b) {with_seed[1]:.1%}"
        )
        store.close()


if __name__ == "__main__":
    main()
