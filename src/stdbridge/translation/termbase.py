"""Finding a termbase's terms in a source text (``Termbase``, the ``TermLookup`` of the workbench).

A ``Termbase`` holds concepts in memory, indexed for recognition by language:

- Chinese terms are found by word segmentation: jieba, with every Chinese term of the termbase added to its
  dictionary so that a multi-word term (``电磁兼容性``, ``质量管理体系``) comes out whole; a term is found only at
  word boundaries (``电阻`` is not found inside ``电阻率`` when ``电阻率`` is a word), and a run of several words that
  spells a term is found too;
- English (and the other languages simplemma knows) by lemma: each word is reduced to its lemma (simplemma, MIT),
  so "test specimens" finds "test specimen" and "measuring instruments" finds "measuring instrument"; words are
  compared lower-cased, except abbreviations written in capitals (``EMC``, ``IT``), which must match as written.

Where terms overlap, the longest wins (then the earliest). Each hit carries the whole concept, whose terms in the
target language the translator should use (``preferred_terms``) or avoid (``deprecated_terms``).

Concepts have a scope: the platform's are everyone's, a personal one is its owner's, an organisation's its
members'. ``terms_in(..., user_id=...)`` finds only what that user may see (``visible``).

``Termbase.of_store(store)`` gives the store's termbase, kept in memory and read again when the store's termbase
changed (``Store.termbase_stamp``).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
import warnings
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from stdbridge.language.lexicon import cache_dir
from stdbridge.store.base import Store
from stdbridge.translation.model import Concept, Term, TermHit, TermStatus, UnitScope

__all__ = ["Termbase", "deprecated_terms", "english_words", "note_change", "preferred_terms", "visible"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # a word of a language written with spaces between words
_STATUS_ORDER = {TermStatus.PREFERRED: 0, TermStatus.ADMITTED: 1, TermStatus.DEPRECATED: 2}


def _language(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def _half_width(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _fold(text: str) -> str:
    """Full-width forms to half-width and lower case, character by character, so that offsets stay those of
    ``text``."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    if len(word) > 1 and word.isupper() and word.isascii():
        return word  # an abbreviation: "IT" is not "it"
    lowered = word.lower()
    try:
        return str(simplemma.lemmatize(lowered, lang=lang)).lower()
    except ValueError:  # a language simplemma does not know
        return lowered


def english_words(text: str, lang: str = "en") -> list[tuple[int, int, str]]:
    """The words of a text with their offsets and lemmas: ``(start, end, lemma)``."""
    plain = text if text.isascii() else "".join(_half_width(ch) for ch in text)
    return [(m.start(), m.end(), _lemma(m.group(0), lang)) for m in _WORD.finditer(plain)]


def visible(concept: Concept, user_id: int | None, organisation_ids: Iterable[int] = ()) -> bool:
    """Whether the user may see the concept: the platform's, their own, their organisations'."""
    if concept.scope is UnitScope.PLATFORM:
        return True
    if concept.scope is UnitScope.PERSONAL:
        return user_id is not None and concept.owner_id == user_id
    return concept.owner_id is not None and concept.owner_id in set(organisation_ids)


def preferred_terms(concept: Concept, lang: str) -> list[Term]:
    """The concept's terms in ``lang`` to use: preferred first, then admitted (deprecated ones left out)."""
    found = [t for t in concept.terms if _language(t.lang) == _language(lang) and t.status is not TermStatus.DEPRECATED]
    return sorted(found, key=lambda t: _STATUS_ORDER[t.status])


def deprecated_terms(concept: Concept, lang: str) -> list[Term]:
    """The concept's terms in ``lang`` not to use."""
    return [t for t in concept.terms if _language(t.lang) == _language(lang) and t.status is TermStatus.DEPRECATED]


def _new_tokenizer() -> Any:
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources and has invalid escapes in its source: not ours to fix.
        warnings.simplefilter("ignore")
        import jieba
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    try:
        where = cache_dir()
        where.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(where)
    except OSError:
        pass  # jieba then caches in the system's temporary folder
    tokenizer.initialize()
    return tokenizer


def _drop(index: dict[Any, list[tuple[int, int]]], concept_id: int) -> None:
    for key in [k for k, found in index.items() if any(i == concept_id for i, _p in found)]:
        kept = [(i, p) for i, p in index[key] if i != concept_id]
        if kept:
            index[key] = kept
        else:
            del index[key]


@functools.cache
def _base_tokenizer_lock() -> threading.Lock:
    return threading.Lock()


