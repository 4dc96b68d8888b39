"""Alignment of two long documents: the banded dynamic programme against the whole table (issue 12).

The pair is made of real clauses: the Chinese and English terms and definitions of the ISO/TC 211 glossary
(``bench_leverage.documents``: per concept a line "clause term" and a line with the definition), the standards'
documents one after the other until the Chinese side has ``--zh`` lines; the English side has ``--extra`` more
lines, English definitions of other concepts put in at even intervals (each must become a 0-1 bead). The pairing
is known, so precision and recall of the 1-1 pairs are printed with the time.

For each size the aligner runs banded (``align``'s default) and, up to ``--whole-up-to`` Chinese lines, over the
whole table (``band=None``): the pairs must be the same. Each run is repeated ``--repeat`` times; the best and the
spread are printed.

    .venv/bin/python bench/bench_alignment.py [--zh 500 1000 5000] [--extra-share 0.04] [--whole-up-to 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_leverage import GLOSSARY, documents

from stdbridge.language.lexicon import Lexicon
from stdbridge.translation.alignment import AlignedPair, align


def long_pair(glossary: Path, zh_lines: int, extra: int) -> tuple[list[str], list[str], dict[int, int]]:
    """A Chinese document of ``zh_lines`` real lines, its English of ``zh_lines + extra`` lines, and the known
    pairing (Chinese line → English line)."""
    docs = sorted(documents(glossary).items())
    zh: list[str] = []
    en: list[str] = []
    while len(zh) < zh_lines:  # the glossary holds fewer lines than asked: its documents again, in the same order
        for _standard, (doc_zh, doc_en) in docs:
            zh += doc_zh
            en += doc_en
    zh, en = zh[:zh_lines], en[:zh_lines]
    spare = [line for _standard, (_zh, doc_en) in reversed(docs) for line in doc_en[1::2]]  # other definitions
    every = max(1, zh_lines // (extra + 1))
    english: list[str] = []
    known: dict[int, int] = {}
    added = 0
    for i, line in enumerate(en):
        if added < extra and i and i % every == 0:
            english.append(spare[added % len(spare)])
            added += 1
        known[i] = len(english)
        english.append(line)
    return zh, english, known


def accuracy(pairs: list[AlignedPair], known: dict[int, int]) -> tuple[float, float]:
    one_to_one = [(p.zh[0], p.en[0]) for p in pairs if len(p.zh) == 1 and len(p.en) == 1]
    correct = sum(1 for z, e in one_to_one if known.get(z) == e)
    return correct / max(len(one_to_one), 1), correct / len(known)


def timed(
    zh: list[str], en: list[str], lexicon: Lexicon, band: int | None, repeat: int
) -> tuple[list[float], list[AlignedPair]]:
    times = []
    pairs: list[AlignedPair] = []
    for _ in range(repeat):
        started = time.perf_counter()
        pairs = align(zh, en, lexicon=lexicon) if band == -1 else align(zh, en, lexicon=lexicon, band=band)
        times.append(time.perf_counter() - started)
    return times, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument("--zh", type=int, nargs="+", default=[500, 1000, 5000])
    parser.add_argument("--extra-share", type=float, default=0.04, help="English lines added, per Chinese line")
    parser.add_argument("--whole-up-to", type=int, default=1000, help="the whole table only up to this many lines")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    lexicon = Lexicon.bundled()
    print(f"load: {os.getloadavg()[0]:.2f}")
    for size in args.zh:
        zh, en, known = long_pair(args.glossary, size, round(size * args.extra_share))
        banded, pairs = timed(zh, en, lexicon, -1, args.repeat)
        precision, recall = accuracy(pairs, known)
        print(f"{len(zh)} x {len(en)} lines: banded best {min(banded):.1f} s (spread {max(banded) - min(banded):.1f}"
              f" s), P {precision:.3f} R {recall:.3f}")  # fmt: skip
        if size <= args.whole_up_to:
            whole, whole_pairs = timed(zh, en, lexicon, None, args.repeat)
            same = [p.to_json() for p in whole_pairs] == [p.to_json() for p in pairs]
            print(f"{'':>{len(str(len(zh))) * 2 + 9}} whole table best {min(whole):.1f} s (spread "
                  f"{max(whole) - min(whole):.1f} s), the same pairs: {same}")  # fmt: skip
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
