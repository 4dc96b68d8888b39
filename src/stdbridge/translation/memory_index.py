"""The candidate index of the translation memory: which units may be a fuzzy match for a segment, found fast
among a million.

Each unit is indexed twice, as two documents: its source (in its source language, to find its target) and its
target (in its target language, to find its source), so that a zh→en unit also answers an en→zh segment. A
document's grams (``similarity.grams``: words, Chinese character pairs) go to an inverted index in numpy arrays:

- the *base*: every gram's postings (document numbers, ascending) in one array, cut by an offsets array (CSR);
- the *delta*: the postings of the documents added since the base was built, in Python lists; when it grows past
  a tenth of the base (at least 20,000 documents) base and delta are merged into a new base (vectorised: no text
  is read again).

Per document, numpy arrays keep the unit id, the language pair (lang, other lang), the scope and owner (who may
see it) and its number of grams; a deleted or changed unit's documents are marked dead and skipped.

A lookup takes the segment's grams from the rarest on, skipping grams whose postings are too long to be worth
reading (more than ``max(5000, documents / 50)``: "标准", "and") unless too few are left, counts how many grams each
document shares (``numpy.unique``), keeps the documents of the wanted language pair that the user may see, and
ranks them by the Dice coefficient of their grams; the best few are read from the store and scored by
``similarity.score``. The index keeps no text: the store is the truth.

A built index is kept on disk (``save``: one numpy ``.npz``, written to a temporary file and renamed into place)
stamped with the memory's change number it covers and the catalogue it was built from; ``load`` reads it back and
checks every array against the others, raising ``UnusableSnapshot`` for anything it cannot trust (a file cut short,
another catalogue's, another format, arrays that do not fit together).
"""

from __future__ import annotations

import os
import threading
import zipfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from stdbridge.translation.model import TranslationUnit, UnitScope
from stdbridge.translation.similarity import grams

