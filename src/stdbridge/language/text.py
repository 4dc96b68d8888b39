"""Normalising and cutting text for search (and, later, translation).

Latin-script words are stemmed by Tantivy's own analyzers (``search.index``), so that a query is cut exactly as
the titles were. Chinese, Japanese and Korean have no spaces: a run of such characters is indexed as its
overlapping two-character pieces (``bigrams``) plus its single characters, which finds any word of the run
without a dictionary; queries are cut into words first (``lexicon.segment``) and each word searched as the
sequence of its bigrams.

>>> cjk_bigrams("质量管理")
['质量', '量管', '管理']
>>> [(r.kind, r.text) for r in runs("GB/T 19001 质量管理体系—要求")]
[('latin', 'GB'), ('latin', 'T'), ('number', '19001'), ('cjk', '质量管理体系'), ('cjk', '要求')]
>>> clean_query("  电磁\\u3000兼容\\x00 ")
'电磁 兼容'
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_QUERY_LENGTH = 200

# Han (with extensions and compatibility ideographs), kana, Hangul: scripts written without spaces.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<number>\d+(?:[.,]\d+)*)|(?P<latin>[^\W\d_]+)")
_HAN_OR_KANA = re.compile(rf"[{_CJK}]")
_SERIES_NUMBER = re.compile(r"(?<![^\W\d_])([A-Za-z])\.(\d+)")
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None}

# Function words that say nothing about a title: never required, still welcome in a phrase.
_STOPWORDS = """
a an and are as at be by for from in into is of on or the to with without
de des du et en la le les l d pour par au aux sur un une
y el los las del para con por
и в во на для по с о об от к
的 和 与 及 或 之 其 等 对 用 中
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one kind of text: ``cjk`` (no spaces), ``latin`` (any alphabet with spaces) or ``number``."""

    kind: str
    text: str
    start: int
    end: int


def clean_query(text: str) -> str:
    """A query as the engine reads it: NFKC (full-width to half-width), no control characters, single spaces,
    at most ``MAX_QUERY_LENGTH`` characters."""
    text = unicodedata.normalize("NFKC", text).translate(_CONTROL)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def runs(text: str) -> list[Run]:
    """The runs of ``text`` in order; punctuation and spaces separate runs and are dropped."""
    found = []
    for m in _RUN.finditer(text):
        kind = m.lastgroup or "latin"
        found.append(Run(kind, m[0], m.start(), m.end()))
    return found


def has_cjk(text: str) -> bool:
    return _HAN_OR_KANA.search(text) is not None


_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def script_language(text: str) -> str | None:
    """The language a text's script gives away: "ja" (kana), "ko" (Hangul), "zh" (Han alone), "ru" (Cyrillic);
    None for Latin letters, which many languages share."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if has_cjk(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return None


def cjk_bigrams(run: str) -> list[str]:
    """The overlapping two-character pieces of a run; a one-character run is itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_index_text(text: str) -> tuple[str, str]:
    """(bigrams, single characters) of every CJK run of ``text``, space-separated, for the two CJK fields.

    Runs are kept apart by a gap token so that a phrase cannot match across punctuation.
    """
    bigrams: list[str] = []
    chars: list[str] = []
    for r in runs(text):
        if r.kind != "cjk":
            continue
        if bigrams:
            bigrams.append("|")
        bigrams.extend(cjk_bigrams(r.text))
        chars.extend(r.text)
    return " ".join(bigrams), " ".join(dict.fromkeys(chars))


def identifier_words(identifier: str) -> str:
    """The text the index cuts into an identifier's letters and numbers (for keyword queries that name a number:
    "61000 immunity", "x.509 certificate"), with a series letter glued to its number as typed "X509":
    ``ITU-T X.509 (10/2019)`` -> ``ITU-T X.509 (10/2019) X509``."""
    glued = _SERIES_NUMBER.findall(identifier) if "." in identifier else ()
    return " ".join([identifier, *(letter + number for letter, number in glued)])


def unpacked_text(data: bytes) -> str:
    """The UTF-8 text of a data file's bytes, gzip'd or not."""
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")


def read_data_file(path: Path | str) -> str:
    """The UTF-8 text of a data file (a lexicon, a table of title words), gzip'd or not."""
    return unpacked_text(Path(path).read_bytes())
