"""From what a user typed to a Tantivy query: words, their forms in each language, and their translations.

A query is cut into *concepts*, one per word the user typed (a Chinese run is cut into words first). A concept
matches when any of its alternatives does: the word stemmed for each alphabetic title field, the word's
character pairs in the CJK field, its identifier token, and its translations into the other script through the
lexicon (at a lower weight), and for an abbreviation the lexicon knows (EMC, EV, LED ...) its English expansion as
a phrase. The strict query needs every concept that is not a function word; the relaxed one
needs all but one. Two English words that translate as one Chinese term are also matched as that term, an extra,
boosted way to match (``QueryPlan.phrases``).

A query is not matched as a whole phrase in the titles, neither its English words in order nor a Chinese run as
typed: on the judged queries (``bench/relevance.py``) both bonuses ranked worse, favouring the national adoption that
copies a title over the original, and checking the positions of the words in every matching title was a tenth of a
search's p95 at 1.3 M records (the figures are in CHANGELOG.md).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import tantivy

from stdbridge.language.lexicon import Lexicon
from stdbridge.language.text import STOPWORDS, cjk_bigrams, clean_query, runs
from stdbridge.search.index import STEMMED

TRANSLATION_WEIGHT = 0.6  # a match through a translation counts for less than one in the user's own words
CORRECTION_WEIGHT = 0.8  # a match through a spelling correction, likewise
EXPANSION_WEIGHT = 0.9  # a match through the expansion of an abbreviation ("EV": "electric vehicle")
PHRASE_WEIGHT = 2.0
MAX_TRANSLATIONS = 3  # English equivalents tried for a Chinese word
MAX_CHINESE = 5  # Chinese equivalents tried for an English word (shorter, and often several synonyms)
TRANSLATION_SLOP = 3
MAX_PHRASE_WORDS = 6  # the longest English phrase looked up as one Chinese term
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER_DOT_NUMBER = re.compile(r"(?<![\w.])([A-Za-z])\s?\.\s?(\d+)")  # X.509, G.711: one token "x509"


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way a concept can match: these terms, in sequence, in this field."""

    field: str
    terms: tuple[str, ...]
    weight: float = 1.0
    translated: bool = False
    slop: int = 0  # words allowed between each term of a phrase and the next


@dataclass(slots=True)
class Concept:
    text: str
    required: bool
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass(slots=True)
class QueryPlan:
    """What the engine understood of a query."""

    text: str
    concepts: list[Concept]
    phrases: list[Alternative]
    # for highlighting: stems per field, and the CJK strings to mark
    stems: dict[str, set[str]] = field(default_factory=dict)
    cjk_words: set[str] = field(default_factory=set)
    translations: dict[str, list[str]] = field(default_factory=dict)  # word -> its translations, for display
    corrections: dict[str, str] = field(default_factory=dict)  # misspelled word -> the title word meant

    @property
    def required(self) -> list[Concept]:
        return [c for c in self.concepts if c.required]


Corrector = Callable[[str], str | None]