SCOPES = {UnitScope.PLATFORM: 0, UnitScope.ORGANISATION: 1, UnitScope.PERSONAL: 2}
SNAPSHOT_FORMAT = 1  # the layout of a saved index; a file of another is built again
_SEPARATOR = "\x00"  # between the grams (and the language pairs) of a saved index
_COLUMNS = ("unit_id", "pair", "scope", "owner", "length", "alive")
_BUDGET = 400_000  # postings read at most per lookup (beyond the three rarest grams)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document the index found: the unit, whether its target side was matched (a reversed unit), the share
    of grams it has in common with the segment (Dice, 0-1)."""

    unit_id: int
    reversed: bool
    overlap: float


class _Column:
    """A growable numpy array."""

    def __init__(self, dtype: type, fill: int = 0) -> None:
        self.data: npt.NDArray[np.int64] = np.full(1024, fill, dtype=dtype)
        self.fill = fill

    def grow(self, size: int) -> None:
        if size > len(self.data):
            bigger = np.full(max(size, 2 * len(self.data)), self.fill, dtype=self.data.dtype)
            bigger[: len(self.data)] = self.data
            self.data = bigger


class UnusableSnapshot(ValueError):
    """A saved index that cannot be trusted (it is built again from the store)."""


class MemoryIndex:
    """The inverted index of the units' grams (see the module's docstring). Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.vocabulary: dict[str, int] = {}
        self.pairs: dict[tuple[str, str], int] = {}
        self.size = 0  # documents written (dead ones included)
        self.unit_id = _Column(np.int64)
        self.pair = _Column(np.int32, -1)
        self.scope = _Column(np.int8)
        self.owner = _Column(np.int64, -1)
        self.length = _Column(np.int32)
        self.alive = _Column(np.bool_)
        self.documents: dict[int, tuple[int, int]] = {}  # unit id -> its two documents
        self.offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self.postings: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.delta: dict[int, list[int]] = {}
        self.delta_documents = 0
        self.base_documents = 0
        self._pending_terms, self._pending_docs = array("i"), array("i")  # a build's postings, until ``merge``

    def __len__(self) -> int:
        return len(self.documents)

    # writing ---------------------------------------------------------------------------------------
    def add(self, units: Iterable[TranslationUnit], *, merge: bool = True) -> None:
        """Index the units (a unit indexed before is indexed again: its old documents die); ``merge=False`` (a
        build) keeps their postings aside, found by no lookup until ``merge`` folds them into the base."""
        with self._lock:
            batch = list(units)
            if not batch:
                return
            for unit in batch:
                assert unit.id is not None
                self._remove(unit.id)
            first = self.size
            self.size += 2 * len(batch)
            for column in (self.unit_id, self.pair, self.scope, self.owner, self.length, self.alive):
                column.grow(self.size)
            pairs, vocabulary = self.pairs, self.vocabulary
            unit_ids: list[int] = []
            pair_codes: list[int] = []
            lengths: list[int] = []
            terms = array("i")
            docs = array("i")
            number = first
            for unit in batch:
                for text, lang, other in ((unit.source, unit.source_lang, unit.target_lang),
                                          (unit.target, unit.target_lang, unit.source_lang)):  # fmt: skip
                    found = [vocabulary.setdefault(gram, len(vocabulary)) for gram in grams(text)]
                    terms.extend(found)
                    docs.extend([number] * len(found))
                    unit_ids.append(unit.id or 0)
                    pair_codes.append(pairs.setdefault((lang, other), len(pairs)))
                    lengths.append(len(found))
                    number += 1
                self.documents[unit.id or 0] = (number - 2, number - 1)
            span = slice(first, self.size)
            self.unit_id.data[span] = unit_ids
            self.pair.data[span] = pair_codes
            self.scope.data[span] = np.repeat([SCOPES[u.scope] for u in batch], 2)
            self.owner.data[span] = np.repeat([-1 if u.owner_id is None else u.owner_id for u in batch], 2)
            self.length.data[span] = lengths
            self.alive.data[span] = True
            if not merge:
                self._pending_terms.extend(terms)
                self._pending_docs.extend(docs)
                return
            delta = self.delta
            for term, doc in zip(terms, docs, strict=True):
                delta.setdefault(term, []).append(doc)
            self.delta_documents += 2 * len(batch)
            if self.delta_documents > max(20_000, self.base_documents // 10):
                self.merge()

    def remove(self, unit_ids: Iterable[int]) -> None:
        with self._lock:
            for unit_id in unit_ids:
                self._remove(unit_id)

    def _remove(self, unit_id: int) -> None:
        found = self.documents.pop(unit_id, None)
        if found is not None:
            self.alive.data[list(found)] = False

    def merge(self) -> None:
        """Fold the delta into the base, leaving out dead documents."""
        with self._lock:
            terms_base = np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int32), np.diff(self.offsets))
            delta_terms = np.fromiter((t for t, docs in self.delta.items() for _ in docs), dtype=np.int32)
            delta_docs = np.fromiter((d for docs in self.delta.values() for d in docs), dtype=np.int32)
            pending_terms = np.frombuffer(self._pending_terms, dtype=np.int32)
            pending_docs = np.frombuffer(self._pending_docs, dtype=np.int32)
            terms = np.concatenate([terms_base, delta_terms, pending_terms])
            docs = np.concatenate([self.postings, delta_docs, pending_docs])
            keep = self.alive.data[docs]
            terms, docs = terms[keep], docs[keep]
            order = np.lexsort((docs, terms))
            terms, docs = terms[order], docs[order]
            counts = np.bincount(terms, minlength=len(self.vocabulary))
            self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            self.postings = docs.astype(np.int32)
            self.delta = {}
            self._pending_terms, self._pending_docs = array("i"), array("i")
            self.delta_documents = 0
            self.base_documents = len(self.documents) * 2

    # reading ---------------------------------------------------------------------------------------
    def candidates(self, text: str, lang: str, other: str, *, user_id: int | None, organisations: Iterable[int],
                   limit: int = 40) -> list[Candidate]:  # fmt: skip
        """The documents of the ``lang``→``other`` pair the user may see that share the most grams with ``text``."""
        with self._lock:
            pair = self.pairs.get((lang, other))
            query = grams(text)
            if pair is None or not query:
                return []
            lists = []
            for gram in query:
                term = self.vocabulary.get(gram)
                if term is None:
                    continue
                parts = []
                if term < len(self.offsets) - 1:
                    parts.append(self.postings[self.offsets[term] : self.offsets[term + 1]])
                if term in self.delta:
                    parts.append(np.asarray(self.delta[term], dtype=np.int32))
                if parts:  # none: the gram's documents wait for a merge
                    lists.append(parts[0] if len(parts) == 1 else np.concatenate(parts))
            if not lists:
                return []
            lists.sort(key=len)
            cap = max(5000, len(self.documents) * 2 // 50)
            chosen, read = [], 0
            for i, postings in enumerate(lists):
                if i >= 3 and (len(postings) > cap or read + len(postings) > _BUDGET):
                    break
                chosen.append(postings)
                read += len(postings)
            found, shared = np.unique(np.concatenate(chosen), return_counts=True)
            mask = self.alive.data[found] & (self.pair.data[found] == pair)
            scope, owner = self.scope.data[found], self.owner.data[found]
            visible = scope == 0
            orgs = np.fromiter(organisations, dtype=np.int64)
            if len(orgs):
                visible |= (scope == 1) & np.isin(owner, orgs)
            if user_id is not None:
                visible |= (scope == 2) & (owner == user_id)
            mask &= visible
            found, shared = found[mask], shared[mask]
            if not len(found):
                return []
            dice = 2.0 * shared / (len(query) + self.length.data[found])
            if len(found) > limit:
                best = np.argpartition(-dice, limit)[:limit]
                found, dice = found[best], dice[best]
            order = np.argsort(-dice, kind="stable")
            unit_ids, documents = self.unit_id.data[found[order]], found[order]
            return [
                Candidate(int(u), self.documents.get(int(u), (-1, -1))[1] == int(d), float(s))
                for u, d, s in zip(unit_ids, documents, dice[order], strict=True)
            ]

    def sample(self, count: int = 20) -> list[int]:
        """Up to ``count`` unit ids spread over the index, to check it against the store."""
        with self._lock:
            ids = sorted(self.documents)
        return ids[:: max(1, len(ids) // count)][:count]

    def indexed_as(self, unit: TranslationUnit) -> bool:
        """Whether the index holds ``unit`` as it is written: its language pair and the grams of both sides."""
        with self._lock:
            found = self.documents.get(unit.id or 0)
            if found is None:
                return False
            source, target = found
            pairs = (self.pairs.get((unit.source_lang, unit.target_lang)),
                     self.pairs.get((unit.target_lang, unit.source_lang)))  # fmt: skip
            return (
                (int(self.pair.data[source]), int(self.pair.data[target])) == pairs
                and int(self.length.data[source]) == len(grams(unit.source))
                and int(self.length.data[target]) == len(grams(unit.target))
            )

    # on disk ---------------------------------------------------------------------------------------
    def save(self, path: Path, seq: int, location: str) -> bool:
        """Write the index to ``path`` (atomically), stamped with the memory's change number ``seq`` it covers
        and the catalogue ``location``; False when it cannot be written so as to be read back (a gram holding the
        separator), or the folder cannot be written."""
        with self._lock:
            if self.delta or self._pending_terms:
                self.merge()
            vocabulary = _SEPARATOR.join(self.vocabulary)
            pairs = _SEPARATOR.join(f"{lang}\x1f{other}" for lang, other in self.pairs)
            if vocabulary.count(_SEPARATOR) != max(0, len(self.vocabulary) - 1):
                return False
            arrays = {
                "header": np.array([SNAPSHOT_FORMAT, seq, self.size, len(self.vocabulary), len(self.pairs)],
                                   dtype=np.int64),
                "location": np.frombuffer(location.encode(), dtype=np.uint8),
                "vocabulary": np.frombuffer(vocabulary.encode(), dtype=np.uint8),
                "pairs": np.frombuffer(pairs.encode(), dtype=np.uint8),
                "offsets": self.offsets,
                "postings": self.postings,
                **{name: getattr(self, name).data[: self.size] for name in _COLUMNS},
            }  # fmt: skip
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as out:
                np.savez(out, **arrays)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            return False
        return True

    @classmethod
    def load(cls, path: Path, location: str) -> tuple[MemoryIndex, int]:
        """The index saved at ``path`` for the catalogue ``location``, and the change number it covers;
        ``UnusableSnapshot`` when it is missing or cannot be trusted."""
        try:
            with path.open("rb") as file, np.load(file, allow_pickle=False) as saved:
                found = {name: saved[name] for name in saved.files}
        except FileNotFoundError:
            raise UnusableSnapshot(f"{path}: no saved index") from None
        except (OSError, ValueError, EOFError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
            raise UnusableSnapshot(f"{path}: unreadable ({exc})") from exc
        try:
            header = [int(v) for v in found["header"]]
            if len(header) != 5 or header[0] != SNAPSHOT_FORMAT:
                raise UnusableSnapshot(f"{path}: another format")
            _format, seq, size, words, pair_count = header
            if bytes(found["location"]).decode() != location:
                raise UnusableSnapshot(f"{path}: the index of another catalogue")
            vocabulary = bytes(found["vocabulary"]).decode().split(_SEPARATOR) if words else []
            pair_names = (
                [p.split("\x1f") for p in bytes(found["pairs"]).decode().split(_SEPARATOR)] if pair_count else []
            )
            offsets, postings = found["offsets"].astype(np.int64), found["postings"].astype(np.int32)
            columns = {name: found[name] for name in _COLUMNS}
        except (KeyError, ValueError) as exc:
            raise UnusableSnapshot(f"{path}: incomplete ({exc})") from exc
        if (len(vocabulary) != words or len(set(vocabulary)) != words or len(pair_names) != pair_count
                or any(len(p) != 2 for p in pair_names) or size % 2 or seq < 0
                or any(len(c) != size for c in columns.values()) or len(offsets) != words + 1
                or (words and (offsets[0] != 0 or offsets[-1] != len(postings) or np.any(np.diff(offsets) < 0)))
                or (len(postings) and (postings.min() < 0 or postings.max() >= size))
                or (size and (columns["pair"].min() < 0 or columns["pair"].max() >= pair_count))):  # fmt: skip
            raise UnusableSnapshot(f"{path}: its arrays do not fit together")
        index = cls()
        index.vocabulary = {gram: number for number, gram in enumerate(vocabulary)}
        index.pairs = {(lang, other): number for number, (lang, other) in enumerate(pair_names)}
        index.size = size
        for name in _COLUMNS:
            column = getattr(index, name)
            column.grow(size)
            column.data[:size] = columns[name]
        alive = np.flatnonzero(columns["alive"][0::2]) * 2  # a unit's two documents live and die together
        index.documents = dict(zip(columns["unit_id"][alive].tolist(), zip(alive.tolist(), (alive + 1).tolist(),
                                                                              strict=True), strict=True))  # fmt: skip
        index.offsets, index.postings = offsets, postings
        index.base_documents = len(index.documents) * 2
        return index, seq
