"""Suggested counterparts in bulk: the best candidates of many standards among many, scored as ``Suggester`` does.

``Suggester.suggest`` asks the search index once per standard. Comparing two lists of standards, or two whole
bodies, that way would cost one index query per standard (and per direction); ``BulkSuggester`` instead finds
the candidates of all sources at once and then scores them with ``Suggester.score`` itself:

1. **Candidates by title.** A title is the set of its English stems (``Suggester.words_of``: the English title,
   else a Chinese or Japanese one read through the lexicon), written as a vector whose component for stem ``s``
   is ``idf(s)`` (``Suggester.idf``: the rarity of the stem in the whole catalogue), scaled to unit length. The
   dot product of two such vectors is exactly ``Suggester.title_similarity``, the cosine of the title clue.
   The targets' vectors are the rows of one sparse matrix; the sources' vectors are multiplied with it a block
   of rows at a time (SciPy), and each source keeps its ``TITLE_CANDIDATES`` best targets. Stems held by more
   than ``COMMON_SHARE`` of the targets (and by at least ``COMMON_FLOOR`` of them) are left out of this product
   only: they make most of its cost (each pairs every source that has it with every target that has it) and
   single out no candidate; they still count in the score.
2. **Candidates by number.** Targets with the same number and part as the source (a hash join on the compact
   number: JIS Q 9001 and ISO 9001), which the number clue rewards most.
3. **An estimate.** For every candidate pair, the exact title cosine (sparse row products over every stem) and
   the number clue, with the three other clues (ICS, date, committee) computed as ``Suggester.score`` computes
   them, give the pair's score (``estimate_score``); pairs whose estimate is below the threshold are dropped.
4. **The score.** The candidates of each source are scored by ``Suggester.score`` itself, best estimate first,
   until none left could enter the best ``limit`` (branch and bound: a candidate whose estimate is below the
   scores already found is not scored), so a bulk suggestion scores what ``suggest`` gives the same pair, with
   its clues, and a threshold means the same in both. Figures over whole bodies, which show no clues, ask
   ``explain=False`` and take the estimate as the score: the same number, without calling the suggester. Of
   several editions of one candidate work the best-scoring one is kept (the nearest in time on a tie), as
   ``suggest`` does.

As in ``suggest``, a whole published document is never answered by an amendment, corrigendum, draft or project
(unless the source is one), another edition of the source's own work is never a candidate, and a pair of works
that somebody rejected is left out. What the bulk search may miss that the index search finds: a candidate
whose only shared stems are common ones, and candidates below the ``TITLE_CANDIDATES`` best by title.

``SUGGESTION_THRESHOLD`` is the score below which nothing is claimed (see its comment for how it was set).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from stdbridge.counterparts.suggest import (
    WEIGHTS,
    Suggester,
    Suggestion,
    better_edition,
    comparable,
    date_value,
    ics_value,
    number_value,
)
from stdbridge.errors import MissingExtra
from stdbridge.identifiers import compact_key
from stdbridge.models import Standard, Verdict

try:
    import numpy as np
    import scipy.sparse as sparse  # type: ignore[import-untyped]
except ImportError as missing:
    raise MissingExtra("bulk", missing) from None

# Set on the bundled catalogue (bench/bench_compare.py --calibrate prints the evidence), with the best candidate
# among ISO and IEC standards in force: of 60 ITU-T Recommendations that ISO/IEC publish with the same text, 59
# find their twin first and 56 of them score 0.6 or more (most 0.7 to 0.8: the same title, other numbers); JIS
# standards whose best candidate has their number and part mostly score 0.8 to 0.98; of those whose best
# candidate has another number, samples judged by hand were about two-thirds right between 0.6 and 0.65, nine in
# ten between 0.65 and 0.7, nearly all above — and about half between 0.5 and 0.6, where the wrong ones are
# related documents on the same subject (another part, another aspect). Nothing is claimed below 0.6.
SUGGESTION_THRESHOLD = 0.6
TITLE_CANDIDATES = 3  # best targets by title kept per source, before scoring
COMMON_SHARE = 0.02  # stems held by more of the targets than this are not used to find candidates ...
COMMON_FLOOR = 100  # ... provided they are held by at least this many targets
_NUMBER_CANDIDATES = 20  # at most this many targets of one number and part (editions of a work) per source
_BLOCK = 2000  # source rows multiplied at once: bounds the memory of one product
_SLACK = 0.005  # how far an estimate may be from the score (five clues, each rounded to 3 decimals)


@dataclass(frozen=True, slots=True)
class _Number:
    number: str  # compact number
    part: str


@dataclass(slots=True)
class TitleCache:
    """What bulk suggesters over the same standards can share: each title is read once (``Suggester.words_of``),
    each number once."""

    words: dict[int, dict[str, str]] = field(default_factory=dict)
    numbers: dict[int, _Number | None] = field(default_factory=dict)


class BulkSuggester:
    """The best suggested counterparts among a fixed set of targets, for any number of sources."""

    def __init__(self, suggester: Suggester, targets: Iterable[Standard], *, cache: TitleCache | None = None) -> None:
        self.suggester = suggester
        self.targets = list(targets)
        self.cache = TitleCache() if cache is None else cache
        target_stems = [list(self.words_of(t)) for t in self.targets]
        self._vocabulary: dict[str, int] = {}
        for stems in target_stems:
            for stem in stems:
                self._vocabulary.setdefault(stem, len(self._vocabulary))
        self._target_vectors = self._vectors(target_stems)
        held = np.bincount(self._target_vectors.indices, minlength=len(self._vocabulary))
        common = held > max(COMMON_FLOOR, COMMON_SHARE * len(self.targets))
        rare = sparse.diags((~common).astype(np.float64))
        pruned = (self._target_vectors @ rare).tocsr()
        pruned.eliminate_zeros()
        self._finder = pruned.T.tocsr()  # stems x targets
        self._numbers = [self._number_of(t) for t in self.targets]
        self._by_number: dict[_Number, list[int]] = defaultdict(list)
        for j, number in enumerate(self._numbers):
            if number is not None:
                self._by_number[number].append(j)

    def words_of(self, standard: Standard) -> dict[str, str]:
        """``Suggester.words_of`` (the title's stems, each with the word shown for it), read once per standard."""
        if standard.id is None:
            return self.suggester.words_of(standard)
        found = self.cache.words.get(standard.id)
        if found is None:
            found = self.cache.words[standard.id] = self.suggester.words_of(standard)
        return found

    def _number_of(self, standard: Standard) -> _Number | None:
        if standard.id is None:
            return _number_of(standard)
        if standard.id not in self.cache.numbers:
            self.cache.numbers[standard.id] = _number_of(standard)
        return self.cache.numbers[standard.id]

    def _vectors(self, rows: Sequence[list[str]]) -> sparse.csr_matrix:
        """Unit rows of idf weights over the targets' vocabulary; a source's stems that no target has still
        lengthen its vector, as they do in ``title_similarity``."""
        idf = self.suggester.idf  # remembers each stem's weight
        indptr, indices, data = [0], [], []
        for stems in rows:
            row = [idf(s) for s in stems]
            norm = math.sqrt(sum(w * w for w in row)) or 1.0
            for stem, weight in zip(stems, row, strict=True):
                column = self._vocabulary.get(stem)
                if column is not None:
                    indices.append(column)
                    data.append(weight / norm)
            indptr.append(len(indices))
        shape = (len(rows), len(self._vocabulary))
        return sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr), shape)

    def best(
        self,
        sources: Sequence[Standard],
        *,
        threshold: float = SUGGESTION_THRESHOLD,
        limit: int = 1,
        explain: bool = True,
    ) -> list[list[Suggestion]]:
        """For each source, in order, its best suggestions among the targets scoring at least ``threshold``
        (at most ``limit``, one per candidate work, best first). ``explain=False``, for figures over whole
        bodies, skips ``Suggester.score``: each suggestion's score is ``estimate_score`` (the same number, up to
        the last rounding) and it carries no clues."""
        if not sources or not self.targets:
            return [[] for _ in sources]
        source_words = [self.words_of(s) for s in sources]
        source_numbers = [self._number_of(s) for s in sources]
        vectors = self._vectors([list(w) for w in source_words])
        pairs = self._title_candidates(vectors)
        for i, number in enumerate(source_numbers):
            for j in self._by_number.get(number, [])[:_NUMBER_CANDIDATES] if number else ():
                pairs.add((i, j))
        ordered = sorted(pairs)
        rejected = self._rejected_pairs(sources)
        cosines = _row_products(vectors, self._target_vectors, ordered)
        candidates: list[list[tuple[float, int]]] = [[] for _ in sources]
        for (i, j), cosine in zip(ordered, cosines, strict=True):
            source, target = sources[i], self.targets[j]
            if not _comparable(source, target) or (source.work_key, target.work_key) in rejected:
                continue
            committee = self.suggester.committee_value(source, target, source_words[i], self.words_of(target))
            estimate = estimate_score(source, target, cosine, committee)
            if estimate >= threshold - _SLACK:
                candidates[i].append((estimate, j))
        return [
            self._scored(source, source_words[i], candidates[i], threshold, limit, explain)
            for i, source in enumerate(sources)
        ]

    def _scored(
        self, source: Standard, words: dict[str, str], candidates: list[tuple[float, int]], threshold: float,
        limit: int, explain: bool,
    ) -> list[Suggestion]:  # fmt: skip
        """Score the candidates best estimate first, until none left could make the best ``limit``."""
        found: dict[str, Suggestion] = {}
        slack = _SLACK if explain else 0.0
        for estimate, j in sorted(candidates, key=lambda c: (-c[0], c[1])):
            kept = sorted((s.score for s in found.values()), reverse=True)
            if len(kept) >= limit and kept[limit - 1] >= estimate + slack:
                break
            target = self.targets[j]
            if explain:
                suggestion = self.suggester.score(source, target, words, self.words_of(target))
            else:
                suggestion = Suggestion(target, estimate, [], None)
            if suggestion.score < threshold:
                continue
            held = found.get(target.work_key)
            if held is None or better_edition(suggestion, held, source):
                found[target.work_key] = suggestion
        return sorted(found.values(), key=lambda s: (-s.score, s.standard.identifier))[:limit]

    def _title_candidates(self, vectors: sparse.csr_matrix) -> set[tuple[int, int]]:
        pairs: set[tuple[int, int]] = set()
        for start in range(0, vectors.shape[0], _BLOCK):
            product = (vectors[start : start + _BLOCK] @ self._finder).tocsr()
            for row in range(product.shape[0]):
                begin, end = product.indptr[row], product.indptr[row + 1]
                if begin == end:
                    continue
                values = product.data[begin:end]
                columns = product.indices[begin:end]
                if end - begin > TITLE_CANDIDATES:
                    top = np.argpartition(values, -TITLE_CANDIDATES)[-TITLE_CANDIDATES:]
                    columns = columns[top]
                pairs.update((start + row, int(j)) for j in columns)
        return pairs

    def _rejected_pairs(self, sources: Sequence[Standard]) -> set[tuple[str, str]]:
        works = {s.work_key for s in sources}
        rejected = set()
        for d in self.suggester.store.decisions_about(works):
            if d.verdict == Verdict.REJECTED:
                rejected.update({(d.source_work, d.target_work), (d.target_work, d.source_work)})
        return rejected