class QueryAnalyzer:
    """Cuts queries with the index's own analyzers and the lexicon."""

    def __init__(self, analyzers: dict[str, tantivy.TextAnalyzer], lexicon: Lexicon) -> None:
        self.analyzers = analyzers
        self.lexicon = lexicon

    def _stem(self, lang: str, text: str) -> list[str]:
        return list(self.analyzers[f"stem_{lang}"].analyze(text))

    def analyze(self, query: str, correct: Corrector | None = None) -> QueryPlan:
        """The plan of ``query``; ``correct`` proposes the title word meant by a word no title uses."""
        text = clean_query(query)
        glued = _LETTER_DOT_NUMBER.sub(lambda m: f" {m[1]}{m[2]} ", text)
        plan = QueryPlan(text, [], [])
        latin_sequence: list[str] = []
        word_concepts: list[Concept | None] = []
        for run in runs(glued):
            if run.kind == "cjk":
                self._add_cjk(plan, run.text)
            elif run.kind == "number":
                plan.concepts.append(Concept(run.text, True, [Alternative("idtok", (run.text,))]))
                latin_sequence.append(run.text)
            else:
                self._add_word(plan, run.text, correct)
                latin_sequence.append(run.text.lower())
                word_concepts.append(plan.concepts[-1])
            if run.kind != "latin":
                word_concepts.append(None)  # a phrase does not run across a number or Chinese
        self._add_latin_pairs(plan, latin_sequence)
        self._add_phrase_translations(plan, word_concepts)
        for concept in plan.concepts:
            concept.alternatives = unshadowed(concept.alternatives)
        return plan

    def _add_word(self, plan: QueryPlan, word: str, correct: Corrector | None) -> None:
        lower = word.lower()
        concept = Concept(word, lower not in STOPWORDS)
        if _is_identifier_token(word):
            concept.alternatives.append(Alternative("idtok", (lower,)))
        langs = ("ru",) if _CYRILLIC.search(word) else ("en", "fr", "es", "de")
        expansions = self.lexicon.expansions(word)
        as_written = False
        for lang in langs:
            for stem in self._stem(lang, word):
                plan.stems.setdefault(lang, set()).add(stem)
                if expansions and stem != lower:  # an abbreviation matches only as itself: "UPS" is no "up"
                    as_written = True
                    continue
                concept.alternatives.append(Alternative(f"{lang}_w", (stem,)))
        if as_written and lower.isascii():  # the English titles' words as written hold it ("... systems (UPS)")
            concept.alternatives.append(Alternative("words_en", (lower,)))
        concept.alternatives.append(Alternative("other", (lower,)))
        for expansion in expansions:  # "EV": "electric vehicle" as well
            stems = self._stem("en", expansion)
            if stems:
                field = "en_w" if len(stems) == 1 else "en"
                concept.alternatives.append(Alternative(field, tuple(stems), EXPANSION_WEIGHT, slop=TRANSLATION_SLOP))
                plan.stems.setdefault("en", set()).update(stems)
        corrected = correct(lower) if correct and concept.required else None
        if corrected:  # "requirments": match "requirements" too, a little lower
            plan.corrections[word] = corrected
            for lang in langs:
                for stem in self._stem(lang, corrected):
                    concept.alternatives.append(Alternative(f"{lang}_w", (stem,), CORRECTION_WEIGHT))
                    plan.stems.setdefault(lang, set()).add(stem)
        if concept.required and not _CYRILLIC.search(word):
            for chinese in self.lexicon.chinese_for(lower)[:MAX_CHINESE]:
                concept.alternatives.append(_cjk_alternative(chinese, TRANSLATION_WEIGHT, translated=True))
                plan.cjk_words.add(chinese)
                plan.translations.setdefault(word, []).append(chinese)
        plan.concepts.append(_dedupe(concept))

    def _add_latin_pairs(self, plan: QueryPlan, words: Sequence[str]) -> None:
        """Two English words that translate as one Chinese term ("quality management" -> 质量管理)."""
        for a, b in itertools.pairwise(words):
            if a in STOPWORDS or b in STOPWORDS or a.isdigit() or b.isdigit():
                continue
            for chinese in self.lexicon.chinese_for(f"{a} {b}")[:1]:
                plan.phrases.append(_cjk_alternative(chinese, TRANSLATION_WEIGHT * PHRASE_WEIGHT, translated=True))
                plan.cjk_words.add(chinese)

    def _add_phrase_translations(self, plan: QueryPlan, concepts: Sequence[Concept | None]) -> None:
        """English words that translate together as one Chinese term ("fugitive emission" -> 无组织排放,
        "volatile organic compounds" -> 挥发性有机物): the term is one more way each of those words matches, so
        that a Chinese title can satisfy words that have no Chinese equivalent one by one. Longest phrase first,
        left to right, as ``Lexicon.chinese_for_text`` reads; stop words neither begin nor end a phrase."""
        start = 0
        while start < len(concepts):
            end = min(len(concepts), start + MAX_PHRASE_WORDS)
            while end > start + 1:
                span = [concept for concept in concepts[start:end] if concept is not None]
                if len(span) == end - start and span[0].required and span[-1].required:
                    phrase = " ".join(concept.text.lower() for concept in span)
                    chinese = self.lexicon.chinese_for(phrase)[:1]
                    if chinese:
                        term = _cjk_alternative(chinese[0], TRANSLATION_WEIGHT, translated=True)
                        for concept in span:
                            concept.alternatives.append(term)
                        plan.cjk_words.add(chinese[0])
                        plan.translations.setdefault(phrase, []).append(chinese[0])
                        break
                end -= 1
            start = end if end > start + 1 else start + 1

    def _add_cjk(self, plan: QueryPlan, run: str) -> None:
        words = [w for w in self.lexicon.segment(run) if w.strip()]
        for word in words:
            concept = Concept(word, word not in STOPWORDS)
            concept.alternatives.append(_cjk_alternative(word))
            plan.cjk_words.add(word)
            if concept.required:
                for english in self.lexicon.english_for(word)[:MAX_TRANSLATIONS]:
                    stems = self._stem("en", english)
                    if self.lexicon.expansions(english) and stems != [english]:
                        continue  # an abbreviation matches only as itself: "isms" is no "ism", "ups" no "up"
                    if stems:
                        # a translated phrase may be split in the title: 家用电器 is "household appliances",
                        # and IEC 60335 says "household and similar electrical appliances"
                        field = "en_w" if len(stems) == 1 else "en"
                        alt = Alternative(field, tuple(stems), TRANSLATION_WEIGHT, True, TRANSLATION_SLOP)
                        concept.alternatives.append(alt)
                        plan.stems.setdefault("en", set()).update(stems)
                        plan.translations.setdefault(word, []).append(english)
            plan.concepts.append(_dedupe(concept))


