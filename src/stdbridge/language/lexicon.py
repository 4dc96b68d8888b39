"""A Chinese–English lexicon, so that search can cross languages.

A Chinese query must find records that only have English titles, and the reverse. The lexicon maps
Chinese words and terms to English equivalents and back, and segments Chinese text into words it knows::

    >>> lexicon = Lexicon.bundled()
    >>> lexicon.english_for("电磁兼容")
    ['electromagnetic compatibility', 'emc']
    >>> lexicon.expansions("LPG"), lexicon.chinese_for("LPG")[0]
    (['liquefied petroleum gas'], '液化石油气')
    >>> lexicon.english_for_text("质量管理体系 要求")[0]
    ('质量管理体系', ['quality management systems', 'quality management system', 'qms'])
    >>> lexicon.chinese_for("Requirements")[0]
    '要求'
    >>> [(phrase, chinese[0]) for phrase, chinese in lexicon.chinese_for_text("household appliances safety")]
    [('household appliances', '家用电器'), ('safety', '安全')]

The data is one file, ``data/lexicon.tsv.gz``, built by ``scripts/build_lexicon.py`` from six sources, in
ranking order: a reviewed glossary of standardization vocabulary (English as ISO and IEC titles write it), a
reviewed table of abbreviations (EMC, EV, LED, PV, LPG ... with their English and Chinese expansions), words
aligned over the Chinese and English titles of the bundled GB records (the equivalent titles use, "产品":
"product" where the IEV says "item"), the IEC Electropedia and ISO/TC 211 termbases (zh/en term pairs only), and
CC-CEDICT (short glosses, first sense first). Equivalents are therefore ranked
domain first, general dictionary last. NOTICE names the
sources and their licences (CC-CEDICT: CC BY-SA 4.0; the termbases' licence is not cleared).

Segmentation uses jieba, with the domain terms of the glossary and termbases added to its dictionary so
that they stay whole (``电磁兼容``, ``质量管理体系``). Whole terms translate as phrases: ``电磁兼容`` is
"electromagnetic compatibility", while its parts give "electromagnetic" and "compatible", which does not
match "compatibility"; and ``质量管理体系`` gives "quality management systems" where ``体系`` alone would
also give "setup". So whole terms are what cross-language matching wants; ``segment(..., parts=True)``
adds the known words inside a term (``质量管理``, ``体系``) for recall in a Chinese index.

Only simplified Chinese headwords are stored. Nothing here reads the network; the only file written is
jieba's dictionary cache, in the user's cache folder (``cache_dir()``).
"""

from __future__ import annotations

import functools
import logging
import operator
import os
import re
import sys
import tempfile
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from stdbridge.language.text import unpacked_text
from stdbridge.language.word_tables import fewest_known_pieces, merge_equivalents

__all__ = ["ENGLISH_STOP_WORDS", "Lexicon", "cache_dir", "english_key"]

BUNDLED_NAME = "lexicon.tsv.gz"
SOURCES = {
    "G": "stdbridge glossary",
    "A": "stdbridge abbreviations",
    "T": "aligned GB titles",
    "I": "IEC Electropedia",
    "M": "ISO/TC 211 glossary",
    "C": "CC-CEDICT",
}
_SOURCE_RANK = {source: rank for rank, source in enumerate(SOURCES)}
_DOMAIN_RANKS = frozenset(_SOURCE_RANK[source] for source in "GAIM")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# A run of Han characters, or of other letters and digits joined by the punctuation designations use.
_RUN = re.compile(rf"(?P<han>[{_HAN}]+)|[^\W_{_HAN}]+(?:[-./+_][^\W_{_HAN}]+)*")
_ROW = re.compile(r"^(\w)\t([^\t\n]+)\t([^\t\n]+)$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")
_RUNS_REMEMBERED = 1 << 16  # Han runs whose words are kept (all forgotten at once beyond)
_ENGLISH_WORD = re.compile(r"[a-z0-9]+")
_NO_PLURAL = frozenset(
    {"always", "apparatus", "axis", "basis", "bus", "canvas", "chassis", "corps", "gas", "has", "its", "lens"}
    | {"means", "news", "numerous", "plus", "series", "species", "status", "this", "thus", "various", "was", "yes"}
)
# English words that neither begin nor end a phrase (the title words of ``title_words`` leave them out too).
ENGLISH_STOP_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"}
)
_MAX_PHRASE_WORDS = 6
_MAX_WORD_LENGTH = 12
_ROW_BITS = 22  # the reverse index packs (source, late position, row) into one int
# Single characters are often ambiguous: in the reverse ranking they count as this many rows less common.
_SINGLE_CHARACTER_PENALTY = 20_000
# English lookups answered by scanning the rows before the whole reverse index is built: a command line run asks
# a handful (building the index takes longer than starting the command), a server or a bulk run asks thousands.
_SCANNED_LOOKUPS = 64


