"""Sentence alignment of a Chinese document and its English counterpart (a GB standard and the ISO standard it
adopts identically), so that the pairs can go into the translation memory after a person has checked them.

The alignment is Gale–Church's length-based dynamic programming (beads 1-1, 1-2, 2-1, 1-0, 0-1; the ratio of
English to Chinese characters is measured on the two documents themselves) strengthened by what stdbridge knows
about standards: the clause number a sentence starts with, the numbers and units in it, the standard identifiers
it cites, and the lexicon's Chinese → English words for lexical similarity. Each anchor lowers the cost of a bead
whose two sides agree and raises it where they disagree. Every pair carries a confidence in [0, 1]; pairs below
``REVIEW_BELOW`` are flagged for the person to check.

The dynamic programme is restricted to a band around the diagonal that the two documents' lengths draw, widened
where a clause number found once in each document pairs two sentences far from it (``band_of``): O(n · width)
rather than O(n · m), so that two standards of thousands of sentences align in seconds.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import MEMORY_ALIGN
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.language.lexicon import Lexicon
from stdbridge.runtime import now_iso as now
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

REVIEW_BELOW = 0.5  # pairs with a lower confidence are flagged for checking

# bead (Chinese sentences, English sentences) → its prior probability (Gale & Church 1993, table 5)
BEADS: dict[tuple[int, int], float] = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089}
VARIANCE = 6.8  # Gale & Church's variance of the length difference per character
# The band of the dynamic programme: English sentences either side of the diagonal the lengths draw, plus a share
# of the longer document (a long document drifts further from its diagonal). ``bench/bench_alignment.py`` measures
# what it saves and that the pairs are those of the whole table.
BAND = 50
BAND_SHARE = 0.02

_CLAUSE = re.compile(r"^\s*((?:[A-Z]\.)?\d+(?:\.\d+)*)(?=\s|$|[\u4e00-\u9fff])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_IDENTIFIER = re.compile(r"\b(?:ISO|IEC|GB|ITU|EN|JIS)(?:/[A-Z]+)?\s*(?:/T\s*)?\d+(?:-\d+)*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[。！？；])|(?<=[.!?;])\s+(?=[A-Z0-9(“\"])")
_WORD = re.compile(r"[a-z][a-z\-]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Anchors:
    """Which of stdbridge's anchors strengthen the length-based alignment (all by default)."""

    clauses: bool = True
    numbers: bool = True
    identifiers: bool = True
    lexicon: bool = True