def _cjk_alternative(word: str, weight: float = 1.0, *, translated: bool = False) -> Alternative:
    if len(word) == 1:
        return Alternative("cjk1", (word,), weight, translated)
    return Alternative("cjk", tuple(cjk_bigrams(word)), weight, translated)


def _is_identifier_token(word: str) -> bool:
    """Words that occur in identifiers: body codes (ISO, GB, JIS), letters with numbers (x509), series letters."""
    return len(word) <= 6 and (word.isupper() or any(c.isdigit() for c in word) or len(word) <= 3)


def _dedupe(concept: Concept) -> Concept:
    seen: dict[tuple[str, tuple[str, ...]], Alternative] = {}
    for alt in concept.alternatives:
        key = (alt.field, alt.terms)
        if key not in seen or seen[key].weight < alt.weight:
            seen[key] = alt
    concept.alternatives = list(seen.values())
    return concept


def alternative_query(schema: tantivy.Schema, alt: Alternative) -> tantivy.Query:
    """A term, or a phrase scaled down by its length: a phrase scores the sum of its terms, so a Chinese word of
    three character pairs (or an English translation of three words) would otherwise count three times as much
    as one English word; scaled, every concept weighs about one term. A phrase read in pairs (``_in_pairs``)
    matches what its pairs match and scores as the whole phrase where that matches too (else nothing)."""
    weight = alt.weight / len(alt.terms)
    if not _in_pairs(alt):
        return _weighted(plain_query(schema, alt), weight)
    matched = tantivy.Query.const_score_query(plain_query(schema, alt), 0.0)
    whole = _weighted(_phrase(schema, alt), weight)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, matched), (tantivy.Occur.Should, whole)])


def _weighted(query: tantivy.Query, weight: float) -> tantivy.Query:
    return query if weight == 1.0 else tantivy.Query.boost_query(query, weight)


def plain_query(schema: tantivy.Schema, alt: Alternative) -> tantivy.Query:
    """An alternative's term, or its phrase, unweighted: what matches it. A phrase of three words or more with
    words allowed between them is matched a pair of neighbours at a time (``_in_pairs``)."""
    if len(alt.terms) == 1:
        return tantivy.Query.term_query(schema, alt.field, alt.terms[0])
    if not _in_pairs(alt):
        return _phrase(schema, alt)
    pairs = [
        tantivy.Query.phrase_query(schema, alt.field, [a, b], slop=alt.slop) for a, b in itertools.pairwise(alt.terms)
    ]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, pair) for pair in pairs])


def _phrase(schema: tantivy.Schema, alt: Alternative) -> tantivy.Query:
    return tantivy.Query.phrase_query(schema, alt.field, list(alt.terms), slop=alt.slop)


def _in_pairs(alt: Alternative) -> bool:
    """Whether a phrase is matched as its pairs of neighbours, each within ``slop`` words of the other: one of three
    words or more with words allowed between them. Tantivy reads such a phrase one way when it ranks (the whole
    phrase within the slop) and another when it only matches (each pair within it), so the facets and the works
    counted records ("static uninterruptible DC and AC power supply systems" for UPS) that the ranking never
    showed. The pairs are read alike both ways: such a record is matched, and ranked after those that hold the
    whole phrase."""
    return alt.slop > 0 and len(alt.terms) > 2