def _singular(word: str) -> str:
    """A plural English word made singular by spelling rules (consistent, not always correct)."""
    if len(word) <= 3 or not word.endswith("s") or word in _NO_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def english_key(text: str) -> str:
    """The form under which English is compared: lower case, letters and digits only, plurals made singular.

    >>> english_key("Test methods")
    'test method'
    >>> english_key("radio-frequency")
    'radio frequency'
    >>> english_key("Batteries and accessories")
    'battery and accessory'
    """
    return " ".join(_singular(word) for word in _ENGLISH_WORD.findall(text.lower()))


def _base_forms(word: str) -> list[str]:
    """Candidate stems of an -ing or -ed word (``testing`` → ``test``, ``measured`` → ``measure``, ``certified``)."""
    forms = [word[:-3] + "y"] if word.endswith("ied") else []
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms.extend([stem, stem + "e"])
            if len(stem) > 3 and stem[-1] == stem[-2]:  # stopped → stop
                forms.append(stem[:-1])
    return forms


def _is_single(piece: str) -> int:
    return len(piece) == 1


def normalise_chinese(text: str) -> str:
    """The form under which Chinese is stored: NFKC (full-width ASCII to ASCII), no whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def cache_dir() -> Path:
    """The folder for stdbridge's caches: ``$STDBRIDGE_CACHE_DIR``, else the platform's user cache folder.

    On Linux that is ``$XDG_CACHE_HOME/stdbridge`` or ``~/.cache/stdbridge``; on macOS
    ``~/Library/Caches/stdbridge``; on Windows ``%LOCALAPPDATA%\\stdbridge\\Cache``.
    """
    explicit = os.environ.get("STDBRIDGE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "stdbridge" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "stdbridge"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stdbridge"


def _writable_cache_dir() -> str:
    """``cache_dir()``, created if need be, or the system's temporary folder when it cannot be."""
    try:
        path = cache_dir()
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return str(path)
    except OSError:
        pass
    return tempfile.gettempdir()