class Termbase:
    """Concepts held in memory and indexed to find their terms in texts (see the module's docstring).

    ``Termbase(concepts, organisations_of=...)``: ``organisations_of(user_id)`` names the organisations whose
    concepts a user sees (the store's ``organisations_of``, by id); without it users see the platform's concepts
    and their own.
    """

    def __init__(
        self, concepts: Iterable[Concept] = (), *, organisations_of: Callable[[int], Sequence[int]] | None = None
    ) -> None:
        self.concepts: dict[int, Concept] = {}
        self._organisations_of = organisations_of
        # by language: the key of a term (its folded text for Chinese, its lemmas for the others) -> concept ids
        self._chinese: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self._spaced: dict[str, dict[tuple[str, ...], list[tuple[int, int]]]] = {}
        self._longest_chinese = 0
        self._longest_spaced: dict[str, int] = {}
        self._spaced_prefixes: dict[str, set[tuple[str, ...]]] = {}
        self._tokenizer: Any = None
        self._tokenizer_words: list[str] = []
        self._lock = threading.Lock()
        self._next_anonymous = -1
        for concept in concepts:
            self.add(concept)

    @classmethod
    def of_store(cls, store: Store) -> Termbase:
        """The store's termbase, read once and again whenever it changed (one cheap query per call)."""
        return _cached(store)

    @classmethod
    def read(cls, store: Store) -> Termbase:
        """Every concept of the store, read now."""

        def organisations_of(user_id: int) -> list[int]:
            return [o.id for o in store.organisations_of(user_id) if o.id is not None]

        return cls(store.iter_concepts(), organisations_of=organisations_of)

    def __len__(self) -> int:
        return len(self.concepts)

    # building ----------------------------------------------------------------------------------------------
    def add(self, concept: Concept) -> None:
        """Index a concept (one without an id gets a negative one of its own, here only)."""
        if concept.id is None:
            key, self._next_anonymous = self._next_anonymous, self._next_anonymous - 1
        else:
            key = concept.id
            if key in self.concepts:
                self.discard(key)
        self.concepts[key] = concept
        for position, term in enumerate(concept.terms):
            lang = _language(term.lang)
            if lang == "zh":
                text = _fold(term.text).replace(" ", "")
                if not text:
                    continue
                self._chinese.setdefault(lang, {}).setdefault(text, []).append((key, position))
                self._longest_chinese = max(self._longest_chinese, len(text))
                if self._tokenizer is not None:
                    self._add_word(text)
                else:
                    self._tokenizer_words.append(text)
            else:
                lemmas = tuple(lemma for _s, _e, lemma in english_words(term.text, lang))
                if not lemmas:
                    continue
                self._spaced.setdefault(lang, {}).setdefault(lemmas, []).append((key, position))
                self._longest_spaced[lang] = max(self._longest_spaced.get(lang, 0), len(lemmas))
                self._spaced_prefixes.setdefault(lang, set()).update(lemmas[:n] for n in range(1, len(lemmas)))

    def discard(self, concept_id: int) -> None:
        """Forget a concept (its words stay in the segmenter's dictionary, which only keeps terms whole)."""
        if self.concepts.pop(concept_id, None) is None:
            return
        for chinese in self._chinese.values():
            _drop(chinese, concept_id)
        for spaced in self._spaced.values():
            _drop(spaced, concept_id)

    def _add_word(self, word: str) -> None:
        if not self._tokenizer.FREQ.get(word):
            self._tokenizer.add_word(word)

    def _jieba(self) -> Any:
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    with _base_tokenizer_lock():
                        tokenizer = _new_tokenizer()
                    frequencies = tokenizer.FREQ
                    for word in self._tokenizer_words:
                        if not frequencies.get(word):
                            tokenizer.add_word(word)
                    self._tokenizer_words = []
                    self._tokenizer = tokenizer
        return self._tokenizer

    # finding -----------------------------------------------------------------------------------------------
    def terms_in(self, text: str, source_lang: str, target_lang: str, *, user_id: int | None = None) -> list[TermHit]:
        """The concepts whose ``source_lang`` terms occur in ``text``, in order of position, the longest where
        terms overlap (see the module's docstring); ``target_lang`` is for the caller, who reads the concept's
        terms in it (``preferred_terms``, ``deprecated_terms``)."""
        del target_lang  # every hit carries its whole concept
        lang = _language(source_lang)
        organisations = self._organisations(user_id)
        if lang == "zh":
            candidates = self._chinese_candidates(text, user_id, organisations)
        else:
            candidates = self._spaced_candidates(text, lang, user_id, organisations)
        # longest first, then earliest; a candidate overlapping one taken is dropped
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int]] = []
        hits: list[TermHit] = []
        found: set[tuple[int, int, int | None]] = set()
        for start, end, concept, term in candidates:
            if (start, end, concept.id) in found:
                continue  # the concept again, by another of its terms
            if (start, end) not in taken and any(start < t_end and t_start < end for t_start, t_end in taken):
                continue  # inside or across a longer term (two concepts of the same term are both kept)
            taken.append((start, end))
            found.add((start, end, concept.id))
            hits.append(TermHit(start, end, term, concept))
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    def _organisations(self, user_id: int | None) -> Sequence[int]:
        if user_id is None or self._organisations_of is None:
            return ()
        return self._organisations_of(user_id)

    def _visible_terms(
        self, found: list[tuple[int, int]], user_id: int | None, organisations: Sequence[int]
    ) -> list[tuple[Concept, Term]]:
        seen: list[tuple[Concept, Term]] = []
        for concept_id, position in found:
            concept = self.concepts[concept_id]
            if visible(concept, user_id, organisations):
                seen.append((concept, concept.terms[position]))
        return seen

    def _chinese_candidates(
        self, text: str, user_id: int | None, organisations: Sequence[int]
    ) -> list[tuple[int, int, Concept, Term]]:
        index = self._chinese.get("zh")
        if not index:
            return []
        folded = _fold(text)
        tokenizer = self._jieba()
        known = tokenizer.FREQ  # jieba keeps every prefix of its words in it (with frequency 0)
        words = list(tokenizer.tokenize(folded, HMM=False))
        candidates: list[tuple[int, int, Concept, Term]] = []
        for i, (word, start, _end) in enumerate(words):
            if word.isspace():
                continue
            spelled = ""
            for following, _s, end in words[i:]:
                if following.isspace():
                    continue  # a term may be written across a space ("电磁 兼容"), never ends on one
                spelled += following.replace(" ", "")
                if len(spelled) > self._longest_chinese or spelled not in known:
                    break
                found = index.get(spelled)
                if found:
                    best = self._visible_terms(found, user_id, organisations)
                    candidates.extend((start, end, concept, term) for concept, term in best)
        return candidates

    def _spaced_candidates(
        self, text: str, lang: str, user_id: int | None, organisations: Sequence[int]
    ) -> list[tuple[int, int, Concept, Term]]:
        index = self._spaced.get(lang)
        if not index:
            return []
        words = english_words(text, lang)
        longest = self._longest_spaced.get(lang, 0)
        candidates: list[tuple[int, int, Concept, Term]] = []
        prefixes = self._spaced_prefixes.get(lang, set())
        lemmas = [lemma for _s, _e, lemma in words]
        for i, (start, _end, _lemma) in enumerate(words):
            for size in range(1, min(longest, len(words) - i) + 1):
                key = tuple(lemmas[i : i + size])
                found = index.get(key)
                if found:
                    end = words[i + size - 1][1]
                    best = self._visible_terms(found, user_id, organisations)
                    candidates.extend((start, end, concept, term) for concept, term in best)
                if key not in prefixes:
                    break
        return candidates


_CACHE: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int, str], Termbase]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def note_change(store: Store, before: tuple[int, int, str], *, added: Iterable[Concept] = (),
                removed: Iterable[int] = ()) -> None:  # fmt: skip
    """Bring the store's termbase held in memory up to date with a change this process just made, instead of
    reading it all again: when it was read at ``before`` (the stamp just before the change), the concepts
    ``removed`` (ids) are dropped and ``added`` (new or changed) indexed. Another process's change is seen by the
    stamp (``of_store``)."""
    with _CACHE_LOCK:
        held = _CACHE.get(store)
        if held is None or held[0] != before:
            return
        termbase = held[1]
        for concept_id in removed:
            termbase.discard(concept_id)
        for concept in added:
            termbase.add(concept)
        _CACHE[store] = (store.termbase_stamp(), termbase)


def _cached(store: Store) -> Termbase:
    stamp = store.termbase_stamp()
    held = _CACHE.get(store)
    if held is not None and held[0] == stamp:
        return held[1]
    with _CACHE_LOCK:
        held = _CACHE.get(store)
        if held is not None and held[0] == stamp:
            return held[1]
        termbase = Termbase.read(store)
        _CACHE[store] = (stamp, termbase)
        return termbase
