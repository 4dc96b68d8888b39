"""How alike two segments are, as a translator reads a fuzzy match's score, and where they differ.

A text is cut into tokens: each Chinese (or Japanese) character is a token, each run of letters and digits is a
word token, and inline tags (``<g1>``, ``</g1>``, ``<x2/>``), whitespace runs and punctuation marks are tokens of
their own. Texts are compared after Unicode NFKC (full-width ``ＧＢ／Ｔ`` reads as ``GB/T``) and in lower case.

The score (0-100) is the Levenshtein similarity of the word tokens (rapidfuzz): an edit distance counted in
characters for Chinese and in words for English, normalised by the longer text, so "one word of ten changed"
scores 90. Differences that do not change what the text says cost one point each, at most three: tags, punctuation,
whitespace, letter case. Identical texts score 100; any other text at most 99.

The grams an index finds candidates by (``grams``) are the word tokens and the pairs of neighbouring Chinese
characters (a lone character stands for itself).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from stdbridge.translation.model import Difference

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"</?g\d+>|<x\d+/>|[{_CJK}]|[^\W_{_CJK}]+|\s+|.", re.DOTALL)
_IDEOGRAPH = re.compile(rf"[{_CJK}]")
_TAG = re.compile(r"</?g\d+>|<x\d+/>")
_WORD = re.compile(rf"[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+(?:\s+[{_CJK}]+)*")
_SPACES = re.compile(r"\s+")

WORD, CJK, TAG, SPACE, MARK = "word", "cjk", "tag", "space", "mark"


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's tokens (as written), their kinds and their comparison keys (NFKC, lower case)."""

    text: str
    raw: tuple[str, ...]
    kinds: tuple[str, ...]
    keys: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        """The keys of the word and character tokens: what the score counts."""
        return tuple(k for k, kind in zip(self.keys, self.kinds, strict=True) if kind in (WORD, CJK))

    def of_kind(self, kind: str) -> tuple[str, ...]:
        return tuple(k for k, found in zip(self.keys, self.kinds, strict=True) if found == kind)


def _kind(token: str) -> str:
    if _TAG.fullmatch(token):
        return TAG
    if token.isspace():
        return SPACE
    if _IDEOGRAPH.fullmatch(token):
        return CJK
    if token[0].isalnum():
        return WORD
    return MARK


@lru_cache(maxsize=4096)
def tokens(text: str) -> Tokens:
    raw = tuple(TOKEN.findall(text))
    kinds = tuple(_kind(t) for t in raw)
    keys = tuple(
        " " if kind == SPACE else unicodedata.normalize("NFKC", t).lower() for t, kind in zip(raw, kinds, strict=True)
    )
    return Tokens(text, raw, kinds, keys)


def grams(text: str) -> set[str]:
    """The grams of a text for a candidate index: its words (``w`` + word) and its Chinese character pairs."""
    normal = _TAG.sub(" ", unicodedata.normalize("NFKC", text).lower())
    found = {"w" + word for word in _WORD.findall(normal)}
    for run in _CJK_RUN.findall(normal):  # 质量 管理: the pair across a space still counts
        run = _SPACES.sub("", run)
        if len(run) == 1:
            found.add(run)
        else:
            found.update(map(str.__add__, run, run[1:]))
    return found


def score(segment: str, unit: str) -> int:
    """How alike the two texts are (0-100; see the module's docstring)."""
    if segment == unit:
        return 100
    a, b = tokens(segment), tokens(unit)
    words_a, words_b = a.words, b.words
    similarity = Levenshtein.normalized_similarity(words_a, words_b) if words_a or words_b else 1.0
    penalty = 0
    if a.of_kind(TAG) != b.of_kind(TAG):
        penalty += 1
    if a.of_kind(MARK) != b.of_kind(MARK):
        penalty += 1
    if (
        [k for k, kind in zip(a.keys, a.kinds, strict=True) if kind != TAG]
        != [k for k, kind in zip(b.keys, b.kinds, strict=True) if kind != TAG]
        and a.of_kind(MARK) == b.of_kind(MARK)
        and words_a == words_b
    ):
        penalty += 1  # only whitespace (or tags' places) differ
    if words_a == words_b and [r for r, kind in zip(a.raw, a.kinds, strict=True) if kind in (WORD, CJK)] != [
        r for r, kind in zip(b.raw, b.kinds, strict=True) if kind in (WORD, CJK)
    ]:
        penalty += 1  # letter case or full-width letters
    return max(0, min(99, int(similarity * 100 + 1e-9) - min(penalty, 3)))


def differences(segment: str, unit: str) -> tuple[Difference, ...]:
    """The stretches of ``segment`` against ``unit`` (equal, insert, delete, replace), tokens compared by their
    keys, neighbouring stretches of one kind joined; ``insert`` is text the segment has and the unit lacks."""
    a, b = tokens(segment), tokens(unit)
    found: list[Difference] = []
    for op in Levenshtein.opcodes(a.keys, b.keys):
        tag = {"insert": "delete", "delete": "insert"}.get(op.tag, op.tag)  # seen from the segment's side
        left = "".join(a.raw[op.src_start : op.src_end])
        right = "".join(b.raw[op.dest_start : op.dest_end])
        if found and found[-1].op == tag:
            last = found.pop()
            left, right = last.segment_text + left, last.unit_text + right
        found.append(Difference(tag, left, right))
    return tuple(found)