def concept_query(schema: tantivy.Schema, concept: Concept, *, bonus: bool = False) -> tantivy.Query:
    """The best-scoring of a concept's alternatives; as a ``bonus`` (a function word beside required ones), its single
    words only: the phrases that span it are matched through the words around it."""
    alternatives = concept.alternatives
    if bonus:
        alternatives = [alt for alt in alternatives if len(alt.terms) == 1] or alternatives
    subqueries = [alternative_query(schema, alt) for alt in alternatives]
    if len(subqueries) == 1:
        return subqueries[0]
    return tantivy.Query.disjunction_max_query(subqueries, tie_breaker=0.05)


def unshadowed(alternatives: Sequence[Alternative]) -> list[Alternative]:
    """The alternatives of a concept without the phrases whose every record one of its single words in the same
    field already matches (the phrase holds that word): they match nothing more, and reading the positions of
    every candidate of a phrase costs more than the rest of the concept (a translated phrase is an alternative of
    each word it translates). A plan's concepts hold none (``QueryAnalyzer.analyze``): dropped from the ranking
    too, they changed no result of the judged queries (``bench/relevance.py``) and halved the ranking of a long
    English query at 1.3 M records.

    >>> electrical = [Alternative("cjk", ("电气",)), Alternative("cjk", ("电气", "气设", "设备"))]
    >>> [alt.terms for alt in unshadowed([*electrical, Alternative("en", ("electric", "vehicl"))])]
    [('电气',), ('electric', 'vehicl')]
    """
    words = {(alt.field, alt.terms[0]) for alt in alternatives if len(alt.terms) == 1}
    return [alt for alt in alternatives
            if len(alt.terms) == 1 or not any((alt.field, term) in words for term in alt.terms)]  # fmt: skip


def keyword_query(schema: tantivy.Schema, plan: QueryPlan, *, relaxed: bool = False,
                  doc_freq: Callable[[str, str], int] | None = None,
                  num_docs: int = 0) -> tantivy.Query | None:  # fmt: skip
    """The query of a plan: every required concept (all but one when ``relaxed``: ``all_but_one``, read as the
    index's ``doc_freq`` and ``num_docs`` make cheaper), the rest as a bonus."""
    required = plan.required
    if not plan.concepts:
        return None
    occur = tantivy.Occur
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    optional = [c for c in plan.concepts if not c.required] or ([] if required else plan.concepts)
    if required and not relaxed:
        clauses += [(occur.Must, concept_query(schema, c)) for c in required]
    elif required:
        queries = [concept_query(schema, c) for c in required]
        clauses.append((occur.Must, all_but_one(queries, required, doc_freq, num_docs)))
    else:  # only function words: any of them
        group = [(occur.Should, concept_query(schema, c)) for c in optional]
        clauses.append((occur.Must, tantivy.Query.boolean_query(group, minimum_number_should_match=1)))
        optional = []
    bonuses = [concept_query(schema, c, bonus=True) for c in optional]
    if plan.phrases:  # the best phrase counts, once: a title matched in two languages is not more relevant
        bonuses.append(concept_query(schema, Concept("", False, list(plan.phrases))))
    # Each bonus is added to what matched before it, one at a time, rather than all beside the required words: the
    # scores are the same sums, but the engine then looks a bonus up at each match (its words' skip lists) instead
    # of reading every record that has a function word ("for", "with") near each match to unite them first.
    query = tantivy.Query.boolean_query(clauses)
    for bonus in bonuses:
        query = tantivy.Query.boolean_query([(occur.Must, query), (occur.Should, bonus)])
    return query


# A required concept whose alternatives hold at least this many times the records that the branches of its
# distributed form (``match_query``) read is matched one alternative at a time; each term a branch opens costs
# about as much as reading this many records (measured on the benchmark's queries at 1.3 M records: CHANGELOG.md)
_DISTRIBUTED = 2
_OPENING = 1000