NO_ANCHORS = Anchors(clauses=False, numbers=False, identifiers=False, lexicon=False)


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Chinese and English sentences aligned together (one side may be empty for a 1-0 or 0-1 bead), with the
    positions of those sentences in their documents and a confidence in [0, 1]."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    zh_text: str
    en_text: str
    confidence: float
    flagged: bool = field(default=False)

    def to_json(self) -> dict[str, object]:
        return {
            "zh": list(self.zh),
            "en": list(self.en),
            "zh_text": self.zh_text,
            "en_text": self.en_text,
            "confidence": round(self.confidence, 3),
            "flagged": self.flagged,
        }


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: each non-empty line, cut after a Chinese full stop (。！？；) or an English one
    followed by a space and a capital or digit."""
    sentences: list[str] = []
    for line in text.splitlines():
        for piece in _SENTENCE_END.split(line):
            piece = piece.strip()
            if piece:
                sentences.append(piece)
    return sentences


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _length_cost(zh_chars: int, en_chars: int, ratio: float) -> float:
    """Gale–Church: −log P(match | lengths) for ``zh_chars`` Chinese and ``en_chars`` English characters."""
    mean = (zh_chars + en_chars / ratio) / 2.0
    if mean == 0:
        return 0.0
    delta = (ratio * zh_chars - en_chars) / math.sqrt(ratio * mean * VARIANCE)
    probability = 2.0 * (1.0 - _normal_cdf(abs(delta)))
    return -math.log(max(probability, 1e-12))


class _Features:
    """What the anchors compare, read once per sentence."""

    def __init__(self, text: str, english_words: set[str]) -> None:
        clause = _CLAUSE.match(text)
        self.clause = clause.group(1) if clause else None
        rest = text[clause.end() :] if clause else text
        self.identifiers = {re.sub(r"\s+", "", m.group(0)).upper() for m in _IDENTIFIER.finditer(rest)}
        without_ids = _IDENTIFIER.sub(" ", rest)
        self.numbers = {m.group(0).replace(",", ".") for m in _NUMBER.finditer(without_ids)}
        self.words = english_words


def _english_words(text: str) -> set[str]:
    return {word[:6] for word in _WORD.findall(text.lower())}


def _chinese_words(text: str, lexicon: Lexicon | None) -> set[str]:
    if lexicon is None:
        return set()
    words: set[str] = set()
    for word, equivalents in lexicon.english_for_text(text):
        if _HAN.search(word):
            for equivalent in equivalents[:3]:
                words |= _english_words(equivalent)
    return words


def _agreement(left: frozenset[str], right: frozenset[str]) -> float | None:
    """Dice agreement of two sets, None when both are empty (nothing to say)."""
    if not left and not right:
        return None
    return 2.0 * len(left & right) / (len(left) + len(right))


@dataclass(frozen=True, slots=True)
class _Group:
    """The sentences one side of a bead holds, as the anchors compare them: the first one's clause number, and
    the numbers, identifiers and words of them all."""

    clause: str | None
    numbers: frozenset[str]
    identifiers: frozenset[str]
    words: frozenset[str]


def _groups(features: Sequence[_Features], size: int) -> list[_Group]:
    """Per sentence, the group of ``size`` sentences it begins (those that fit)."""
    found = []
    for start in range(len(features) - size + 1):
        part = features[start : start + size]
        found.append(_Group(part[0].clause, frozenset().union(*(f.numbers for f in part)),
                            frozenset().union(*(f.identifiers for f in part)),
                            frozenset().union(*(f.words for f in part))))  # fmt: skip
    return found


def _anchor_cost(zh: _Group | None, en: _Group | None, anchors: Anchors) -> float:
    """What the anchors add to a bead's cost: negative where the two sides agree, positive where they differ."""
    cost = 0.0
    if anchors.clauses:
        zh_clause = zh.clause if zh else None
        en_clause = en.clause if en else None
        if zh_clause and en_clause:
            cost += -4.0 if zh_clause == en_clause else 8.0
        elif zh_clause or en_clause:
            cost += 2.0
    if zh is None or en is None:
        return cost
    if anchors.numbers:
        agreement = _agreement(zh.numbers, en.numbers)
        if agreement is not None:
            cost += 3.0 - 6.0 * agreement
    if anchors.identifiers:
        agreement = _agreement(zh.identifiers, en.identifiers)
        if agreement is not None:
            cost += 3.0 - 6.0 * agreement
    if anchors.lexicon and zh.words and en.words:
        overlap = len(zh.words & en.words) / min(len(zh.words), len(en.words))
        cost += 2.0 - 6.0 * overlap
    return cost


