"""Chinese–English title words learned from the catalogue's own parallel titles (source T of the lexicon).

The bundled GB sample is a parallel corpus of standardization language: a GB standard that adopts an ISO or IEC
standard identically (IDT) has a Chinese title that translates the original's English title, and many GB records
carry an English title of their own. ``parallel_titles`` reads those pairs; ``aligned_words`` aligns their words.

Method (anchored competitive linking):

1. Each Chinese title is cut with the lexicon's own segmenter (``Lexicon.segment``: jieba with the domain terms,
   words jieba knows and the lexicon does not kept whole);
   its words of Han characters, less function words, are its Chinese words. The English titles (the GB record's
   and the original's, when both are there) give one set of English words (``english_key`` form, stop words and
   numbers left out).
2. Anchors: a Chinese word is *explained* when one of its equivalents in the lexicon (glossary, abbreviations,
   termbases, CC-CEDICT) occurs among the English words; it and those English words leave the pair.
3. What is left of every pair is aligned as ``scripts/build_title_words.py`` aligns other languages: each
   (Chinese word, English word) found together is scored by Dunning's log-likelihood ratio over the corpus, then
   in each pair links are drawn one to one, best score first (Melamed's competitive linking).
4. An anchored word whose equivalent in the titles is not the first one the lexicon gives ("产品": CC-CEDICT
   says "item" first, titles say "product") gets the titles' one as a learned equivalent, when at least
   ``MIN_LINKS`` pairs attest it; it then comes before the termbases' and CC-CEDICT's (never before the
   glossary's: the glossary is reviewed, and titles are its source already).
5. Of the words no anchor explains, only those the lexicon has no equivalent for at all are aligned (a known
   word left over is a free translation, not a new sense). Such a word's learned equivalent is the English
   word it was linked to most often, kept when it was linked to it at least ``MIN_LINKS`` times; a Chinese word
   left alone in its pair with two or three English words that stand together in a title gets them as one
   phrase, when ``MIN_LINKS`` pairs show it. Here each series (GB 191 and GB/T 191, or the parts of GB/T 5169)
   counts once, since its titles repeat one another. On the 80 pairs of the bundled sample nothing passes yet:
   the words linked within one series only were reviewed and were mostly wrong (储运 "good", 八位 "multiple",
   热丝 "glowing"). A full GB catalogue imported with both titles gives the counts that do.

Words of one character and words the lexicon already translates as the title does are not entries: the table
only adds what the anchors do not explain.
"""

from __future__ import annotations

import collections
import gzip
import json
import re
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_title_words import align, english_word_set, series_of

from stdbridge import identifiers
from stdbridge.errors import StdbridgeError
from stdbridge.language.lexicon import ENGLISH_STOP_WORDS, Lexicon, english_key

DATA = Path(__file__).resolve().parent.parent / "src" / "stdbridge" / "data"
GB_RECORDS = DATA / "gb_records.jsonl.gz"
ORIGINAL_CATALOGUES = ("iso_catalog.jsonl.gz", "iec_catalog.jsonl.gz")
MIN_LINKS = 2
MAX_PHRASE_WORDS = 3
# Chinese function words of titles, and the words of a part number (第1部分).
CHINESE_FUNCTION_WORDS = frozenset({"的", "和", "与", "及", "或", "对", "在", "用", "第", "部分", "其", "等", "之"})
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class TitlePair:
    """A Chinese title and the English titles of the same text, with the work it belongs to."""

    chinese: str
    english: tuple[str, ...]
    works: tuple[str, ...]  # the GB record's work, and the original's when it adopts one
    designation: str


def _first_adopted(adopted_from: str) -> str:
    return adopted_from.replace("；", ";").split(";")[0].strip()


def _work(designation: str) -> str:
    try:
        return identifiers.parse(designation).work_key
    except StdbridgeError:
        return designation


def original_titles(paths: Iterable[Path]) -> dict[str, str]:
    """Identifier -> English title of the bundled ISO and IEC records."""
    titles: dict[str, str] = {}
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("title_en"):
                    titles[record["id"]] = record["title_en"]
    return titles