def estimate_score(source: Standard, candidate: Standard, title: float, committee: float) -> float:
    """What ``Suggester.score`` gives the pair: the title cosine computed in bulk, the committee clue's value
    (``Suggester.committee_value``), the other three clues computed as it computes them, weighted and rounded as
    it does; the two agree but for the last rounding of the cosine (tests/test_compatibility.py checks it, so
    that a change of the clues shows)."""
    ics, _ = ics_value(source, candidate)
    values = {"title": title, "number": number_value(source, candidate), "ics": ics,
              "date": date_value(source, candidate), "committee": committee}  # fmt: skip
    return round(sum(round(value * WEIGHTS[kind], 3) for kind, value in values.items()), 3)  # rounded as it rounds


def _row_products(left: sparse.csr_matrix, right: sparse.csr_matrix, pairs: list[tuple[int, int]]) -> list[float]:
    """The dot product of ``left[i]`` and ``right[j]`` for each pair, in one sparse operation."""
    if not pairs:
        return []
    rows = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    columns = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    products = left[rows].multiply(right[columns])
    return [float(v) for v in np.asarray(products.sum(axis=1)).ravel()]


def _number_of(standard: Standard) -> _Number | None:
    number = compact_key(standard.number)
    if not any(c.isdigit() for c in number):
        return None
    return _Number(number, standard.part or "")


def _comparable(source: Standard, candidate: Standard) -> bool:
    """As ``suggest`` has it (``comparable``), and never another edition of the source's own work."""
    return source.work_key != candidate.work_key and comparable(source, candidate)


__all__ = ["COMMON_SHARE", "SUGGESTION_THRESHOLD", "TITLE_CANDIDATES", "BulkSuggester", "TitleCache", "estimate_score"]
