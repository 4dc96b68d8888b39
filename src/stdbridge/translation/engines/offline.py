"""The built-in offline engine: no model, no network. For each text it gives, in this order,

1. the translation memory's exact (or in-context) match, marked ``MEMORY_EXACT`` with its score;
2. its best fuzzy match at or above ``fuzzy_threshold``, marked ``MEMORY_FUZZY`` with its score;
3. else a draft put together from the termbase (the preferred term of each concept found in the text) and the
   lexicon (``Lexicon.english_for_text`` / ``chinese_for_text`` for the rest), marked ``TERMBASE_DRAFT``: word for
   word, a draft for a person to post-edit and never passed off as a translation.

Inline tags (``<g1>``, ``</g1>``, ``<x2/>``), numbers with their units, and standard identifiers are carried over
unchanged, in place; words neither the termbase nor the lexicon knows are kept as written.

>>> from stdbridge.language.lexicon import Lexicon
>>> engine = OfflineEngine(lexicon=Lexicon.bundled())
>>> result = engine.translate(["电磁兼容 试验和测量技术"], "zh", "en")[0]
>>> result.text, result.origin.value
('Electromagnetic compatibility testing and measurement techniques', 'termbase-draft')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stdbridge.language.lexicon import Lexicon
from stdbridge.translation.interfaces import MemoryLookup, TermLookup
from stdbridge.translation.model import EngineResult, TargetOrigin, TermHit, TermStatus

__all__ = ["OfflineEngine", "draft_translation", "target_term"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# What is carried over unchanged: tags; standard identifiers (a body's letters, then a number); numbers with a
# unit symbol; clause numbers; Latin words in a Chinese text.
_KEPT = re.compile(
    r"</?g\d+>|<x\d+/>"
    r"|(?:[A-Z]{2,}(?:/[A-Z]{1,4})?(?:[ \u00a0][A-Z]{2,}(?:/[A-Z]{1,4})?)*[ \u00a0]?[A-Z]?\d[A-Za-z0-9.:/\-–]*)"
    r"|(?<![A-Za-z0-9])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]+(?![A-Za-z0-9])"  # a code: E13B, MP3
    r"|[-−+±]?\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)*"
    r"(?:\s?(?:°C|℃|%|[kMGmµμn]?(?:V|A|W|Hz|Ω|m|g|s|Pa|N|J|F)\b|mm²|m²|min|h\b))?"
)
_ZH_PUNCTUATION = str.maketrans({"，": ",", "。": ".", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(",
                                 "）": ")", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-"})  # fmt: skip
_EN_PUNCTUATION = str.maketrans({",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（",
                                 ")": "）"})  # fmt: skip
_SEPARATOR = re.compile(r"\s*(?:-{1,2}|[–—])\s*")
_NO_SPACE_BEFORE = re.compile(r"\s+([,.;:?!)\]])")
_NO_SPACE_AFTER = re.compile(r"([(\[])\s+")
_TAG_SPACES = re.compile(r"(<g\d+>)\s+|\s+(</g\d+>)")


def target_term(hit: TermHit, target_lang: str) -> str | None:
    """The term a translator should use for a termbase hit: the concept's preferred term in ``target_lang``, else
    an admitted one; None when it has none (deprecated terms are never offered)."""
    wanted = [t for t in hit.concept.terms if t.lang == target_lang and t.status != TermStatus.DEPRECATED]
    wanted.sort(key=lambda t: t.status != TermStatus.PREFERRED)
    return wanted[0].text if wanted else None


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    kept: bool  # carried over as written (tag, number, identifier, term) rather than translated word for word


def draft_translation(
    text: str,
    source_lang: str,
    target_lang: str,
    lexicon: Lexicon,
    hits: Sequence[TermHit] = (),
) -> str:
    """A word-for-word draft of ``text``: termbase terms where ``hits`` found them, lexicon equivalents for the rest,
    tags, numbers, units and identifiers unchanged. Only zh→en and en→zh are drafted; another pair gives the text
    back unchanged."""
    if {source_lang, target_lang} != {"zh", "en"}:
        return text
    pieces: list[_Piece] = []
    at = 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < at:
            continue  # overlapping hits: the first (longest at its place, as the termbase answers) wins
        term = target_term(hit, target_lang)
        if term is None:
            continue
        pieces.extend(_draft_gap(text[at : hit.start], source_lang, lexicon))
        pieces.append(_Piece(term, kept=True))
        at = hit.end
    pieces.extend(_draft_gap(text[at:], source_lang, lexicon))
    return _join(pieces, target_lang)


def _draft_gap(text: str, source_lang: str, lexicon: Lexicon) -> list[_Piece]:
    pieces: list[_Piece] = []
    at = 0
    for m in _KEPT.finditer(text):
        pieces.extend(_words(text[at : m.start()], source_lang, lexicon))
        pieces.append(_Piece(m.group(0), kept=True))
        at = m.end()
    pieces.extend(_words(text[at:], source_lang, lexicon))
    return pieces


def _words(text: str, source_lang: str, lexicon: Lexicon) -> list[_Piece]:
    if not text.strip():
        return [_Piece(" ", kept=True)] if text else []
    if source_lang == "zh":
        pieces: list[_Piece] = []
        for run in re.split(f"([{_HAN}]+)", text):
            if not run:
                continue
            if re.match(f"[{_HAN}]", run):
                for word, english in lexicon.english_for_text(run):
                    pieces.append(_Piece(_first_whole(english) or word, kept=False))
            else:
                pieces.append(_Piece(run.translate(_ZH_PUNCTUATION), kept=True))
        return pieces
    pieces = []
    for run in re.split(r"([A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*)*)", text):
        if not run:
            continue
        if re.match("[A-Za-z]", run):
            at = 0
            for phrase, chinese in lexicon.chinese_for_text(run):
                # an unknown word stays as written (the lexicon answers it in lower case)
                written = re.compile(r"\s+".join(map(re.escape, phrase.split())), re.IGNORECASE).search(run, at)
                if written is not None:
                    at = written.end()
                as_written = written.group(0) if written is not None else phrase
                equivalent = _first_whole(chinese)
                pieces.append(_Piece(equivalent or as_written, kept=equivalent is None))
        elif _SEPARATOR.fullmatch(run):
            pieces.append(_Piece("—", kept=True))  # a title's " - " (never read as a minus sign by the checks)
        else:
            run = re.sub(r"\s+(?:-{1,2}|[–—])\s+", "—", run)
            pieces.append(_Piece(run.strip().translate(_EN_PUNCTUATION) or "", kept=True))
    return pieces


def _first_whole(equivalents: list[str]) -> str | None:
    """The first equivalent that is a whole word (the dictionary's "...线密度" is a pattern, not a word)."""
    return next((e for e in equivalents if "..." not in e and "…" not in e), None)


def _join(pieces: list[_Piece], target_lang: str) -> str:
    if target_lang == "en":
        joined = " ".join(p.text.strip() for p in pieces if p.text.strip())
        joined = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", joined))
        joined = _TAG_SPACES.sub(lambda m: m.group(1) or m.group(2), joined)
        return joined[:1].upper() + joined[1:]
    out = ""
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        # a space only between two Latin pieces ("GB/T 1.1" stays apart from "ISO 9001"), never next to Chinese
        if out and re.match(r"[A-Za-z0-9]", text[0]) and re.search(r"[A-Za-z0-9%]$", out):
            out += " "
        out += text
    return out


class OfflineEngine:
    """Memory matches, then termbase-and-lexicon drafts; ``memory`` and ``terms`` are optional (no memory: drafts
    only), ``lexicon`` defaults to the bundled one."""

    name = "offline"

    def __init__(
        self,
        memory: MemoryLookup | None = None,
        terms: TermLookup | None = None,
        lexicon: Lexicon | None = None,
        *,
        fuzzy_threshold: int = 75,
        user_id: int | None = None,
    ) -> None:
        self.memory = memory
        self.terms = terms
        self.lexicon = lexicon or Lexicon.bundled()
        self.fuzzy_threshold = fuzzy_threshold
        self.user_id = user_id

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        return [self.translate_one(text, source_lang, target_lang) for text in texts]

    def translate_one(self, text: str, source_lang: str, target_lang: str) -> EngineResult:
        if self.memory is not None:
            matches = self.memory.matches(
                text, source_lang, target_lang, user_id=self.user_id, minimum=self.fuzzy_threshold, limit=1
            )
            if matches and matches[0].score >= self.fuzzy_threshold:
                best = matches[0]
                origin = TargetOrigin.MEMORY_EXACT if best.score >= 100 else TargetOrigin.MEMORY_FUZZY
                return EngineResult(best.unit.target, self.name, origin, best.score)
        hits = self.terms.terms_in(text, source_lang, target_lang, user_id=self.user_id) if self.terms else []
        draft = draft_translation(text, source_lang, target_lang, self.lexicon, hits)
        return EngineResult(draft, self.name, TargetOrigin.TERMBASE_DRAFT, None)