def parallel_titles(gb_records: Path = GB_RECORDS, catalogues: Path = DATA) -> list[TitlePair]:
    """The parallel titles of the GB sample: IDT adoptions of ISO/IEC (the GB English title and the original's)
    and GB records with both titles. Records whose Chinese title is missing, or with no English title at all,
    are left out."""
    originals = original_titles(catalogues / name for name in ORIGINAL_CATALOGUES)
    pairs = []
    with gzip.open(gb_records, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            chinese = record.get("title_zh")
            if not chinese:
                continue
            english = [record["title_en"]] if record.get("title_en") else []
            works = [_work(record["designation"])]
            if record.get("adopted_from") and record.get("degree") == "IDT":
                original = _first_adopted(record["adopted_from"])
                if original in originals:
                    english.append(originals[original])
                works.append(_work(original))
            if english:
                pairs.append(TitlePair(chinese, tuple(english), tuple(works), record["designation"]))
    return pairs


def chinese_words(lexicon: Lexicon, title: str) -> list[str]:
    """The distinct content words of a Chinese title, as the lexicon segments it."""
    segmented = lexicon.segment(title, split_unknown=False)
    words = (word for word in segmented if _HAN.match(word) and word not in CHINESE_FUNCTION_WORDS)
    return list(dict.fromkeys(words))


def _english_order(titles: Iterable[str]) -> list[list[str]]:
    """The English words of each title in order (``english_key`` form), for finding phrases."""
    return [english_key(title).split() for title in titles]


def _explained(lexicon: Lexicon, word: str, english: set[str]) -> tuple[str, set[str]] | None:
    """The first of the word's known equivalents whose words all occur in the pair, with those words, or None."""
    for equivalent in lexicon.english_for(word):
        words = {w for w in english_key(equivalent).split() if w not in ENGLISH_STOP_WORDS}
        if words and words <= english:
            return equivalent, words
    return None


@dataclass
class Residue:
    """What the anchors left unexplained in one pair, and the equivalents the anchors were found by."""

    chinese: list[str]
    english: list[str]
    ordered: list[list[str]]  # the titles' words in order
    attested: list[tuple[str, str]]  # (Chinese word, the equivalent of it that the English titles use)


def residues(lexicon: Lexicon, pairs: Iterable[TitlePair]) -> Iterator[Residue]:
    """Each pair's Chinese and English words that the lexicon's equivalents do not explain."""
    for pair in pairs:
        english = list(dict.fromkeys(w for title in pair.english for w in english_word_set(title)))
        left = set(english)
        chinese_left, attested = [], []
        for word in chinese_words(lexicon, pair.chinese):
            explained = _explained(lexicon, word, set(english))
            if explained is None:
                chinese_left.append(word)
            else:
                left -= explained[1]
                attested.append((word, explained[0]))
        yield Residue(chinese_left, [w for w in english if w in left], _english_order(pair.english), attested)


def _phrase(residue: Residue) -> str | None:
    """The residue's English words as one phrase, when they stand together in one of the titles."""
    size = len(residue.english)
    if not 2 <= size <= MAX_PHRASE_WORDS:
        return None
    wanted = set(residue.english)
    for words in residue.ordered:
        for start in range(len(words) - size + 1):
            if set(words[start : start + size]) == wanted:
                return " ".join(words[start : start + size])
    return None


def aligned_words(
    lexicon: Lexicon, pairs: Iterable[TitlePair], *, leave_out: Collection[str] = ()
) -> dict[str, list[str]]:
    """Chinese word -> English equivalents learned from the pairs (see the module docstring), in a stable order.

    ``leave_out`` names works (GB or original) whose pairs are not used, to evaluate on them without leakage. The
    editions of one GB standard count once (the first in the file), so that a title repeated is no evidence.
    """
    kept = {p.works[0]: p for p in reversed(list(pairs)) if not set(p.works) & set(leave_out)}  # editions: once
    found = list(residues(lexicon, kept.values()))
    # the parts of one series share their title's head: for new words, one series is one piece of evidence
    series = {series_of(pair.designation): residue for pair, residue in zip(kept.values(), found, strict=True)}
    unknown = [r for r in series.values() if r.chinese and r.english]
    alignment = align("zh", [(r.chinese, r.english) for r in unknown])
    clean: collections.Counter[tuple[str, str]] = collections.Counter()
    for residue in unknown:
        if len(residue.chinese) == 1:
            english = residue.english[0] if len(residue.english) == 1 else _phrase(residue)
            if english:
                clean[residue.chinese[0], english] += 1
    attested = collections.Counter(pair for residue in found for pair in residue.attested)
    entries: dict[str, list[str]] = {}
    for (chinese, english), _count in sorted(attested.items(), key=lambda item: (-item[1], item[0])):
        known_first = lexicon.english_for(chinese)[:1]
        if len(chinese) > 1 and chinese not in entries and known_first != [english] and _count >= MIN_LINKS:
            entries[chinese] = [english]
    for chinese, linked in sorted(alignment.links.items()):
        english, count = linked.most_common(1)[0]
        # only words the lexicon has no equivalent for: a known word left over is a free translation
        if len(chinese) > 1 and not lexicon.english_for(chinese) and count >= MIN_LINKS:
            entries[chinese] = [english]
    for (chinese, english), count in sorted(clean.items()):
        if len(chinese) > 1 and " " in english and not lexicon.english_for(chinese) and count >= MIN_LINKS:
            entries[chinese] = [english, *(e for e in entries.get(chinese, []) if e != english)]
    return entries


def anchor_lexicon(lexicon_tsv: str) -> Lexicon:
    """The lexicon of a file written by build_lexicon.py without its aligned rows (source T): the anchors."""
    return Lexicon.from_tsv("\n".join(line for line in lexicon_tsv.splitlines() if not line.startswith("T\t")))


def with_aligned(lexicon_tsv: str, aligned: dict[str, list[str]]) -> Lexicon:
    """A lexicon file's rows with its T rows replaced by ``aligned``, in the build's ranking order (T before the
    termbases and CC-CEDICT)."""
    lines = [line for line in lexicon_tsv.splitlines() if not line.startswith("T\t")]
    after = next((n for n, line in enumerate(lines) if line[:2] in ("I\t", "M\t", "C\t")), len(lines))
    rows = [f"T\t{chinese}\t{'|'.join(english)}" for chinese, english in aligned.items()]
    return Lexicon.from_tsv("\n".join(lines[:after] + rows + lines[after:]))


def main() -> None:
    """Print the aligned words for review (``python scripts/title_alignment.py``), anchored on the bundled
    lexicon less its own T rows."""
    from importlib.resources import files

    from stdbridge.language.lexicon import BUNDLED_NAME
    from stdbridge.language.text import unpacked_text

    text = unpacked_text((files("stdbridge.data") / BUNDLED_NAME).read_bytes())
    pairs = parallel_titles()
    print(f"{len(pairs)} parallel title pairs", file=sys.stderr)
    for chinese, english in aligned_words(anchor_lexicon(text), pairs).items():
        print(f"{chinese}\t{'|'.join(english)}")


if __name__ == "__main__":
    main()
