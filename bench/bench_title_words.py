"""How well the bundled title words (``stdbridge.language.title_words``) carry foreign titles over to English.

    python bench/bench_title_words.py [--table PATH] [--shared-data PATH] [--limit N]

The test split of ``scripts/build_title_words.py`` (1 in 20 series or termbase concepts, never trained on) is
read again from the bundled catalogues, and from the termbases when ``--shared-data`` holds them (the only
test pairs of Russian, German and the other termbase languages). For each language it prints:

``coverage``   the share of foreign words that get an English equivalent (function words, numbers and codes
               not counted; Japanese counted in characters, because it has no spaces);
``P / R / F1`` the English words produced against the words of the real English title, both stemmed with the
               search index's ``stem_en`` analyzer, stop words left out;
``cosine``     the mean cosine of the two stem sets, title by title.

Then a retrieval check: each test record of a catalogue is asked for by its foreign title alone, turned into
English words, among the distinct English titles of all test records of that catalogue (TF-IDF cosine over
``stem_en`` stems); a hit is the record's own English title in the first one or five. The same search with the
untranslated foreign words is the baseline (French shares many words with English).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))  # the build script's reading and split

from build_title_words import CATALOGUES, SHARED_DATA, Pair, split_of, term_pairs, title_pairs

from stdbridge.language.text import STOPWORDS
from stdbridge.language.title_words import FUNCTION_WORDS, JAPANESE_RUN, UNSPACED, TitleWords
from stdbridge.search.index import analyzers

STEM_EN = analyzers()["stem_en"]


def english_stems(text: str, *, numbers: bool = False) -> set[str]:
    """The stems of English text as the suggester compares them: ``stem_en``, stop words left out, and numbers
    unless ``numbers`` (they pass through untranslated, so they would flatter the word figures)."""
    return {stem for stem in STEM_EN.analyze(text) if stem not in STOPWORDS and (numbers or not stem.isdigit())}


def test_pairs(shared_data: Path | None) -> dict[str, list[Pair]]:
    """The test pairs by language, each distinct pair once (titles, then termbase terms when available)."""
    pairs = list(title_pairs(CATALOGUES))
    if shared_data is not None:
        pairs.extend(term_pairs(shared_data))
    by_language: dict[str, list[Pair]] = {}
    seen: set[tuple[str, str, str]] = set()
    for pair in pairs:
        identity = (pair.lang, pair.foreign, pair.english)
        if identity not in seen and split_of(pair.group) == "test":
            seen.add(identity)
            by_language.setdefault(pair.lang, []).append(pair)
    return by_language


@dataclass
class Figures:
    pairs: int = 0
    words: int = 0
    words_found: int = 0
    produced: int = 0
    reference: int = 0
    matched: int = 0
    cosine_sum: float = 0.0

    def row(self, lang: str) -> str:
        precision = self.matched / self.produced if self.produced else 0.0
        recall = self.matched / self.reference if self.reference else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        coverage = self.words_found / self.words if self.words else 0.0
        return (
            f"{lang:<4} {self.pairs:>6} {coverage:>9.1%} {precision:>6.1%} {recall:>6.1%} {f1:>6.1%} "
            f"{self.cosine_sum / max(self.pairs, 1):>7.3f}"
        )


def figures_of(title_words: TitleWords, lang: str, pairs: Iterable[Pair]) -> Figures:
    found = Figures()
    function_words = FUNCTION_WORDS.get(lang, frozenset())
    for pair in pairs:
        units = title_words.english_for_text(pair.foreign, lang)
        for word, equivalents in units:
            if lang in UNSPACED:
                size = sum(len(run) for run in JAPANESE_RUN.findall(word))
            else:
                size = int(word.lower() not in function_words and not any(ch.isdigit() for ch in word))
            if size and equivalents != [word]:  # a code standing for itself is not a translation
                found.words += size
                found.words_found += size if equivalents else 0
        produced = english_stems(" ".join(title_words.english_for_title(pair.foreign, lang)))
        reference = english_stems(pair.english.split("|")[0])
        found.pairs += 1
        found.produced += len(produced)
        found.reference += len(reference)
        found.matched += len(produced & reference)
        if produced and reference:
            found.cosine_sum += len(produced & reference) / math.sqrt(len(produced) * len(reference))
    return found


class TitleIndex:
    """TF-IDF cosine search over English titles, stems weighted by log inverse document frequency."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        self.stems = [english_stems(title, numbers=True) for title in titles]
        frequencies = Counter(stem for stems in self.stems for stem in stems)
        self.idf = {stem: math.log(1 + len(titles) / count) for stem, count in frequencies.items()}
        self.norms = [math.sqrt(sum(self.idf[s] ** 2 for s in stems)) or 1.0 for stems in self.stems]

    def ranked(self, query: set[str], top: int) -> list[int]:
        norm = math.sqrt(sum(self.idf.get(s, 0.0) ** 2 for s in query)) or 1.0
        scores = []
        for index, stems in enumerate(self.stems):
            shared = query & stems
            if shared:
                scores.append((sum(self.idf[s] ** 2 for s in shared) / (norm * self.norms[index]), index))
        scores.sort(key=lambda item: (-item[0], item[1]))
        return [index for _, index in scores[:top]]


