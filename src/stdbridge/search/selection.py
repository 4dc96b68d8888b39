"""What other parts of stdbridge read from the search index, so that every Tantivy query is built in ``search/``.

``standard_ids``      the standards whose filter fields hold given values (a standards system, its ICS part)
``title_candidates``  the standards whose English titles share enough of some stems (suggested counterparts)
``work_hashes``       the work hash (``index.work_hash``) of given standards, from the fast fields
``word_rarity``       how rare an English title stem is across the catalogue (inverse document frequency)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

import tantivy

from stdbridge.search.index import SearchIndex
from stdbridge.search.query import Alternative, alternative_query

Values = str | Sequence[str]  # one value, or alternatives


def any_term(schema: tantivy.Schema, name: str, values: Values) -> tantivy.Query:
    """Standards whose field ``name`` holds the value, or one of the values."""
    if isinstance(values, str) or len(values) == 1:
        return tantivy.Query.term_query(schema, name, values if isinstance(values, str) else values[0])
    return tantivy.Query.term_set_query(schema, name, list(values))


def _where(schema: tantivy.Schema, where: Mapping[str, Values], excluding: Mapping[str, Values]) -> list[
    tuple[tantivy.Occur, tantivy.Query]
]:  # fmt: skip
    return [(tantivy.Occur.Must, any_term(schema, name, values)) for name, values in where.items()] + [
        (tantivy.Occur.MustNot, any_term(schema, name, values)) for name, values in excluding.items()
    ]


def _sids(searcher: tantivy.Searcher, found: tantivy.SearchResult) -> list[int]:
    return [int(v) for v in searcher.fast_field_values("sid", [address for _, address in found.hits]) if v is not None]


def standard_ids(index: SearchIndex, where: Mapping[str, Values], excluding: Mapping[str, Values] = {}) -> list[int]:
    """The ids of every standard whose fields (``body``, ``country``, ``status``, ``ics`` ...) hold the values of
    ``where`` (one of them, for a list) and none of those of ``excluding``, in ascending order."""
    query = tantivy.Query.boolean_query(_where(index.schema, where, excluding))
    searcher = index.searcher()
    total = int(searcher.search(query, 1, count=True).count)  # type: ignore[attr-defined]  # left out of the stub
    if total == 0:
        return []
    return sorted(set(_sids(searcher, searcher.search(query, total, count=False))))


def title_candidates(
    index: SearchIndex, stems: Sequence[str], *, share: float, where: Mapping[str, Values], limit: int
) -> list[int]:
    """The ids of the ``limit`` standards best matching English title ``stems`` (the first 24), among those
    holding at least ``share`` of them and the values of ``where``; best first."""
    if not stems:
        return []
    schema = index.schema
    words = [(tantivy.Occur.Should, alternative_query(schema, Alternative("en_w", (s,)))) for s in stems[:24]]
    needed = max(1, round(len(words) * share))
    query = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.boolean_query(words, minimum_number_should_match=needed)),
            *_where(schema, where, {}),
        ]
    )
    searcher = index.searcher()
    return _sids(searcher, searcher.search(query, limit, count=False))


def work_hashes(index: SearchIndex, ids: Collection[int]) -> dict[int, int]:
    """The work hash of each of these standards (those the index holds)."""
    if not ids:
        return {}
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_set_query(index.schema, "sid", sorted(ids)), len(ids)).hits
    addresses = [address for _, address in hits]
    sids = searcher.fast_field_values("sid", addresses)
    hashes = searcher.fast_field_values("work", addresses)
    return {int(s): int(h) for s, h in zip(sids, hashes, strict=True) if s is not None and h is not None}


def word_rarity(index: SearchIndex, stem: str) -> float:
    """log(1 + documents / (1 + documents whose English title holds ``stem``))."""
    searcher = index.searcher()
    return math.log(1 + max(searcher.num_docs, 1) / (1 + searcher.doc_freq("en_w", stem)))


__all__ = ["standard_ids", "title_candidates", "word_rarity", "work_hashes"]