def match_query(schema: tantivy.Schema, plan: QueryPlan, *, relaxed: bool = False,
                doc_freq: Callable[[str, str], int] | None = None,
                num_docs: int = 0) -> tantivy.Query | None:  # fmt: skip
    """A query matching exactly the records ``keyword_query(plan, relaxed=relaxed)`` matches, for counting them
    (facets, totals, works) rather than ranking: each concept is the plain union of its alternatives, and the
    clauses that only add to a score (function words beside required ones, the phrases) are left out.
    The engine unites plain alternatives much faster than it takes the best-scoring of them.

    Given the index's ``doc_freq``, a strict query one of whose words is far more common than the others ("Part"
    beside "resistance") is distributed over that word's alternatives: (A and (B1 or B2 ...)) becomes ((A and B1)
    or (A and B2) ...), the same records. The engine unites a concept by reading every record each alternative
    holds, however few the other words leave; a single term beside them is looked up through its skip lists."""
    occur = tantivy.Occur

    def of_concept(concept: Concept) -> tantivy.Query:
        return _union([plain_query(schema, alt) for alt in concept.alternatives])

    if not plan.concepts:
        return None
    required = plan.required
    if required and not relaxed:
        common = _far_more_common(required, doc_freq) if doc_freq is not None else None
        if common is not None:
            concept, alternatives = common
            rest = [(occur.Must, of_concept(c)) for c in required if c is not concept]
            return _union([tantivy.Query.boolean_query([(occur.Must, plain_query(schema, alt)), *rest])
                           for alt in alternatives])  # fmt: skip
        return tantivy.Query.boolean_query([(occur.Must, of_concept(c)) for c in required])
    if required:
        return all_but_one([of_concept(c) for c in required], required, doc_freq, num_docs)
    return _union([of_concept(c) for c in plan.concepts])


def all_but_one(queries: list[tantivy.Query], concepts: Sequence[Concept],
                doc_freq: Callable[[str, str], int] | None, num_docs: int) -> tantivy.Query:  # fmt: skip
    """What matches all of ``queries`` (those of ``concepts``) but one (any of two), scored as the sum of those it
    matches: read together (``all_but_one_together``), or apart when the records the concepts hold by the index's
    ``doc_freq``, of its ``num_docs``, say that reads less (``_apart_reads_less``)."""
    if len(queries) <= 2:
        return _union(queries)
    if doc_freq is None or not _apart_reads_less([concept_records(c, doc_freq) for c in concepts], num_docs):
        return all_but_one_together(queries)
    return all_but_one_apart(queries)


def all_but_one_together(concepts: list[tantivy.Query]) -> tantivy.Query:
    """ "All but one" of ``concepts`` as the engine reads it (``minimum_number_should_match``): it unites every
    record each concept holds."""
    group = [(tantivy.Occur.Should, c) for c in concepts]
    return tantivy.Query.boolean_query(group, minimum_number_should_match=len(concepts) - 1)


def all_but_one_apart(concepts: list[tantivy.Query]) -> tantivy.Query:
    """ "All but one" of ``concepts`` as the union of the conjunctions that each leave one out: each is led by its
    rarest concept and looks the others up only near its records. A record that matches them all is in every
    conjunction, and scores the best of them."""
    each = [
        tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for j, c in enumerate(concepts) if j != left_out])
        for left_out in range(len(concepts))
    ]
    return tantivy.Query.disjunction_max_query(each, tie_breaker=0.0)


_WINDOW = 4096  # the records the engine unites at once (a union's horizon): a lookup near one reads them all
# What reading "all but one" apart costs beside reading it together, in records the union reads (its heap reads a
# record about eight times slower than a conjunction does); each concept a conjunction opens costs ``_OPENING``, and
# uniting the conjunctions a fixed ``_UNITING``: rounded from a fit over 170 relaxed searches at 1.3 M records
# (bench/bench_relaxed.py)
_HEAP_READS = 8
_UNITING = 40_000


def _apart_reads_less(sizes: list[int], num_docs: int) -> bool:
    """Whether the conjunctions that each leave out one concept of ``sizes`` records cost less than the union of
    them all. The union reads every record of every concept. Each conjunction reads its rarest concept, and the
    others in the windows of records (``_WINDOW``) where that one holds any, at an eighth of the cost
    (``_HEAP_READS``); it opens each of its concepts (``_OPENING``), and the conjunctions are united
    (``_UNITING``).

    >>> _apart_reads_less([253, 460, 4403, 753904], 1_300_000)  # "SBR Part H-NMR": "Part" is everywhere
    True
    >>> _apart_reads_less([476, 3929, 9267, 18903, 19449, 46854], 1_300_000)  # common words: each reads them all
    False
    """
    if num_docs <= 0:
        return False
    opened = len(sizes) * (len(sizes) - 1)
    return apart_records(sizes, num_docs) / _HEAP_READS + opened * _OPENING + _UNITING < sum(sizes)