def retrieval(title_words: TitleWords, lang: str, pairs: list[Pair], limit: int) -> dict[str, tuple[int, int]]:
    """Hits in the first one and five, asking with the English words produced (``translated``), the foreign
    title as it is (``untranslated``) and the real English title (``english``: the ceiling set by titles that
    differ only in words the index does not see)."""
    titles = sorted({pair.english for pair in pairs})
    index = TitleIndex(titles)
    position = {title: number for number, title in enumerate(titles)}
    hits = {"translated": [0, 0], "untranslated": [0, 0], "english": [0, 0]}
    for pair in pairs[:limit]:
        expected = position[pair.english]
        queries = {
            "translated": " ".join(title_words.english_for_title(pair.foreign, lang)),
            "untranslated": pair.foreign,
            "english": pair.english,
        }
        for name, query in queries.items():
            found = index.ranked(english_stems(query, numbers=True), 5)
            hits[name][0] += found[:1] == [expected]
            hits[name][1] += expected in found
    return {name: (top1, top5) for name, (top1, top5) in hits.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--table", type=Path, help="a title-words file (default: the bundled one)")
    parser.add_argument("--shared-data", type=Path, default=SHARED_DATA, help="folder holding the termbases")
    parser.add_argument("--limit", type=int, default=500, help="records asked per retrieval check")
    args = parser.parse_args(argv)
    started = time.monotonic()
    title_words = TitleWords.from_file(args.table) if args.table else TitleWords.bundled()
    shared_data = args.shared_data if (args.shared_data / "termbase-iev-sample").is_dir() else None
    if shared_data is None:
        print(f"(no termbases in {args.shared_data}: titles only)")
    by_language = test_pairs(shared_data)

    print(f"{'lang':<4} {'pairs':>6} {'coverage':>9} {'P':>6} {'R':>6} {'F1':>6} {'cosine':>7}")
    for lang in sorted(by_language, key=lambda lang: (-len(by_language[lang]), lang)):
        print(figures_of(title_words, lang, by_language[lang]).row(lang))

    print(f"\nretrieval among the English titles of the test records (first {args.limit} asked)")
    print(
        f"{'asked by':<14} {'titles':>6} {'asked':>6} {'top 1':>6} {'top 5':>6}   "
        f"{'untranslated 1 / 5':<18}   {'English title 1 / 5'}"
    )
    checks = (("IEC French", "IEC", "fr"), ("IEC Spanish", "IEC", "es"), ("ISO French", "ISO", "fr"))
    for name, body, lang in (*checks, ("JIS Japanese", "JIS", "ja")):
        pairs = [pair for pair in by_language.get(lang, []) if pair.source == body]
        if not pairs:
            continue
        hits = retrieval(title_words, lang, pairs, args.limit)
        asked = min(len(pairs), args.limit)
        share = {name: (top1 / asked, top5 / asked) for name, (top1, top5) in hits.items()}
        print(
            f"{name:<14} {len({pair.english for pair in pairs}):>6} {asked:>6} {share['translated'][0]:>6.1%} "
            f"{share['translated'][1]:>6.1%}   {share['untranslated'][0]:>6.1%} / {share['untranslated'][1]:<6.1%}"
            f"     {share['english'][0]:>6.1%} / {share['english'][1]:.1%}"
        )
    print(f"\n{len(title_words)} entries in {', '.join(title_words.languages())}; {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