def band_of(zh_lengths: Sequence[int], en_lengths: Sequence[int], ratio: float, width: int | None,
            anchor_pairs: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:  # fmt: skip
    """Per row ``i`` of the alignment table (0..n Chinese sentences consumed), the columns ``(lo, hi)`` of English
    sentences the dynamic programme looks at: ``width`` either side of the diagonal the lengths draw (where the
    Chinese characters so far, times ``ratio``, meet the English characters so far), widened to take in each
    ``anchor_pairs`` cell (i, j) the anchors say belong together. ``width`` None: the whole table.

    The band is made walkable from (0, 0) to (n, m): its bounds never go back from one row to the next, and a row
    reaches at least where the next begins (a 0-1 bead moves along a row)."""
    n, m = len(zh_lengths), len(en_lengths)
    if width is None:
        return [(0, m)] * (n + 1)
    en_so_far = list(itertools.accumulate(en_lengths, initial=0))
    lows, highs = [], []
    zh_so_far = 0
    for i in range(n + 1):
        centre = min(m, bisect.bisect_left(en_so_far, zh_so_far * ratio)) if i < n else m
        lows.append(max(0, centre - width))
        highs.append(min(m, centre + width))
        zh_so_far += zh_lengths[i] if i < n else 0
    for i, j in anchor_pairs:
        lows[i], highs[i] = min(lows[i], max(0, j - width)), max(highs[i], min(m, j + width))
    lows[0], highs[n] = 0, m
    for i in range(n - 1, -1, -1):  # never back from one row to the next
        lows[i] = min(lows[i], lows[i + 1])
    for i in range(1, n + 1):
        highs[i] = max(highs[i], highs[i - 1])
    for i in range(n):  # a row reaches where the next begins
        highs[i] = max(highs[i], lows[i + 1])
    return list(zip(lows, highs, strict=True))


def _clause_anchors(zh: Sequence[_Features], en: Sequence[_Features]) -> list[tuple[int, int]]:
    """The cells (i, j) where a clause number found once in each document begins Chinese sentence i and English
    sentence j (their beads end in row i + 1, column j + 1; both are taken in)."""
    zh_at: dict[str, list[int]] = {}
    en_at: dict[str, list[int]] = {}
    for at, features in ((zh_at, zh), (en_at, en)):
        for k, f in enumerate(features):
            if f.clause:
                at.setdefault(f.clause, []).append(k)
    cells = []
    for clause, [i, *more] in zh_at.items():
        found = en_at.get(clause)
        if not more and found is not None and len(found) == 1:
            cells += [(i, found[0]), (i + 1, found[0] + 1)]
    return cells


def align(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    lexicon: Lexicon | None = None,
    anchors: Anchors = Anchors(),
    band: int | None = BAND,
) -> list[AlignedPair]:
    """Align Chinese sentences ``zh`` with English sentences ``en`` in document order.

    ``lexicon`` (the bundled one when None and ``anchors.lexicon``) gives the Chinese words' English equivalents.
    The dynamic programme looks only at a band around the diagonal (``band_of``): ``band`` English sentences
    either side of it plus ``BAND_SHARE`` of the longer document, widened where clause numbers anchor a pair;
    ``band`` None looks at the whole table (n × m cells), for comparison.
    """
    if anchors.lexicon and lexicon is None:
        lexicon = Lexicon.bundled()
    zh_lengths = [len(s) for s in zh]
    en_lengths = [len(s) for s in en]
    ratio = (sum(en_lengths) / sum(zh_lengths)) if zh_lengths and sum(zh_lengths) else 1.0
    ratio = ratio or 1.0
    zh_features = [_Features(s, _chinese_words(s, lexicon) if anchors.lexicon else set()) for s in zh]
    en_features = [_Features(s, _english_words(s) if anchors.lexicon else set()) for s in en]
    n, m = len(zh), len(en)
    width = None if band is None else band + int(BAND_SHARE * max(n, m))
    anchored = _clause_anchors(zh_features, en_features) if anchors.clauses and width is not None else []
    rows = band_of(zh_lengths, en_lengths, ratio, width, anchored)
    # each side of a bead (0, 1 or 2 sentences from a position), its characters and its anchors, read once
    zh_groups: dict[int, list[_Group]] = {size: _groups(zh_features, size) for size in (1, 2)}
    en_groups: dict[int, list[_Group]] = {size: _groups(en_features, size) for size in (1, 2)}
    infinity = float("inf")
    # row i holds columns lo..hi of the table: cost[i][j - lo], its last bead and that bead's cost
    cost = [[infinity] * (hi - lo + 1) for lo, hi in rows]
    back: list[list[tuple[int, int] | None]] = [[None] * (hi - lo + 1) for lo, hi in rows]
    bead_cost = [[0.0] * (hi - lo + 1) for lo, hi in rows]
    cost[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = rows[i]
        for j in range(lo, hi + 1):
            here = cost[i][j - lo]
            if here == infinity:
                continue
            for (di, dj), prior in BEADS.items():
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                next_lo, next_hi = rows[ni]
                if not next_lo <= nj <= next_hi:
                    continue
                step = -math.log(prior) + _length_cost(sum(zh_lengths[i:ni]), sum(en_lengths[j:nj]), ratio)
                step += _anchor_cost(zh_groups[di][i] if di else None, en_groups[dj][j] if dj else None, anchors)
                if here + step < cost[ni][nj - next_lo]:
                    cost[ni][nj - next_lo] = here + step
                    back[ni][nj - next_lo] = (di, dj)
                    bead_cost[ni][nj - next_lo] = step
    pairs: list[AlignedPair] = []
    i, j = n, m
    while i or j:
        lo = rows[i][0]
        bead = back[i][j - lo]
        assert bead is not None  # the band is walkable (``band_of``): every cell on the path was reached
        di, dj = bead
        step = bead_cost[i][j - lo]
        confidence = 1.0 / (1.0 + math.exp(step - 2.0)) if di and dj else 0.0
        zh_positions = tuple(range(i - di, i))
        en_positions = tuple(range(j - dj, j))
        pairs.append(
            AlignedPair(
                zh=zh_positions,
                en=en_positions,
                zh_text="".join(zh[k] for k in zh_positions),
                en_text=" ".join(en[k] for k in en_positions),
                confidence=confidence,
                flagged=confidence < REVIEW_BELOW,
            )
        )
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs


def merged(first: AlignedPair, second: AlignedPair) -> AlignedPair:
    """Two adjacent pairs as one (the person's correction of a 2-2 bead the aligner cut in two, or of a 1-0 bead
    whose sentence belongs with its neighbour): each side's texts joined, the lower confidence kept."""
    zh_text = "".join(t for t in (first.zh_text, second.zh_text) if t)
    en_text = " ".join(t for t in (first.en_text, second.en_text) if t)
    confidence = min(first.confidence, second.confidence)
    return AlignedPair(first.zh + second.zh, first.en + second.en, zh_text, en_text, confidence,
                       confidence < REVIEW_BELOW)  # fmt: skip


def _cut(text: str, joiner: str) -> tuple[str, str]:
    """A side's text in two: at its first line break (where the person put one), else after its first sentence."""
    text = text.strip()
    if "\n" in text:
        first, rest = text.split("\n", 1)
        return first.strip(), joiner.join(line.strip() for line in rest.splitlines() if line.strip())
    sentences = split_sentences(text)
    return (sentences[0], joiner.join(sentences[1:])) if sentences else ("", "")


def split_pair(pair: AlignedPair) -> tuple[AlignedPair, AlignedPair]:
    """A pair in two (the person's correction of a bead that joined what belongs apart): each side cut at its
    first line break, else after its first sentence; a side of one sentence stays in the first pair (the second
    then has that side empty, a 1-0 or 0-1 bead). The sentence positions are split the same way."""
    zh_first, zh_rest = _cut(pair.zh_text, "")
    en_first, en_rest = _cut(pair.en_text, " ")
    zh_cut = 1 if zh_rest else len(pair.zh)
    en_cut = 1 if en_rest else len(pair.en)
    return (
        AlignedPair(pair.zh[:zh_cut], pair.en[:en_cut], zh_first, en_first, pair.confidence, pair.flagged),
        AlignedPair(pair.zh[zh_cut:], pair.en[en_cut:], zh_rest, en_rest, pair.confidence, pair.flagged),
    )


def align_texts(
    zh_text: str, en_text: str, *, lexicon: Lexicon | None = None, anchors: Anchors = Anchors()
) -> list[AlignedPair]:
    """Align two documents' plain texts, cut into sentences by ``split_sentences``."""
    return align(split_sentences(zh_text), split_sentences(en_text), lexicon=lexicon, anchors=anchors)


def read_sentences(path: str | os.PathLike[str]) -> list[str]:
    """The sentences of a plain-text or DOCX document (``compare.documents`` reads it; ``UnreadableDocument``
    names the file when it cannot)."""
    from stdbridge.compare.documents import read_document

    return split_sentences(read_document(path).plain_text)


def save_alignment(
    memory: TranslationMemory,
    actor: Actor,
    pairs: Sequence[AlignedPair],
    *,
    scope: UnitScope = UnitScope.PERSONAL,
    reference: str | None = None,
) -> int:
    """Put the confirmed pairs (both sides present) into a memory as ``alignment`` units, with their neighbours
    for in-context matches; how many were new. Into the actor's personal memory needs ``contributor``, into the
    platform's ``editor``; the audit log records it in the same transaction."""
    if scope is UnitScope.PLATFORM:
        require(actor, Role.EDITOR)
        owner = None
    elif scope is UnitScope.PERSONAL:
        require(actor, Role.CONTRIBUTOR)
        if actor.user_id is None:
            raise UsageError(_("only a signed-in user has a personal translation memory"))
        owner = actor.user_id
    else:
        message = _("aligned pairs go into a personal or the platform's memory, not {scope}")
        raise UsageError(message.format(scope=scope.value))
    kept = [p for p in pairs if p.zh_text and p.en_text]
    at = now()
    units = [
        TranslationUnit(
            "zh",
            "en",
            pair.zh_text,
            pair.en_text,
            scope,
            UnitOrigin.ALIGNMENT,
            owner,
            kept[k - 1].zh_text if k else None,
            kept[k + 1].zh_text if k + 1 < len(kept) else None,
            reference,
            actor.user_id,
            at,
        )
        for k, pair in enumerate(kept)
    ]
    store = memory.store
    with store.transaction():
        added = memory.add(units)
        audit.record(store, actor.name, actor.user_id, MEMORY_ALIGN, f"translation memory {scope.value}", None,
                     {"pairs": len(units), "added": added, "reference": reference})  # fmt: skip
    return added