class Lexicon:
    """Chinese ↔ English equivalents, ranked, and Chinese segmentation that keeps known terms whole.

    Build one from rows ``(source, chinese, english equivalents)`` given in ranking order (sources:
    ``G`` glossary, ``A`` abbreviations, ``T`` aligned titles, ``I`` IEC Electropedia, ``M`` ISO/TC 211 glossary,
    ``C`` CC-CEDICT; within a source,
    commoner words first), or use ``bundled()``. Chinese is expected in simplified characters, English in
    lower case. A Lexicon can be shared between threads.
    """

    def __init__(self, rows: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        self._setup([(source, chinese, "|".join(english)) for source, chinese, english in rows if english])

    def _setup(self, rows: list[tuple[str, str, str]]) -> None:
        self._rows = rows
        self._chinese: dict[str, str] | None = None  # Chinese → "a|b|c", built on first use (``_english``)
        # abbreviation rows (source A, a Latin key): the expansions, then the abbreviation itself, last
        self._abbreviations = {
            chinese.casefold(): (chinese, equivalents.split("|")[:-1])
            for source, chinese, equivalents in rows
            if source == "A" and not _HAN_RUN.search(chinese)
        }
        self._reverse: dict[str, list[int]] | None = None
        self._scanned: dict[str, list[int]] = {}  # english_key → what ``_reverse`` would hold, found by scanning
        self._english_rows: str | None = None  # the rows' English in lower case, one row a line
        self._term_keys: dict[str, str] = {}
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        # the words of each Han run segmented lately, by (run, parts, split_unknown): titles repeat their phrases
        # (信息技术, 安全要求, 第1部分 ...), and indexing a catalogue segments every Chinese title
        self._run_words: dict[tuple[str, bool, bool], tuple[str, ...]] = {}

    @property
    def _english(self) -> dict[str, str]:
        """Chinese → its English equivalents as one "a|b|c" string, made when Chinese is first looked up."""
        if self._chinese is None:
            with self._lock:
                if self._chinese is None:
                    rows = self._rows
                    self._chinese = merge_equivalents((chinese, equivalents) for _, chinese, equivalents in rows)
        return self._chinese

    @classmethod
    def from_tsv(cls, text: str) -> Lexicon:
        """A lexicon from the text of a file written by ``scripts/build_lexicon.py``."""
        lexicon = cls.__new__(cls)
        lexicon._setup(_ROW.findall(text))
        return lexicon

    @classmethod
    def bundled(cls) -> Lexicon:
        """The lexicon shipped with stdbridge, loaded once per process."""
        return _bundled()

    def __len__(self) -> int:
        """The number of Chinese words and terms."""
        return len(self._english)

    def __contains__(self, chinese: object) -> bool:
        return isinstance(chinese, str) and normalise_chinese(chinese) in self._english

    def english_for(self, zh: str) -> list[str]:
        """English equivalents of a Chinese word or term, best first, in lower case; [] when unknown.

        >>> Lexicon.bundled().english_for("抗扰度")
        ['immunity']
        """
        key = normalise_chinese(zh)
        found = self._english.get(key)
        if found is None and len(key) > 2 and key.endswith("的"):  # termbases list adjectives as 正交的
            found = self._english.get(key[:-1])
        return found.split("|") if found else []

    def expansions(self, abbreviation: str) -> list[str]:
        """English expansions of an abbreviation of the abbreviation table, [] for any other word.

        It is found as written, or in any case when it has three letters or more (``emc``, ``Lpg``): two-letter
        words in lower case (``it``, ``pp``, ``ac``) are too often something else.

        >>> Lexicon.bundled().expansions("EV")
        ['electric vehicle']
        >>> Lexicon.bundled().expansions("ev"), Lexicon.bundled().expansions("led")
        ([], ['light emitting diode'])
        """
        found = self._abbreviations.get(abbreviation.casefold())
        if found is None or (found[0] != abbreviation and len(abbreviation) < 3):
            return []
        return list(found[1])

    def chinese_for(self, en: str) -> list[str]:
        """Chinese equivalents of an English word or phrase, best first; [] when unknown.

        Case, punctuation, hyphens and plurals do not matter (``Requirements`` finds what ``requirement``
        finds); an ``-ing`` or ``-ed`` form falls back to its stem when it is no entry itself. Ranking:
        source (glossary, termbases, CC-CEDICT); then entries that give the English among their first
        three equivalents; then entries that give it as written (``waters`` is no exact match for
        ``water``); then commoner words first, single characters counting as much less common than they
        are, because they are ambiguous.

        >>> Lexicon.bundled().chinese_for("test methods")[0]
        '试验方法'
        """
        key = english_key(en)
        if not key:
            return []
        candidates = self._rows_with_key(key)
        if not candidates:
            head, _, last = key.rpartition(" ")
            for form in _base_forms(last):
                candidates = self._rows_with_key(f"{head} {form}".strip())
                if candidates:
                    break
        wanted = " ".join(en.lower().split())
        rows = self._rows
        mask = (1 << _ROW_BITS) - 1

        def rank(packed: int) -> tuple[int, bool, int]:
            row = packed & mask
            _, chinese, equivalents = rows[row]
            inexact = wanted not in equivalents.split("|")
            return packed >> _ROW_BITS, inexact, row + _SINGLE_CHARACTER_PENALTY * (len(chinese) == 1)

        ranked: dict[str, None] = {}
        for packed in sorted(candidates or (), key=rank):
            ranked.setdefault(rows[packed & mask][1])
        return list(ranked)

    def english_for_text(self, zh_text: str) -> list[tuple[str, list[str]]]:
        """Each word of a Chinese text (see ``segment``) with its English equivalents, [] for unknown words.

        Words that are not Chinese (Latin words, numbers, designations) stand for themselves, in lower case.
        """
        pairs = []
        for word in self.segment(zh_text):
            if _HAN_RUN.search(word):
                pairs.append((word, self.english_for(word)))
            else:
                pairs.append((word, [word.lower()]))
        return pairs

    def chinese_for_text(self, en_text: str) -> list[tuple[str, list[str]]]:
        """The phrases of an English text with their Chinese equivalents, [] for unknown words.

        Words are read left to right; at each word the longest phrase (up to six words) that has an entry
        wins. Stop words (``and``, ``of``, ``for`` …) can be inside a phrase but neither begin nor end one,
        and are not given alone.
        """
        words = _ENGLISH_WORD.findall(en_text.lower())
        pairs: list[tuple[str, list[str]]] = []
        start = 0
        while start < len(words):
            end = min(len(words), start + _MAX_PHRASE_WORDS)
            while end > start + 1:
                if words[start] not in ENGLISH_STOP_WORDS and words[end - 1] not in ENGLISH_STOP_WORDS:
                    phrase = " ".join(words[start:end])
                    chinese = self.chinese_for(phrase)
                    if chinese:
                        pairs.append((phrase, chinese))
                        break
                end -= 1
            else:
                if words[start] not in ENGLISH_STOP_WORDS:
                    pairs.append((words[start], self.chinese_for(words[start])))
            start = end
        return pairs

    def segment(self, zh_text: str, *, parts: bool = False, split_unknown: bool = True) -> list[str]:
        """Split Chinese text into words with jieba, keeping the lexicon's domain terms whole.

        The text is NFKC-normalised first (full-width letters, digits and punctuation become ASCII). Runs
        of Han characters are segmented (jieba without its HMM guesser, so that results are dictionary
        words); a word that jieba knows but the lexicon does not is split again into the fewest words the
        lexicon knows (``工作指南`` → ``工作`` ``指南``), so that it can be translated. Runs of other letters
        and digits, with the ``- . / + _`` that join designations (``61000-4-2``, ``GB/T``, ``SARS-CoV-2``),
        are kept whole, as written. Punctuation, symbols, emoji, whitespace and control characters are
        dropped. With ``parts=True`` the known words inside each longer word come before it, as in jieba's
        search mode, for indexing. With ``split_unknown=False`` a word jieba knows and the lexicon does not stays
        whole (to learn what it means).

        >>> Lexicon.bundled().segment("GB/T 17626.2—2018 电磁兼容 试验和测量技术")
        ['GB/T', '17626.2', '2018', '电磁兼容', '试验和测量技术']
        >>> Lexicon.bundled().segment("质量管理体系", parts=True)
        ['质量', '管理', '质量管理', '体系', '质量管理体系']
        """
        text = unicodedata.normalize("NFKC", zh_text)
        words: list[str] = []
        for match in _RUN.finditer(text):
            run = match.group("han")
            if run is None:
                words.append(match.group())
                continue
            key = (run, parts, split_unknown)
            found = self._run_words.get(key)
            if found is None:
                found = self._segment_run(run, parts=parts, split_unknown=split_unknown)
                if len(self._run_words) >= _RUNS_REMEMBERED:
                    self._run_words.clear()
                self._run_words[key] = found
            words.extend(found)
        return words

    def _segment_run(self, run: str, *, parts: bool, split_unknown: bool) -> tuple[str, ...]:
        """The words of one run of Han characters (see ``segment``)."""
        words: list[str] = []
        for jieba_word in self._jieba().cut(run, HMM=False):
            known = jieba_word in self._english or not split_unknown
            for word in [jieba_word] if known else self._split(jieba_word):
                if parts and len(word) > 2:
                    words.extend(self._parts_of(word))
                words.append(word)
        return tuple(words)

    def _split(self, word: str, *, whole: bool = True) -> list[str]:
        """The fewest lexicon words that make up ``word`` (unknown characters stay single).

        Ties go to fewer single characters, then to the longer first word; ``whole=False`` leaves out the word
        itself.
        """
        return fewest_known_pieces(word, self._english, _MAX_WORD_LENGTH, _is_single, whole=whole)

    def _parts_of(self, word: str) -> Iterator[str]:
        """The known words of two characters or more inside a word, inner parts first."""
        for piece in self._split(word, whole=False):
            if len(piece) > 1:
                if len(piece) > 2:
                    yield from self._parts_of(piece)
                yield piece

    def domain_terms(self) -> list[str]:
        """The Chinese terms of the glossary and termbases: the words that segmentation keeps whole."""
        terms = []
        for source, chinese, _ in self._rows:
            if (
                _SOURCE_RANK.get(source) in _DOMAIN_RANKS
                and len(chinese) > 1
                and _HAN_RUN.fullmatch(chinese)
                and not chinese.endswith("的")
            ):
                terms.append(chinese)
        return terms

    def entries(self, source: str) -> list[tuple[str, list[str]]]:
        """The rows of one source (``SOURCES``: "G" the glossary ...): each Chinese term with its English
        equivalents, best first, in the file's order."""
        return [(chinese, english.split("|")) for found, chinese, english in self._rows if found == source]

    def _rows_with_key(self, key: str) -> list[int]:
        """The packed (source rank, late position, row) of every equivalent whose ``english_key`` is ``key``, in
        row order: from the reverse index once built, else by scanning the rows that can hold it."""
        if self._reverse is not None:
            return self._reverse.get(key, [])
        found = self._scanned.get(key)
        if found is not None:
            return found
        # A word whose singular (``_singular``) is w starts with w[:-1]: only rows holding that can match.
        stem = max(key.split(" "), key=len)[:-1]
        text = self._english_text()
        if len(stem) < 2 or len(self._scanned) >= _SCANNED_LOOKUPS or not text:
            return self._reverse_index().get(key, [])
        rows: list[int] = []
        row = seen = 0
        for match in re.finditer(re.escape(stem), text):  # rows are lines: count the line breaks passed
            row += text.count("\n", seen, match.start())
            seen = match.start()
            if not rows or rows[-1] != row:
                rows.append(row)
        found = []
        for row in rows:
            for position, term in enumerate(self._rows[row][2].split("|")):
                if self._key_of(term) == key:
                    found.append(self._packed(row, position))
        self._scanned[key] = found
        return found

    def _english_text(self) -> str:
        """The English of every row in lower case, one row a line; empty when a row's English has a line break."""
        if self._english_rows is None:
            with self._lock:
                if self._english_rows is None:
                    text = "\n".join(map(operator.itemgetter(2), self._rows)).lower()
                    self._english_rows = text if text.count("\n") == len(self._rows) - 1 else ""
        return self._english_rows

    def _key_of(self, term: str) -> str:
        key = self._term_keys.get(term)
        if key is None:
            key = self._term_keys[term] = english_key(term)
        return key

    def _packed(self, row: int, position: int) -> int:
        """Source rank, whether the equivalent comes late in its row (fourth or later), and the row, as one int."""
        packed = _SOURCE_RANK.get(self._rows[row][0], len(_SOURCE_RANK)) << (_ROW_BITS + 1) | row
        return packed | 1 << _ROW_BITS if position >= 3 else packed

    def _reverse_index(self) -> dict[str, list[int]]:
        """english_key → packed (source rank, late position, row), built on first use."""
        if self._reverse is not None:
            return self._reverse
        with self._lock:
            if self._reverse is None:
                reverse: dict[str, list[int]] = {}
                keys = self._term_keys
                late = 1 << _ROW_BITS
                for row, (source, _, equivalents) in enumerate(self._rows):
                    packed = _SOURCE_RANK.get(source, len(_SOURCE_RANK)) << (_ROW_BITS + 1) | row
                    for position, term in enumerate(equivalents.split("|")):
                        key = keys.get(term)
                        if key is None:
                            key = keys[term] = english_key(term)
                        found = reverse.get(key)
                        value = packed | late if position >= 3 else packed
                        if found is None:
                            reverse[key] = [value]
                        else:
                            found.append(value)
                self._reverse = reverse
            return self._reverse

    def _jieba(self) -> Any:
        """A jieba tokenizer of this lexicon's own (jieba's global one is left alone), domain terms added."""
        if self._tokenizer is not None:
            return self._tokenizer
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = _new_tokenizer(self.domain_terms())
            return self._tokenizer


def _new_tokenizer(terms: Iterable[str]) -> Any:
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources and has invalid escapes in its source: not ours to fix.
        warnings.simplefilter("ignore")
        import jieba
    # jieba logs the loading of its dictionary at DEBUG level, to a stderr handler of its own.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _writable_cache_dir()
    tokenizer.initialize()
    frequencies = tokenizer.FREQ
    for term in terms:
        if not frequencies.get(term):
            tokenizer.add_word(term)
    return tokenizer


@functools.cache
def _bundled() -> Lexicon:
    data = (files("stdbridge.data") / BUNDLED_NAME).read_bytes()
    return Lexicon.from_tsv(unpacked_text(data))
