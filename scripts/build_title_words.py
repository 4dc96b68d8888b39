"""Build the table of English words for foreign title words, shipped as src/stdbridge/data/title_words.tsv.gz.

    pip install -e '.[title-words-build]'      # janome 0.5.0, to cut Japanese titles into words (build only)
    python scripts/build_title_words.py [--without-termbases] [--no-hold-out] [--shared-data PATH]

Sources:

* parallel titles of the bundled catalogues (src/stdbridge/data): ISO English/French, IEC English/French and
  English/Spanish, JIS Japanese/English. Placeholders ("Titre manque"), French titles that are copies of the
  English one and the "Versión oficial en español" prefix are left out; each distinct pair counts once;
* the IEC Electropedia export and the ISO/TC 211 Multi-Lingual Glossary (../shared/data), term pairs of one
  concept in every language that has English (Chinese left out: the zh-en lexicon has them).

Method. Every title pair and term pair becomes a pair of word sets: foreign words in ``foreign_key`` form
(Japanese cut by janome, particles and symbols left out, suffixes such as 性 and 用 joined to their noun),
without function words; English words in ``english_key`` form, without stop words; numbers left out on both
sides (they stand for themselves). Per language, each (foreign word, English word) that occurs in the same
pair is scored by Dunning's log-likelihood ratio; then, in each pair, links are drawn one to one, best score
first, between words not yet linked (Melamed's competitive linking). A foreign word's equivalents are the
English words it was linked to at least ``min_links`` times and in at least ``min_share`` of its pairs, most
links first, three at most. The two thresholds are chosen per language on the development split (below),
by the F1 of the English words produced for foreign titles against the words of the real English titles.
Termbase terms are also entries as whole phrases (their English terms after the learned words).

Held-out data: pairs are split by a hash of the standard's series (body and first number: every edition and
part of ISO 9001 goes the same way) or of the termbase concept: 5 % development (threshold choice), 5 % test
(bench/bench_title_words.py), 90 % training. ``--no-hold-out`` trains on everything (then the bench's figures
are no longer honest).

The output is one gzip'd TSV, written reproducibly (no timestamp in the gzip header), with its provenance in
``#`` header lines and one row per (language, foreign key): ``lang<TAB>foreign<TAB>english|english...``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import functools
import gzip
import hashlib
import io
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_lexicon import clean_term, iev_terms, normalise_english, split_synonyms, usable_english

from stdbridge.language.lexicon import ENGLISH_STOP_WORDS, english_key
from stdbridge.language.title_words import (
    FUNCTION_WORDS,
    JAPANESE_RUN,
    TitleWords,
    foreign_key,
    foreign_words,
    is_japanese_script,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "stdbridge" / "data" / "title_words.tsv.gz"
CATALOGUES = ROOT / "src" / "stdbridge" / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
IEV_CSV = Path("termbase-iev-sample") / "iev_20200330_export.csv"
MLGT_JSONL = Path("termbase-isotc211-mlgt") / "mlgt_terms.jsonl"
JANOME_VERSION = "0.5.0"

# The ISO/TC 211 glossary names languages by ISO 639-2 codes.
MLGT_LANGUAGES = {
    "ara": "ar", "dan": "da", "deu": "de", "dut": "nl", "eng": "en", "fin": "fi", "fra": "fr", "jpn": "ja",
    "kor": "ko", "msa": "ms", "pol": "pl", "rus": "ru", "spa": "es", "swe": "sv", "zho": "zh",
}  # fmt: skip
LEFT_OUT_LANGUAGES = frozenset({"en", "zh"})

# Japanese parts of speech (janome, IPADIC) that carry no title word: particles, auxiliaries, symbols, conjunctions.
JAPANESE_SKIPPED_POS = frozenset({"助詞", "助動詞", "記号", "接続詞", "フィラー", "その他"})

MISSING_TITLE = re.compile(r"titre manque", re.IGNORECASE)
SPANISH_PREFIX = re.compile(r"^\s*versi[oó]n oficial en espa[nñ]ol\s*[-–—:.]*\s*", re.IGNORECASE)
SERIES = re.compile(r"^([A-Za-z]+)\D*?(\d+)")
SPLIT_BUCKETS = 20  # 1 of 20 development, 1 of 20 test
MAX_EQUIVALENTS = 3
MIN_LINKS_GRID = (1, 2, 3, 5, 8, 13)
MIN_SHARE_GRID = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
DEFAULT_THRESHOLDS = (2, 0.1)  # for languages with too few development pairs to choose
MIN_DEVELOPMENT_PAIRS = 30


@dataclass
class Pair:
    """A foreign title or term and the English one of the same standard or concept."""

    lang: str
    foreign: str
    english: str
    group: str  # the series or concept, hashed to choose the split
    source: str  # the catalogue (ISO, IEC, JIS) or termbase (IEV, MLGT)


@dataclass
class Corpus:
    """The training pairs of one language as word sets, and the held-out pairs as text."""

    lang: str
    training: list[tuple[list[str], list[str]]] = field(default_factory=list)
    development: list[Pair] = field(default_factory=list)
    test: list[Pair] = field(default_factory=list)


def split_of(group: str) -> str:
    """``train``, ``dev`` or ``test``, from a stable hash of the series or concept.

    >>> split_of("ISO 9001"), split_of("ISO 9001")
    ('train', 'train')
    """
    bucket = int.from_bytes(hashlib.sha1(group.encode("utf-8")).digest()[:4], "big") % SPLIT_BUCKETS
    return {0: "dev", 1: "test"}.get(bucket, "train")


def series_of(identifier: str) -> str:
    """The body and first number of an identifier: all its editions, parts and drafts share it.

    >>> series_of("ISO/DIS 10303-209:2014"), series_of("IEC 60050-722:1992/AMD1:2017"), series_of("JIS A 8603-1")
    ('ISO 10303', 'IEC 60050', 'JIS 8603')
    """
    match = SERIES.match(identifier)
    return f"{match.group(1).upper()} {match.group(2)}" if match else identifier


# --- parallel titles ----------------------------------------------------------------------------------------


def read_catalogue(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def is_english_copy(foreign: str, english: str) -> bool:
    """True for a "translation" that is the English title again (a few ISO French titles are).

    >>> is_english_copy("Plastics - Symbols", "Plastics - Symbols")
    True
    >>> is_english_copy("Plastiques - Symboles", "Plastics - Symbols")
    False
    """
    foreign_set = [word.lower() for word in foreign_words(foreign) if not word.isdigit()]
    english_set = {word.lower() for word in foreign_words(english)}
    if not foreign_set:
        return True
    return sum(word in english_set for word in foreign_set) >= 0.8 * len(foreign_set)


def title_pairs(catalogues: Path) -> Iterator[Pair]:
    """Foreign/English title pairs of the ISO, IEC and JIS catalogues, cleaned (see the module docstring)."""
    for name, fields in (("iso", ("title_fr",)), ("iec", ("title_fr", "title_es")), ("jis", ("title_ja",))):
        for record in read_catalogue(catalogues / f"{name}_catalog.jsonl.gz"):
            english = (record.get("title_en") or "").strip()
            if not english:
                continue
            for title_field in fields:
                foreign = (record.get(title_field) or "").strip()
                lang = title_field.removeprefix("title_")
                if lang == "es":
                    foreign = SPANISH_PREFIX.sub("", foreign)
                if not foreign or MISSING_TITLE.search(foreign):
                    continue
                if lang != "ja" and is_english_copy(foreign, english):
                    continue
                yield Pair(lang, foreign, english, series_of(record["id"]), name.upper())


# --- termbases ----------------------------------------------------------------------------------------------


def read_iev(path: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(concept, language, terms) of the IEV export, preferred term first, deprecated synonyms left out."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield f"IEV {row['IEVREF']}", row["LANGUAGE"], iev_terms(row)


def read_mlgt(path: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(concept, language, terms) of the ISO/TC 211 glossary; valid entries before superseded ones."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["lang"] in MLGT_LANGUAGES:
                rows.append(row)
    rows.sort(key=lambda row: row.get("entry_status") != "valid")  # stable: file order otherwise
    for row in rows:
        terms = [str(row["term"])] + [str(term) for term in row.get("other_terms") or []]
        yield f"MLGT {row['concept_id']}", MLGT_LANGUAGES[row["lang"]], terms


def term_pairs(shared_data: Path) -> Iterator[Pair]:
    """Every foreign term of a concept paired with its first English term; more English terms follow in
    ``english`` separated by ``|``."""
    concepts: dict[str, dict[str, list[str]]] = collections.defaultdict(dict)
    for concept, lang, terms in [*read_iev(shared_data / IEV_CSV), *read_mlgt(shared_data / MLGT_JSONL)]:
        cleaned = concepts[concept].setdefault(lang, [])
        for term in split_synonyms(terms):
            value = unicodedata.normalize("NFKC", clean_term(term)).strip()
            if value and value not in cleaned:
                cleaned.append(value)
    for concept in sorted(concepts):
        languages = concepts[concept]
        english = [term for term in map(normalise_english, languages.get("en", [])) if usable_english(term)]
        if not english:
            continue
        for lang in sorted(languages):
            if lang in LEFT_OUT_LANGUAGES:
                continue
            for term in languages[lang]:
                yield Pair(lang, term, "|".join(english), concept, concept.split()[0])


# --- words --------------------------------------------------------------------------------------------------


@functools.cache
def _janome() -> Any:
    try:
        from janome.tokenizer import Tokenizer  # type: ignore[import-untyped]
    except ImportError:
        sys.exit(f"Error: install janome=={JANOME_VERSION} (pip install -e '.[title-words-build]')")
    return Tokenizer()


@functools.lru_cache(maxsize=200_000)
def japanese_words(run: str) -> tuple[str, ...]:
    """The content words of a run of kanji and kana, cut by janome; a suffix (性, 用, 的) joins its noun.

    >>> japanese_words("家庭用電気機器の安全性")
    ('家庭用', '電気', '機器', '安全性')
    """
    words: list[str] = []
    previous_joins = False
    for token in _janome().tokenize(run):
        pos = token.part_of_speech.split(",")
        if pos[0] in JAPANESE_SKIPPED_POS:
            previous_joins = False
            continue
        surface = unicodedata.normalize("NFKC", token.surface).lower()
        if pos[0] == "名詞" and pos[1] == "接尾" and previous_joins and words:
            words[-1] += surface
        elif is_japanese_script(surface):
            words.append(surface)
        previous_joins = pos[0] == "名詞" and is_japanese_script(surface)
    return tuple(words)


def foreign_word_set(text: str, lang: str) -> list[str]:
    """The distinct content words of a foreign title or term, in ``foreign_key`` form, numbers left out."""
    if lang == "ja":
        runs = JAPANESE_RUN.findall(unicodedata.normalize("NFKC", text))
        words = [word for run in runs for word in japanese_words(run)]
    else:
        skipped = FUNCTION_WORDS.get(lang, frozenset())
        words = [foreign_key(word, lang) for word in foreign_words(text) if word.lower() not in skipped]
    return list(dict.fromkeys(word for word in words if word and not any(ch.isdigit() for ch in word)))


def english_word_set(text: str) -> list[str]:
    """The distinct content words of an English title, in ``english_key`` form, numbers left out."""
    words = english_key(text).split()
    return list(dict.fromkeys(w for w in words if w not in ENGLISH_STOP_WORDS and not any(c.isdigit() for c in w)))


# --- alignment ----------------------------------------------------------------------------------------------


def log_likelihood(both: int, foreign: int, english: int, pairs: int) -> float:
    """Dunning's log-likelihood ratio (G²) of two words occurring together in ``both`` of ``pairs`` pairs."""
    cells = (both, foreign - both, english - both, pairs - foreign - english + both)
    rows = (foreign, pairs - foreign)
    columns = (english, pairs - english)
    total = 0.0
    for index, observed in enumerate(cells):
        if observed > 0:
            expected = rows[index // 2] * columns[index % 2] / pairs
            total += observed * math.log(observed / expected)
    return 2 * total


def useful_key(key: str, lang: str) -> bool:
    """False for keys that match too much: a single kana, or a single letter."""
    if lang == "ja":
        return len(key) > 1 or not re.fullmatch(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]", key)
    return len(key) > 1


@dataclass
class Alignment:
    """Link counts from competitive linking, and how many training pairs hold each foreign word."""

    lang: str
    links: dict[str, collections.Counter[str]]
    occurrences: collections.Counter[str]

    def entries(self, min_links: int, min_share: float) -> Iterator[tuple[str, list[str]]]:
        """(foreign word, English equivalents best first) for the words that pass both thresholds."""
        for foreign, linked in self.links.items():
            floor = max(min_links, min_share * self.occurrences[foreign])
            equivalents = [english for english, count in linked.most_common(MAX_EQUIVALENTS) if count >= floor]
            if equivalents and useful_key(foreign, self.lang):
                yield foreign, equivalents


def align(lang: str, training: list[tuple[list[str], list[str]]]) -> Alignment:
    """Competitive linking over log-likelihood association (see the module docstring)."""
    foreign_counts: collections.Counter[str] = collections.Counter()
    english_counts: collections.Counter[str] = collections.Counter()
    together: collections.Counter[tuple[str, str]] = collections.Counter()
    for foreign, english in training:
        foreign_counts.update(foreign)
        english_counts.update(english)
        together.update((f, e) for f in foreign for e in english)
    pairs = len(training)
    score = {}
    for (f, e), both in together.items():
        # Only words found together more often than chance can be linked.
        if both * pairs > foreign_counts[f] * english_counts[e]:
            score[f, e] = log_likelihood(both, foreign_counts[f], english_counts[e], pairs)
    links: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for foreign, english in training:
        candidates = sorted(
            ((score[f, e], f, e) for f in foreign for e in english if (f, e) in score),
            key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
        )
        linked_foreign: set[str] = set()
        linked_english: set[str] = set()
        for _, f, e in candidates:
            if f not in linked_foreign and e not in linked_english:
                links[f][e] += 1
                linked_foreign.add(f)
                linked_english.add(e)
    return Alignment(lang, dict(links), foreign_counts)


# --- evaluation and thresholds --------------------------------------------------------------------------------


@dataclass
class Overlap:
    """English words produced for foreign titles against those of the real English titles."""

    produced: int = 0
    reference: int = 0
    matched: int = 0

    def add(self, produced: Iterable[str], reference: Iterable[str]) -> None:
        produced_set, reference_set = set(produced), set(reference)
        self.produced += len(produced_set)
        self.reference += len(reference_set)
        self.matched += len(produced_set & reference_set)

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.reference if self.reference else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def overlap(title_words: TitleWords, pairs: Iterable[Pair]) -> Overlap:
    """Word overlap of ``english_for_title`` with the real English titles (``english_key`` words, no numbers)."""
    found = Overlap()
    for pair in pairs:
        produced = english_word_set(" ".join(title_words.english_for_title(pair.foreign, pair.lang)))
        found.add(produced, english_word_set(pair.english.split("|")[0]))
    return found


def choose_thresholds(
    corpus: Corpus, alignment: Alignment, terms: dict[str, list[str]]
) -> tuple[tuple[int, float], float]:
    """The (min_links, min_share) of the grid with the best F1 on the development pairs, and that F1."""
    if len(corpus.development) < MIN_DEVELOPMENT_PAIRS:
        return DEFAULT_THRESHOLDS, float("nan")
    best: tuple[float, tuple[int, float]] = (-1.0, DEFAULT_THRESHOLDS)
    for min_links in MIN_LINKS_GRID:
        for min_share in MIN_SHARE_GRID:
            rows = table_rows(corpus.lang, alignment, terms, min_links, min_share)
            f1 = overlap(TitleWords(rows), corpus.development).f1
            best = max(best, (f1, (min_links, min_share)))
    return best[1], best[0]


def table_rows(
    lang: str, alignment: Alignment, terms: dict[str, list[str]], min_links: int, min_share: float
) -> list[tuple[str, str, list[str]]]:
    """The rows of one language: learned words first, then termbase phrases (their equivalents appended)."""
    rows = [(lang, foreign, english) for foreign, english in alignment.entries(min_links, min_share)]
    rows.extend((lang, foreign, english) for foreign, english in terms.items())
    return rows


# --- building -------------------------------------------------------------------------------------------------


def termbase_entries(pairs: Iterable[Pair]) -> dict[str, dict[str, list[str]]]:
    """lang → foreign term key → English terms (``english_key`` form), preferred first."""
    entries: dict[str, dict[str, list[str]]] = collections.defaultdict(dict)
    for pair in pairs:
        key = foreign_key(pair.foreign, pair.lang)
        if not key or (pair.lang == "ja" and not is_japanese_script(key)):
            continue
        if pair.foreign.lower() in FUNCTION_WORDS.get(pair.lang, ()) or not useful_key(key, pair.lang):
            continue
        equivalents = entries[pair.lang].setdefault(key, [])
        for english in pair.english.split("|"):
            value = english_key(english)
            if value and value not in equivalents:
                equivalents.append(value)
    return entries


def corpora(pairs: Iterable[Pair], hold_out: bool) -> dict[str, Corpus]:
    """Pairs split and turned into word sets, per language; each distinct pair once."""
    found: dict[str, Corpus] = {}
    seen: set[tuple[str, str, str]] = set()
    for pair in pairs:
        identity = (pair.lang, pair.foreign, pair.english)
        if identity in seen:
            continue
        seen.add(identity)
        corpus = found.setdefault(pair.lang, Corpus(pair.lang))
        split = split_of(pair.group) if hold_out else "train"
        if split == "dev":
            corpus.development.append(pair)
        elif split == "test":
            corpus.test.append(pair)
        else:
            foreign = foreign_word_set(pair.foreign, pair.lang)
            english = english_word_set(pair.english.split("|")[0])
            if foreign and english:
                corpus.training.append((foreign, english))
    return found


def write_table(path: Path, header: list[str], rows: list[tuple[str, str, list[str]]]) -> None:
    """Write the gzip'd TSV reproducibly, rows sorted by language and key."""
    buffer = io.StringIO()
    for line in header:
        buffer.write(f"# {line}\n")
    merged: dict[tuple[str, str], list[str]] = {}
    for lang, key, english in rows:
        equivalents = merged.setdefault((lang, key), [])
        equivalents.extend(term for term in english if term not in equivalents)
    for (lang, key), equivalents in sorted(merged.items()):
        buffer.write(f"{lang}\t{key}\t{'|'.join(equivalents)}\n")
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--catalogues", type=Path, default=CATALOGUES, help="folder of the catalogues")
    parser.add_argument("--shared-data", type=Path, default=SHARED_DATA, help="folder holding the termbases")
    parser.add_argument("--without-termbases", action="store_true", help="leave out the IEV and ISO/TC 211 terms")
    parser.add_argument("--no-hold-out", action="store_true", help="train on every pair (no honest evaluation)")
    args = parser.parse_args(argv)
    started = time.monotonic()

    terms = [] if args.without_termbases else list(term_pairs(args.shared_data))
    hold_out = not args.no_hold_out
    by_language = corpora([*title_pairs(args.catalogues), *terms], hold_out)
    training_terms = [pair for pair in terms if not hold_out or split_of(pair.group) == "train"]
    entries = termbase_entries(training_terms)
    header = [
        "stdbridge title words: generated by scripts/build_title_words.py, do not edit by hand.",
        "columns: lang<TAB>foreign word or phrase (foreign_key form)<TAB>english equivalents separated by |, best "
        "first.",
        "titles: ISO en/fr, IEC en/fr/es, JIS ja/en (bundled catalogues); words linked by competitive linking over "
        "log-likelihood.",
    ]
    if not args.without_termbases:
        header.append("termbases: IEC Electropedia export 2020-03-30 and ISO/TC 211 glossary term pairs; licence not "
                      "cleared.")  # fmt: skip
    if hold_out:
        header.append("held out: 1 in 10 series or concepts (scripts/build_title_words.py split_of), not trained on.")
    rows: list[tuple[str, str, list[str]]] = []
    for lang in sorted(by_language):
        corpus = by_language[lang]
        alignment = align(lang, corpus.training)
        (min_links, min_share), f1 = choose_thresholds(corpus, alignment, entries.get(lang, {}))
        language_rows = table_rows(lang, alignment, entries.get(lang, {}), min_links, min_share)
        rows.extend(language_rows)
        header.append(f"{lang}: {len(corpus.training)} training pairs, min_links={min_links}, min_share={min_share}")
        print(
            f"{lang}: {len(corpus.training)} training, {len(corpus.development)} dev, {len(corpus.test)} test pairs; "
            f"min_links={min_links} min_share={min_share} (dev F1 {f1:.3f}); {len(language_rows)} rows",
            file=sys.stderr,
        )
    write_table(args.output, header, rows)
    print(f"{args.output}: {len(TitleWords(rows))} entries, {args.output.stat().st_size} bytes, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