def apart_records(sizes: list[int], num_docs: int) -> float:
    """The records the conjunctions that each leave out one concept of ``sizes`` records read, of ``num_docs``: each
    its rarest concept, and the others in the windows (``_WINDOW``) where that one holds records."""
    read = 0.0
    for left_out in range(len(sizes)):
        rest = sorted(n for j, n in enumerate(sizes) if j != left_out)
        near = 1 - math.exp(-rest[0] * _WINDOW / num_docs)  # the share of windows where the rarest holds records
        read += rest[0] + near * sum(rest[1:])
    return read


def _union(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])  # none: matches nothing


def _far_more_common(required: list[Concept], doc_freq: Callable[[str, str], int]
                     ) -> tuple[Concept, list[Alternative]] | None:  # fmt: skip
    """The required concept worth distributing (``match_query``) and its alternatives that hold any record: the
    one whose alternatives hold the most records, when the branches, each reading the records of the other
    concepts and opening their terms (``_OPENING``), read less than a ``_DISTRIBUTED``-th of them together."""
    if len(required) < 2:
        return None
    held = [[(alt, records_held(alt, doc_freq)) for alt in c.alternatives] for c in required]
    sizes = [sum(n for _, n in alts) for alts in held]
    common = max(range(len(required)), key=sizes.__getitem__)
    alternatives = [alt for alt, n in held[common] if n]
    # a phrase of the other concepts is read again in every branch, each of its terms and their positions
    others = sum(n * len(alt.terms) for i, alts in enumerate(held) if i != common for alt, n in alts)
    opened = sum(len(alt.terms) for i, alts in enumerate(held) if i != common for alt, _ in alts)
    if not alternatives or len(alternatives) * (others + opened * _OPENING) * _DISTRIBUTED > sizes[common]:
        return None
    return required[common], alternatives


def records_held(alt: Alternative, doc_freq: Callable[[str, str], int]) -> int:
    """At most how many records an alternative matches: those its rarest term is held by (none without terms)."""
    return min((doc_freq(alt.field, term) for term in alt.terms), default=0)


def held_only(plan: QueryPlan, doc_freq: Callable[[str, str], int]) -> QueryPlan:
    """The plan without the alternatives and phrases that no record holds (a stem no title of that language has, a
    translation no Chinese title uses): they match nothing and add nothing to a score, but the engine still opens
    each one and unites it with the others in every segment. A concept none of whose alternatives is held keeps
    one, and still matches nothing."""
    concepts = [
        dataclasses.replace(
            c, alternatives=[a for a in c.alternatives if records_held(a, doc_freq)] or c.alternatives[:1]
        )
        for c in plan.concepts
    ]
    phrases = [a for a in plan.phrases if records_held(a, doc_freq)]
    return dataclasses.replace(plan, concepts=concepts, phrases=phrases)


def concept_records(concept: Concept, doc_freq: Callable[[str, str], int]) -> int:
    """At most how many records a concept matches: those its alternatives hold together."""
    return sum(records_held(alt, doc_freq) for alt in concept.alternatives)


def most_matches(plan: QueryPlan, doc_freq: Callable[[str, str], int], *, relaxed: bool = False) -> int:
    """At most how many records ``keyword_query(plan, relaxed=relaxed)`` matches, from the document frequencies
    of its terms alone (no pass over the matches): a concept matches no more records than its alternatives hold
    together (a phrase no more than its rarest term), the strict query no more than its rarest required concept,
    the relaxed one (all but one required) no more than its two rarest together, and words that are all function
    words no more than all of them together."""

    required = sorted(concept_records(c, doc_freq) for c in plan.required)
    if not required:
        return sum(concept_records(c, doc_freq) for c in plan.concepts)
    if relaxed and len(required) >= 2:
        return required[0] + required[1]
    return required[0]


__all__ = [
    "STEMMED", "Alternative", "Concept", "QueryAnalyzer", "QueryPlan", "keyword_query", "match_query", "most_matches",
]  # fmt: skip
