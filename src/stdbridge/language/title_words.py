"""English words for standard titles in other languages, so that counterparts can be found across languages.

Suggestions compare title words in English. A standard known only by a French, Japanese, Spanish, Russian or
German title gets English words here, one foreign word or phrase at a time::

    >>> words = TitleWords.bundled()
    >>> words.english_for_title("Systèmes de management de la qualité — Exigences", "fr")
    ['system', 'management', 'quality', 'requirement']
    >>> words.english_for_title("品質マネジメントシステム―要求事項", "ja")
    ['quality', 'management', 'system', 'requirement']
    >>> words.english_for_title("Географическая информация — Качество данных", "ru")
    ['geographic', 'information', 'quality', 'data']
    >>> words.english_for_text("Compatibilité électromagnétique (CEM) — Partie 4", "fr")[2:]
    [('CEM', ['emc']), ('Partie', ['part']), ('4', ['4'])]

The data is one file, ``data/title_words.tsv.gz``, built by ``scripts/build_title_words.py`` from two kinds
of source. Term pairs of two termbases, the IEC Electropedia and the ISO/TC 211 glossary, give every foreign
term of a concept the English terms of the same concept (these are the only source for Russian, German and
the other languages that have no parallel titles). Word alignments learned from the titles of standards
published in two languages give the vocabulary of titles: ISO English/French, IEC English/French/Spanish
and JIS Japanese/English. Foreign and English words that occur in the same titles are scored by
log-likelihood association and linked one to one, best score first, within each title pair ("competitive
linking"); a foreign word's English equivalents are the words it was linked to most often. Each row of the
file is ``lang<TAB>foreign word or phrase<TAB>english|english...``, best first. NOTICE names the sources
(the termbases' licence is not cleared).

Foreign words are compared in a normal form (``foreign_key``): lower case, reduced to their Snowball stem
where tantivy has a stemmer for the language, accents removed; so "Exigences" finds what "exigence" finds.
Japanese is written without spaces: the build cuts titles into words with janome, and a title is cut here
into the fewest words the table knows (characters it does not know are left out). English equivalents are
stored as ``lexicon.english_key`` writes them: lower case, singular.

How far it carries (``bench/bench_title_words.py``, on titles held out of the build): French, Spanish and
Japanese titles keep most of their words (F1 against the real English title's words about 0.8, 0.77 and
0.65). Russian and German have only termbase terms of electrotechnical and geographic-information vocabulary,
so common title words ("Безопасность", "Prüfverfahren") are often unknown: their titles give fewer words.
Chinese is not here: ``lexicon.Lexicon`` carries it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path

import tantivy

from stdbridge.language.lexicon import ENGLISH_STOP_WORDS
from stdbridge.language.text import read_data_file, unpacked_text
from stdbridge.language.word_tables import fewest_known_pieces, merge_equivalents

__all__ = [
    "FUNCTION_WORDS",
    "JAPANESE_RUN",
    "STEMMERS",
    "TitleWords",
    "foreign_key",
    "foreign_words",
    "is_japanese_script",
]

BUNDLED_NAME = "title_words.tsv.gz"

# Languages whose words tantivy can stem (ISO 639-1 code → tantivy's name of the Snowball stemmer).
STEMMERS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
}
# Languages whose words are not separated by spaces: their titles are cut with the table's own words.
UNSPACED = frozenset({"ja"})
# Languages not written in Latin script: there, a Latin word the table does not know is English or a code.
NON_LATIN_SCRIPT = frozenset({"ar", "be", "bg", "el", "fa", "he", "hi", "ja", "ko", "mk", "ru", "sr", "th", "uk", "zh"})

# Function words: no entry of their own (a phrase may hold them), so that a stem they share with a content word
# ("para" → "par", pair) does not translate them.
FUNCTION_WORDS = {
    lang: frozenset(words.split())
    for lang, words in {
        "fr": "a à au aux avec ce ces cette d dans de des du en et l la le les leur leurs ou par pour que qui sa "
        "se ses son sur un une y",
        "es": "a al con de del e el en la las lo los o para por que se su sus sobre u un una y",
        "de": "am an auf aus bei das dem den der des die ein eine einer eines für im in mit oder und von vom zu zum "
        "zur",
        "ru": "а в во для и или к ко на о об от по при с со",
        "pt": "a ao aos as com da das de do dos e em na nas no nos o os ou para pela pelo por",
        "nl": "de der een en het in met of op te van voor",
        "it": "a al alla alle con da dei del della delle di e gli i il in la le per su un una",
    }.items()
}
_JAPANESE = "\u3005\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
JAPANESE_RUN = re.compile(f"[{_JAPANESE}]+")
# Designations made of digits stay whole (61000-4-2, 17626.2); other words are letters and digits.
_WORD = re.compile(r"\d+(?:[-./]\d+)+|[^\W_]+")
_PIECE = re.compile(rf"(?P<japanese>[{_JAPANESE}]+)|\d+(?:[-./]\d+)+|[^\W_{_JAPANESE}]+")
_ROW = re.compile(r"^([a-z]{2})\t([^\t\n]+)\t([^\t\n]+)$", re.MULTILINE)
_MAX_JAPANESE_WORD = 12


@functools.cache
def _stemmer(lang: str) -> tantivy.TextAnalyzer:
    """Tantivy's Snowball stemmer of ``lang`` over a whole text as one lower-cased word (an analyzer, not a
    query: it stays here, so that the language tables do not load the search index)."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.lowercase())
    return builder.filter(tantivy.Filter.stemmer(STEMMERS[lang])).build()


def _without_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def _word_key(word: str, lang: str) -> str:
    word = word.lower()
    if lang in STEMMERS and not word[:1].isdigit():
        word = "".join(_stemmer(lang).analyze(word)) or word
    return _without_accents(word)


def foreign_words(text: str) -> list[str]:
    """The words of a title in a language written with spaces, as written (NFKC): letters and digits runs,
    with digit designations kept whole.

    >>> foreign_words("Systèmes d'automatisation — Partie 4-2")
    ['Systèmes', 'd', 'automatisation', 'Partie', '4-2']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def foreign_key(text: str, lang: str) -> str:
    """The normal form under which a foreign word or phrase is stored and looked up.

    Words are lower case, stemmed where tantivy has a stemmer for ``lang``, accents removed, separated by
    one space; Japanese is NFKC, lower case, without spaces.

    >>> foreign_key("Exigences générales", "fr")
    'exigent general'
    >>> foreign_key("Системы менеджмента", "ru")
    'систем менеджмент'
    """
    if lang in UNSPACED:
        return "".join(unicodedata.normalize("NFKC", text).lower().split())
    return " ".join(_word_key(word, lang) for word in foreign_words(text))


def is_japanese_script(text: str) -> bool:
    """True when the text is written in kanji and kana only."""
    return JAPANESE_RUN.fullmatch(text) is not None


def _is_code(word: str, lang: str) -> bool:
    """A word that stands for itself in English: a number, or a Latin-script code or word.

    In languages written in Latin script, and in languages not known here, only numbers and capitalised codes
    count (EMC, IEC, CISPR, H2S), because an unknown lower-case word there is a foreign word, not an English one.
    """
    if any(ch.isdigit() for ch in word):
        return True
    if not word.isascii():
        return False
    return lang in NON_LATIN_SCRIPT or (len(word) > 1 and word.isupper())


def _as_written(word: str, equivalents: list[str], lang: str) -> list[str]:
    """The equivalents of a word, the first as the word is written when it is a code that stands for itself."""
    if equivalents[0] == word.lower() and _is_code(word, lang):
        return [word, *equivalents[1:]]
    return equivalents


class TitleWords:
    """English equivalents of foreign title words and phrases, by language, ranked.

    Build one from rows ``(lang, foreign key, english equivalents)``, the key in the form ``foreign_key``
    gives and the equivalents best first, or use ``bundled()``. A TitleWords is read-only once built, so it can
    be shared between threads.
    """

    def __init__(self, rows: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        self._setup([(lang, key, "|".join(english)) for lang, key, english in rows if english])

    def _setup(self, rows: Iterable[tuple[str, str, str]]) -> None:
        by_lang: dict[str, list[tuple[str, str]]] = {}
        for lang, key, equivalents in rows:
            by_lang.setdefault(lang, []).append((key, equivalents))
        tables = {lang: merge_equivalents(pairs) for lang, pairs in by_lang.items()}
        self._tables = tables
        # The longest key of each language, in words (in characters for Japanese): the reach of phrase matching.
        self._longest = {
            lang: max((len(key) if lang in UNSPACED else key.count(" ") + 1) for key in table)
            for lang, table in tables.items()
        }

    @classmethod
    def from_tsv(cls, text: str) -> TitleWords:
        """Title words from the text of a file written by ``scripts/build_title_words.py``."""
        title_words = cls.__new__(cls)
        title_words._setup(_ROW.findall(text))
        return title_words

    @classmethod
    def from_file(cls, path: Path | str) -> TitleWords:
        """Title words from a file written by ``scripts/build_title_words.py`` (gzip'd or plain TSV)."""
        return cls.from_tsv(read_data_file(path))

    @classmethod
    def bundled(cls) -> TitleWords:
        """The table shipped with stdbridge, loaded once per process."""
        return _bundled()

    def __len__(self) -> int:
        """The number of foreign words and phrases, all languages together."""
        return sum(len(table) for table in self._tables.values())

    def languages(self) -> list[str]:
        """The languages (ISO 639-1 codes) that have entries, in alphabetical order."""
        return sorted(self._tables)

    def english_for(self, foreign: str, lang: str) -> list[str]:
        """English equivalents of one foreign word or phrase, best first; [] when unknown.

        >>> TitleWords.bundled().english_for("Essais", "fr")[0]
        'test'
        """
        found = self._tables.get(lang, {}).get(foreign_key(foreign, lang))
        return found.split("|") if found else []

    def english_for_text(self, title: str, lang: str) -> list[tuple[str, list[str]]]:
        """The words and phrases of a foreign title, as written, each with its English equivalents.

        Words are read left to right; at each word the longest phrase with an entry wins. A word without
        an entry is given with [] unless it is a number or a code (see ``english_for_title``), which stands
        for itself. A language without entries gives only its numbers and codes.
        """
        if lang in UNSPACED:
            return self._japanese_text(title, lang)
        table = self._tables.get(lang, {})
        function_words = FUNCTION_WORDS.get(lang, frozenset())
        longest = self._longest.get(lang, 1)
        words = foreign_words(title)
        keys = [_word_key(word, lang) for word in words]
        pairs: list[tuple[str, list[str]]] = []
        start = 0
        while start < len(words):
            # A function word can begin a phrase but is no entry alone.
            shortest = start + 2 if words[start].lower() in function_words else start + 1
            end = next(
                (
                    end
                    for end in range(min(len(words), start + longest), shortest - 1, -1)
                    if " ".join(keys[start:end]) in table
                ),
                0,
            )
            if end:
                phrase = " ".join(words[start:end])
                pairs.append((phrase, _as_written(phrase, table[" ".join(keys[start:end])].split("|"), lang)))
                start = end
            else:
                word = words[start]
                pairs.append((word, [word] if _is_code(word, lang) else []))
                start += 1
        return pairs

    def english_for_title(self, title: str, lang: str) -> list[str]:
        """The English words that stand for a foreign title, in title order, each once.

        Each word or phrase of the title gives the words of its best equivalent (English stop words left
        out); unknown words are skipped; numbers and codes stand for themselves, as written ("EMC", "IEC",
        "60335", and in languages not written in Latin script any Latin word).

        >>> TitleWords.bundled().english_for_title("IEC 61850 — Топологический примитив (xyzzy)", "ru")
        ['IEC', '61850', 'topological', 'primitive', 'xyzzy']
        """
        words: dict[str, None] = {}
        for _, equivalents in self.english_for_text(title, lang):
            if equivalents:
                for word in equivalents[0].split():
                    if word not in ENGLISH_STOP_WORDS:
                        words.setdefault(word)
        return list(words)

    def _japanese_text(self, title: str, lang: str) -> list[tuple[str, list[str]]]:
        table = self._tables.get(lang, {})
        pairs: list[tuple[str, list[str]]] = []
        for match in _PIECE.finditer(unicodedata.normalize("NFKC", title)):
            run = match.group("japanese")
            if run is None:
                word = match.group()
                found = table.get(word.lower())
                if found:
                    pairs.append((word, _as_written(word, found.split("|"), lang)))
                else:
                    pairs.append((word, [word] if _is_code(word, lang) else []))
                continue
            for word in _split(run, table, self._longest.get(lang, 1)):
                found = table.get(word)
                pairs.append((word, found.split("|") if found else []))
        return pairs


def _split(run: str, known: dict[str, str], longest: int) -> list[str]:
    """The fewest known words that make up ``run`` (unknown characters stay single); ties go to fewer
    unknown characters, then to the longer first word."""
    return fewest_known_pieces(run, known, min(longest, _MAX_JAPANESE_WORD), lambda piece: piece not in known)


@functools.cache
def _bundled() -> TitleWords:
    data = (files("stdbridge.data") / BUNDLED_NAME).read_bytes()
    return TitleWords.from_tsv(unpacked_text(data))
